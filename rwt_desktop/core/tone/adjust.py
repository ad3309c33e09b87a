"""The community adjustments to VADER's word valences, one named step at a time.

Each step changes the valences of one window of a sentence's words in place, for one way a
UK community organisation writes: problem words that are the object of help ("tackle
loneliness", "report a crime", "crime prevention advice") are not negative, "no need to
book" is a reassurance, "Honestly, ..." is not praise, "fed up" is one feeling. They run in
a fixed order (:meth:`Adjuster.adjust`); a step that could change nothing is skipped, which
leaves the result exactly as it was.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import accumulate

from vaderSentiment.vaderSentiment import N_SCALAR

from rwt_desktop.core.tone.patterns import (
    CALLED_OFF,
    FAREWELL,
    FUN_NAME,
    IF_CLAUSE,
    IF_FRAME,
    NEVER_OK,
    NO_NEED_TO,
    QUESTION_FRAME,
    STOPS,
    Gate,
)
from rwt_desktop.core.tone.words import ToneWords

#: How much of VADER's "no" is left before a word with no feeling of its own.
_PLAIN_NO = 0.35


@dataclass(slots=True)
class Window:
    """One window of a sentence's words (up to 60), as the adjustment steps see it.

    ``raw`` are VADER's tokens with their punctuation, ``low`` the tokens lower-cased without
    edge punctuation, ``joined`` those joined by single spaces (the steps' patterns run on
    it) and ``vals`` the valences the steps change. ``can`` tells whether a pattern may match
    ``joined`` at all.
    """

    raw: list[str]
    low: list[str]
    joined: str
    vals: list[float]
    can: Callable[[re.Pattern[str]], bool]
    words: ToneWords
    #: Where each word starts in ``joined``, worked out the first time a step needs it
    #: (most windows have no match, so most never do).
    starts: list[int] | None = None

    def index_at(self, offset: int) -> int:
        """The word at a character offset of ``joined``."""
        starts = self.starts
        if starts is None:
            starts = self.starts = list(accumulate([len(x) + 1 for x in self.low], initial=0))
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    def neutralise(self, i: int) -> None:
        """Take away a word's negativity, unless the word judges ("poor advice")."""
        if 0 <= i < len(self.vals) and self.vals[i] < 0 and self.low[i] not in self.words.judging:
            self.vals[i] = 0.0

    def neutralise_problem(self, i: int) -> None:
        """Take away a problem word's negativity ("crime" in "crime prevention advice")."""
        if 0 <= i < len(self.vals) and self.vals[i] < 0 and self.low[i] in self.words.problems:
            self.vals[i] = 0.0


# --------------------------------------------------------------------------- negation


def opener_is_not_praise(w: Window) -> None:
    """"Honestly, ..." opens a complaint; it is not praise."""
    if w.low and w.low[0] in w.words.discourse_openers and w.raw[0].endswith(","):
        w.vals[0] = 0.0


def not_a_single_negates(w: Window) -> None:
    """"Not a single question wrong": "not a single" / "not one" negate the next words."""
    low, vals = w.low, w.vals
    if "single" in low or "one" in low:
        for i in range(2, len(low)):
            if low[i] in ("single", "one") and low[i - 1] in ("a", "not") and (
                    low[i - 1] == "not" or low[i - 2] == "not"):
                for j in range(i + 1, min(i + 4, len(vals))):
                    vals[j] *= N_SCALAR


def nobody_negates(w: Window) -> None:
    """Nobody / no one negate the next few words as "not" does for VADER."""
    joined, low, vals = w.joined, w.low, w.vals
    if "nobody" in joined or "no one" in joined or "noone" in joined or "no-one" in joined:
        nobody = w.words.nobody
        for i in range(len(low)):
            if vals[i] and (any(p in nobody for p in low[max(i - 3, 0):i])
                            or _no_one_before(low, i)):
                vals[i] *= N_SCALAR


def _no_one_before(low: list[str], i: int) -> bool:
    """"no one" three or four words back: VADER itself already negates after a nearer "no"."""
    return any(low[j] == "no" and low[j + 1] == "one" for j in range(max(i - 4, 0), i - 2))


