"""The sentence splitter is linear on any input (issue 13, item 4): long runs of . ! ? … and
spaces used to take seconds (20,000 dots: 13 s), because a regular expression retried from
every mark of the run. The test counts the characters the splitter looks at, never the time.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rwt_desktop.core.text import Sentences, sentence_ends

#: The expression the splitter replaced; fine on short texts, so it is the reference.
_OLD = re.compile(r"""[.!?\u2026]+['")\]]*(?=\s)|\n+""")

MARKS = [".", "!", "?", "\u2026", " ", "\n", "'", ")", ". ", "!?", '."', "\u2026 "]


def _examined(text: str) -> int:
    count = [0]
    sentence_ends(text, count)
    return count[0]


@pytest.mark.parametrize("mark", MARKS)
def test_long_runs_are_looked_at_a_bounded_number_of_times(mark: str) -> None:
    for n in (10_000, 20_000):
        for text in (mark * n, "Hello" + mark * n, mark * n + " end", "a" + mark * n + "b"):
            assert _examined(text) <= 2 * len(text) + 2, (mark, n)
    # Twice the text, twice the work (not four times).
    assert _examined(mark * 20_000) <= 2 * _examined(mark * 10_000) + 2


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(".!?\u2026'\")] \n\tab\u00a0")), max_size=60))
def test_same_ends_as_the_expression_it_replaced(text: str) -> None:
    assert sentence_ends(text) == [m.end() for m in _OLD.finditer(text)]


def test_sentences_still_split_as_before() -> None:
    text = 'Come along! It\'s free..."Really?" Yes.\n\nSee you (soon).  Bye'
    got = [text[s:e].strip() for s, e in Sentences(text).spans]
    assert got == ["Come along!", "It's free...\"Really?\"", "Yes.", "See you (soon).", "Bye"]
