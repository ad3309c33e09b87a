"""What may leave the window before the read-back: a few words of the post, never more.

The golden rule has one way out: the read-back's own confirmed copy or export. Every other
copy, cut, drag or selection (the composer, the previews, the read-back's text boxes, the
review viewer, the drafts list, the record) asks :func:`may_release` first. Short bits (up to
:data:`SHORT_WORDS` words and :data:`SHORT_CHARS` characters of the post) may go, because
people paste a name or a date into an email; anything longer waits for the read-back.

Only the post's own words count: a selection is measured by the longest run of words it
shares with the post, so a finding's message, a file name or a date in a list can be copied
while a row that quotes the post cannot. No Qt here; the window's guards call this.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

#: The most of the post that may be copied before the read-back.
SHORT_WORDS = 5
SHORT_CHARS = 40

#: Beyond this many comparisons the measure gives up and treats the whole selection as the
#: post's (a refusal when it is long): a pathological paste must not freeze the window.
WORK_LIMIT = 500_000

#: What to do first, in the main window.
READ_BACK_FIRST = "read the post back first (Ctrl+Enter)"

_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


@dataclass(frozen=True)
class Shared:
    """The longest run of the post in a selection, in words and in characters."""

    words: int = 0
    chars: int = 0

    @property
    def short(self) -> bool:
        return self.words <= SHORT_WORDS and self.chars <= SHORT_CHARS


@dataclass(frozen=True)
class Release:
    """Whether a selection may leave, and why."""

    allowed: bool
    why: str  # "empty", "short", "not-the-post", "confirmed" or "too-much"
    shared: Shared


def _key(token: str) -> str:
    return _EDGE_PUNCTUATION.sub("", token).casefold()


# Kept for the last few posts: every mouse selection in a long post asks again.
@lru_cache(maxsize=4)
def _joined(post: str) -> str:
    """The post's words joined by single spaces."""
    return " ".join(post.split())


@lru_cache(maxsize=4)
def _index(post: str) -> tuple[list[str], dict[str, list[int]]]:
    """The keys of the post's words, and where each key occurs."""
    keys = [_key(w) for w in post.split()]
    positions: dict[str, list[int]] = {}
    for n, k in enumerate(keys):
        positions.setdefault(k, []).append(n)
    return keys, positions


def _run_chars(ends: list[int], last: int, words: int) -> int:
    """Characters in the run of ``words`` words ending at word ``last`` (one space apart)."""
    return ends[last + 1] - ends[last + 1 - words] + words - 1


def shared_with(selected: str, post: str, *, stop_when_long: bool = False) -> Shared:
    """The longest run of consecutive words of ``post`` found in ``selected``.

    Words are compared without the punctuation at their ends and without case, so quotes
    around a quotation, a comma or a line break do not hide the post; the first and last
    words of the selection may be the end or the start of a post word (a selection that
    starts or stops mid-word). With ``stop_when_long`` it returns as soon as a run is too
    long to be a short bit (enough to refuse, and quick on a very long paste).
    """
    sel = selected.split()
    if not sel or not post.strip():
        return Shared()
    if " ".join(sel) in _joined(post):  # the usual case: part of the post itself
        return Shared(len(sel), len(" ".join(sel)))
    if len(sel) == 1:
        return Shared()  # one word that is not in the post
    keys, positions = _index(post)
    sel_keys = [_key(w) for w in sel]
    ends = [0]  # running total of the selection's word lengths
    for w in sel:
        ends.append(ends[-1] + len(w))
    last = len(sel) - 1
    if len(sel) * 2 > WORK_LIMIT or len(keys) * 2 > WORK_LIMIT:
        return Shared(len(sel), len(" ".join(sel)))
    best_words = best_chars = 0
    work = 0
    previous: dict[int, int] = {}
    for i, k in enumerate(sel_keys):
        if i == 0 and k:
            candidates = [n for n, pk in enumerate(keys) if pk.endswith(k)]
        elif i == last and k:
            candidates = [n for n, pk in enumerate(keys) if pk.startswith(k)]
        else:
            candidates = positions.get(k, [])
        work += len(candidates)
        if work > WORK_LIMIT:
            return Shared(len(sel), len(" ".join(sel)))
        current = {n: previous.get(n - 1, 0) + 1 for n in candidates}
        for run in current.values():
            best_words = max(best_words, run)
            best_chars = max(best_chars, _run_chars(ends, i, run))
        if stop_when_long and not Shared(best_words, best_chars).short:
            break
        previous = current
    return Shared(best_words, best_chars)


def may_release(selected: str, posts: Iterable[str], *, confirmed: bool = False) -> Release:
    """May ``selected`` go to the clipboard, the primary selection or a drag?

    ``posts`` are the texts that only leave through the read-back (the post, its text for
    each channel, the drafts in a list); ``confirmed`` is True when the read-back has been
    confirmed for exactly what is shown, and then anything may go.
    """
    if not selected.strip():
        return Release(True, "empty", Shared())
    sel = selected.split()
    if len(sel) <= SHORT_WORDS and len(" ".join(sel)) <= SHORT_CHARS:
        return Release(True, "short", Shared(len(sel), len(" ".join(sel))))
    shared = Shared()
    for post in posts:
        run = shared_with(selected, post, stop_when_long=True)
        shared = Shared(max(shared.words, run.words), max(shared.chars, run.chars))
        if not shared.short:
            break
    if shared.short:
        return Release(True, "not-the-post", shared)
    if confirmed:
        return Release(True, "confirmed", shared)
    return Release(False, "too-much", shared)


def refusal_message(verb: str = "copied", first: str = READ_BACK_FIRST) -> str:
    """What the status bar says when a copy (``verb``: copied, cut, dragged) is refused."""
    return (f"Not {verb}: {first}. Short bits of up to {SHORT_WORDS} words can be "
            f"{'copied' if verb == 'dragged' else verb}.")


__all__ = ["READ_BACK_FIRST", "SHORT_CHARS", "SHORT_WORDS", "Release", "Shared",
           "may_release", "refusal_message", "shared_with"]
