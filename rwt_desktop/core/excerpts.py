"""Short quotes of a post with their place in it, for lists a person reads.

A finding can cover thousands of characters (everything past X's limit in a long post); a
list that quotes it whole becomes a wall of text. :func:`excerpt` keeps the start and end of
long spans with "…" between, and :func:`quote_with_position` says where the words are as
"line 3, column 12" (counted in characters, from 1), the way a text editor would.
"""

from __future__ import annotations

#: Longest quote, in characters, before it is shortened with "…".
EXCERPT_LIMIT = 60


def excerpt(text: str, limit: int = EXCERPT_LIMIT) -> str:
    """``text`` on one line, shortened to at most ``limit`` characters with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = (limit - 1) * 2 // 3
    tail = limit - 1 - head
    return flat[:head].rstrip() + "…" + flat[len(flat) - tail:].lstrip()


def line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``."""
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def position(text: str, start: int) -> str:
    """"line 3, column 12", or "column 12" for a post of one line."""
    line, column = line_column(text, start)
    if "\n" not in text:
        return f"column {column}"
    return f"line {line}, column {column}"


def quote_with_position(text: str, start: int, end: int, limit: int = EXCERPT_LIMIT) -> str:
    """"“the flagged words…” (line 3, column 12)" for ``text[start:end]``."""
    return f"“{excerpt(text[start:end], limit)}” ({position(text, start)})"
