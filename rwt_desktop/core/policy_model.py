"""What a policy is, once read: the organisation, its channels, its people and every rule.

Plain frozen data with no reading or checking in it (see :mod:`rwt_desktop.core.policy`
for loading, :mod:`rwt_desktop.core.policy_reader` for the TOML schema).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rwt_desktop.core.findings import Severity


class PolicyError(Exception):
    """A policy file that cannot be used, with where and why."""

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.problem = problem
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class Channel:
    id: str
    name: str
    handle: str
    limit: int
    #: "characters" (code points), "twitter" (twitter-text v3 weighting).
    counting: str = "characters"
    max_hashtags: int | None = None
    max_images: int | None = None
    alt_text_limit: int | None = None
    #: Characters the channel does not accept at all (YouTube descriptions: < and >).
    forbidden: str = ""
    #: Smallest image width the platform recommends, in pixels.
    min_image_width: int | None = None
    #: Longest side an exported image is resized to, in pixels.
    export_image_size: int | None = None
    #: A second text limit on the same channel (YouTube's title), shown in the preview.
    title_limit: int | None = None
    #: Ticked for a new post in the window and checked by rwt-check without --channel.
    default: bool = False


@dataclass(frozen=True, slots=True)
class Admin:
    name: str
    role: str
    accounts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Variant:
    """A different outcome of the same rule (a helpline number is not a private one)."""

    severity: Severity
    message: str
    suggestions: tuple[str, ...] = ()
    advice: str = ""


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule as written in a rules file."""

    id: str
    category: str
    severity: Severity
    clause: str
    message: str
    must_flag: tuple[str, ...]
    must_pass: tuple[str, ...]
    file: str = ""
    line: int | None = None
    advice: str = ""
    suggestions: tuple[str, ...] = ()
    #: Plain phrases, matched as whole words whatever their case.
    phrases: tuple[str, ...] = ()
    #: Regular expressions (Python syntax), matched whatever their case.
    patterns: tuple[str, ...] = ()
    #: The match counts only if one of these is in the same sentence (or post, see scope).
    requires: tuple[str, ...] = ()
    #: The match is dropped if one of these is in the same sentence (or post).
    unless: tuple[str, ...] = ()
    #: "sentence" or "post": where requires/unless look.
    scope: str = "sentence"
    #: Name of a Python detector for checks that need more than phrases.
    detector: str = ""
    variants: Mapping[str, Variant] = field(default_factory=dict)
    #: Detector settings (word lists, thresholds) kept in the data so staff can tune them.
    options: Mapping[str, Any] = field(default_factory=dict)
    #: Suggested replacements for particular matched words: {"lady": ["woman"], ...}.
    replacements: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    enabled: bool = True
    #: Name of a check option that must be on for this rule to run, e.g. "personal_account"
    #: for rules that apply only when posting from one's own account. "" = always.
    when: str = ""


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    short_name: str
    website: str
    version: str
    channels: tuple[Channel, ...]
    admins: tuple[Admin, ...]
    reviewers: tuple[Admin, ...]
    local_words: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    public_numbers: Mapping[str, str]
    rules: tuple[RuleSpec, ...]
    source: str = "built-in"
    #: Named word lists the rules share ({groups}, {accusations}...), as written.
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def default_channels(self) -> tuple[str, ...]:
        """The channels a post is for unless someone chooses: those marked ``default = true``
        in policy.toml, or every channel if none is marked."""
        marked = tuple(ch.id for ch in self.channels if ch.default)
        return marked or tuple(ch.id for ch in self.channels)

    def chosen_or_default(self, chosen: Iterable[str]) -> list[str]:
        """The known channels of ``chosen`` (a person's settings), or the default ones."""
        known = {ch.id for ch in self.channels}
        return [c for c in chosen if c in known] or list(self.default_channels)

    def channel(self, channel_id: str) -> Channel:
        for ch in self.channels:
            if ch.id == channel_id:
                return ch
        known = ", ".join(ch.id for ch in self.channels)
        raise KeyError(f"unknown channel {channel_id!r} (known: {known})")

    def rule(self, rule_id: str) -> RuleSpec:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

