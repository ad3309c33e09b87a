"""The functional test sets stay where the rules got them: a guard, not a blind measure.

``tests/data/hatecheck-style``, ``obscene-in-sentence`` and ``public-org-posts`` were written
and scored before the rules for them (scripts/eval_hatecheck.py prints the figures; the first
and latest are in their READMEs). The rules were then written against them, so these bars
only stop a change sliding back.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.findings import Severity

DATA = Path(__file__).parent / "data"
IGNORED = {"tone", "grammar", "spelling", "length"}


def _rows(folder: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted((DATA / folder).glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    return rows


def _warned(text: str) -> bool:
    return any(f.severity is not Severity.INFO and f.category not in IGNORED
               for f in default_checker().check(text).findings)


@pytest.fixture(scope="module")
def hatecheck() -> tuple[Counter, Counter, dict]:
    total, flagged, label = Counter(), Counter(), {}
    for row in _rows("hatecheck-style"):
        total[row["functionality"]] += 1
        flagged[row["functionality"]] += _warned(row["text"])
        label[row["functionality"]] = row["label"]
    return total, flagged, label


def test_hateful_sentences_are_flagged(hatecheck):
    total, flagged, label = hatecheck
    hateful = [f for f in total if label[f] == "hateful"]
    assert len(hateful) >= 5 and all(total[f] >= 20 for f in hateful)
    assert sum(flagged[f] for f in hateful) >= 0.8 * sum(total[f] for f in hateful)
    weak = {f: f"{flagged[f]}/{total[f]}" for f in hateful if flagged[f] < 0.6 * total[f]}
    assert not weak, weak


def test_identity_positive_sentences_are_never_flagged(hatecheck):
    total, flagged, _ = hatecheck
    assert total["identity_positive"] >= 20 and flagged["identity_positive"] == 0
    assert flagged["identity_neutral"] <= 1


def test_obscene_words_in_friendly_sentences_are_warned():
    rows = _rows("obscene-in-sentence")
    assert len(rows) >= 150
    assert sum(_warned(r["text"]) for r in rows) >= 0.9 * len(rows)


def test_public_organisations_posts_rarely_draw_a_warning():
    rows = _rows("public-org-posts")
    assert len(rows) >= 200
    assert sum(_warned(r["text"]) for r in rows) <= len(rows) // 100
