"""Every rule carries its own must-flag and must-pass examples, and they all hold.

The examples live with the rule in resources/rules/*.toml; this runs each one through the
full check, so a rule is judged alongside every other rule, the way a post is.
"""

from __future__ import annotations

import re

import pytest
from image_examples import parse_example

from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.resources_path import read_text

POLICY = builtin_policy()
ALL_CHANNELS = [ch.id for ch in POLICY.channels]
RULES = [r for r in POLICY.rules if r.enabled]


def _cases(kind: str):
    for rule in RULES:
        for i, example in enumerate(getattr(rule, kind)):
            yield pytest.param(rule.id, example, id=f"{rule.id}-{i}")


def test_rules_are_loaded():
    assert len(RULES) >= 1
    assert len({r.id for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_examples(rule):
    assert len(rule.must_flag) >= 3, f"{rule.id} ({rule.file}) needs 3+ must_flag examples"
    assert len(rule.must_pass) >= 3, f"{rule.id} ({rule.file}) needs 3+ must_pass examples"


def _assert_findings_are_well_formed(text, findings):
    """What every finding promises: its span is its text (an image finding has an empty
    span and names its picture), and its message has no unfilled {placeholder}."""
    for f in findings:
        if f.image:
            assert f.start == f.end == 0 and f.text == ""
        else:
            assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.text
        assert not re.search(r"\{[a-z_]+\}", f.message), (f.rule, f.message)


def _options(rule_id: str) -> dict[str, bool]:
    """A rule that runs only with an option (``when``) is judged with that option on."""
    when = POLICY.rule(rule_id).when
    return {when: True} if when else {}


@pytest.mark.parametrize(("rule_id", "example"), list(_cases("must_flag")))
def test_must_flag(rule_id, example):
    text, attachments = parse_example(example)
    report = default_checker().check(text, ALL_CHANNELS, options=_options(rule_id),
                                     attachments=attachments)
    _assert_findings_are_well_formed(text, report.findings)
    fired = {f.rule for f in report.findings}
    assert rule_id in fired, f"{rule_id} did not flag {example!r}; got {sorted(fired)}"


@pytest.mark.parametrize(("rule_id", "example"), list(_cases("must_pass")))
def test_must_pass(rule_id, example):
    text, attachments = parse_example(example)
    report = default_checker().check(text, ALL_CHANNELS, options=_options(rule_id),
                                     attachments=attachments)
    _assert_findings_are_well_formed(text, report.findings)
    hits = [f for f in report.findings if f.rule == rule_id]
    assert not hits, f"{rule_id} flagged {example!r}: {[f.text for f in hits]}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.when], ids=lambda r: r.id)
def test_option_rules_stay_quiet_without_their_option(rule):
    for example in rule.must_flag:
        text, attachments = parse_example(example)
        report = default_checker().check(text, ALL_CHANNELS, attachments=attachments)
        assert rule.id not in {f.rule for f in report.findings}


def _squash(text: str) -> str:
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"',
                                         "\u201d": '"', "\u2013": "-", "\u2014": "-"}))
    return re.sub(r"\s+", " ", text).strip().lower()


POLICY_TEXT = _squash(read_text("policy.txt"))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_clause_is_quoted_from_the_policy(rule):
    """The clause a finding quotes must be the policy's own words, so "Why?" can find it."""
    assert _squash(rule.clause) in POLICY_TEXT, f"{rule.id}: {rule.clause!r} is not in the policy"
