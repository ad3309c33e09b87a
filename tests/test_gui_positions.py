"""Python indices <-> Qt positions, checked against a real QTextDocument."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rwt_desktop.gui.positions import PositionMap, qt_length, shift_ranges

pytestmark = pytest.mark.gui


def test_bmp_text_is_identity() -> None:
    pm = PositionMap("Hello, Northwich! é ü ß")
    assert pm.identity
    assert [pm.to_qt(i) for i in range(5)] == list(range(5))


def test_astral_characters_take_two_qt_positions() -> None:
    text = "a😀b👍🏽c"  # 😀 and 👍 and the skin-tone modifier are all astral
    pm = PositionMap(text)
    assert pm.qt_length == qt_length(text) == len(text.encode("utf-16-le")) // 2
    assert pm.to_qt(0) == 0
    assert pm.to_qt(1) == 1  # start of 😀
    assert pm.to_qt(2) == 3  # b
    assert pm.to_qt(3) == 4  # 👍
    assert pm.to_qt(4) == 6  # 🏽
    assert pm.to_qt(5) == 8  # c
    assert pm.to_qt(6) == 9  # end
    assert [pm.to_py(q) for q in range(10)] == [0, 1, 1, 2, 3, 3, 4, 4, 5, 6]


def test_out_of_range_is_clamped() -> None:
    pm = PositionMap("😀x")
    assert pm.to_qt(-3) == 0
    assert pm.to_qt(99) == 3
    assert pm.to_py(99) == 2


def test_lone_surrogates_and_zwj_sequences() -> None:
    text = "\ud800x👩\u200d👩\u200d👧 y"
    pm = PositionMap(text)
    assert pm.qt_length == len(text.encode("utf-16-le", "surrogatepass")) // 2
    y = text.index("y")
    assert pm.to_py(pm.to_qt(y)) == y


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_round_trip_matches_utf16(text: str) -> None:
    pm = PositionMap(text)
    for i in range(len(text) + 1):
        q = pm.to_qt(i)
        assert q == len(text[:i].encode("utf-16-le")) // 2
        assert pm.to_py(q) == i


def test_positions_agree_with_qt_document(qapp) -> None:
    from PySide6.QtGui import QTextCursor, QTextDocument

    text = "🎉🎉 Thanks to 👨‍👩‍👧 the volunteers\nand 𝒻𝒶𝓃𝒸𝓎 letters"
    doc = QTextDocument()
    doc.setPlainText(text)
    pm = PositionMap(text)
    for word in ("Thanks", "volunteers", "letters", "and"):
        start = text.index(word)
        a, b = pm.span_to_qt(start, start + len(word))
        cursor = QTextCursor(doc)
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == word


def test_shift_ranges_follows_typing() -> None:
    ranges = [(10, 15, "a"), (20, 25, "b")]
    # Typing 3 characters before both moves both.
    assert shift_ranges(ranges, 0, 0, 3) == [(13, 18, "a"), (23, 28, "b")]
    # Typing at the end of the first leaves it alone.
    assert shift_ranges(ranges, 15, 0, 1) == [(10, 15, "a"), (21, 26, "b")]
    # Typing inside stretches it.
    assert shift_ranges(ranges, 12, 0, 2) == [(10, 17, "a"), (22, 27, "b")]
    # Deleting part of it shrinks it.
    assert shift_ranges(ranges, 12, 2, 0) == [(10, 13, "a"), (18, 23, "b")]
    # Replacing exactly the flagged text drops it until the next check.
    assert shift_ranges(ranges, 10, 5, 7) == [(22, 27, "b")]
    # Deleting across the start keeps what is left.
    assert shift_ranges(ranges, 8, 4, 0) == [(8, 11, "a"), (16, 21, "b")]
