"""The SQLite file ``rwt.sqlite3`` shared by the drafts and the confirmation record.

How it is opened, and why:

* **WAL with ``synchronous=FULL``**: a save is one short transaction that is on disk when it
  returns, so neither a killed process nor a power cut loses a committed draft. Autosave runs
  every few seconds, so the extra ``fsync`` is affordable (see the figures in the tests).
* **Foreign keys on**, a short ``busy_timeout`` (150 ms) so a second copy of the program waits
  briefly instead of failing but a locked file never freezes the window, and a
  ``schema_version`` table: one row per migration applied. Migrations only ever add, so an
  older program can still read a newer file.
* **One connection per thread** (:class:`Database` keeps them in a ``threading.local``); the
  window calls from the UI thread, a worker thread gets its own connection.

A file that is not a database, or that SQLite reports as corrupt, is never deleted: it is
moved aside (with its ``-wal``/``-shm`` files) as ``rwt.sqlite3.corrupt-YYYYmmdd-HHMMSS`` and a
fresh file is made. Then every row that can still be read from a copy of the old file is
copied into the new one, row by row (``salvage.salvage``), so a damaged page costs the rows
on it, not every draft. An empty (0-byte) file beside a ``-wal`` file counts as damaged too: SQLite
would otherwise start afresh and delete the ``-wal``, which may hold every draft.
:attr:`Database.problem` then holds a message for the person and :attr:`Database.moved_aside`
the path. Any other failure raises :class:`StorageError`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from .paths import aside_path
from .salvage import counted, file_size, salvage
from .values import to_iso, utc_now

__all__ = ["MIGRATIONS", "Database", "Migration", "StorageError"]


class StorageError(OSError):
    """Saving or reading failed; ``str()`` is a sentence the window can show.

    An ``OSError`` so that one ``except OSError`` in the window covers files and database.
    """


#: (version, description, statements). Append only; never edit an applied migration.
Migration = tuple[int, str, tuple[str, ...]]
MIGRATIONS: tuple[Migration, ...] = (
    (
        1,
        "drafts and the confirmation record",
        (
            """CREATE TABLE drafts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                text TEXT NOT NULL,              -- a BLOB (UTF-8 'surrogatepass') only if the
                                                 -- text holds lone surrogates
                channels TEXT NOT NULL,          -- JSON array
                created TEXT NOT NULL,           -- ISO 8601 UTC
                updated TEXT NOT NULL,
                blank INTEGER NOT NULL CHECK (blank IN (0, 1)),
                closed_cleanly INTEGER NOT NULL DEFAULT 0 CHECK (closed_cleanly IN (0, 1))
            )""",
            "CREATE INDEX drafts_by_updated ON drafts (updated DESC, id DESC)",
            """CREATE TABLE confirmations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,                -- ISO 8601 UTC ("when")
                who TEXT NOT NULL,
                channels TEXT NOT NULL,          -- JSON array
                text_sha256 TEXT NOT NULL,
                texts TEXT NOT NULL,             -- JSON object: channel -> final text
                acknowledged TEXT NOT NULL,      -- JSON array
                findings TEXT NOT NULL,          -- JSON array of Finding.to_dict()
                action TEXT NOT NULL DEFAULT '',
                policy_version TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX confirmations_by_at ON confirmations (at DESC, id DESC)",
        ),
    ),
)

#: How long a save waits for another connection's write to finish. Saves run on the UI
#: thread, so this is short: a write here takes about a millisecond, and a database that
#: stays locked longer (another program holding it) is reported rather than waited for.
_BUSY_TIMEOUT_MS = 150


