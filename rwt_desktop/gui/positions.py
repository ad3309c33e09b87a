"""Python string indices <-> Qt document positions, in one place.

The core reports spans as Python ``str`` indices (code points). Qt counts UTF-16 code units,
so every character outside the Basic Multilingual Plane (most emoji, some CJK, maths letters)
takes two positions in the document and one in Python. All conversions in the window go
through :class:`PositionMap`; nothing else does this arithmetic.

Lone surrogates in a Python string are one code point and one UTF-16 unit, so they need no
correction, and the line breaks Qt rewrites in ``toPlainText()`` (U+2029, U+2028) are all
one unit each: lengths agree apart from astral characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class PositionMap:
    """Converts between Python indices and Qt positions for one snapshot of a text."""

    __slots__ = ("_astral", "_qt_mid", "py_length", "qt_length")

    def __init__(self, text: str) -> None:
        #: Python indices of astral characters, ascending.
        self._astral: list[int] = [m.start() for m in _ASTRAL.finditer(text)]
        #: Qt position of the low surrogate of each astral character.
        self._qt_mid: list[int] = [i + k + 1 for k, i in enumerate(self._astral)]
        self.py_length = len(text)
        self.qt_length = len(text) + len(self._astral)

    @property
    def identity(self) -> bool:
        """True when Python and Qt count the same (no astral characters)."""
        return not self._astral

    def to_qt(self, index: int) -> int:
        """The Qt position of Python index ``index`` (clamped to the text)."""
        index = max(0, min(index, self.py_length))
        return index + bisect_left(self._astral, index)

    def to_py(self, position: int) -> int:
        """The Python index of Qt position ``position``.

        A position between the two halves of a surrogate pair rounds down to the start of the
        character, so a span never splits an emoji.
        """
        position = max(0, min(position, self.qt_length))
        return position - bisect_right(self._qt_mid, position)

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_to_py(self, start: int, end: int) -> tuple[int, int]:
        return self.to_py(start), self.to_py(end)


def qt_length(text: str) -> int:
    """How many UTF-16 code units Qt uses for ``text``."""
    return len(text) + len(_ASTRAL.findall(text))


def shift_ranges(ranges: Iterable[tuple[int, int, object]], position: int, removed: int,
                 added: int) -> list[tuple[int, int, object]]:
    """Move Qt-position ranges to follow an edit at ``position`` (``removed`` then ``added``).

    Used between checks so the underlines stay on the words they belong to while the person
    types; the next check replaces them with exact ones. A range the edit touches in part
    stretches or shrinks with it; a range wholly replaced or removed is dropped.
    """
    delta = added - removed
    edit_end = position + removed
    out: list[tuple[int, int, object]] = []
    for start, end, data in ranges:
        if end <= position:
            out.append((start, end, data))
        elif start >= edit_end:
            out.append((start + delta, end + delta, data))
        elif start >= position and end <= edit_end:
            continue  # the flagged text was replaced or deleted as a whole
        else:
            # The edit overlaps part of this range.
            new_start = min(start, position)
            new_end = max(position + added, end + delta) if end > edit_end else position + added
            if new_end > new_start:
                out.append((new_start, new_end, data))
    return out
