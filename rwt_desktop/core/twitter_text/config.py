"""twitter-text's configuration (``resources/twitter-text-v3.json``) and the weight of
every code point under it, summed a few regular-expression passes at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rwt_desktop.resources_path import read_text

#: Where the official configuration lives among the program's resources.
CONFIG_RESOURCE = "twitter-text-v3.json"


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


class Weigher:
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

    @property
    def ascii_weight(self) -> int | None:
        """The weight of every ASCII character, when they all weigh the same."""
        return self._ascii_weight

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
