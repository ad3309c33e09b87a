"""Checking a value read from the organisation's data files before it is used.

Staff edit the policy and rules files by hand, so a value of the wrong kind must become a
clear message naming the rule and line, never a crash deep in a detector. The policy
loader, the word lists and the detectors' options all check their lists of texts here, so
the check and its wording are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["text_list"]


def text_list(value: Any, what: str, fail: Callable[[str], Exception]) -> list[str]:
    """``value`` as a list of texts: one text counts as a list of one.

    Anything else raises ``fail("<what> should be a list of texts in quotes")``; ``fail``
    makes the caller's own error, with its file and line.
    """
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise fail(f"{what} should be a list of texts in quotes")
    return list(value)
