"""How long a post is on X (Twitter): the weighted count of twitter-text v3.

X does not count characters one for one. Its own library, twitter-text, gives every code point a
weight from a configuration file (``resources/twitter-text-v3.json``, a copy of the official
``config/v3.json``; twitter-text is Apache-2.0, its licence is in
``resources/data/twitter-text-LICENSE.txt``): the Latin, Greek, Cyrillic, Hebrew, Arabic,
Indic and most punctuation ranges weigh 100 (one character), everything else (Chinese,
Japanese, Korean, emoji, ...) the default 200 (two characters). On top of that:

* the text is NFC-normalised first, so a decomposed "é" counts once;
* a link counts 23 (``transformedURLLength``) whatever its real length, with or without
  ``https://``, as long as its domain ends in a top-level domain X knows;
* with ``emojiParsingEnabled`` a whole emoji sequence (a ZWJ family, a skin tone, a flag, a
  keycap, an emoji with its variation selector) counts as one default-weight character;
* U+FFFE, U+FEFF and U+FFFF make a post invalid.

This module is a clean re-implementation in Python checked against the official conformance
suite (``tests/test_twitter_conformance.py``). It works on Python strings (code points); the
UTF-16 figures twitter-text itself reports are worked out only by :func:`conformance_fields`.

Speed: the totals come from a few regular-expression passes in C, and only when a post is too
long is it walked entity by entity, which stops as soon as the limit is passed (about 280 steps).
A 63,206-character post costs about 0.3 ms when it is plain text and a few ms when it is packed
with links and emoji.

Pure Python, no Qt: safe on the window's worker thread. :mod:`.config` holds the configuration
and the weights, :mod:`.urls` finds links and :mod:`.counting` counts.
"""

from __future__ import annotations

from rwt_desktop.core.twitter_text.config import (
    CONFIG_RESOURCE,
    TwitterTextConfig,
    WeightedRange,
    default_config,
)
from rwt_desktop.core.twitter_text.counting import (
    EMOJI_RE,
    TweetLength,
    TwitterCounter,
    conformance_fields,
    default_counter,
    find_emoji,
    original_index,
    parse_tweet,
)
from rwt_desktop.core.twitter_text.urls import (
    MAX_LABEL_LENGTH,
    MAX_URL_LENGTH,
    TLD_RESOURCE,
    extract_urls,
)

__all__ = [
    "CONFIG_RESOURCE",
    "EMOJI_RE",
    "MAX_LABEL_LENGTH",
    "MAX_URL_LENGTH",
    "TLD_RESOURCE",
    "TweetLength",
    "TwitterCounter",
    "TwitterTextConfig",
    "WeightedRange",
    "conformance_fields",
    "default_config",
    "default_counter",
    "extract_urls",
    "find_emoji",
    "original_index",
    "parse_tweet",
]
