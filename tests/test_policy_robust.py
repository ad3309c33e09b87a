"""A policy that would check nothing, or that the program would read wrongly, is a load
error naming the file (and the line where there is one); the built-in policy is used
meanwhile in the window and ``rwt-check`` stops with exit 2. Issue 13, items 2, 7 and 9.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from rwt_desktop.core.checker import Checker
from rwt_desktop.core.policy import (
    PolicyError,
    _check_rules_can_run,
    builtin_policy,
    load_policy,
    load_policy_or_builtin,
)

PHONE_POST = "Ring Sam on 07700 900123 tonight, you bloody idiot"


def _refused(folder: Path) -> PolicyError:
    policy, problem = load_policy_or_builtin(folder)
    assert problem is not None, "this policy must not load"
    assert policy is builtin_policy(), "the built-in policy is used meanwhile"
    return problem


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


# ---------------------------------------------------------------------- nothing to check


def test_a_missing_rules_folder_is_an_error(user_copy: Path) -> None:
    shutil.rmtree(user_copy / "rules")
    problem = _refused(user_copy)
    assert problem.file.endswith("rules") and "nothing would be checked" in problem.problem


def test_an_empty_rules_folder_is_an_error(user_copy: Path) -> None:
    shutil.rmtree(user_copy / "rules")
    (user_copy / "rules").mkdir()
    (user_copy / "rules" / "notes.txt").write_text("not rules", encoding="utf-8")
    assert "no rules files" in _refused(user_copy).problem


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32",
                    reason="symbolic links")
def test_a_rules_folder_that_is_a_symlink_loop_is_an_error(user_copy: Path) -> None:
    shutil.rmtree(user_copy / "rules")
    os.symlink("rules", user_copy / "rules")
    assert "nothing would be checked" in _refused(user_copy).problem


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_a_rules_file_that_is_a_symlink_loop_is_an_error(user_copy: Path) -> None:
    os.symlink("loop.toml", user_copy / "rules" / "loop.toml")
    problem = _refused(user_copy)
    assert problem.file.endswith("loop.toml") and "cannot be read" in problem.problem


def test_rules_files_named_in_capitals_are_read(user_copy: Path) -> None:
    for f in (user_copy / "rules").glob("*.toml"):
        f.rename(f.with_suffix(".TOML"))
    policy, problem = load_policy_or_builtin(user_copy)
    assert problem is None
    assert len(policy.rules) == len(builtin_policy().rules)


def test_every_rule_switched_off_is_an_error(user_copy: Path) -> None:
    for f in (user_copy / "rules").glob("*.toml"):
        text = re.sub(r"(?m)^enabled = \w+\n", "", f.read_text(encoding="utf-8"))
        f.write_text(re.sub(r"(?m)^\[\[rule\]\]$", "[[rule]]\nenabled = false", text),
                     encoding="utf-8")
    assert "no rule is switched on" in _refused(user_copy).problem


def test_an_unreadable_rules_folder_is_an_error(user_copy: Path, monkeypatch) -> None:
    real = Path.iterdir

    def denied(self):
        if self.name == "rules":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", denied)
    assert "cannot be read (Permission denied)" in _refused(user_copy).problem


# ---------------------------------------------------------------------- names and types


def test_an_unknown_detector_is_a_load_error_with_its_line(user_copy: Path) -> None:
    path = user_copy / "rules" / "personal_data.toml"
    _edit(path, 'detector = "uk_phone"', 'detector = "uk_fone"')
    problem = _refused(user_copy)
    assert 'no detector called "uk_fone"' in problem.problem
    assert problem.file.endswith("personal_data.toml") and problem.line is not None


def test_a_misspelt_variant_is_a_load_error(user_copy: Path) -> None:
    path = user_copy / "rules" / "personal_data.toml"
    _edit(path, "[rule.variants.public]", "[rule.variants.publik]")
    problem = _refused(user_copy)
    assert 'no variant called "publik"' in problem.problem
    assert problem.line == _line_of(path, 'id = "personal_data.phone"')


def test_a_misspelt_option_is_a_load_error(user_copy: Path) -> None:
    path = user_copy / "rules" / "personal_data.toml"
    _edit(path, "public_prefixes =", "public_prefix =")
    problem = _refused(user_copy)
    assert 'no option called "public_prefix"' in problem.problem


def test_an_option_of_the_wrong_type_is_a_load_error(user_copy: Path) -> None:
    path = user_copy / "rules" / "personal_data.toml"
    _edit(path, "public_prefixes =", "public_prefixes = 3\nold_prefixes =")
    problem = _refused(user_copy)
    assert "personal_data.phone" in problem.problem


def test_enabled_written_as_text_is_a_load_error(user_copy: Path) -> None:
    path = user_copy / "rules" / "personal_data.toml"
    _edit(path, 'id = "personal_data.phone"', 'id = "personal_data.phone"\nenabled = "false"')
    problem = _refused(user_copy)
    assert "enabled should be true or false" in problem.problem
    assert problem.line == _line_of(path, 'id = "personal_data.phone"')


@pytest.mark.parametrize(("filename", "text", "says"), [
    ("rules/shape.toml", '[rule]\nid = "shape.one"\ncategory = "tone"\n', "[[rule]]"),
    ("rules/shape.toml", '# a list of words, not rules\nrule = ["swearing"]\n', "[[rule]]"),
    ("policy.toml", 'channel = "twitter"\n', "[[channel]]"),
    ("policy.toml", 'organisation = "RWT"\n', "[organisation]"),
    ("policy.toml", 'reviewer = ["Heidi"]\n', "[[reviewer]]"),
])
def test_wrong_shapes_are_load_errors_with_the_line(user_copy: Path, filename: str, text: str,
                                                    says: str) -> None:
    path = user_copy / filename
    if path.exists():  # policy.toml: take the real table out of the way, put the wrong one in
        key = says.strip("[]")
        old = path.read_text(encoding="utf-8")
        old = re.sub(rf"(?m)^\[(\[?){key}(\]?)\]", rf"[\g<1>old_{key}\g<2>]", old)
        path.write_text(text + old, encoding="utf-8")
    else:
        path.write_text(text, encoding="utf-8")
    problem = _refused(user_copy)
    assert problem.file.endswith(filename.split("/")[-1])
    key = says.strip("[]")
    wrong = next(line for line in text.splitlines() if key in line and line[0] != "#")
    assert says in problem.problem and problem.line == _line_of(path, wrong)


def test_deep_nesting_is_a_load_error(user_copy: Path) -> None:
    (user_copy / "rules" / "deep.toml").write_text("x = " + "[" * 20000 + "]" * 20000,
                                                   encoding="utf-8")
    problem = _refused(user_copy)
    assert problem.file.endswith("deep.toml") and "nested too deeply" in problem.problem


def test_a_channel_listed_twice_is_a_load_error(user_copy: Path) -> None:
    path = user_copy / "policy.toml"
    _edit(path, 'id = "facebook"', 'id = "twitter"')
    problem = _refused(user_copy)
    assert 'channel "twitter" is listed twice' in problem.problem
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if line.strip() == 'id = "twitter"']
    assert problem.line == lines[1]


def test_no_channels_is_a_load_error(user_copy: Path) -> None:
    path = user_copy / "policy.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[[channel]]", "[[old_channel]]"), encoding="utf-8")
    assert "no channels" in _refused(user_copy).problem


def test_a_byte_order_mark_is_accepted(user_copy: Path) -> None:
    for path in (user_copy / "policy.toml", user_copy / "rules" / "offensive.toml"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    policy, problem = load_policy_or_builtin(user_copy)
    assert problem is None and policy.source == str(user_copy)


# ---------------------------------------------------------------------- sizes, odd files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
@pytest.mark.timeout(20)
def test_a_fifo_among_the_rules_is_refused_without_waiting(user_copy: Path) -> None:
    os.mkfifo(user_copy / "rules" / "pipe.toml")
    problem = _refused(user_copy)
    assert problem.file.endswith("pipe.toml") and "not an ordinary file" in problem.problem


@pytest.mark.skipif(not Path(os.devnull).exists() or sys.platform == "win32",
                    reason="a device file")
@pytest.mark.timeout(20)
def test_a_rules_file_linked_to_a_device_is_refused(user_copy: Path) -> None:
    os.symlink("/dev/zero", user_copy / "rules" / "zero.toml")
    assert "not an ordinary file" in _refused(user_copy).problem


def test_a_huge_rules_file_is_refused_before_it_is_read(user_copy: Path) -> None:
    with open(user_copy / "rules" / "huge.toml", "wb") as f:
        f.truncate(50_000_000)  # sparse: nothing is written
    problem = _refused(user_copy)
    assert problem.file.endswith("huge.toml") and "at most" in problem.problem


# ---------------------------------------------------------------------- the shipped data


def test_the_builtin_policy_passes_every_load_check() -> None:
    _check_rules_can_run(builtin_policy())


def test_every_variant_name_in_the_detectors_is_known() -> None:
    """The table of variant names cannot fall behind the detectors or the shipped data."""
    from rwt_desktop.core.rules.known_names import DETECTOR_VARIANTS

    listed = set().union(*DETECTOR_VARIANTS.values())
    folder = Path(__file__).resolve().parent.parent / "rwt_desktop" / "core" / "rules"
    written = set()
    for source in folder.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        written |= set(re.findall(r'variant\s*=\s*"(\w+)"', text))
    assert written and written <= listed
    for spec in builtin_policy().rules:
        assert set(spec.variants) <= DETECTOR_VARIANTS[spec.detector or "phrases"], spec.id


# ---------------------------------------------------------------------- rwt-check


def test_rwt_check_exits_2_on_a_policy_that_checks_nothing(user_copy: Path) -> None:
    from rwt_desktop.core.cli import main

    shutil.rmtree(user_copy / "rules")
    (user_copy / "rules").mkdir()
    out, err = io.StringIO(), io.StringIO()
    code = main(["--policy", str(user_copy), "-"], stdin=io.BytesIO(PHONE_POST.encode()),
                stdout=out, stderr=err)
    assert code == 2 and out.getvalue() == ""
    assert "nothing was checked" in err.getvalue() and "rules" in err.getvalue()


def test_a_good_copy_still_checks(user_copy: Path) -> None:
    report = Checker(load_policy(user_copy)).check(PHONE_POST)
    assert report.blocked


# ---------------------------------------------------------------------- the window


@pytest.mark.gui
def test_the_window_falls_back_to_the_builtin_policy_with_a_banner(profile_dirs, qtbot,
                                                                   user_copy: Path) -> None:
    from rwt_desktop.gui.dialogs import Banner
    from rwt_desktop.gui.window import MainWindow
    from rwt_desktop.storage.paths import default_dirs
    from rwt_desktop.storage.settings import Settings, SettingsStore

    shutil.rmtree(user_copy / "rules")
    dirs = default_dirs()
    SettingsStore(dirs.config).save(Settings(policy_path=str(user_copy),
                                             grammar_engine="off"))
    w = MainWindow(dirs, synchronous=True, ask_policy_acknowledgement=False)
    qtbot.addWidget(w)
    try:
        text = " ".join(b.label.text() for b in w.findChildren(Banner, "problemBanner"))
        assert "rules" in text and "built-in" in text
        w.composer.setPlainText(PHONE_POST)
        w.check_now()
        assert any(f.category == "personal_data" for f in w.checks.shown)
    finally:
        w.shutdown()


@pytest.mark.gui
def test_a_bad_policy_folder_is_not_saved_as_the_setting(profile_dirs, qtbot,
                                                         user_copy: Path) -> None:
    from dataclasses import replace

    from rwt_desktop.gui.dialogs import Banner
    from rwt_desktop.gui.window import MainWindow
    from rwt_desktop.storage.paths import default_dirs
    from rwt_desktop.storage.settings import Settings, SettingsStore

    dirs = default_dirs()
    SettingsStore(dirs.config).save(Settings(grammar_engine="off"))
    w = MainWindow(dirs, synchronous=True, ask_policy_acknowledgement=False)
    qtbot.addWidget(w)
    try:
        bad = user_copy.parent / "bad-policy"
        shutil.copytree(user_copy, bad)
        _edit(bad / "rules" / "personal_data.toml", 'detector = "uk_phone"',
              'detector = "uk_fone"')
        w.apply_settings(replace(w.settings, policy_path=str(bad), user_name="Sam"))
        saved, _ = SettingsStore(dirs.config).load()
        assert saved.policy_path == "" and saved.user_name == "Sam"
        assert w.policy.source == "resources"
        text = " ".join(b.label.text() for b in w.findChildren(Banner, "problemBanner"))
        assert "uk_fone" in text and "has not changed" in text

        w.apply_settings(replace(w.settings, policy_path=str(user_copy)))
        saved, _ = SettingsStore(dirs.config).load()
        assert saved.policy_path == str(user_copy)
        assert w.policy.source == str(user_copy)
    finally:
        w.shutdown()


def test_an_unforeseen_failure_while_loading_is_still_a_load_error(user_copy: Path) -> None:
    """Whatever goes wrong reading a folder, the caller gets a PolicyError (and the window
    the built-in policy), never an exception that stops the program starting."""
    (user_copy / "rules" / "huge_repeat.toml").write_text(
        '[[rule]]\nid = "x.repeat"\ncategory = "tone"\nseverity = "info"\nclause = "c"\n'
        "message = \"m\"\npatterns = ['a{4294967295}']\nmust_flag = [\"a\"]\n"
        'must_pass = ["b"]\n', encoding="utf-8")
    problem = _refused(user_copy)
    assert "4294967295" in str(problem) or "too large" in str(problem)
