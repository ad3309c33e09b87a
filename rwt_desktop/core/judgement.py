"""The learned layer: a small linear model per category over word and character n-grams.

Rules catch what they were written for; this layer reads each sentence as a whole and says
when it *reads like* a kind of problem the rules have no words for ("Darren kept some of the
sponsorship money for himself"). It was trained by ``scripts/train_judgement.py`` on the
labelled corpus in ``tests/data/judgement/`` and ships as a table of weights
(``resources/judgement/model.json``): no scikit-learn, NumPy or SciPy at run time, only this
scorer. Its thresholds were set on held-out folds so that it warns on at most a small, measured
share of clean posts, and it never blocks.

The feature extractor here is the one the training script uses, so training and scoring
cannot drift apart. Pure Python, no Qt.
"""

from __future__ import annotations

import json
import math
import re
import struct
import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

#: Bits for one value in a feature's packed integer, the fixed-point scale, the bias that
#: keeps every value positive, and the largest value kept (about 32,000 either way). A sum of
#: up to 2**23 features cannot spill from one field into the next.
_FIELD = 64  # (a 64-bit word each: see JudgementModel._pack)
_MASK = (1 << _FIELD) - 1
_SCALE = 1 << 24
_BIAS = 1 << 40
_LIMIT = (1 << 39) - 1

