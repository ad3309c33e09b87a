"""The rules' shared vocabulary: named word lists, proximity rules and pattern limits.

Rule files may define named word lists in a ``[lists]`` table (``resources/rules/_lists.toml``
holds the shared ones)::

    [lists]
    groups = ["immigrants", "Muslims", "disabled people", "{faiths}"]
    accusations = ["stole", "nicked", "fiddl*", "kept the money"]

An entry is a plain phrase, matched as whole words whatever its case; ``*`` at the end of a
word lets the word go on ("fiddl*" finds fiddled and fiddling); ``~`` before a word also
finds it with two letters swapped or one dropped ("~vermin" finds "vremin" and "vrmin");
``{name}`` alone pulls in another list. Leetspeak and spaced-out letters need nothing in
the lists: every rule also reads the post with those undone (``text.undisguise``).
A rule uses a list by name, ``{groups}``, in its phrases, patterns, context
patterns or ``near`` terms. A proximity rule says "this, then that, within N words, in one
sentence"::

    near = [["{groups}", "{dehumanising}"]]
    within = 6

A ``near`` term starting ``re:`` is a regular expression (lists allowed, limits apply), for
what a phrase cannot say: a capitalised name, "for" or "to" before a list.

Every rule's written regular expressions are held to limits a member of staff can live
with: at most 200 characters, no quantifier around a quantified part (``(a+)+``, the shape
that can make a regex engine take minutes), no overlapping alternatives under a repeat
(``(a|a)*``) and no huge repeat counts. A pattern that really needs more sits under an
explicit ``expert_patterns`` (or ``expert_requires`` / ``expert_unless``) key. Everything
here runs at load, once; the engine only ever sees plain regular expressions, so its
prefilter and windowed search treat these rules like any other.

Nothing here imports Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from rwt_desktop.core.reading import text_list

#: The longest regular expression a rule may hold outside the ``expert_*`` keys.
MAX_PATTERN_LENGTH = 200
#: Largest repeat count allowed ({0,60} is fine; {4294967295} is not).
MAX_REPEAT_COUNT = 1000
#: A repeat allowing more than this many turns counts as "unbounded" for the nesting check.
_NESTING_BOUND = 50
#: Widest gap a proximity rule may allow, in words.
MAX_WITHIN = 30

#: A ``near`` term starting with this is a regular expression, not a phrase.
REGEX_TERM = "re:"
#: ``{name}``: a list reference (lower case, digits, underscores).
LIST_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")

#: Between two words of one sentence: anything but a word character or a sentence end
#: (a full stop inside "10.30" or "e.g" does not end one). @ and # start a word.
_SEP = r"(?:[^\w.!?\n@#]|[.!?](?=\w))"
_WORD = r"[\w@#'-]++"

Fail = Callable[[str], Exception]

#: A repeat count written in a pattern: {n}, {n,}, {n,m} (not preceded by a backslash).
_COUNT = re.compile(r"(?<!\\)\{(\d+)(?:,(\d*))?\}")
#: An innermost group repeated without a small bound: (a|ab)*, (?:x|y)+, (a|b){2,}.
_REPEATED_GROUP = re.compile(r"(?<!\\)\((?:\?:)?([^()]*)(?<!\\)\)(?:[*+]|\{\d*,\})")


def misspellings(word: str) -> list[str]:
    """The word with two neighbouring letters swapped or (in longer words) one dropped,
    keeping its first letter: "vermin" -> "vremin", "vrmin", "vermn"... Used for "~word"."""
    out = {word}
    for i in range(1, len(word) - 1):
        out.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
        if len(word) >= 5:
            out.add(word[:i] + word[i + 1:])
    if len(word) >= 5:
        out.add(word[:-1])
    return sorted(out, key=len, reverse=True)


def _entry_regex(entry: str) -> str:
    """One plain list entry as a regex body: words with any spacing, "word*" runs on,
    "~word" also misspelt (see :func:`misspellings`)."""
    parts = []
    for word in entry.strip().split():
        fuzzy = word.startswith("~") and len(word) > 3
        word = word[1:] if fuzzy else word
        stem = word[:-1] if word.endswith("*") and len(word) > 1 else word
        forms = misspellings(stem.lower()) if fuzzy and stem.isalpha() else [stem]
        bodies = [re.escape(f).replace(r"\-", r"[-\s]?").replace("'", "'?") for f in forms]
        # Each spelling in its own group: Python's parser would otherwise take the shared
        # first letter out, and the prefilter would be left with "ick" for "sick".
        body = bodies[0] if len(bodies) == 1 else "(?:" + "|".join(
            f"(?>{b})" for b in bodies) + ")"
        parts.append(body + (r"\w*" if stem is not word else ""))
    return r"\s+".join(parts)


class Vocabulary:
    """The named lists of one policy, each ready as a regular-expression group."""

    def __init__(self, lists: Mapping[str, Sequence[str]]) -> None:
        self.lists = {k: tuple(v) for k, v in lists.items()}
        self._regex: dict[str, str] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.lists

    def regex(self, name: str, _seen: tuple[str, ...] = ()) -> str:
        """``(?:...)`` matching any entry of list ``name`` (longest entries first)."""
        if name in self._regex:
            return self._regex[name]
        if name in _seen:
            raise ValueError(f"list {{{name}}} includes itself (through "
                             f"{' -> '.join((*_seen, name))})")
        bodies: list[str] = []
        for entry in self.lists[name]:
            ref = LIST_REF.fullmatch(entry.strip())
            if ref:
                bodies.append(self.regex(ref.group(1), (*_seen, name))[3:-1])
            else:
                bodies.append(_entry_regex(entry))
        bodies.sort(key=len, reverse=True)
        out = "(?:" + "|".join(bodies) + ")"
        self._regex[name] = out
        return out

    def expand(self, pattern: str) -> str:
        """A written pattern with each ``{name}`` replaced by its list's group."""
        return LIST_REF.sub(lambda m: self.regex(m.group(1)), pattern)

    def term(self, phrase: str) -> str:
        """A phrase that may hold ``{name}`` references, as a whole-word regex. A term
        written ``re:...`` is a regular expression (lists allowed) instead."""
        if phrase.startswith(REGEX_TERM):
            return self.expand(phrase[len(REGEX_TERM):])
        parts = []
        for word in phrase.strip().split():
            pieces = []
            last = 0
            for m in LIST_REF.finditer(word):
                if m.start() > last:
                    pieces.append(_entry_regex(word[last:m.start()]))
                pieces.append(self.regex(m.group(1)))
                last = m.end()
            if last < len(word):
                pieces.append(_entry_regex(word[last:]))
            parts.append("".join(pieces))
        return r"(?<![\w@#])" + r"\s+".join(parts) + r"(?!\w)"

    def proximity(self, terms: Sequence[str], within: int) -> str:
        """Each term, then the next within ``within`` words, all in one sentence."""
        gap = rf"(?:{_SEP}*+{_WORD}){{0,{within}}}?{_SEP}*+"
        return gap.join(f"(?:{self.term(t)})" for t in terms)


