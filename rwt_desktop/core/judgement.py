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
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

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


def _shapes(sentence: str) -> Iterator[str]:
    """Shape features that generalise over names: a capitalised word that does not start the
    sentence, or a house number ("at number 12")."""
    first = True
    for m in re.finditer(r"\S+", sentence):
        word = m.group()
        if not first and _CAPITALISED.fullmatch(word.strip(".,!?:;\"'()")):
            yield "s:Name"
        first = word.endswith((".", "!", "?"))
    if _HOUSE.search(sentence):
        yield "s:HouseNumber"


def _lower(sentence: str) -> str:
    return _DIGITS.sub("0", sentence.lower().replace("’", "'"))


def _token_features(low: str) -> list[str]:
    """Word unigrams and bigrams (with sentence start and end marks)."""
    out = []
    prev = "<s>"
    for tok in _TOKEN.findall(low):
        out.append("w:" + tok)
        out.append("b:" + prev + " " + tok)
        prev = tok
    out.append("b:" + prev + " </s>")
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
    """Per feature an idf and a weight for each category; per category an intercept and a
    threshold (a category with no threshold is never reported)."""

    #: Words whose known character grams are remembered (a post's words repeat, and so do
    #: a community's); the memory is emptied when it grows past this.
    WORD_MEMORY = 50_000

    def __init__(self, categories: list[str], intercepts: list[float],
                 thresholds: dict[str, float], features: list[str],
                 idf: Sequence[float], weights: Sequence[float]) -> None:
        """``weights`` holds ``len(categories)`` values per feature, feature by feature."""
        k = len(categories)
        if len(intercepts) != k or len(idf) != len(features) or len(weights) != k * len(features):
            raise ValueError("the model's tables do not fit together")
        self.categories = list(categories)
        self.intercepts = [float(x) for x in intercepts]
        self.thresholds = {c: float(v) for c, v in thresholds.items() if c in categories}
        self.index: dict[str, int] = {f: i for i, f in enumerate(features)}
        self._idf = idf
        self._weights = weights
        self._word_memory: dict[str, frozenset[int]] = {}
        self._rows: dict[int, tuple[tuple[int, float], ...]] = {}

    @classmethod
    def from_table(cls, data: dict[str, Any]) -> JudgementModel:
        """From ``{"categories", "intercepts", "thresholds", "features": {name: [idf,
        [[category index, weight], ...]]}}`` (the tests' and the training script's form)."""
        cats = list(data["categories"])
        names = list(data["features"])
        idf = [float(data["features"][f][0]) for f in names]
        weights = [0.0] * (len(cats) * len(names))
        for j, f in enumerate(names):
            for i, w in data["features"][f][1]:
                weights[j * len(cats) + int(i)] = float(w)
        return cls(cats, data["intercepts"], data["thresholds"], names, idf, weights)

    @classmethod
    def load(cls, meta: dict[str, Any], blob: bytes) -> JudgementModel:
        """From the shipped pair: ``model.json`` (names and settings) and ``model.f32``
        (little-endian float32: every feature's idf, then every feature's weights)."""
        values = array("f")
        values.frombytes(blob)
        if sys.byteorder != "little":
            values.byteswap()
        n = len(meta["features"])
        return cls(meta["categories"], meta["intercepts"], meta["thresholds"],
                   meta["features"], values[:n], values[n:])

    def known_features(self, sentence: str) -> set[int]:
        """The indexes of ``features(sentence)`` that the model knows, worked out quickly:
        each word's known character grams are looked up once and remembered."""
        index = self.index
        low = _lower(sentence)
        found = {index[f] for f in _token_features(low) if f in index}
        memory = self._word_memory
        for word in _WORD_CHARS.findall(low):
            known = memory.get(word)
            if known is None:
                if len(memory) >= self.WORD_MEMORY:
                    memory.clear()
                known = memory[word] = frozenset(index[g] for g in char_grams(word)
                                                 if g in index)
            found |= known
        found.update(index[f] for f in _shapes(sentence) if f in index)
        return found

    def scores(self, sentence: str, only: Sequence[int] | None = None) -> list[float]:
        """Decision value per category (above 0 leans towards it), or for the categories
        at the indexes ``only``, in that order."""
        totals = list(self.intercepts)
        present = self.known_features(sentence)
        if present:
            idf, rows, row = self._idf, self._rows, self._row
            norm = math.sqrt(sum(idf[j] * idf[j] for j in present)) or 1.0
            for j in present:
                pairs = rows.get(j)
                if pairs is None:
                    pairs = row(j)
                value = idf[j] / norm
                for i, w in pairs:
                    totals[i] += w * value
        return totals if only is None else [totals[i] for i in only]

    def _row(self, j: int) -> tuple[tuple[int, float], ...]:
        """Feature ``j``'s non-zero weights as (category index, weight), worked out once."""
        k = len(self.categories)
        row = self._weights[j * k:(j + 1) * k]
        pairs = self._rows[j] = tuple((i, w) for i, w in enumerate(row) if w)
        return pairs

    def weight(self, feature: str, category: str) -> float:
        """How much ``feature`` leans towards ``category`` (idf times weight)."""
        j = self.index.get(feature)
        if j is None:
            return 0.0
        k = len(self.categories)
        return self._idf[j] * self._weights[j * k + self.categories.index(category)]

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
