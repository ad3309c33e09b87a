"""``rwt-desktop --self-test`` from source: it passes here, says what it did, fails loudly when
something is missing, and never touches the person's profile."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest

from rwt_desktop import selftest
from rwt_desktop.selftest import SelfTest, StepFailed, describe_error

STEPS = ["resources", "policy", "checks", "grammar", "images", "window", "profile"]


@pytest.mark.gui
def test_every_step_passes_from_source(qapp, profile_dirs) -> None:
    config, data = profile_dirs
    lines: list[str] = []
    assert SelfTest(lines.append).run(), "\n".join(lines)
    for step in STEPS:
        assert any(line.startswith(f"[ok]   {step}: ") for line in lines), (step, lines)
    assert lines[-1].startswith("self-test passed: 7 steps")
    # What it found is reported, so a reader can tell the checks really ran.
    checks = next(line for line in lines if line.startswith("[ok]   checks:"))
    assert "personal_data" in checks and "links" in checks
    # The person's profile (here the fixture's folders) is untouched, and put back.
    assert list(config.iterdir()) == [] and list(data.iterdir()) == []
    assert os.environ["RWT_CONFIG_DIR"] == str(config)
    assert os.environ["RWT_DATA_DIR"] == str(data)


@pytest.mark.gui
def test_temporary_profile_is_removed_afterwards(qapp, profile_dirs) -> None:
    lines: list[str] = []
    SelfTest(lines.append).run()
    used = Path(next(line for line in lines if "temporary profile:" in line).split(": ", 1)[1])
    assert not used.exists()


class _EmptyResources:
    """A data folder with nothing in it, as a bundle built without its datas would have."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, *parts: str) -> Traversable:
        node = self.root
        for part in parts:
            node = node / part
        return node  # type: ignore[return-value]


def test_missing_data_files_fail_with_their_names(tmp_path, monkeypatch) -> None:
    import rwt_desktop.resources_path as resources_path

    (tmp_path / "rules").mkdir()
    (tmp_path / "policy.txt").write_text("policy", encoding="utf-8")
    monkeypatch.setattr(resources_path, "resource", _EmptyResources(tmp_path))
    lines: list[str] = []
    test = SelfTest(lines.append)
    result = test._run_step("resources", test.step_resources)
    assert not result.ok
    assert lines[0].startswith("[FAIL] resources: data files missing")
    for name in ("policy.toml", "grammar.toml", "icons/rwt-post-checker.png", "rules/*.toml"):
        assert name in result.detail
    assert "policy.txt" not in result.detail.split(":", 1)[1]


def test_a_check_that_finds_nothing_fails_the_step(monkeypatch) -> None:
    """If a bundled dependency stopped working, its category would vanish from the sample."""
    monkeypatch.setitem(selftest.EXPECTED_CATEGORIES, "offensive",
                        "no swearing found (is the word list bundled?)")
    lines: list[str] = []
    test = SelfTest(lines.append)
    result = test._run_step("checks", test.step_checks)
    assert not result.ok
    assert result.detail == "no swearing found (is the word list bundled?)"


def test_an_unexpected_error_fails_with_a_traceback(monkeypatch, profile_dirs) -> None:
    def broken() -> str:
        import rwt_desktop_not_bundled  # type: ignore[import-not-found]  # noqa: F401

        return "unreachable"

    monkeypatch.setattr(SelfTest, "steps", lambda self: [("policy", self.step_policy),
                                                         ("broken", broken)])
    lines: list[str] = []
    assert SelfTest(lines.append).run() is False
    text = "\n".join(lines)
    assert "[ok]   policy:" in text  # one failure does not stop the other steps
    assert ("[FAIL] broken: module 'rwt_desktop_not_bundled' is missing from this copy of "
            "the program") in text
    assert "Traceback (most recent call last)" in text
    assert lines[-1].startswith("self-test FAILED") and "broken" in lines[-1]


@pytest.mark.parametrize(("error", "expected"), [
    (StepFailed("the window did not show"), "the window did not show"),
    (ModuleNotFoundError("No module named 'harper'", name="harper"),
     "module 'harper' is missing from this copy of the program"),
    (FileNotFoundError(2, "No such file", "/app/vader_lexicon.txt"),
     "a file is missing: /app/vader_lexicon.txt"),
    (ValueError("bad"), "ValueError: bad"),
])
def test_describe_error(error: BaseException, expected: str) -> None:
    assert describe_error(error) == expected


@pytest.mark.slow
def test_command_line_exits_0_and_writes_the_log(tmp_path, profile_dirs) -> None:
    log = tmp_path / "self-test.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "rwt_desktop", "--self-test",
                           "--self-test-log", str(log)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test passed" in done.stdout
    assert log.read_text(encoding="utf-8") == done.stdout


def test_command_line_rejects_unknown_arguments(capsys) -> None:
    assert selftest.main(["--self-test", "--bogus"]) == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


# --------------------------------------------------------------------------- no console


@pytest.mark.gui
def test_with_no_console_the_result_shows_in_a_window(qapp, profile_dirs, monkeypatch) -> None:
    """The windowed Windows app has no console (sys.stdout is None): the real self-test runs
    and its result goes to a message window instead of nowhere."""
    shown: list[tuple[bool, list[str]]] = []
    monkeypatch.setattr(selftest, "show_result_window",
                        lambda passed, lines: shown.append((passed, list(lines))))
    monkeypatch.setattr(sys, "stdout", None)
    assert selftest.main(["--self-test"]) == 0
    [(passed, lines)] = shown
    assert passed and lines[-1].startswith("self-test passed")


def test_with_a_console_or_a_log_no_window_opens(tmp_path, monkeypatch, capsys) -> None:
    shown: list[bool] = []
    monkeypatch.setattr(selftest, "show_result_window", lambda passed, lines: shown.append(1))
    monkeypatch.setattr(selftest.SelfTest, "run", lambda self: self.write("[ok]   x") or True)
    assert selftest.main(["--self-test"]) == 0  # a console: printed there
    assert "[ok]   x" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdout", None)
    log = tmp_path / "self-test.txt"
    assert selftest.main(["--self-test", "--self-test-log", str(log)]) == 0  # CI's way
    assert log.read_text(encoding="utf-8") == "[ok]   x\n"
    assert shown == []


@pytest.mark.gui
@pytest.mark.parametrize("passed", [True, False])
def test_the_result_window_says_plainly_what_happened(qapp, passed: bool) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    lines = ["[ok]   resources: <b>12 files</b>",
             "self-test passed: 7 steps" if passed else "self-test FAILED: 1 of 7 steps"]
    box = selftest.result_box(passed, lines)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.icon() == (QMessageBox.Icon.Information if passed else QMessageBox.Icon.Warning)
    assert box.text().endswith(lines[-1])
    assert ("works" in box.text()) is passed
    assert box.detailedText() == "\n".join(lines)
