"""The policy compiled once per version and kept in a cache folder, so a start reads it back.

Reading the TOML files, expanding the word lists and analysing every pattern takes far
longer than checking a post. A :class:`PolicyCache` keeps the result in one file per policy
version: the key is a hash of the policy's file names and bytes, the program's own code (or
the frozen program's file) and the Python version, so an edited policy or a new program is
compiled afresh and never confused with an old one. A file that is missing, damaged, too
big, from another version or holding anything but policy data is ignored and rebuilt.

The folder is passed in (the CLI and the window give the user's cache folder, tests give
``tmp_path`` or None); nothing here is global, and only :meth:`PolicyCache.save` writes.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rwt_desktop.core.policy import (
    Policy,
    PolicyError,
    builtin_policy,
    load_policy,
    policy_digest,
    policy_files,
)
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.resources_path import resource

#: Changes whenever the file's layout does.
FORMAT = 1
#: A cache file bigger than this is not read (the shipped policy makes about 300 KB).
MAX_FILE_BYTES = 16_000_000
#: Compiled policies kept in the folder (the newest); loading policy after policy must not
#: fill the disk.
KEEP_FILES = 4
_PREFIX, _SUFFIX = "policy-", ".pickle"

#: The only things a cache file may make when read (anything else: the file is ignored).
_ALLOWED = {
    ("rwt_desktop.core.policy_model", n) for n in ("Policy", "Channel", "Admin", "Variant",
                                                   "RuleSpec")
} | {("rwt_desktop.core.findings", "Severity"),
     ("builtins", "frozenset"), ("builtins", "set"),
     ("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"),
     ("datetime", "timedelta"), ("datetime", "timezone")}


def default_cache_dir() -> Path | None:
    """The user's cache folder (``RWT_CACHE_DIR`` wins), or None where there is none."""
    folder = os.environ.get("RWT_CACHE_DIR", "").strip()
    if folder:
        return Path(folder).expanduser()
    try:
        import platformdirs

        # The names in rwt_desktop.storage.paths, not imported from there: that package
        # loads the database code, which a check from the command line does not need.
        return Path(platformdirs.user_cache_path("RWT Post Checker", "RWT"))
    except Exception:  # no home folder, odd platform: run without the cache
        return None


def _code_fingerprint() -> bytes:
    """The program's code as bytes to hash: each source file of the checking core by name,
    size and modification time where they can be read (editing, checking out or installing
    any of it is a new version; stating ~100 files costs a fraction of reading them), else
    the frozen program's own file (a new build is a new file)."""
    here = Path(__file__).resolve().parent
    parts = [f"{FORMAT}\0{sys.version}\0".encode()]
    try:
        found = _source_stats(str(here), "")
        if not found:
            raise OSError("no source")
        parts += found
    except OSError:
        try:
            info = os.stat(sys.executable)
            parts = [parts[0], f"{sys.executable}\0{info.st_size}\0{info.st_mtime_ns}".encode()]
        except OSError:
            parts = [parts[0]]
    return b"\0".join(parts)


