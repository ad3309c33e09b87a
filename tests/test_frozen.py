"""The packaged app: build it with PyInstaller into a temporary folder and run its self-test.

Takes a minute or two (the build is most of it), so it is marked ``slow``; it is skipped,
saying why, when PyInstaller is not installed (``pip install -e ".[dev]"`` installs it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),
    pytest.mark.skipif(find_spec("PyInstaller") is None,
                       reason="PyInstaller is not installed (pip install -e \".[dev]\")"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict, str]:
    """Run scripts/build_app.py once: the dist folder, its JSON report and its output."""
    tmp = tmp_path_factory.mktemp("frozen")
    report = tmp / "report.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_app.py"), "--dist", str(tmp / "dist"),
         "--work", str(tmp / "work"), "--runs", "1", "--report", str(report)],
        cwd=ROOT, capture_output=True, text=True, timeout=850)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    return tmp / "dist", json.loads(report.read_text(encoding="utf-8")), output


def test_frozen_self_test_passes(built) -> None:
    _dist, report, output = built
    onedir = report["onedir"]
    assert onedir["self_test"]["passed"] is True, output[-6000:]
    for step in ("resources", "policy", "checks", "grammar", "images", "window", "profile"):
        assert f"[ok]   {step}: " in output, step
    assert "packaged app at" in output  # it really ran frozen, not from source


def test_frozen_app_shows_its_window(built) -> None:
    _dist, report, _output = built
    timing = report["onedir"]["start_to_window"]
    assert len(timing["runs"]) == 1 and timing["median"] > 0


def test_bundle_layout(built) -> None:
    """Data where importlib.resources looks; nothing we chose to leave out crept back in."""
    dist, report, _output = built
    internal = dist / "RWTPostChecker" / "_internal"
    resources = internal / "rwt_desktop" / "resources"
    assert (resources / "policy.toml").is_file()
    assert (resources / "rules" / "personal_data.toml").is_file()
    assert (resources / "icons" / "rwt-post-checker.png").is_file()
    assert not (resources / "__init__.py").exists()  # the package is compiled into the PYZ
    assert (internal / "vaderSentiment" / "vader_lexicon.txt").is_file()
    assert (internal / "vaderSentiment" / "emoji_utf8_lexicon.txt").is_file()
    names = {p.name for p in internal.rglob("*")}
    assert not any(n.startswith(("libqgtk3", "libQt6Network", "libQt6Qml", "libQt6Quick"))
                   for n in names)
    assert not list(internal.rglob("translations/*.qm"))
    assert report["onedir"]["size_bytes"] > 50_000_000  # a real bundle, not an empty folder


def test_python_modules_in_the_archive(built) -> None:
    """phonenumbers' lazily loaded region data is in; its unused place-name data is not."""
    from PyInstaller.archive.readers import CArchiveReader

    dist, _report, _output = built
    modules = set(CArchiveReader(str(dist / "RWTPostChecker" / "RWTPostChecker"))
                  .open_embedded_archive("PYZ.pyz").toc)
    assert {"phonenumbers.data.region_GB", "rwt_desktop.resources", "rwt_desktop.selftest",
            "rwt_desktop.core.grammar.harper_engine"} <= modules
    assert not any(m.startswith(("phonenumbers.geodata", "phonenumbers.carrierdata"))
                   for m in modules)