# --------------------------------------------------------------------------- problems


def conditions_are_descriptions(w: Window) -> None:
    """"Bring your broken toasters": in a repair or lost-and-found post, a description."""
    for i, word in enumerate(w.low):
        if word in w.words.condition and w.vals[i] < 0:
            w.vals[i] = 0.0


def problems_as_object_of_help(w: Window, help_object: re.Pattern[str]) -> None:
    """Problem words as the object of help: "tackle loneliness", "report a crime"."""
    low, raw, vals = w.low, w.raw, w.vals
    for m in help_object.finditer(w.joined):
        first = w.index_at(m.start())
        last = w.index_at(m.end() - 1)
        dealt_with = False
        for i in range(first + 1, last + 1):
            if vals[i] < 0 and low[i] in w.words.problems:
                vals[i] = 0.0
                dealt_with = True
            if raw[i].endswith(STOPS):
                break
        if dealt_with:
            w.neutralise(first)  # "fight" in "fight crime", "stop" in "stop hate"


def problems_naming_a_service(w: Window, service: re.Pattern[str]) -> None:
    """Problem words naming a service: "crime prevention advice", "debt support"."""
    for m in service.finditer(w.joined):
        for i in range(w.index_at(m.start()), w.index_at(m.end() - 1)):
            w.neutralise_problem(i)


def stand_against_a_problem(w: Window) -> None:
    """"Hate crime is never acceptable": the problem is what the sentence stands against."""
    m = NEVER_OK.match(w.joined)
    if m:
        for i in range(w.index_at(m.end(1) - 1) + 1):
            w.neutralise_problem(i)


# --------------------------------------------------------------------------- reassurance


def plain_no_is_information(w: Window, lexicon: Mapping[str, float]) -> None:
    """"no card machine", "no parking": a plain "no" before a word with no feeling is
    information, not negativity; VADER's -1.2 is for "no" said on its own."""
    low, raw, vals = w.low, w.raw, w.vals
    for i, word in enumerate(low) if "no" in low else ():
        if (word == "no" and vals[i] < 0 and i + 1 < len(low) and low[i + 1]
                and low[i + 1] not in lexicon and low[i + 1] != "one"
                and not raw[i].endswith(STOPS)):
            vals[i] *= _PLAIN_NO


def no_burden_reassures(w: Window, no_burden: re.Pattern[str]) -> None:
    """"no need to book", "free, no charge": "no" is a reassurance here."""
    for m in no_burden.finditer(w.joined) if w.can(no_burden) else ():
        w.vals[w.index_at(m.start())] = 0.0


def no_need_to_reassures(w: Window) -> None:
    """"no need to worry": a negated problem is a mild reassurance."""
    low, vals = w.low, w.vals
    for m in NO_NEED_TO.finditer(w.joined) if w.can(NO_NEED_TO) else ():
        for i in range(w.index_at(m.start()), w.index_at(m.end() - 1) + 2):
            if i < len(vals) and low[i] == "no":
                vals[i] = 0.0
            elif i < len(vals) and vals[i] < 0 and i >= w.index_at(m.end() - 1):
                vals[i] *= N_SCALAR


def readers_problem_is_offered_help(w: Window, question: bool) -> None:
    """A problem the reader may have, in a post that offers help: "If you're feeling low,
    ...", "Worried about bills? ...", "Speak to your GP if you have any worries"."""
    raw, low, joined = w.raw, w.low, w.joined
    frame_end = -1
    frame = IF_FRAME.match(joined)
    if frame:
        frame_end = w.index_at(max(frame.end() - 1, 0))
        for i in range(len(raw)):  # the if-clause ends at the first comma
            if raw[i].endswith((",", ";", ":")) or i >= frame_end:
                frame_end = min(frame_end, i)
                break
    elif question and QUESTION_FRAME.match(joined):
        frame_end = len(raw) - 1
    for i in range(frame_end + 1):
        w.neutralise(i)
    if "if" in low:
        for m in IF_CLAUSE.finditer(joined):
            for i in range(w.index_at(m.start()), w.index_at(m.end() - 1) + 1):
                if not low[i]:  # a dash ends the if-clause: "If you want details - ..."
                    break
                w.neutralise(i)