class Database:
    """Per-thread connections to one SQLite file, migrated to the newest schema on open."""

    def __init__(self, path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        self.path = Path(path)
        self._migrations = tuple(migrations)
        #: A message for the person when the file had to be replaced (None normally).
        self.problem: str | None = None
        #: Where a corrupt file was moved to.
        self.moved_aside: Path | None = None
        #: Rows copied from the moved-aside file into the new one, by table.
        self.salvaged: dict[str, int] = {}
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"The folder {self.path.parent} could not be made: {exc}") from exc
        self._open_checked()

    # -- connections ------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # check_same_thread=False only so close() can close every thread's connection; each
        # connection is otherwise used by the one thread that made it.
        conn = sqlite3.connect(
            self.path,
            timeout=_BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")  # falls back by itself on odd filesystems
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_checked(self) -> None:
        try:
            # Look at the header before SQLite does: on a file that is not a database SQLite
            # would delete the -wal file beside it when the failed connection closes.
            _check_header(self.path)
            conn = self._connect()
            try:
                _check_integrity(conn)
                self._migrate(conn)
            except BaseException:
                conn.close()
                raise
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                raise StorageError(_unreadable(self.path, exc)) from exc
            self._move_aside(exc)
            try:
                conn = self._connect()
            except sqlite3.Error as exc2:
                raise StorageError(_unreadable(self.path, exc2)) from exc2
            try:
                self._migrate(conn)
            except sqlite3.Error as exc2:
                conn.close()
                raise StorageError(_unreadable(self.path, exc2)) from exc2
            assert self.moved_aside is not None
            self.salvaged = salvage(self.moved_aside, conn)
            saved = (f" {counted(self.salvaged)} could still be read from it and are in the "
                     "new file." if self.salvaged else " Nothing could be read from it.")
            self.problem = (f"{self.problem}{saved} Please tell whoever looks after the "
                            "program's computers.")
        self._local.conn = conn
        self._all.append(conn)

    def conn(self) -> sqlite3.Connection:
        """This thread's connection (made on first use in a new thread)."""
        if self._closed:
            raise StorageError("The drafts and confirmation record are closed.")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = self._connect()
            except sqlite3.Error as exc:
                raise StorageError(_unreadable(self.path, exc)) from exc
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[sqlite3.Connection]:
        """One short transaction; sqlite3 errors come out as :class:`StorageError`."""
        conn = self.conn()
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite may have rolled back already (disk full)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise StorageError(f"{self.path.name}: {_plain(exc)}") from exc

    def close(self) -> None:
        with self._lock:
            self._closed = True
            conns, self._all = self._all, []
        for conn in conns:
            with contextlib.suppress(sqlite3.Error):
                conn.close()

    # -- schema -----------------------------------------------------------------------------

    def _migrate(self, conn: sqlite3.Connection) -> None:
        latest = max((m[0] for m in self._migrations), default=0)
        current = _schema_version(conn)
        if current >= latest:
            if current > latest:
                self.problem = (
                    f"{self.path.name} was made by a newer version of RWT Post Checker. "
                    "It is being used as it is; please update this copy of the program."
                )
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " version INTEGER PRIMARY KEY, applied TEXT NOT NULL, description TEXT NOT NULL)"
            )
            current = _schema_version(conn)  # another process may have migrated meanwhile
            for version, description, statements in sorted(self._migrations):
                if version <= current:
                    continue
                for statement in statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_version (version, applied, description) VALUES (?, ?, ?)",
                    (version, to_iso(utc_now()), description),
                )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def schema_version(self) -> int:
        return _schema_version(self.conn())

    # -- corruption -------------------------------------------------------------------------

    def _move_aside(self, exc: sqlite3.Error) -> None:
        target = aside_path(self.path, "corrupt")
        try:
            # The -wal file goes with it under the matching name, so SQLite tools (or a
            # recovery service) see the pair exactly as it was.
            for suffix in ("-wal", "-shm", "-journal"):
                side = Path(f"{self.path}{suffix}")
                if side.exists():
                    os.replace(side, Path(f"{target}{suffix}"))
            os.replace(self.path, target)
        except OSError as move_exc:
            raise StorageError(
                f"{self.path.name} cannot be read ({_plain(exc)}) and could not be moved "
                f"aside ({move_exc.strerror or move_exc}). Nothing was changed."
            ) from move_exc
        self.moved_aside = target
        self.problem = (
            f"Your saved drafts and confirmation record ({self.path.name}) could not be read "
            f"({_plain(exc)}). The file has been kept as {target.name} in {target.parent} and "
            "a new one started."
        )


_HEADER = b"SQLite format 3\x00"


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(len(_HEADER))
    except FileNotFoundError:
        return
    except OSError:
        return  # let SQLite report it in its own words
    if head and head != _HEADER:
        raise _CorruptFile("file is not a database")
    if not head and file_size(Path(f"{path}-wal")) > 0:
        raise _CorruptFile("the database file is empty but its -wal file is not")


def _check_integrity(conn: sqlite3.Connection) -> None:
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        detail = "; ".join(str(r[0]) for r in rows[:3])
        raise _CorruptFile(f"database disk image is malformed ({detail})")


class _CorruptFile(sqlite3.DatabaseError):
    """quick_check found damage that SQLite had not yet tripped over."""


def _is_corruption(exc: sqlite3.Error) -> bool:
    if isinstance(exc, _CorruptFile):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _schema_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _plain(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _unreadable(path: Path, exc: BaseException) -> str:
    return f"{path.name} in {path.parent} could not be opened ({_plain(exc)})."


class DatabaseStore:
    """What the drafts and the confirmation record share: one :class:`Database` file, the
    problem to show when it had to be replaced, and closing (also as a context manager)."""

    def __init__(self, db_path: Path) -> None:
        self._db = Database(db_path)

    @property
    def problem(self) -> str | None:
        """A message for the person when the file had to be replaced; None normally."""
        return self._db.problem

    @property
    def moved_aside(self) -> Path | None:
        return self._db.moved_aside

    @property
    def path(self) -> Path:
        return self._db.path

    def close(self) -> None:
        self._db.close()

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The rows of one query, read in one snapshot."""
        with self._db.transaction(write=False) as conn:
            return conn.execute(sql, params).fetchall()

    def _newest(self, sql: str, limit: int) -> list[Any]:
        """The first ``limit`` rows of ``sql`` (which ends ``LIMIT ?``); none below 1."""
        return self._read(sql, (limit,)) if limit > 0 else []

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

