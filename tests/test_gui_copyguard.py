"""One way out: no widget lets more than a few words of an unconfirmed post leave.

Each widget that shows the post is driven the way a person would (Ctrl+A and Ctrl+C, the
context menu's Copy, a mouse or Ctrl+A selection, a drag) for a post with a private mobile
number, and the clipboard, the primary selection and the drag's data are read back. A
refused copy leaves the clipboard exactly as it was and says why; the confirmed read-back
still lets the whole post out.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from gui_support import type_post
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QTextEdit, QWidget

from rwt_desktop.core.copy_policy import SHORT_CHARS, SHORT_WORDS, may_release
from rwt_desktop.gui.copyguard import GuardedTextMixin
from rwt_desktop.gui.readback import ReadBackDialog

pytestmark = pytest.mark.gui

POST = ("Call Dave on 07700 900123 about Jade, 9, who starts at Witton Primary on Monday. "
        "Thanks to everyone who came to the fun day!")
BEFORE = "what was on the clipboard before"
NOT_COPIED = "Not copied: read the post back first (Ctrl+Enter). Short bits of up to 5 words " \
             "can be copied."


def clipboard() -> QClipboard:
    return QGuiApplication.clipboard()


def few_words(text: str) -> bool:
    """No more of the post than a short bit."""
    return may_release(text, [POST]).shared.short


def assert_nothing_left(text: str) -> None:
    assert text == BEFORE or few_words(text), f"the post leaked: {text!r}"


def ctrl(widget: QWidget, qtbot, key: Qt.Key) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier)


def menu_copy(widget, qtbot, name: str = "edit-copy") -> None:
    """The context menu's Copy (or Cut), as the right-click menu builds it."""
    menu = widget.createStandardContextMenu(QPoint(4, 4))
    action = next(a for a in menu.actions() if a.objectName() == name)
    if action.isEnabled():
        action.trigger()
    menu.deleteLater()


def mouse_select(view, qtbot) -> None:
    """Press at the start of the text and drag to the end of the first lines."""
    view.resize(max(view.width(), 500), max(view.height(), 160))
    qtbot.waitExposed(view.window())
    vp = view.viewport()
    cursor = view.textCursor()
    cursor.setPosition(0)
    view.setTextCursor(cursor)
    top_left = view.cursorRect().center() + QPoint(-2, 0)
    end = QPoint(vp.width() - 4, vp.height() - 4)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=top_left)
    qtbot.mouseMove(vp, end)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)


def right_click_copy(view) -> None:
    """A real right-click: the widget builds its own menu, and the person picks Copy."""
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QMenu

    picked = []

    def pick_copy(menu: QMenu, *_args) -> None:
        chosen = [a for a in menu.actions() if a.objectName() == "edit-copy"]
        assert chosen, "the menu has no Copy"
        picked.append(chosen[0])
        if chosen[0].isEnabled():
            chosen[0].trigger()

    if view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu:
        return  # the composer: its own menu is tested through finding_menu
    pos = QPoint(10, 10)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                              view.viewport().mapToGlobal(pos))
    with mock.patch("rwt_desktop.gui.copyguard.run_menu", pick_copy):
        QApplication.sendEvent(view.viewport(), event)
    assert picked, "the right-click menu did not open"


def drive_text_box(view, qtbot) -> None:
    """Every way out of a text box, each checked against the clipboard as it was."""
    clipboard().setText(BEFORE)
    ctrl(view, qtbot, Qt.Key.Key_A)
    assert view.textCursor().hasSelection()
    ctrl(view, qtbot, Qt.Key.Key_C)
    assert clipboard().text() == BEFORE
    ctrl(view, qtbot, Qt.Key.Key_Insert)  # the other Copy keys
    assert clipboard().text() == BEFORE
    menu_copy(view, qtbot)
    assert clipboard().text() == BEFORE
    right_click_copy(view)
    assert clipboard().text() == BEFORE
    # A drag, and the X primary selection, take their data from here.
    mime = view.createMimeDataFromSelection()
    assert mime.formats() == [] and not mime.hasHtml()
    if clipboard().supportsSelection():  # X11: Ctrl+A filled it; then a mouse selection
        assert_nothing_left(clipboard().text(QClipboard.Mode.Selection))
        clipboard().setText(BEFORE, QClipboard.Mode.Selection)
        mouse_select(view, qtbot)
        assert len(view.textCursor().selectedText()) > SHORT_CHARS
        assert_nothing_left(clipboard().text(QClipboard.Mode.Selection))
    assert clipboard().text() == BEFORE
    # A short bit can go, as plain text.
    start = view.toPlainText().index("07700")
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("07700 900123"), cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    ctrl(view, qtbot, Qt.Key.Key_C)
    assert clipboard().text() == "07700 900123"


