"""Drafts kept in a plain file when the database would not take them, and offered back.

When a save fails (a full disk, a locked file) the words go to ``unsaved-draft-<pid>.txt``
in the data folder, or the temporary folder if that fails too. The file is removed once a
save works; if the program closes first, the next start finds it with
:func:`find_fallback_drafts` and offers it back (restore or discard), so nothing is lost.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rwt_desktop.storage.atomic import atomic_write_bytes

PREFIX = "unsaved-draft-"
SUFFIX = ".txt"
#: Fallback files larger than this are not read back into the window (they are left alone).
MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class FallbackDraft:
    """A fallback file from an earlier run: where it is, its words, when it was written."""

    path: Path
    text: str
    written: datetime


def fallback_name(pid: int | None = None) -> str:
    return f"{PREFIX}{os.getpid() if pid is None else pid}{SUFFIX}"


def write_fallback(folder: Path, text: str) -> Path | None:
    """Put ``text`` in a plain file when the database will not take it; None if nothing
    could be written (the disk is full)."""
    data = text.encode("utf-8", "replace")
    for where in (folder, Path(tempfile.gettempdir())):
        target = where / fallback_name()
        try:
            atomic_write_bytes(target, data)
        except OSError:
            continue
        return target
    return None


def _ours(path: Path) -> bool:
    """Whether a file in the shared temporary folder belongs to this user."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the temporary folder is the user's own
        return True
    try:
        return path.stat().st_uid == getuid()
    except OSError:
        return False


def find_fallback_drafts(folder: Path, *, temporary: Path | None = None,
                         own_pid: int | None = None) -> list[FallbackDraft]:
    """Fallback files left by earlier runs, oldest first (never this run's own file).

    Looks in the data folder and the temporary folder (files of this user only). A file
    that cannot be read is skipped and left where it is.
    """
    own = fallback_name(own_pid)
    places = [folder, temporary if temporary is not None else Path(tempfile.gettempdir())]
    found: dict[Path, FallbackDraft] = {}
    for n, where in enumerate(places):
        try:
            candidates = sorted(where.glob(f"{PREFIX}*{SUFFIX}"))
        except OSError:
            continue
        for path in candidates:
            if path.name == own or (n > 0 and not _ours(path)):
                continue
            try:
                if path.stat().st_size > MAX_BYTES:
                    continue
                text = path.read_bytes().decode("utf-8", "replace")
                written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            except OSError:
                continue
            found.setdefault(path.resolve(), FallbackDraft(path, text, written))
    return sorted(found.values(), key=lambda d: d.written)


def discard_fallback(path: Path) -> None:
    """Remove a fallback file once its words are safe elsewhere (or the person said so)."""
    with contextlib.suppress(OSError):
        path.unlink()
