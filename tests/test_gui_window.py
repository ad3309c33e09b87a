"""The main window: live highlighting, findings, suggestions, the read-back and drafts."""

from __future__ import annotations

from unittest import mock

import pytest
from gui_support import BLOCK_WORD, INFO_WORD, WARN_PHRASE, type_post, type_text, underlined
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCharFormat

from rwt_desktop.core.findings import Severity
from rwt_desktop.gui.readback import ReadBackDialog

pytestmark = pytest.mark.gui

Style = QTextCharFormat.UnderlineStyle


def test_highlighting_lands_on_the_right_characters_after_emoji(window) -> None:
    text = f"🎉👨‍👩‍👧 Party time 😀! It is {WARN_PHRASE} but {BLOCK_WORD} 🙈 reply {INFO_WORD}"
    type_post(window, text)
    runs = underlined(window)
    assert (WARN_PHRASE, Style.DashUnderline.name) in runs
    assert (BLOCK_WORD, Style.WaveUnderline.name) in runs
    assert (INFO_WORD, Style.DotLine.name) in runs
    assert len(runs) == 3


def test_highlighting_across_lines_and_after_typing(window, qtbot) -> None:
    type_post(window, f"Line one 😀\nline two {BLOCK_WORD} end")
    assert underlined(window) == [(BLOCK_WORD, Style.WaveUnderline.name)]
    # Typing before the word moves the underline with it, before any new check runs.
    cursor = window.composer.textCursor()
    cursor.setPosition(0)
    window.composer.setTextCursor(cursor)
    type_text(window.composer, "🌟 ")
    assert underlined(window) == [(BLOCK_WORD, Style.WaveUnderline.name)]


def test_live_check_runs_after_a_pause_on_the_pool(make_window, qtbot) -> None:
    w = make_window(synchronous=False)
    w.show()
    qtbot.keyClicks(w.composer, f"hello {BLOCK_WORD}")
    qtbot.waitUntil(lambda: underlined(w) == [(BLOCK_WORD, Style.WaveUnderline.name)],
                    timeout=5000)
    assert w.findings.findings[0].rule == "testgui.block"


def test_stale_results_are_dropped(window) -> None:
    from rwt_desktop.gui.live_check import CheckResult
    from rwt_desktop.gui.positions import PositionMap

    type_post(window, "clean text")
    old = window.live.last_result
    report = window.checker.check(f"{BLOCK_WORD}", channels=["twitter"])
    stale = CheckResult(old.job_id, old.revision - 1, BLOCK_WORD, report, PositionMap("x"))
    window.live._accept(stale)
    assert window.live.last_result is old
    assert underlined(window) == []


def test_findings_grouped_by_severity_and_click_selects(window, qtbot) -> None:
    text = f"Reply {INFO_WORD} 😀 — it is {WARN_PHRASE}, you {BLOCK_WORD}."
    type_post(window, text)
    tree = window.findings.tree
    heads = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert heads[0].startswith("Must fix") and heads[1].startswith("Please check")
    assert heads[2].startswith("For information")
    item = tree.topLevelItem(1).child(0)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.composer.textCursor().selectedText() == WARN_PHRASE


def test_tooltip_names_the_clause(window) -> None:
    from rwt_desktop.gui.composer import tooltip_html

    type_post(window, f"You {BLOCK_WORD}")
    start = window.composer.toPlainText().index(BLOCK_WORD)
    marks = window.composer.highlighter.marks_at(start + 1)
    html = tooltip_html(m[2] for m in marks)
    assert "name-calling" in html and "Be discriminatory" in html


