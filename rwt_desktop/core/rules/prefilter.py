"""Which literals a regular expression needs, so most rules can be skipped for most posts.

Every pattern is parsed once with CPython's own regex parser (``re._parser``, internal but
stable since 3.11) and walked for the literal texts one of which every match must contain.
A post without any of them cannot match, so the pattern is not run: never a different
result, only less work. :func:`literal_finder` builds one Aho-Corasick automaton over every
rule's literals, so a post is scanned once for all of them.

Nothing here imports the rest of the engine: it is plain text and regex analysis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import ahocorasick

FLAGS = re.IGNORECASE | re.UNICODE

try:  # the stdlib regex parser, internal but stable since 3.11
    from re import _constants as _CONSTANTS  # type: ignore[attr-defined]
    from re import _parser as _PARSER  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _PARSER = _CONSTANTS = None
_MIN_TRIGGER = 3

_Lits = frozenset[str]


#: Marks a trigger literal that the pattern needs at the start of a word ("\bpain" must not
#: be set off by "repainted"). Never searched for in text: see Context.present_literals.
WORD_START = "\x00"


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def occurs(lower: str, trigger: str) -> bool:
    """Whether ``trigger`` is in ``lower``; a WORD_START-marked one only at a word's start."""
    if not trigger.startswith(WORD_START):
        return trigger in lower
    literal = trigger[1:]
    i = lower.find(literal)
    while i != -1:
        if i == 0 or not is_word_char(lower[i - 1]):
            return True
        i = lower.find(literal, i + 1)
    return False



def plain_literal(trigger: str) -> str:
    return trigger[1:] if trigger.startswith(WORD_START) else trigger


def _size(trigger: str) -> int:
    return len(plain_literal(trigger))


#: Words so common in posts that a pattern triggered by them runs on nearly every post.
#: A set of literals free of them is preferred when a pattern offers one (any set the
#: pattern cannot match without is equally correct; this only chooses the quickest).
_COMMON_WORDS = frozenset("""
    a about after all also an and any are as at back be been but by can come could day did
    do for free from get go going good got had has have he help her here him his how i if in
    into is it its just know like little make many more most much my need needs new no not
    now of on one only open or our out over people please see she so some take than that the
    their them then there they this time to up us was we were what when which who will with
    would you your
    """.split())  # noqa: SIM905 - a word list reads better as text


def _common(literal: str) -> bool:
    words = plain_literal(literal).split()
    return not words or all(w in _COMMON_WORDS for w in words)


def _best(candidates: list[_Lits]) -> _Lits | None:
    """The most selective of several alternative literal sets: one without common words;
    then the longest shortest member; then sets that need a word start; then the smaller."""
    usable = [c for c in candidates if c and min(_size(x) for x in c) >= _MIN_TRIGGER]
    if not usable:
        return None
    return max(usable, key=lambda c: (not any(_common(x) for x in c),
                                      min(_size(x) for x in c),
                                      all(x.startswith(WORD_START) for x in c), -len(c)))


def _is_space_class(op: Any, av: Any) -> bool:
    c = _CONSTANTS
    if op is c.IN:
        return bool(av) and all((o is c.CATEGORY and a is c.CATEGORY_SPACE)
                                or (o is c.LITERAL and chr(a).isspace()) for o, a in av)
    if op is c.LITERAL:
        return chr(av).isspace()
    return False


def _starts_word(op: Any, av: Any) -> bool:
    """Whether a zero-width item puts the next character at the start of a word."""
    c = _CONSTANTS
    if op is c.AT:
        return av in (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING)
    if op is c.ASSERT_NOT and av[0] == -1:  # (?<![\w...]) : no word character before
        inner = list(av[1])
        return (len(inner) == 1 and inner[0][0] is c.IN
                and any(o is c.CATEGORY and a is c.CATEGORY_WORD for o, a in inner[0][1]))
    return False


def _ends_in_space(items: list[Any]) -> bool:
    """Whether every way through ``items`` ends with white space (so a word starts next)."""
    c = _CONSTANTS
    if not items:
        return False
    op, av = items[-1]
    if _is_space_class(op, av):
        return True
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        return av[0] >= 1 and _ends_in_space(list(av[2]))
    if op is c.SUBPATTERN:
        return _ends_in_space(list(av[-1]))
    if op is c.BRANCH:
        return all(_ends_in_space(list(b)) for b in av[1])
    return False


