"""Tone of voice: how warm, neutral, negative or hostile a post reads, and why.

The policy asks for posts that are "Talking to the local community; Friendly and approachable;
Upbeat, hopeful, reassuring – no negative posts or implications". This package scores a post
and each of its sentences on VADER's -1..1 scale and finds what pulls the tone down:
shouting, sarcasm and blame, cold or bureaucratic wording, and hard reading.

VADER (Hutto & Gilbert 2014) is a lexicon-and-rules model made for social media. Its compound
score stays the backbone, so the score keeps tracking how people rate posts; on top of it come
small, bounded adjustments for how a UK community organisation writes:

* problem words that are the *object of help* are not negative: "tackle loneliness", "report
  a crime", "crime prevention advice", "debt support", "If you're feeling low ..." in a post
  that offers help, "no need to book", "no charge";
* a few words VADER lacks or misreads in British posts ("gutted", "fed up", "fuming",
  "chuffed"; "honestly," as a discourse marker; "fun" in "fun day"; "nobody" as a negator);
* sarcasm, blame and cold phrases (kept in the policy data) lower the score a little;
* for the rule's decision only (never the score): bereavement notices read as sombre, an
  appeal ("we're raising £2,000", "donations welcome") offers a way to help, and a safety tip
  ("Keep pets indoors", "Please don't leave bags on show") is a next step after a warning.

Where things are:

* ``words``: the word data, read from ``resources/tone_words.toml`` (staff can edit it) and
  checked on load;
* ``patterns``: the regular expressions, and the gate that skips those a post cannot match;
* ``vader``: VADER's arithmetic on tokens lower-cased once (checked against VADER in the tests);
* ``adjust``: the community adjustments, one named step each;
* ``shouting``, ``readability``, ``mood``: capitals, reading ease, and the meter's words;
* ``analyser``: :class:`ToneAnalyser`, which puts them together;
* ``model``: the settings and the analysis the tone rules share.

Pure Python and no Qt: safe on the window's worker thread. One :class:`ToneAnalyser` loads
VADER's lexicon once; :meth:`ToneAnalyser.analyse` is then cheap and never raises on odd text.
"""

from __future__ import annotations

from rwt_desktop.core.tone.analyser import ToneAnalyser
from rwt_desktop.core.tone.model import (
    MarkerHit,
    SentenceScore,
    ShoutRun,
    ToneAnalysis,
    ToneSettings,
)
from rwt_desktop.core.tone.mood import MOOD_WORDS, mood_words, pulled_down_by, suggest_reframe
from rwt_desktop.core.tone.readability import count_syllables, flesch_reading_ease
from rwt_desktop.core.tone.vader import british_spellings, plural_insults
from rwt_desktop.core.tone.words import (
    ToneWords,
    ToneWordsError,
    builtin_tone_words,
    parse_tone_words,
)

__all__ = [
    "MOOD_WORDS",
    "MarkerHit",
    "SentenceScore",
    "ShoutRun",
    "ToneAnalyser",
    "ToneAnalysis",
    "ToneSettings",
    "ToneWords",
    "ToneWordsError",
    "british_spellings",
    "builtin_tone_words",
    "count_syllables",
    "flesch_reading_ease",
    "mood_words",
    "parse_tone_words",
    "plural_insults",
    "pulled_down_by",
    "suggest_reframe",
]
