"""The tone checker's word data: ``resources/tone_words.toml``, read and checked once.

Staff can read and edit that file (the words VADER weighs differently in British posts, the
idioms read as one feeling, the word lists the adjustments use), so it is checked on load:
a mistake raises :class:`ToneWordsError` naming the file and line, rather than quietly
changing how posts are scored.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rwt_desktop.core.policy import PolicyError
from rwt_desktop.resources_path import read_text

WORDS_FILE = "tone_words.toml"

#: The word lists of the [words] table, and whether each is written in lower case or
#: CAPITALS (emoji are neither); a "phrase" list is in lower case and may hold spaces.
WORD_LISTS: Mapping[str, str] = {
    "angry_emoji": "emoji",
    "problems": "lower",
    "judging": "lower",
    "play_words": "lower",
    "condition": "lower",
    "discourse_openers": "lower",
    "nobody": "lower",
    "negators": "lower",
    "short_shouts": "upper",
    "stressed": "upper",
    "mock_praise": "phrase",
    "plain_cheers": "phrase",
}

#: VADER's word scale.
_LOWEST, _HIGHEST = -4.0, 4.0


class ToneWordsError(PolicyError):
    """A tone words file that cannot be used, with the file and line to look at."""


@dataclass(frozen=True, slots=True)
class ToneWords:
    """The tone checker's language data, as read from the words file."""

    #: Words VADER lacks or weighs differently (its -4..4 scale).
    lexicon: Mapping[str, float]
    #: Phrases read as one feeling; the valence sits on the last word.
    idioms: Mapping[str, float]
    #: Emoji that mean anger or contempt whatever surrounds them.
    angry_emoji: frozenset[str]
    #: Problems people get help with: neutral when they are the object of help.
    problems: frozenset[str]
    #: Adjectives that judge: never made neutral, even before a service noun.
    judging: frozenset[str]
    #: Story and game words a post about a play or game may use without being grim.
    play_words: frozenset[str]
    #: How things are, in a post about repairing or reusing them: a description.
    condition: frozenset[str]
    #: Words that open a complaint ("Honestly, ...") when followed by a comma.
    discourse_openers: frozenset[str]
    #: "nobody" and its spellings: they negate the next few words.
    nobody: frozenset[str]
    #: Words that negate the words just after them.
    negators: frozenset[str]
    #: Short everyday words that are shouting, not initials, beside a longer shouted word.
    short_shouts: frozenset[str]
    #: A "not" or an "again" in capitals in an ordinary sentence: said through gritted teeth.
    stressed: frozenset[str]
    #: Cheers that read as sarcasm when they are the whole sentence straight after one
    #: that is not warm ("... left the gate open again. Marvellous.").
    mock_praise: frozenset[str]
    #: Cheers that read as sarcasm only straight after a sentence that reads negative.
    plain_cheers: frozenset[str]


