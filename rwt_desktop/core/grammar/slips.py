"""The slips volunteers make (its/it's, your/you're, "should of", "the volunteers was"…).

A small layer of sure-footed checks that runs with whichever engine is chosen (Harper built
in, or LanguageTool), offline, with no Java. The rules are data in
``resources/grammar_slips.toml``: a regular expression whose ``slip`` group is the part to
underline, the replacement, and sentences that must and must not be flagged, which the tests
run. Findings have category ``grammar`` and rule ids ``grammar.slips.<id>``.

Pure Python, no Qt; the compiled rules are read-only, so this is safe on any thread.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from rwt_desktop.core.findings import Finding
from rwt_desktop.core.grammar.config import GrammarConfig, GrammarConfigError
from rwt_desktop.resources_path import read_text

SLIPS_FILE = "grammar_slips.toml"
ENGINE_NAME = "slips"

_KEYS = {"id", "message", "pattern", "suggest", "only_after", "not_after", "not_in_clause",
         "must_flag", "must_pass", "in_numbers"}
_LIST_REF = re.compile(r"\{([a-z_]+)\}")
_GROUP_REF = re.compile(r"\\g<(\w+)>")
_PREVIOUS_WORD = re.compile(r"([\w'’]+)[ \t]+$")
#: What ends a clause, for ``not_in_clause``: the clause before a slip starts after the last.
_CLAUSE_ENDS = ".!?;:,\n"
#: How far back ``not_in_clause`` looks, so a long paste with no full stop stays linear.
_CLAUSE_REACH = 200


@dataclass(frozen=True, slots=True)
class SlipRule:
    """One slip as written in grammar_slips.toml, compiled."""

    id: str
    message: str
    regex: re.Pattern[str]
    suggest: tuple[str, ...]
    must_flag: tuple[str, ...]
    must_pass: tuple[str, ...]
    #: The match counts only straight after one of these words (empty: anywhere).
    only_after: frozenset[str] = frozenset()
    #: The match is dropped straight after one of these words.
    not_after: frozenset[str] = frozenset()
    #: The match is dropped when the clause before the underlined words (back to the last
    #: comma, full stop or line break) has this in it: "the groups we work with are…" is a
    #: clause of its own ending on "with", so its "are" is the verb.
    not_in_clause: re.Pattern[str] | None = None
    #: The rule looks at words with digits in them ("the 1960's"), which are otherwise never
    #: checked; its pattern must then keep to a whole word of its own.
    in_numbers: bool = False
    line: int | None = None

    def spans(self, text: str) -> Iterable[tuple[int, int, tuple[str, ...]]]:
        """(start, end, suggestions) of each slip in ``text``."""
        for m in self.regex.finditer(text):
            if self.only_after or self.not_after:
                before = _PREVIOUS_WORD.search(text, max(0, m.start() - 40), m.start())
                word = before.group(1).casefold().replace("’", "'") if before else ""
                if self.only_after and word not in self.only_after:
                    continue
                if word and word in self.not_after:
                    continue
            start, end = _slip_span(m)
            if end <= start:
                continue
            if self.not_in_clause is not None and self.not_in_clause.search(
                    _clause_before(text, start)):
                continue
            yield start, end, self._suggestions(m, text[start:end])

    def _suggestions(self, m: re.Match[str], flagged: str) -> tuple[str, ...]:
        out: list[str] = []
        for template in self.suggest:
            if any(m.groupdict().get(g) is None for g in _GROUP_REF.findall(template)):
                continue  # made for another alternative of the pattern
            try:
                s = m.expand(template)
            except (IndexError, re.error):
                continue
            if not s:
                continue
            s = _match_case(flagged, s)
            if s != flagged and s not in out:
                out.append(s)
        return tuple(out)


def _slip_span(m: re.Match[str]) -> tuple[int, int]:
    """The first group named ``slip…`` that took part in the match, else the whole match.

    A rule may have several alternatives, each with its own group (``slip``, ``slip_own``…);
    other named groups are there for the suggestions.
    """
    for name, value in m.groupdict().items():
        if value is not None and name.startswith("slip"):
            return m.span(name)
    return m.span()


def _clause_before(text: str, at: int) -> str:
    """The words from the start of the clause up to ``at`` (at most _CLAUSE_REACH back)."""
    head = text[max(0, at - _CLAUSE_REACH):at]
    cut = max(head.rfind(c) for c in _CLAUSE_ENDS)
    return head[cut + 1:]


def _a_word_of_its_own(text: str, start: int, end: int) -> bool:
    """A number word standing alone ("the 1960's,"), not part of a link or a handle."""
    before = text[start - 1:start]
    after = text[end:end + 1]
    return (not before or before.isspace()) and (not after or after.isspace()
                                                 or after in ".,!?;:)")


def _match_case(original: str, replacement: str) -> str:
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def parse_slips(text: str, name: str = SLIPS_FILE) -> tuple[SlipRule, ...]:
    """Read grammar_slips.toml; a problem raises GrammarConfigError naming file and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GrammarConfigError(f"{name}: {exc}") from None
    lines = text.splitlines()

    def line_of(rule_id: str) -> int | None:
        rx = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(rule_id)}[\"']")
        return next((i for i, ln in enumerate(lines, 1) if rx.search(ln)), None)

    lists: dict[str, tuple[str, ...]] = {}
    raw_lists = data.get("lists", {})
    if not isinstance(raw_lists, dict):
        raise GrammarConfigError(f"{name}: [lists] must be a table of word lists")
    for key, words in raw_lists.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise GrammarConfigError(f'{name}: [lists] {key} must be a list of "words"')
        lists[key] = tuple(words)

    rules: list[SlipRule] = []
    seen: set[str] = set()
    raw_rules = data.get("slip", [])
    if not isinstance(raw_rules, list):
        raise GrammarConfigError(f"{name}: write each slip as a [[slip]] table")
    for n, table in enumerate(raw_rules, 1):
        rid = table.get("id")
        if not isinstance(rid, str) or not rid:
            raise GrammarConfigError(f"{name}: slip number {n} has no id")
        where = f"{name}, line {line_of(rid)}: slip \"{rid}\""
        if rid in seen:
            raise GrammarConfigError(f"{where}: this id is already used")
        seen.add(rid)
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise GrammarConfigError(f"{where}: unknown setting(s) {', '.join(unknown)}")

        def strs(key: str, table: Mapping[str, Any] = table,
                 where: str = where) -> tuple[str, ...]:
            value = table.get(key, [])
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise GrammarConfigError(f'{where}: {key} must be a list of "text" items')
            return tuple(value)

        message, pattern = table.get("message"), table.get("pattern")
        if not isinstance(message, str) or not message.strip():
            raise GrammarConfigError(f"{where}: the message is missing")
        if not isinstance(pattern, str) or not pattern.strip():
            raise GrammarConfigError(f"{where}: the pattern is missing")

        def put_list(m: re.Match[str], where: str = where) -> str:
            key = m.group(1)
            if key not in lists:
                raise GrammarConfigError(f"{where}: {{{key}}} is not a list in [lists]")
            return "(?:" + "|".join(re.escape(w) for w in lists[key]) + ")"

        try:
            regex = re.compile(_LIST_REF.sub(put_list, pattern), re.IGNORECASE | re.MULTILINE)
        except re.error as exc:
            raise GrammarConfigError(f"{where}: the pattern is not a valid regular "
                                     f"expression ({exc})") from None
        clause_pattern = table.get("not_in_clause")
        clause_regex: re.Pattern[str] | None = None
        if clause_pattern is not None:
            if not isinstance(clause_pattern, str) or not clause_pattern.strip():
                raise GrammarConfigError(f"{where}: not_in_clause must be a pattern")
            try:
                clause_regex = re.compile(_LIST_REF.sub(put_list, clause_pattern),
                                          re.IGNORECASE | re.MULTILINE)
            except re.error as exc:
                raise GrammarConfigError(f"{where}: not_in_clause is not a valid regular "
                                         f"expression ({exc})") from None

        def words(key: str, where: str = where) -> frozenset[str]:
            out: set[str] = set()
            for item in strs(key):
                m = _LIST_REF.fullmatch(item)
                if m:
                    if m.group(1) not in lists:
                        raise GrammarConfigError(f"{where}: {item} is not a list in [lists]")
                    out.update(lists[m.group(1)])
                else:
                    out.add(item)
            return frozenset(w.casefold().replace("’", "'") for w in out)

        in_numbers = table.get("in_numbers", False)
        if not isinstance(in_numbers, bool):
            raise GrammarConfigError(f"{where}: in_numbers must be true or false")
        rule = SlipRule(
            id=rid, message=message.strip(), regex=regex, suggest=strs("suggest"),
            must_flag=strs("must_flag"), must_pass=strs("must_pass"),
            only_after=words("only_after"), not_after=words("not_after"),
            not_in_clause=clause_regex, in_numbers=in_numbers, line=line_of(rid),
        )
        if not rule.must_flag or not rule.must_pass:
            raise GrammarConfigError(f"{where}: every slip needs must_flag and must_pass "
                                     "examples")
        rules.append(rule)
    return tuple(rules)