def farewell_is_warm(w: Window) -> None:
    """"sad to say goodbye": a warm farewell."""
    for m in FAREWELL.finditer(w.joined) if w.can(FAREWELL) else ():
        i = w.index_at(m.start())
        if w.vals[i] < 0:
            w.vals[i] *= 0.3


# --------------------------------------------------------------------------- phrases


def fun_is_a_name(w: Window) -> None:
    """"fun day", "fun run": the name of an event, so half the praise of "fun"."""
    if "fun" in w.low:
        for m in FUN_NAME.finditer(w.joined):
            w.vals[w.index_at(m.start())] *= 0.5


def called_off_is_cancelled(w: Window) -> None:
    """"the fun day is off": called off, as "cancelled" is for VADER."""
    if "off" in w.low:
        for m in CALLED_OFF.finditer(w.joined):
            i = w.index_at(m.end() - 1)
            if not w.vals[i]:
                w.vals[i] = -1.0


def idioms_are_one_feeling(w: Window, idioms: re.Pattern[str]) -> None:
    """Phrases read as one feeling ("fed up"): the valence on the last word, the rest
    neutral, turned round by a negator just before ("not fed up")."""
    low, vals = w.low, w.vals
    for m in idioms.finditer(w.joined) if w.can(idioms) else ():
        first = w.index_at(m.start())
        last = w.index_at(m.end() - 1)
        for i in range(first, last):
            vals[i] = 0.0
        v = w.words.idioms[m.group()]
        if first > 0 and low[first - 1] in w.words.negators:
            v *= N_SCALAR
        vals[last] = v


# --------------------------------------------------------------------------- all together


@dataclass(frozen=True, slots=True)
class Adjuster:
    """The adjustment steps with what they need, built once per analyser."""

    words: ToneWords
    #: VADER's lexicon with our changes: a word in it has a feeling of its own.
    lexicon: Mapping[str, float]
    #: Which of the steps' patterns can match a window, from their literals.
    gate: Gate
    help_object: re.Pattern[str]
    service: re.Pattern[str]
    no_burden: re.Pattern[str]
    idioms: re.Pattern[str]

    def adjust(self, raw: list[str], vals: list[float], offers_help: bool, question: bool,
               repair: bool, low: list[str], joined: str) -> None:
        """The community adjustments, in place, on one window of words.

        ``raw`` are VADER's tokens with their punctuation, ``low`` the tokens lower-cased
        without edge punctuation and ``joined`` those joined by spaces. The problem-word
        steps run only where a problem word still counts against the sentence.
        """
        w = Window(raw, low, joined, vals, self.gate.possible(joined), self.words)
        opener_is_not_praise(w)
        not_a_single_negates(w)
        nobody_negates(w)
        if not min(vals) < 0:
            self.add_phrases(w)
            return
        if repair:
            conditions_are_descriptions(w)
        # The next three steps only ever neutralise a problem word that counts against the
        # sentence (and, after one, the verb before it).
        problems = self.words.problems
        if any(v < 0 and x in problems for v, x in zip(vals, low, strict=True)):
            if w.can(self.help_object):
                problems_as_object_of_help(w, self.help_object)
            problems_naming_a_service(w, self.service)
            stand_against_a_problem(w)
        plain_no_is_information(w, self.lexicon)
        no_burden_reassures(w, self.no_burden)
        no_need_to_reassures(w)
        if offers_help:
            readers_problem_is_offered_help(w, question)
        farewell_is_warm(w)
        self.add_phrases(w)

    def add_phrases(self, w: Window) -> None:
        """Phrases read as one feeling, and event names: the last steps, always run."""
        fun_is_a_name(w)
        called_off_is_cancelled(w)
        idioms_are_one_feeling(w, self.idioms)
