"""The core's one set of text helpers: UTF-16 positions, safe text, same-length folding,
and the one reader of lists of texts in the rules' options."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rwt_desktop.core.judgement import MAX_SENTENCE, MAX_UNIT, units
from rwt_desktop.core.policy import PolicyError, builtin_policy
from rwt_desktop.core.positions import Utf16Map, utf16_length
from rwt_desktop.core.reading import text_list
from rwt_desktop.core.rules.options import option_table, option_texts
from rwt_desktop.core.text import fold_quotes, lone_surrogates, lower_same_length, safe_text
from rwt_desktop.gui.positions import PositionMap

# Emoji (astral), lone surrogates, combining marks and letters whose case changes length.
TEXT = st.text(alphabet=st.sampled_from(
    [*"ab ’“—\u00a0İßﬁ", "\U0001f600", "\U0001f1ec", "\ud800", "\udfff", "\u0301"]),
    max_size=30)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_utf16_positions_are_what_utf16_counts(text: str) -> None:
    m = Utf16Map(text)
    assert m.length_utf16 == utf16_length(text) == _units(text)
    for i in range(len(text) + 1):
        assert m.to_utf16(i) == _units(text[:i])
        assert m.to_index(m.to_utf16(i)) == i
    assert m.identity == (m.length_utf16 == len(text))


def test_a_position_inside_an_emoji_rounds_to_a_whole_character() -> None:
    m = Utf16Map("a\U0001f600b")
    assert m.to_index(2) == 1  # between the two halves: back to the emoji's start
    assert m.to_index(2, round_up=True) == 2
    assert m.span_to_index(1, 1) == (1, 2)  # half an emoji still covers all of it
    assert m.span_to_utf16(1, 3) == (1, 3)
    assert m.to_utf16(99) == 4 and m.to_index(-5) == 0


def test_the_window_uses_the_same_map() -> None:
    text = "hi \U0001f600 there"
    pm, core = PositionMap(text), Utf16Map(text)
    assert isinstance(pm, Utf16Map)
    assert [pm.to_qt(i) for i in range(len(text) + 1)] == \
        [core.to_utf16(i) for i in range(len(text) + 1)]
    assert (pm.py_length, pm.qt_length) == (len(text), len(text) + 1)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_the_same_length_helpers_keep_every_span(text: str) -> None:
    for helper in (safe_text, lower_same_length, fold_quotes):
        assert len(helper(text)) == len(text)
    safe = safe_text(text)
    safe.encode("utf-8")  # never raises
    assert lone_surrogates(safe) == 0
    assert lone_surrogates(text) == sum("\ud800" <= c <= "\udfff" for c in text)


def test_what_the_helpers_change() -> None:
    assert safe_text("a\ud800b") == "a\ufffdb"
    assert safe_text("plain") == "plain"
    assert lower_same_length("İSTANBUL Café") == "İstanbul café"
    assert fold_quotes("‘It’s “fine” – really’") == "'It's \"fine\" - really'"
    assert fold_quotes("é ф ｆ") == "é ф ｆ", "letters are left alone"


def test_one_text_counts_as_a_list_and_anything_else_is_refused() -> None:
    assert text_list("one", "x", ValueError) == ["one"]
    assert text_list(["a", "b"], "x", ValueError) == ["a", "b"]
    with pytest.raises(ValueError, match="words should be a list of texts in quotes"):
        text_list(["a", 3], "words", ValueError)


def test_a_bad_option_names_the_rule() -> None:
    spec = dataclasses.replace(builtin_policy().rules[0],
                               options={"never": [" Fine ", "", "OK"], "near": {"A": "B"},
                                        "broken": 7})
    assert option_texts(spec, "never") == ("Fine", "OK")
    assert option_texts(spec, "never", lower=True) == ("fine", "ok")
    assert option_texts(spec, "missing") == ()
    assert option_table(spec, "near") == {"a": ["b"]}
    with pytest.raises(PolicyError, match=re.escape(f'rule "{spec.id}": options.broken should be')):
        option_texts(spec, "broken")
    with pytest.raises(PolicyError, match=r"options\.broken should be a table"):
        option_table(spec, "broken")


def test_a_sentence_longer_than_a_unit_is_cut_into_runs_of_spans() -> None:
    long_end = MAX_UNIT + MAX_SENTENCE + 10
    runs = units([(0, 5), (5, 5 + long_end), (5 + long_end, 20 + long_end)])
    assert all(isinstance(span, tuple) for run in runs for span in run)
    assert runs[0] == [(0, 5)]
    assert runs[1][0] == (5, 5 + MAX_SENTENCE)
    assert runs[-1] == [(5 + long_end, 20 + long_end)]
