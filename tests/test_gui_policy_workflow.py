"""The policy's own workflow in the window (issue 8).

First-run acknowledgement of the policy, a second opinion from RWT staff or the Chair,
posting from one's own account, and reading the post aloud at the read-back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from gui_support import BLOCK_WORD, WARN_PHRASE, type_post
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from rwt_desktop.gui import review as review_gui
from rwt_desktop.gui import speech
from rwt_desktop.gui.dialogs import Banner
from rwt_desktop.gui.readback import PostForReadBack, ReadBackDialog

pytestmark = pytest.mark.gui


def _run_zero_timers() -> None:
    """Let single-shot 0 ms timers (the one after the first show) fire; no sleeping."""
    for _ in range(3):
        QApplication.processEvents()


def _ack_dialog(window):
    return window._policy_ack_dialog


def _read_everything_and_confirm(dialog, name: str | None = None) -> None:
    assert not dialog.ack_button.isEnabled()
    assert not dialog.confirm_box.isEnabled()  # nothing to confirm before reading
    while dialog.next_button.isEnabled():
        dialog.next_button.click()
    assert dialog.all_read()
    if name is not None:
        dialog.name_edit.setText(name)
    dialog.confirm_box.setChecked(True)
    assert dialog.ack_button.isEnabled()
    dialog.ack_button.click()


# ============================================================ first-run acknowledgement


def test_policy_acknowledgement_appears_once_is_recorded_and_returns_on_change(
        make_window, qtbot, dirs, test_policy_dir) -> None:
    first = make_window(ask_policy_acknowledgement=True)
    first.show()
    qtbot.waitUntil(lambda: _ack_dialog(first) is not None and _ack_dialog(first).isVisible(),
                    timeout=3000)
    dialog = _ack_dialog(first)
    assert dialog.acknowledge_mode
    assert dialog.name_edit.text() == "Sam Tester"  # prefilled from the settings
    headings = [s.heading for s in dialog.sections]
    assert "Personal use of social media" in headings and "Incidents" in headings
    holders = dialog.holders_label.text()
    for admin in first.policy.admins:
        assert admin.name in holders
    assert "Passwords set must not be changed" in dialog.password_label.text()

    _read_everything_and_confirm(dialog)
    assert not dialog.isVisible()
    rows = [r for r in first.record.list() if r.action == "policy-ack"]
    assert len(rows) == 1
    assert rows[0].who == "Sam Tester"
    assert rows[0].policy_version == first.policy.version
    saved, _ = first.settings_store.load()
    assert saved.policy_acknowledged_version == first.policy.version

    # Once: a new window with the same policy does not ask again.
    second = make_window(ask_policy_acknowledgement=True)
    second.show()
    _run_zero_timers()
    assert _ack_dialog(second) is None
    assert second.check_policy_acknowledged() is None

    # The organisation changes its policy data: everyone is asked again.
    toml = test_policy_dir / "policy.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'name = "Zoe Cadman"', 'name = "Zoe Cadman-Jones"', 1), encoding="utf-8")
    third = make_window(ask_policy_acknowledgement=True)
    assert third.policy.version != first.policy.version
    third.show()
    qtbot.waitUntil(lambda: _ack_dialog(third) is not None, timeout=3000)
    assert "Zoe Cadman-Jones" in _ack_dialog(third).holders_label.text()
    _read_everything_and_confirm(_ack_dialog(third), name="Sam T.")
    versions = [(r.who, r.policy_version) for r in third.record.list()
                if r.action == "policy-ack"]
    assert versions == [("Sam T.", third.policy.version), ("Sam Tester", first.policy.version)]


def test_later_leaves_a_banner_that_reopens_the_policy(make_window, qtbot) -> None:
    w = make_window(ask_policy_acknowledgement=True)
    w.show()
    qtbot.waitUntil(lambda: _ack_dialog(w) is not None, timeout=3000)
    _ack_dialog(w).reject()
    banners = w.findChildren(Banner, "policyAckBanner")
    assert len(banners) == 1 and "not yet confirmed" in banners[0].label.text()
    banners[0].buttons["Read the policy"].click()
    assert _ack_dialog(w) is not None and _ack_dialog(w).acknowledge_mode
    assert [r for r in w.record.list() if r.action == "policy-ack"] == []


def test_policy_view_is_one_click_away_and_read_only_once_acknowledged(window) -> None:
    from dataclasses import replace

    assert window.policy_clauses_action.shortcut().toString() == "Ctrl+Shift+P"
    toolbar = window.findChild(QObject, "policyToolBar")
    assert window.policy_clauses_action in toolbar.actions()
    window.acknowledge_policy("Sam Tester")
    assert window.settings == replace(window.settings,
                                      policy_acknowledged_version=window.policy.version)
    window.policy_clauses_action.trigger()
    dialog = _ack_dialog(window)
    assert dialog is not None and not dialog.acknowledge_mode
    assert "Sam Tester confirmed reading this version" in dialog.findChild(
        QObject, "policyAckIntro").text()
    dialog.show_section(len(dialog.sections) - 1)
    assert "Personal use of social media" in dialog.view.toPlainText()


# ============================================================ a second opinion


def test_review_round_trip(window, tmp_path: Path, qtbot) -> None:
    text = f"It is all {WARN_PHRASE} 🎉 – and that {BLOCK_WORD} next door."
    type_post(window, text)
    assert window.second_opinion_action.isEnabled()  # even though the post is blocked
    opened: list[str] = []
    with mock.patch.object(review_gui.SecondOpinionDialog, "ask",
                           return_value=("Is this too harsh?", tmp_path / "ask")) as ask, \
            mock.patch.object(review_gui, "open_external",
                              side_effect=lambda url: opened.append(url.toString()) or True):
        window.second_opinion_action.trigger()
    assert ask.call_args.kwargs["blocked"] is True
    pack = tmp_path / "ask.rwtreview"
    assert pack.exists()
    data = json.loads(pack.read_text(encoding="utf-8"))
    assert data["texts"] == {"twitter": text, "facebook": text}
    assert {f["rule"] for f in data["findings"]} >= {"testgui.block", "testgui.warn"}
    assert data["images"] == []
    assert [r["name"] for r in data["reviewers"]] == [r.name for r in window.policy.reviewers]

    assert len(opened) == 1 and opened[0].startswith("mailto:")
    body = parse_qs(urlsplit(opened[0]).query)["body"][0]
    assert "Is this too harsh?" in body and "ask.rwtreview" in body
    assert window.record.list()[0].action == "review-request"
    assert window.findChildren(Banner, "reviewRequestBanner")

    # The reviewer opens it read-only, with the findings.
    viewer = window.open_review(pack)
    qtbot.addWidget(viewer)
    assert all(v.isReadOnly() for v in viewer.text_views.values())
    assert viewer.text_views["twitter"].toPlainText() == text
    shown = [viewer.findings_list.item(i).text() for i in range(viewer.findings_list.count())]
    assert any(BLOCK_WORD in s for s in shown) and any(WARN_PHRASE in s for s in shown)
    assert viewer.findChild(QObject, "reviewImages").text() == "Images: none."
    marked = [m.cursor.selectedText() for m in viewer.text_views["twitter"].extraSelections()]
    assert BLOCK_WORD in marked and WARN_PHRASE in marked
    assert not viewer.save_button.isEnabled()
    viewer.verdict_buttons["changes"].setChecked(True)
    viewer.reviewer_name.setText("Zoe Cadman")
    assert not viewer.save_button.isEnabled()  # changes need a comment
    viewer.comment.setPlainText("Take out the name-calling, then it's fine.")
    assert viewer.save_button.isEnabled()
    with mock.patch.object(viewer, "ask_reply_path", side_effect=lambda default: str(default)):
        reply_path = viewer.save_reply()
    assert reply_path == tmp_path / "ask.reply.rwtreply"

    # The author loads the reply: shown and recorded with the post.
    reply = window.load_review_reply(reply_path)
    assert reply is not None and reply.verdict == "changes"
    banner = window.findChildren(Banner, "reviewReplyBanner")[-1]
    assert "Zoe Cadman replied: Changes asked for" in banner.label.text()
    assert "Take out the name-calling" in banner.label.text()
    assert "changed since" not in banner.label.text()
    row = window.record.list()[0]
    assert row.action == "review-reply" and row.who == "Zoe Cadman"
    assert row.texts == {"twitter": text, "facebook": text}
    assert row.acknowledged[0] == "Changes asked for by Zoe Cadman: Take out the " \
                                  "name-calling, then it's fine."

    # After an edit, a reply about the old text says so.
    type_post(window, "A different post now")
    window.load_review_reply(reply_path)
    assert "changed since you asked" in window.findChildren(
        Banner, "reviewReplyBanner")[-1].label.text()


def test_bad_reply_and_bad_request_files_show_a_message(window, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rwtreply"
    bad.write_text('{"format": "rwt-review-reply", "version": 1, "verdict": "yes"}',
                   encoding="utf-8")
    assert window.load_review_reply(bad) is None
    assert window.open_review(tmp_path / "missing.rwtreview") is None
    texts = [b.label.text() for b in window.findChildren(Banner, "problemBanner")]
    assert any("bad.rwtreply" in t and "\"verdict\" must be" in t for t in texts)
    assert any("missing.rwtreview" in t for t in texts)
    assert [r for r in window.record.list() if r.action == "review-reply"] == []


def test_rwt_desktop_open_review_shows_the_request_or_says_why_not(tmp_path: Path) -> None:
    from rwt_desktop.storage.review import ReviewRequest, write_review_request

    pack = write_review_request(tmp_path / "p", ReviewRequest(
        author="Sam", channels=("twitter",), texts={"twitter": "Hello Rudheath"}))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RWT_CONFIG_DIR=str(tmp_path / "c"),
               RWT_DATA_DIR=str(tmp_path / "d"))
    ok = subprocess.run([sys.executable, "-m", "rwt_desktop", "--open-review", str(pack),
                         "--smoke"], env=env, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert "window shown after" in ok.stdout
    broken = tmp_path / "broken.rwtreview"
    broken.write_text("{", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "rwt_desktop", "--open-review", str(broken),
                          "--smoke"], env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert "broken.rwtreview: line 1, column 2" in bad.stderr


# ============================================================ posting from my own account


@pytest.fixture
def builtin_window(make_window, dirs):
    """A window on the built-in policy (whose rules include the own-account ones)."""
    from rwt_desktop.storage.settings import Settings, SettingsStore

    SettingsStore(dirs.config).save(Settings(user_name="Sam Tester",
                                             channels=["twitter", "facebook"]))
    w = make_window()
    w.show()
    return w


def _rules(window) -> set[str]:
    return {f.rule for f in window.checks.shown}


def test_personal_account_mode_changes_the_findings_and_is_kept(builtin_window, make_window,
                                                                qtbot) -> None:
    w = builtin_window
    speaks_for_rwt = "We at RWT are sorry about Saturday and will refund everyone's tickets."
    asks_rwt = "Does RWT still run the free uniform swap in the summer holidays?"
    shares = "Sharing from RWT: the lunch club is back on Wednesday at the hub."
    type_post(w, speaks_for_rwt)
    assert not any(r.startswith("personal_account.") for r in _rules(w))
    assert not w.personal_account_box.isChecked()

    w.personal_account_box.click()
    assert w.live.options == {"personal_account": True}
    assert "personal_account.on_behalf" in _rules(w)
    finding = next(f for f in w.checks.shown if f.rule == "personal_account.on_behalf")
    assert finding.category == "purpose" and finding.severity.value == "warn"
    assert "official RWT channels" in finding.message
    type_post(w, asks_rwt)
    assert "personal_account.official_response" in _rules(w)
    type_post(w, shares)
    assert not any(r.startswith("personal_account.") for r in _rules(w))

    saved, _ = w.settings_store.load()
    assert saved.personal_account is True
    again = make_window()
    assert again.personal_account_box.isChecked()
    type_post(again, speaks_for_rwt)
    assert "personal_account.on_behalf" in _rules(again)

    # The golden rule still applies: copying goes through the read-back.
    with mock.patch.object(ReadBackDialog, "ask", return_value=None) as ask:
        assert not again.copy_for("twitter")
    assert ask.call_count == 1
    assert "personal_account.on_behalf" in {f.rule for f in ask.call_args.args[1].findings}

    again.personal_account_box.click()
    assert again.live.options == {"personal_account": False}
    assert not any(r.startswith("personal_account.") for r in _rules(again))


# ============================================================ reading aloud


class FakeSpeaker(speech.Speaker):
    """Records what it was asked to say; 'speaks' until stopped."""

    def __init__(self, available: bool = True) -> None:
        super().__init__()
        self._available = available
        self._speaking = False
        self.spoken: list[str] = []
        self.name = "fake voice"

    def available(self) -> bool:
        return self._available

    def is_speaking(self) -> bool:
        return self._speaking

    def speak(self, text: str) -> None:
        self.spoken.append(text)
        self._speaking = True
        self.started.emit()

    def stop(self) -> None:
        if self._speaking:
            self._speaking = False
            self.finished.emit()


def _post(window, text: str) -> PostForReadBack:
    return PostForReadBack(texts={"twitter": text, "facebook": text},
                           channels=[window.policy.channel("twitter"),
                                     window.policy.channel("facebook")], findings=[])


def test_read_aloud_speaks_exactly_the_final_text_and_stops(window, qtbot) -> None:
    text = "Fun day 🎉 on Saturday –\ncafé & tombola!  "
    fake = FakeSpeaker()
    dialog = ReadBackDialog(_post(window, text), window, speaker=fake)
    qtbot.addWidget(dialog)
    assert dialog.read_aloud_button.isEnabled() and not dialog.stop_button.isEnabled()
    dialog.tabs.setCurrentIndex(1)
    dialog.read_aloud_button.click()
    assert fake.spoken == [text]
    assert dialog.stop_button.isEnabled() and not dialog.read_aloud_button.isEnabled()
    dialog.stop_button.click()
    assert not fake.is_speaking()
    assert dialog.read_aloud_button.isEnabled() and not dialog.stop_button.isEnabled()
    dialog.read_aloud_button.click()
    dialog.reject()  # closing the read-back stops the voice
    assert not fake.is_speaking()


def test_read_aloud_without_a_voice_is_disabled_and_says_why(window, qtbot,
                                                             monkeypatch) -> None:
    monkeypatch.setattr(speech, "_qt_speaker", lambda parent: None)
    monkeypatch.setattr(speech, "find_voice_command", lambda: None)
    dialog = ReadBackDialog(_post(window, "Hello"), window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.read_aloud_button.isEnabled()
    assert dialog.read_aloud_button.isVisible()
    assert "cannot be read aloud" in dialog.read_aloud_button.toolTip()
    assert dialog.voice_note.isVisible()
    assert "cannot be read aloud" in dialog.voice_note.text()
    dialog.read_aloud()  # does nothing, raises nothing


def test_voice_command_per_platform_never_puts_the_text_in_the_command() -> None:
    found = {"powershell": "C:/ps.exe", "say": "/usr/bin/say", "espeak": "/usr/bin/espeak",
             "spd-say": "/usr/bin/spd-say"}
    win = speech.find_voice_command("win32", found.get)
    assert win is not None and win.text_in_environment
    assert "System.Speech" in win.arguments[-1] and speech.TEXT_VARIABLE in win.arguments[-1]
    mac = speech.find_voice_command("darwin", found.get)
    assert mac is not None and mac.arguments == ("-f", "-")
    linux = speech.find_voice_command("linux", found.get)
    assert linux is not None and linux.name == "espeak"  # espeak-ng is not on this PATH
    assert speech.find_voice_command("linux", lambda name: None) is None
    assert speech.find_voice_command("win32", lambda name: None) is None


@pytest.mark.parametrize("in_environment", [False, True])
def test_process_speaker_hands_over_the_exact_text(qtbot, tmp_path: Path,
                                                   in_environment: bool) -> None:
    out = tmp_path / "heard.txt"
    if in_environment:
        code = (f"import os; open({str(out)!r}, 'w', encoding='utf-8')"
                f".write(os.environ[{speech.TEXT_VARIABLE!r}])")
    else:
        code = (f"import sys; open({str(out)!r}, 'w', encoding='utf-8')"
                ".write(sys.stdin.buffer.read().decode('utf-8'))")
    command = speech.VoiceCommand("test voice", sys.executable, ("-c", code),
                                  text_in_environment=in_environment)
    speaker = speech.ProcessSpeaker(command)
    text = "Café 🎉 \"quoted\" $(not run) & `nor this`; done"
    with qtbot.waitSignal(speaker.finished, timeout=10000):
        speaker.speak(text)
    assert out.read_text(encoding="utf-8") == text
    assert not speaker.is_speaking()
