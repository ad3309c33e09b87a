"""Python string indices <-> UTF-16 positions (Qt's, LanguageTool's, Java's), in one place.

The core reports spans as Python ``str`` indices (code points). Qt and LanguageTool count
UTF-16 code units, so every character outside the Basic Multilingual Plane (most emoji, the
parts of a flag, some CJK, maths letters) takes two positions there and one in Python.
Every conversion goes through :class:`Utf16Map`; nothing else does this arithmetic.

Lone surrogates in a Python string are one code point and one UTF-16 unit, so they need no
correction, and combining accents and ZWJ sequences need nothing special: each of their code
points is one index and one unit. Text with no astral character (most posts) is the identity
and costs one regular-expression scan.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["Utf16Map", "utf16_length"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes (Qt's and Twitter's length)."""
    return len(text) + len(_ASTRAL.findall(text))


class Utf16Map:
    """Converts between Python indices and UTF-16 positions for one snapshot of a text."""

    __slots__ = ("_astral_py", "_astral_u16", "length", "length_utf16")

    def __init__(self, text: str) -> None:
        #: Python index of each astral character, ascending, and its UTF-16 position.
        self._astral_py: list[int] = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_u16: list[int] = [i + k for k, i in enumerate(self._astral_py)]
        self.length = len(text)
        self.length_utf16 = len(text) + len(self._astral_py)

    @property
    def identity(self) -> bool:
        """True when Python and UTF-16 count the same (no astral characters)."""
        return not self._astral_py

    def to_utf16(self, index: int) -> int:
        """The UTF-16 position of Python index ``index`` (clamped to the text)."""
        index = min(max(index, 0), self.length)
        return index + bisect.bisect_left(self._astral_py, index)

    def to_index(self, position: int, *, round_up: bool = False) -> int:
        """The Python index of UTF-16 position ``position`` (clamped to the text).

        A position between the two halves of a surrogate pair is not a character boundary:
        it rounds down to the start of that character, or up past it with ``round_up``, so a
        span never splits an emoji.
        """
        position = min(max(position, 0), self.length_utf16)
        if not self._astral_u16:
            return position
        # Astral characters that start before ``position``; the last may be cut in half.
        k = bisect.bisect_left(self._astral_u16, position)
        if k and self._astral_u16[k - 1] + 1 == position:  # inside a surrogate pair
            start = self._astral_py[k - 1]
            return start + 1 if round_up else start
        return position - k

    def span_to_index(self, offset: int, length: int) -> tuple[int, int]:
        """Python ``(start, end)`` of a UTF-16 ``(offset, length)`` span, covering whole
        characters (both ends converted: a span ending after an emoji keeps its length)."""
        start = self.to_index(offset)
        end = self.to_index(offset + max(length, 0), round_up=True)
        return start, max(start, end)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """UTF-16 ``(offset, length)`` of the Python span ``[start, end)``."""
        u_start = self.to_utf16(start)
        return u_start, self.to_utf16(end) - u_start
