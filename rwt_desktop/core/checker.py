"""``check(text) -> Report``: every rule of the policy over one post.

Pure Python with no Qt import, safe to call from a worker thread: a :class:`Checker` holds
only compiled, read-only rules and each call builds its own :class:`Context`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from rwt_desktop.core.channels import measure_all
from rwt_desktop.core.findings import Finding, Report, Severity
from rwt_desktop.core.policy import Policy, builtin_policy
from rwt_desktop.core.rules.engine import CompiledRule, Context
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.core.rules.prefilter import literal_finder
from rwt_desktop.core.text import safe_text

#: Longest text the checks look at. A bigger paste is checked up to here and the rest gets one
#: finding saying so, rather than freezing the window (Facebook's own limit is 63,206).
MAX_CHECKED_CHARS = 250_000
#: The rule id and clause of that finding (the golden rule: when unsure, ask).
NOT_ALL_CHECKED = "checker.not_all_checked"
_ASK_CLAUSE = "If unsure about a post check with RWT staff/ Chair before posting"




class Checker:
    """The compiled rules of one policy."""

    def __init__(self, policy: Policy | None = None, *, judgement_model: Any = None,
                 analysis: PatternAnalysis | None = None) -> None:
        """``judgement_model`` replaces the shipped learned layer (the evaluation scripts
        score writers with a model that never read them). ``analysis`` is what is already
        known about the policy's patterns (from :mod:`rwt_desktop.core.policy_cache`); what
        is worked out here is added to it, and nothing is written anywhere."""
        self.policy = policy or builtin_policy()
        self.analysis = analysis if analysis is not None else PatternAnalysis()
        rules = [CompiledRule(spec, self.policy, self.analysis)
                 for spec in self.policy.rules if spec.enabled]
        # The learned layer runs last, so it knows what the rules already flagged.
        self.rules = sorted(rules, key=lambda r: r.detector.runs_last)
        if judgement_model is not None:
            for rule in self.rules:
                if hasattr(rule.detector, "model"):
                    rule.detector.model = judgement_model
        literals: set[str] = set()
        for rule in self.rules:
            literals |= rule.triggers or frozenset()
            for search in getattr(rule.detector, "searches", ()):
                literals |= search.triggers or frozenset()
                for term in getattr(search, "all_of", ()):
                    literals |= term
        self._trigger_universe = frozenset(literals)
        self._trigger_finder = literal_finder(self._trigger_universe)
        self._in_universe: dict[frozenset[str], bool] = {}
        #: What :meth:`check` asks of each rule before running it, read once here rather
        #: than through three attributes per rule per check.
        self._gates = [(rule, rule.spec.category, rule.spec.when, rule.triggers)
                       for rule in self.rules]

    def check(self, text: str, channels: Sequence[str] | None = None, *,
              categories: Iterable[str] | None = None,
              options: Mapping[str, Any] | None = None,
              attachments: Sequence[Any] = ()) -> Report:
        """Check ``text`` for the chosen channels (all the policy's channels if None).

        ``attachments`` are the post's images (``rwt_desktop.core.images``); their findings
        have an empty span and name the image.
        """
        if channels is None:
            channels = [ch.id for ch in self.policy.channels]
        else:
            for ch in channels:
                self.policy.channel(ch)  # unknown channels are the caller's mistake
        wanted = set(categories) if categories is not None else None
        safe = safe_text(text)
        checked = safe[:MAX_CHECKED_CHARS]
        ctx = Context(checked, self.policy, channels, options, attachments)
        ctx.trigger_universe = self._trigger_universe
        ctx.trigger_finder = self._trigger_finder
        ctx.in_universe = self._in_universe
        findings: list[Finding] = []
        present: frozenset[str] | None = None  # ctx.present_anywhere, once first needed
        for rule, category, when, triggers in self._gates:
            if wanted is not None and category not in wanted:
                continue
            if when and not ctx.options.get(when):
                continue
            # Every rule's literals are in the universe, so one set test says whether it
            # can find anything (the same test rule.run starts with, made here instead).
            if triggers is not None:
                if present is None:
                    present = ctx.present_anywhere
                if triggers.isdisjoint(present):
                    continue
            found = rule.findings(ctx)
            findings.extend(found)
            ctx.flagged.update(f.category for f in found if f.severity is not Severity.INFO)
        if safe is not text:
            # Spans were found on the safe copy; the flagged text must come from the original.
            findings = [f if f.image else _with_text(f, text) for f in findings]
        if len(safe) > len(checked):
            findings.append(_not_all_checked(text, len(checked)))
        findings.sort(key=lambda f: (f.start, -f.severity.rank, f.end, f.rule))
        report = Report(text=text, findings=findings)
        report.tone = ctx.results.get("tone")
        report.channels = ctx.results.get("channels", {})
        if len(safe) > len(checked) and report.channels:
            # Lengths are the whole post's, not the part that was checked.
            report.channels = measure_all(
                safe, [self.policy.channel(cid) for cid in report.channels])
        return report


def _not_all_checked(text: str, checked: int) -> Finding:
    """The finding that says a very long post was checked only in part, and how far."""
    return Finding(
        rule=NOT_ALL_CHECKED, category="length", severity=Severity.WARN,
        start=checked, end=len(text), text=text[checked:],
        message=(f"Only the first {checked:,} characters of this {len(text):,}-character text "
                 "were checked; the rest was not. No post is this long: please check it in "
                 "smaller parts."),
        clause=_ASK_CLAUSE)


def _with_text(f: Finding, text: str) -> Finding:
    from dataclasses import replace

    return replace(f, text=text[f.start:f.end])


@cache
def default_checker() -> Checker:
    return Checker(builtin_policy())


def check(text: str, channels: Sequence[str] | None = None, *,
          policy: Policy | None = None, **kwargs: Any) -> Report:
    """Check one post against the built-in policy (or ``policy``)."""
    checker = default_checker() if policy is None else Checker(policy)
    return checker.check(text, channels, **kwargs)
