"""Moods: how a post and each sentence sound, in the words the tone meter shows, and advice.

The meter says "Warm", "Friendly", "A bit flat", "Sounds cross" or "Hostile"; a post is no
better than its worst sentence, and the sentence behind its mood is the one to rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rwt_desktop.core.findings import SentenceTone, ToneReport
from rwt_desktop.core.tone.model import MarkerHit, SentenceScore, ToneSettings
from rwt_desktop.core.tone.patterns import FLAGS

_CANCELLED = re.compile(r"\b(?:cancel+ed|off|postponed|closed|called off|delayed|shut)\b",
                        FLAGS)
_PEOPLE = re.compile(r"\b(?:people|some|nobody|no one|everyone|whoever|they|certain|"
                     r"residents|kids|folk)\b", FLAGS)


#: The words the tone meter shows for each mood, best first.
MOOD_WORDS: dict[str, str] = {
    "warm": "Warm",
    "friendly": "Friendly",
    "flat": "A bit flat",
    "cross": "Sounds cross",
    "hostile": "Hostile",
}
_MOOD_ORDER = tuple(MOOD_WORDS)


def post_mood(label: str, score: float, sentence_moods: Sequence[str],
               shouting: bool) -> str:
    """The post's mood from its label, no better than its worst sentence's.

    Hostile is kept for insults, contempt, shouting and the very worst scores; a post that
    is negative with blame or sarcasm ("Yet again the bins...") sounds cross."""
    if label == "hostile" and (shouting or score <= -0.9 or "hostile" in sentence_moods):
        mood = "hostile"
    elif label == "hostile":
        mood = "cross"
    elif label == "warm":
        mood = "warm"
    elif label == "negative":
        mood = "cross" if any(m in ("cross", "hostile") for m in sentence_moods) else "flat"
    else:
        mood = "friendly" if score >= 0.05 else "flat"
    worst = max((_MOOD_ORDER.index(m) for m in sentence_moods if m in ("cross", "hostile")),
                default=0)
    return _MOOD_ORDER[max(_MOOD_ORDER.index(mood), worst)]


#: Which sentences can set each mood, worst first.
_PULLS_DOWN = {"hostile": ("hostile",), "cross": ("hostile", "cross"),
               "flat": ("hostile", "cross", "flat")}


def pulled_down_by(tone: ToneReport) -> SentenceTone | None:
    """The sentence behind the post's mood (the worst of its kind), or None when the post
    reads warm or friendly, or only its length and wording make it flat."""
    for kind in _PULLS_DOWN.get(tone.mood, ()):
        matching = [s for s in tone.sentences if s.mood == kind]
        if matching:
            return min(matching, key=lambda s: s.score)
    if tone.mood in _PULLS_DOWN and tone.sentences and tone.score < 0:
        # The post as a whole reads that way (its shouting or sarcasm, say) though no one
        # sentence does on its own: the least warm sentence is still the place to start.
        return min(tone.sentences, key=lambda s: s.score)
    return None


def mood_words(mood: str) -> str:
    """The meter's words for a mood ("Sounds cross"); "" for an unknown one."""
    return MOOD_WORDS.get(mood, "")


def suggest_reframe(sentence: str, hostile: bool) -> str:
    """A generic, more upbeat framing for a sentence that reads negative."""
    sentence = sentence.lower()
    if _CANCELLED.search(sentence):
        return ("Say what happens next: a new date, or where people can go instead, "
                "and thank everyone for understanding.")
    if hostile:
        return ("Take out the angry words and say calmly what you would like people to do, "
                "and thank those who already do it.")
    if _PEOPLE.search(sentence):
        return ("Ask for help in a positive way: say what you would like people to do and "
                "how they can help.")
    return "Say what will happen next or how people can help."


def moods_by_sentence(norm: str, scores: Sequence[SentenceScore],
                      markers: Sequence[MarkerHit], spans: Sequence[tuple[int, int]],
                      sombre: bool, settings: ToneSettings,
                      notice: re.Pattern[str] | None) -> list[str]:
    """How each sentence sounds: "hostile" (an insult or contempt in a negative
    sentence), "cross" (clearly negative and venting, blaming, sarcastic or stern, or
    negative and not settled the way the tone rule settles it: by practical news, help
    or a next step close after it, or remembering someone), "flat" (a curt or sad
    notice: "Event cancelled.") or "" (fine)."""
    s = settings
    pointed = {i for m in markers if m.kind != "formal"
               for i, (a, b) in enumerate(spans) if a <= m.start < b}
    out: list[str] = []
    for i, x in enumerate(scores):
        if x.score > s.mild_below:
            out.append("")
        elif x.hostile:
            out.append("hostile")
        else:
            settled = (x.sad or sombre or x.offers_help
                       or any(y.offers_help and y.score >= 0 for y in scores[i + 1:i + 4])
                       or (notice is not None
                           and notice.search(norm, x.start, x.end) is not None))
            venting = (x.vented and not x.sad) or i in pointed
            strong = x.score <= s.negative_below
            out.append("cross" if venting or (strong and not settled) else "flat")
    return out
