"""Reading a rule's ``options`` table: the one place that checks what staff wrote there.

A detector's word lists and tables live in the rules files so staff can tune them; a typo
there must name the rule and its line, not crash the program. Every detector reads its
options through these helpers, so the checks and the messages are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping

from rwt_desktop.core.policy import PolicyError, RuleSpec
from rwt_desktop.core.reading import text_list

__all__ = ["option_table", "option_texts"]


def _error(spec: RuleSpec, message: str) -> PolicyError:
    return PolicyError(spec.file, spec.line, f'rule "{spec.id}": {message}')


def option_texts(spec: RuleSpec, key: str, *, lower: bool = False) -> tuple[str, ...]:
    """``options.<key>``: a list of texts (or one text), trimmed, empty ones dropped.

    ``lower`` gives them in lower case, for comparing with lower-cased text. A missing key
    is an empty list; anything else than texts raises :class:`PolicyError`.
    """
    value = text_list(spec.options.get(key, []), f"options.{key}",
                      lambda problem: _error(spec, problem))
    texts = (v.strip() for v in value)
    return tuple(t.lower() if lower else t for t in texts if t)


def option_table(spec: RuleSpec, key: str) -> dict[str, list[str]]:
    """``options.<key>``: a table from a word to a list of texts, all in lower case."""
    value = spec.options.get(key, {})
    if not isinstance(value, Mapping):
        raise _error(spec, f"options.{key} should be a table")
    out: dict[str, list[str]] = {}
    for word, items in value.items():
        items = text_list(items, f"options.{key}.{word}", lambda problem: _error(spec, problem))
        out[word.lower()] = [v.lower() for v in items]
    return out
