"""The rule engine's own mechanics: phrases, context filters and the regex shortcut."""

from __future__ import annotations

import re

import pytest

from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.core.rules import literal_triggers, phrase_body, phrases_regex
from rwt_desktop.core.text import Sentences, normalise


def test_phrases_match_whole_words_with_any_spacing():
    rx = re.compile(phrases_regex(["off the record", "drop-in", "don't tell"]), re.I)
    text = "OFF  the\nrecord; a drop in; dropin; Dont tell; scoff the records"
    assert [m.group() for m in rx.finditer(text)] == [
        "OFF  the\nrecord", "drop in", "dropin", "Dont tell"]


def test_phrase_body_escapes_regex_characters():
    assert re.fullmatch(phrase_body("£5 (cash)"), "£5 (cash)")


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        ([r"\bconfidential\b"], {"confidential"}),
        ([r"(?<!\w)(?:fraud|thie(?:f|ves))s?\b"], {"fraud", "thie"}),
        ([phrases_regex(["keep this quiet", "hush-hush"])], {"quiet", "hush"}),
        ([r"\bpart (?:two|2)"], {"part "}),
        ([r"(?:the )?record"], {"record"}),
        ([r"[a-z]+ing"], {"ing"}),
        ([r"\b(?:is|are) (?:a )?(?:thie(?:f|ves)|frauds?)\b"], {"thie", "fraud"}),
    ],
)
def test_literal_triggers(patterns, expected):
    assert literal_triggers(patterns) == expected


@pytest.mark.parametrize("patterns", [[r"\bab"], [r"[a-z]+ly"], [r"\bcat", r"\w+ly"],
                                      [r"(?:the)?\s+x"], [r"sh[i1]t"]])
def test_no_trigger_without_a_usable_literal(patterns):
    assert literal_triggers(patterns) is None


def _examples() -> list[str]:
    texts = []
    for rule in builtin_policy().rules:
        texts.extend(rule.must_flag)
        texts.extend(rule.must_pass)
    return texts


@pytest.mark.slow  # a sweep: every pattern on every example
def test_triggers_never_hide_a_real_match():
    """For every pattern of every shipped rule, on every example sentence in the policy:
    whenever the pattern matches, one of its trigger literals is in the text."""
    texts = [(normalise(t), normalise(t).lower()) for t in _examples()]
    checked = 0
    for rule in builtin_policy().rules:
        patterns = list(rule.patterns)
        if rule.phrases:
            patterns.append(phrases_regex(rule.phrases))
        for pattern in patterns:
            triggers = literal_triggers([pattern])
            if triggers is None:
                continue
            rx = re.compile(pattern, re.I)
            for norm, lower in texts:
                if rx.search(norm):
                    checked += 1
                    assert any(t in lower for t in triggers), (rule.id, pattern, norm)
    assert checked > 50


def test_normalise_keeps_length_and_folds_lookalikes():
    text = "Ѕhіt “quote” – café ﬁ 👩‍👩‍👧 \u00a0ＦＵＮ"
    out = normalise(text)
    assert len(out) == len(text)
    assert out.startswith('Shit "quote" - cafe')
    assert "FUN" in out


def test_sentences():
    text = "Hello there! How are you?\nFine. 3.5 miles… ok"
    spans = Sentences(text).spans
    assert [text[s:e].strip() for s, e in spans] == [
        "Hello there!", "How are you?", "Fine.", "3.5 miles…", "ok"]
    assert Sentences(text).around(text.index("Fine")) == spans[2]


@pytest.mark.parametrize(
    ("pattern", "blind"),
    [(r"\bthie(?:f|ves)\b", True), (r"(?<![\w@#])don'?t tell", True), (r"[a-z]+ing", True),
     (r"\b[A-Z][a-z]+ Road\b", False), (r"(?-i:RWT)", False), (r"Mr\.? [a-z]+", False)],
)
def test_case_blind_patterns(pattern, blind):
    from rwt_desktop.core.rules import _case_blind

    assert _case_blind(pattern) is blind


