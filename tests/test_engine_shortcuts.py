"""The engine's shortcuts skip work, never a finding: each is checked against doing the work."""

from __future__ import annotations

import pytest

from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.core.rules import windowing
from rwt_desktop.core.rules.prefilter import WORD_START, literal_conjunction


def test_every_needed_word_is_asked_for():
    """A pattern that needs "treat" and one of a list of groups asks for both."""
    found = literal_conjunction(r"\btreat\s+(?:the\s+)?(?:immigrants|refugees)\b")
    assert set(found) == {frozenset({WORD_START + "treat"}),
                          frozenset({WORD_START + "immigrants", WORD_START + "refugees"})}


@pytest.mark.parametrize("pattern", [r"\b(?:the|a)\s+record\b", r"(?:you\s+)?never\s+x",
                                     r"[a-z]+ly", r"(?:is|are)\s+ok"])
def test_common_short_or_optional_words_are_not_asked_for(pattern):
    for part in literal_conjunction(pattern):
        assert all(len(x.lstrip(WORD_START)) >= 3 for x in part)
        assert not part & {WORD_START + "the", WORD_START + "you", WORD_START + "is"}


def _examples() -> list[str]:
    texts = []
    for rule in builtin_policy().rules:
        texts.extend(rule.must_flag)
        texts.extend(rule.must_pass)
    return texts


@pytest.mark.slow  # a sweep: every pattern on every example
def test_needed_words_are_there_whenever_a_pattern_matches():
    """For every search of every shipped rule, on every example (and each joined to a word
    before it): when the pattern matches, each of its needed literal sets is present."""
    from rwt_desktop.core.checker import default_checker
    from rwt_desktop.core.rules import Context, PhraseDetector

    checker = default_checker()
    searches = [s for r in checker.rules if isinstance(r.detector, PhraseDetector)
                for s in r.detector.searches if s.all_of]
    assert len(searches) > 100
    texts = _examples()
    texts += ["re" + t for t in texts[:200]]
    checked = 0
    for text in texts:
        ctx = Context(text, checker.policy)
        ctx.trigger_universe = checker._trigger_universe
        ctx.trigger_finder = checker._trigger_finder
        for search in searches:
            subject = ctx.lower if search.on_lower else ctx.norm
            if search.regex.search(subject) or (
                    ctx.plain is not None and search.regex.search(ctx.plain)):
                checked += 1
                assert all(ctx.any_present(t) for t in search.all_of), (search.pattern, text)
    assert checked > 100


def _long_post() -> str:
    parts = ["Off the record, the board can't agree on the next Chair.",
             "Lovely day at the park with the volunteers. " * 150,
             "Call Dave on 07700 900321 about the keysafe code.",
             "Thank you all for coming! " * 200,
             "Keep this quiet but the hall may close next year. Those immigrants are v3rm1n."]
    return " ".join(parts)


def test_literal_windows_from_the_automaton_are_those_found_by_searching():
    from rwt_desktop.core.checker import default_checker
    from rwt_desktop.core.rules import Context, PhraseDetector

    checker = default_checker()
    text = _long_post()
    ctx = Context(text, checker.policy)
    ctx.trigger_universe = checker._trigger_universe
    ctx.trigger_finder = checker._trigger_finder
    compared = 0
    for rule in checker.rules:
        if not isinstance(rule.detector, PhraseDetector):
            continue
        for search in rule.detector.searches:
            if search.triggers is None:
                continue
            searched = windowing.literal_windows(ctx.lower, search.triggers)
            known = windowing.literal_windows(ctx.lower, search.triggers, ctx.literal_starts)
            assert known == searched, search.pattern[:80]
            compared += searched is not None
    assert compared > 50


def test_disguise_spans_cover_every_changed_character():
    from rwt_desktop.core.rules import Context

    text = "Those people are v3rm1n and s c u m, says @d4ve at 10am. " * 3
    ctx = Context(text, builtin_policy())
    assert ctx.plain is not None
    changed = [i for i, (a, b) in enumerate(zip(ctx.lower, ctx.plain, strict=True)) if a != b]
    assert changed
    assert all(any(s <= i < e for s, e in ctx.disguise_spans) for i in changed)


def test_a_disguised_word_deep_in_a_long_post_is_found_as_in_a_short_one():
    from rwt_desktop.core.checker import default_checker

    checker = default_checker()
    text = _long_post()
    tail = "Keep this quiet but the hall may close next year. Those immigrants are v3rm1n."
    assert len(text) > windowing.MIN_WINDOWED_LENGTH
    offset = text.index(tail)
    short = {(f.rule, f.start + offset, f.end + offset, f.text)
             for f in checker.check(tail).findings if f.category == "discrimination"}
    long = {(f.rule, f.start, f.end, f.text)
            for f in checker.check(text).findings if f.category == "discrimination"}
    assert short and short <= long


def test_live_searches_from_the_one_scan_are_those_found_by_searching():
    """A phrase rule picks the searches that may match from the literals the checker's one
    scan found (a kept list when the post holds one of its words); without that scan it
    tests each search's words in the text. Both pick the same searches, in order, on the
    rules' own examples (the ones that flag and the ones that pass)."""
    from rwt_desktop.core.checker import default_checker
    from rwt_desktop.core.rules import Context, PhraseDetector

    checker = default_checker()
    detectors = [r.detector for r in checker.rules if isinstance(r.detector, PhraseDetector)]
    texts = [t for r in checker.policy.rules for t in (*r.must_flag, *r.must_pass)]
    compared = one_word = 0
    for text in texts[::3]:
        scanned = Context(text, checker.policy)
        scanned.trigger_universe = checker._trigger_universe
        scanned.trigger_finder = checker._trigger_finder
        searched = Context(text, checker.policy)  # no scan: each word looked for in the text
        for detector in detectors:
            assert scanned.tracks(detector._tracked)
            assert not searched.tracks(detector._tracked) or not detector._tracked
            got = detector._live(scanned)
            assert got == detector._live(searched), (detector.spec.id, text[:80])
            compared += bool(got)
            one_word += len(detector._literals & scanned.present_anywhere) == 1
    assert compared > 500 and one_word > 200
