"""The tone analyser: one post's score, sentences, markers, shouting and reading ease.

:class:`ToneAnalyser` loads VADER's lexicon and the word data once; :meth:`analyse` then
scores a post and each of its sentences on VADER's -1..1 scale and never raises on odd text.
Whole-post patterns are skipped when none of the literals they need is in the post (one
Aho-Corasick pass), and no per-text memo is kept here: the tone rules share one analysis
per check (``rwt_desktop.core.rules.tone_rule``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from rwt_desktop.core.findings import SentenceTone, ToneReport
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis
from rwt_desktop.core.text import Sentences, normalise
from rwt_desktop.core.tone.adjust import Adjuster
from rwt_desktop.core.tone.loading import readable_emojis, tone_words_for, vader_for
from rwt_desktop.core.tone.model import (
    MarkerHit,
    SentenceScore,
    ToneAnalysis,
    ToneSettings,
)
from rwt_desktop.core.tone.mood import moods_by_sentence, post_mood, suggest_reframe
from rwt_desktop.core.tone.patterns import (
    FAREWELL,
    FLAGS,
    HELP_NOUNS,
    HELP_VERBS,
    HOSTILE,
    NO_BURDEN,
    NO_NEED_TO,
    OFFER,
    PLAY,
    REPAIR,
    SAD,
    SOMBRE,
    VENTED,
    Gate,
    compile_any,
)
from rwt_desktop.core.tone.readability import count_words, reading_ease
from rwt_desktop.core.tone.sentences import PostScan, SentenceScorer
from rwt_desktop.core.tone.shouting import find_shouting
from rwt_desktop.core.tone.vader import signed, vader_valences
from rwt_desktop.core.tone.words import ToneWords


class ToneAnalyser:
    """Scores tone with VADER plus the community adjustments. Build once, reuse."""

    def __init__(self, settings: ToneSettings | None = None,
                 words: ToneWords | None = None,
                 analysis: PatternAnalysis | None = None) -> None:
        """``analysis`` is the policy's pattern cache (the checker passes it): a start reads
        the big word patterns' compiled code and literals back instead of working them out
        again."""
        regex = re.compile if analysis is None else analysis.regex
        literals = None if analysis is None else analysis.literals
        self.settings = settings or ToneSettings()
        self.words = words or tone_words_for(analysis)
        # Our own instance: the lexicon changes below touch no one else's analyser.
        self._sia = vader_for(analysis)
        self._sia.lexicon.update(self.words.lexicon)
        self._lexicon = self._sia.lexicon
        # An emoji is read for its words only when they are not gloomy, or when it plainly
        # means anger: in community posts 😭, 💣, 🎃, ⏰ and ♿ decorate good news ("cake
        # stall went like a bomb 💣"), and VADER's "loudly crying face", "bomb" or "skull"
        # made them read as sad.
        self._emojis = readable_emojis(self._sia, self.words,
                                       analysis if words is None else None)
        s = self.settings
        self._acronyms = frozenset(a.upper() for a in s.acronyms)
        self._idioms = regex("|".join(
            rf"\b{re.escape(k)}\b" for k in sorted(self.words.idioms, key=len, reverse=True)),
            0)
        self._help_object = regex(rf"\b(?:{HELP_VERBS})\b((?: \S+){{1,3}})", 0)
        self._service = regex(rf"((?:\S+ ){{1,2}})(?:{HELP_NOUNS})\b", 0)
        self._no_burden = regex(rf"\bno (?:{NO_BURDEN})\b", 0)
        self._offer = regex(rf"\b(?:{OFFER})\b", FLAGS)
        self._sombre = regex(rf"(?:{SOMBRE})", FLAGS)
        self._hostile = regex(rf"\b(?:{HOSTILE})\b", FLAGS)
        self._vented = regex(rf"\b(?:{VENTED})\b", FLAGS)
        self._sad = regex(rf"\b(?:{SAD})\b", FLAGS)
        self._notice = compile_any(s.notice, regex)
        # One regex per written pattern (a rule's phrases are one), each gated on its own
        # literals below: a post is searched only with the patterns whose words are in it.
        # Joined into one alternation they ran on every post, and slowly.
        self._markers: list[tuple[str, re.Pattern[str], float]] = []
        for kind, patterns, valence in (
            ("sarcasm", s.sarcasm, s.sarcasm_valence),
            ("blame", s.blame, s.blame_valence),
            ("cold", s.cold, s.cold_valence),
            ("formal", s.formal, s.formal_valence),
        ):
            for pattern in patterns:
                if pattern:
                    self._markers.append((kind, regex(_for_lower_text(pattern), FLAGS),
                                          valence))
        # The whole-post scans, each skipped when none of the literals its every match needs
        # is in the post: one Aho-Corasick pass answers for all of them.
        self._sentence_gate = Gate([self._help_object, self._no_burden, NO_NEED_TO, FAREWELL,
                                    self._idioms], literals)
        self._gate = Gate([self._offer, self._hostile, self._vented, REPAIR, self._sombre,
                           self._sad, PLAY]
                          + [rx for _, rx, _ in self._markers], literals)
        self._adjuster = Adjuster(self.words, self._lexicon, self._sentence_gate,
                                  self._help_object, self._service, self._no_burden,
                                  self._idioms)
        self._scorer = SentenceScorer(s, self.words, self._sia, self._emojis,
                                      self._sentence_gate, self._idioms, self._adjuster)

    # ------------------------------------------------------------------ public

    def analyse(self, text: str, spans: Sequence[tuple[int, int]] | None = None,
                norm: str | None = None) -> ToneAnalysis:
        """Score ``text``. ``spans``/``norm`` let the engine pass what it already has."""
        if not isinstance(text, str) or not text.strip():
            return ToneAnalysis(report=ToneReport(score=0.0, label="neutral"))
        if norm is None or len(norm) != len(text):
            norm = normalise(text)
        lower = _lower_same_length(norm)
        if spans is None:
            spans = Sentences(norm).spans
        s = self.settings
        trimmed = [_trim(norm, a, b) for a, b in spans]
        trimmed = [(a, b) for a, b in trimmed if b > a]

        scan = self._scan(lower, trimmed)
        shout_runs, shouted_words = find_shouting(norm, trimmed, s, self._acronyms,
                                                  self.words.short_shouts)
        scores, total, kept_markers = self._scorer.score(norm, lower, trimmed, scan)

        punct_all = self._sia._punctuation_emphasis(norm)
        compound = signed(total, punct_all)
        words, sample = count_words(norm, trimmed)
        shout_ratio = shouted_words / words if words else 0.0
        # Shouting makes a negative post read angrier (bounded, as VADER's own caps rule).
        if compound < 0 and shout_ratio > 0:
            compound = max(-1.0, compound - 0.2 * min(shout_ratio, 1.0))
        score = max(-1.0, min(1.0, compound))

        moods = moods_by_sentence(norm, scores, kept_markers, trimmed, scan.sombre, s,
                                  self._notice)
        shouting = shouted_words >= s.shout_warn_words or any(r.whole_sentence
                                                              for r in shout_runs)
        label = self._label(score, scores, kept_markers, shouting, moods)
        mood = post_mood(label, score, moods, shouting)

        reading, hardest = reading_ease(norm, words, sample, s)
        measures = {
            "shouting_ratio": shout_ratio,
            "shouted_words": float(shouted_words),
            "words": float(words),
            "sentences": float(len(trimmed)),
        }
        if reading is not None:
            measures["reading_ease"] = reading
        report = ToneReport(score=score, label=label,
                            sentences=self._sentences_to_show(text, norm, scores, moods),
                            measures=measures, mood=mood)
        return ToneAnalysis(
            report=report, sentences=tuple(scores), markers=tuple(kept_markers),
            shouting=tuple(shout_runs), shouted_words=shouted_words, reading_ease=reading,
            words=words, hardest_sentence=hardest, sombre=scan.sombre,
            offers_help=bool(scan.offer_in), extras={"compound": compound})

    def score(self, text: str) -> float:
        """The post-level score alone (-1..1)."""
        return self.analyse(text).report.score

    # ------------------------------------------------------------------ the post

    def _scan(self, lower: str, trimmed: list[tuple[int, int]]) -> PostScan:
        """Run the whole-post patterns, each only when its literals are in the post."""
        starts = [a for a, _ in trimmed]
        can = self._gate.possible(lower)

        def sentences_with(rx: re.Pattern[str]) -> set[int]:
            return _sentences_with(rx, lower, starts) if can(rx) else set()

        return PostScan(
            offer_in=sentences_with(self._offer),
            hostile_in=sentences_with(self._hostile),
            vented_in=sentences_with(self._vented),
            sad_in=sentences_with(self._sad),
            repair=can(REPAIR) and REPAIR.search(lower) is not None,
            play=can(PLAY) and PLAY.search(lower) is not None,
            sombre=can(self._sombre) and self._sombre.search(lower) is not None,
            markers=self._find_markers(lower, can))

    def _label(self, score: float, scores: Sequence[SentenceScore],
               kept_markers: Sequence[MarkerHit], shouting: bool, moods: Sequence[str]) -> str:
        """The post's label: hostile, negative, neutral or warm."""
        s = self.settings
        hostile_any = any(x.hostile and x.score < 0 for x in scores)
        sarcastic = any(m.kind in ("sarcasm", "blame") for m in kept_markers)
        if (score <= s.hostile_below and (hostile_any or sarcastic or shouting)) or score <= -0.9:
            label = "hostile"
        elif score <= s.post_negative_below:
            label = "negative"
        elif score >= s.warm_above:
            label = "warm"
        else:
            label = "neutral"
        # Praise elsewhere never hides an insult: a post is no warmer than its worst sentence
        # when that sentence is hostile ("Huge thanks... the council are idiots").
        if "hostile" in moods:
            label = "hostile"
        return label

    def _sentences_to_show(self, text: str, norm: str, scores: Sequence[SentenceScore],
                           moods: Sequence[str]) -> tuple[SentenceTone, ...]:
        """The sentences the meter lists (those that pull the tone down), at most 100."""
        out = []
        for x, x_mood in zip(scores, moods, strict=True):
            if x.score <= self.settings.mild_below or x_mood:
                out.append(SentenceTone(
                    x.start, x.end, text[x.start:x.end], x.score,
                    suggest_reframe(norm[x.start:x.end], x.hostile), x_mood))
                if len(out) >= 100:
                    break
        return tuple(out)

    def _vader_valences(self, words: list[str], lows: list[str], is_cap_diff: bool
                        ) -> list[float]:
        """VADER's own per-word valences on this analyser's lexicon (see vader_valences)."""
        return vader_valences(self._lexicon, words, lows, is_cap_diff)

    def _find_markers(self, lower: str, can: Callable[[re.Pattern[str]], bool]
                      ) -> list[MarkerHit]:
        """Sarcasm, blame, cold and formal wording in the post, in order."""
        hits = []
        for kind, rx, _ in self._markers:
            if not can(rx):
                continue
            for m in rx.finditer(lower):
                if m.end() > m.start():
                    hits.append(MarkerHit(kind, m.start(), m.end()))
        hits.sort(key=lambda h: (h.start, -h.end))
        # Two patterns of one kind may find overlapping words: they are one marker.
        kept: list[MarkerHit] = []
        last_end: dict[str, int] = {}
        for h in hits:
            if h.start >= last_end.get(h.kind, -1):
                kept.append(h)
                last_end[h.kind] = h.end
        return kept


def _for_lower_text(pattern: str) -> str:
    """A rule's pattern ready for the lower-cased post. The tone rules wrap written patterns
    in ``(?i:...)``; with no capital letter to match that is only a cost (it also hides the
    pattern's literals from the gate), so the wrapper is dropped where it changes nothing."""
    if pattern.startswith("(?i:") and pattern.endswith(")"):
        inner = pattern[4:-1]
        if "(?" + "-i" not in inner and not re.search(r"[A-Z]", re.sub(r"\\.", "", inner)):
            return inner
    return pattern


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """A sentence's span without the white space at its ends (findings underline words)."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _lower_same_length(text: str) -> str:
    """Lower case with every offset kept ("İ" lower-cases to two characters)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _sentences_with(rx: re.Pattern[str], text: str, starts: list[int]) -> set[int]:
    """Indexes of the sentences (by start offsets) holding a match of ``rx``: one pass."""
    found: set[int] = set()
    for m in rx.finditer(text):
        found.add(max(bisect.bisect_right(starts, m.start()) - 1, 0))
    return found
