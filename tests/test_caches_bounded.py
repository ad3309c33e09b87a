"""Caches are bounded and belong to the policy in use (issue 13, item 4): one 50 MB policy
loaded once made every later run read its pattern analysis (5 s, 590 MB), and every policy
loaded kept a tone analyser for ever.
"""

from __future__ import annotations

import dataclasses
import json

from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.core.rules import PatternAnalysis


def test_saving_keeps_only_the_patterns_of_the_policy_in_use(tmp_path) -> None:
    path = tmp_path / "pattern-analysis.json"
    cache = PatternAnalysis(path)
    for pattern in (r"\bfirst\b", r"\bsecond\b", r"\bthird\b"):
        cache.get(pattern)
    cache.save(keep=[r"\bsecond\b"])
    stored = json.loads(path.read_text(encoding="utf-8"))["patterns"]
    assert set(stored) == {r"\bsecond\b"}
    assert set(PatternAnalysis(path)._known) == {r"\bsecond\b"}


def test_a_cache_left_by_a_bigger_policy_is_shrunk_on_the_next_run(tmp_path) -> None:
    path = tmp_path / "pattern-analysis.json"
    big = PatternAnalysis(path)
    for n in range(500):
        big.get(rf"\bword{n}\b")
    big.save()
    later = PatternAnalysis(path)  # nothing new to analyse, but the file is too big
    later.get(r"\bword1\b")
    later.save(keep=[r"\bword1\b"])
    assert set(json.loads(path.read_text(encoding="utf-8"))["patterns"]) == {r"\bword1\b"}


def test_an_oversized_cache_file_is_not_read(tmp_path, monkeypatch) -> None:
    path = tmp_path / "pattern-analysis.json"
    first = PatternAnalysis(path)
    first.get(r"\bkept\b")
    first.save()
    monkeypatch.setattr(PatternAnalysis, "MAX_FILE_BYTES", 10)
    assert PatternAnalysis(path)._known == {}


def test_tone_analysers_are_kept_for_the_newest_policies_only() -> None:
    from rwt_desktop.core.rules import tone_rule

    base = builtin_policy()
    policies = [dataclasses.replace(base, version=f"copy-{n}") for n in range(8)]
    for policy in policies:
        tone_rule._analyser_for(policy)
    assert len(tone_rule._ANALYSERS) <= tone_rule._MAX_ANALYSERS
    assert id(policies[-1]) in tone_rule._ANALYSERS
