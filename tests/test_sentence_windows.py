"""Searching only the sentences that hold a pattern's words finds exactly what a whole-text
search finds (rules.sentence_windows)."""

from __future__ import annotations

import re

import pytest

from rwt_desktop.core.rules import sentence_windows
from rwt_desktop.core.rules.prefilter import parse_pattern
from rwt_desktop.core.rules.sentence_windows import matches_in, sentence_margin, windows


def margin(pattern: str) -> int | None:
    return sentence_margin(parse_pattern(pattern))


@pytest.mark.parametrize("pattern", [
    r"(?<![\w@#])(?:off\s+the\s+record|strictly\s+confidential)(?!\w)",
    r"\bno,?\s+(?-i:[A-Z][a-z]+),",
    r"\b(?:rt|retweet)\s+if\s+(?:you\s+)?agree\b",
    r"(?:[^\w.!?\n@#]|[.!?](?=\w))*+cats",  # the proximity rules' gap
    r"\bmeet\b[^.!?]{0,40}\bcar\s+park\b",
    r"£\d+(?:\.\d\d)?",  # a decimal point is only taken in before a digit
])
def test_patterns_that_stay_within_a_sentence(pattern):
    assert margin(pattern) is not None


@pytest.mark.parametrize("pattern", [
    r"\bhe\b.*\bstole\b",  # any character, full stops too
    r"\bhe\W+stole\b",
    r"\bhe[^a-z]+stole\b",
    r"[.!?]\s+[A-Z]",
    r"\bsee\s+you\b[.!?]",
    r"(\w+)\s+\1",  # a back-reference is not read
    r"foo(?=.*bar)",  # a look-ahead with no bound
])
def test_patterns_that_may_run_across_a_sentence_end(pattern):
    assert margin(pattern) is None


def test_a_look_ahead_widens_the_margin():
    assert margin(r"@\w+(?=[^.!?\n]{0,160}\bnobody)") >= 160 + 6
    assert margin(r"\bcat\b") == 2


def test_sentence_ends_are_stops_not_followed_by_a_word():
    text = "Doors at 10.30 today. See you there! Really? e.g.this one..."
    ends = sentence_windows.sentence_ends(text)
    assert [text[i] for i in ends] == [".", "!", "?", ".", ".", "."]
    assert text.index("10.30") + 2 not in ends


def test_windows_are_the_sentences_holding_the_words():
    text = "One cat here. " + "Nothing much. " * 20 + "Another cat! End"
    ends = sentence_windows.sentence_ends(text)
    starts = [m.start() for m in re.finditer("cat", text)]
    got = windows(ends, sentence_windows.sentences_holding(ends, starts), len(text))
    assert got is not None
    covered = "".join(text[a:b] for a, b in got)
    assert "One cat here" in covered and "Another cat" in covered
    assert "Nothing" not in covered


def _texts() -> list[str]:
    from rwt_desktop.core.policy import builtin_policy

    examples = []
    for rule in builtin_policy().rules:
        examples.extend(rule.must_flag)
        examples.extend(rule.must_pass)
    # Joined in runs with every kind of sentence end, and some that are not one.
    joins = [" ", ". ", "! ", "?\n", "\n", " 10.30 ", ", e.g. ", "... ", ".", "!!"]
    texts = []
    for i in range(0, len(examples), 30):
        run = examples[i:i + 30]
        texts.append("".join(t + joins[(i + k) % len(joins)] for k, t in enumerate(run)))
    return texts


def test_windowed_search_finds_what_a_whole_search_finds():
    """Every shipped pattern that may be windowed, on the rules' own examples joined into
    posts: the matches in the sentences holding its words are all its matches."""
    from rwt_desktop.core.checker import default_checker
    from rwt_desktop.core.rules import Context, PhraseDetector

    checker = default_checker()
    searches = [s for r in checker.rules if isinstance(r.detector, PhraseDetector)
                for s in r.detector.searches if s.sentence_margin is not None]
    assert len(searches) > 300
    compared = matched = 0
    for text in _texts():
        ctx = Context(text, checker.policy)
        ctx.trigger_universe = checker._trigger_universe
        ctx.trigger_finder = checker._trigger_finder
        for search in searches:
            subject = ctx.lower if search.on_lower else ctx.norm
            whole = [m.span() for m in search.regex.finditer(subject) if m.end() > m.start()]
            ranges = ctx.sentence_windows(search.located, search.on_lower,
                                          all_of=search.located_all_of)
            if ranges is None:
                continue
            got = list(matches_in(search.regex, subject, ranges, search.sentence_margin))
            assert got == whole, (search.pattern[:80], text[:80])
            compared += 1
            matched += bool(whole)
    assert compared > 1000 and matched > 100


def test_windows_kept_for_a_set_of_words_are_those_worked_out_afresh():
    """A check works out the sentences for each set of the post's words once and hands the
    same ranges to every pattern set off by them: each answer is what a context asked
    nothing before gives, narrowing by the other words a pattern needs included."""
    from rwt_desktop.core.checker import default_checker
    from rwt_desktop.core.rules import Context, PhraseDetector

    checker = default_checker()
    searches = [s for r in checker.rules if isinstance(r.detector, PhraseDetector)
                for s in r.detector.searches if s.sentence_margin is not None]

    def context(text: str) -> Context:
        ctx = Context(text, checker.policy)
        ctx.trigger_universe = checker._trigger_universe
        ctx.trigger_finder = checker._trigger_finder
        return ctx

    shared_answers = 0
    for text in _texts()[:6]:
        shared = context(text)
        for search in searches:
            args = (search.located, search.on_lower)
            kept = shared.sentence_windows(*args, all_of=search.located_all_of)
            afresh = context(text).sentence_windows(*args, all_of=search.located_all_of)
            assert kept == afresh, (search.pattern[:80], text[:80])
        shared_answers += len(shared._windows_memo)
    assert shared_answers > 50
