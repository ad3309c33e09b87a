"""The tone detector: negative sentences, shouting, sarcasm and blame, cold wording, reading ease.

Every rule in ``resources/rules/tone.toml`` names ``detector = "tone"`` and says which part
of the tone it reports with ``options.part``. The parts share one analysis of the post
(:mod:`rwt_desktop.core.tone`), worked out by whichever runs first and kept in
``ctx.results``; the post-level :class:`ToneReport` goes to ``ctx.results["tone"]`` for the
window. Word lists and thresholds come from the data, from all the tone rules together, so
every part sees the same settings.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from rwt_desktop.core.findings import Severity
from rwt_desktop.core.policy import Policy, RuleSpec
from rwt_desktop.core.rules.engine import Context, compile_any
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.core.rules.phrases import phrases_regex
from rwt_desktop.core.rules.registry import Detector, Hit, register
from rwt_desktop.core.tone import ToneAnalyser, ToneAnalysis, ToneSettings

#: Where the shared analysis waits for the other tone parts of the same check.
_ANALYSIS_KEY = "tone.analysis"

PARTS = ("negative", "shouting", "sarcasm", "blame", "cold", "formal", "readability")


def _patterns(spec: RuleSpec) -> tuple[str, ...]:
    """The rule's phrases and patterns as expressions for lower-cased text."""
    phrases = phrases_regex([p.lower() for p in spec.phrases])
    patterns = tuple(f"(?i:{p})" for p in spec.patterns)
    return ((phrases,) if phrases else ()) + patterns


def _number(options: Mapping[str, Any], key: str, default: float) -> float:
    value = options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value)


def settings_from_policy(policy: Policy) -> ToneSettings:
    """Gather the tone settings from every enabled tone rule of ``policy``."""
    kw: dict[str, Any] = {}
    for spec in policy.rules:
        if spec.detector != "tone" or not spec.enabled:
            continue
        opts = spec.options
        part = opts.get("part", "negative")
        if part == "negative":
            for key in ("negative_below", "mild_below", "post_negative_below", "warm_above",
                        "hostile_below"):
                if key in opts:
                    kw[key] = _number(opts, key, 0.0)
            notice = opts.get("notice", [])
            kw["notice"] = tuple([notice] if isinstance(notice, str) else
                                 [str(n) for n in notice])
        elif part == "shouting":
            kw["acronyms"] = frozenset(str(a) for a in opts.get("acronyms", ()))
            if "warn_words" in opts:
                kw["shout_warn_words"] = int(_number(opts, "warn_words", 5))
            if "sentence_ratio" in opts:
                kw["shout_sentence_ratio"] = _number(opts, "sentence_ratio", 0.5)
        elif part in ("sarcasm", "blame", "cold", "formal"):
            kw[part] = kw.get(part, ()) + _patterns(spec)
            if "valence" in opts:
                kw[f"{part}_valence"] = _number(opts, "valence", -1.0)
        elif part == "readability":
            if "min_words" in opts:
                kw["readability_min_words"] = int(_number(opts, "min_words", 80))
            if "hard_below" in opts:
                kw["readability_hard_below"] = _number(opts, "hard_below", 50.0)
    return ToneSettings(**kw)


#: One analyser per loaded policy, shared by its seven tone rules: building one loads VADER's
#: lexicon and works out British spellings (about 80 ms). The policy is kept with it so its
#: id cannot be reused while the entry exists.
_ANALYSERS: dict[int, tuple[Policy, ToneAnalyser]] = {}
_ANALYSERS_LOCK = threading.Lock()


#: Analysers kept (the newest policies'); loading policy after policy must not keep them all.
_MAX_ANALYSERS = 4


def _analyser_for(policy: Policy, analysis: PatternAnalysis | None = None) -> ToneAnalyser:
    """The policy's analyser, built once; its patterns compiled through ``analysis`` (the
    policy's pattern cache) when there is one."""
    with _ANALYSERS_LOCK:
        entry = _ANALYSERS.pop(id(policy), None)
        if entry is None or entry[0] is not policy:
            entry = (policy, ToneAnalyser(settings_from_policy(policy), analysis=analysis))
        _ANALYSERS[id(policy)] = entry  # now the newest
        while len(_ANALYSERS) > _MAX_ANALYSERS:
            del _ANALYSERS[next(iter(_ANALYSERS))]
        return entry[1]


def tone_analysis(ctx: Context, analyser: ToneAnalyser) -> ToneAnalysis:
    """The post's tone analysis, worked out once per check and shared by the tone rules.

    It is kept on the check's context (never in a global), with the analyser and text it
    was worked out for: the seven tone rules of one check share it, and nothing else can
    be handed an analysis of another text or another policy's settings.
    """
    kept = ctx.results.get(_ANALYSIS_KEY)
    if kept is not None and kept[0] is analyser and kept[1] is ctx.text:
        return kept[2]
    analysis = analyser.analyse(ctx.text, ctx.sentences.spans, ctx.norm)
    ctx.results[_ANALYSIS_KEY] = (analyser, ctx.text, analysis)
    ctx.results["tone"] = analysis.report
    return analysis


