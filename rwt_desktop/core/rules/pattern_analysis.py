"""What the engine works out about each pattern before running it, kept for one policy.

Working it out parses every pattern with Python's regex parser: most of ``rwt-check``'s
start-up before it was kept. A :class:`PatternAnalysis` belongs to whoever builds a
:class:`~rwt_desktop.core.checker.Checker` and is passed in, never shared through a global;
:mod:`rwt_desktop.core.policy_cache` stores it on disk with the compiled policy, so a
later run reads it back instead of working it out again.
"""

from __future__ import annotations

import os
import re
import threading
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from rwt_desktop.core.rules.prefilter import (
    analyse_parsed,
    analyse_pattern,
    parse_pattern,
    plain_literal,
)
from rwt_desktop.core.rules.quick_regex import quick_code
from rwt_desktop.core.rules.sentence_windows import sentence_margin

try:  # CPython's regex compiler, internal but stable since 3.11 (as prefilter's parser)
    import _sre
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: patterns are compiled as usual
    _sre = None

#: Compiled code as kept: (flags, the code as 32-bit words in bytes, groups, groupindex,
#: indexgroup), what ``re._compiler.compile`` passes to ``_sre.compile``.
Code = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]
#: An :class:`Analysed` as kept: (triggers or None, on_lower, all_of, sentence_margin),
#: tuples of strings and an int or None.
StoredAnalysed = tuple[tuple[str, ...] | None, bool, tuple[tuple[str, ...], ...], int | None]

_WORD = "I"  # array type of one code word (checked against _sre.CODESIZE before use)

_T = TypeVar("_T")


def regex_code(pattern: str, flags: int) -> Code | None:
    """Compile ``pattern`` to the same matches as ``re.compile`` gives, quicker to search
    (:mod:`~rwt_desktop.core.rules.quick_regex`), keeping the compiled code (None if the
    compiler's insides are not as expected)."""
    if _sre is None or array(_WORD).itemsize != _sre.CODESIZE:
        return None
    try:
        parsed = _parser.parse(pattern, flags)
        code = array(_WORD, (int(op) for op in quick_code(parsed, flags)))
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[Any] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return (int(flags | parsed.state.flags), code.tobytes(), int(parsed.state.groups) - 1,
                groupindex, tuple(indexgroup))
    except Exception:  # re.compile says what is wrong with a bad pattern
        return None


def regex_from_code(pattern: str, code: Code) -> re.Pattern[str] | None:
    """The compiled pattern from kept code in microseconds, or None if the code is not
    usable (``_sre`` validates it, so damaged code is refused, never run)."""
    if _sre is None:
        return None
    try:
        flags, words, groups, groupindex, indexgroup = code
        compiled = _sre.compile(pattern, flags, array(_WORD, words).tolist(), groups,
                                groupindex, indexgroup)
    except Exception:
        return None
    return compiled if isinstance(compiled, re.Pattern) else None


@dataclass(frozen=True, slots=True)
class Analysed:
    """One pattern, analysed."""

    #: Literals (lower case, WORD_START-marked at a word's start) one of which every match
    #: contains; None when the pattern can match without any we can name.
    triggers: frozenset[str] | None
    #: The pattern can run on lower-cased text without IGNORECASE (quicker, same matches).
    on_lower: bool
    #: Sets of literals the post must hold one of each for the pattern to match: a
    #: proximity pattern's terms ("{a} near {b}") and every part the pattern cannot do
    #: without (see :func:`~rwt_desktop.core.rules.prefilter.literal_conjunction`).
    all_of: tuple[frozenset[str], ...] = ()
    #: Matches never run across a sentence end, so a post can be searched only in the
    #: sentences holding a trigger; how far past one its look-aheads read (see
    #: :mod:`~rwt_desktop.core.rules.sentence_windows`). None: searched as a whole.
    sentence_margin: int | None = None

    def stored(self) -> StoredAnalysed:
        return (None if self.triggers is None else tuple(sorted(self.triggers)), self.on_lower,
                tuple(tuple(sorted(t)) for t in self.all_of), self.sentence_margin)

    @classmethod
    def from_stored(cls, kept: StoredAnalysed) -> Analysed:
        triggers, on_lower, all_of, margin = kept
        if margin is not None and (type(margin) is not int or margin < 0):
            raise ValueError(f"not a margin: {margin!r}")
        return cls(None if triggers is None else frozenset(map(str, triggers)),
                   bool(on_lower), tuple(frozenset(map(str, t)) for t in all_of), margin)


