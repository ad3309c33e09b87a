"""The tone analyser: one post's score, sentences, markers, shouting and reading ease.

:class:`ToneAnalyser` loads VADER's lexicon and the word data once; :meth:`analyse` then
scores a post and each of its sentences on VADER's -1..1 scale and never raises on odd text.
Whole-post patterns are skipped when none of the literals they need is in the post (one
Aho-Corasick pass), and no per-text memo is kept here: the tone rules share one analysis
per check (``rwt_desktop.core.rules.tone_rule``).
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vaderSentiment import vaderSentiment as vader_module
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, normalize

from rwt_desktop.core.findings import SentenceTone, ToneReport
from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis, file_stamp
from rwt_desktop.core.text import Sentences, normalise
from rwt_desktop.core.tone.adjust import Adjuster
from rwt_desktop.core.tone.model import (
    MarkerHit,
    SentenceScore,
    ToneAnalysis,
    ToneSettings,
)
from rwt_desktop.core.tone.mood import moods_by_sentence, post_mood, suggest_reframe
from rwt_desktop.core.tone.patterns import (
    ADVICE,
    CANCELLED_EVENT,
    FAREWELL,
    FLAGS,
    HELP_NOUNS,
    HELP_VERBS,
    HOSTILE,
    NO_BURDEN,
    NO_NEED_TO,
    OFFER,
    PLAY,
    PUNCT,
    REPAIR,
    SAD,
    SOFTENED,
    SOMBRE,
    VENTED,
    Gate,
    compile_any,
)
from rwt_desktop.core.tone.readability import count_words, reading_ease
from rwt_desktop.core.tone.shouting import find_shouting
from rwt_desktop.core.tone.vader import (
    british_spellings,
    but_rule,
    fast_valences,
    plural_insults,
    signed,
    vader_valences,
)
from rwt_desktop.core.tone.words import WORD_LISTS, WORDS_FILE, ToneWords, builtin_tone_words
from rwt_desktop.resources_path import resource_path


@dataclass(frozen=True, slots=True)
class _PostScan:
    """What the whole-post patterns found: which sentences offer help, insult, vent or are
    sad, and whether the post is about a repair, a play or remembering someone."""

    offer_in: set[int]
    hostile_in: set[int]
    vented_in: set[int]
    sad_in: set[int]
    repair: bool
    play: bool
    sombre: bool
    markers: list[MarkerHit]


def _vader(analysis: PatternAnalysis | None) -> SentimentIntensityAnalyzer:
    """VADER with British spellings and plural insults in its lexicon, in a new instance.

    Reading VADER's two word files and working out the additions is most of building an
    analyser; with the policy's cache (``analysis``) it is done once per VADER install (its
    files' stamps are in the key) and read back on later starts.
    """

    def make() -> dict[str, Any]:
        sia = SentimentIntensityAnalyzer()
        sia.lexicon.update(british_spellings(sia.lexicon))
        sia.lexicon.update(plural_insults(sia.lexicon))
        return {"lexicon": sia.lexicon, "emojis": sia.emojis}

    if analysis is None:
        data = make()
    else:
        folder = os.path.dirname(os.path.abspath(vader_module.__file__))
        key = "\0".join(["tone.vader", file_stamp(os.path.join(folder, "vader_lexicon.txt")),
                         file_stamp(os.path.join(folder, "emoji_utf8_lexicon.txt"))])
        data = analysis.prepared(key, make, _is_vader_data)
    sia = SentimentIntensityAnalyzer.__new__(SentimentIntensityAnalyzer)
    sia.lexicon = dict(data["lexicon"])  # copies: the analyser adds its own words
    sia.emojis = dict(data["emojis"])
    return sia


def _builtin_words(analysis: PatternAnalysis | None) -> ToneWords:
    """The shipped tone words; with the policy's cache (``analysis``) the file is read and
    checked once per version of it (its stamp is in the key) and read back on later starts."""
    if analysis is None:
        return builtin_tone_words()

    def make() -> dict[str, Any]:
        words = builtin_tone_words()
        return {"lexicon": dict(words.lexicon), "idioms": dict(words.idioms),
                **{name: sorted(getattr(words, name)) for name in WORD_LISTS}}

    key = "tone.words\0" + file_stamp(str(resource_path(WORDS_FILE)))
    data = analysis.prepared(key, make, _is_words_data)
    return ToneWords(lexicon=dict(data["lexicon"]), idioms=dict(data["idioms"]),
                     **{name: frozenset(data[name]) for name in WORD_LISTS})


def _is_words_data(data: Any) -> bool:
    """Whether ``data`` read back from a cache file is what :func:`_builtin_words` keeps."""
    return (all(isinstance(data[name], dict)
                and all(type(k) is str and type(v) is float for k, v in data[name].items())
                for name in ("lexicon", "idioms"))
            and all(isinstance(data[name], list) and all(type(w) is str for w in data[name])
                    for name in WORD_LISTS))


def _is_vader_data(data: Any) -> bool:
    """Whether ``data`` read back from a cache file is what :func:`_vader` keeps."""
    lexicon, emojis = data["lexicon"], data["emojis"]
    return (isinstance(lexicon, dict) and isinstance(emojis, dict)
            and all(type(k) is str and type(v) is float for k, v in lexicon.items())
            and all(type(k) is str and type(v) is str for k, v in emojis.items()))


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
        self.words = words or _builtin_words(analysis)
        # Our own instance: the lexicon changes below touch no one else's analyser.
        self._sia = _vader(analysis)
        self._sia.lexicon.update(self.words.lexicon)
        self._lexicon = self._sia.lexicon
        # An emoji is read for its words only when they are not gloomy, or when it plainly
        # means anger: in community posts 😭, 💣, 🎃, ⏰ and ♿ decorate good news ("cake
        # stall went like a bomb 💣"), and VADER's "loudly crying face", "bomb" or "skull"
        # made them read as sad.
        self._emojis = {e: words for e, words in self._sia.emojis.items()
                        if e in self.words.angry_emoji or not any(
                            self._lexicon.get(w, 0.0) < 0 for w in words.lower().split())}
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
        scores, total, kept_markers = self._score_sentences(norm, lower, trimmed, scan)

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

    def _scan(self, lower: str, trimmed: list[tuple[int, int]]) -> _PostScan:
        """Run the whole-post patterns, each only when its literals are in the post."""
        starts = [a for a, _ in trimmed]
        can = self._gate.possible(lower)

        def sentences_with(rx: re.Pattern[str]) -> set[int]:
            return _sentences_with(rx, lower, starts) if can(rx) else set()

        return _PostScan(
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

    # ------------------------------------------------------------------ sentences

    def _score_sentences(self, norm: str, lower: str, trimmed: list[tuple[int, int]],
                         scan: _PostScan
                         ) -> tuple[list[SentenceScore], float, list[MarkerHit]]:
        """Each sentence's score, the post's sum of valences, and the markers that count."""
        s = self.settings
        tokens_all = norm.split()
        caps = sum(map(str.isupper, tokens_all))
        is_cap_diff = 0 < caps < len(tokens_all)
        offers_help = bool(scan.offer_in)
        scores: list[SentenceScore] = []
        total = 0.0
        marks_by_sentence = _group_by_sentence(scan.markers, trimmed)
        curt = self._curt_cancellation(lower, trimmed, scan)
        if curt is not None:
            marks_by_sentence = {**marks_by_sentence}
            marks_by_sentence[curt] = [*marks_by_sentence.get(curt, ()),
                                       MarkerHit("cold", *trimmed[curt])]
        kept_markers: list[MarkerHit] = []
        # A sentence's valence sum and punctuation depend only on its words (the rest is
        # the same for the whole post), so a line a paste repeats is scored once.
        known: dict[tuple[str, bool], tuple[float, float]] = {}
        for i, (a, b) in enumerate(trimmed):
            sentence = norm[a:b]
            detailed = i < s.detailed_sentences
            marks = marks_by_sentence.get(i, ())
            # A cheer after a let-down that says what happens next is meant ("Sadly it's
            # off, but it's back on the 12th. Lovely."); after a bare let-down, sarcasm.
            if scores and not scores[-1].offers_help and not scan.sombre:
                previous = norm[trimmed[i - 1][0]:trimmed[i - 1][1]]
                if (self._is_mock_praise(sentence, scores[-1].score, previous)
                        or _is_count_echoed(sentence, previous)):
                    marks = [*marks, MarkerHit("sarcasm", a, b)]
            if marks:
                # A marker's own words ("oh great", "thanks for nothing") are not praise:
                # score the sentence without them, then add the marker's valence.
                chars = list(sentence)
                for m in marks:
                    chars[m.start - a:m.end - a] = " " * (m.end - m.start)
                sentence = "".join(chars)
            got = known.get((sentence, detailed))
            if got is None:
                got = known[sentence, detailed] = (
                    self._sentence_sum(sentence, is_cap_diff, offers_help, scan.repair,
                                       detailed, scan.play) + self._stressed(sentence),
                    self._sia._punctuation_emphasis(sentence))
            raw, punct = got
            extra = sum(self._valence_of(m.kind) for m in marks if m.kind != "blame")
            for m in marks:
                if (m.kind == "blame" and raw + extra >= 0
                        and not _has_negation(sentence, self.words.negators)):
                    continue  # "as usual" in a friendly sentence is just "as usual"
                if m.kind == "blame":
                    extra += self._valence_of(m.kind)
                kept_markers.append(m)
            ssum = raw + extra
            score = normalize(ssum + punct if ssum > 0 else ssum - punct if ssum < 0 else 0.0)
            scores.append(SentenceScore(
                a, b, score, i in scan.hostile_in,
                i in scan.offer_in or ADVICE.match(lower, a) is not None,
                i in scan.vented_in or i in scan.sad_in,
                i in scan.sad_in and i not in scan.vented_in))
            total += ssum
        return scores, total, kept_markers

    def _stressed(self, sentence: str) -> float:
        """A "NOT" or an "AGAIN" in capitals in an ordinary sentence ("The hall is NOT open
        on bank holidays"): a named step adding a little negativity for each, since VADER
        gives these words none. Skipped before a gloomy word ("DON'T worry", "DON'T miss
        it": a reassurance), before "to be missed", and in a sentence all in capitals (that
        is shouting, reported on its own)."""
        stressed = self.words.stressed
        if sentence.isupper() or not any(w in sentence for w in stressed):
            return 0.0
        tokens = sentence.split()
        total = 0.0
        for i, token in enumerate(tokens):
            if token.strip(_EDGE) not in stressed:
                continue
            after = [t.strip(PUNCT).lower() for t in tokens[i + 1:i + 3]]
            if any(self._lexicon.get(t, 0.0) < 0 for t in after) or after[:2] == ["to", "be"]:
                continue
            total += _STRESS
        return total

    def _curt_cancellation(self, lower: str, trimmed: list[tuple[int, int]],
                           scan: _PostScan) -> int | None:
        """The sentence of a short post that cancels something with no sorry, no reason
        and no way forward ("Open day cancelled. Not enough interest."), else None.

        A named step: the policy asks for reassuring posts, and a cancellation that says
        nothing kind or useful reads as cold. Any sorry, sadness, please, thanks, outside
        reason ("due to the storm"), next step or offer of help, or remembering someone,
        makes it plain news."""
        if (len(trimmed) > 3 or scan.offer_in or scan.sombre
                or CANCELLED_EVENT.search(lower) is None or SOFTENED.search(lower)):
            return None
        for i, (a, b) in enumerate(trimmed):
            if CANCELLED_EVENT.search(lower, a, b) and ADVICE.match(lower, a) is None:
                return i
        return None

    def _is_mock_praise(self, sentence: str, before: float, previous: str) -> bool:
        """A sentence that is only a cheer ("Marvellous.", "Noted 📸", "Ok then 🙂") after
        a let-down: sarcasm. ``mock_praise`` cheers count after a sentence that reads
        negative or, not being warm, says "not" or "again" ("... didn't stay to help.
        Noted."); ``plain_cheers`` only after one that reads negative. A named step; the
        cheers are in the tone words file."""
        if before > 0 or len(sentence) > 40:
            return False
        words = _CHEER_WORDS.findall(sentence.lower())
        if not 0 < len(words) <= 4:
            return False
        if before == 0 and not (_has_negation(previous, self.words.negators)
                                or _AGAIN.search(previous.lower())):
            return False
        if words[-3:] in (["at", "its", "finest"], ["at", "its", "best"]):
            words = ["at", "its", "finest"]  # "Rudheath at its finest."
        elif words[0] == "that's" and words[-2:] == ["for", "you"]:
            words = ["that's", "for", "you"]  # "That's Northwich for you."
        cheer = " ".join(words)
        return cheer in self.words.mock_praise or (
            before <= self.settings.mild_below and cheer in self.words.plain_cheers)

    def _valence_of(self, kind: str) -> float:
        s = self.settings
        return {"sarcasm": s.sarcasm_valence, "blame": s.blame_valence,
                "cold": s.cold_valence, "formal": s.formal_valence}[kind]

    def _sentence_sum(self, sentence: str, is_cap_diff: bool, offers_help: bool,
                      repair: bool, detailed: bool, play: bool = False) -> float:
        """The sum of VADER's word valences for one sentence, adjusted."""
        question = sentence.rstrip(" \"')]").endswith("?")
        if not sentence.isascii():
            sentence = self._demojise(sentence)
        raw_words = sentence.split()  # the tokens, punctuation kept
        if not raw_words:
            return 0.0
        # VADER's tokens (SentiText): punctuation stripped unless that leaves two characters
        # or fewer (emoticons). Each token is lower-cased once, here.
        words = [s if len(s := w.strip(PUNCT)) > 2 else w for w in raw_words]
        lows = list(map(str.lower, words))
        lexicon = self._lexicon
        # A sentence with no lexicon word scores 0 unless an idiom ("fed up") or a called-off
        # event is in it: the cheap test first, VADER's rules only where they can matter.
        felt = not lexicon.keys().isdisjoint(lows)
        total = 0.0
        # VADER's rules look a few words around each word; long runs are scored in windows
        # so one 60,000-character "sentence" stays linear.
        for lo in range(0, len(words), 60):
            chunk = words[lo:lo + 60]
            chunk_low = lows[lo:lo + 60]
            if felt:
                vals = vader_valences(lexicon, chunk, chunk_low, is_cap_diff) if detailed \
                    else fast_valences(lexicon, self.words.negators, chunk_low)
            else:
                vals = [0.0] * len(chunk)
            # The adjustments' words: VADER's tokens without edge punctuation (lower-casing
            # and stripping ASCII punctuation commute, so this is strip-then-lower).
            low = [w.strip(PUNCT) for w in chunk_low]
            joined = " ".join(low)
            # With no feeling word only an idiom or "... is off" can add one.
            if (not any(vals) and "off" not in low
                    and not self._sentence_gate.possible(joined)(self._idioms)):
                continue
            if play:
                play_words = self.words.play_words
                for i, w in enumerate(low):
                    if vals[i] < 0 and w in play_words:
                        vals[i] = 0.0
            self._adjuster.adjust(raw_words[lo:lo + 60], vals, offers_help, question, repair,
                                  low, joined)
            total += sum(but_rule(chunk_low, vals))
        return total

    def _demojise(self, sentence: str) -> str:
        """Emoji replaced by VADER's words for them (only those we read, see __init__)."""
        emojis = self._emojis
        if not any(c in emojis for c in sentence):
            return sentence
        out = []
        for c in sentence:
            out.append(f" {emojis[c]} " if c in emojis else c)
        return "".join(out)

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


#: The words of a short sentence, for :meth:`ToneAnalyser._is_mock_praise`.
_CHEER_WORDS = re.compile(r"[a-z][a-z'-]*")
#: A let-down said plainly: it happened again, or still.
_AGAIN = re.compile(r"\b(?:again|still|yet|as usual|as always)\b")


#: What each stressed "NOT" or "AGAIN" adds to its sentence (VADER's -4..4 word scale).
_STRESS = -1.5
#: Punctuation around a stressed word (its apostrophe is part of it: "DON'T").
_EDGE = PUNCT.replace("'", "")

#: Counts written as words, for :func:`_is_count_echoed`.
_COUNTS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "zero", "none", "nobody"})


