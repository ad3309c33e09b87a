"""Short quotes with their place in the post, for the read-back and the record."""

from __future__ import annotations

from rwt_desktop.core.excerpts import EXCERPT_LIMIT, excerpt, line_column, quote_with_position


def test_short_text_is_kept_on_one_line() -> None:
    assert excerpt("ring  Dave\non 07700") == "ring Dave on 07700"


def test_long_text_keeps_its_start_and_end() -> None:
    text = "word " * 600
    short = excerpt(text)
    assert len(short) <= EXCERPT_LIMIT and "…" in short
    assert short.startswith("word word") and short.endswith("word")


def test_line_and_column_count_characters_from_one() -> None:
    text = "First line 🎉\nSecond line with Dave"
    assert line_column(text, 0) == (1, 1)
    assert line_column(text, text.index("Dave")) == (2, 18)
    assert line_column(text, text.index("🎉")) == (1, 12)  # an emoji is one character here


def test_quote_says_where_the_words_are() -> None:
    text = "Hello\n" + "x" * 2000 + " end"
    quoted = quote_with_position(text, 6, len(text))
    assert quoted.endswith("(line 2, column 1)") and len(quoted) < EXCERPT_LIMIT + 25
    assert quote_with_position("one line", 4, 8) == "“line” (column 5)"
