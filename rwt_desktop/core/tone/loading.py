"""VADER's lexicon and the tone words, read once per version and kept with the policy.

Reading VADER's word files and the tone words file, and working out the additions, is most
of building a :class:`~rwt_desktop.core.tone.analyser.ToneAnalyser`; with the policy's cache
(a :class:`~rwt_desktop.core.rules.pattern_analysis.PatternAnalysis`) a start reads the
result back instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from vaderSentiment import vaderSentiment as vader_module
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from rwt_desktop.core.rules.pattern_analysis import PatternAnalysis, file_stamp
from rwt_desktop.core.tone.vader import british_spellings, plural_insults
from rwt_desktop.core.tone.words import WORD_LISTS, WORDS_FILE, ToneWords, builtin_tone_words
from rwt_desktop.resources_path import resource_path


def vader_for(analysis: PatternAnalysis | None) -> SentimentIntensityAnalyzer:
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


def tone_words_for(analysis: PatternAnalysis | None) -> ToneWords:
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
    """Whether ``data`` read back from a cache file is what :func:`tone_words_for` keeps."""
    return (all(isinstance(data[name], dict) and _all_of_type(data[name], str)
                and _all_of_type(data[name].values(), float) for name in ("lexicon", "idioms"))
            and all(isinstance(data[name], list) and _all_of_type(data[name], str)
                    for name in WORD_LISTS))


def _is_vader_data(data: Any) -> bool:
    """Whether ``data`` read back from a cache file is what :func:`vader_for` keeps."""
    lexicon, emojis = data["lexicon"], data["emojis"]
    return (isinstance(lexicon, dict) and isinstance(emojis, dict)
            and _all_of_type(lexicon, str) and _all_of_type(lexicon.values(), float)
            and _all_of_type(emojis, str) and _all_of_type(emojis.values(), str))


def readable_emojis(sia: SentimentIntensityAnalyzer, words: ToneWords,
                    analysis: PatternAnalysis | None) -> dict[str, str]:
    """The emoji read for their words (VADER's words for each): those whose words are not
    gloomy on ``sia``'s lexicon (VADER's with ``words.lexicon`` added), and those that
    plainly mean anger (``words.angry_emoji``).

    With the policy's cache (``analysis``, given only for the shipped tone words) the
    choice is made once per version of VADER's files and the tone words file (their stamps
    are in the key) and read back on later starts: testing 3,500 emoji was a part of every
    start.
    """
    lexicon = sia.lexicon

    def make() -> dict[str, str]:
        return {e: said for e, said in sia.emojis.items()
                if e in words.angry_emoji or not any(
                    lexicon.get(w, 0.0) < 0 for w in said.lower().split())}

    if analysis is None:
        return make()
    folder = os.path.dirname(os.path.abspath(vader_module.__file__))
    key = "\0".join(["tone.emojis", file_stamp(os.path.join(folder, "vader_lexicon.txt")),
                     file_stamp(os.path.join(folder, "emoji_utf8_lexicon.txt")),
                     file_stamp(str(resource_path(WORDS_FILE)))])
    return dict(analysis.prepared(key, make, _is_emoji_data))


def _is_emoji_data(data: Any) -> bool:
    """Whether ``data`` read back from a cache file is what :func:`readable_emojis` keeps."""
    return (isinstance(data, dict) and _all_of_type(data, str)
            and _all_of_type(data.values(), str))


def _all_of_type(items: Iterable[Any], kind: type) -> bool:
    """Whether every one of ``items`` is exactly of type ``kind`` (no subclass), tested in
    C: the word lists read back at every start hold thousands of items."""
    return set(map(type, items)) <= {kind}
