"""The development corpus stays where the rules got it: a guard against regressions.

These posts were used to tune the rules (tests/data/dev-corpus/README.md), so the bars are
about not sliding back, not about how well the checker does on unseen posts.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from corpora import read_posts

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.findings import Severity

#: A sweep over about 2,200 posts: run by .ci/run with the other slow tests.
pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "data" / "dev-corpus"
IGNORED = {"grammar", "spelling", "length"}


def _posts() -> list[dict]:
    return read_posts(CORPUS)


@pytest.fixture(scope="module")
def results() -> list[tuple[dict, set[str]]]:
    checker = default_checker()
    out = []
    for post in _posts():
        found = {f.category for f in checker.check(post["text"]).findings
                 if f.severity is not Severity.INFO} - IGNORED
        out.append((post, found))
    return out


def test_the_corpus_is_labelled_with_the_policy_categories(results):
    from rwt_desktop.core.findings import CATEGORIES

    assert len(results) > 2000
    for post, _ in results:
        assert set(post["expect"]) <= CATEGORIES, post["id"]


def test_clean_posts_stay_clean(results):
    alarms = [(post["id"], sorted(found)) for post, found in results
              if not post["expect"] and found]
    clean = sum(1 for post, _ in results if not post["expect"])
    assert len(alarms) <= clean // 200, alarms  # at most 0.5% of over 1,200 clean posts


def test_recall_does_not_slide_back(results):
    total, caught = Counter(), Counter()
    for post, found in results:
        for category in post["expect"]:
            total[category] += 1
            caught[category] += category in found
    overall = sum(caught.values()) / sum(total.values())
    assert overall >= 0.93, f"{overall:.0%}"
    weak = {c: f"{caught[c]}/{total[c]}" for c in total if caught[c] / total[c] < 0.85}
    assert not weak, weak
