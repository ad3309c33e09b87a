"""Shouting: runs of words in capitals (names, initials and Roman numerals aside), !!!, ?!?!."""

from __future__ import annotations

import bisect

from rwt_desktop.core.tone.model import ShoutRun, ToneSettings
from rwt_desktop.core.tone.patterns import (
    ROMAN,
    SHOUT_PUNCT,
    SHOUT_PUNCT_NEEDS,
    SHOUT_PUNCT_RUN,
    SHOUT_WORD,
    WORDS,
)


def find_shouting(norm: str, spans: list[tuple[int, int]], settings: ToneSettings,
                  acronyms: frozenset[str], short_shouts: frozenset[str]
                  ) -> tuple[list[ShoutRun], int]:
    """Runs of words in capitals, acronyms aside, and !!! / ?!?! runs; and the shouted words.

    ``acronyms`` are upper case; ``short_shouts`` are the short words that count as
    shouting beside a longer shouted word.
    """
    s = settings
    starts = [a for a, _ in spans]
    shouted: list[tuple[int, int, int]] = []  # (start, end, sentence index)
    for m in SHOUT_WORD.finditer(norm):
        word = m.group().replace("'", "")
        if word in acronyms or m.group() in acronyms or ROMAN.match(word):
            continue
        if len(word) < 2:
            continue
        i = max(bisect.bisect_right(starts, m.start()) - 1, 0)
        shouted.append((m.start(), m.end(), i))
    # Short capitals ("DO", "NOT", "BY") count only beside a longer shouted word;
    # alone they are usually initials or names.
    runs: list[list[tuple[int, int, int]]] = []
    for w in shouted:
        if runs and runs[-1][-1][2] == w[2] and _only_gap(norm, runs[-1][-1][1], w[0]):
            runs[-1].append(w)
        else:
            runs.append([w])
    kept_runs = [r for r in runs
                 if len(r) >= 2 or (r[0][1] - r[0][0]) >= 4
                 or norm[r[0][0]:r[0][1]] in short_shouts]
    total_words = sum(len(r) for r in kept_runs)
    out: list[ShoutRun] = []
    words_in_sentence: dict[int, int] = {}
    shouted_in_sentence: dict[int, int] = {}
    for r in kept_runs:
        shouted_in_sentence[r[0][2]] = shouted_in_sentence.get(r[0][2], 0) + len(r)
    for i in shouted_in_sentence:
        a, b = spans[i]
        words_in_sentence[i] = len(WORDS.findall(norm[a:b])) or 1
    for r in kept_runs:
        i = r[0][2]
        whole = (shouted_in_sentence[i] >= 3 and shouted_in_sentence[i]
                 >= s.shout_sentence_ratio * words_in_sentence[i])
        out.append(ShoutRun(r[0][0], r[-1][1], len(r), whole_sentence=whole))
    if any(p in norm for p in SHOUT_PUNCT_NEEDS):
        for run in SHOUT_PUNCT_RUN.finditer(norm):
            for m in SHOUT_PUNCT.finditer(norm, run.start(), run.end()):
                out.append(ShoutRun(m.start(), m.end(), 0, punctuation=True))
    out.sort(key=lambda x: x.start)
    return out, total_words


def _only_gap(text: str, a: int, b: int) -> bool:
    """Whether only a space, comma, dash, & or / lies between two shouted words."""
    gap = text[a:b]
    return len(gap) <= 3 and not gap.strip(" ,-&/")