@cache
def default_slips() -> tuple[SlipRule, ...]:
    """The built-in grammar_slips.toml (its tests keep it loadable)."""
    return parse_slips(read_text(SLIPS_FILE))


def find_slips(text: str, config: GrammarConfig,
               rules: Sequence[SlipRule] | None = None) -> tuple[Finding, ...]:
    """Every slip in ``text`` as a grammar finding, leaving links, handles and numbers alone."""
    rules = default_slips() if rules is None else rules
    # Character masks, so a long paste with many matches stays linear.
    ignored = bytearray(len(text))
    for s, e in config.ignored_spans(text):
        ignored[s:e] = b"\x01" * (e - s)
    taken = bytearray(len(text))
    out: list[Finding] = []
    for rule in rules:
        for start, end, suggestions in rule.spans(text):
            if ignored[start:end].count(0) == 0 and not (
                    rule.in_numbers and _a_word_of_its_own(text, start, end)):
                continue  # wholly inside a link, handle, hashtag or number
            if taken[start:end].count(1):
                continue  # one underline per place: the first rule in the file wins
            taken[start:end] = b"\x01" * (end - start)
            out.append(Finding(
                rule=f"grammar.{ENGINE_NAME}.{rule.id}",
                category="grammar",
                severity=config.severity_for(ENGINE_NAME, rule.id, "grammar"),
                start=start,
                end=end,
                text=text[start:end],
                message=rule.message,
                clause=config.clause,
                suggestions=suggestions[: config.max_suggestions],
            ))
    out.sort(key=lambda f: (f.start, f.end))
    return tuple(out)


def with_slips(findings: Iterable[Finding], slips: Sequence[Finding]) -> tuple[Finding, ...]:
    """An engine's findings plus the slips, dropping the engine's where a slip already
    underlines the same words (the slip's message is the plainer one)."""
    if not slips:
        return tuple(findings)
    covered = bytearray(max(s.end for s in slips))
    for s in slips:
        covered[s.start:s.end] = b"\x01" * (s.end - s.start)
    kept = [f for f in findings
            if not (f.end > f.start and covered[f.start:f.end].count(1))]
    merged = [*kept, *slips]
    merged.sort(key=lambda f: (f.start, f.end, f.rule))
    return tuple(merged)
