"""Harper: the built-in offline spelling and grammar checker (harper-py, British English).

No Java, no download and no network, so a volunteer's ``.exe`` has spelling and grammar out
of the box. Building the ``Linter`` (its curated dictionary) takes about half a second, so it
happens on a background thread; a check of a 280-character post then takes a few
milliseconds. A ``Linter`` is not thread-safe (a second concurrent call raises), which the
engine's lock takes care of.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rwt_desktop.core.grammar.base import (
    EngineStatus,
    GrammarEngine,
    GrammarResult,
    RawIssue,
    plain_message,
    safe_text,
)

log = logging.getLogger(__name__)

#: Harper's lint kind for misspellings; everything else is grammar, style or punctuation.
SPELLING_KIND = "Spelling"

#: A family name in the plural ("the Hendersons"): not a misspelling if the name alone is fine.
_PLURAL_NAME = re.compile(r"[A-Z][a-z]+s")


def _about_a_masked_part(start: int, end: int, problem: str, message: str,
                         ignored: list[tuple[int, int]]) -> bool:
    """Harper sees a masked part (a link, "PCSOs", a number) as blank and may comment on the
    blank: "Remove `the` before ` `", "Unnecessary space". Those are not about the post."""
    if "` `" in message:
        return True
    touching = any(s <= end and start <= e for s, e in ignored)
    return touching and not problem.strip()


class HarperEngine(GrammarEngine):
    name = "harper"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("start_timeout", 30.0)
        super().__init__(*args, **kwargs)
        self._linter: Any = None
        self._harper: Any = None

    def _start(self) -> None:
        try:
            import harper
        except ImportError:
            self._set_state(EngineStatus.UNAVAILABLE,
                            "The built-in spelling checker (Harper) is missing from this "
                            "installation.")
            return
        linter = harper.Linter(harper.Dialect.BRITISH)
        disabled = set(self.config.harper_disabled_rules)
        if disabled:
            known = linter.get_default_lint_config()
            unknown = disabled - set(known)
            if unknown:
                log.warning("grammar.toml names Harper rules that do not exist: %s",
                            ", ".join(sorted(unknown)))
            linter.set_lint_config({rule: False for rule in disabled if rule in known})
        with self._lock:
            self._harper = harper
            self._linter = linter
            self._load_words()
        self._set_state(EngineStatus.READY)

    def _load_words(self) -> None:
        """Give Harper the word list (with possessives), replacing the last one. Lock held."""
        if self._linter is None:
            return
        words: list[str] = []
        for w in self.words:
            words.append(w)
            if w[-1:].isalpha():
                words += [f"{w}'s", f"{w}’s"]
        self._linter.clear_words()
        if words:
            self._linter.import_words(words)

    def _words_changed(self) -> None:
        with self._lock:
            self._load_words()

    def _name_not_a_slip(self, kind: str, problem: str, suggestions: Any) -> bool:
        """Harper's guesses about people's names that are wrong: "the Hendersons" (a known
        name in the plural) as a misspelling, and "Sam" as an acronym to put in capitals."""
        if kind == SPELLING_KIND and _PLURAL_NAME.fullmatch(problem):
            stem = problem[:-1]
            return not any(str(x.lint_kind) == SPELLING_KIND
                           for x in self._linter.lint(stem, language="plaintext"))
        if kind == "Capitalization" and problem.istitle() and len(problem) > 1:
            texts = [s.replacement_text for s in suggestions]
            return bool(texts) and all(s.isupper() for s in texts)
        return False

    def _check(self, text: str) -> GrammarResult:
        safe = safe_text(text)
        mask = self.config.ignore_regex or None
        lints = self._linter.lint(safe, language="plaintext", regex_mask=mask)
        ignored = self.config.ignored_spans(safe) if mask else []
        issues: list[RawIssue] = []
        for lint in lints:
            span = lint.span
            kind = str(lint.lint_kind)
            problem = lint.problem_text
            if self._name_not_a_slip(kind, problem, lint.suggestions):
                continue
            if _about_a_masked_part(span.start, span.end, problem, lint.message, ignored):
                continue
            suggestions: list[str] = []
            for s in lint.suggestions:
                kind_value = int(s.kind)
                if kind_value == 0:  # REPLACE
                    suggestions.append(s.replacement_text)
                elif kind_value == 2:  # INSERT_AFTER: the whole span as it would read
                    suggestions.append(problem + s.replacement_text)
                # REMOVE has no text to offer as a button; the message says what to remove.
            spelling = kind == SPELLING_KIND
            message = (f"“{problem}” may be misspelt. Check it, or add it to your dictionary "
                       "if it is right." if spelling else plain_message(lint.message))
            issues.append(RawIssue(span.start, span.end, kind, spelling, message,
                                   tuple(suggestions)))
        state = self._set_state(EngineStatus.READY)
        return GrammarResult(text, self.findings_from(text, issues), state)
