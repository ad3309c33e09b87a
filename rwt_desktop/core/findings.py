"""What a check reports: findings, severities and the report for one post.

Plain data with no Qt, so the command line, the tests and the window's worker thread all
share it. Spans are Python ``str`` indices: ``text[start:end]`` is always the flagged text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

#: The category ids from docs/CLAUSES.md (the organisation's clause map). They are a contract
#: with the JSON output, the sample corpus and any outside evaluation, so they are spelt here
#: exactly as there.
CATEGORIES: frozenset[str] = frozenset(
    {
        "personal_data",
        "confidential",
        "unannounced_plans",
        "discrimination",
        "offensive",
        "bullying",
        "criticism",
        "defamation",
        "unlawful",
        "links",
        "copyright",
        "tone",
        "incident",
        "purpose",
        "length",
        "grammar",
        "spelling",
        "image",
    }
)


class Severity(StrEnum):
    """How much a finding matters, from the policy's point of view."""

    BLOCK = "block"  # must be fixed before the post can be copied or exported
    WARN = "warn"  # must be acknowledged at the read-back
    INFO = "info"  # advice only

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.strip().lower())
        except ValueError:
            allowed = ", ".join(s.value for s in cls)
            raise ValueError(f"severity must be one of {allowed}, not {value!r}") from None


_RANK = {Severity.BLOCK: 2, Severity.WARN: 1, Severity.INFO: 0}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a post, in the shape of a Vale alert."""

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    clause: str
    #: Replacement words for ``text``, each ready to go into the post in its place (a button
    #: in the window puts it in). Never a sentence of advice: that goes in ``advice``.
    suggestions: tuple[str, ...] = ()
    #: Guidance to read, never pasted into the post: who to call, what to do instead, how
    #: to say it more kindly.
    advice: str = ""
    #: For findings about an attached image rather than the words: which image (its file
    #: name as the person chose it). Such findings have an empty span (start == end == 0).
    image: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "clause": self.clause,
            "suggestions": list(self.suggestions),
        }
        if self.advice:
            data["advice"] = self.advice
        if self.image:
            data["image"] = self.image
        return data


@dataclass(frozen=True, slots=True)
class ChannelLength:
    """How long the post is on one channel, counted the way that channel counts."""

    channel: str
    length: int
    limit: int
    #: Python index where the text first goes over the limit, or None when it fits.
    overflow_start: int | None = None
    hashtags: int = 0
    max_hashtags: int | None = None
    #: The first line against the channel's title limit (YouTube), when it has one.
    title_length: int | None = None
    title_limit: int | None = None
    #: How many characters (or runs of them) the channel refuses ("<" on YouTube).
    forbidden: int = 0

    @property
    def title_ok(self) -> bool:
        return (self.title_limit is None or self.title_length is None
                or self.title_length <= self.title_limit)

    @property
    def ok(self) -> bool:
        """Whether the post can go on this channel as it is: the same checks as the length
        rules, so a channel with a length finding that blocks is never "ok"."""
        hashtags_ok = self.max_hashtags is None or self.hashtags <= self.max_hashtags
        return (self.length <= self.limit and hashtags_ok and self.title_ok
                and not self.forbidden)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"length": self.length, "limit": self.limit, "ok": self.ok}
        if self.max_hashtags is not None:
            data["hashtags"] = self.hashtags
            data["max_hashtags"] = self.max_hashtags
        if self.title_limit is not None and self.title_length is not None:
            data["title_length"] = self.title_length
            data["title_limit"] = self.title_limit
        if self.forbidden:
            data["forbidden"] = self.forbidden
        return data


@dataclass(frozen=True, slots=True)
class SentenceTone:
    start: int
    end: int
    text: str
    score: float
    #: How to reframe the sentence, to read (it is advice, not replacement words).
    advice: str = ""
    #: How the sentence sounds: "hostile", "cross", "flat" ("" when it reads fine).
    mood: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
        }
        if self.advice:
            data["advice"] = self.advice
        if self.mood:
            data["mood"] = self.mood
        return data


@dataclass(frozen=True, slots=True)
class ToneReport:
    """Post-level tone on a -1..1 scale, and the sentences that pull it down."""

    score: float
    label: str
    sentences: tuple[SentenceTone, ...] = ()
    #: Extra measures the window may show (reading ease, shouting, ...).
    measures: dict[str, float] = field(default_factory=dict)
    #: How the post sounds, in the words the meter shows (core.tone.MOOD_WORDS): "warm",
    #: "friendly", "flat", "cross" or "hostile". Never better than its worst sentence's.
    mood: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "score": round(self.score, 4),
            "label": self.label,
            "sentences": [s.to_dict() for s in self.sentences],
        }
        if self.mood:
            data["mood"] = self.mood
        if self.measures:
            data["measures"] = {k: round(v, 2) for k, v in self.measures.items()}
        return data


@dataclass(slots=True)
class Report:
    """Everything the checks found in one post."""

    text: str
    findings: list[Finding] = field(default_factory=list)
    tone: ToneReport | None = None
    channels: dict[str, ChannelLength] = field(default_factory=dict)

    @property
    def blocked(self) -> bool:
        return any(f.severity is Severity.BLOCK for f in self.findings)

    def by_severity(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity is severity]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "findings": [f.to_dict() for f in self.findings],
            "blocked": self.blocked,
        }
        if self.tone is not None:
            data["tone"] = self.tone.to_dict()
        if self.channels:
            data["channels"] = {name: c.to_dict() for name, c in self.channels.items()}
        return data
