"""VADER's arithmetic on tokens lower-cased once, and the additions to its lexicon.

VADER (Hutto & Gilbert 2014) is a lexicon-and-rules model made for social media. Its rules
are re-implemented here with the same arithmetic, in the same order, on tokens lower-cased
once instead of once per look (the tests check them against VADER's own on random text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    normalize,
)

#: (letters every match contains, pattern, replacement): a word without the letters is left
#: as it is without running the pattern (most of VADER's 7,500 words).
_AMERICAN = (
    ("or", re.compile(r"^(un|dis)?(col|fav|hon|hum|lab|neighb|behavi|harb|vig|val|rig|savi|"
                      r"flav|cand|clam|ferv|od|rum|splend|ard|vap|ranc|arm|glam)or(s|ed|ing|"
                      r"ful|fully|ite|ites|able|ably|less)?$"), r"\1\2our\3"),
    ("iz", re.compile(r"(?<=[a-z]{2})iz(e|ed|es|ing|ation|ations)$"), r"is\1"),
    ("yz", re.compile(r"(?<=[a-z]{2})yz(e|ed|es|ing)$"), r"ys\1"),
    ("coz", re.compile(r"^coz(y|ier|iest|ily)$"), r"cos\1"),
    ("er", re.compile(r"(?<=[a-z]{3})er$"), "re"),
)


def british_spellings(lexicon: Mapping[str, float]) -> dict[str, float]:
    """British spellings of VADER's American words ("cosy", "favourite", "apologise").

    Only words that are not in the lexicon already are added, so nothing VADER rated changes.
    """
    out: dict[str, float] = {}
    for word, value in lexicon.items():
        if not word.isalpha():
            continue
        for needed, rx, repl in _AMERICAN[:-1]:
            if needed not in word:
                continue
            uk = rx.sub(repl, word)
            if uk != word and uk not in lexicon:
                out[uk] = value
        if word in ("center", "theater", "somber", "meager"):
            out[word[:-2] + "re"] = value
    return out


def plural_insults(lexicon: Mapping[str, float]) -> dict[str, float]:
    """Plurals of VADER's strongly negative nouns ("idiots", "liars", "morons").

    VADER rates "idiot" at -2.3 but has no "idiots", so "the council are a bunch of idiots"
    read as mildly positive. Only plain words rated -1.5 or lower get an "-s" form, and only
    where the lexicon has none already, so nothing VADER rated changes.
    """
    out: dict[str, float] = {}
    for word, value in lexicon.items():
        if value > -1.5 or not word.isalpha() or not word.islower() or len(word) < 3:
            continue
        if word.endswith(("s", "y", "ed", "ing", "ly", "ful", "ous", "ive", "ic", "al", "ish")):
            continue  # adjectives, verbs and words whose plural is not "-s"
        plural = word + "s"
        if plural not in lexicon:
            out[plural] = value
    return out


def vader_valences(lexicon: Mapping[str, float], words: list[str], lows: list[str],
                   is_cap_diff: bool) -> list[float]:
    """VADER's own per-word valences (as in ``polarity_scores``, before "but").

    The same rules, in the same order and arithmetic, as VADER's ``sentiment_valence``
    with its helpers (``scalar_inc_dec``, ``_negation_check``, ``_special_idioms_check``,
    ``_least_check``), on tokens lower-cased once (``lows``) instead of once per look.
    """
    n = len(words)
    vals: list[float] = []
    for i, low in enumerate(lows):
        if low in BOOSTER_DICT or (low == "kind" and i < n - 1 and lows[i + 1] == "of"):
            vals.append(0.0)
            continue
        valence = lexicon.get(low)
        if valence is None:
            vals.append(0.0)
            continue
        # "no" before another lexicon word negates that word instead of counting itself.
        if low == "no" and i != n - 1 and lows[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and lows[i - 1] == "no") or (i > 1 and lows[i - 2] == "no") or (
                i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor")):
            valence = lexicon[low] * N_SCALAR
        # A word in capitals among words that are not.
        if words[i].isupper() and is_cap_diff:
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        for start_i in range(3):
            j = i - (start_i + 1)
            if i > start_i and lows[j] not in lexicon:
                # scalar_inc_dec: boosters and dampeners before the word.
                s = 0.0
                prev = lows[j]
                if prev in BOOSTER_DICT:
                    s = BOOSTER_DICT[prev]
                    if valence < 0:
                        s *= -1
                    if words[j].isupper() and is_cap_diff:
                        if valence > 0:
                            s += C_INCR
                        else:
                            s -= C_INCR
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                # _negation_check
                if start_i == 0:
                    if prev in _VADER_NEGATE or "n't" in prev:
                        valence = valence * N_SCALAR
                elif start_i == 1:
                    w1 = lows[i - 1]
                    if prev == "never" and (w1 == "so" or w1 == "this"):
                        valence = valence * 1.25
                    elif prev == "without" and w1 == "doubt":
                        pass
                    elif prev in _VADER_NEGATE or "n't" in prev:
                        valence = valence * N_SCALAR
                else:
                    w1, w2 = lows[i - 1], lows[i - 2]
                    if (prev == "never" and (w2 == "so" or w2 == "this")) or (
                            w1 == "so" or w1 == "this"):
                        valence = valence * 1.25
                    elif prev == "without" and (w2 == "doubt" or w1 == "doubt"):
                        pass
                    elif prev in _VADER_NEGATE or "n't" in prev:
                        valence = valence * N_SCALAR
                    valence = special_idioms(valence, lows, i)
        # _least_check
        if i > 1 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
            if lows[i - 2] != "at" and lows[i - 2] != "very":
                valence = valence * N_SCALAR
        elif i > 0 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
            valence = valence * N_SCALAR
        vals.append(valence)
    return vals


def fast_valences(lexicon: Mapping[str, float], negators: frozenset[str], lows: list[str]
                  ) -> list[float]:
    """A cheaper estimate for very long posts: lexicon values with simple negation."""
    vals = []
    for k, low in enumerate(lows):
        v = lexicon.get(low, 0.0) if low not in BOOSTER_DICT else 0.0
        if v and any(p in negators for p in lows[max(k - 3, 0):k]):
            v *= N_SCALAR
        vals.append(v)
    return vals


def signed(total: float, punct: float) -> float:
    """VADER's compound score: the sum with its punctuation emphasis, normalised."""
    if total > 0:
        return normalize(total + punct)
    if total < 0:
        return normalize(total - punct)
    return 0.0