# ---------------------------------------------------------------------- the main window


def test_composer_select_all_never_opens_a_dialog_and_copies_nothing(window, qtbot) -> None:
    type_post(window, POST)
    with mock.patch.object(ReadBackDialog, "ask", return_value=None) as ask:
        drive_text_box(window.composer, qtbot)
        assert window.statusBar().currentMessage() == \
            NOT_COPIED + " Ctrl+V still pastes it within the post."
        # Select all to retype: no dialog, nothing copied, the text simply goes.
        clipboard().setText(BEFORE)
        ctrl(window.composer, qtbot, Qt.Key.Key_A)
        assert window.composer.textCursor().selectedText() == POST
        QApplication.processEvents()
        qtbot.keyClick(window.composer, Qt.Key.Key_Backspace)
        qtbot.keyClicks(window.composer, "Fun day on Saturday")
        QApplication.processEvents()
        assert ask.call_count == 0
    assert window.composer.toPlainText() == "Fun day on Saturday"
    assert clipboard().text() == BEFORE


def test_composer_right_click_menu_with_suggestions_is_guarded(window, qtbot) -> None:
    from rwt_desktop.gui.grammar_status import finding_menu

    type_post(window, POST)
    window.composer.selectAll()
    clipboard().setText(BEFORE)
    menu = finding_menu(window.composer, QPoint(4, 4), lambda _pos: [], lambda *_: None,
                        lambda *_: None)
    next(a for a in menu.actions() if a.objectName() == "edit-copy").trigger()
    assert clipboard().text() == BEFORE


def test_previews_copy_no_more_than_a_few_words(window, qtbot) -> None:
    type_post(window, POST)
    for channel in window.channels_panel.chosen():
        browser = window.preview.browser(channel)
        assert isinstance(browser, GuardedTextMixin)
        window.preview.setCurrentWidget(browser.parentWidget())
        drive_text_box(browser, qtbot)
    assert window.statusBar().currentMessage() == NOT_COPIED


def test_findings_list_copies_a_finding_but_not_the_post(window, qtbot) -> None:
    from gui_support import BLOCK_WORD

    type_post(window, f"{POST} {BLOCK_WORD}")
    tree = window.findings.tree
    item = tree.topLevelItem(0).child(0)
    tree.setCurrentItem(item)
    clipboard().setText(BEFORE)
    ctrl(tree, qtbot, Qt.Key.Key_C)
    assert clipboard().text() == item.text(0)  # a message quoting one word may go
    assert not tree.dragEnabled()
    # A row that quotes the post (here, as a long finding would) may not.
    item.setText(0, f"“{POST}” — sounds cross")
    clipboard().setText(BEFORE)
    ctrl(tree, qtbot, Qt.Key.Key_C)
    assert clipboard().text() == BEFORE
    assert window.statusBar().currentMessage() == NOT_COPIED


def test_confirmed_read_back_still_copies_the_whole_post(window, qtbot) -> None:
    from test_gui_window import _confirm_all

    type_post(window, POST)
    with mock.patch.object(ReadBackDialog, "ask", side_effect=_confirm_all):
        assert window.read_back() is not None
    assert window.copy_for("twitter")
    assert clipboard().text() == POST
    # After the read-back the composer may copy it too, and that goes in the record.
    clipboard().setText(BEFORE)
    ctrl(window.composer, qtbot, Qt.Key.Key_A)
    ctrl(window.composer, qtbot, Qt.Key.Key_C)
    assert clipboard().text() == POST
    assert [r.action for r in window.record.list()][:2] == ["copy:selection", "copy:twitter"]
    # An edit voids it: the guard is back.
    qtbot.keyClick(window.composer, Qt.Key.Key_End)
    qtbot.keyClicks(window.composer, "!")
    clipboard().setText(BEFORE)
    ctrl(window.composer, qtbot, Qt.Key.Key_A)
    ctrl(window.composer, qtbot, Qt.Key.Key_C)
    assert clipboard().text() == BEFORE


