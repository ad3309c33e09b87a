"""Searching a post only in the sentences that hold a pattern's words.

The phrase detector skips a pattern when none of the literals it needs is in the post; on a
real post of a few thousand characters nearly every pattern has one of its words
somewhere, and each then ran over the whole text. Most patterns can never match across
the end of a sentence: nothing in them can take in a full stop, "!" or "?" followed by a
space (or by the end of the post). For those, a match lies inside one sentence, and that
sentence holds one of the literals every match contains, so searching only the sentences
that hold one (found by the automaton pass that already looks for every literal) gives
exactly the matches of a whole-text search.

Exact, not a guess: :func:`sentence_margin` reads the pattern's parse and says no when it is
not sure. A *sentence end* is a ``.``, ``!`` or ``?`` not followed by a word character
(so "10.30" and "e.g.x" do not end one). A pattern is safe when every part that can take in
one of those three is followed at once by a look-ahead that needs a word character (the
proximity rules' gap, ``[.!?](?=\\w)``). Look-behinds see the real text before a window
(``re`` gives them the whole string); look-aheads are given ``margin`` characters past it,
their widest reach, and only matches starting inside the window are kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import Any

try:  # the stdlib regex parser, internal but stable since 3.11 (as the prefilter's)
    from re import _constants as _C  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _C = None

#: The characters that end a sentence when no word character follows.
ENDS = ".!?"
_SENTENCE_END = re.compile(r"[.!?](?!\w)")
#: Posts shorter than this are searched whole: measured on the corpus's posts, finding the
#: sentences costs more than it saves below about 800 characters (600: 2% slower; 1,000:
#: 5% quicker; 2,200: 18%; 6,000: 27%).
MIN_LENGTH = 800
#: Look-aheads reaching further than this make a pattern unsafe (no window is worth it).
MAX_REACH = 1000
#: A window covering more than this share of the post is searched whole instead.
MAX_SHARE = 0.7
#: Windows closer than this are searched as one (a call costs more than a short stretch).
JOIN_GAP = 48


def sentence_ends(text: str) -> list[int]:
    """Where the sentences of ``text`` end: each ``.``, ``!`` or ``?`` not followed by a
    word character, in order."""
    return [m.start() for m in _SENTENCE_END.finditer(text)]


# --------------------------------------------------------------------------- the analysis


def _category_matches_end(category: Any) -> bool:
    """Whether a class category (``\\w``, ``\\D``...) takes in any of :data:`ENDS`."""
    c = _C
    # The negated ones, and anything unknown, may.
    return category not in (c.CATEGORY_WORD, c.CATEGORY_DIGIT, c.CATEGORY_SPACE,
                            c.CATEGORY_LINEBREAK)


def _takes_end(op: Any, av: Any) -> bool:
    """Whether one consuming item (a literal, a class, any character) can take in one of
    :data:`ENDS` (case makes no difference to them)."""
    c = _C
    if op is c.LITERAL:
        return chr(av) in ENDS
    if op is c.IN:
        negate = any(o is c.NEGATE for o, _ in av)
        inside = set()
        for ch in ENDS:
            for o, a in av:
                if ((o is c.LITERAL and chr(a) == ch)
                        or (o is c.RANGE and a[0] <= ord(ch) <= a[1])
                        or (o is c.CATEGORY and _category_matches_end(a))):
                    inside.add(ch)
                elif o not in (c.LITERAL, c.RANGE, c.CATEGORY, c.NEGATE):
                    return True  # not understood: assume the worst
        return len(inside) < len(ENDS) if negate else bool(inside)
    return True  # NOT_LITERAL, ANY and anything else


def _needs_word(items: list[Any]) -> bool:
    """Whether ``items`` (what follows a part, or a look-ahead's contents) can only go on
    with a word character."""
    if not items:
        return False
    op, av = items[0]
    c = _C
    if op is c.LITERAL:
        ch = chr(av)
        return ch.isalnum() or ch == "_"
    if op is c.IN:
        return bool(av) and all(
            (o is c.CATEGORY and a in (c.CATEGORY_WORD, c.CATEGORY_DIGIT))
            or (o is c.LITERAL and (chr(a).isalnum() or chr(a) == "_"))
            or (o is c.RANGE and all(chr(x).isalnum() for x in range(a[0], a[1] + 1)))
            for o, a in av)
    return False


def _reach(items: list[Any]) -> int | None:
    """How far past its start a look-ahead's contents can look (None: too far)."""
    try:
        width = items.getwidth()[1] if hasattr(items, "getwidth") else None
    except Exception:
        width = None
    if width is None or width > MAX_REACH:
        return None
    nested = _walk(list(items), inside_lookaround=True)
    return None if nested is None else width + nested


def _walk(items: list[Any], inside_lookaround: bool = False) -> int | None:
    """The widest look-ahead reach in ``items`` (0 when none), or None when a match of
    them might take in a sentence end or the parse holds something not understood."""
    c = _C
    reach = 0
    for index, (op, av) in enumerate(items):
        got: int | None = 0
        if op in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN):
            if not inside_lookaround and _takes_end(op, av):
                # Safe only when what comes next needs a word character: the stop is then
                # not a sentence end ("10.30", and the proximity gap's [.!?](?=\w)).
                following = items[index + 1] if index + 1 < len(items) else None
                if following is None or not (
                        _needs_word([following]) or (
                            following[0] is c.ASSERT and following[1][0] == 1
                            and _needs_word(list(following[1][1])))):
                    return None
        elif op is c.SUBPATTERN:
            got = _walk(list(av[-1]), inside_lookaround)
        elif op is c.BRANCH:
            for alternative in av[1]:
                one = _walk(list(alternative), inside_lookaround)
                if one is None:
                    return None
                got = max(got or 0, one)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            got = _walk(list(av[2]), inside_lookaround)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            got = _walk(list(av), inside_lookaround)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            direction, body = av
            if direction == 1:
                got = _reach(body)
            else:  # a look-behind sees the real text; one holding a look-ahead is not read
                got = _walk(list(body), inside_lookaround=True)
                if got:
                    return None
        elif op is c.AT:
            pass
        else:  # back-references and anything else not read here
            return None
        if got is None:
            return None
        reach = max(reach, got)
    return reach


