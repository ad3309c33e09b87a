"""The engine's quicker regex code gives exactly the matches ``re.compile`` gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rwt_desktop.core.rules.pattern_analysis import regex_from_code
from rwt_desktop.core.rules.quick_regex import CASE_FOLDS_OUTSIDE_ASCII, quick_compile
from rwt_desktop.core.text import normalise

DATA = Path(__file__).parent / "data"

#: Text that tries the corners: both cases, letters that fold with ASCII ones outside it,
#: word bounds at the ends, an emoji, digits, an empty match's neighbours.
AWKWARD = [
    "", "a", "Kill KILL \u212aill kill Klil", "\u0130nside \u0131diot \u017fhit shit SHIT",
    "Dave DAVE dAvE dan Dan daniel", "off the record. Off  the\nrecord; OFF THE RECORD",
    "\U0001f92b shh \U0001f910 ssshh", "£5 £ 5 for £10", "x" * 50 + " the " + "y" * 50,
    "café CAFÉ cafe\u0301", "don't dont do not DON'T", "@dave @Dave's #hashtag",
]

#: Patterns of the shapes the policy uses, and a few it might.
SHAPES = [
    r"(?<![\w@#])(?:kill|klil|keep\s+quiet|batter|k)(?!\w)",
    r"\b(?:dave|dan|daniel|Dan)\b",
    r"(?-i:\b(?:Dave|Dan|Daniel)\b)\s+\w+",
    r"(?:(?>kill)|(?>klil)|(?>kil))s?",
    r"\b(?:the|th|t)(?:e|h)?",
    r"(?:shh+|\U0001f92b|\U0001f910|s+h+)",
    r"(?:£\d+|£|5)",
    r"(?:a|b|)x|(?:c|d)?y",
    r"(?:(kill)|(klil)|(k)(i))(l+)",
    r"(?P<word>dav|dan)(?(word)e|x)",
    r"\b(?:off|of|o)\s+the\s+record\b",
    r"(?:i|\u0130|\u0131|s|\u017f|k|\u212a)\w*",
    r"[^a-z]+",
    r"(?:don'?t|do not)\s+(?:tell|say)",
    r"x*",
    r"(?i:ab|AC|ad)x|(?-i:AB)",
]


def _matches(rx: re.Pattern[str], text: str) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.lastindex) for m in rx.finditer(text)]


def test_case_folds_outside_ascii_are_all_there_are():
    """Every character above ASCII that matches an ASCII letter ignoring case is listed."""
    any_letter = re.compile("[a-z]", re.IGNORECASE)
    found: dict[str, str] = {}
    for code in range(128, 0x110000):
        ch = chr(code)
        if any_letter.fullmatch(ch):
            for letter in "abcdefghijklmnopqrstuvwxyz":
                if re.fullmatch(letter, ch, re.IGNORECASE):
                    found[letter] = found.get(letter, "") + ch
    assert found == CASE_FOLDS_OUTSIDE_ASCII


@pytest.mark.parametrize("pattern", SHAPES)
@pytest.mark.parametrize("flags", [re.UNICODE, re.IGNORECASE | re.UNICODE])
def test_shapes_match_as_re_does(pattern, flags):
    plain, quick = re.compile(pattern, flags), quick_compile(pattern, flags)
    for text in AWKWARD:
        for subject in (text, text.lower(), text.upper()):
            assert _matches(quick, subject) == _matches(plain, subject), (pattern, subject)
            assert (quick.match(subject) is None) == (plain.match(subject) is None)


def _corpus_sample() -> list[str]:
    """Every 50th post of the test corpora, and every example sentence of the policy."""
    from rwt_desktop.core.policy import builtin_policy

    texts = []
    for path in sorted(DATA.rglob("*.jsonl")):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        texts += [json.loads(ln).get("text") or "" for ln in lines[::50]]
    for rule in builtin_policy().rules:
        texts += [*rule.must_flag, *rule.must_pass]
    return texts + AWKWARD


@pytest.mark.slow  # a sweep: every pattern the engine compiles, over a sample of posts
@pytest.mark.timeout(900)
def test_every_policy_pattern_matches_as_re_does():
    from rwt_desktop.core.checker import Checker
    from rwt_desktop.core.policy import builtin_policy

    checker = Checker(builtin_policy())
    for rule in checker.rules:  # compile what is otherwise compiled on first use
        for search in getattr(rule.detector, "searches", ()):
            _ = search.regex
        _ = (rule.requires, rule.unless)
    _, codes = checker.analysis.stored()
    assert len(codes) > 500
    texts = _corpus_sample()
    subjects = []
    for start in range(0, len(texts), 100):  # a hundred posts at a time, as one text
        blob = "\n\n".join(texts[start:start + 100])
        subjects += [normalise(blob), normalise(blob).lower()]
    for (pattern, flags), code in codes.items():
        plain, quick = re.compile(pattern, flags), regex_from_code(pattern, code)
        assert quick is not None
        for subject in subjects:
            assert _matches(quick, subject) == _matches(plain, subject), pattern[:120]