# ---------------------------------------------------------------------- the read-back


def test_read_back_text_boxes_and_go_back_leave_nothing(window, qtbot) -> None:
    type_post(window, POST)
    seen = []

    def person(parent, post):
        dialog = ReadBackDialog(post, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        for view in dialog.text_views.values():
            assert isinstance(view, GuardedTextMixin)
            dialog.tabs.setCurrentWidget(view)
            drive_text_box(view, qtbot)
            seen.append(view.objectName())
        assert "confirm the read-back first" in window.statusBar().currentMessage()
        # Whatever this program itself left there with the post goes at "Go back and edit".
        clipboard().setText(post.texts["twitter"])
        return None  # "Go back and edit"

    with mock.patch.object(ReadBackDialog, "ask", side_effect=person):
        assert window.read_back() is None
    assert seen == ["readBack_twitter", "readBack_facebook"]
    assert_nothing_left(clipboard().text())
    assert window.statusBar().currentMessage() == \
        "Not confirmed: nothing was copied or exported."


def test_go_back_leaves_what_is_not_the_post_alone(window) -> None:
    type_post(window, POST)
    clipboard().setText(BEFORE)
    with mock.patch.object(ReadBackDialog, "ask", return_value=None):
        window.read_back()
    assert clipboard().text() == BEFORE


# ---------------------------------------------------------------------- other windows


def _review_request():
    from rwt_desktop.storage.review import Reviewer, ReviewRequest

    return ReviewRequest(
        author="Sam Tester", channels=("twitter",), texts={"twitter": POST},
        findings=({"rule": "personal.phone", "severity": "block", "start": 13, "end": 25,
                   "text": "07700 900123", "message": "A private phone number.",
                   "clause": "Breach confidentiality"},
                  {"rule": "tone.long", "severity": "warn", "start": 0, "end": 60,
                   "text": POST[:60], "message": f"“{POST[:60]}” sounds curt.",
                   "clause": "Friendly"}),
        reviewers=(Reviewer("Zoe Cadman", "RWT Chair"),),
        channel_names={"twitter": "X (Twitter)"}, organisation="RWT",
        policy_version="abc", note="Is the phone number all right?")


def test_review_viewer_copies_no_more_than_a_few_words(window, qtbot, tmp_path: Path) -> None:
    from rwt_desktop.gui.review import ReviewViewer

    viewer = ReviewViewer(_review_request(), tmp_path / "r.rwtreview", "Zoe", window)
    qtbot.addWidget(viewer)
    viewer.show()
    drive_text_box(viewer.text_views["twitter"], qtbot)
    assert "waiting for a second opinion" in window.statusBar().currentMessage()
    found = viewer.findings_list
    found.setCurrentRow(found.count() - 1)
    clipboard().setText(BEFORE)
    ctrl(found, qtbot, Qt.Key.Key_C)
    assert_nothing_left(clipboard().text())
    assert not found.dragEnabled()
    assert_labels_keep_the_post(viewer)


def test_drafts_list_and_record_copy_no_more_than_a_few_words(window, qtbot) -> None:
    from rwt_desktop.gui.dialogs import DraftsDialog, RecordDialog
    from rwt_desktop.storage.database import utc_now
    from rwt_desktop.storage.record import Confirmation

    type_post(window, POST)
    window.draft_keeper.dirty = True
    window.save_draft()
    drafts = DraftsDialog(window.drafts.list(), window.drafts.delete, window)
    qtbot.addWidget(drafts)
    drafts.show()
    assert POST[:40] in drafts.list.item(0).text()
    clipboard().setText(BEFORE)
    ctrl(drafts.list, qtbot, Qt.Key.Key_C)
    assert clipboard().text() == BEFORE
    assert not drafts.list.dragEnabled()
    assert "open the draft and read it back first" in window.statusBar().currentMessage()

    window.record.add(Confirmation(
        when=utc_now(), who="Sam Tester", channels=("twitter",), text_sha256="x",
        texts={"twitter": POST}, acknowledged=("Asked for a second opinion",), findings=(),
        action="review-request", policy_version="abc"))
    record = RecordDialog(window.record.list(), window.record.export_csv, window)
    qtbot.addWidget(record)
    record.show()
    table = record.table
    table.setCurrentCell(0, 5)  # the post
    clipboard().setText(BEFORE)
    ctrl(table, qtbot, Qt.Key.Key_C)
    assert clipboard().text() == BEFORE
    table.setCurrentCell(0, 1)  # who: not the post, so it may go
    ctrl(table, qtbot, Qt.Key.Key_C)
    assert clipboard().text() == "Sam Tester"
    assert not table.dragEnabled()


# ---------------------------------------------------------------------- every widget


def assert_labels_keep_the_post(top: QWidget) -> None:
    """No label that shows more than a few words of the post can be selected."""
    selectable = (Qt.TextInteractionFlag.TextSelectableByMouse
                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    for label in top.findChildren(QLabel):
        if not few_words(label.text()):
            assert not (label.textInteractionFlags() & selectable), label.objectName()


def test_every_text_box_showing_the_post_is_guarded(window, qtbot) -> None:
    from rwt_desktop.storage.drafts import DraftStore

    store = DraftStore(window.dirs.database)
    store.save(POST, ["twitter"])  # left unsaved: the window offers it back in a banner
    store.close()
    fresh = type(window)(window.dirs, synchronous=True, ask_policy_acknowledgement=False)
    qtbot.addWidget(fresh)
    try:
        fresh.show()
        type_post(fresh, POST)
        fresh.findings.detail.setText(POST)
        boxes = [w for w in fresh.findChildren(QWidget)
                 if isinstance(w, (QPlainTextEdit, QTextEdit)) and not few_words(w.toPlainText())]
        assert len(boxes) >= 3  # the composer and a preview per channel
        for box in boxes:
            assert isinstance(box, GuardedTextMixin), box.objectName()
        assert fresh.findChildren(QWidget, "restoreBanner")
        assert_labels_keep_the_post(fresh)
    finally:
        fresh.shutdown()


def test_refusals_and_messages_are_plain() -> None:
    from rwt_desktop.core.copy_policy import refusal_message

    assert refusal_message() == NOT_COPIED
    assert SHORT_WORDS == 5 and SHORT_CHARS == 40


def test_cut_and_paste_within_the_post_still_works(window, qtbot) -> None:
    """Moving a sentence about is editing: the words are kept inside the program (the
    clipboard is untouched) and Ctrl+V in the post puts them back."""
    type_post(window, POST)
    composer = window.composer
    clipboard().setText(BEFORE)
    first = POST.index("Thanks")
    cursor = composer.textCursor()
    cursor.setPosition(first)
    cursor.setPosition(len(POST), cursor.MoveMode.KeepAnchor)
    composer.setTextCursor(cursor)
    ctrl(composer, qtbot, Qt.Key.Key_X)
    assert composer.toPlainText() == POST[:first]
    assert clipboard().text() == BEFORE
    assert window.statusBar().currentMessage() == (
        "Cut from the post but not copied: read the post back first (Ctrl+Enter). Ctrl+V "
        "pastes it back within the post.")
    cursor = composer.textCursor()
    cursor.setPosition(0)
    composer.setTextCursor(cursor)
    ctrl(composer, qtbot, Qt.Key.Key_V)
    assert composer.toPlainText() == POST[first:] + POST[:first]
    assert clipboard().text() == BEFORE
    # The context menu's Cut does the same; Undo brings the words back.
    composer.selectAll()
    menu_copy(composer, qtbot, "edit-cut")
    assert composer.toPlainText() == ""
    ctrl(composer, qtbot, Qt.Key.Key_Z)
    assert composer.toPlainText() == POST[first:] + POST[:first]
    # Once something else is copied, Ctrl+V pastes that, as anywhere else.
    clipboard().setText("from another program")
    composer.selectAll()
    ctrl(composer, qtbot, Qt.Key.Key_V)
    assert composer.toPlainText() == "from another program"
