"""The engine's patterns compiled so Python's regex engine skips hopeless positions quickly.

Same matches, less work. ``re`` tries a pattern at every position of a post; when a pattern
starts with a word bound (``\\b``, ``(?<![\\w@#])``) it cannot tell that most positions are
hopeless, and at each one it tries every alternative of a long list of phrases in turn.
Measured on every pattern of the shipped policy over a 2,200-character post, the two
changes here cut the scanning time to under a third:

* the characters a match can start with are worked out and put in the compiled code's
  information block (as ``re`` does itself only for a pattern that starts with a literal),
  so the engine's C loop steps over every other position without trying the pattern;
* alternatives that start with the same letter are grouped behind it ("kill|klil|batter"
  becomes "k(?:ill|lil)|batter"), keeping their order, so a position is tried against one
  group rather than every alternative.

Both are exact: alternatives starting with different characters can never both match at one
position, so grouping keeps which alternative wins and where every match starts and ends;
the start characters are a superset of what can start a match (anything unsure gives no
set). Anything this does not recognise is left as it was. Works on the parse tree from
CPython's own parser (``re._parser``, internal but stable since 3.11), as the prefilter does.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the stdlib regex parser and compiler, internal but stable since 3.11
    from re import _compiler as _COMPILER  # type: ignore[attr-defined]
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _PARSER  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: patterns are compiled as usual
    _COMPILER = _C = _PARSER = None

#: Flags a group may switch without changing which characters its parts match (case is
#: followed separately; anything else, such as ``(?a:...)``, gives up on start characters).
_HARMLESS_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE

_CharSet = list[tuple[Any, Any]]

#: Every character outside ASCII, as a set item (kept out of ``_optimize_charset``, which
#: takes milliseconds to make a bitmap of it).
_NOT_ASCII = (_C.RANGE, (128, 0x10FFFF)) if _C is not None else None


_REPEATS: tuple[Any, ...] = () if _C is None else tuple(
    x for x in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None))
    if x is not None)


def _ignoring_case(ignore: bool, add: int, remove: int) -> bool:
    """Whether a group ``(?add-remove:...)`` inside a part that does (``ignore``) ignores
    case."""
    return (ignore or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE


def _sub(state: Any, items: list[Any]) -> Any:
    return _PARSER.SubPattern(state, items)


# --------------------------------------------------------------------------- grouping


def _grouped(items: Any, state: Any, ignore: bool) -> list[Any]:
    """``items`` with every list of alternatives grouped by first letter (see the module)."""
    out: list[Any] = []
    for op, av in items:
        if op is _C.SUBPATTERN:
            group, add, remove, body = av
            inner = _grouped(body, state, _ignoring_case(ignore, add, remove))
            out.append((op, (group, add, remove, _sub(state, inner))))
        elif op is _C.BRANCH:
            out.extend(_branch([_grouped(alt, state, ignore) for alt in av[1]], state, ignore))
        elif op in _REPEATS:
            low, high, body = av
            out.append((op, (low, high, _sub(state, _grouped(body, state, ignore)))))
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            out.append((op, _sub(state, _grouped(av, state, ignore))))
        else:  # look-arounds (kept whole: a look-behind's width must not change) and atoms
            out.append((op, av))
    return out


#: The characters outside ASCII that match an ASCII letter when case is ignored (checked
#: against every code point by the tests).
CASE_FOLDS_OUTSIDE_ASCII = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _first_letter(alternative: list[Any], ignore: bool) -> str | None:
    """The character every match of ``alternative`` starts with, as a grouping key; None
    when it does not start with a literal (or, ignoring case, with an ASCII one)."""
    if not alternative or alternative[0][0] is not _C.LITERAL:
        return None
    ch = chr(alternative[0][1])
    if ignore:
        return ch.lower() if ch.isascii() else None
    return ch


def _lead(first: Any, key: str, state: Any, ignore: bool) -> Any:
    """The item an alternative group starts with: its literal, or ignoring case the set of
    every character that literal matches, written case-sensitively (``re`` tries a branch's
    alternative only when its first character fits, but only for a plain literal or set)."""
    if not (ignore and key.isalpha()):
        return first
    chars = {key, key.upper(), *CASE_FOLDS_OUTSIDE_ASCII.get(key, "")}
    members = [(_C.LITERAL, ord(c)) for c in sorted(chars)]
    return (_C.SUBPATTERN, (None, 0, re.IGNORECASE, _sub(state, [(_C.IN, members)])))


def _branch(alternatives: list[list[Any]], state: Any, ignore: bool) -> list[Any]:
    """Items matching exactly as ``BRANCH(alternatives)`` does.

    Alternatives whose first letters are known are grouped by it within each run between
    those whose first letter is not, so no alternative moves past one that could match at
    the same position."""
    if len(alternatives) < 2:
        return [(_C.BRANCH, (None, [_sub(state, alt) for alt in alternatives]))]
    options: list[list[Any]] = []
    run: dict[str, list[list[Any]]] = {}

    def flush() -> None:
        for key, members in run.items():
            lead = _lead(members[0][0], key, state, ignore)
            if len(members) == 1:
                options.append([lead, *members[0][1:]])
            else:  # the first letter once, then what follows it in each, in the same order
                options.append([lead, *_branch([m[1:] for m in members], state, ignore)])
        run.clear()

    for alternative in alternatives:
        key = _first_letter(alternative, ignore)
        if key is None:
            flush()
            options.append(alternative)
        else:
            run.setdefault(key, []).append(alternative)
    flush()
    if len(options) == 1:
        return options[0]
    return [(_C.BRANCH, (None, [_sub(state, option) for option in options]))]


# --------------------------------------------------------------------------- start characters


def _case_closed(op: Any, av: Any) -> _CharSet | None:
    """Set items covering every character that ``(op, av)`` matches ignoring case: both
    cases of ASCII, and everything outside ASCII (rare in posts, and never missed)."""
    if op is _C.CATEGORY:  # word, digit, space: case does not change membership
        return [(op, av)]
    if op is _C.LITERAL:
        low, high = (av, av)
    elif op is _C.RANGE:
        low, high = av
    else:
        return None
    if op is _C.LITERAL and low >= 128:  # itself, and any ASCII letter it folds with
        folds = [k for k, v in CASE_FOLDS_OUTSIDE_ASCII.items() if chr(low) in v]
        return [_NOT_ASCII, *((_C.LITERAL, ord(c)) for k in folds for c in (k, k.upper()))]
    if high >= 128:
        return None
    out: _CharSet = []
    for code in range(low, high + 1):
        ch = chr(code)
        out.extend((_C.LITERAL, ord(c)) for c in {ch, ch.lower(), ch.upper()})
    return out


def _start_chars(items: Any, ignore: bool) -> tuple[_CharSet | None, bool]:
    """(set items for every character a match of ``items`` can start with, or None when
    unsure; whether ``items`` can match the empty string)."""
    found: _CharSet = []
    for op, av in items:
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):  # zero width: the start is after it
            continue
        if op is _C.LITERAL or op is _C.IN:
            members = [(op, av)] if op is _C.LITERAL else list(av)
            for member_op, member in members:
                if member_op not in (_C.LITERAL, _C.RANGE, _C.CATEGORY):
                    return None, False  # a negated set or a kind not handled here
                if ignore:
                    closed = _case_closed(member_op, member)
                    if closed is None:
                        return None, False
                    found.extend(closed)
                    found.append(_NOT_ASCII)
                else:
                    found.append((member_op, member))
            return found, False
        body: Any
        empty: bool
        if op is _C.SUBPATTERN:
            _group, add, remove, body = av
            if (add | remove) & ~_HARMLESS_FLAGS:
                return None, False
            chars, empty = _start_chars(body, _ignoring_case(ignore, add, remove))
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            chars, empty = _start_chars(av, ignore)
        elif op is _C.BRANCH:
            chars, empty = [], False
            for alternative in av[1]:
                got, alt_empty = _start_chars(alternative, ignore)
                if got is None:
                    return None, False
                chars.extend(got)
                empty = empty or alt_empty
        elif op in _REPEATS:
            low, _high, body = av
            chars, empty = _start_chars(body, ignore)
            empty = empty or low == 0
        else:
            return None, False
        if chars is None:
            return None, False
        found.extend(chars)
        if not empty:
            return found, False
    return found, True


def _code_with_start_chars(parsed: Any, flags: int) -> list[int]:
    """``re._compiler._code(parsed, flags)``, with the start characters in its information
    block when they are known."""
    flags = parsed.state.flags | flags
    low, high = parsed.getwidth()
    chars, empty = _start_chars(parsed, bool(flags & re.IGNORECASE))
    if chars is None or empty or low == 0 or flags & re.LOCALE:
        return list(_COMPILER._code(parsed, flags))
    limit = _COMPILER.MAXCODE
    code: list[Any] = [_C.INFO, 0, _C.SRE_INFO_CHARSET, min(low, limit), min(high, limit)]
    charset, _cased = _COMPILER._optimize_charset([c for c in chars if c != _NOT_ASCII])
    if any(op is _C.NEGATE for op, _ in charset):  # not expected; the plain code then
        return list(_COMPILER._code(parsed, flags))
    if _NOT_ASCII in chars:
        charset.append(_NOT_ASCII)
    _COMPILER._compile_charset(charset, flags, code)
    code[1] = len(code) - 1  # the block's length, as re._compiler._compile_info sets it
    _COMPILER._compile(code, parsed.data, flags)
    code.append(_C.SUCCESS)
    return code


def quick_code(parsed: Any, flags: int) -> list[int]:
    """The compiled code for ``parsed`` (from ``re._parser.parse(pattern, flags)``), as
    ``re._compiler._code`` makes it but quicker to search, with the same matches."""
    ignore = bool((parsed.state.flags | flags) & re.IGNORECASE)
    grouped = _sub(parsed.state, _grouped(parsed, parsed.state, ignore))
    return _code_with_start_chars(grouped, flags)


def quick_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` through :func:`quick_code` (for tests and tools; the
    engine keeps the code itself, see :mod:`~rwt_desktop.core.rules.pattern_analysis`)."""
    import _sre

    parsed = _PARSER.parse(pattern, flags)
    code = quick_code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[Any] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return _sre.compile(pattern, flags | parsed.state.flags, code, parsed.state.groups - 1,
                        groupindex, tuple(indexgroup))