@lru_cache(maxsize=2048)
def analyse(pattern: str) -> Analysed:
    """Work out :class:`Analysed` for one pattern (parses it once, and each term).

    A pure function of the pattern, remembered like ``re``'s own compile cache (bounded,
    in memory only), so a second checker in one process (the window after a policy change,
    the tests) does not parse every pattern again; what a run keeps between starts is the
    :class:`PatternAnalysis` passed in."""
    from rwt_desktop.core.vocabulary import proximity_terms  # (only when not kept)

    parsed = parse_pattern(pattern)
    triggers, on_lower, needed = analyse_parsed(parsed)
    terms = proximity_terms(pattern)
    all_of: tuple[frozenset[str], ...] = ()
    if terms is not None:
        all_of = tuple(t for t in (analyse_pattern(term)[0] for term in terms) if t)
    # Every part the pattern cannot match without, as well as its proximity terms: the
    # engine skips the pattern when any one of them is missing from the post.
    all_of += tuple(t for t in needed if t not in all_of and t != triggers)
    return Analysed(triggers, on_lower, all_of, sentence_margin(parsed))


class PatternAnalysis:
    """Patterns already analysed or compiled, and how many were worked out since
    (:attr:`new`).

    What it is given (from a cache file) is kept in its stored form and turned into objects
    only when asked for, so reading it back costs next to nothing. Thread-safe: the window
    builds checkers on a worker thread. Holds only what it was given or asked for, so it is
    as big as one policy's patterns.
    """

    def __init__(self, known: Mapping[str, StoredAnalysed] | None = None,
                 codes: Mapping[tuple[str, int], Code] | None = None,
                 prepared: Mapping[str, Any] | None = None) -> None:
        self._lock = threading.Lock()
        self._stored: dict[str, StoredAnalysed] = dict(known or {})
        self._known: dict[str, Analysed] = {}
        self._codes: dict[tuple[str, int], Code] = dict(codes or {})
        self._prepared: dict[str, Any] = dict(prepared or {})
        #: How many patterns were worked out or compiled rather than found (worth saving
        #: when > 0).
        self.new = 0

    def get(self, pattern: str) -> Analysed:
        with self._lock:
            found = self._known.get(pattern)
            kept = None if found is not None else self._stored.get(pattern)
        if found is None and kept is not None:
            try:
                found = Analysed.from_stored(kept)
            except (TypeError, ValueError):  # a damaged entry: worked out afresh
                found = None
        if found is None:
            found = analyse(pattern)
            with self._lock:
                self.new += 1
        with self._lock:
            self._known[pattern] = found
        return found

    def literals(self, pattern: str) -> frozenset[str] | None:
        """``prefilter.literal_triggers([pattern])`` (the literals without word-start
        marks), from what is kept."""
        found = self.get(pattern).triggers
        return None if found is None else frozenset(plain_literal(t) for t in found)

    def regex(self, pattern: str, flags: int) -> re.Pattern[str]:
        """``re.compile(pattern, flags)``, from kept code when there is some: compiling
        the engine's patterns was most of checking the first posts of a run."""
        flags = int(flags)
        with self._lock:
            code = self._codes.get((pattern, flags))
        if code is not None:
            compiled = regex_from_code(pattern, code)
            if compiled is not None:
                return compiled
        code = regex_code(pattern, flags)
        compiled = None if code is None else regex_from_code(pattern, code)
        if code is None or compiled is None:
            return re.compile(pattern, flags)
        with self._lock:
            self._codes[(pattern, flags)] = code
            self.new += 1
        return compiled

    def prepared(self, key: str, make: Callable[[], _T], valid: Callable[[Any], bool]) -> _T:
        """``make()``, or what it made before under ``key`` when that passes ``valid``.

        For data a detector works out from files at every start (a word list read and
        extended): kept with the compiled patterns, so a start reads it back. It must be
        plain data (str, int, float, bool, None, and tuples, lists and dicts of them), and
        ``key`` must name every input the cache key does not cover (the policy's files and
        the checking core's code are covered; a library's or a resource's file is not: put
        its :func:`file_stamp` in the key). ``valid`` checks the shape of what is read back,
        since a cache file can be damaged.
        """
        with self._lock:
            found = self._prepared.get(key)
        if found is not None:
            try:
                if valid(found):
                    return found
            except Exception:  # a damaged entry: made afresh
                pass
        made = make()
        with self._lock:
            self._prepared[key] = made
            self.new += 1
        return made

    def stored(self) -> tuple[dict[str, StoredAnalysed], dict[tuple[str, int], Code]]:
        """(every analysis, every compiled code) in their stored forms, for a cache file."""
        with self._lock:
            known = dict(self._stored)
            known.update((p, a.stored()) for p, a in self._known.items())
            return known, dict(self._codes)

    def stored_prepared(self) -> dict[str, Any]:
        """Everything :meth:`prepared` made or was given, for a cache file."""
        with self._lock:
            return dict(self._prepared)

    def __len__(self) -> int:  # (the patterns; prepared data is not counted)
        with self._lock:
            return len(self._stored.keys() | self._known.keys())


def file_stamp(path: str) -> str:
    """The name, size and modification time of a file (or "missing"), for a
    :meth:`PatternAnalysis.prepared` key: a changed file gives a new key."""
    try:
        info = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


def is_text(data: object) -> bool:
    """A ``valid`` for :meth:`PatternAnalysis.prepared`: what was read back is a string."""
    return type(data) is str