def _source_stats(folder: str, prefix: str) -> list[bytes]:
    """``name size mtime`` of every ``.py`` file under ``folder``, sorted by name, with
    ``os.scandir`` (whose entries carry their stat on most systems: no path objects)."""
    found: list[bytes] = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    found += _source_stats(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                info = entry.stat()
                found.append(f"{prefix}{entry.name}\0{info.st_size}\0{info.st_mtime_ns}"
                             .encode())
    return found


class _PolicyUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not policy data")
        return super().find_class(module, name)


@dataclass
class CompiledPolicy:
    """A policy ready for a :class:`~rwt_desktop.core.checker.Checker`."""

    policy: Policy
    analysis: PatternAnalysis
    #: Why the policy asked for could not be used (the built-in one is here instead).
    problem: PolicyError | None = None
    #: The cache key of this version ("" when it has none: the folder could not be read).
    key: str = ""
    #: Read from the cache file (so saving it again is only worth it if something is new).
    from_cache: bool = False


class PolicyCache:
    """Compiled policies in ``folder``, one file per version; None keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._code: bytes | None = None

    def key(self, files: Iterable[tuple[str, bytes]]) -> str:
        """The cache key for a policy made of ``files`` (see :func:`policy_files`)."""
        if self._code is None:
            self._code = _code_fingerprint()
        return hashlib.sha256(policy_digest(files).encode() + b"\0" + self._code
                              ).hexdigest()[:32]

    def path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{_PREFIX}{key}{_SUFFIX}"

    def load(self, path: str | Path | None = None) -> CompiledPolicy:
        """The policy in the folder ``path`` (None: the built-in one), read from the cache
        when it holds this version, else read and checked from its files.

        A user's policy that cannot be used gives the built-in one with the reason, as
        :func:`~rwt_desktop.core.policy.load_policy_or_builtin` does.
        """
        if path is None:
            root, label = resource(), "resources"
        else:
            root = Path(path)
            root = root.parent if root.is_file() else root
            label = str(root)
        try:
            key = self.key(policy_files(root, label)) if root.is_dir() else ""
        except PolicyError:
            key = ""  # reading it again below says what is wrong
        cached = self._read(key) if key else None
        if cached is not None:
            return cached
        analysis = PatternAnalysis()
        if path is None:
            return CompiledPolicy(builtin_policy(), analysis, key=key)
        try:
            return CompiledPolicy(load_policy(path, analysis), analysis, key=key)
        except PolicyError as exc:
            fallback = self.load(None)
            fallback.problem = exc
            return fallback

    def _read(self, key: str) -> CompiledPolicy | None:
        file = self.path(key)
        if file is None:
            return None
        try:
            if os.stat(file).st_size > MAX_FILE_BYTES:
                return None
            data = _PolicyUnpickler(io.BytesIO(file.read_bytes())).load()
            if not (isinstance(data, dict) and data.get("format") == FORMAT
                    and data.get("key") == key and isinstance(data.get("policy"), Policy)):
                return None
            known, codes = data["analysis"], data["codes"]
            prepared = data.get("prepared", {})
            if not (isinstance(known, dict) and isinstance(codes, dict)
                    and isinstance(prepared, dict)):
                return None  # (a damaged entry is worked out or compiled afresh when used)
        except Exception:  # a damaged file can fail in any way: it only costs the time
            return None
        return CompiledPolicy(data["policy"], PatternAnalysis(known, codes, prepared), key=key,
                              from_cache=True)

    def save(self, compiled: CompiledPolicy) -> bool:
        """Keep ``compiled`` for the next start, atomically; True if a file was written.

        Call it after building the checker, and again after checking (the patterns compiled
        for the posts are kept too). Only writes when it was not read from the cache or
        learnt something since. Any failure to write is quietly skipped: the cache only
        saves time.
        """
        file = self.path(compiled.key) if compiled.key else None
        if file is None or compiled.problem is not None:
            return False
        if compiled.from_cache and not compiled.analysis.new:
            return False
        known, codes = compiled.analysis.stored()
        data = {"format": FORMAT, "key": compiled.key, "policy": compiled.policy,
                "analysis": known, "codes": codes,
                "prepared": compiled.analysis.stored_prepared()}
        try:
            from rwt_desktop.storage.atomic import atomic_write_bytes

            blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
            file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(file, blob)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return False
        compiled.from_cache = True
        compiled.analysis.new = 0
        self._prune(keep=file)
        return True

    def _prune(self, keep: Path) -> None:
        """Remove all but the newest :data:`KEEP_FILES` compiled policies."""
        assert self.folder is not None
        try:
            found = sorted(self.folder.glob(f"{_PREFIX}*{_SUFFIX}"),
                           key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in found[KEEP_FILES:]:
                if old != keep:
                    old.unlink()
        except OSError:
            pass