class _Lines:
    """Finds the line of a key or list item, for error messages."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()

    def of_key(self, table: str, key: str) -> int | None:
        """The line of ``key = ...`` inside ``[table]`` (quoted or bare)."""
        section = ""
        key_rx = re.compile(rf"""^\s*(?:"{re.escape(key)}"|'{re.escape(key)}'|{re.escape(key)})"""
                            r"\s*=")
        for n, line in enumerate(self._lines, 1):
            header = re.match(r"^\s*\[\s*([^\]\s]+)\s*\]", line)
            if header:
                section = header.group(1)
            elif section == table and key_rx.match(line):
                return n
        return self.of_table(table)

    def of_table(self, table: str) -> int | None:
        for n, line in enumerate(self._lines, 1):
            if re.match(rf"^\s*\[\s*{re.escape(table)}\s*\]", line):
                return n
        return None

    def of_item(self, table: str, key: str, item: str) -> int | None:
        """The first line at or after ``key`` in ``[table]`` that holds the quoted ``item``."""
        start = self.of_key(table, key) or 1
        for n in range(start, len(self._lines) + 1):
            if f'"{item}"' in self._lines[n - 1] or f"'{item}'" in self._lines[n - 1]:
                return n
        return start


def _valence(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) and _LOWEST <= value <= _HIGHEST else None


def parse_tone_words(text: str, file: str = WORDS_FILE) -> ToneWords:
    """Read and check a tone words file; a problem raises :class:`ToneWordsError`."""
    import tomllib  # (a start that finds the words in the policy's cache never reads TOML)

    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        problem = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ToneWordsError(file, int(m.group(1)) if m else None,
                             f"this is not valid TOML: {problem}") from None
    lines = _Lines(text)
    for name in data:
        if name not in ("lexicon", "idioms", "words"):
            raise ToneWordsError(file, lines.of_table(name) or lines.of_key("", name),
                                 f'"{name}" is not a table this file has; the tables are '
                                 "[lexicon], [idioms] and [words]")
    tables: dict[str, dict[str, Any]] = {}
    for name in ("lexicon", "idioms", "words"):
        table = data.get(name)
        if not isinstance(table, dict):
            raise ToneWordsError(file, lines.of_table(name), f"the [{name}] table is missing")
        tables[name] = table
    scored = {name: _scored(tables[name], name, file, lines) for name in ("lexicon", "idioms")}
    words = _word_lists(tables["words"], file, lines)
    return ToneWords(lexicon=scored["lexicon"], idioms=scored["idioms"], **words)


def _scored(table: Mapping[str, Any], name: str, file: str, lines: _Lines) -> dict[str, float]:
    """A [lexicon] or [idioms] table: lower-case words to a number from -4 to 4."""
    out: dict[str, float] = {}
    for key, value in table.items():
        valence = _valence(value)
        problem = ""
        if not key or key != key.strip() or key != key.lower():
            problem = f'[{name}] "{key}": write it in lower case, with no spaces at either end'
        elif name == "lexicon" and len(key.split()) != 1:
            problem = f'[lexicon] "{key}": one word only; a phrase goes in [idioms]'
        elif name == "idioms" and " ".join(key.split()) != key:
            problem = f'[idioms] "{key}": put one space between words'
        elif valence is None:
            problem = (f'[{name}] "{key}" must be a number from -4 (very negative) to 4 '
                       f"(very positive), not {value!r}")
        if problem:
            # The line is looked up only for a message: looking it up for every key was
            # most of reading the file.
            raise ToneWordsError(file, lines.of_key(name, key), problem)
        assert valence is not None
        out[key] = valence
    return out


def _word_lists(table: Mapping[str, Any], file: str, lines: _Lines) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for key in table:
        if key not in WORD_LISTS:
            raise ToneWordsError(file, lines.of_key("words", key),
                                 f'[words] "{key}" is not a list the checker uses; the lists '
                                 f"are {', '.join(WORD_LISTS)}")
    for key, case in WORD_LISTS.items():
        value = table.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ToneWordsError(file, lines.of_key("words", key),
                                 f'[words] {key} must be a list of words in '
                                 'quotes, like ["one", "two"]')
        for item in value:
            problem = ""
            if case == "phrase" and (not item or item != " ".join(item.split())):
                problem = "words with one space between them"
            elif case == "phrase" and item != item.lower():
                problem = "write the words in lower case"
            elif case != "phrase" and (not item or item != item.strip()
                                       or len(item.split()) != 1):
                problem = "one word each, with no spaces"
            elif case == "lower" and item != item.lower():
                problem = "write the words in lower case"
            elif case == "upper" and item != item.upper():
                problem = "write the words in CAPITALS"
            elif case == "emoji" and len(item) != 1:
                problem = "one emoji each"
            if problem:
                raise ToneWordsError(file, lines.of_item("words", key, item),
                                     f'[words] {key}, "{item}": {problem}')
        out[key] = frozenset(value)
    return out


@cache
def builtin_tone_words() -> ToneWords:
    """The words file shipped with the program (read once: it never changes while running)."""
    return parse_tone_words(read_text(WORDS_FILE), f"resources/{WORDS_FILE}")