#: The gap :meth:`Vocabulary.proximity` puts between terms, to find them again.
_GAP = re.compile(re.escape(f"(?:{_SEP}*+{_WORD}){{0,") + r"\d+" + re.escape(f"}}?{_SEP}*+"))


def proximity_terms(pattern: str) -> list[str] | None:
    """The term expressions of a pattern made by :meth:`Vocabulary.proximity`, else None.

    Every term must match for the pattern to, so the engine can ask for each term's words
    before running it (a sound prefilter that is far more selective than one term's)."""
    parts = _GAP.split(pattern)
    if len(parts) < 2:
        return None
    try:
        for part in parts:
            re.compile(part)
    except re.error:
        return None
    return parts


def unknown_lists(text: str, vocabulary: Vocabulary) -> list[str]:
    return [m.group(1) for m in LIST_REF.finditer(text) if m.group(1) not in vocabulary]


# --------------------------------------------------------------------------- limits

try:  # the stdlib regex parser, internal but stable since 3.11
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _P = _C = None

_REPEATS = tuple(x for x in (getattr(_C, "MAX_REPEAT", None), getattr(_C, "MIN_REPEAT", None),
                             getattr(_C, "POSSESSIVE_REPEAT", None)) if x is not None)


def _first_chars(items: list[Any]) -> set[str] | None:
    """Letters a sequence can start with, or None when it could start with many."""
    for op, av in items:
        if op is _C.LITERAL:
            return {chr(av).lower()}
        if op is _C.SUBPATTERN:
            return _first_chars(list(av[-1]))
        if op is _C.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                got = _first_chars(list(branch))
                if got is None:
                    return None
                out |= got
            return out
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue
        return None
    return set()


def _overlapping_branches(items: list[Any]) -> bool:
    """Whether the first alternation of a repeated part has branches that can start alike."""
    for op, av in items:
        if op is _C.SUBPATTERN:
            return _overlapping_branches(list(av[-1]))
        if op is _C.BRANCH:
            seen: set[str] = set()
            for branch in av[1]:
                got = _first_chars(list(branch))
                if got is None or got & seen:
                    return True
                seen |= got
            return False
        if op not in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            return False
    return False


