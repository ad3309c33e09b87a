"""The channels a post is for when nobody chooses: the same in rwt-check and the window,
from the organisation's data; and the "channels" counters agreeing with the findings."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.cli import main
from rwt_desktop.core.findings import Severity
from rwt_desktop.core.policy import PolicyError, builtin_policy, load_policy
from rwt_desktop.resources_path import resource_path

#: A clean one-line post longer than YouTube's 100-character title.
LONG_LINE = ("Thank you to everyone who came to the litter pick at Witton Park on Saturday, "
             "we filled twenty bags and had a lovely cup of tea afterwards.")


def run(args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def policy_copy(tmp_path: Path, edit) -> Path:
    folder = tmp_path / "policy"
    shutil.copytree(resource_path("policy.toml").parent / "rules", folder / "rules")
    text = resource_path("policy.toml").read_text(encoding="utf-8")
    (folder / "policy.toml").write_text(edit(text), encoding="utf-8")
    return folder


def test_the_builtin_policy_defaults_to_x_and_facebook() -> None:
    assert builtin_policy().default_channels == ("twitter", "facebook")


def test_rwt_check_without_channel_checks_the_default_channels() -> None:
    assert len(LONG_LINE) > 100
    code, out, err = run(["--format", "json", "-"], LONG_LINE.encode())
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data["channels"]) == ["twitter", "facebook"]
    assert not data["blocked"]


def test_rwt_check_still_checks_youtube_when_asked() -> None:
    code, out, _ = run(["--format", "json", "--channel", "youtube", "-"], LONG_LINE.encode())
    data = json.loads(out)
    assert code == 1 and data["blocked"]
    assert data["channels"]["youtube"]["ok"] is False
    assert data["channels"]["youtube"]["title_length"] == len(LONG_LINE)
    code, out, _ = run(["--channel", "youtube", "-"], LONG_LINE.encode())
    assert f"youtube: {len(LONG_LINE)} / 5000 characters, first line (title) " \
           f"{len(LONG_LINE)} / 100" in out


def test_a_policy_that_marks_no_default_means_every_channel(tmp_path: Path) -> None:
    folder = policy_copy(tmp_path, lambda t: t.replace("default = true\n", ""))
    policy = load_policy(folder)
    assert policy.default_channels == tuple(ch.id for ch in policy.channels)
    code, out, _ = run(["--policy", str(folder), "--format", "json", "-"], b"Hello all")
    assert code == 0
    assert list(json.loads(out)["channels"]) == list(policy.default_channels)


def test_the_organisation_can_choose_other_defaults(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        text = text.replace("default = true\n", "")
        return text.replace('id = "linkedin"\n', 'id = "linkedin"\ndefault = true\n')

    folder = policy_copy(tmp_path, edit)
    assert load_policy(folder).default_channels == ("linkedin",)
    code, out, _ = run(["--policy", str(folder), "--format", "json", "-"], b"Hello all")
    assert code == 0
    assert list(json.loads(out)["channels"]) == ["linkedin"]


def test_a_default_that_is_not_true_or_false_is_named(tmp_path: Path) -> None:
    folder = policy_copy(tmp_path,
                         lambda t: t.replace("\ndefault = true", '\ndefault = "yes"', 1))
    with pytest.raises(PolicyError) as err:
        load_policy(folder)
    line = err.value.line
    assert line is not None and "default" in str(err.value)
    lines = (folder / "policy.toml").read_text(encoding="utf-8").splitlines()
    assert lines[line - 1].strip() == "[[channel]]"


@pytest.mark.parametrize("text", [
    LONG_LINE,  # YouTube's title
    "Short post <b>bold</b> for the video",  # YouTube refuses < and >
    "A" * 300,  # X's limit
    " ".join(f"#tag{n}x" for n in range(8)) + " at the park",  # Instagram's hashtags
    "A" * 2500,  # Instagram and LinkedIn
    "Spring bulb planting at the park this Saturday from 10am. All welcome!",
])
def test_channels_ok_agrees_with_the_length_findings(text: str) -> None:
    policy = builtin_policy()
    for ch in policy.channels:
        report = default_checker().check(text, [ch.id])
        blocked = [f for f in report.findings
                   if f.category == "length" and f.severity is Severity.BLOCK]
        data = report.to_dict()["channels"][ch.id]
        assert data["ok"] is (not blocked), (ch.id, text[:30], [f.rule for f in blocked])


@pytest.mark.gui
def test_the_window_ticks_the_same_default_channels(profile_dirs, qtbot) -> None:
    from rwt_desktop.gui.window import MainWindow
    from rwt_desktop.storage.paths import default_dirs

    window = MainWindow(default_dirs(), synchronous=True, ask_policy_acknowledgement=False)
    qtbot.addWidget(window)
    try:
        assert window.settings.channels == []  # a new person has chosen nothing yet
        assert window.channels_panel.chosen() == list(builtin_policy().default_channels)
        window.new_post()
        assert window.channels_panel.chosen() == ["twitter", "facebook"]
    finally:
        window.shutdown()


@pytest.mark.gui
def test_the_settings_dialog_shows_the_default_channels(qtbot) -> None:
    from rwt_desktop.gui.dialogs import SettingsDialog
    from rwt_desktop.storage.settings import Settings

    dialog = SettingsDialog(Settings(), builtin_policy().channels)
    qtbot.addWidget(dialog)
    ticked = [cid for cid, box in dialog.channel_boxes.items() if box.isChecked()]
    assert ticked == ["twitter", "facebook"]
    assert re.search(r"twitter.*facebook", str(dialog.value().channels))
