"""twitter-text's official conformance cases for the weighted X (Twitter) count.

The cases come straight from ``tests/data/twitter-text/validate.yml`` (a copy of twitter-text's
``conformance/validate.yml``, Apache-2.0; see LICENSE and SOURCE beside it). PyYAML is not a
dependency, so a tiny loader below reads just the three counter sections, whose shape is
simple and fixed: a list of ``description``/``text`` double-quoted strings and an ``expected``
table of numbers and booleans. It refuses anything else rather than guess, and
``scripts/check_twitter_conformance_loader.py`` compares it with PyYAML's reading of the file.

Which configuration each section uses follows twitter-text's own tests: the plain
WeightedTweetsCounterTest runs with emoji parsing off (its v2 configuration, which is v3 without
``emojiParsingEnabled``); the other two run with v3 as shipped.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from rwt_desktop.core.twitter_text import (
    TwitterTextConfig,
    conformance_fields,
    default_config,
    parse_tweet,
)
from rwt_desktop.resources_path import read_text

DATA = Path(__file__).parent / "data" / "twitter-text"
SECTIONS = (
    "WeightedTweetsCounterTest",
    "WeightedTweetsWithDiscountedEmojiCounterTest",
    "UnicodeDirectionalMarkerCounterTest",
)
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}


def yaml_double_quoted(raw: str) -> str:
    """Decode one YAML double-quoted scalar written on one line (quotes included)."""
    if len(raw) < 2 or raw[0] != '"' or raw[-1] != '"':
        raise ValueError(f"not a double-quoted string: {raw[:40]!r}")
    body, out, i = raw[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == '"':
            raise ValueError("unescaped quote inside a double-quoted string")
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        code = body[i + 1]
        if code in _HEX:
            width = _HEX[code]
            out.append(chr(int(body[i + 2:i + 2 + width], 16)))
            i += 2 + width
        elif code in _ESCAPES:
            out.append(_ESCAPES[code])
            i += 2
        else:
            raise ValueError(f"unknown escape \\{code}")
    return "".join(out)


_SECTION = re.compile(r"^  (\w+):\s*$")
_ITEM = re.compile(r'^    - description:\s*(".*")\s*$')
_TEXT = re.compile(r'^      text:\s*(".*")\s*$')
_EXPECTED = re.compile(r"^      expected:\s*$")
_VALUE = re.compile(r"^        (\w+):\s*(-?\d+|true|false)\s*$")


def load_counter_cases(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The counter sections of validate.yml as {section: [{description, text, expected}]}."""
    cases: dict[str, list[dict[str, Any]]] = {}
    section: str | None = None
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = _SECTION.match(line)
        if m:
            section = m.group(1) if m.group(1) in SECTIONS else None
            if section:
                cases[section] = []
            continue
        if section is None or not line.strip():
            continue
        where = f"{path.name}, line {lineno}"
        if m := _ITEM.match(line):
            cases[section].append({"description": yaml_double_quoted(m.group(1)),
                                   "expected": {}})
        elif m := _TEXT.match(line):
            cases[section][-1]["text"] = yaml_double_quoted(m.group(1))
        elif _EXPECTED.match(line):
            pass
        elif m := _VALUE.match(line):
            key, value = m.groups()
            cases[section][-1]["expected"][key] = (
                value == "true" if value in ("true", "false") else int(value))
        else:
            raise ValueError(f"{where}: the loader does not understand {line[:60]!r}")
    return cases


CASES = load_counter_cases(DATA / "validate.yml")
# The plain counter test is twitter-text's v2 configuration: v3 with emoji parsing off.
CONFIGS = {
    "WeightedTweetsCounterTest": dataclasses.replace(default_config(), version=2,
                                                     emoji_parsing_enabled=False),
    "WeightedTweetsWithDiscountedEmojiCounterTest": default_config(),
    "UnicodeDirectionalMarkerCounterTest": default_config(),
}


def _params() -> list[Any]:
    params = []
    for section in SECTIONS:
        seen: dict[str, int] = {}
        for case in CASES[section]:
            slug = re.sub(r"[^a-z0-9]+", "-", case["description"].lower()).strip("-")[:60]
            seen[slug] = seen.get(slug, 0) + 1
            if seen[slug] > 1:
                slug = f"{slug}-{seen[slug]}"
            params.append(pytest.param(section, case, id=f"{section}:{slug}"))
    return params


@pytest.mark.parametrize(("section", "case"), _params())
def test_conformance_case(section: str, case: dict[str, Any]) -> None:
    result = parse_tweet(case["text"], CONFIGS[section])
    assert conformance_fields(case["text"], result) == case["expected"]


def test_loader_found_every_case() -> None:
    """Every "- description:" line of each section became a case with text and all figures."""
    raw = (DATA / "validate.yml").read_text(encoding="utf-8")
    for section in SECTIONS:
        body = raw.split(f"\n  {section}:\n", 1)[1]
        body = re.split(r"\n  \w+:\n", body, maxsplit=1)[0]
        assert len(CASES[section]) == body.count("- description:") > 0
        for case in CASES[section]:
            assert set(case) == {"description", "text", "expected"}
            assert set(case["expected"]) == {
                "weightedLength", "valid", "permillage", "displayRangeStart",
                "displayRangeEnd", "validRangeStart", "validRangeEnd"}


def test_yaml_escapes_are_decoded() -> None:
    assert yaml_double_quoted(r'"a\u202Ab\U0001F600\"\\"') == 'a\u202ab\U0001f600"\\'
    with pytest.raises(ValueError):
        yaml_double_quoted(r'"\q"')


def test_shipped_config_is_the_official_v3() -> None:
    # tests/data/twitter-text/v3.json is the official file as published (see SOURCE).
    official = json.loads((DATA / "v3.json").read_text(encoding="utf-8"))
    assert official == json.loads(read_text("twitter-text-v3.json"))
    shipped = TwitterTextConfig.from_json(read_text("twitter-text-v3.json"))
    assert shipped == TwitterTextConfig()  # the built-in fallback is the same v3
    assert shipped.emoji_parsing_enabled and shipped.transformed_url_length == 23
