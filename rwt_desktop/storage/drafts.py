"""Drafts, saved as the person types so that a crash or a power cut loses nothing.

Each :meth:`DraftStore.save` is one SQLite transaction in WAL mode with ``synchronous=FULL``:
when it returns, the text is on disk and survives the process being killed (see
``tests/test_drafts_crash.py``). A save of a 2,200-character post takes about a millisecond,
short enough to call on the UI thread from an autosave timer.

A draft is "not closed cleanly" from its first save until :meth:`DraftStore.close_cleanly`
(the person finished it or quit normally). At start-up the window asks :meth:`unsaved` for the
newest such draft that has something in it (not just spaces) and offers to restore it.

Problems the window should know about:

* :attr:`DraftStore.problem` is a message to show when the database file could not be read
  and was moved aside as ``rwt.sqlite3.corrupt-YYYYmmdd-HHMMSS`` (``moved_aside`` is its
  path); a fresh, empty file is then in use. It is ``None`` normally.
* Every method raises :class:`~rwt_desktop.storage.database.StorageError` (with a sentence
  to show) if SQLite fails, e.g. the disk is full; :meth:`load` raises ``KeyError`` for an id
  that does not exist.

Any text is accepted: NUL characters, 1 MB, and lone surrogates, which are kept exactly
(stored as 'surrogatepass' UTF-8 in a BLOB; see ``database.text_to_db``).
"""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .database import (
    DatabaseStore,
    StorageError,
    from_iso,
    json_from_db,
    json_to_db,
    text_from_db,
    text_to_db,
    to_iso,
    utc_now,
)

__all__ = ["Draft", "DraftStore", "StorageError"]


@dataclass(frozen=True)
class Draft:
    id: int
    text: str
    channels: tuple[str, ...]
    created: datetime
    updated: datetime
    closed_cleanly: bool  # False until the user closes/finishes the draft normally


_COLUMNS = "id, text, channels, created, updated, closed_cleanly"


class DraftStore(DatabaseStore):
    """Drafts in ``db_path``, the file shared with the confirmation record."""

    def save(self, text: str, channels: Sequence[str], draft_id: int | None = None) -> int:
        """Insert or update in one transaction and return the id.

        The draft is marked as not closed cleanly. If ``draft_id`` no longer exists (it was
        deleted meanwhile) the text is saved as a new draft, and the new id is returned.
        """
        now = to_iso(utc_now())
        stored = text_to_db(text)
        if isinstance(channels, str):  # save(text, "twitter") means one channel
            channels = [channels]
        chans = json_to_db([str(c) for c in channels])
        blank = 0 if text.strip() else 1
        with self._db.transaction() as conn:
            if draft_id is not None:
                cur = conn.execute(
                    "UPDATE drafts SET text = ?, channels = ?, updated = ?, blank = ?,"
                    " closed_cleanly = 0 WHERE id = ?",
                    (stored, chans, now, blank, draft_id),
                )
                if cur.rowcount == 1:
                    return draft_id
            cur = conn.execute(
                "INSERT INTO drafts (text, channels, created, updated, blank, closed_cleanly)"
                " VALUES (?, ?, ?, ?, ?, 0)",
                (stored, chans, now, now, blank),
            )
            new_id = cur.lastrowid
        assert new_id is not None
        return new_id

    def close_cleanly(self, draft_id: int) -> None:
        """Normal quit or draft finished: it will not be offered for restore. Unknown ids are
        ignored."""
        with self._db.transaction() as conn:
            conn.execute("UPDATE drafts SET closed_cleanly = 1 WHERE id = ?", (draft_id,))

    def unsaved(self) -> Draft | None:
        """The newest draft not closed cleanly that has something besides spaces in it."""
        with self._db.transaction(write=False) as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM drafts WHERE closed_cleanly = 0 AND blank = 0"
                " ORDER BY updated DESC, id DESC LIMIT 1"
            ).fetchone()
        return _draft(row) if row else None

    def list(self, limit: int = 100) -> builtins.list[Draft]:
        """Newest first."""
        if limit <= 0:
            return []
        with self._db.transaction(write=False) as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM drafts ORDER BY updated DESC, id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [_draft(r) for r in rows]

    def load(self, draft_id: int) -> Draft:
        """The draft with this id; ``KeyError`` if there is none."""
        with self._db.transaction(write=False) as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM drafts WHERE id = ?", (draft_id,)
            ).fetchone()
        if row is None:
            raise KeyError(draft_id)
        return _draft(row)

    def delete(self, draft_id: int) -> None:
        """Unknown ids are ignored."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))


def _draft(row: sqlite3.Row | tuple) -> Draft:
    id_, text, channels, created, updated, closed = row
    return Draft(
        id=int(id_),
        text=text_from_db(text),
        channels=tuple(json_from_db(channels)),
        created=from_iso(created),
        updated=from_iso(updated),
        closed_cleanly=bool(closed),
    )