def _repeat_problems(items: list[Any], under_repeat: bool) -> str | None:
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            for count in (low, high):
                if count != _C.MAXREPEAT and count > MAX_REPEAT_COUNT:
                    return f"a repeat count of {count} (at most {MAX_REPEAT_COUNT})"
            unbounded = high == _C.MAXREPEAT or high > _NESTING_BOUND
            if under_repeat and high > 1:
                return "a quantifier inside a repeated part, like (a+)+"
            if unbounded and _overlapping_branches(list(body)):
                return "alternatives that can start alike inside a repeat, like (a|a)*"
            found = _repeat_problems(list(body), under_repeat or unbounded)
        elif op is _C.SUBPATTERN:
            found = _repeat_problems(list(av[-1]), under_repeat)
        elif op is _C.BRANCH:
            found = next((p for b in av[1] if (p := _repeat_problems(list(b), under_repeat))),
                         None)
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            found = _repeat_problems(list(av[1]), under_repeat)
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            found = _repeat_problems(list(av), under_repeat)
        else:
            found = None
        if found:
            return found
    return None


@lru_cache(maxsize=4096)
def pattern_problem(pattern: str) -> str | None:
    """Why a written pattern is refused outside ``expert_*`` keys, or None if it is fine.

    Remembered per pattern (a policy has about 1,300 patterns), so loading a policy again, as the
    settings do when its folder is chosen, does not parse every pattern a second time.

    A ``{name}`` list reference counts as a short repeated part: it is a list of words, so
    ``({adverbs}\\s+)*`` is nested just as ``(\\w+\\s+)*`` is.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return (f"is {len(pattern)} characters long (at most {MAX_PATTERN_LENGTH}); split it, "
                "use a word list, or put it under expert_patterns")
    for m in _COUNT.finditer(pattern):
        counts = [int(x) for x in m.groups() if x]
        if counts and max(counts) > MAX_REPEAT_COUNT:
            return (f"has a repeat count of {max(counts)} (at most {MAX_REPEAT_COUNT}), which "
                    "can make checking very slow; rewrite it or put it under an expert_ key")
    for m in _REPEATED_GROUP.finditer(pattern):
        alternatives = m.group(1).split("|")
        if len(alternatives) > 1 and any(
                a.startswith(b) for i, a in enumerate(alternatives)
                for j, b in enumerate(alternatives) if i != j):
            return ("has alternatives that can match the same text inside a repeat, like "
                    "(a|a)*, which can make checking very slow; rewrite it or put it under "
                    "an expert_ key")
    if _P is None:  # pragma: no cover
        return None
    try:
        parsed = _P.parse(LIST_REF.sub("(?:x+)", pattern), re.IGNORECASE)
    except Exception:  # an invalid pattern is reported by the regex check itself
        return None
    problem = _repeat_problems(list(parsed), False)
    if problem:
        return f"has {problem}, which can make checking very slow; rewrite it or put it " \
               "under an expert_ key"
    return None


# --------------------------------------------------------------------------- rule tables

#: Keys a rule may use for this vocabulary, besides the engine's own.
RULE_KEYS = frozenset({"near", "within", "expert_patterns", "expert_requires",
                       "expert_unless"})


def line_in_rule(lines: Sequence[str], start: int | None, needle: str) -> int | None:
    """The first line at or after ``start`` (1-based) holding ``needle``, before the next
    rule; else ``start``."""
    if start is None:
        return None
    for i in range(start - 1, len(lines)):
        if i >= start and lines[i].lstrip().startswith("[[rule]]"):
            break
        if needle in lines[i]:
            return i + 1
    return start


def _line_of_pattern(lines: Sequence[str], start: int | None, key: str,
                     pattern: str) -> int | None:
    """The line a written pattern is on (as TOML wrote it: raw or with doubled backslashes),
    else the line of its key."""
    for needle in (pattern[:40], pattern[:40].replace("\\", "\\\\")):
        found = line_in_rule(lines, start, needle) if needle else None
        if found is not None and found != start:
            return found
    return line_in_rule(lines, start, f"{key} =")


def apply_to_rule(table: Mapping[str, Any], rid: str, vocabulary: Vocabulary,
                  lines: Sequence[str], line: int | None,
                  error: Callable[[int | None, str], Exception],
                  check_limits: bool = True) -> dict[str, Any]:
    """A rule table with lists expanded, ``near`` turned into patterns and ``expert_*``
    merged in: what the engine reads. Problems raise ``error(line, problem)``."""
    out = dict(table)

    def at(needle: str) -> int | None:
        return line_in_rule(lines, line, needle)

    def fail_at(needle: str) -> Fail:
        """Problems with the value at ``needle`` name that line."""
        return lambda problem: error(at(needle), problem)

    def refs_ok(text: str) -> None:
        for name in unknown_lists(text, vocabulary):
            known = ", ".join(sorted(vocabulary.lists)) or "none"
            raise error(at("{" + name + "}"), f'rule "{rid}": there is no word list called '
                                              f'"{{{name}}}" (known: {known})')

    phrases = text_list(table.get("phrases", []), f'rule "{rid}": "phrases"', fail_at("phrases"))
    patterns: list[str] = []
    plain: list[str] = []
    for phrase in phrases:
        refs_ok(phrase)
        if LIST_REF.search(phrase):
            patterns.append(vocabulary.term(phrase))
        else:
            plain.append(phrase)
    if "phrases" in table:
        out["phrases"] = plain

    for key in ("patterns", "requires", "unless"):
        written = text_list(table.get(key, []), f'rule "{rid}": "{key}"', fail_at(key))
        expanded = []
        for p in written:
            refs_ok(p)
            if check_limits:
                problem = pattern_problem(p)
                if problem:
                    shown = p if len(p) <= 60 else p[:57] + "..."
                    raise error(_line_of_pattern(lines, line, key, p),
                                f'rule "{rid}": {key} pattern {shown!r} {problem}')
            expanded.append(vocabulary.expand(p))
        expert = text_list(table.get(f"expert_{key}", []), f'rule "{rid}": "expert_{key}"',
                           fail_at(f"expert_{key}"))
        for p in expert:
            refs_ok(p)
        expanded += [vocabulary.expand(p) for p in expert]
        if key == "patterns":
            expanded = patterns + expanded
        if expanded or key in table:
            out[key] = expanded
        out.pop(f"expert_{key}", None)

    near, within = table.get("near"), table.get("within")
    if near is not None or within is not None:
        where = at("near") if near is not None else at("within")
        if near is None:
            raise error(where, f'rule "{rid}": "within" needs "near" terms to go with it')
        if (not isinstance(near, list) or not near
                or not all(isinstance(t, list) and len(t) >= 2
                           and all(isinstance(x, str) and x.strip() for x in t) for t in near)):
            raise error(where, f'rule "{rid}": "near" should be a list of groups of two or '
                               'more phrases, e.g. near = [["{groups}", "{contempt}"]]')
        if (not isinstance(within, int) or isinstance(within, bool)
                or not 1 <= within <= MAX_WITHIN):
            raise error(at("within") if within is not None else where,
                        f'rule "{rid}": "within" should be a whole number of words from 1 '
                        f"to {MAX_WITHIN}, not {within!r}")
        for terms in near:
            for t in terms:
                refs_ok(t)
                problem = (pattern_problem(t[len(REGEX_TERM):])
                           if t.startswith(REGEX_TERM) and check_limits else None)
                if problem:
                    raise error(where, f'rule "{rid}": near term {t!r} {problem}')
        out["patterns"] = list(out.get("patterns", [])) + [
            vocabulary.proximity(terms, within) for terms in near]
    out.pop("near", None)
    out.pop("within", None)
    return out


def read_lists(data: Mapping[str, Any], lines: Sequence[str],
               error: Callable[[int | None, str], Exception]) -> dict[str, tuple[str, ...]]:
    """The ``[lists]`` table of one file, checked: each a non-empty list of phrases."""
    raw = data.get("lists", {})

    def line_of(name: str) -> int | None:
        rx = re.compile(rf"^\s*{re.escape(name)}\s*=")
        return next((i for i, ln in enumerate(lines, 1) if rx.match(ln)), None)

    if not isinstance(raw, Mapping):
        raise error(line_of("lists"), "[lists] should be a table of named word lists")
    out: dict[str, tuple[str, ...]] = {}
    for name, entries in raw.items():
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise error(line_of(name), f'list name "{name}" should be lower case letters, '
                                       "digits and underscores")
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            raise error(line_of(name), f'list "{name}" should be a list of texts in quotes')
        cleaned = tuple(e for e in entries if e.strip())
        if not cleaned:
            raise error(line_of(name), f'list "{name}" is empty')
        for e in cleaned:
            if "{" in e and not LIST_REF.fullmatch(e.strip()):
                raise error(line_of(name), f'list "{name}": "{e}" should be a phrase, or '
                                           "{another_list} on its own")
        out[name] = cleaned
    return out


def check_list_references(lists: Mapping[str, tuple[str, ...]],
                          where: Mapping[str, tuple[str, int | None]],
                          error: Callable[[str, int | None, str], Exception]) -> Vocabulary:
    """A Vocabulary once every list's ``{other}`` entries name a list and none loops."""
    vocabulary = Vocabulary(lists)
    for name, entries in lists.items():
        for e in entries:
            for ref in unknown_lists(e, vocabulary):
                raise error(*where[name], f'list "{name}" includes "{{{ref}}}", which is not '
                                          "a word list")
    for name in lists:
        try:
            vocabulary.regex(name)
        except ValueError as exc:
            raise error(*where[name], str(exc)) from None
    return vocabulary