def test_suggestion_applies_in_one_click_and_undoes(window, qtbot) -> None:
    text = f"😀 Please reply {INFO_WORD}."
    type_post(window, text)
    finding = next(f for f in window.findings.findings if f.severity is Severity.INFO)
    window.findings.tree.setCurrentItem(window.findings.item_for(finding))
    buttons = window.findings.suggestion_buttons()
    assert buttons and "as soon as possible" in buttons[0].text()
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert window.composer.toPlainText() == "😀 Please reply as soon as possible."
    window.composer.setFocus()
    qtbot.keyClick(window.composer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.composer.toPlainText() == text


def test_why_opens_the_policy_at_the_clause(window) -> None:
    type_post(window, f"It is {WARN_PHRASE}")
    finding = window.findings.findings[0]
    window.findings.tree.setCurrentItem(window.findings.item_for(finding))
    window.findings.why_button.click()
    viewer = window._policy_viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.highlighted_text() == "Breach confidentiality"


def test_info_can_be_dismissed_but_not_warnings(window) -> None:
    type_post(window, f"Reply {INFO_WORD}, it is {WARN_PHRASE}")
    info = next(f for f in window.findings.findings if f.severity is Severity.INFO)
    warn = next(f for f in window.findings.findings if f.severity is Severity.WARN)
    window.findings.tree.setCurrentItem(window.findings.item_for(warn))
    assert not window.findings.dismiss_button.isEnabled()
    window.dismiss_finding(warn)
    window.findings.tree.setCurrentItem(window.findings.item_for(info))
    assert window.findings.dismiss_button.isEnabled()
    window.findings.dismiss_button.click()
    assert [f.rule for f in window.findings.findings] == ["testgui.warn"]
    assert underlined(window) == [(WARN_PHRASE, Style.DashUnderline.name)]
    # It stays dismissed when the post is checked again.
    window.composer.appendPlainText("More.")
    window.check_now()
    assert [f.rule for f in window.findings.findings] == ["testgui.warn"]


# ---------------------------------------------------------------------- the golden rule


def _confirm_all(parent, post):
    """Stand-in for the person: tick everything and confirm, like the real dialog would."""
    from rwt_desktop.core.golden_rule import Answer

    dialog = ReadBackDialog(post, parent)
    for box in dialog.warning_boxes:
        box.setChecked(True)
    for row in dialog.question_rows:  # the golden-rule questions, each answered yes
        row.buttons[Answer.YES].setChecked(True)
    dialog.confirm_box.setChecked(True)
    if not dialog.confirm_button.isEnabled():
        return None
    return dialog.result_value()


def test_copy_goes_through_the_read_back(window) -> None:
    QGuiApplication.clipboard().setText("before")
    type_post(window, "A clean post 😀 for the fun day")
    with mock.patch.object(ReadBackDialog, "ask", return_value=None) as ask:
        assert not window.copy_for("twitter")
        window.copy_actions["facebook"].trigger()
        window.export_action.trigger()
    assert ask.call_count == 3
    assert QGuiApplication.clipboard().text() == "before"
    assert window.record.list() == []


def test_ctrl_enter_opens_the_read_back(window, qtbot) -> None:
    type_post(window, "A clean post")
    window.composer.setFocus()
    with mock.patch.object(ReadBackDialog, "ask", return_value=None) as ask:
        qtbot.keyClick(window.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ask.call_count == 1
    assert window.composer.toPlainText() == "A clean post"


def test_clipboard_holds_exactly_the_confirmed_text_and_warnings_are_recorded(
        window) -> None:
    text = f"Big news 🎉👩🏽‍🦱 — it's all {WARN_PHRASE} until Friday!\nSee you there."
    type_post(window, text)
    with mock.patch.object(ReadBackDialog, "ask", side_effect=_confirm_all) as ask:
        assert window.copy_for("twitter")
        # Still confirmed: a second channel does not ask again.
        assert window.copy_for("facebook")
    assert ask.call_count == 1
    assert QGuiApplication.clipboard().text() == text
    rows = window.record.list()
    assert [r.action for r in rows] == ["copy:facebook", "copy:twitter"]
    assert rows[0].who == "Sam Tester"
    assert rows[0].texts == {"twitter": text, "facebook": text}
    assert len(rows[0].acknowledged) == 1 and WARN_PHRASE in rows[0].acknowledged[0]
    assert rows[0].channels == ("twitter", "facebook")


def test_an_edit_after_confirming_voids_it(window, qtbot) -> None:
    type_post(window, "Lovely day at the park")
    with mock.patch.object(ReadBackDialog, "ask", side_effect=_confirm_all):
        window.read_back()
    assert window.current_confirmation() is not None
    assert window.copy_buttons["twitter"].isVisibleTo(window)
    window.composer.setFocus()
    qtbot.keyClicks(window.composer, "!")
    assert window.current_confirmation() is None
    assert not window.copy_buttons["twitter"].isVisibleTo(window)
    QGuiApplication.clipboard().setText("before")
    with mock.patch.object(ReadBackDialog, "ask", return_value=None) as ask:
        assert not window.copy_for("twitter")
    assert ask.call_count == 1
    assert QGuiApplication.clipboard().text() == "before"


def test_changing_channels_voids_the_confirmation(window) -> None:
    type_post(window, "Lovely day at the park")
    with mock.patch.object(ReadBackDialog, "ask", side_effect=_confirm_all):
        window.read_back()
    window.channels_panel.set_chosen(["twitter"])
    assert window.current_confirmation() is None


def test_blocked_post_cannot_be_copied(window) -> None:
    QGuiApplication.clipboard().setText("before")
    type_post(window, f"You {BLOCK_WORD}")
    with mock.patch.object(ReadBackDialog, "ask", side_effect=_confirm_all) as ask:
        assert not window.copy_for("twitter")
    assert ask.call_count == 1
    assert QGuiApplication.clipboard().text() == "before"
    assert window.record.list() == []


def test_read_back_is_given_a_fresh_check(window) -> None:
    """Typing and asking at once must not confirm against an older, cleaner report."""
    type_post(window, "All fine")
    window.composer.appendPlainText(f"you {BLOCK_WORD}")  # no check has run for this yet
    seen = {}
    with mock.patch.object(ReadBackDialog, "ask",
                           side_effect=lambda p, post: seen.setdefault("post", post) and None):
        window.read_back()
    assert any(f.severity is Severity.BLOCK for f in seen["post"].findings)


def test_export_post_pack_records_the_confirmation(window, tmp_path) -> None:
    pytest.importorskip("rwt_desktop.storage.postpack")
    text = "Come along to the litter pick 🌍 on Saturday"
    type_post(window, text)
    out = tmp_path / "packs"
    out.mkdir()
    with mock.patch.object(ReadBackDialog, "ask", side_effect=_confirm_all), \
            mock.patch.object(type(window), "ask_export_folder", return_value=str(out)):
        pack = window.export_post_pack()
    assert pack is not None and pack.parent == out
    assert (pack / "twitter.txt").read_text(encoding="utf-8") == text
    assert window.record.list()[0].action.startswith("export:")


# ---------------------------------------------------------------------- drafts, settings


def test_draft_survives_a_crash(make_window, qtbot) -> None:
    first = make_window()
    text = "Half-written post about the 🎄 Christmas market"
    type_text(first.composer, text)
    first.save_draft()
    # A crash: the window never closes cleanly. Stop its timers and drop it.
    first._pause_save.stop()
    first._interval_save.stop()
    first.drafts.close()
    first.record.close()
    first._closed = True
    second = make_window()
    banner = second.restore_banner
    assert "not closed properly" in banner.label.text()
    banner.buttons["Restore"].click()
    assert second.composer.toPlainText() == text


def test_clean_close_offers_nothing(make_window, qtbot) -> None:
    first = make_window()
    qtbot.keyClicks(first.composer, "A finished post")
    first.close()
    second = make_window()
    assert not hasattr(second, "restore_banner")
    assert second.drafts.list()[0].text == "A finished post"


def test_autosave_after_typing_stops(make_window, qtbot) -> None:
    w = make_window()
    w._pause_save.setInterval(50)
    qtbot.keyClicks(w.composer, "Autosaved words")
    qtbot.waitUntil(lambda: w.drafts.unsaved() is not None, timeout=3000)
    assert w.drafts.unsaved().text == "Autosaved words"


def test_malformed_settings_show_a_message_and_carry_on(profile_dirs, qtbot,
                                                        dirs) -> None:
    from rwt_desktop.gui.window import MainWindow

    dirs.settings_file.write_text("user_name = \n[[[ nonsense", encoding="utf-8")
    w = MainWindow(dirs, synchronous=True)
    qtbot.addWidget(w)
    try:
        from rwt_desktop.gui.dialogs import Banner

        banners = w.findChildren(Banner, "problemBanner")
        assert banners and "settings.toml" in banners[0].label.text()
        type_post(w, "Still works")
        assert w.composer.toPlainText() == "Still works"
    finally:
        w.shutdown()


def test_bad_policy_folder_falls_back_with_a_message(dirs, qtbot, tmp_path) -> None:
    from rwt_desktop.gui.dialogs import Banner
    from rwt_desktop.gui.window import MainWindow
    from rwt_desktop.storage.settings import Settings, SettingsStore

    bad = tmp_path / "badpolicy"
    bad.mkdir()
    (bad / "policy.toml").write_text("[organisation\nname = ", encoding="utf-8")
    SettingsStore(dirs.config).save(Settings(policy_path=str(bad)))
    w = MainWindow(dirs, synchronous=True)
    qtbot.addWidget(w)
    try:
        text = " ".join(b.label.text() for b in w.findChildren(Banner, "problemBanner"))
        assert "policy.toml" in text and "built-in" in text
        assert w.policy.source == "resources"
    finally:
        w.shutdown()


def test_record_dialog_lists_and_exports_csv(window, tmp_path) -> None:
    type_post(window, f"Sshh, {WARN_PHRASE}!")
    with mock.patch.object(ReadBackDialog, "ask", side_effect=_confirm_all):
        window.copy_for("twitter")
    dialog = window.open_record()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Sam Tester"
    out = tmp_path / "record.csv"
    with mock.patch.object(type(dialog), "ask_csv_path", return_value=str(out)):
        dialog._export_csv()
    assert WARN_PHRASE in out.read_text(encoding="utf-8-sig")
    dialog.close()


def test_accessible_names_on_controls(window) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLineEdit

    missing = []
    for cls in (QAbstractButton, QLineEdit):
        for w in window.findChildren(cls):
            if w.isVisibleTo(window) and not (w.accessibleName() or w.text().replace("&", "")):
                missing.append(w.objectName() or repr(w))
    assert not missing
    assert window.composer.accessibleName() == "Post text"
    for area in (window.composer, window.findings.tree):
        assert isinstance(area, QAbstractScrollArea) and area.accessibleName()


def test_counters_show_over_limit_in_words_not_just_colour(window) -> None:
    from rwt_desktop.core.findings import ChannelLength

    window.channels_panel._measure = None  # use lengths as a finished check gives them
    window.channels_panel.update_lengths(
        {"twitter": ChannelLength("twitter", 300, 280, overflow_start=280)})
    label = window.channels_panel._counters["twitter"]
    assert "20 over" in label.text() and "✗" in label.text()
    assert "over the limit" in label.accessibleName()