def but_rule(lows: list[str], vals: list[float]) -> list[float]:
    """VADER's "but" rule by position: before it counts half, after it one and a half."""
    if "but" in lows:
        bi = lows.index("but")
        for i in range(len(vals)):
            if i < bi:
                vals[i] *= 0.5
            elif i > bi:
                vals[i] *= 1.5
    return vals


def special_idioms(valence: float, lows: list[str], i: int) -> float:
    """VADER's ``_special_idioms_check`` on lower-cased tokens (``i`` is 3 or more).

    Skipped at once when no word near ``i`` belongs to one of its phrases.
    """
    n = len(lows)
    near = lows[i - 3:i + 3]
    if _SPECIAL_WORDS.isdisjoint(near):
        return valence
    w0, w1, w2, w3 = lows[i], lows[i - 1], lows[i - 2], lows[i - 3]
    for seq in (f"{w1} {w0}", f"{w2} {w1} {w0}", f"{w2} {w1}", f"{w3} {w2} {w1}",
                f"{w3} {w2}"):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if n - 1 > i:
        zeroone = f"{w0} {lows[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if n - 1 > i + 1:
        zeroonetwo = f"{w0} {lows[i + 1]} {lows[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (f"{w3} {w2} {w1}", f"{w3} {w2}", f"{w2} {w1}"):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


_VADER_NEGATE = frozenset(NEGATE)
#: Every word of VADER's special-case phrases and multi-word boosters ("kind of").
_SPECIAL_WORDS = frozenset(
    w for k in list(SPECIAL_CASES) + [b for b in BOOSTER_DICT if " " in b] for w in k.split())
