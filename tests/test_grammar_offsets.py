"""UTF-16 offsets (LanguageTool's) to Python indices: both ends, every kind of character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rwt_desktop.core.positions import Utf16Map


def u16(text: str, index: int) -> int:
    """The reference: count UTF-16 code units by encoding."""
    return len(text[:index].encode("utf-16-le", "surrogatepass")) // 2


def lt_span(text: str, word: str) -> tuple[int, int]:
    """What LanguageTool would send for ``word``: UTF-16 offset and length."""
    i = text.index(word)
    return u16(text, i), u16(text, i + len(word)) - u16(text, i)


CASES = [
    ("plain", "See you tomorow at the hall.", "tomorow"),
    ("emoji before", "🎉🎉 Party tomorow!", "tomorow"),
    ("emoji inside span", "Well done 🎉🎉 everyone", "🎉🎉"),
    ("span ending in emoji", "So proud 👏", "proud 👏"),
    ("flag (two regional indicators)", "🇬🇧 Sunday lunch 🇬🇧 tomorow", "tomorow"),
    ("flag inside span", "Go 🇬🇧 team", "🇬🇧 team"),
    ("ZWJ family", "Families 👨‍👩‍👧‍👦 welcom here", "welcom"),
    ("ZWJ rainbow flag in span", "Pride 🏳️‍🌈 parade", "🏳️‍🌈 parade"),
    ("combining accents", "Cafe\u0301 and nai\u0308ve crepes tomorow", "tomorow"),
    ("combining accent in span", "the cafe\u0301 is open", "cafe\u0301"),
    ("skin tone", "Thanks 👍🏽 evryone", "evryone"),
    ("astral CJK", "𠮷野家 lunch tomorow", "tomorow"),
    ("RTL mark", "Eid \u200fMubarak tomorow", "tomorow"),
]


@pytest.mark.parametrize(("label", "text", "word"), CASES, ids=[c[0] for c in CASES])
def test_both_ends_of_a_languagetool_span(label: str, text: str, word: str) -> None:
    offset, length = lt_span(text, word)
    start, end = Utf16Map(text).span_to_index(offset, length)
    assert text[start:end] == word


@pytest.mark.parametrize(("label", "text", "word"), CASES, ids=[c[0] for c in CASES])
def test_python_to_utf16_is_the_inverse(label: str, text: str, word: str) -> None:
    start = text.index(word)
    assert Utf16Map(text).span_to_utf16(start, start + len(word)) == lt_span(text, word)


def test_converting_only_the_start_would_be_wrong() -> None:
    """Why both ends: the library's start-only fix leaves the end one unit long per emoji."""
    text = "Well done 🎉🎉 everyone"
    offset, length = lt_span(text, "🎉🎉")
    start = Utf16Map(text).to_index(offset)
    assert text[start:start + length] != "🎉🎉"  # length 4 in UTF-16, 2 in Python
    assert text[slice(*Utf16Map(text).span_to_index(offset, length))] == "🎉🎉"


def test_half_a_surrogate_pair_rounds_outwards() -> None:
    text = "a🎉b"
    conv = Utf16Map(text)
    assert conv.length_utf16 == 4
    assert conv.to_index(2) == 1  # inside the pair: down to the emoji's start
    assert conv.to_index(2, round_up=True) == 2  # or up past it
    assert conv.span_to_index(2, 1) == (1, 2)  # a span cut through the emoji covers all of it


def test_out_of_range_is_clamped() -> None:
    conv = Utf16Map("hi 🎉")
    assert conv.span_to_index(-5, 2) == (0, 0)
    assert conv.span_to_index(3, 99) == (3, 4)
    assert conv.span_to_index(99, 5) == (4, 4)
    assert conv.to_utf16(99) == 5
    assert Utf16Map("").span_to_index(0, 3) == (0, 0)


@settings(deadline=None)  # no per-example time limit: the machines are shared and noisy
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
       st.data())
def test_round_trip_matches_encoding(text: str, data: st.DataObject) -> None:
    conv = Utf16Map(text)
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    assert conv.to_utf16(i) == u16(text, i)
    assert conv.span_to_index(u16(text, i), u16(text, j) - u16(text, i)) == (i, j)
