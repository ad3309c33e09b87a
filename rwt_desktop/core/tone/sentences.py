"""Each sentence's tone: VADER's word valences, the community adjustments and the markers.

:class:`SentenceScorer` is the sentence-by-sentence half of
:class:`~rwt_desktop.core.tone.analyser.ToneAnalyser`: the analyser finds what the whole
post holds (:class:`PostScan`) and the scorer turns each sentence into a
:class:`~rwt_desktop.core.tone.model.SentenceScore`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, normalize

from rwt_desktop.core.tone.adjust import Adjuster
from rwt_desktop.core.tone.model import MarkerHit, SentenceScore, ToneSettings
from rwt_desktop.core.tone.patterns import (
    ADVICE,
    CANCELLED_EVENT,
    PUNCT,
    SOFTENED,
    Gate,
)
from rwt_desktop.core.tone.vader import but_rule, fast_valences, vader_valences
from rwt_desktop.core.tone.words import ToneWords


@dataclass(frozen=True, slots=True)
class PostScan:
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


class SentenceScorer:
    """Scores one post's sentences with the analyser's lexicon, words and adjustments."""

    def __init__(self, settings: ToneSettings, words: ToneWords, sia: SentimentIntensityAnalyzer,
                 emojis: Mapping[str, str], sentence_gate: Gate, idioms: re.Pattern[str],
                 adjuster: Adjuster) -> None:
        self.settings = settings
        self.words = words
        self._sia = sia
        self._lexicon = sia.lexicon
        self._emojis = emojis
        self._sentence_gate = sentence_gate
        self._idioms = idioms
        self._adjuster = adjuster

    def score(self, norm: str, lower: str, trimmed: list[tuple[int, int]],
                         scan: PostScan
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
                if (self._is_mock_praise(sentence, scores[-1].score, previous, lower, a)
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
                           scan: PostScan) -> int | None:
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

    def _is_mock_praise(self, sentence: str, before: float, previous: str,
                        lower: str = "", start: int = 0) -> bool:
        """A sentence that is only a cheer ("Marvellous.", "Noted 📸", "Ok then 🙂") after
        a let-down: sarcasm. ``mock_praise`` cheers count after a sentence that reads
        negative or, not being warm, says "not" or "again" ("... didn't stay to help.
        Noted."); ``plain_cheers`` only after one that reads negative, and not in a post
        that has been celebrating someone before it (``lower``, the post in lower case, up
        to ``start``): "Congratulations to Pat and Jim! Forty years and they still bicker over the
        crossword. Love it." is fond teasing. A named step; the cheers are in the tone
        words file."""
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
            before <= self.settings.mild_below and cheer in self.words.plain_cheers
            and _CELEBRATING.search(lower, 0, start) is None)

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


#: The words of a short sentence, for :meth:`ToneAnalyser._is_mock_praise`.
_CHEER_WORDS = re.compile(r"[a-z][a-z'-]*")
#: A post celebrating someone, before a cheer: the cheer is meant ("Congratulations to
#: ... on their anniversary! ... they still argue over the dabber. Love it.").
_CELEBRATING = re.compile(
    r"\b(?:congratulations|congrats|happy\s+(?:\d+\w*\s+|golden\s+|silver\s+|ruby\s+|"
    r"diamond\s+)?(?:birthday|anniversary|retirement)|(?:wedding|golden|silver|ruby|diamond)\s+"
    r"anniversary|celebrat(?:ed|ing|es?)\s+(?:their|his|her|your)\b)")
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


def _has_negation(sentence: str, negators: frozenset[str]) -> bool:
    """Whether a word of ``sentence`` negates ("not", "don't")."""
    return any(w.strip(PUNCT).lower() in negators or w.lower().endswith("n't")
               for w in sentence.split())


def _group_by_sentence(hits: Sequence[MarkerHit], spans: list[tuple[int, int]]
                       ) -> Mapping[int, list[MarkerHit]]:
    """The markers of each sentence, by its index."""
    starts = [a for a, _ in spans]
    out: dict[int, list[MarkerHit]] = {}
    for h in hits:
        i = max(bisect.bisect_right(starts, h.start) - 1, 0)
        out.setdefault(i, []).append(h)
    return out
