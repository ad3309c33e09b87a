"""The weighted length of a post on X (twitter-text's ``parseTweet``): NFC first, links at
their fixed length, each emoji sequence as one default-weight character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from rwt_desktop.core.twitter_text.config import TwitterTextConfig, Weigher, default_config
from rwt_desktop.core.twitter_text.urls import extract_urls

# A good-enough recogniser of emoji sequences (UTS #51), not twitter-text's generated list of
# every sequence: a keycap, a flag (two regional indicators), a subdivision flag (black flag and
# tag characters), © and ® only with the emoji variation selector (they are text by default),
# and any pictograph with an optional variation selector or skin tone, joined by ZWJs to more
# of the same. Each match counts as one default-weight character. Every pictograph outside the
# weight-100 ranges weighs the default anyway, so the recogniser matters only for what is
# joined on (ZWJ weighs 1, FE0F 2, a skin tone 2) and for ©, ® and keycaps, which start in the
# Latin range.
_RI = "\U0001f1e6-\U0001f1ff"
_SKIN = "\U0001f3fb-\U0001f3ff"
_PICT = (
    "\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u2388\u23cf"
    "\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf"
    "\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001f1e5\U0001f200-\U0001faff"
)
_ELEMENT = f"[{_PICT}](?:\ufe0f|[{_SKIN}])?"
# The pattern starts with one character class (anything an emoji can start with) and then
# checks with look-behinds which kind it started: a single leading class lets the regex engine
# skip plain text in C, which makes this about three times faster on ordinary posts.
#: Runs of ASCII characters, and runs of those that cannot start an emoji (keycaps start
#: with #, * or a digit).
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
_ASCII_NO_KEYCAP = re.compile(r"[\x00-\x22\x24-\x29\x2b-\x2f\x3a-\x7f]+")

EMOJI_RE = re.compile(
    f"[\u00a9\u00ae#*0-9\ufe0f{_PICT}{_RI}]"
    "(?:(?<=\U0001f3f4)[\U000e0020-\U000e007e]+\U000e007f"  # subdivision flags (England)
    f"|(?<=[{_RI}])[{_RI}]"  # country flags: two regional indicators
    "|(?<=[#*0-9])\ufe0f?\u20e3"  # keycaps
    "|(?<=[\u00a9\u00ae])\ufe0f"  # (c) and (r) drawn as emoji
    f"|(?<=[{_PICT}])(?:\ufe0f|[{_SKIN}])?(?:\u200d{_ELEMENT})*"  # pictographs, ZWJ sequences
    f"|(?<=[{_RI}])"  # a lone regional indicator
    "|(?<=\ufe0f))"  # a stray emoji variation selector
)
# Cheap pre-check: the characters any emoji above starts with or contains.
_EMOJI_HINT = re.compile(f"[\u00a9\u00ae\u20e3\ufe0f{_PICT}{_RI}]")


def find_emoji(text: str) -> list[tuple[int, int]]:
    """Spans of the emoji sequences in ``text``, each of which counts as one on X."""
    if text.isascii() or not _EMOJI_HINT.search(text):
        return []
    return [m.span() for m in EMOJI_RE.finditer(text)]


_INVALID = re.compile("[\ufffe\ufeff\uffff]")


@dataclass(frozen=True, slots=True)
class TweetLength:
    """What twitter-text's ``parseTweet`` reports, with positions as Python indices."""

    #: The weighted length X shows (280 is the limit).
    weighted_length: int
    #: Thousandths of the limit used (twitter-text's ``permillage``).
    permillage: int
    #: Fits the limit, is not empty and has no invalid characters.
    valid: bool
    #: ``text[:fit_end]`` is the longest start of the ORIGINAL text that fits the limit.
    fit_end: int
    #: Like ``fit_end`` but also stopping at the first invalid character (``validRangeEnd``).
    valid_end: int
    #: The NFC form that was counted, and ``valid_end`` in it (for conformance figures).
    normalized: str
    normalized_valid_end: int


def _nfc(text: str) -> str:
    try:
        if unicodedata.is_normalized("NFC", text):
            return text
        return unicodedata.normalize("NFC", text)
    except (ValueError, TypeError):  # pragma: no cover - str always normalises
        return text


def original_index(text: str, normalized: str, index: int) -> int:
    """Where the ``index``-th character of ``normalized`` (NFC of ``text``) came from.

    Identity for text that is already NFC; otherwise a binary search over the NFC lengths of
    the text's prefixes (normalisation only ever changes characters locally).
    """
    if normalized is text or normalized == text:
        return min(index, len(text))
    if index >= len(normalized):
        return len(text)
    if index <= 0:
        return 0
    # NFC at most triples a character or merges three into one, so the answer is almost
    # always below 4 * index + 4: search there first, the whole text only if it is not.
    hi = min(len(text), 4 * index + 4)
    if hi < len(text) and len(unicodedata.normalize("NFC", text[:hi])) <= index:
        hi = len(text)
    lo = 0  # smallest o with len(NFC(text[:o + 1])) > index
    while lo < hi:
        mid = (lo + hi) // 2
        if len(unicodedata.normalize("NFC", text[:mid + 1])) > index:
            hi = mid
        else:
            lo = mid + 1
    return min(lo, len(text))


