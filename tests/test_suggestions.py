"""Fixes are text, advice is advice: every suggestion of every rule is replacement words.

A suggestion is what a button puts into the post in place of the flagged words, so it must
read as words that fit there, not as a sentence telling the writer what to do. Advice goes
in ``Finding.advice`` and is only ever shown.
"""

from __future__ import annotations

import re

import pytest
from image_examples import parse_example

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.findings import Finding

#: Words that open a sentence of advice rather than replacement words.
IMPERATIVES = {
    "take", "say", "remove", "ask", "check", "consider", "use", "try", "avoid", "add",
    "keep", "leave", "make", "think", "don't", "do", "please", "call", "ring", "contact",
    "send", "email", "message", "tell", "write", "change", "replace", "delete", "rephrase",
    "reword", "explain", "mention", "include", "put", "get", "find", "give", "let",
}
#: Longer than this is a sentence, not a few words in place of a few words.
MAX_LENGTH = 60
MAX_WORDS = 8
OPTIONS = {"personal_account": True}


def _examples() -> list[tuple[str, str]]:
    checker = default_checker()
    return [(spec.id, example) for spec in checker.policy.rules for example in spec.must_flag]


def _suggesting() -> list[tuple[str, str, Finding, str]]:
    """(rule, example text, finding, suggestion) for every suggestion of every example."""
    checker = default_checker()
    out = []
    for rule, example in _examples():
        text, attachments = parse_example(example)
        report = checker.check(text, attachments=attachments, options=OPTIONS)
        for finding in report.findings:
            for suggestion in finding.suggestions:
                out.append((rule, example, finding, suggestion))
    return out


SUGGESTIONS = _suggesting()


def test_the_rules_do_offer_suggestions() -> None:
    rules = {f.rule for _, _, f, _ in SUGGESTIONS}
    assert len(SUGGESTIONS) >= 30 and len(rules) >= 8


@pytest.mark.parametrize(("rule", "example", "finding", "suggestion"), SUGGESTIONS,
                         ids=[f"{f.rule}:{s}" for _, _, f, s in SUGGESTIONS])
def test_each_suggestion_is_replacement_words(rule: str, example: str, finding: Finding,
                                              suggestion: str) -> None:
    first = re.split(r"\s+", suggestion.strip())[0].lower().strip("\"'“”")
    assert first not in IMPERATIVES, f"{suggestion!r} reads as advice"
    assert len(suggestion) <= MAX_LENGTH and len(suggestion.split()) <= MAX_WORDS, suggestion
    assert not re.search(r"[.!?]\s+\S", suggestion), f"{suggestion!r} is more than one sentence"
    assert suggestion.strip() == suggestion and suggestion


@pytest.mark.parametrize(("rule", "example", "finding", "suggestion"), SUGGESTIONS,
                         ids=[f"{f.rule}:{s}" for _, _, f, s in SUGGESTIONS])
def test_applying_a_suggestion_changes_the_post_and_the_finding(
        rule: str, example: str, finding: Finding, suggestion: str) -> None:
    text, attachments = parse_example(example)
    fixed = text[:finding.start] + suggestion + text[finding.end:]
    assert fixed != text
    after = default_checker().check(fixed, attachments=attachments, options=OPTIONS)
    same = [f for f in after.findings if f.rule == finding.rule and f.start == finding.start
            and f.text == finding.text and f.message == finding.message]
    assert same == [], f"{suggestion!r} left {finding.rule} as it was in {fixed!r}"


def test_tone_reframing_is_advice_not_a_button() -> None:
    text = "Shame on whoever left their rubbish by the gate, absolutely disgusting behaviour."
    report = default_checker().check(text)
    tone = [f for f in report.findings if f.rule == "tone.negative"]
    assert tone, report.findings
    for f in tone:
        assert f.suggestions == ()
        assert f.advice
    assert all(s.advice for s in report.tone.sentences)
    assert "suggestion" not in report.tone.to_dict()["sentences"][0]


def test_rules_in_the_data_keep_advice_out_of_suggestions() -> None:
    """The data's own suggestion lists (also those no example reaches) are words too."""
    for spec in default_checker().policy.rules:
        lists = [spec.suggestions, *(v.suggestions for v in spec.variants.values()),
                 *spec.replacements.values()]
        for suggestion in (s for lst in lists for s in lst):
            words = suggestion.split()
            # A short verb phrase in place of a verb phrase ("use wheelchairs" for "are
            # confined to wheelchairs") is words; a longer one opening with a command is advice.
            if len(words) >= 4 or suggestion.endswith("."):
                assert words[0].lower() not in IMPERATIVES, (spec.id, suggestion)
            assert len(suggestion) <= MAX_LENGTH, (spec.id, suggestion)
