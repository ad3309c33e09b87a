"""The questions the read-back asks about one post, from what :mod:`.reader` found in it
and what the check found, worded from the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rwt_desktop.core.findings import Finding
from rwt_desktop.core.golden_rule.data import GoldenRuleData, builtin_golden_rule
from rwt_desktop.core.golden_rule.reader import Basis, PostReader
from rwt_desktop.core.policy import Policy

#: Longest text read for questions: more than any channel takes (Facebook's 63,206), so a
#: real post is read whole, while a pasted book does not hold up the read-back.
MAX_READ_CHARS = 100_000

#: Question ids, in the order the read-back asks them.
QUESTION_IDS = ("reply", "person", "child", "business", "sensitive", "future", "picture")


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not sure"

    @property
    def words(self) -> str:
        return {"yes": "Yes", "no": "No", "not sure": "Not sure"}[self.value]


@dataclass(frozen=True, slots=True)
class GoldenQuestion:
    """One question for the read-back."""

    id: str
    text: str
    based_on: tuple[Basis, ...] = ()

    def record_line(self, answer: Answer) -> str:
        """How the question and its answer read in the confirmation record."""
        return f"Golden rule: {self.text} Answer: {answer.words}."


def _join(names: Sequence[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) == 1:
        return names[0]
    if len(names) > 4:
        names = [*names[:3], f"{len(names) - 3} more"]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _quote(basis: Sequence[Basis]) -> str:
    first = " ".join(basis[0].text.split())
    return f"“{first if len(first) <= 50 else first[:49] + '…'}”"


def _once(basis: Iterable[Basis]) -> tuple[Basis, ...]:
    """Each span once (a phrase and the check's finding on it are one thing to show)."""
    seen: set[tuple[int, int, str]] = set()
    out = []
    for b in basis:
        key = (b.start, b.end, b.picture)
        if key not in seen:
            seen.add(key)
            out.append(b)
    return tuple(out)


def _findings_of(findings: Iterable[Finding], *prefixes: str) -> list[Basis]:
    return [Basis(f.start, f.end, f.text) for f in findings
            if not f.image and f.end > f.start and f.rule.startswith(prefixes)]


def golden_questions(text: str, findings: Sequence[Finding] = (),
                     attachments: Sequence[Any] = (), *, policy: Policy | None = None,
                     data: GoldenRuleData | None = None) -> list[GoldenQuestion]:
    """The questions the read-back asks about ``text``, in :data:`QUESTION_IDS` order.

    ``findings`` are the check's findings for the text (a child's name and age found by the
    personal-data rule also raises the child question); ``attachments`` are the post's
    pictures (``core.images.ImageAttachment`` or anything with ``people_identifiable``,
    ``children`` and ``name``); ``policy`` gives the organisation's own words, local places
    and admins, which are never taken for a person or a business.
    """
    if policy is None:
        from rwt_desktop.core.policy import builtin_policy

        policy = builtin_policy()
    d = data or builtin_golden_rule()
    w = d.wording
    text = text[:MAX_READ_CHARS]
    findings = [f for f in findings if f.end <= len(text)]
    reader = PostReader(text, d, policy)
    out: list[GoldenQuestion] = []

    replied = reader.reply() if text.strip() else []
    if replied:
        out.append(GoldenQuestion("reply", w["reply"].format(
            who=_join([b.text.strip() for b in replied])), tuple(replied)))

    businesses = reader.businesses()
    named, mentioned = reader.people(businesses)
    # The person a reply starts with is asked about once, by the reply question.
    named = [b for b in named if not any(r.start <= b.start < r.end for r in replied)]
    if named:
        names = [" ".join(b.text.split()) for b in named]
        key = "person_one" if len(set(names)) == 1 else "person_many"
        out.append(GoldenQuestion("person", w[key].format(name=names[0], names=_join(names)),
                                  _once(named + mentioned)))
    elif mentioned:
        names = ["your " + b.text.split()[-1].lower()
                 if b.text.split()[0].lower() == "my" else b.text.lower() for b in mentioned]
        out.append(GoldenQuestion("person", w["person_mention"].format(names=_join(names)),
                                  tuple(mentioned)))

    child = reader.children(named) + _findings_of(findings, "personal_data.child")
    if child:
        child.sort(key=lambda b: b.start)
        out.append(GoldenQuestion("child", w["child"].format(excerpt=_quote(child)),
                                  _once(child)))

    if businesses:
        names = [" ".join(b.text.split()) for b in businesses]
        key = "business_one" if len(set(names)) == 1 else "business_many"
        out.append(GoldenQuestion("business", w[key].format(name=names[0],
                                                            names=_join(names)),
                                  tuple(businesses)))

    topics = reader.sensitive(named + mentioned)
    health_findings = _findings_of(findings, "personal_data.health")
    if health_findings:
        topics.setdefault("health", []).extend(health_findings)
    confidential = _findings_of(findings, "confidential.")
    if topics or confidential:
        # The words that name the topic first, then what the checks found.
        basis = sorted((b for bs in topics.values() for b in bs), key=lambda b: b.start)
        basis += sorted(confidential, key=lambda b: b.start)
        words = [d.topic_words.get(t, t) for t in ("health", "money", "staffing", "meeting")
                 if t in topics] or ["something private"]
        out.append(GoldenQuestion("sensitive", w["sensitive"].format(
            topics=_join(words).replace(" and ", " or ") if len(words) > 1 else words[0],
            excerpt=_quote(basis)), _once(basis)))

    future = reader.future() + _findings_of(findings, "unannounced_plans.")
    if future:
        future.sort(key=lambda b: b.start)
        out.append(GoldenQuestion("future", w["future"].format(excerpt=_quote(future)),
                                  _once(future)))

    pictures = [a for a in attachments
                if getattr(a, "people_identifiable", "no") in ("yes", "unsure")
                or getattr(a, "children", False)]
    if pictures:
        names = [f"“{getattr(a, 'name', 'The picture')}”" for a in pictures]
        key = "picture_one" if len(pictures) == 1 else "picture_many"
        out.append(GoldenQuestion("picture", w[key].format(pictures=_join(names)),
                                  tuple(Basis(0, 0, "", picture=getattr(a, "name", ""))
                                        for a in pictures)))
    return out


def answer_advice(answer: Answer, data: GoldenRuleData | None = None) -> str:
    """What to do after an answer other than Yes ("" for Yes)."""
    if answer is Answer.YES:
        return ""
    d = data or builtin_golden_rule()
    return d.answers["no" if answer is Answer.NO else "not_sure"]
