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

Pure Python, no Qt: safe on the window's worker thread.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rwt_desktop.resources_path import read_text

#: Where the official configuration lives among the program's resources.
CONFIG_RESOURCE = "twitter-text-v3.json"
#: The top-level domains X recognises (from twitter-text's tld_lib.yml).
TLD_RESOURCE = ("data", "twitter-text-tlds.txt")

#: twitter-text refuses a link whose protocol plus text is longer than this.
MAX_URL_LENGTH = 4096
#: A domain label (between dots) may be at most 63 characters once punycode-encoded.
MAX_LABEL_LENGTH = 63


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True, slots=True)
class WeightedRange:
    """Code points ``start``..``end`` (both included) weigh ``weight``."""

    start: int
    end: int
    weight: int


@dataclass(frozen=True, slots=True)
class TwitterTextConfig:
    """twitter-text's configuration file, in Python. The defaults are v3's."""

    version: int = 3
    max_weighted_tweet_length: int = 280
    scale: int = 100
    default_weight: int = 200
    emoji_parsing_enabled: bool = True
    transformed_url_length: int = 23
    ranges: tuple[WeightedRange, ...] = (
        WeightedRange(0, 4351, 100),
        WeightedRange(8192, 8205, 100),
        WeightedRange(8208, 8223, 100),
        WeightedRange(8242, 8247, 100),
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TwitterTextConfig:
        """Read the official JSON shape (camelCase keys), checking the values make sense."""

        def whole(key: str, default: int | None = None, minimum: int = 0) -> int:
            value = data.get(key, default)
            if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
                raise ValueError(f"twitter-text config: {key} should be a whole number "
                                 f">= {minimum}, not {value!r}")
            return value

        ranges = []
        for item in data.get("ranges", ()):
            if not isinstance(item, Mapping):
                raise ValueError(f"twitter-text config: a range should be a table, not {item!r}")
            start, end = _whole_in(item, "start"), _whole_in(item, "end")
            if end < start:
                raise ValueError(f"twitter-text config: range {start}-{end} ends before it starts")
            ranges.append(WeightedRange(start, end, _whole_in(item, "weight")))
        emoji = data.get("emojiParsingEnabled", False)
        if not isinstance(emoji, bool):
            raise ValueError("twitter-text config: emojiParsingEnabled should be true or false")
        return cls(
            version=whole("version"),
            max_weighted_tweet_length=whole("maxWeightedTweetLength"),
            scale=whole("scale", minimum=1),
            default_weight=whole("defaultWeight"),
            emoji_parsing_enabled=emoji,
            transformed_url_length=whole("transformedURLLength", 23),
            ranges=tuple(ranges),
        )

    @classmethod
    def from_json(cls, text: str) -> TwitterTextConfig:
        return cls.from_dict(json.loads(text))


def _whole_in(item: Mapping[str, Any], key: str) -> int:
    value = item.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"twitter-text config: range {key} should be a whole number, "
                         f"not {value!r}")
    return value


@cache
def default_config() -> TwitterTextConfig:
    """The shipped v3 configuration (the built-in copy of it if the file is missing)."""
    try:
        return TwitterTextConfig.from_json(read_text(CONFIG_RESOURCE))
    except (OSError, FileNotFoundError):
        return TwitterTextConfig()


# --------------------------------------------------------------------------- weights


def _class_of(intervals: Iterable[tuple[int, int]]) -> str:
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in intervals
    )


