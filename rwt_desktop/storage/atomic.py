"""Saves that leave either the old file or the new one, never half of either.

The data goes to a temporary file in the same folder, is flushed and ``fsync``-ed, and then
``os.replace`` swaps it in (atomic on POSIX and on NTFS). If anything fails before the swap the
temporary file is removed and the old file is untouched; the error is raised so the caller can
tell the person. After the swap the folder is ``fsync``-ed too (POSIX only), so a power cut
cannot bring back the old name.

Text is written as UTF-8 exactly as given: no newline translation, no BOM unless the text
starts with one. Text that cannot be UTF-8 (a lone surrogate) raises ``UnicodeEncodeError``
before anything is written; callers that must never fail decide how to replace it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_open", "atomic_write_bytes", "atomic_write_text"]

_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows only; 0 elsewhere


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` as UTF-8, atomically."""
    # Encode first: a lone surrogate fails here, before the temporary file exists.
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``, atomically."""
    with atomic_open(path) as f:
        _write_all(f, data)


@contextlib.contextmanager
def atomic_open(path: Path) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` only if the ``with`` block finishes.

    For writers that stream (the CSV export); wrap it in ``io.TextIOWrapper`` for text.
    The new file keeps the permission bits of the file it replaces; a new file gets the usual
    ``0o666`` less the umask (``mkstemp`` would make it owner-only).
    """
    path = Path(path)
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY
    fd = os.open(tmp, flags, 0o666)
    try:
        with contextlib.suppress(OSError):
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        with os.fdopen(fd, "wb") as f:
            fd = -1  # the file object owns it now
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)


def _write_all(f: BinaryIO, data: bytes) -> None:
    """Write every byte (a seam the tests use to make the write fail half-way)."""
    f.write(data)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
