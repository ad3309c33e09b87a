"""Drafts are never lost: a failed save keeps the words, says so until a save works, and
asks before closing; two running copies never share a draft; a damaged row still lists.

Issue 13, item 1 (and the database parts of items 3 and 7).
"""

from __future__ import annotations

import sqlite3
from unittest import mock

from gui_support import type_text

from rwt_desktop.gui.dialogs import Banner
from rwt_desktop.storage.database import StorageError
from rwt_desktop.storage.drafts import DraftStore

# ---------------------------------------------------------------------- storage


def test_a_second_store_is_not_offered_a_draft_another_copy_has_open(tmp_path) -> None:
    db = tmp_path / "rwt.sqlite3"
    first = DraftStore(db)
    second = DraftStore(db)
    try:
        draft_id = first.save("Live words in the first copy", ["twitter"])
        assert second.owned_elsewhere(draft_id)
        assert second.unsaved() is None
        assert not second.claim(draft_id)
        own = second.save("The second copy's own post", ["twitter"])
        assert own != draft_id
        assert first.unsaved().id == draft_id  # its own draft is not "elsewhere"
    finally:
        first.close()  # a crash lets go of the lock just the same
    try:
        assert not second.owned_elsewhere(draft_id)
        assert second.claim(draft_id)
    finally:
        second.close()


def test_a_row_with_a_bad_timestamp_still_lists_and_loads(tmp_path) -> None:
    db = tmp_path / "rwt.sqlite3"
    with DraftStore(db) as store:
        good = store.save("A good draft", ["twitter"])
        bad = store.save("A draft with a damaged date", ["twitter"])
    conn = sqlite3.connect(db)
    conn.execute("UPDATE drafts SET updated = 'not a date', created = 12,"
                 " channels = '{oops' WHERE id = ?", (bad,))
    conn.execute("UPDATE drafts SET created = '0001-01-01T00:00:00' WHERE id = ?", (good,))
    conn.commit()
    conn.close()
    with DraftStore(db) as store:
        listed = {d.id: d for d in store.list()}
        assert set(listed) == {good, bad}
        assert listed[bad].text == "A draft with a damaged date"
        assert listed[bad].channels == ()
        assert store.load(bad).updated.year == 1970
        assert store.load(good).created.year == 1970


# ---------------------------------------------------------------------- the window


def _hold_database(path):
    """Another program holding the database file locked for writing."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    return conn


def test_a_failed_save_keeps_the_words_and_says_so_until_a_save_works(make_window,
                                                                    qtbot) -> None:
    w = make_window()
    w.show()
    type_text(w.composer, "Words that must not be lost")
    locker = _hold_database(w.dirs.database)
    try:
        assert w.save_draft() is False
        assert w.draft_unsaved
        banners = w.findChildren(Banner, "saveProblemBanner")
        assert len(banners) == 1
        banner = banners[0]
        assert "could not be saved" in banner.label.text()
        from PySide6.QtWidgets import QPushButton

        closers = [b for b in banner.findChildren(QPushButton)
                   if b.accessibleName() == "Close this notice"]
        assert closers and closers[0].isHidden()  # it stays until a save works
        fallback = w.draft_keeper.problem.fallback
        assert fallback is not None
        assert fallback.read_text(encoding="utf-8") == "Words that must not be lost"
        assert w.composer.toPlainText() == "Words that must not be lost"
        w.draft_keeper.dirty = True
        assert w.save_draft() is False  # still locked: still one banner
        qtbot.wait(10)
        assert len([b for b in w.findChildren(Banner, "saveProblemBanner")
                    if b.isVisible()]) == 1
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    w.draft_keeper.dirty = True
    assert w.save_draft() is True
    assert not w.draft_unsaved
    qtbot.wait(10)
    assert not [b for b in w.findChildren(Banner, "saveProblemBanner") if b.isVisible()]
    assert not fallback.exists()
    assert w.drafts.unsaved().text == "Words that must not be lost"


def test_new_post_keeps_the_words_when_they_cannot_be_saved(make_window) -> None:
    w = make_window()
    type_text(w.composer, "Do not clear me")
    with mock.patch.object(w.drafts, "save", side_effect=StorageError("database or disk is full")):
        w.new_post()
    assert w.composer.toPlainText() == "Do not clear me"
    assert w.draft_unsaved


def test_closing_with_unsaved_words_asks_first(make_window) -> None:
    w = make_window()
    w.show()
    type_text(w.composer, "Unsaved words")
    full = StorageError("database or disk is full")
    with mock.patch.object(w.drafts, "save", side_effect=full):
        with mock.patch.object(w, "ask_close_unsaved", return_value=False) as ask:
            assert w.close() is False
        ask.assert_called_once()
        assert w.isVisible() and not w._closed
        assert w.composer.toPlainText() == "Unsaved words"
        with mock.patch.object(w, "ask_close_unsaved", return_value=True):
            assert w.close() is True
    assert w._closed


def test_close_event_never_raises_on_a_full_disk(make_window) -> None:
    w = make_window()
    w.show()
    type_text(w.composer, "Saved, but the disk fills before it is marked finished")
    full = StorageError("database or disk is full")
    with mock.patch.object(w.drafts, "close_cleanly", side_effect=full):
        assert w.close() is True  # pytest-qt fails the test if closeEvent raises
    assert w._closed


def test_a_second_window_opens_its_own_draft(make_window) -> None:
    first = make_window()
    type_text(first.composer, "The first copy is still writing this")
    assert first.save_draft()
    second = make_window()
    assert not hasattr(second, "restore_banner")
    type_text(second.composer, "The second copy writes its own")
    assert second.save_draft()
    assert second._draft_id != first._draft_id
    second.load_draft(first._draft_id)  # File > Drafts: the first copy's live draft
    assert second.composer.toPlainText() == "The second copy writes its own"
    texts = {d.id: d.text for d in second.drafts.list()}
    assert texts[first._draft_id] == "The first copy is still writing this"
    assert "another copy" in " ".join(
        b.label.text() for b in second.findChildren(Banner, "problemBanner"))


def test_the_window_starts_when_the_database_cannot_be_opened(dirs, qtbot) -> None:
    from rwt_desktop.gui.window import MainWindow

    dirs.database.mkdir(parents=True)  # a folder where the file should be
    w = MainWindow(dirs, synchronous=True, ask_policy_acknowledgement=False)
    qtbot.addWidget(w)
    try:
        text = " ".join(b.label.text() for b in w.findChildren(Banner, "problemBanner"))
        assert "could not be opened" in text
        type_text(w.composer, "Still saved somewhere")
        assert w.save_draft()
        assert w.drafts.path != dirs.database
    finally:
        w.shutdown()
