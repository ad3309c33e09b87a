"""The Windows release, as far as it can be checked here (no Windows runner): the workflow
is valid YAML that runs the tests, builds with pinned packages, measures start-up and
publishes a release on a v* tag; the constraints pin everything pyproject asks for; and the
exe's copyright line reads properly."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "windows-build.yml"
CONSTRAINTS = ROOT / "constraints" / "windows-build.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([A-Za-z0-9_.+-]+)", line)
        assert match, f"not a name==version pin: {line!r}"
        assert _name(match.group(1)) not in out, f"pinned twice: {line}"
        out[_name(match.group(1))] = match.group(2)
    return out


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_the_workflow_runs_on_tags_and_pull_requests(workflow) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare on as true
    assert triggers["push"]["tags"] == ["v*"]
    assert "pull_request" in triggers


def test_the_tests_run_on_windows_before_the_build(workflow) -> None:
    job = workflow["jobs"]["windows"]
    assert job["runs-on"].startswith("windows")
    assert job["env"]["QT_QPA_PLATFORM"] == "offscreen"
    names = [step.get("name", "") for step in job["steps"]]
    test_step = next(i for i, s in enumerate(job["steps"]) if "pytest" in s.get("run", ""))
    build_step = next(i for i, s in enumerate(job["steps"]) if "pyinstaller" in s.get("run", ""))
    assert test_step < build_step, names
    assert "-m pytest" in job["steps"][test_step]["run"]


def test_every_install_is_pinned(workflow) -> None:
    job = workflow["jobs"]["windows"]
    constraint = job["env"]["PIP_CONSTRAINT"]
    assert constraint.endswith("constraints/windows-build.txt") and CONSTRAINTS.is_file()
    for line in runs(job).splitlines():
        if "pip install" in line:
            assert "--upgrade" not in line and "-U " not in line, line
    assert 'pip install -e ".[test]"' in runs(job)


def test_both_zips_and_their_sha256_are_released_on_a_tag(workflow) -> None:
    build = runs(workflow["jobs"]["windows"])
    assert "windows-folder.zip" in build and "windows-exe.zip" in build
    assert "Get-FileHash" in build and ".sha256" in build
    release = workflow["jobs"]["release"]
    assert release["needs"] == "windows"
    assert "refs/tags" in release["if"] or "ref_type == 'tag'" in release["if"]
    assert release["permissions"] == {"contents": "write"}
    assert "sha256sum --check" in runs(release)
    assert "gh release create" in runs(release) and "release/*" in runs(release)


def test_start_up_time_goes_to_the_job_summary(workflow) -> None:
    build = runs(workflow["jobs"]["windows"])
    assert "scripts/measure_startup.py" in build and "GITHUB_STEP_SUMMARY" in build
    for path in re.findall(r"\b(scripts/[\w/]+\.py|build\.spec)\b", build):
        assert (ROOT / path).is_file(), path


def test_the_constraints_pin_every_package_pyproject_asks_for() -> None:
    pinned = pins()
    wanted = [*PYPROJECT["project"]["dependencies"],
              *PYPROJECT["project"]["optional-dependencies"]["test"],
              *PYPROJECT["build-system"]["requires"]]
    for spec in wanted:
        req = Requirement(spec)
        if req.marker is not None and not req.marker.evaluate({"python_version": "3.11"}):
            continue  # the build runs CPython 3.11
        name = _name(req.name)
        assert name in pinned, f"{req.name} is not pinned in {CONSTRAINTS.name}"
        assert req.specifier.contains(pinned[name], prereleases=True), \
            f"{req.name}=={pinned[name]} does not meet pyproject's {req.specifier}"
    # PyInstaller's own Windows-only needs, so nothing unpinned slips in on the runner.
    assert {"pefile", "pywin32-ctypes", "pyinstaller-hooks-contrib", "altgraph"} <= set(pinned)


def _legal_copyright():
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    func = next(node for node in tree.body
                if isinstance(node, ast.FunctionDef) and node.name == "legal_copyright")
    space: dict = {}
    exec(compile(ast.Module(body=[func], type_ignores=[]), "build.spec", "exec"), space)
    return space["legal_copyright"]


@pytest.mark.parametrize(("project", "expected"), [
    ({}, "Copyright \u00a9 2026 Rudheath and Witton Together"),
    ({"license": {"text": "MIT"}}, "Copyright \u00a9 2026 Rudheath and Witton Together. MIT "
                                   "licence."),
    ({"license": "EUPL-1.2"}, "Copyright \u00a9 2026 Rudheath and Witton Together. EUPL-1.2 "
                              "licence."),
])
def test_the_exe_copyright_line(project: dict, expected: str) -> None:
    line = _legal_copyright()(project, "Rudheath and Witton Together", 2026)
    assert line == expected
    assert "  " not in line and not line.endswith(". licence.")
