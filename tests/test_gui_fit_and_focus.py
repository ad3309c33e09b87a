"""The smaller things from issue 12: the picture form fits 1024×700, the grammar status
gives its reason in words, a second opinion works without a Documents folder, menus and
mnemonics do not clash, focus is visible, and a very long paste says how much was checked."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from unittest import mock
from urllib.parse import unquote

import pytest
from gui_support import type_post
from PIL import Image
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QTabBar,
    QWidget,
)

from rwt_desktop.gui.focus_ring import RING_COLOUR
from rwt_desktop.gui.review import SecondOpinionDialog

pytestmark = pytest.mark.gui


# ---------------------------------------------------------------------- the picture form


@pytest.mark.parametrize(("source", "children"), [("partner", True), ("own", False)])
def test_every_picture_field_shows_without_scrolling_at_1024_by_700(window, tmp_path, qtbot,
                                                                    source, children) -> None:
    path = tmp_path / "photo.png"
    Image.new("RGB", (640, 480), (30, 120, 60)).save(path)
    window.resize(1024, 700)
    window.images.attach_files([str(path)])
    form = window.images.form
    form.source.setCurrentIndex(form.source.findData(source))
    form.people.setCurrentIndex(form.people.findData("yes"))
    form.children.setChecked(children)
    QApplication.processEvents()
    assert window.left_tabs.currentWidget() is window.pictures_tab  # a new picture's form
    assert window.size().width() <= 1024 and window.size().height() <= 700
    scroll = window.pictures_tab
    viewport = scroll.viewport()
    assert scroll.verticalScrollBar().maximum() == 0
    assert scroll.horizontalScrollBar().maximum() == 0
    fields = [form.source, form.author, form.permission_from, form.permission_date,
              form.licence, form.licence_url, form.title, form.credit_wanted, form.people,
              form.children, form.consent, form.alt_text, form.alt_counter]
    shown = [f for f in fields if f.isVisibleTo(window)]
    assert len(shown) >= 11
    for field in shown:
        top_left = field.mapTo(viewport, QPoint(0, 0))
        where = QRect(top_left, field.size())
        assert viewport.rect().contains(where), (field.objectName(), where, viewport.rect())
        assert field.width() >= field.minimumSizeHint().width(), field.objectName()  # no clipping


# ---------------------------------------------------------------------- grammar status


def test_grammar_status_gives_the_reason_in_words(dirs, make_window, qtbot) -> None:
    from rwt_desktop.storage.settings import SettingsStore

    store = SettingsStore(dirs.config)
    settings, _ = store.load()
    # Nothing listens on port 9 here: the connection is refused at once.
    store.save(replace(settings, grammar_engine="languagetool",
                       languagetool_url="http://127.0.0.1:9"))
    w = make_window()
    qtbot.waitUntil(lambda: w.grammar_status.text().startswith("Grammar check unavailable"),
                    timeout=15_000)
    assert w.grammar_status.text() == (
        "Grammar check unavailable: The LanguageTool server at 127.0.0.1:9 is not answering "
        "(connection refused), so grammar was not checked. Spelling and grammar are not being "
        "checked; the policy checks still run.")
    # It wraps, all of it showing, and leaves most of the status bar for its messages.
    w.resize(1024, 700)
    w.show()
    w.statusBar().showMessage("Not copied: read the post back first (Ctrl+Enter).")
    QApplication.processEvents()
    label = w.grammar_status
    assert label.isVisible() and label.width() <= w.width() // 2
    assert label.heightForWidth(label.width()) <= label.height()


# ---------------------------------------------------------------------- a second opinion


def test_second_opinion_without_documents_asks_again_and_keeps_the_question(
        window, tmp_path, monkeypatch) -> None:
    from PySide6.QtCore import QStandardPaths

    missing = tmp_path / "home" / "Documents"  # never made
    (tmp_path / "home").mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda *_: str(missing))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    good = tmp_path / "reviews" / "ask.rwtreview"
    good.parent.mkdir()
    type_post(window, "Is it all right to name the café owner in this post?")
    seen: list[tuple[str, str, str]] = []

    def person(dialog: SecondOpinionDialog, *_args) -> int:
        seen.append((dialog.path.text(), dialog.note.toPlainText(), dialog.problem.text()))
        if len(seen) == 1:
            assert Path(dialog.path.text()).parent.is_dir()  # starts somewhere that exists
            dialog.note.setPlainText("Can we name the owner?\nShe said yes on the phone.")
            dialog.path.setText(str(blocker / "ask.rwtreview"))  # this save fails
        else:
            dialog.path.setText(str(good))
        return SecondOpinionDialog.DialogCode.Accepted

    urls = []
    with mock.patch.object(SecondOpinionDialog, "exec", new=person), \
            mock.patch("rwt_desktop.gui.review.open_external",
                       side_effect=lambda url: urls.append(url.toString()) or True):
        saved = window.ask_second_opinion()
    assert saved == good and good.exists()
    assert len(seen) == 2
    assert seen[0][0].startswith(str(tmp_path / "home"))
    assert seen[1][1] == "Can we name the owner?\nShe said yes on the phone."  # kept
    assert "Could not save the review request" in seen[1][2]
    assert Path(seen[1][0]).parent.is_dir()
    body = unquote(urls[0].split("body=", 1)[1])
    assert len(body.splitlines()) > 10
    assert "My question: Can we name the owner?" in body


def test_email_draft_keeps_many_lines_for_a_long_post_with_many_findings() -> None:
    from rwt_desktop.storage.review import (
        MAX_MAILTO_CHARS,
        Reviewer,
        ReviewRequest,
        mailto_url,
    )

    text = "A long post about the fun day. " * 100
    findings = tuple({"rule": f"r{n}", "severity": "warn", "start": 0, "end": 30,
                      "text": text[:30], "message": "This sentence sounds cross. " * 4,
                      "clause": "Friendly"} for n in range(40))
    request = ReviewRequest(author="Sam", channels=("twitter",), texts={"twitter": text},
                            findings=findings, reviewers=(Reviewer("Zoe", "Chair"),),
                            channel_names={"twitter": "X"}, note="Too long?")
    url = mailto_url(request, "ask.rwtreview")
    assert len(url) <= MAX_MAILTO_CHARS
    body = unquote(url.split("body=", 1)[1])
    assert len(body.splitlines()) > 10
    assert "My question: Too long?" in body
    assert "more: everything is in the file" in body


# ---------------------------------------------------------------------- menus and mnemonics


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def menu_clashes(menu: QMenu) -> list[str]:
    out, seen = [], {}
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        key = mnemonic(action.text())
        if key is not None:
            if key in seen:
                out.append(f"{menu.title()}: {seen[key]!r} and {action.text()!r} share &{key}")
            seen[key] = action.text()
        if action.menu() is not None:
            out += menu_clashes(action.menu())
    return out


def window_mnemonics(window) -> dict[str, list[str]]:
    """Every mnemonic a person can press in the window as it is shown now."""
    keys: dict[str, list[str]] = {}

    def add(text: str) -> None:
        key = mnemonic(text)
        if key is not None:
            keys.setdefault(key, []).append(text)

    for action in window.menuBar().actions():
        add(action.text())
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or labelled:
            add(widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget.title())
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add(widget.tabText(i))
    return keys


def test_no_two_items_share_a_mnemonic(make_window, dirs, tmp_path, qtbot) -> None:
    from rwt_desktop.storage.drafts import DraftStore

    store = DraftStore(dirs.database)
    store.save("An unfinished post", ["twitter"])  # the restore banner, with its buttons
    store.close()
    window = make_window()
    window.show()
    assert window.findChildren(QWidget, "restoreBanner")
    clashes = []
    for action in window.menuBar().actions():
        clashes += menu_clashes(action.menu())
    assert clashes == []
    # The window in both tabs, with a picture and a spelling finding's button showing.
    path = tmp_path / "p.png"
    Image.new("RGB", (64, 64)).save(path)
    window.images.attach_files([str(path)])
    window.findings.add_word_button.setVisible(True)
    for tab in range(window.left_tabs.count()):
        window.left_tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        shared = {k: v for k, v in window_mnemonics(window).items() if len(v) > 1}
        assert shared == {}, f"tab {tab}: {shared}"


def test_alt_f_opens_the_file_menu(window, qtbot) -> None:
    window.activateWindow()
    window.composer.setFocus()
    file_menu = window.menuBar().actions()[0].menu()
    qtbot.keyClick(window.composer, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(file_menu.isVisible, timeout=3000)
    file_menu.close()


# ---------------------------------------------------------------------- focus


def _left_edge(widget: QWidget) -> QColor:
    image = widget.grab().toImage()
    return image.pixelColor(0, image.height() // 2)


def test_focus_ring_on_the_preview_pictures_list_and_text_boxes(window, tmp_path,
                                                                 qtbot) -> None:
    from rwt_desktop.gui.readback import PostForReadBack, ReadBackDialog

    path = tmp_path / "p.png"
    Image.new("RGB", (64, 64)).save(path)
    window.images.attach_files([str(path)])
    type_post(window, "A post to look at")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    ring = QColor(RING_COLOUR)
    window.left_tabs.setCurrentIndex(0)
    preview = window.preview.browser(window.channels_panel.chosen()[0])
    boxes = [window.composer, preview]
    for box in boxes:
        window.tone.setFocus()
        assert _left_edge(box) != ring, box.objectName()
        box.setFocus()
        qtbot.waitUntil(box.hasFocus, timeout=2000)
        assert _left_edge(box) == ring, box.objectName()
    window.show_pictures()
    window.images.list.setFocus()
    qtbot.waitUntil(window.images.list.hasFocus, timeout=2000)
    assert _left_edge(window.images.list) == ring
    post = PostForReadBack(texts={"twitter": "A post to look at"},
                           channels=[window.policy.channel("twitter")], findings=[])
    dialog = ReadBackDialog(post, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    view = dialog.text_views["twitter"]
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    assert _left_edge(view) == ring


# ---------------------------------------------------------------------- a very long paste


def test_a_very_long_paste_says_how_much_was_checked(window) -> None:
    from rwt_desktop.core.checker import MAX_CHECKED_CHARS

    type_post(window, "Lovely day. ")
    assert not window.checked_note.isVisibleTo(window)
    long = "Lovely day at the park. " * (MAX_CHECKED_CHARS // 24 + 2000)
    type_post(window, long)
    assert window.checked_note.isVisibleTo(window)
    assert window.checked_note.text().startswith(
        f"This post is very long: only the first {MAX_CHECKED_CHARS:,} of its {len(long):,} "
        "characters were checked.")
    type_post(window, "Short again.")
    assert not window.checked_note.isVisibleTo(window)