def _is_count_echoed(sentence: str, previous: str) -> bool:
    """A count said again as a sentence of its own, for emphasis: "Three people came.
    THREE.", "We've sent nine invites. Nine." Said flatly: "We raised £500 in one day.
    One!" is joy. A named step: exasperated sarcasm."""
    if len(sentence) > 14 or "!" in sentence:
        return False
    words = _CHEER_WORDS.findall(sentence.lower()) or re.findall(r"\d+", sentence)
    if len(words) != 1 or not (words[0] in _COUNTS or words[0].isdigit()):
        return False
    return words[0] in re.findall(r"[a-z]+|\d+", previous.lower())


def _for_lower_text(pattern: str) -> str:
    """A rule's pattern ready for the lower-cased post. The tone rules wrap written patterns
    in ``(?i:...)``; with no capital letter to match that is only a cost (it also hides the
    pattern's literals from the gate), so the wrapper is dropped where it changes nothing."""
    if pattern.startswith("(?i:") and pattern.endswith(")"):
        inner = pattern[4:-1]
        if "(?" + "-i" not in inner and not re.search(r"[A-Z]", re.sub(r"\\.", "", inner)):
            return inner
    return pattern


def _has_negation(sentence: str, negators: frozenset[str]) -> bool:
    """Whether a word of ``sentence`` negates ("not", "don't")."""
    return any(w.strip(PUNCT).lower() in negators or w.lower().endswith("n't")
               for w in sentence.split())


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


def _group_by_sentence(hits: Sequence[MarkerHit], spans: list[tuple[int, int]]
                       ) -> Mapping[int, list[MarkerHit]]:
    """The markers of each sentence, by its index."""
    starts = [a for a, _ in spans]
    out: dict[int, list[MarkerHit]] = {}
    for h in hits:
        i = max(bisect.bisect_right(starts, h.start) - 1, 0)
        out.setdefault(i, []).append(h)
    return out