#: Longest sentence the model reads (longer ones are read in pieces this long).
MAX_SENTENCE = 400

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[^\sa-z0-9]")
#: Every run of digits reads as one "0": numbers are the detectors' job (phonenumbers and the
#: checksums know a private number from an order number; n-grams of digits do not).
_DIGITS = re.compile(r"\d+")
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:['’][a-z]+)?")
_WORD_CHARS = re.compile(r"[a-z0-9']+")
_HOUSE = re.compile(r"\bnumber \d+|\bno\.? ?\d+\b|\b\d+[a-z]? [A-Z][a-z]+ "
                    r"(?:Road|Street|Lane|Close|Avenue|Drive|Way|Crescent)\b")


#: A capitalised word (punctuation around it aside) that follows a word not ending a sentence.
_NAME_SHAPE = re.compile(r"(?<=[^\s.!?])\s+[.,!?:;\"'()]*[A-Z][a-z]+(?:['’][a-z]+)?"
                         r"[.,!?:;\"'()]*(?!\S)")


def _shapes(sentence: str) -> list[str]:
    """Shape features that generalise over names: a capitalised word that does not start the
    sentence, or a house number ("at number 12")."""
    out = ["s:Name"] if _NAME_SHAPE.search(sentence) else []
    if _HOUSE.search(sentence):
        out.append("s:HouseNumber")
    return out


def _lower(sentence: str) -> str:
    return _DIGITS.sub("0", sentence.lower().replace("’", "'"))


def _pairs(tokens: list[str]) -> Iterable[tuple[str, str]]:
    """Each pair of neighbouring words, with sentence start and end marks."""
    return zip(["<s>", *tokens], [*tokens, "</s>"], strict=True)


def _token_features(low: str) -> list[str]:
    """Word unigrams and bigrams (with sentence start and end marks)."""
    tokens = _TOKEN.findall(low)
    out = ["w:" + tok for tok in tokens]
    out += ["b:{} {}".format(*pair) for pair in _pairs(tokens)]
    return out


def char_grams(word: str) -> list[str]:
    """Character 3- to 5-grams of one word, with a space either side of it."""
    padded = f" {word} "
    n = len(padded)
    return ["c:" + padded[i:i + size] for size in (3, 4, 5) for i in range(n - size + 1)]


def features(sentence: str) -> set[str]:
    """The binary features of one sentence: word unigrams and bigrams, character 3- to
    5-grams inside words (with a space either side), and a few shape features."""
    low = _lower(sentence)
    feats = set(_token_features(low))
    for word in _WORD_CHARS.findall(low):
        feats.update(char_grams(word))
    feats.update(_shapes(sentence))
    return feats


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model read in one sentence for one category."""

    category: str
    score: float
    start: int
    end: int
    #: The words that weighed most towards the category, strongest first.
    evidence: tuple[str, ...]


class JudgementModel:
    """Per feature its idf squared (for the length of a passage's vector) and, per category,
    its idf times its weight; per category an intercept and a threshold (a category with no
    threshold is never reported).

    For speed, one feature's values (its idf squared, then every category's idf times weight)
    are packed into one Python integer, :data:`_FIELD` bits a value in fixed point, each
    value raised by :data:`_BIAS` so none is negative. Summing a passage's integers with the
    built-in ``sum`` then adds every category at once in C, with no Python step per feature
    or per category; the fields are taken apart once at the end.
    """

    #: Words whose known character grams are remembered (a post's words repeat, and so do
    #: a community's); the memory is emptied when it grows past this.
    WORD_MEMORY = 50_000

    def __init__(self, categories: list[str], intercepts: list[float],
                 thresholds: dict[str, float], features: list[str],
                 idf_squared: Sequence[float], columns: Sequence[Sequence[float]]) -> None:
        """``columns`` holds, per category, idf times weight for every feature."""
        k, n = len(categories), len(features)
        if len(intercepts) != k or len(idf_squared) != n or len(columns) != k or any(
                len(column) != n for column in columns):
            raise ValueError("the model's tables do not fit together")
        self.categories = list(categories)
        self.intercepts = [float(x) for x in intercepts]
        self.thresholds = {c: float(v) for c, v in thresholds.items() if c in categories}
        self.index: dict[str, int] = {f: i for i, f in enumerate(features)}
        self._idf_squared = idf_squared
        self._columns = list(columns)
        #: Every feature's values in :meth:`_pack`'s order, and the layout of its integer.
        self._tables = (idf_squared, *self._columns)
        self._words = struct.Struct(f"<{k + 1}Q")
        self._word_memory: dict[str, frozenset[int]] = {}
        self._pair_memory: dict[tuple[str, str], int | None] = {}
        self._packed: dict[int, int] = {}

    @classmethod
    def from_table(cls, data: dict[str, Any]) -> JudgementModel:
        """From ``{"categories", "intercepts", "thresholds", "features": {name: [idf,
        [[category index, weight], ...]]}}`` (the tests' and the training script's form)."""
        cats = list(data["categories"])
        names = list(data["features"])
        idf = [float(data["features"][f][0]) for f in names]
        columns = [[0.0] * len(names) for _ in cats]
        for j, f in enumerate(names):
            for i, w in data["features"][f][1]:
                columns[int(i)][j] = idf[j] * float(w)
        return cls(cats, data["intercepts"], data["thresholds"], names,
                   [d * d for d in idf], columns)

    @classmethod
    def load(cls, meta: dict[str, Any], blob: bytes) -> JudgementModel:
        """From the shipped pair: ``model.json`` (names and settings) and ``model.f32``
        (little-endian float32: every feature's idf squared, then for each category in turn
        every feature's idf times weight)."""
        values = array("f")
        values.frombytes(blob)
        if sys.byteorder != "little":
            values.byteswap()
        n = len(meta["features"])
        columns = [values[n * (i + 1):n * (i + 2)] for i in range(len(meta["categories"]))]
        return cls(meta["categories"], meta["intercepts"], meta["thresholds"],
                   meta["features"], values[:n], columns)

    def known_features(self, sentence: str) -> set[int]:
        """The indexes of ``features(sentence)`` that the model knows, worked out quickly:
        each word's known character grams are looked up once and remembered."""
        get = self.index.get
        low = _lower(sentence)
        tokens = _TOKEN.findall(low)
        # ``_token_features`` without building a string per token: each distinct word and
        # pair of words is looked up once, and a pair's index is remembered.
        found = {get("w:" + tok) for tok in set(tokens)}
        pairs = self._pair_memory
        for pair in set(_pairs(tokens)):
            try:
                found.add(pairs[pair])
            except KeyError:
                if len(pairs) >= self.WORD_MEMORY:
                    pairs.clear()
                found.add(pairs.setdefault(pair, get("b:{} {}".format(*pair))))
        found.update(map(get, _shapes(sentence)))
        found.discard(None)
        memory = self._word_memory
        for word in _WORD_CHARS.findall(low):
            known = memory.get(word)
            if known is None:
                if len(memory) >= self.WORD_MEMORY:
                    memory.clear()
                grams = set(map(get, char_grams(word)))
                grams.discard(None)
                known = memory[word] = frozenset(grams)  # type: ignore[arg-type]
            found |= known
        return cast(set[int], found)

    def scores(self, sentence: str, only: Sequence[int] | None = None) -> list[float]:
        """Decision value per category (above 0 leans towards it), or for the categories
        at the indexes ``only``, in that order."""
        wanted = range(len(self.categories)) if only is None else only
        present = self.known_features(sentence)
        if not present:
            return [self.intercepts[i] for i in wanted]
        packed = self._packed
        try:
            total = sum(map(packed.__getitem__, present))
        except KeyError:  # a feature met for the first time
            for j in present:
                if j not in packed:
                    packed[j] = self._pack(j)
            total = sum(map(packed.__getitem__, present))
        bias = len(present) * _BIAS

        def field(f: int) -> float:
            return (((total >> (_FIELD * f)) & _MASK) - bias) / _SCALE

        norm = math.sqrt(max(field(0), 0.0)) or 1.0
        intercepts = self.intercepts
        return [intercepts[i] + field(i + 1) / norm for i in wanted]

    def _pack(self, j: int) -> int:
        """Feature ``j``'s idf squared and its products for every category, as one integer
        (see the class's docstring): each value's field as a little-endian 64-bit word, so
        the words' bytes read as one number are the fields side by side."""
        fields = [round(values[j] * _SCALE) + _BIAS for values in self._tables]
        if max(fields) > _BIAS + _LIMIT or min(fields) < _BIAS - _LIMIT:
            fields = [min(max(x, _BIAS - _LIMIT), _BIAS + _LIMIT) for x in fields]
        return int.from_bytes(self._words.pack(*fields), "little")

    def weight(self, feature: str, category: str) -> float:
        """How much ``feature`` leans towards ``category`` (idf times weight)."""
        j = self.index.get(feature)
        if j is None:
            return 0.0
        return self._columns[self.categories.index(category)][j]

    def evidence(self, sentence: str, category: str, most: int = 3) -> tuple[str, ...]:
        """The words of ``sentence`` whose features weigh most towards ``category``."""
        best: list[tuple[float, str]] = []
        for m in re.finditer(r"[\w'’]+", sentence):
            word = m.group()
            low = _lower(word)
            weight = self.weight("w:" + low, category) + sum(
                self.weight(g, category) for g in char_grams(low))
            if weight > 0:
                best.append((weight, word))
        best.sort(key=lambda pair: -pair[0])
        seen: list[str] = []
        for _, word in best:
            if word.lower() not in (s.lower() for s in seen):
                seen.append(word)
            if len(seen) == most:
                break
        return tuple(seen)

    def read(self, text: str, spans: Sequence[tuple[int, int]],
             categories: Iterable[str] | None = None) -> list[Reading]:
        """The passages the model reads as a category, each pinned to its strongest sentence.

        The model was trained on whole posts, so it reads whole posts (or, in a long one,
        runs of sentences up to :data:`MAX_UNIT` characters); a passage that passes a
        category's threshold is reported at the sentence in it that leans most that way.
        """
        wanted = set(categories) if categories is not None else set(self.categories)
        active = [i for i, c in enumerate(self.categories)
                  if c in self.thresholds and c in wanted]
        out: list[Reading] = []
        if not active:
            return out
        # Each sentence's scores, worked out once for every category that passes.
        by_span: dict[tuple[int, int], list[float]] = {}

        def sentence_scores(span: tuple[int, int]) -> list[float]:
            found = by_span.get(span)
            if found is None:
                found = by_span[span] = self.scores(text[span[0]:span[1]])
            return found

        for unit in units(spans):
            start, end = unit[0][0], unit[-1][1]
            passage = text[start:end]
            if not passage.strip():
                continue
            for index, score in zip(active, self.scores(passage, active), strict=True):
                category = self.categories[index]
                if score < self.thresholds[category]:
                    continue
                column = [sentence_scores(span)[index] for span in unit]
                s, e = unit[column.index(max(column))]
                out.append(Reading(category, score, s, e, self.evidence(text[s:e], category)))
        return out


#: Longest passage the model reads at once. Posts are read whole up to this; a longer text is
#: read in runs of whole sentences up to this long.
MAX_UNIT = 1_000


def units(spans: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Sentence spans grouped into runs of at most :data:`MAX_UNIT` characters (a sentence
    longer than that is a run of its own, cut into :data:`MAX_SENTENCE` pieces)."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in spans:
        if end - start > MAX_UNIT:
            if current:
                runs.append(current)
                current = []
            runs.extend([(s, min(end, s + MAX_SENTENCE))]
                        for s in range(start, end, MAX_SENTENCE))
            continue
        if current and end - current[0][0] > MAX_UNIT:
            runs.append(current)
            current = []
        current.append((start, end))
    if current:
        runs.append(current)
    return runs


@cache
def builtin_model() -> JudgementModel | None:
    """The model shipped in resources, or None when there is none (then the layer is off)."""
    from rwt_desktop.resources_path import resource_path

    folder = resource_path("judgement")
    try:
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        blob = (folder / "model.f32").read_bytes()
    except FileNotFoundError:
        return None
    return JudgementModel.load(meta, blob)
