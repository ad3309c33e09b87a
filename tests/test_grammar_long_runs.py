"""Spelling and grammar on long runs of punctuation (issue 13, item 4): a run of 20,000 dots
held Harper for 17 s, and the ignore patterns (``\\S*\\d\\S*``, ``\\S+@\\S+\\.\\S+``) retried
from every character of the run, holding the interpreter lock, so the window froze for 14 s.
A run of MAX_WORD or more non-space characters is not a word: it is ignored whole and never
reaches the patterns or Harper.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rwt_desktop.core.grammar.base import MAX_WORD, default_config


@pytest.fixture(scope="module")
def config():
    return default_config()


@pytest.mark.parametrize("mark", [".", "!", "?", "\u2026", "a", "1", "@", "*", ".@"])
def test_a_long_run_is_ignored_whole(config, mark: str) -> None:
    run = mark * (20_000 // len(mark))
    text = f"Hello there. {run} Bye now"
    start = text.index(run)
    assert (start, start + len(run)) in config.ignored_spans(text)
    assert re.search(config.ignore_regex, text).span() == (start, start + len(run))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1@.*#:/ wHTPS-\n")), max_size=80))
def test_short_words_are_ignored_as_before(config, text: str) -> None:
    """Below MAX_WORD characters a word is looked at by the patterns exactly as before."""
    assert all(len(w) < MAX_WORD for w in text.split())
    old = [m.span() for m in config._ignore_re.finditer(text) if m.end() > m.start()]
    covered = {i for s, e in old for i in range(s, e)}
    got = config.ignored_spans(text)
    assert {i for s, e in got for i in range(s, e)} == covered