def sentence_margin(parsed: Any) -> int | None:
    """For a parsed pattern (``re._parser.parse``): how many characters past a window's
    end a search must be given so its look-aheads see what they would in the whole text,
    or None when a match might run across a sentence end (or it is not sure)."""
    if _C is None or parsed is None:
        return None
    try:
        reach = _walk(list(parsed))
    except Exception:  # an odd parse only loses the shortcut
        return None
    # +2: the character after a window's end, and the one after it that a look-ahead
    # such as (?=\w) after a full stop reads; "$" before a final newline reads one more.
    return None if reach is None else reach + 2


# --------------------------------------------------------------------------- the search


def sentences_holding(ends: list[int], starts: Iterable[int]) -> set[int]:
    """The sentences (numbered from 0 in a text whose sentence ends are ``ends``) that
    hold the positions ``starts``."""
    return {bisect_left(ends, p) for p in starts}


def windows(ends: list[int], picked: Iterable[int], n: int) -> list[tuple[int, int]] | None:
    """The sentences numbered ``picked`` of a text of length ``n`` whose sentence ends are
    ``ends``, as ranges (start, end: the sentence end itself or ``n``), joined where close;
    None when they would cover most of the text (search it whole)."""
    out: list[list[int]] = []
    last = len(ends)
    for k in sorted(picked):
        lo = ends[k - 1] + 1 if k > 0 else 0
        hi = ends[k] if k < last else n
        if out and lo - out[-1][1] <= JOIN_GAP:
            out[-1][1] = hi
        else:
            out.append([lo, hi])
    if sum(hi - lo for lo, hi in out) > n * MAX_SHARE:
        return None
    return [(lo, hi) for lo, hi in out]


def matches_in(regex: re.Pattern[str], text: str, ranges: list[tuple[int, int]],
               margin: int) -> Iterator[tuple[int, int]]:
    """The non-empty matches of ``regex.finditer(text)`` inside ``ranges`` (from
    :func:`windows`), for a pattern whose :func:`sentence_margin` is ``margin``."""
    n = len(text)
    for lo, hi in ranges:
        for m in regex.finditer(text, lo, min(n, hi + margin)):
            start, end = m.span()
            if start >= hi:
                break
            if end > start:
                yield start, end