class TwitterCounter:
    """Counts posts under one configuration (the regexes and weights worked out once)."""

    def __init__(self, config: TwitterTextConfig | None = None) -> None:
        self.config = config or default_config()
        self._weigher = Weigher(self.config)
        # A private-use character that weighs the default: an emoji sequence replaced by it
        # weighs exactly what the sequence should, so one C-level sub() does the discounting.
        self._stand_in = next((chr(cp) for cp in range(0xE000, 0xF900)
                               if self._weigher.weight_of(cp) == self.config.default_weight),
                              None)

    def _segment_weight(self, s: str) -> int:
        if self.config.emoji_parsing_enabled and not s.isascii() and _EMOJI_HINT.search(s):
            # Each emoji sequence weighs one default character instead of its parts.
            if self._stand_in is not None:
                return self._weigher.total(EMOJI_RE.sub(self._stand_in, s))
            emoji = EMOJI_RE.findall(s)
            return (self._weigher.total(s) + len(emoji) * self.config.default_weight
                    - self._weigher.total("".join(emoji)))
        return self._weigher.total(s)

    def parse(self, text: str, limit: int | None = None) -> TweetLength:
        """Count ``text``; ``limit`` overrides the configuration's 280."""
        cfg = self.config
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, not {type(text).__name__}")
        limit = cfg.max_weighted_tweet_length if limit is None else max(0, int(limit))
        norm = _nfc(text)
        n = len(norm)
        url_weight = cfg.transformed_url_length * cfg.scale
        urls = extract_urls(norm)
        if urls:
            # Weigh the text between the links in one go, joined by spaces (which no emoji
            # sequence can cross) whose weight is then taken off again.
            between = [norm[a:b] for a, b in zip([0] + [e for _, e in urls],
                                                 [s for s, _ in urls] + [n], strict=True)]
            total = (self._segment_weight(" ".join(between))
                     - (len(between) - 1) * self._weigher.weight_of(32)
                     + len(urls) * url_weight)
        else:
            total = self._segment_weight(norm)
        max_scaled = limit * cfg.scale
        fit = n if total <= max_scaled else self._walk(norm, urls, max_scaled)
        bad = _INVALID.search(norm)
        valid_norm = min(fit, bad.start()) if bad else fit
        weighted = total // cfg.scale
        fit_end = original_index(text, norm, fit)
        valid_end = fit_end if valid_norm == fit else original_index(text, norm, valid_norm)
        return TweetLength(
            weighted_length=weighted,
            permillage=(total * 1000) // max_scaled if max_scaled else 0,
            valid=bad is None and 0 < total <= max_scaled,
            fit_end=fit_end,
            valid_end=valid_end,
            normalized=norm,
            normalized_valid_end=valid_norm,
        )

    def _walk(self, norm: str, urls: list[tuple[int, int]], max_scaled: int) -> int:
        """Index in ``norm`` where the running weight first goes over ``max_scaled``."""
        cfg = self.config
        url_weight = cfg.transformed_url_length * cfg.scale
        url_at = dict(urls)
        emoji = cfg.emoji_parsing_enabled and not norm.isascii()
        weight_of = self._weigher.weight_of
        # Where every ASCII character weighs the same, a run of them (up to a link, or a
        # character that may start an emoji) is counted in one step, not one at a time.
        plain_w = self._weigher.ascii_weight or 0
        plain_run = _ASCII_NO_KEYCAP if emoji else _ASCII_RUN
        i, n, acc = 0, len(norm), 0
        while i < n:
            end = url_at.get(i)
            if end is None and plain_w and (m := plain_run.match(norm, i)) is not None:
                stop = min([m.end(), *(a for a in url_at if i < a < m.end())])
                fits = (max_scaled - acc) // plain_w  # characters that still fit
                if fits < stop - i:
                    return i + fits
                acc += plain_w * (stop - i)
                i = stop
                continue
            if end is not None:
                w = url_weight
            else:
                m = EMOJI_RE.match(norm, i) if emoji and (
                    ord(norm[i]) > 0x7f or norm[i] in "#*0123456789") else None
                if m is not None:
                    w, end = cfg.default_weight, m.end()
                else:
                    w, end = weight_of(ord(norm[i])), i + 1
            acc += w
            if acc > max_scaled:
                return i
            i = end
        return n


@cache
def default_counter() -> TwitterCounter:
    return TwitterCounter(default_config())


def parse_tweet(text: str, config: TwitterTextConfig | None = None, *,
                limit: int | None = None) -> TweetLength:
    """Count ``text`` the way X does (twitter-text v3 unless another config is given)."""
    counter = default_counter() if config is None else TwitterCounter(config)
    return counter.parse(text, limit)


def conformance_fields(text: str, result: TweetLength) -> dict[str, Any]:
    """twitter-text's own figures for ``text``: ranges in UTF-16 units, ends included.

    These follow the JavaScript reference exactly, including its shortcut of shifting the
    end of the valid range by the change in length from normalisation.
    """

    def u16(s: str) -> int:
        return len(s.encode("utf-16-le", "surrogatepass")) // 2

    shift = u16(text) - u16(result.normalized)
    valid_index = (u16(result.normalized[:result.normalized_valid_end]) - 1
                   if result.normalized_valid_end else 0)
    return {
        "weightedLength": result.weighted_length,
        "valid": result.valid,
        "permillage": result.permillage,
        "displayRangeStart": 0,
        "displayRangeEnd": u16(text) - 1 if text else 0,
        "validRangeStart": 0,
        "validRangeEnd": valid_index + shift,
    }
