"""Rows rescued from a damaged ``rwt.sqlite3``, copied into the new file that replaces it.

:class:`~rwt_desktop.storage.database.Database` moves a corrupt file aside and starts a new
one; :func:`salvage` then copies every row that can still be read, so a damaged page costs
the rows on it, not every draft. It reads a copy, never the file that was moved aside.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["counted", "file_size", "salvage"]


def file_size(path: Path) -> int:
    """The size of ``path`` in bytes, 0 when it is missing or cannot be read."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


#: Most row ids tried one by one when a table cannot be read straight through.
_SALVAGE_MAX_IDS = 200_000


def salvage(damaged: Path, into: sqlite3.Connection) -> dict[str, int]:
    """Copy every row still readable from ``damaged`` into the tables of ``into``.

    Works on a copy in a temporary folder (opening the file itself could check-point or delete
    its ``-wal``), so the moved-aside file stays exactly as it was found. A table is read
    straight through; if that fails part-way, the rest is read one row id at a time, so one
    bad page loses only the rows on it. Only columns both files have are copied. Returns the
    number of rows copied per table (empty when nothing could be read).
    """
    copied: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="rwt-salvage-") as folder:
        copy = Path(folder) / "damaged.sqlite3"
        try:
            _copy_for_reading(damaged, copy)
            old = sqlite3.connect(copy, isolation_level=None)
        except (OSError, sqlite3.Error):
            return copied
        try:
            for table in _tables(into):
                try:
                    copied_n = _salvage_table(old, into, table)
                except sqlite3.Error:
                    continue
                if copied_n:
                    copied[table] = copied_n
        finally:
            old.close()
    return copied


def _copy_for_reading(damaged: Path, copy: Path) -> None:
    wal = Path(f"{damaged}-wal")
    if file_size(damaged) == 0 and file_size(wal) >= 32:
        # Only the -wal is left. Any WAL-mode file of the same page size in front of it lets
        # SQLite read the pages the -wal holds (page 1 with the schema among them).
        page_size = int.from_bytes(wal.read_bytes()[8:12], "big") or 4096
        stub = sqlite3.connect(copy, isolation_level=None)
        try:
            stub.execute(f"PRAGMA page_size = {page_size}")
            stub.execute("PRAGMA journal_mode = WAL")
            stub.execute("CREATE TABLE stub (x)")
        finally:
            stub.close()
        Path(f"{copy}-wal").unlink(missing_ok=True)
    else:
        shutil.copyfile(damaged, copy)
    if wal.exists():
        shutil.copyfile(wal, Path(f"{copy}-wal"))


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name != 'schema_version' ORDER BY name")]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _salvage_table(old: sqlite3.Connection, into: sqlite3.Connection, table: str) -> int:
    wanted = _columns(into, table)
    try:
        have = set(_columns(old, table))
    except sqlite3.Error:
        return 0
    cols = [c for c in wanted if c in have]
    if not cols:
        return 0
    names = ", ".join(f'"{c}"' for c in cols)
    insert = (f'INSERT OR IGNORE INTO "{table}" ({names}) '
              f"VALUES ({', '.join('?' for _ in cols)})")
    copied = 0
    last = 0
    into.execute("BEGIN IMMEDIATE")
    try:
        try:
            for row in old.execute(f'SELECT rowid, {names} FROM "{table}" ORDER BY rowid'):
                last = row[0]
                copied += _insert(into, insert, row[1:])
        except sqlite3.Error:  # damaged part-way: the rest one row id at a time
            try:
                top = old.execute(f'SELECT MAX(rowid) FROM "{table}"').fetchone()[0] or 0
            except sqlite3.Error:
                top = last + _SALVAGE_MAX_IDS
            for rowid in range(last + 1, min(int(top), last + _SALVAGE_MAX_IDS) + 1):
                try:
                    row = old.execute(f'SELECT {names} FROM "{table}" WHERE rowid = ?',
                                      (rowid,)).fetchone()
                except sqlite3.Error:
                    continue
                if row is not None:
                    copied += _insert(into, insert, row)
        into.execute("COMMIT")
    except BaseException:
        if into.in_transaction:
            into.execute("ROLLBACK")
        raise
    return copied


def _insert(into: sqlite3.Connection, insert: str, row: Sequence[Any]) -> int:
    try:
        return into.execute(insert, tuple(row)).rowcount
    except sqlite3.Error:  # a value the new table refuses (NULL in a NOT NULL column)
        return 0


def counted(salvaged: dict[str, int]) -> str:
    """What was saved, in words for the person: "3 drafts and 1 confirmation"."""
    names = {"drafts": ("draft", "drafts"), "confirmations": ("confirmation", "confirmations")}
    parts = []
    for table, n in salvaged.items():
        one, many = names.get(table, ("row of " + table, "rows of " + table))
        parts.append(f"{n} {one if n == 1 else many}")
    return " and ".join(parts)

