"""A damaged database is salvaged row by row into the new one, and the file found is kept
exactly as it was; an empty file beside a ``-wal`` file does not lose the ``-wal``.
Issue 13, item 3.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from rwt_desktop.storage.drafts import DraftStore


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _texts(n: int) -> list[str]:
    return [f"Draft number {i}: " + "words about the Christmas market " * 30 for i in range(n)]


def test_a_damaged_page_costs_only_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "rwt.sqlite3"
    texts = _texts(120)
    with DraftStore(db) as store:
        for text in texts:
            store.save(text, ["twitter"])
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    # Scribble over one page in the middle of the drafts.
    with open(db, "r+b") as f:
        f.seek(page_size * (pages // 2))
        f.write(b"\xde\xad\xbe\xef" * (page_size // 4))
    damaged = _digest(db)

    with DraftStore(db) as store:
        assert store.moved_aside is not None
        assert _digest(store.moved_aside) == damaged, "the file found is kept as it was"
        assert "could still be read" in (store.problem or "")
        recovered = {d.text for d in store.list(limit=1000)}
    assert recovered <= set(texts)
    assert len(recovered) >= 100, f"only {len(recovered)} of 120 drafts recovered"


def test_an_empty_file_beside_a_wal_keeps_the_wal_and_its_drafts(tmp_path: Path) -> None:
    live = tmp_path / "live"
    live.mkdir()
    texts = _texts(5)
    store = DraftStore(live / "rwt.sqlite3")
    try:
        for text in texts:
            store.save(text, ["twitter"])
        found = tmp_path / "found"
        found.mkdir()
        shutil.copyfile(live / "rwt.sqlite3-wal", found / "rwt.sqlite3-wal")
    finally:
        store.close()
    (found / "rwt.sqlite3").write_bytes(b"")  # the 0-byte file a full disk can leave
    wal = _digest(found / "rwt.sqlite3-wal")

    with DraftStore(found / "rwt.sqlite3") as store:
        assert store.moved_aside is not None
        kept = Path(f"{store.moved_aside}-wal")
        assert kept.exists() and _digest(kept) == wal, "the -wal is kept as it was"
        assert {d.text for d in store.list()} == set(texts)


def test_a_file_that_is_not_a_database_salvages_nothing_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "rwt.sqlite3"
    db.write_bytes(b"this is not a database at all" * 100)
    with DraftStore(db) as store:
        assert store.moved_aside is not None
        assert "Nothing could be read" in (store.problem or "")
        assert store.list() == []
