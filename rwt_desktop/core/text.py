"""Text helpers shared by the core: same-length folding, safe text and sentence bounds.

Every rule matches against :func:`normalise`'s output, which has exactly the same length as
the post, character for character, so a match's span is the span in the original text with
no mapping back. That keeps emoji, accents and control characters harmless. The other
same-length helpers (:func:`safe_text`, :func:`lower_same_length`, :func:`fold_quotes`) keep
that promise too, so any of them can be applied before matching. UTF-16 positions (Qt's,
LanguageTool's) are in :mod:`rwt_desktop.core.positions`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import cached_property

# One character in, one character out. Curly quotes and dashes become plain ones, odd spaces
# become a space, and letters that look Latin but are not (Cyrillic and Greek homoglyphs,
# full-width forms) become the Latin letter they imitate.
_SAME_LENGTH = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\t": " ", "\u2028": "\n", "\u2029": "\n",
    # Cyrillic homoglyphs
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0445": "x",
    "\u0443": "y", "\u0456": "i", "\u0458": "j", "\u0455": "s", "\u04bb": "h", "\u0501": "d",
    "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H",
    "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0425": "X", "\u0423": "Y",
    "\u0406": "I", "\u0405": "S",
    # Greek homoglyphs
    "\u03bf": "o", "\u03b1": "a", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v", "\u03c1": "p",
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0397": "H", "\u0399": "I", "\u039a": "K",
    "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T", "\u03a7": "X",
}
_TABLE = str.maketrans(_SAME_LENGTH)
# Full-width ASCII (ａ..ｚ, Ａ..Ｚ, ０..９) to plain ASCII.
_TABLE.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})


def _fold_accent(ch: str) -> str | None:
    """"é" -> "e" where the letter decomposes to one ASCII letter plus marks."""
    base = unicodedata.normalize("NFD", ch)[:1]
    return base if base != ch and base.isascii() and base.isalpha() else None


# Accented Latin letters (Latin-1 Supplement, Latin Extended-A and -B, Latin Extended
# Additional) fold to their base letter. Worked out once here, so normalise() is a single
# str.translate call with no Python code per character.
for _cp in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
    _folded = _fold_accent(chr(_cp))
    if _folded is not None:
        _TABLE.setdefault(_cp, _folded)


def normalise(text: str) -> str:
    """Return ``text`` with look-alike characters folded, keeping its length exactly."""
    return text.translate(_TABLE)


#: Curly quotes, primes, dashes and odd spaces to their plain forms: the typographic part of
#: :func:`normalise`, for text that is compared but must keep its accents and letters.
_QUOTES = str.maketrans({k: v for k, v in _SAME_LENGTH.items() if not k.isalpha()})


def fold_quotes(text: str) -> str:
    """Curly quotes and apostrophes, dashes and odd spaces made plain; same length."""
    return text.translate(_QUOTES)


def lower_same_length(text: str) -> str:
    """``text`` in lower case, keeping its length: the few characters whose lower case is
    longer (the dotted capital I becomes "i" plus a combining dot) are left as they are, so
    a span in the result is the same span in ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogates(text: str) -> int:
    """How many halves of surrogate pairs ``text`` holds (Qt strings can; UTF-8 cannot)."""
    return len(_SURROGATE.findall(text))


