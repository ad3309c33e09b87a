"""Searching long posts only near the literals a pattern needs.

The phrase detector already skips a pattern when none of the literals it needs (its
triggers, worked out from the expression) is in the post. On a long post (Facebook allows
63,206 characters) nearly every literal is somewhere, so every pattern would run over the
whole text, trying each alternative at every word. Instead, find where the literals are
(``str.find``, in C) and run the pattern only in a window around each one.

It gives the same matches as a whole-text scan provided a match starts at most
``WINDOW_BACK`` characters before the literal it contains and ends within ``WINDOW_AHEAD``
of that (far more than any phrase needs): every candidate found in a window is matched again
on the whole text from its start, so word bounds and look-arounds see what a full scan would.
Literals so common that the windows would cover half the post fall back to a whole scan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

#: A match may start at most this far before the literal it contains.
WINDOW_BACK = 400
#: Room after a window for a match that starts in it (and its look-aheads) to finish.
WINDOW_AHEAD = 800
#: How far after a span a match may start and still look back at it (look-behinds here
#: are a character or two).
LOOK_BEHIND = 16
#: Posts shorter than this are scanned whole: measured here, windows only pay off above
#: about 6,000 characters (2,200: 7.2 ms windowed, 6.6 ms whole).
MIN_WINDOWED_LENGTH = 10_000


def literal_windows(lower: str, literals: Iterable[str],
                    starts_of: Callable[[str], Sequence[int] | None] | None = None
                    ) -> list[tuple[int, int]] | None:
    """Ranges of ``lower`` where a match containing one of ``literals`` could start.

    None when the literals are so frequent that the windows would cover half the text, in
    which case a whole-text scan costs no more. ``starts_of(literal)`` says where a literal
    starts in ``lower`` when that is already known (None: it is searched for).
    """
    n = len(lower)
    limit = max(n // 40, 16)
    starts: list[int] = []
    for literal in literals:
        literal = literal.lstrip("\x00")  # a word-start mark (rules.WORD_START)
        if not literal:
            return None
        known = None if starts_of is None else starts_of(literal)
        if known is not None:
            starts.extend(known)
            if len(starts) > limit:
                return None
            continue
        i = lower.find(literal)
        while i != -1:
            starts.append(i)
            if len(starts) > limit:
                return None
            i = lower.find(literal, i + 1)
    return _merged([(max(0, p - WINDOW_BACK), p) for p in sorted(starts)], n)


def around_spans(spans: Iterable[tuple[int, int]], n: int) -> list[tuple[int, int]] | None:
    """Ranges of a text of length ``n`` where a match that overlaps (or looks at) one of
    ``spans`` could start: from ``WINDOW_BACK`` before each to just after it. None when
    they would cover half the text."""
    return _merged([(max(0, a - WINDOW_BACK), min(n, b + LOOK_BEHIND))
                    for a, b in sorted(spans)], n)


def _merged(windows: list[tuple[int, int]], n: int | None) -> list[tuple[int, int]] | None:
    """Overlapping or touching windows (sorted by start) joined; None when ``n`` is given
    and they cover more than half of it."""
    merged: list[list[int]] = []
    for lo, hi in windows:
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    if n is not None and sum(hi - lo for lo, hi in merged) > n // 2:
        return None
    return [(lo, hi) for lo, hi in merged]


def windowed_matches(regex: re.Pattern[str], text: str,
                     windows: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The non-empty matches ``regex.finditer(text)`` gives that start inside ``windows``."""
    n = len(text)
    resume = 0  # like finditer: after a match, the next one starts where it ended
    for lo, hi in windows:
        pos = max(lo, resume)
        while pos <= hi:
            m = regex.search(text, pos, min(n, hi + WINDOW_AHEAD))
            if m is None or m.start() > hi:
                break
            full = regex.match(text, m.start())  # the whole text decides, not the window
            if full is not None and full.end() > full.start():
                yield full.start(), full.end()
                pos = resume = full.end()
            else:
                pos = m.start() + 1
