"""The ``judgement`` detector: the learned layer (:mod:`rwt_desktop.core.judgement`) as rules.

Each rule in ``resources/rules/judgement.toml`` reports one category. The model reads every
sentence once per check (the first judgement rule to run does it for all of them and leaves
the readings in ``ctx.results``). A rule says nothing when a hand-written rule has already
flagged its category in the post: the layer is there for what the rules have no words for,
and one warning per problem is enough. Its findings are warnings at most, never blocks.
"""

from __future__ import annotations

from collections.abc import Iterable

from rwt_desktop.core.findings import Severity
from rwt_desktop.core.judgement import JudgementModel, Reading, builtin_model
from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.registry import Detector, Hit, register

_READINGS = "judgement.readings"


@register("judgement")
class JudgementDetector(Detector):
    """Sentences the model reads as the rule's category."""

    #: Rules of this detector run after every other rule (see Checker), so they can tell
    #: which categories the rules already flagged.
    runs_last = True

    def __init__(self, spec: RuleSpec, policy: Policy,
                 model: JudgementModel | None = None) -> None:
        super().__init__(spec, policy)
        self.model = model if model is not None else builtin_model()

    def _readings(self, ctx: Context) -> list[Reading]:
        readings = ctx.results.get(_READINGS)
        if readings is None:
            readings = [] if self.model is None else self.model.read(ctx.text,
                                                                   ctx.sentences.spans)
            ctx.results[_READINGS] = readings
        return readings

    def find(self, ctx: Context) -> Iterable[Hit]:
        category = self.spec.category
        if category in ctx.flagged:
            return
        for reading in self._readings(ctx):
            if reading.category != category:
                continue
            start, end = reading.start, reading.end
            # the sentence without the spaces around it
            while start < end and ctx.text[start].isspace():
                start += 1
            while end > start and ctx.text[end - 1].isspace():
                end -= 1
            if start == end:
                continue
            words = ", ".join(f"“{w}”" for w in reading.evidence) or "the sentence as a whole"
            yield Hit(start, end, params={"evidence": words},
                      severity=Severity.WARN if self.spec.severity is Severity.BLOCK else None)
