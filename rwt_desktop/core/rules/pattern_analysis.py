"""What the engine works out about each pattern before running it, kept for one policy.

Working it out parses every pattern with Python's regex parser: most of ``rwt-check``'s
start-up before it was kept. A :class:`PatternAnalysis` belongs to whoever builds a
:class:`~rwt_desktop.core.checker.Checker` and is passed in, never shared through a global;
:mod:`rwt_desktop.core.policy_cache` stores it on disk with the compiled policy, so a
later run reads it back instead of working it out again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rwt_desktop.core.rules.prefilter import analyse_pattern
from rwt_desktop.core.vocabulary import proximity_terms


@dataclass(frozen=True, slots=True)
class Analysed:
    """One pattern, analysed."""

    #: Literals (lower case, WORD_START-marked at a word's start) one of which every match
    #: contains; None when the pattern can match without any we can name.
    triggers: frozenset[str] | None
    #: The pattern can run on lower-cased text without IGNORECASE (quicker, same matches).
    on_lower: bool
    #: For a proximity pattern ("{a} near {b}"): each term's literals, every one of which
    #: must be present for it to match.
    all_of: tuple[frozenset[str], ...] = ()


def analyse(pattern: str) -> Analysed:
    """Work out :class:`Analysed` for one pattern (parses it once, and each term)."""
    triggers, on_lower = analyse_pattern(pattern)
    terms = proximity_terms(pattern)
    all_of: tuple[frozenset[str], ...] = ()
    if terms is not None:
        all_of = tuple(t for t in (analyse_pattern(term)[0] for term in terms) if t)
    return Analysed(triggers, on_lower, all_of)


class PatternAnalysis:
    """Patterns already analysed, and the ones worked out since (:attr:`new`).

    Thread-safe: the window builds checkers on a worker thread. Holds only what it was
    given or asked for, so it is as big as one policy's patterns.
    """

    def __init__(self, known: Mapping[str, Analysed] | None = None) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, Analysed] = dict(known or {})
        #: How many patterns were worked out rather than found (worth saving when > 0).
        self.new = 0

    def get(self, pattern: str) -> Analysed:
        with self._lock:
            found = self._known.get(pattern)
        if found is None:
            found = analyse(pattern)
            with self._lock:
                self._known[pattern] = found
                self.new += 1
        return found

    def known(self, keep: Iterable[str] | None = None) -> dict[str, Analysed]:
        """A copy of what is known; with ``keep``, only those patterns."""
        with self._lock:
            if keep is None:
                return dict(self._known)
            return {p: self._known[p] for p in keep if p in self._known}

    def __len__(self) -> int:
        with self._lock:
            return len(self._known)