def safe_text(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, one for one (same length).

    A lone surrogate cannot be encoded as UTF-8, so it cannot go to Rust, over HTTP, into a
    TOML or text file or a URL; the replacement keeps every span where it was.
    """
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


# A sentence ends at . ! ? … (with any closing quotes or brackets) followed by space, or at a
# line break. Abbreviations are rare in posts and a wrong split only narrows a context window.
# (Once a regular expression, ``[.!?…]+['")\]]*(?=\s)|\n+``, which retried from every mark
# of a long run: 20,000 dots took 13 s. sentence_ends() gives the same ends in one pass.)
_ENDERS = frozenset(".!?\u2026")
_CLOSERS = frozenset("'\")]")
_CANDIDATE = re.compile(r"[.!?\u2026\n]")


def sentence_ends(text: str, examined: list[int] | None = None) -> list[int]:
    """Where each sentence ends: after a run of . ! ? … and any closing quotes or brackets
    that is followed by white space, and after a run of line breaks.

    One pass from left to right: the search for the next mark or line break starts where the
    last run ended, and each run is walked once, so every character is looked at a bounded
    number of times whatever the text. ``examined`` (a one-item list), when given, is
    increased by the number of characters looked at (the tests hold it to twice the length).
    """
    ends: list[int] = []
    n = len(text)
    i = 0
    seen = 0
    while i < n:
        m = _CANDIDATE.search(text, i)
        if m is None:
            seen += n - i
            break
        j = m.start()
        seen += j - i + 1
        k = j + 1
        if text[j] == "\n":
            while k < n and text[k] == "\n":
                k += 1
            ends.append(k)
        else:
            while k < n and text[k] in _ENDERS:
                k += 1
            while k < n and text[k] in _CLOSERS:
                k += 1
            if k < n and text[k].isspace():
                ends.append(k)
        seen += k - j
        i = k
    if examined is not None:
        examined[0] += seen
    return ends


#: Longest stretch treated as one sentence. Real sentences are far shorter; a pasted wall of
#: text with no full stops is cut at spaces, so nothing that works sentence by sentence
#: (tone, context checks) can cost more than this much per piece.
MAX_SENTENCE = 1000
_SPACE = re.compile(r"\s")


class Sentences:
    """Sentence bounds of one text, with a fast lookup from a position to its sentence."""

    def __init__(self, text: str) -> None:
        self._text = text

    @cached_property
    def spans(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        start = 0
        for end in sentence_ends(self._text):
            if self._text[start:end].strip():
                spans.append((start, end))
            start = end
        if self._text[start:].strip():
            spans.append((start, len(self._text)))
        if any(e - s > MAX_SENTENCE for s, e in spans):
            spans = [piece for span in spans for piece in self._cut(*span)]
        return spans

    def _cut(self, start: int, end: int) -> list[tuple[int, int]]:
        pieces = []
        while end - start > MAX_SENTENCE:
            # the last space in the allowed stretch, or a hard cut if there is none
            limit = start + MAX_SENTENCE
            space = self._text.rfind(" ", start + MAX_SENTENCE // 2, limit)
            if space == -1:
                space = max((m.start() for m in _SPACE.finditer(
                    self._text, start + MAX_SENTENCE // 2, limit)), default=-1)
            cut = space + 1 if space != -1 else limit
            pieces.append((start, cut))
            start = cut
        pieces.append((start, end))
        return pieces

    @cached_property
    def _starts(self) -> list[int]:
        return [s for s, _ in self.spans]

    def around(self, pos: int) -> tuple[int, int]:
        """The sentence holding ``pos`` (or the nearest one before it)."""
        spans = self.spans
        if not spans:
            return (0, len(self._text))
        i = max(bisect.bisect_right(self._starts, pos) - 1, 0)
        return spans[i]


_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# --------------------------------------------------------------------------- disguises

#: Symbols and digits read as the letters they stand for inside a word (v3rm1n, @$$, $cum).
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                       "@": "a", "$": "s", "!": "i", "|": "l"})
#: A word with a digit or symbol in it (plain words are never visited: most posts have none).
_LEET_TOKEN = re.compile(r"(?<![\w@$!|#])[^\W\d_]*+[\d@$!|_][\w@$!|]*")
#: Words that are digits with a letter or two, not disguises: 10am, 2nd, M56, A556, CW9.
_NOT_DISGUISED = re.compile(r"\d+[a-z]{0,2}|[a-z]{1,2}\d+[a-z]?|[\d!|]+|[@#]\w.*|.*!")
#: Four or more single letters with one separator between each: "k i l l", "v.e.r.m.i.n".
_SPACED = re.compile(r"(?<![\w@$])(?:[a-z0-9@$][ .\-_]){3,}[a-z0-9@$](?![\w@$])")


def undisguise(lower: str) -> tuple[str, list[tuple[int, int]]]:
    """A same-length view of lower-cased text with common disguises undone, and the runs of
    spaced-out letters it closed up.

    Inside a word, digits and symbols become the letters they imitate ("p4r4s1tes" reads
    "parasites", "@$$" reads "ass"); words that are only digits with a letter or two (10am,
    M56, CW9), @mentions and #hashtags are left alone. A row of single letters ("k i l l")
    is closed up to the left ("kill   "), so a match starts where the row starts; the caller
    stretches a match that ends inside such a row to the row's end. Every rule that matches
    phrases and patterns also looks at this view, so one normaliser serves them all.
    """
    tokens = [(m.start(), m.group()) for m in _LEET_TOKEN.finditer(lower)]
    return undisguise_found(lower, tokens, spaced_rows(lower))


def spaced_rows(lower: str) -> list[tuple[int, int, str]]:
    """Rows of four or more single characters with one separator between each."""
    return [(m.start(), m.end(), m.group()) for m in _SPACED.finditer(lower)]


def undisguise_found(lower: str, tokens: list[tuple[int, str]],
                     rows: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """:func:`undisguise` given the words with digits or symbols in them (start, text) and
    the rows of single characters (start, end, text) already found, e.g. by the swearing
    detector's scan of the same text, so a post is scanned for disguises once."""
    if not tokens and not rows:
        return lower, []
    chars = list(lower)
    changed = False
    for start, token in tokens:
        token = token.rstrip("!")
        if not token or token.isalpha() or _NOT_DISGUISED.fullmatch(token):
            continue
        if token[0] in "@#" and len(token) > 1 and (token[1].isalnum() or token[1] == "_"):
            continue
        letters = sum(c.isalpha() for c in token)
        if letters < 1 and not (len(token) >= 3 and set(token) <= set("@$")):
            continue
        if letters + sum(c in "0134572@$!|" for c in token) < 3:
            continue
        plain = token.translate(_LEET)
        if plain != token:
            chars[start:start + len(token)] = plain
            changed = True
    spans: list[tuple[int, int]] = []
    for start, end, row in rows:
        closed = row[::2].translate(_LEET)
        if len(row) != 2 * len(closed) - 1 or not closed.isalnum():
            continue
        chars[start:end] = closed + " " * (end - start - len(closed))
        spans.append((start, end))
        changed = True
    return ("".join(chars) if changed else lower), spans
