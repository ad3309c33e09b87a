"""Text from outside is shown as it is, never as markup (issue 13, item 5).

Hostile strings go in through a review request (picture names, author, question, findings,
channel names), a reply, a grammar server's message and the post itself; every label that
then holds one must be plain text, and no tooltip may hold it unescaped (Qt always guesses
rich text in tooltips). A picture named ``<img src='/dev/zero'>`` used to make the window
read /dev/zero until it was killed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QTableWidget, QTreeWidget, QWidget

from rwt_desktop.core.checker import check
from rwt_desktop.core.grammar import EngineState, EngineStatus
from rwt_desktop.gui.dialogs import Banner
from rwt_desktop.storage.review import (
    Reviewer,
    ReviewReply,
    ReviewRequest,
    reply_path_for,
    write_review_reply,
    write_review_request,
)

pytestmark = pytest.mark.gui

ZERO = "<img src='/dev/zero'>"
HUGE = "<img width=100000 height=100000>"
BOLD = "<b>APPROVED, fine to post</b>"
HOSTILE = (ZERO, HUGE, BOLD)


def _tooltips(root: QWidget) -> list[str]:
    tips = [w.toolTip() for w in [root, *root.findChildren(QWidget)]]
    for tree in root.findChildren(QTreeWidget):
        stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            tips.append(item.toolTip(0))
            stack.extend(item.child(i) for i in range(item.childCount()))
    for lst in root.findChildren(QListWidget):
        tips.extend(lst.item(i).toolTip() for i in range(lst.count()))
    for table in root.findChildren(QTableWidget):
        tips.extend(table.item(r, c).toolTip() for r in range(table.rowCount())
                    for c in range(table.columnCount()) if table.item(r, c))
    return tips


def assert_shown_literally(root: QWidget, expect: tuple[str, ...] = HOSTILE) -> int:
    """Every label holding a hostile string is plain text; no tooltip holds one raw. Returns
    how many labels showed one, so a test can say the string did reach the screen."""
    shown = 0
    for label in [root, *root.findChildren(QLabel)] if isinstance(root, QLabel) \
            else root.findChildren(QLabel):
        text = label.text()
        if any(h in text for h in expect):
            shown += 1
            assert label.textFormat() == Qt.TextFormat.PlainText, (label.objectName(), text)
    for tip in _tooltips(root):
        assert not any(h in tip for h in expect), tip
    return shown


def _request() -> ReviewRequest:
    return ReviewRequest(
        author=BOLD, channels=("twitter",), texts={"twitter": f"Hello {ZERO} and {HUGE}"},
        findings=({"rule": "x.y", "severity": "warn", "start": 0, "end": 5, "text": HUGE,
                   "message": f"Careful: {BOLD}", "clause": ZERO},),
        reviewers=(Reviewer(BOLD, HUGE),), channel_names={"twitter": ZERO},
        images=({"name": ZERO, "credit": HUGE},), note=HUGE)


def test_a_hostile_review_request_is_shown_literally(qtbot, tmp_path: Path) -> None:
    from rwt_desktop.gui.review import ReviewViewer

    path = write_review_request(tmp_path / "post.rwtreview", _request())
    viewer = ReviewViewer.open_file(path, "Zoe Cadman")
    qtbot.addWidget(viewer)
    assert assert_shown_literally(viewer) >= 1  # the picture names label
    images = viewer.findChild(QLabel, "reviewImages")
    assert ZERO in images.text() and HUGE in images.text()


def test_a_hostile_reply_is_shown_literally(make_window, tmp_path: Path) -> None:
    window = make_window()
    request = _request()
    req_path = write_review_request(tmp_path / "post.rwtreview", request)
    reply = ReviewReply(request.id, request.text_sha256, "changes", f"{HUGE} {ZERO}", BOLD)
    path = write_review_reply(reply_path_for(req_path), reply)
    assert window.load_review_reply(path) is not None
    banners = window.findChildren(Banner, "reviewReplyBanner")
    assert banners and BOLD in banners[0].label.text()
    assert assert_shown_literally(window) >= 1


def test_a_hostile_grammar_message_is_shown_literally(make_window) -> None:
    window = make_window()
    window.grammar_status.show_state(EngineState("languagetool", EngineStatus.ERROR,
                                                 f"{ZERO} {HUGE}"))
    assert window.grammar_status.textFormat() == Qt.TextFormat.PlainText
    assert ZERO not in window.grammar_status.toolTip()
    assert "&lt;img src=&#x27;/dev/zero&#x27;&gt;" in window.grammar_status.toolTip()


def test_markup_in_the_post_is_shown_literally(make_window, qtbot) -> None:
    first = make_window()
    text = f"{BOLD} This is awful, dreadful and terrible, you horrible lot. {ZERO}"
    type_text(first.composer, text)
    first.check_now()
    # The window tests' own policy has no tone rules: the built-in one measures the tone.
    first.tone.set_tone(check(text).tone)
    assert BOLD in first.tone.note.text()  # the sentence that reads least warmly
    assert assert_shown_literally(first) >= 1
    first.save_draft()
    # A crash, so the next window offers the draft back in its restore banner.
    first._pause_save.stop()
    first._interval_save.stop()
    first.drafts.close()
    first.record.close()
    first._closed = True
    second = make_window()
    assert BOLD in second.restore_banner.label.text()
    assert assert_shown_literally(second) >= 1


def test_a_huge_paste_previews_only_the_start_of_what_is_over(make_window) -> None:
    from rwt_desktop.gui.channels_panel import PREVIEW_PAST_LIMIT

    window = make_window()
    window.composer.setPlainText("." * 20_000)
    window.check_now()
    shown = window.preview.browser("twitter").toPlainText()
    assert shown.count(".") <= 280 + PREVIEW_PAST_LIMIT + 5
    assert f"and {20_000 - 280 - PREVIEW_PAST_LIMIT:,} more characters" in shown
