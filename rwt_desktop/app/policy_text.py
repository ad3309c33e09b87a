"""Finding things in the policy's own words: the golden rule and a rule's clause.

Plain text handling, no Qt, so it is easy to test. The words come from ``policy.txt`` (the
user's policy folder's copy if it has one, else the built-in one); nothing here knows what
the policy says.
"""

from __future__ import annotations

import re
from pathlib import Path

from rwt_desktop.core.policy import Policy
from rwt_desktop.core.text import fold_quotes
from rwt_desktop.resources_path import read_text


def policy_text(policy: Policy | None = None) -> str:
    """The policy document for ``policy``: its folder's policy.txt, else the built-in one."""
    if policy is not None and policy.source not in ("resources", "built-in"):
        candidate = Path(policy.source) / "policy.txt"
        try:
            return candidate.read_text(encoding="utf-8")
        except OSError:
            pass
    return read_text("policy.txt")


def _normalise(text: str) -> tuple[str, list[int]]:
    """Fold quotes, dashes, case and runs of spaces; keep where each folded char came from."""
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for i, ch in enumerate(fold_quotes(text)):
        if ch.isspace():
            if in_space or not out:
                continue
            in_space = True
            out.append(" ")
        else:
            in_space = False
            out.append(ch.casefold() if len(ch.casefold()) == 1 else ch.lower())
        where.append(i)
    return "".join(out), where


def find_clause(document: str, clause: str) -> tuple[int, int] | None:
    """Where ``clause`` is in ``document`` (Python indices), ignoring case, quotes and spacing.

    Falls back to the longest run of the clause's words found in order, so a clause quoted
    with a small difference still lands near the right place.
    """
    folded_clause, _ = _normalise(clause.strip())
    folded_clause = folded_clause.strip(" .;:,")
    if not folded_clause:
        return None
    folded_doc, where = _normalise(document)
    at = folded_doc.find(folded_clause)
    if at >= 0:
        return where[at], where[at + len(folded_clause) - 1] + 1
    words = folded_clause.split(" ")
    for size in range(len(words) - 1, 1, -1):
        for first in range(len(words) - size + 1):
            piece = " ".join(words[first:first + size])
            at = folded_doc.find(piece)
            if at >= 0:
                return where[at], where[at + len(piece) - 1] + 1
    return None


def golden_rule(document: str) -> str:
    """The policy's own statement of the golden rule (the first paragraph that names it)."""
    for line in document.splitlines():
        if "golden rule" in line.casefold() and len(line.split()) > 6:
            return " ".join(line.split())
    return ""


_MISCONSTRUED = re.compile(r"misconstrued as (?P<what>.+?),? (?:do not|don't) post",
                           re.IGNORECASE)


def golden_rule_tests(rule: str) -> str:
    """What the golden rule asks the post not to be read as ("offensive, ... or harmful")."""
    found = _MISCONSTRUED.search(rule)
    return found.group("what").strip() if found else ""
