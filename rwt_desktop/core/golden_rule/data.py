"""The golden rule's wording and word lists (``resources/golden_rule.toml``), checked on
load with an error naming what is missing, and compiled once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any


class GoldenRuleError(ValueError):
    """The golden rule data file is missing something it needs."""


@dataclass(frozen=True)
class GoldenRuleData:
    """``resources/golden_rule.toml``, checked and compiled once."""

    wording: Mapping[str, str]
    answers: Mapping[str, str]
    titles: frozenset[str]
    not_after_title: frozenset[str]
    relations: tuple[str, ...]
    described: tuple[re.Pattern[str], ...]
    cues_before: tuple[str, ...]
    cues_after: tuple[str, ...]
    not_names: frozenset[str]
    place_words: frozenset[str]
    place_before: frozenset[str]
    given_names: frozenset[str]
    ambiguous_names: frozenset[str]
    suffixes: tuple[str, ...]
    generic_first_words: frozenset[str]
    sentence_openers: frozenset[str]
    known_businesses: tuple[str, ...]
    venue_words: tuple[str, ...]
    claim_words: re.Pattern[str]
    child_family: tuple[str, ...]
    child_own: tuple[str, ...]
    child_single: tuple[str, ...]
    child_not_after: frozenset[str]
    adult_age: int
    sensitive: Mapping[str, re.Pattern[str]]
    health_conditions: re.Pattern[str]
    topic_words: Mapping[str, str]
    future: tuple[re.Pattern[str], ...]
    greetings: tuple[str, ...]
    everyone: frozenset[str]

    # Compiled once per data file: a read-back of a 60,000-character post must not wait.

    @cached_property
    def suffix_rx(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w@#])(?:{_alternatives(self.suffixes)})(?!\w)")

    @cached_property
    def business_follows_rx(self) -> re.Pattern[str]:
        return re.compile(rf"(?:\s+[A-Z][\w'’&-]*){{0,2}}\s+(?:{_alternatives(self.suffixes)})"
                          r"(?!\w)")

    @cached_property
    def known_rx(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w@#])(?:{_alternatives(self.known_businesses)})(?![\w'’-])")

    @cached_property
    def cues_before_rx(self) -> re.Pattern[str]:
        return re.compile(rf"(?:^|\s)(?:{_alternatives(self.cues_before)})[,:!]?$")

    @cached_property
    def cues_after_rx(self) -> re.Pattern[str]:
        plain = [c for c in self.cues_after if not c.startswith("'s ")]
        return re.compile(rf"(?:{_alternatives(plain)})\b")

    @cached_property
    def possessive_cues_rx(self) -> re.Pattern[str]:
        owned = [c[3:] for c in self.cues_after if c.startswith("'s ")]
        return re.compile(rf"(?:{_alternatives(owned)})\b")

    @cached_property
    def relations_rx(self) -> re.Pattern[str]:
        return re.compile(rf"\b(?:my|our|his|her|their|your)\s+(?:(?:next[-\s]door|elderly|old|"
                          rf"best|lovely|new)\s+)?(?:{_alternatives(self.relations)})\b",
                          re.IGNORECASE)

    @classmethod
    def from_toml(cls, text: str, where: str = "golden_rule.toml") -> GoldenRuleData:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise GoldenRuleError(f"{where}: {exc}") from None

        def table(name: str) -> Mapping[str, Any]:
            value = data.get(name)
            if not isinstance(value, dict):
                raise GoldenRuleError(f"{where}: the [{name}] table is missing")
            return value

        def words(tbl: str, key: str) -> tuple[str, ...]:
            value = table(tbl).get(key)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise GoldenRuleError(f"{where}: [{tbl}] {key} must be a list of words")
            return tuple(v.strip() for v in value if v.strip())

        wording = {k: v for k, v in table("questions").items() if isinstance(v, str)}
        needed = ("person_one", "person_many", "person_mention", "business_one",
                  "business_many", "child", "sensitive", "future", "picture_one",
                  "picture_many", "reply")
        for key in needed:
            if key not in wording:
                raise GoldenRuleError(f"{where}: [questions] {key} is missing")
        answers = {k: v for k, v in table("answers").items() if isinstance(v, str)}
        for key in ("no", "not_sure"):
            if key not in answers:
                raise GoldenRuleError(f"{where}: [answers] {key} is missing")
        sens = table("sensitive")
        topics = sens.get("topic_words", {})
        sensitive: dict[str, re.Pattern[str]] = {}
        for topic in ("health", "money", "staffing", "meeting"):
            sensitive[topic] = _phrases(words("sensitive", topic))
        future: list[re.Pattern[str]] = []
        for n, pattern in enumerate(words("future", "patterns"), 1):
            try:
                future.append(re.compile(pattern, re.IGNORECASE))
            except re.error as exc:
                raise GoldenRuleError(f"{where}: [future] pattern {n}: {exc}") from None
        ambiguous = frozenset(words("people", "ambiguous_names"))
        age = table("children").get("adult_age", 18)
        if not isinstance(age, int) or isinstance(age, bool):
            raise GoldenRuleError(f"{where}: [children] adult_age must be a whole number")
        return cls(
            wording=wording,
            answers=answers,
            titles=frozenset(words("people", "titles")),
            not_after_title=frozenset(words("people", "not_after_title")),
            relations=words("people", "relations"),
            described=tuple(re.compile(x, re.IGNORECASE) for x in words("people", "described")),
            cues_before=words("people", "cues_before"),
            cues_after=words("people", "cues_after"),
            not_names=frozenset(words("people", "not_names")),
            place_words=frozenset(words("people", "place_words")),
            place_before=frozenset(words("people", "place_before")),
            given_names=frozenset(words("people", "given_names")) - ambiguous,
            ambiguous_names=ambiguous,
            suffixes=words("businesses", "suffixes"),
            generic_first_words=frozenset(words("businesses", "generic_first_words")),
            sentence_openers=frozenset(words("businesses", "sentence_openers")),
            known_businesses=words("businesses", "known"),
            venue_words=words("businesses", "venue_words"),
            claim_words=re.compile(
                rf"\b(?:{'|'.join(re.escape(w) for w in words('businesses', 'claim_words'))})",
                re.IGNORECASE),
            child_family=words("children", "family"),
            child_own=words("children", "own"),
            child_single=words("children", "single"),
            child_not_after=frozenset(w.lower() for w in words("children", "not_after")),
            adult_age=age,
            sensitive=sensitive,
            health_conditions=_phrases(words("sensitive", "health_conditions")),
            topic_words={k: str(v) for k, v in topics.items()},
            future=tuple(future),
            greetings=words("reply", "greetings"),
            everyone=frozenset(w.lower() for w in words("reply", "everyone")),
        )


def _alternatives(items: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


def _phrase_body(phrase: str) -> str:
    star = phrase.endswith("*")
    body = r"\s+".join(re.escape(w) for w in phrase.rstrip("*").split())
    body = body.replace("'", "['’]?")
    return body + (r"\w*" if star else "")


def _phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    bodies = sorted((_phrase_body(p) for p in phrases), key=len, reverse=True)
    return re.compile(rf"(?<![\w@#])(?:{'|'.join(bodies)})(?!\w)", re.IGNORECASE)


@cache
def builtin_golden_rule() -> GoldenRuleData:
    from rwt_desktop.resources_path import read_text

    return GoldenRuleData.from_toml(read_text("golden_rule.toml"))
