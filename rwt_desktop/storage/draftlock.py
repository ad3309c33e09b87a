"""Which running copy of the program owns a draft, so two copies never save over one row.

Each draft open in a window is *claimed*: the window holds an operating-system lock on a small
file ``<database>.in-use/<id>.lock``. The lock goes with the process: a copy that crashes or is
killed lets go of it at once, so its draft is offered for restore next time, while a copy that
is still running keeps it, and a second copy opens a draft of its own.

``flock`` (POSIX) and ``msvcrt.locking`` (Windows) lock per open file, so two stores in one
process also exclude each other, which is what the tests use.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import BinaryIO

__all__ = ["DraftClaims"]

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(f: BinaryIO) -> bool:
        try:
            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(f: BinaryIO) -> None:
        with contextlib.suppress(OSError):
            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(f: BinaryIO) -> bool:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(f: BinaryIO) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


class DraftClaims:
    """The drafts this store has claimed, as locks on files beside the database."""

    def __init__(self, db_path: Path) -> None:
        self.folder = Path(f"{db_path}.in-use")
        self._held: dict[int, BinaryIO] = {}

    def _file(self, draft_id: int) -> Path:
        return self.folder / f"{int(draft_id)}.lock"

    def claim(self, draft_id: int) -> bool:
        """Own ``draft_id``; False if another running copy owns it.

        When the lock file cannot be made at all (a read-only folder) the claim is granted:
        not being able to lock must not stop anyone writing.
        """
        if draft_id in self._held:
            return True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            f = open(self._file(draft_id), "a+b")  # noqa: SIM115 - held open on purpose
        except OSError:
            return True
        if not _try_lock(f):
            f.close()
            return False
        with contextlib.suppress(OSError):
            f.truncate(0)
            f.write(f"{os.getpid()}\n".encode())
            f.flush()
        self._held[draft_id] = f
        return True

    def owns(self, draft_id: int) -> bool:
        return draft_id in self._held

    def owned_elsewhere(self, draft_id: int) -> bool:
        """Whether another running copy holds ``draft_id`` (False for our own)."""
        if draft_id in self._held:
            return False
        if not self._file(draft_id).exists():
            return False
        if self.claim(draft_id):
            self.release(draft_id)
            return False
        return True

    def release(self, draft_id: int, *, forget: bool = False) -> None:
        """Let go of ``draft_id``; ``forget`` also removes its lock file (draft deleted)."""
        f = self._held.pop(draft_id, None)
        if f is not None:
            _unlock(f)
            f.close()
        if forget:
            with contextlib.suppress(OSError):
                self._file(draft_id).unlink()

    def release_all(self) -> None:
        for draft_id in list(self._held):
            self.release(draft_id)
