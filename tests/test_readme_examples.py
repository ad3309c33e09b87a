"""Every example command in the README works as written after the quick start.

The quick start's own commands (make a venv, install, run) are what
scripts/fresh_machine_check.sh runs on a fresh copy; here each line of every other ``sh``
block is run by bash exactly as written, in a temporary folder that holds a copy of
docs/examples/ and a ``.venv/bin`` with this installation's commands, offline, with a PATH
that has no ``rwt-check`` on it (so a bare ``rwt-check`` in the README would fail here).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="the README's examples are POSIX shell commands")

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)


def example_commands() -> list[str]:
    commands = []
    for block in BLOCK.findall(README.read_text(encoding="utf-8")):
        if "-m venv" in block:  # the quick start: scripts/fresh_machine_check.sh runs it
            continue
        commands += [line.strip() for line in block.splitlines()
                     if line.strip() and not line.lstrip().startswith("#")]
    return commands


COMMANDS = example_commands()


def test_the_readme_has_rwt_check_examples() -> None:
    assert len(COMMANDS) >= 7
    assert all(".venv/bin/rwt-check" in c for c in COMMANDS), COMMANDS


@pytest.fixture(scope="module")
def after_quick_start(tmp_path_factory) -> Path:
    """A folder as a new user's copy looks after the quick start (for these commands)."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "docs" / "examples", root / "docs" / "examples")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    launcher = bin_dir / "rwt-check"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m rwt_desktop.core.cli "$@"\n',
                        encoding="utf-8")
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR)
    return root


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_example_runs_as_written(command: str, after_quick_start: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = "/usr/bin:/bin"
    env["NO_COLOR"] = "1"
    # Offline: nothing may reach a network (a proxy that does not exist catches any try).
    env["http_proxy"] = env["https_proxy"] = "http://127.0.0.1:9"
    run = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=after_quick_start,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode in (0, 1), (command, run.returncode, run.stderr)
    assert "Traceback" not in run.stderr and "usage:" not in run.stderr, run.stderr
    assert run.stdout.strip(), command
    if "--image-info" in command:
        assert "location (GPS): yes" in run.stdout and "camera:" in run.stdout
    if "07700" in command:
        assert run.returncode == 1 and "personal_data" in run.stdout
    if "--grammar harper" in command:
        assert "[grammar]" in run.stdout  # the example post has two of the volunteers' slips
