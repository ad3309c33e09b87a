"""The rule engine's own mechanics: phrases, context filters and the regex shortcut."""

from __future__ import annotations

import re

import pytest

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
        ([phrases_regex(["keep this quiet", "hush-hush"])], {"keep", "hush"}),
        ([r"\bpart (?:two|2)"], {"part "}),
    ],
)
def test_literal_triggers(patterns, expected):
    assert literal_triggers(patterns) == expected


@pytest.mark.parametrize("patterns", [[r"[a-z]+ing"], [r"\bab"], [r"(?:the )?record"],
                                      [r"\bcat", r"\w+ly"]])
def test_no_trigger_when_a_pattern_can_start_anywhere(patterns):
    assert literal_triggers(patterns) is None


def test_triggers_never_hide_a_real_match():
    """Whatever a pattern matches starts with one of its triggers (lower-cased)."""
    patterns = [r"\bconfidential(?:ly)?\b", r"(?<!\w)(?:FRAUD|thie(?:f|ves))\b", r"secret"]
    triggers = literal_triggers(patterns)
    rx = re.compile("|".join(patterns), re.I)
    for text in ["CONFIDENTIALLY", "Thieves!", "a Fraud", "top-secret"]:
        assert rx.search(text)
        assert any(t in text.lower() for t in triggers)


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
