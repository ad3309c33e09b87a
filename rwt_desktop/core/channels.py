"""How long a post is on each channel, counted the way that channel counts.

The channels and their limits are data (``[[channel]]`` in ``resources/policy.toml``); this
module only knows the two ways of counting:

* ``counting = "twitter"``: X (Twitter) weighs characters with twitter-text v3 (links 23, most
  emoji and Chinese/Japanese/Korean characters 2), see :mod:`rwt_desktop.core.twitter_text`.
* ``counting = "characters"``: Unicode code points after NFC normalisation (Python's ``len``),
  so an accented letter typed as letter plus accent counts once. None of the other platforms
  publishes exactly how it counts. Facebook (63,206) and LinkedIn (3,000) check the length of
  the text their web editors hold, Instagram's caption limit (2,200) is the same kind of
  count, and YouTube counts the characters of a title (100) and a description (5,000).
  Browsers hold text in UTF-16, where an emoji outside the Basic Multilingual Plane takes two
  units, so a platform may count such an emoji as 2 where we count 1; for plain text the two
  agree. These limits are large enough that only a post right at the edge is affected.

Everything here is pure and cheap (the window calls :func:`measure` for its live counters on
every pause in typing): a 63,206-character post is measured for all five channels in a few
milliseconds, with regular expressions doing the scanning in C.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rwt_desktop.core.findings import ChannelLength
from rwt_desktop.core.policy import Channel
from rwt_desktop.core.twitter_text import default_counter, original_index

#: A hashtag as Instagram and X see one: "#" (or full-width "＃") not inside a word, a URL
#: fragment ("/#top") or an HTML entity ("&#39;"), then letters, digits, underscores and the
#: marks that belong to letters. A tag needs at least one letter, so "#1" is not one.
HASHTAG_RE = re.compile(
    r"(?<![\w&#＃/])[#＃](?!\ufe0f|\u20e3)[\w\u0300-\u036f\u0900-\u0dff\u0e00-\u0eff]+"
)
_HAS_LETTER = re.compile(r"[^\W\d_]")

# Characters that belong to the character before them: backing up over these keeps an
# overflow from starting in the middle of an accented letter or an emoji sequence.
_JOINED_TO_PREVIOUS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0903"
    "\u093a-\u094f\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
    "\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]"
)
_REGIONAL = re.compile("[\U0001f1e6-\U0001f1ff]")


def _nfc(text: str) -> str:
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def count_characters(text: str) -> int:
    """Characters as the plain channels count them: code points after NFC."""
    return len(_nfc(text))


def cluster_start(text: str, index: int) -> int:
    """``index`` moved back to the start of the character cluster it falls in.

    Combining marks, variation selectors, skin tones, tag characters and anything after a ZWJ
    belong to the character before them, and the second of a pair of regional indicators
    belongs to the first. Backs up at most 32 characters, so a pathological run of marks
    cannot make this slow.
    """
    index = max(0, min(index, len(text)))
    floor = max(0, index - 32)
    while index > floor and index < len(text) and (
            _JOINED_TO_PREVIOUS.match(text, index)
            or text[index - 1] == "\u200d"
            or unicodedata.combining(text[index])):
        index -= 1
    if 0 < index < len(text) and _REGIONAL.match(text, index):
        run = 0
        j = index - 1
        while j >= 0 and _REGIONAL.match(text, j):
            run += 1
            j -= 1
        if run % 2 == 1:  # the previous indicator starts this flag
            index -= 1
    return index


def character_overflow(text: str, limit: int) -> int | None:
    """Python index of the first character past ``limit`` (counted as code points after
    NFC), or None when the text fits."""
    norm = _nfc(text)
    if len(norm) <= limit:
        return None
    return cluster_start(text, original_index(text, norm, limit))


def twitter_weighted_length(text: str) -> int:
    """The length X (Twitter) shows for ``text`` (twitter-text v3; the limit is 280)."""
    return default_counter().parse(text).weighted_length


def twitter_fit_index(text: str, limit: int = 280) -> int:
    """Python index where ``text`` stops fitting on X: ``text[:i]`` fits, ``text[i:]`` does
    not (``len(text)`` when it all fits). twitter-text's ``validRangeEnd`` logic, by weight."""
    return default_counter().parse(text, limit).fit_end


def find_hashtags(text: str) -> list[tuple[int, int]]:
    """Spans of the hashtags in ``text``, in order."""
    if "#" not in text and "＃" not in text:
        return []
    return [m.span() for m in HASHTAG_RE.finditer(text)
            if _HAS_LETTER.search(m.group(), 1)]


def title_span(text: str) -> tuple[int, int]:
    """The first line (YouTube's title): from the start to the first line break."""
    end = len(text)
    for brk in ("\n", "\r", "\u2028", "\u2029"):
        i = text.find(brk, 0, end)
        if i != -1:
            end = i
    return 0, end


def measure(text: str, channel: Channel) -> ChannelLength:
    """How long ``text`` is on ``channel``, and where it first goes over the limit."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return _measure(text, channel, len(find_hashtags(text)))


def _measure(text: str, channel: Channel, hashtags: int) -> ChannelLength:
    if channel.counting == "twitter":
        result = default_counter().parse(text, channel.limit)
        length = result.weighted_length
        overflow = (None if length <= channel.limit
                    else cluster_start(text, result.fit_end))
    else:
        length = count_characters(text)
        overflow = character_overflow(text, channel.limit) if length > channel.limit else None
    title_length = None
    if channel.title_limit is not None:
        start, end = title_span(text)
        title_length = count_characters(text[start:end])
    return ChannelLength(
        channel=channel.id,
        length=length,
        limit=channel.limit,
        overflow_start=overflow,
        hashtags=hashtags,
        max_hashtags=channel.max_hashtags,
        title_length=title_length,
        title_limit=channel.title_limit,
        forbidden=len(find_forbidden(text, channel)),
    )


def measure_title(text: str, channel: Channel) -> ChannelLength | None:
    """The first line against the channel's ``title_limit`` (None if it has none)."""
    if channel.title_limit is None:
        return None
    start, end = title_span(text)
    line = text[start:end]
    overflow = character_overflow(line, channel.title_limit)
    return ChannelLength(
        channel=channel.id,
        length=count_characters(line),
        limit=channel.title_limit,
        overflow_start=None if overflow is None else start + overflow,
    )


def find_forbidden(text: str, channel: Channel) -> list[tuple[int, int]]:
    """Spans of the characters ``channel`` does not accept (runs of them together)."""
    if not channel.forbidden or not any(ch in text for ch in channel.forbidden):
        return []
    return [m.span() for m in _forbidden_re(channel.forbidden).finditer(text)]


@lru_cache(maxsize=32)
def _forbidden_re(chars: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(chars)}]+")


def measure_all(text: str, channels: Iterable[Channel]) -> dict[str, ChannelLength]:
    """:func:`measure` for several channels, keyed by channel id, in the order given."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    hashtags = len(find_hashtags(text))
    return {ch.id: _measure(text, ch, hashtags) for ch in channels}