def _required(items: list[Any], at_word: bool = False) -> _Lits | None:
    """A set of literals one of which every match of this sequence must contain.

    Looks at each part the sequence cannot do without (a run of literal characters, a group,
    a branch, a repeat of at least one) and keeps the most selective. None when no part
    gives a usable literal. ``at_word`` says the sequence starts at the start of a word; a
    run of letters that must start a word is marked with WORD_START.
    """
    return _best(_parts(items, at_word, every=False))


def _required_all(items: list[Any], at_word: bool = False) -> list[_Lits]:
    """Every set of literals this sequence needs, each of which a match must contain one of:
    the parts of :func:`_required`, and the parts of the groups and repeats it cannot do
    without, all together rather than only the most selective."""
    return _parts(items, at_word, every=True)


def _parts(items: list[Any], at_word: bool, every: bool) -> list[_Lits]:
    """The literal sets of the parts ``items`` cannot do without; with ``every``, a group's
    or repeat's own parts each count, else only the group's most selective one."""
    c = _CONSTANTS
    candidates: list[_Lits] = []
    run: list[str] = []
    run_at_word = False

    def flush() -> None:
        if run:
            text = "".join(run).lower()
            marked = run_at_word and text[:1].isalnum()
            candidates.append(frozenset({WORD_START + text if marked else text}))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            if not run:
                run_at_word = at_word
            run.append(chr(av))
            at_word = chr(av).isspace()
            continue
        flush()
        got: _Lits | None = None
        inner: list[Any] | None = None  # a sequence this one cannot do without
        after = False
        if op is c.SUBPATTERN:
            inner = list(av[-1])
        elif op is c.BRANCH:
            got = _branches(av[1], at_word)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            body = list(av[2])
            if av[0] >= 1:
                inner = body
                after = _ends_in_space(body)
            else:  # optional: the next part starts here or after it
                after = at_word and _ends_in_space(body)
        elif op is getattr(c, "ATOMIC_GROUP", None):
            inner = list(av)
        elif _starts_word(op, av):
            after = True
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            after = at_word  # other zero-width checks leave the position as it was
        elif _is_space_class(op, av):
            after = True
        if op is c.SUBPATTERN or op is c.BRANCH:
            after = _ends_in_space([(op, av)])
        if inner is not None:
            if every:
                candidates.extend(_parts(inner, at_word, every=True))
            else:
                got = _required(inner, at_word)
        at_word = after
        if got is not None:
            candidates.append(got)
    flush()
    return candidates


def _branches(alternatives: Iterable[Any], at_word: bool = False) -> _Lits | None:
    found: set[str] = set()
    for alternative in alternatives:
        got = _required(list(alternative), at_word)
        if got is None:
            return None
        found |= got
    return frozenset(found)


def _parse(pattern: str) -> Any | None:
    if _PARSER is None:  # pragma: no cover - a Python without the internal parser
        return None
    try:
        return _PARSER.parse(pattern, FLAGS)
    except Exception:  # an odd pattern only loses the shortcuts
        return None


def _triggers_of(parsed: Any) -> frozenset[str] | None:
    """Trigger literals of a parsed pattern, word-start ones marked with WORD_START."""
    got = _required(list(parsed))
    if got is None or not all(plain_literal(x).isascii() for x in got):
        return None
    return got


def literal_triggers(patterns: Iterable[str]) -> frozenset[str] | None:
    """Literals (lower case) one of which must occur in the text for ``patterns`` to match.

    None when some pattern can match without any literal we can name (then its rule always
    runs). Used only to skip work, never to decide a match, and tested against the regex
    engine itself.
    """
    found: set[str] = set()
    for pattern in patterns:
        parsed = _parse(pattern)
        got = None if parsed is None else _triggers_of(parsed)
        if got is None:
            return None
        found |= {plain_literal(t) for t in got}
    return frozenset(found)


def _case_blind(pattern: str) -> bool:
    """True when ``pattern`` can run on lower-cased text without IGNORECASE.

    That is 1.4x quicker here and gives the same matches, unless the pattern names capital
    letters itself or switches case-sensitivity on for a part.
    """
    parsed = _parse(pattern)
    return parsed is not None and _case_blind_parsed(parsed)


