"""grammar.toml: what spelling and grammar findings look like, and which parts are skipped.

Staff edit ``resources/grammar.toml`` (severities, the policy clause, rules raised to warn
or switched off, patterns for parts of a post no engine should flag). It is read here into a
:class:`GrammarConfig`; a mistake raises :class:`GrammarConfigError` naming the file.
"""

from __future__ import annotations

import bisect
import logging
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rwt_desktop.core.findings import Severity
from rwt_desktop.resources_path import read_text

log = logging.getLogger(__name__)

#: The policy's words behind every spelling and grammar finding (verbatim, "Sharing information").
CLAUSE = ("Treat information you share like any other form of communication you might use as "
          "part of your role")


#: A run of this many characters without a space is not a word (the longest English words
#: are about 45 letters; a link is ignored by its own pattern).
MAX_WORD = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_WORD},}}")


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) meets one of ``spans`` (sorted, merged; ``starts`` their starts)."""
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and spans[i][1] > start


class GrammarConfigError(Exception):
    """grammar.toml cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class GrammarConfig:
    clause: str = CLAUSE
    spelling_severity: Severity = Severity.INFO
    grammar_severity: Severity = Severity.INFO
    #: "<engine>.<rule>" ids raised to warn (e.g. "harper.RepeatedWords").
    warn_rules: frozenset[str] = frozenset()
    max_suggestions: int = 5
    ignore_patterns: tuple[str, ...] = ()
    harper_disabled_rules: tuple[str, ...] = ()
    #: Everyday British words Harper's dictionary lacks ("grandad"), added to it.
    harper_words: tuple[str, ...] = ()
    languagetool_language: str = "en-GB"
    languagetool_disabled_rules: tuple[str, ...] = ()
    #: Run the volunteers' slips (grammar_slips.toml) beside the engine.
    slips: bool = True
    _ignore_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @property
    def ignore_regex(self) -> str:
        """All ignore patterns as one alternation (also valid for Harper's Rust regex), and
        runs of :data:`MAX_WORD` or more non-space characters, which are not words: Harper
        took 17 s over 20,000 dots."""
        return "|".join([f"(?:{p})" for p in self.ignore_patterns] + [_LONG_RUN.pattern])

    def ignored_spans(self, text: str) -> list[tuple[int, int]]:
        """Sorted, merged spans the engines' findings are dropped in.

        Long runs of non-space characters are ignored whole and blanked out before the
        patterns run, so patterns like ``\\S*\\d\\S*`` (which retry from every character of
        a run) cost at most ``MAX_WORD`` steps per character: linear, however long the run.
        """
        long_runs = [m.span() for m in _LONG_RUN.finditer(text)]
        spans = list(long_runs)
        if self._ignore_re is not None:
            if long_runs:
                pieces, last = [], 0
                for s, e in long_runs:
                    pieces += [text[last:s], " " * (e - s)]
                    last = e
                pieces.append(text[last:])
                text = "".join(pieces)
            spans += [m.span() for m in self._ignore_re.finditer(text) if m.end() > m.start()]
        return _merged(spans)

    def severity_for(self, engine: str, rule: str, category: str) -> Severity:
        if f"{engine}.{rule}" in self.warn_rules:
            return Severity.WARN
        return self.spelling_severity if category == "spelling" else self.grammar_severity


def parse_grammar_config(text: str, name: str = "grammar.toml") -> GrammarConfig:
    """Read grammar.toml; a problem raises :class:`GrammarConfigError` naming file and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GrammarConfigError(f"{name}: {exc}") from None

    def strs(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise GrammarConfigError(f"{name}: {where}{key} must be a list of \"text\" items")
        return tuple(value)

    try:
        clause = data.get("clause", CLAUSE)
        if not isinstance(clause, str) or not clause.strip():
            raise GrammarConfigError(f"{name}: clause must be the policy's words in quotes")
        spelling = Severity.parse(str(data.get("spelling_severity", "info")))
        grammar = Severity.parse(str(data.get("grammar_severity", "info")))
        if Severity.BLOCK in (spelling, grammar):
            raise GrammarConfigError(f"{name}: spelling and grammar may be info or warn, "
                                     "never block (they must never stop a post)")
        max_sugg = data.get("max_suggestions", 5)
        if not isinstance(max_sugg, int) or not 0 <= max_sugg <= 20:
            raise GrammarConfigError(f"{name}: max_suggestions must be a number from 0 to 20")
        patterns = strs(data, "ignore_patterns", "")
        try:
            ignore_re = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        except re.error as exc:
            raise GrammarConfigError(f"{name}: ignore_patterns: {exc}") from None
        harper = data.get("harper", {})
        lt = data.get("languagetool", {})
        if not isinstance(harper, dict) or not isinstance(lt, dict):
            raise GrammarConfigError(f"{name}: [harper] and [languagetool] must be tables")
        slips = data.get("slips", True)
        if not isinstance(slips, bool):
            raise GrammarConfigError(f"{name}: slips must be true or false")
        language = lt.get("language", "en-GB")
        if not isinstance(language, str):
            raise GrammarConfigError(f"{name}: [languagetool] language must be text")
        return GrammarConfig(
            clause=clause.strip(),
            spelling_severity=spelling,
            grammar_severity=grammar,
            warn_rules=frozenset(strs(data, "warn_rules", "")),
            max_suggestions=max_sugg,
            ignore_patterns=patterns,
            harper_disabled_rules=strs(harper, "disabled_rules", "[harper] "),
            harper_words=strs(harper, "british_words", "[harper] "),
            languagetool_language=language,
            languagetool_disabled_rules=strs(lt, "disabled_rules", "[languagetool] "),
            slips=slips,
            _ignore_re=ignore_re,
        )
    except ValueError as exc:  # Severity.parse
        raise GrammarConfigError(f"{name}: {exc}") from None


@cache
def default_config() -> GrammarConfig:
    """The built-in grammar.toml (a broken copy falls back to plain defaults, logged)."""
    try:
        return parse_grammar_config(read_text("grammar.toml"))
    except (OSError, GrammarConfigError) as exc:
        log.error("grammar.toml cannot be used, so plain defaults apply: %s", exc)
        return GrammarConfig()
