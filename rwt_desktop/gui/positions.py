"""Python string indices <-> Qt document positions, for the window.

The core reports spans as Python ``str`` indices (code points); Qt counts UTF-16 code units.
The arithmetic is the core's :class:`~rwt_desktop.core.positions.Utf16Map` (the grammar
checker's LanguageTool offsets use the same one); this module gives it the window's names
and keeps the underlines on their words while the person types (:func:`shift_ranges`).

The line breaks Qt rewrites in ``toPlainText()`` (U+2029, U+2028) are one unit each, so
lengths agree apart from astral characters.
"""

from __future__ import annotations

from collections.abc import Iterable

from rwt_desktop.core.positions import Utf16Map, utf16_length

__all__ = ["PositionMap", "qt_length", "shift_ranges"]


class PositionMap(Utf16Map):
    """Converts between Python indices and Qt positions for one snapshot of a text."""

    __slots__ = ()

    @property
    def py_length(self) -> int:
        return self.length

    @property
    def qt_length(self) -> int:
        return self.length_utf16

    def to_qt(self, index: int) -> int:
        """The Qt position of Python index ``index`` (clamped to the text)."""
        return self.to_utf16(index)

    def to_py(self, position: int) -> int:
        """The Python index of Qt position ``position``; a position between the two halves
        of a surrogate pair rounds down to the start of the character."""
        return self.to_index(position)

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_py(self, start: int, end: int) -> tuple[int, int]:
        return self.to_index(start), self.to_index(end)


def qt_length(text: str) -> int:
    """How many UTF-16 code units Qt uses for ``text``."""
    return utf16_length(text)


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