def _case_blind_parsed(parsed: Any) -> bool:
    c = _CONSTANTS

    def clean(items: Iterable[Any]) -> bool:
        for op, av in items:
            if op in (c.LITERAL, c.NOT_LITERAL) and chr(av) != chr(av).lower():
                return False
            if op is c.IN and not clean(av):
                return False
            if op is c.RANGE and any(chr(x) != chr(x).lower() for x in range(av[0], av[1] + 1)):
                return False
            if op is c.SUBPATTERN:
                if av[2] & re.IGNORECASE:  # (?-i:...) asks for exact case
                    return False
                if not clean(av[-1]):
                    return False
            elif op is c.BRANCH:
                if not all(clean(b) for b in av[1]):
                    return False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
                if not clean(av[2]):
                    return False
            elif op in (c.ASSERT, c.ASSERT_NOT):
                if not clean(av[1]):
                    return False
            elif op is getattr(c, "ATOMIC_GROUP", None) and not clean(av):
                return False
        return True

    return clean(parsed)


def analyse_pattern(pattern: str) -> tuple[frozenset[str] | None, bool]:
    """(trigger literals, runs on lower-cased text) for one pattern; parses it once."""
    triggers, on_lower, _ = analyse_pattern_fully(pattern)
    return triggers, on_lower


def analyse_pattern_fully(pattern: str) -> tuple[frozenset[str] | None, bool, tuple[_Lits, ...]]:
    """:func:`analyse_pattern` and the pattern's :func:`literal_conjunction`, parsed once."""
    return analyse_parsed(parse_pattern(pattern))


def parse_pattern(pattern: str) -> Any | None:
    """``pattern`` parsed by Python's own regex parser (None if it cannot be)."""
    return _parse(pattern)


def analyse_parsed(parsed: Any | None) -> tuple[frozenset[str] | None, bool, tuple[_Lits, ...]]:
    """:func:`analyse_pattern_fully` of a pattern already parsed (:func:`parse_pattern`)."""
    if parsed is None:
        return None, False, ()
    return _triggers_of(parsed), _case_blind_parsed(parsed), _conjunction_of(parsed)


def _conjunction_of(parsed: Any) -> tuple[_Lits, ...]:
    """The selective literal sets a match needs all of (one literal from each)."""
    found = {frozenset(part) for part in _required_all(list(parsed))
             if part and min(_size(x) for x in part) >= _MIN_TRIGGER
             and not any(_common(x) for x in part)
             and all(plain_literal(x).isascii() for x in part)}
    return tuple(sorted(found, key=sorted))


def literal_conjunction(pattern: str) -> tuple[_Lits, ...]:
    """Sets of literals (as :func:`literal_triggers` marks them) such that every match of
    ``pattern`` contains one literal of *each* set: a post missing every literal of any one
    set cannot match. Far more selective than the triggers alone for a pattern that needs
    several words ("treat" and one of a list of groups); only sets free of common words
    are kept, so the one scan for them stays quick. Empty when nothing is known."""
    parsed = _parse(pattern)
    return () if parsed is None else _conjunction_of(parsed)


class LiteralFinder:
    """Every literal of a set found in a text in one pass: an Aho-Corasick automaton.

    Each literal the automaton finds comes with its WORD_START-marked form when the set
    holds that (whoever asks wants to know whether it begins a word somewhere), else with
    None. Literals of a character or two ("a", "on", a digit) are left out of it and kept
    in :attr:`short`, to be looked for one by one: they occur on every line, and one
    ``str.find`` each answers sooner than the automaton reporting every occurrence.
    """

    __slots__ = ("_automaton", "short")

    def __init__(self, literals: frozenset[str]) -> None:
        self.short = frozenset(t for t in literals if _size(t) <= 2)
        self._automaton: Any = None
        long = {plain_literal(t) for t in literals - self.short}
        if long:
            self._automaton = ahocorasick.Automaton()
            for literal in long:
                marked = WORD_START + literal
                self._automaton.add_word(literal, (literal, marked if marked in literals
                                                   else None))
            self._automaton.make_automaton()

    def iter(self, text: str) -> Iterable[tuple[int, tuple[str, str | None]]]:
        """(end index, (literal, its marked form or None)) for every occurrence of a
        literal not in :attr:`short`."""
        return () if self._automaton is None else self._automaton.iter(text)

    def exists(self, literal: str) -> bool:
        """Whether :meth:`iter` reports ``literal`` (unmarked)."""
        return self._automaton is not None and self._automaton.exists(literal)


def literal_finder(literals: frozenset[str]) -> LiteralFinder | None:
    """A :class:`LiteralFinder` over ``literals`` (None when there are none)."""
    return LiteralFinder(literals) if literals else None
