"""What the read-back shows and what the person confirmed: plain data, no widgets.

The window gathers a :class:`PostForReadBack` at the moment the read-back opens; the dialog
(:mod:`rwt_desktop.gui.readback`) shows it and returns a :class:`ReadBackResult`, whose
:meth:`~ReadBackResult.acknowledged_text` goes into the confirmation record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rwt_desktop.core.excerpts import quote_with_position
from rwt_desktop.core.findings import ChannelLength, Finding, Report
from rwt_desktop.core.golden_rule import Answer, GoldenQuestion
from rwt_desktop.core.policy import Channel, Policy


@dataclass(frozen=True)
class PostForReadBack:
    """Everything the read-back shows, gathered by the window at the moment it opens."""

    texts: Mapping[str, str]  # channel id -> the exact text that will be copied/exported
    channels: Sequence[Channel]
    findings: Sequence[Finding]
    lengths: Mapping[str, ChannelLength] = field(default_factory=dict)
    golden_rule: str = ""
    organisation: str = ""
    #: The golden-rule questions for this post (core.golden_rule.golden_questions).
    questions: Sequence[GoldenQuestion] = ()
    #: The text the findings' spans are in (the composer's); "" for the first channel's.
    text: str = ""
    #: What "Ask for a second opinion" does after the read-back closes (None: not offered).
    ask_second_opinion: Callable[[], object] | None = field(default=None, compare=False)

    @property
    def source_text(self) -> str:
        return self.text or next(iter(self.texts.values()), "")


@dataclass(frozen=True)
class ReadBackResult:
    """What the person confirmed."""

    acknowledged: tuple[Finding, ...]
    #: Each golden-rule question with its answer (always Yes once confirmed).
    answers: tuple[tuple[GoldenQuestion, Answer], ...] = ()

    def acknowledged_text(self) -> tuple[str, ...]:
        return (tuple(q.record_line(a) for q, a in self.answers)
                + tuple(describe(f) for f in self.acknowledged))


def read_back_post(policy: Policy, report: Report, texts: Mapping[str, str],
                   shown: Sequence[Finding], lengths: Mapping[str, ChannelLength],
                   attachments: Sequence[object],
                   ask_second_opinion: Callable[[], object] | None = None) -> PostForReadBack:
    """What the read-back shows for ``report``: the channels' texts, the findings the
    person sees, the golden rule in the policy's own words and the questions for this post."""
    from rwt_desktop.app.policy_text import golden_rule, policy_text
    from rwt_desktop.core.golden_rule import golden_questions

    return PostForReadBack(
        texts=texts, channels=[policy.channel(cid) for cid in texts], findings=shown,
        lengths=lengths, golden_rule=golden_rule(policy_text(policy)),
        organisation=policy.short_name,
        questions=golden_questions(report.text, report.findings, list(attachments),
                                   policy=policy),
        text=report.text, ask_second_opinion=ask_second_opinion)


def quote(finding: Finding, text: str = "") -> str:
    """A few words of the finding and where they are, or the picture's name."""
    if finding.image:
        return f"“{finding.image}”"
    if text and 0 <= finding.start < finding.end <= len(text):
        return quote_with_position(text, finding.start, finding.end)
    return quote_with_position(finding.text, 0, len(finding.text)).rsplit(" (", 1)[0]


def describe(finding: Finding, text: str = "") -> str:
    """One line a person can read later in the confirmation record."""
    return f"{finding.message} [{finding.rule}: {quote(finding, text)}]"