def test_long_posts_find_what_short_ones_find():
    """The windowed search on a long post finds the same things as on each short part."""
    from rwt_desktop.core.checker import default_checker

    parts = ["Off the record, the board can't agree on the next Chair.",
             "Lovely day at the park with the volunteers. " * 150,
             "The safe combination is 1-2-3-4, staff only.",
             "Thank you all for coming! " * 200,
             "Keep this quiet but the hall may close next year."]
    long_post = " ".join(parts)
    checker = default_checker()
    # Rules that weigh the whole post may rightly differ once the parts are joined.
    sentence_rules = {r.spec.id for r in checker.rules if r.spec.scope == "sentence"
                      and r.spec.category in {"confidential", "unannounced_plans"}}
    found_long = {(f.rule, f.text) for f in checker.check(long_post).findings
                  if f.rule in sentence_rules}
    found_parts = {(f.rule, f.text) for p in parts for f in checker.check(p).findings
                   if f.rule in sentence_rules}
    from rwt_desktop.core.rules import windowing

    assert len(long_post) > windowing.MIN_WINDOWED_LENGTH
    assert found_parts and found_long == found_parts


def test_sentences_are_cut_when_there_are_no_full_stops():
    from rwt_desktop.core.text import MAX_SENTENCE

    text = "lovely day at the park " * 400
    spans = Sentences(text).spans
    assert len(spans) > 1
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    assert "".join(text[s:e] for s, e in spans) == text


def test_walls_of_text_give_a_bounded_number_of_findings():
    """A paste that repeats a problem thousands of times is told about the first ones.
    (How long such pastes take is printed by scripts/bench_core.py, not timed here.)"""
    from rwt_desktop.core.checker import default_checker
    from rwt_desktop.core.rules import CompiledRule

    checker = default_checker()
    for text in ["@ab stop moaning " * 3000, "you " * 20000]:
        report = checker.check(text)
        per_rule: dict[str, int] = {}
        for f in report.findings:
            per_rule[f.rule] = per_rule.get(f.rule, 0) + 1
        assert max(per_rule.values(), default=0) <= CompiledRule.MAX_FINDINGS


@pytest.mark.slow  # a sweep: every pattern on every example
def test_word_start_triggers_never_hide_a_real_match():
    """The checker's own prefilter, as it runs: for every pattern of every shipped rule, on
    every example sentence in the policy (and each joined to a word before it), a match
    means its triggers are present, through the automaton and through the plain fallback."""
    from rwt_desktop.core.checker import default_checker
    from rwt_desktop.core.rules import Context, PhraseDetector

    checker = default_checker()
    searches = [s for r in checker.rules if isinstance(r.detector, PhraseDetector)
                for s in r.detector.searches if s.triggers is not None]
    texts = _examples()
    texts += ["re" + t for t in texts[:200]]  # a word start moved into the middle of a word
    checked = 0
    for text in texts:
        fast = Context(text, checker.policy)
        fast.trigger_universe = checker._trigger_universe
        fast.trigger_finder = checker._trigger_finder
        plain = Context(text, checker.policy)
        for search in searches:
            subject = fast.lower if search.on_lower else fast.norm
            if search.regex.search(subject):
                checked += 1
                assert fast.any_present(search.triggers), (search.pattern, text)
                assert plain.any_present(search.triggers), (search.pattern, text)
    assert checked > 100


def test_a_word_start_trigger_is_not_set_off_inside_a_word():
    from rwt_desktop.core.rules import WORD_START, Context

    ctx = Context("We repainted the hall.", builtin_policy())
    assert not ctx.any_present(frozenset({WORD_START + "pain"}))
    assert ctx.any_present(frozenset({"pain"}))
    assert Context("Pain relief", builtin_policy()).any_present(frozenset({WORD_START + "pain"}))