def _subtract(interval: tuple[int, int],
              taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``interval`` minus the ones already ``taken`` (earlier ranges win, as in twitter-text)."""
    pieces = [interval]
    for t0, t1 in taken:
        nxt = []
        for a, b in pieces:
            if t1 < a or t0 > b:
                nxt.append((a, b))
                continue
            if a < t0:
                nxt.append((a, t0 - 1))
            if t1 < b:
                nxt.append((t1 + 1, b))
        pieces = nxt
    return pieces


class _Weigher:
    """Adds up the weights of a string with a handful of regex passes instead of a loop."""

    def __init__(self, config: TwitterTextConfig) -> None:
        self.default = config.default_weight
        taken: list[tuple[int, int]] = []
        by_weight: dict[int, list[tuple[int, int]]] = {}
        for r in config.ranges:
            start, end = min(r.start, 0x10FFFF), min(r.end, 0x10FFFF)
            pieces = _subtract((start, end), taken)
            taken.extend(pieces)
            by_weight.setdefault(r.weight, []).extend(pieces)
        self._lookup = sorted((a, b, w) for w, ivs in by_weight.items() for a, b in ivs)
        self._groups: list[tuple[int, re.Pattern[str]]] = []
        # The weight of "a" is counted as the remainder: most posts are mostly Latin, and
        # counting the rare characters with findall is far cheaper than counting the common.
        self._main = self.weight_of(ord("a"))
        for w, ivs in by_weight.items():
            if w != self._main and ivs:
                self._groups.append((w, re.compile(f"[{_class_of(sorted(ivs))}]+")))
        if self.default != self._main:  # then "a" is in a range, so ``taken`` is not empty
            self._groups.append(
                (self.default, re.compile(f"[^{_class_of(sorted(taken))}]+")))
        self._ascii_weight = (self.weight_of(0) if all(
            self.weight_of(c) == self.weight_of(0) for c in range(128)) else None)

    def weight_of(self, cp: int) -> int:
        for a, b, w in self._lookup:
            if a <= cp <= b:
                return w
            if cp < a:
                break
        return self.default

    def total(self, s: str) -> int:
        if not s:
            return 0
        if self._ascii_weight is not None and s.isascii():
            return self._ascii_weight * len(s)
        counted = 0
        weight = 0
        for w, rx in self._groups:
            n = sum(map(len, rx.findall(s)))  # runs, not characters: far fewer objects
            counted += n
            weight += w * n
        return weight + self._main * (len(s) - counted)


# --------------------------------------------------------------------------- emoji

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


# --------------------------------------------------------------------------- links

# Characters that cannot be part of a domain: ASCII punctuation, spaces, controls, the invalid
# characters and the bidirectional marks (twitter-text's invalidDomainChars).
_NOT_DOMAIN = (
    "\\s\\x00-\\x1f\\x7f!-/:-@\\[-`{-~\ufffe\ufeff\uffff"
    "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
)
# The same minus "-" and "_", which may sit inside a label.
_NOT_LABEL = (
    "\\s\\x00-\\x1f\\x7f!-,./:-@\\[-^`{-~\ufffe\ufeff\uffff"
    "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
)
# A dot with a label character after it: every domain has one, ordinary prose rarely does
# (a full stop is followed by a space), so candidates are found with a fast literal search.
_DOT_THEN_LABEL = re.compile(f"\\.[^{_NOT_LABEL}]")
_IS_LABEL_OR_DOT = re.compile(f"[^{_NOT_LABEL}]|\\.").match
_LABELS_AND_DOTS = re.compile(f"(?:[^{_NOT_LABEL}]|\\.)*")
# Dotted runs of labels such as "www.example.co.uk", matched from where a run starts. Each
# character is either a label character or a dot, so the pattern cannot backtrack badly.
_DOMAIN_RUN = re.compile(f"[^{_NOT_DOMAIN}][^{_NOT_LABEL}]*(?:\\.[^{_NOT_LABEL}]+)+")


def _domain_runs(text: str) -> list[re.Match[str]]:
    """The dotted runs of labels in ``text`` that could hold a domain, each scanned once."""
    runs = []
    done = 0  # everything before this has been looked at
    for dot in _DOT_THEN_LABEL.finditer(text):
        d = dot.start()
        if d < done:
            continue
        start = d
        while start > done and _IS_LABEL_OR_DOT(text, start - 1):
            start -= 1
        run = _DOMAIN_RUN.match(text, start)
        if run is None:  # starts with "-", "_" or "." or has no label after a dot
            done = _LABELS_AND_DOTS.match(text, start).end()
            continue
        runs.append(run)
        done = run.end()
    return runs


_PROTOCOL = re.compile(r"https?://", re.IGNORECASE)
_PORT = re.compile(r":[0-9]+")
_LATIN_ACCENTS = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259"
    "\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
# Path characters (twitter-text's validGeneralUrlPathChars, plus brackets handled after).
_PATH_RUN = re.compile(
    f"[a-zA-Z\u0400-\u04ff0-9!*';:=+,.$/%#\\[\\]\\-\u2013_~|&@(){_LATIN_ACCENTS}]*"
)
_PATH_END_OK = frozenset(
    "+-=_#/" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)
_QUERY_RUN = re.compile(r"[a-zA-Z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*")
_QUERY_END_OK = frozenset(
    "-_&=#/" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)
_ASCII_LABEL = re.compile(f"[A-Za-z0-9_\\-{_LATIN_ACCENTS}]+")
_PUNYCODE_TLD = re.compile(r"xn--[-0-9a-z]+")
# Before a link with http(s)://: anything but a letter, digit, @, $ or # (or an invalid char).
_BAD_BEFORE_PROTOCOL = frozenset("@＠$#＃\ufffe\ufeff\uffff")
# Before a link without it: also not "-", "_", "." or "/".
_BAD_BEFORE_BARE = _BAD_BEFORE_PROTOCOL | frozenset("-_./")
# Country domains that may stand alone without a path ("t.co", "example.tv").
_SPECIAL_SHORT_CC = frozenset({"co", "tv"})


@cache
def _tlds() -> tuple[frozenset[str], frozenset[str]]:
    """(country, generic) top-level domains, from the resources."""
    country: set[str] = set()
    generic: set[str] = set()
    try:
        text = read_text(*TLD_RESOURCE)
    except OSError:  # a broken install: a small list keeps common links counted right
        text = "\n".join(f"generic {t}" for t in (
            "com", "org", "net", "info", "edu", "gov", "biz", "app", "dev", "io")) + (
            "\ncountry uk\ncountry co\ncountry tv\ncountry ie\ncountry us\ncountry eu")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, tld = line.partition(" ")
        (country if kind == "country" else generic).add(tld.strip().lower())
    return frozenset(country), frozenset(generic)


def _label_length(label: str) -> int:
    """Length of a domain label as it goes over the wire (punycode for non-ASCII labels)."""
    if label.isascii():
        return len(label)
    try:
        return 4 + len(label.lower().encode("punycode"))
    except (UnicodeError, ValueError):
        return MAX_LABEL_LENGTH + 1


def _valid_label(label: str, allow_underscore: bool) -> bool:
    if not label or label[0] in "-_" or label[-1] in "-_":
        return False
    return allow_underscore or "_" not in label


def _trim_brackets(path: str) -> str:
    """Cut a path at the first ")" that closes nothing, or at an unclosed "(" left at the end."""
    depth = 0
    opened: list[int] = []
    for i, ch in enumerate(path):
        if ch == "(":
            depth += 1
            opened.append(i)
        elif ch == ")":
            if depth == 0:
                return path[:i]
            depth -= 1
            opened.pop()
    return path[:opened[0]] if opened else path


def _trim_end(part: str, ok: frozenset[str]) -> str:
    end = len(part)
    while end and part[end - 1] not in ok and not (
            part[end - 1] == ")" and part.count("(", 0, end) >= part.count(")", 0, end)):
        end -= 1
    return part[:end]


def extract_urls(text: str) -> list[tuple[int, int]]:
    """Spans of the links X would shorten to 23 characters, in order.

    A reasonable re-implementation of twitter-text's URL extractor: a link may start with
    http:// or https://; its domain must end in a top-level domain X knows (or punycode),
    each label at most 63 characters once punycode-encoded; a bare domain must be plain
    Latin, must not follow "@", "#", "$", "-", "_", "." or "/", and a bare two-label domain in
    a country TLD ("bit.ly") counts only with a path. The path and query end where the
    characters allowed at the end of a link end (a full stop after a link is not part of it).
    """
    if "." not in text:
        return []
    country, generic = _tlds()
    urls: list[tuple[int, int]] = []
    last_end = 0
    for run in _domain_runs(text):
        start = run.start()
        if start < last_end:
            continue
        # Protocol just before the run, itself preceded by something allowed.
        proto_start = start
        m = None
        for plen in (8, 7):
            if start >= plen:
                m = _PROTOCOL.fullmatch(text, start - plen, start)
                if m:
                    break
        if m is not None and m.start() >= last_end:
            before = text[m.start() - 1] if m.start() else ""
            if before and ((before.isascii() and before.isalnum())
                           or before in _BAD_BEFORE_PROTOCOL):
                m = None
        else:
            m = None
        if m is not None:
            proto_start = m.start()
        else:
            before = text[start - 1] if start else ""
            if before and (before.isalnum() or before in _BAD_BEFORE_BARE):
                continue
        labels = run.group().split(".")
        # The longest run of labels that ends in a known top-level domain.
        found = 0
        offset = len(run.group())
        for k in range(len(labels), 1, -1):
            if k < len(labels):
                offset -= len(labels[k]) + 1
            tld = labels[k - 1].lower()
            if not (tld in country or tld in generic or _PUNYCODE_TLD.fullmatch(tld)):
                continue
            after = text[start + offset] if start + offset < len(text) else ""
            if after and after in "@+":
                continue
            if not _valid_label(labels[k - 2], allow_underscore=False):
                continue
            if not all(_valid_label(lb, allow_underscore=True) for lb in labels[:k - 2]):
                continue
            found = k
            break
        if not found:
            continue
        domain_labels = labels[:found]
        domain_end = start + sum(len(lb) for lb in domain_labels) + found - 1
        if any(_label_length(lb) > MAX_LABEL_LENGTH for lb in domain_labels):
            continue
        if m is None and not all(_ASCII_LABEL.fullmatch(lb) for lb in domain_labels):
            continue
        end = domain_end
        port = _PORT.match(text, end)
        if port:
            end = port.end()
        has_path = False
        if end < len(text) and text[end] == "/":
            path = _PATH_RUN.match(text, end + 1).group()
            path = _trim_end(_trim_brackets(path), _PATH_END_OK)
            end += 1 + len(path)
            has_path = True
        if end < len(text) and text[end] == "?":
            query = _trim_end(_QUERY_RUN.match(text, end + 1).group(), _QUERY_END_OK)
            if query:
                end += 1 + len(query)
        if (m is None and not has_path and found == 2 and domain_labels[-1].lower() in country
                and domain_labels[-1].lower() not in _SPECIAL_SHORT_CC):
            continue
        punycode_extra = sum(_label_length(lb) - len(lb) for lb in domain_labels)
        protocol_len = len(m.group()) if m is not None else len("https://")
        if protocol_len + (end - start) + punycode_extra > MAX_URL_LENGTH:
            continue
        urls.append((proto_start, end))
        last_end = end
    return urls


# --------------------------------------------------------------------------- parsing

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
        self._weigher = _Weigher(self.config)
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
        i, n, acc = 0, len(norm), 0
        while i < n:
            end = url_at.get(i)
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
