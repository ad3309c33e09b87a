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
(stored as 'surrogatepass' UTF-8 in a BLOB; see ``values.text_to_db``).

Two running copies of the program never share a draft: a store *claims* each draft it saves
or opens (an operating-system lock beside the database, see
:mod:`~rwt_desktop.storage.draftlock`), :meth:`DraftStore.unsaved` skips drafts another copy
has claimed, and :meth:`DraftStore.claim` says whether a draft is free to open. A row damaged
by hand or by a bad disk (a timestamp that is not a date, channels that are not JSON) still
lists and loads, with what could be read.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .database import DatabaseStore, StorageError
from .draftlock import DraftClaims
from .values import (
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

    def __init__(self, db_path: Path) -> None:
        super().__init__(db_path)
        self._claims = DraftClaims(self._db.path)

    def claim(self, draft_id: int) -> bool:
        """Own ``draft_id`` for this running copy; False if another running copy owns it."""
        return self._claims.claim(draft_id)

    def release(self, draft_id: int) -> None:
        """Let another copy open ``draft_id`` (it was finished or closed)."""
        self._claims.release(draft_id)

    def owned_elsewhere(self, draft_id: int) -> bool:
        return self._claims.owned_elsewhere(draft_id)

    def close(self) -> None:
        self._claims.release_all()
        super().close()

    def save(self, text: str, channels: Sequence[str], draft_id: int | None = None) -> int:
        """Insert or update in one transaction and return the id.

        The draft is marked as not closed cleanly. If ``draft_id`` no longer exists (it was
        deleted meanwhile) the text is saved as a new draft, and the new id is returned. A
        new draft is claimed by this store.
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
        self._claims.claim(new_id)
        return new_id

    def close_cleanly(self, draft_id: int) -> None:
        """Normal quit or draft finished: it will not be offered for restore. Unknown ids are
        ignored."""
        with self._db.transaction() as conn:
            conn.execute("UPDATE drafts SET closed_cleanly = 1 WHERE id = ?", (draft_id,))

    def unsaved(self) -> Draft | None:
        """The newest draft not closed cleanly that has something besides spaces in it and
        that no other running copy of the program has open."""
        rows = self._read(f"SELECT {_COLUMNS} FROM drafts WHERE closed_cleanly = 0 AND blank = 0"
                          " ORDER BY updated DESC, id DESC LIMIT 50")
        for row in rows:
            draft = _draft(row)
            if not self._claims.owned_elsewhere(draft.id):
                return draft
        return None

    def list(self, limit: int = 100) -> builtins.list[Draft]:
        """Newest first."""
        return [_draft(r) for r in self._newest(
            f"SELECT {_COLUMNS} FROM drafts ORDER BY updated DESC, id DESC LIMIT ?", limit)]

    def load(self, draft_id: int) -> Draft:
        """The draft with this id; ``KeyError`` if there is none."""
        rows = self._read(f"SELECT {_COLUMNS} FROM drafts WHERE id = ?", (draft_id,))
        if not rows:
            raise KeyError(draft_id)
        return _draft(rows[0])

    def delete(self, draft_id: int) -> None:
        """Unknown ids are ignored."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        self._claims.release(draft_id, forget=True)


#: Shown for a timestamp that cannot be read (the row is listed all the same).
_UNKNOWN_TIME = datetime(1970, 1, 1, tzinfo=UTC)


def _draft(row: sqlite3.Row | tuple) -> Draft:
    """One row as a Draft; a damaged field gives a stand-in, never an error, so one bad row
    cannot hide the others (File > Drafts lists them all)."""
    id_, text, channels, created, updated, closed = row
    return Draft(
        id=int(id_),
        text=_safe_text(text),
        channels=_safe_channels(channels),
        created=_safe_time(created),
        updated=_safe_time(updated),
        closed_cleanly=bool(closed),
    )


def _safe_text(value: object) -> str:
    if value is None or isinstance(value, str | bytes):
        with contextlib.suppress(UnicodeDecodeError):
            return text_from_db(value)
        assert isinstance(value, bytes)
        return value.decode("utf-8", "replace")
    return str(value)


def _safe_channels(value: object) -> tuple[str, ...]:
    try:
        got = json_from_db(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, json.JSONDecodeError):
        return ()
    if not isinstance(got, list):
        return ()
    return tuple(str(c) for c in got)


def _safe_time(value: object) -> datetime:
    if not isinstance(value, str):
        return _UNKNOWN_TIME
    try:
        when = from_iso(value)
    except ValueError:
        return _UNKNOWN_TIME
    # Year 1 or 9999 overflows when the window turns it into local time in some time zones.
    return when if 1 < when.year < 9999 else _UNKNOWN_TIME
