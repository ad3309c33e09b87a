"""UTF-16 offsets (LanguageTool's, Java's, Qt's) to Python ``str`` indices and back.

LanguageTool counts positions in UTF-16 code units, so every character outside the Basic
Multilingual Plane (most emoji, the parts of a flag, some CJK) counts two there and one in
Python. language-tool-python corrects only a match's start, so a span ending after an emoji
would come out one too long; this module converts *both* ends, and is the only place that
does. Combining accents and ZWJ sequences need nothing special: each of their code points
is one Python index and one UTF-16 unit (they are all in the BMP except the emoji they join).

Text with no astral character (most posts) is the identity and costs one regex scan.
"""

from __future__ import annotations

import bisect
import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Converts between UTF-16 offsets and Python indices for one text."""

    __slots__ = ("_astral_py", "_astral_u16", "length", "length_utf16")

    def __init__(self, text: str) -> None:
        #: Python index of each astral character, and its UTF-16 offset.
        self._astral_py: list[int] = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_u16: list[int] = [i + k for k, i in enumerate(self._astral_py)]
        self.length = len(text)
        self.length_utf16 = len(text) + len(self._astral_py)

    def to_utf16(self, index: int) -> int:
        """The UTF-16 offset of Python index ``index`` (clamped to the text)."""
        index = min(max(index, 0), self.length)
        return index + bisect.bisect_left(self._astral_py, index)

    def to_index(self, offset: int, *, round_up: bool = False) -> int:
        """The Python index of UTF-16 offset ``offset`` (clamped to the text).

        An offset between the two halves of a surrogate pair is not a character boundary:
        it rounds down to the start of that character, or up past it with ``round_up``,
        so a span converted with :meth:`span` always covers whole characters.
        """
        offset = min(max(offset, 0), self.length_utf16)
        if not self._astral_u16:
            return offset
        # Astral characters that start before ``offset``; the last may be cut in half.
        k = bisect.bisect_left(self._astral_u16, offset)
        if k and self._astral_u16[k - 1] + 1 == offset:  # inside a surrogate pair
            start = self._astral_py[k - 1]
            return start + 1 if round_up else start
        return offset - k

    def span(self, offset: int, length: int) -> tuple[int, int]:
        """Python ``(start, end)`` of a UTF-16 ``(offset, length)`` span, both ends converted."""
        start = self.to_index(offset)
        end = self.to_index(offset + max(length, 0), round_up=True)
        return start, max(start, end)


def utf16_span_to_python(text: str, offset: int, length: int) -> tuple[int, int]:
    """One-off conversion; build a :class:`Utf16Offsets` when converting many spans."""
    return Utf16Offsets(text).span(offset, length)


def python_span_to_utf16(text: str, start: int, end: int) -> tuple[int, int]:
    """UTF-16 ``(offset, length)`` of the Python span ``text[start:end]``."""
    conv = Utf16Offsets(text)
    u_start = conv.to_utf16(start)
    return u_start, conv.to_utf16(end) - u_start