@register("tone")
class ToneDetector(Detector):
    """One part of the tone of voice (see ``PARTS``), chosen by the rule's ``options.part``."""

    def __init__(self, spec: RuleSpec, policy: Policy,
                 analysis: PatternAnalysis | None = None) -> None:
        super().__init__(spec, policy)
        self.part = str(spec.options.get("part", "negative"))
        if self.part not in PARTS:
            from rwt_desktop.core.policy import PolicyError

            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": options.part must be one of '
                              f"{', '.join(PARTS)}, not {self.part!r}")
        # VADER loads its lexicon here, once per policy (all tone rules share it), never per
        # check.
        self.analyser = _analyser_for(policy, analysis)
        notice = spec.options.get("notice", [])
        if isinstance(notice, str):
            notice = [notice]
        self._notice = compile_any(notice, analysis) if self.part == "negative" else None

    @classmethod
    def build(cls, spec: RuleSpec, policy: Policy,
              analysis: PatternAnalysis | None = None) -> ToneDetector:
        return cls(spec, policy, analysis)

    def find(self, ctx: Context) -> Iterable[Hit]:
        analysis = tone_analysis(ctx, self.analyser)
        if self.part == "negative":
            return self._negative(ctx, analysis)
        if self.part == "shouting":
            return self._shouting(analysis)
        if self.part == "readability":
            return self._readability(analysis)
        return self._markers(analysis)

    def _negative(self, ctx: Context, analysis: ToneAnalysis) -> Iterable[Hit]:
        s = self.analyser.settings
        post = analysis.report.score
        by_start = {x.start: x for x in analysis.report.sentences}
        scores = analysis.sentences
        negative_sentences = sum(1 for y in scores if y.score <= s.mild_below)
        for i, x in enumerate(scores):
            if x.score > s.mild_below:
                continue
            tone = by_start.get(x.start)
            # How to reframe the sentence is advice to read, not words to paste in.
            advice = tone.advice if tone is not None and tone.advice else None
            # Reassured or remembered: sombre words in a post that offers help or a next
            # step, or that remembers someone, are the policy's "reassuring", not negative.
            # Bad news followed by help or a next step ("... call us", "new date soon") is
            # the policy's "reassuring"; so is remembering someone. The writer's own anger
            # or frustration is not settled by either.
            helped = x.offers_help or any(y.offers_help and y.score >= 0
                                          for y in scores[i + 1:i + 4])
            notice = self._notice is not None and bool(
                self._notice.search(ctx.norm, x.start, x.end))
            settled = (helped or analysis.sombre or notice) and not (x.hostile or x.vented)
            # Sadness at bad luck ("gutted the rain stopped sports day") with a next step
            # after it ("we'll reschedule") is honest and hopeful; anger never settles.
            settled = settled or (x.sad and helped and not x.hostile)
            strong = x.score <= s.negative_below
            params = {"score": f"{x.score:+.2f}"}
            # A mildly negative sentence warns only when negativity runs through the post
            # (two or more such sentences) or it vents: one word like "cut", "fire" or
            # "alone" in a short notice is advice, not a negative post.
            pattern = negative_sentences >= 2 or x.vented
            if (strong and not settled) or (x.hostile and strong) or (
                    not settled and post <= s.post_negative_below and pattern):
                variant = "hostile" if x.hostile or post <= -0.8 else ""
                yield Hit(x.start, x.end, variant=variant, advice=advice, params=params)
            elif strong or not settled:
                yield Hit(x.start, x.end, variant="mild", advice=advice, params=params,
                          severity=Severity.INFO)

    def _shouting(self, analysis: ToneAnalysis) -> Iterable[Hit]:
        s = self.analyser.settings
        many = analysis.shouted_words >= s.shout_warn_words
        sentences = analysis.sentences
        starts = [x.start for x in sentences]
        for run in analysis.shouting:
            i = bisect.bisect_right(starts, run.start) - 1
            negative = 0 <= i < len(sentences) and sentences[i].score <= s.mild_below
            if run.punctuation:
                yield Hit(run.start, run.end, variant="punctuation",
                          severity=Severity.WARN if negative else Severity.INFO)
            elif run.whole_sentence or many or run.words >= 3 or negative:
                yield Hit(run.start, run.end, severity=Severity.WARN)
            else:
                yield Hit(run.start, run.end, variant="word", severity=Severity.INFO)

    def _markers(self, analysis: ToneAnalysis) -> Iterable[Hit]:
        for m in analysis.markers:
            if m.kind == self.part:
                yield Hit(m.start, m.end)

    def _readability(self, analysis: ToneAnalysis) -> Iterable[Hit]:
        s = self.analyser.settings
        ease = analysis.reading_ease
        if (ease is None or analysis.words < s.readability_min_words
                or ease >= s.readability_hard_below or analysis.hardest_sentence is None):
            return
        a, b = analysis.hardest_sentence
        yield Hit(a, b, params={"ease": f"{ease:.0f}"})
