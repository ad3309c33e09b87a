"""Reading ease: Flesch (1948) on vowel-group syllables, measured on a long post's start."""

from __future__ import annotations

import math

from rwt_desktop.core.tone.model import ToneSettings
from rwt_desktop.core.tone.patterns import HAS_VOWEL, SILENT_REVERSED, VOWELS, WORDS

#: Characters of a long post that its reading ease is measured on.
_READABILITY_SAMPLE = 12_000

#: The sentences a reading ease was measured on, their words and syllables.
Sample = tuple[list[tuple[int, int]], int, int]


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    """Flesch (1948): 206.835 - 1.015 words/sentence - 84.6 syllables/word."""
    if words <= 0:
        return 100.0
    sentences = max(sentences, 1)
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def count_syllables(text: str) -> tuple[int, int]:
    """(words, syllables) of ``text`` by vowel groups, less a silent final e / -ed / -es.

    Every word has at least one syllable. Done with whole-text regexes, not a loop per word,
    so a long post costs little; it is an estimate, as every syllable counter is.
    """
    return syllables_of_lower(text.lower())


def syllables_of_lower(low: str) -> tuple[int, int]:
    """count_syllables of text already lower-cased."""
    words = WORDS.findall(low)
    n = len(words)
    if not n:
        return 0, 0
    joined = " ".join(words)
    groups = len(VOWELS.findall(joined))
    # The joined words hold only letters, apostrophes and spaces, so each word has at most
    # one SILENT match, at its end; SILENT_REVERSED finds the same ones from the other side.
    silent = len(SILENT_REVERSED.findall(joined[::-1]))
    vowelless = n - len(HAS_VOWEL.findall(joined))
    return n, max(groups - silent + max(vowelless, 0), n)


def count_words(norm: str, spans: list[tuple[int, int]]) -> tuple[int, Sample | None]:
    """The post's word count, and the reading-ease sample: (sentences, words, syllables).

    Reading ease is a ratio, so a long post is measured on its first sentences. Counting
    the sample's words also counts most of the post's: lower-casing that keeps the length
    never turns a letter into a non-letter or back, so the sample's count is the post's
    when only white space lies before it and a space right after it.
    """
    if not spans:
        return len(WORDS.findall(norm)), None
    sample = [sp for sp in spans if sp[1] <= _READABILITY_SAMPLE] or spans[:1]
    a, e = sample[0][0], sample[-1][1]
    segment = norm[a:e]
    low = segment.lower()
    n, counted_syllables = syllables_of_lower(low)
    if (len(low) == len(segment) and (a == 0 or norm[:a].isspace())
            and (e == len(norm) or norm[e].isspace())):
        words = n + (len(WORDS.findall(norm, e)) if e < len(norm) else 0)
    else:
        words = len(WORDS.findall(norm))
    return words, (sample, n, counted_syllables)


def reading_ease(norm: str, words: int, counted: Sample | None, settings: ToneSettings
                 ) -> tuple[float | None, tuple[int, int] | None]:
    """The post's reading ease (0..100), and its hardest long sentence when it reads hard."""
    if words == 0 or counted is None:
        return None, None
    sample, n, sample_syllables = counted
    ease = flesch_reading_ease(n, len(sample), sample_syllables)
    hardest: tuple[int, int] | None = None
    if (words >= settings.readability_min_words
            and ease < settings.readability_hard_below):
        worst = math.inf
        for a, b in sample[:200]:
            sw, ss = count_syllables(norm[a:b])
            if sw < 12:
                continue
            e = flesch_reading_ease(sw, 1, ss)
            if e < worst:
                worst, hardest = e, (a, b)
    return max(0.0, min(ease, 100.0)), hardest
