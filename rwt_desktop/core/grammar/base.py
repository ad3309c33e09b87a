"""One interface for spelling and grammar engines, whatever runs behind it.

An engine (:class:`GrammarEngine`) is made once, started in the background
(:meth:`~GrammarEngine.start` returns at once), and then asked to
:meth:`~GrammarEngine.check` posts from a worker thread. ``check`` never raises: a missing
Java, a server that is down or slow or answers nonsense all come back as a
:class:`GrammarResult` with no findings and an :class:`EngineState` saying, in one plain
sentence, what is wrong. Each engine holds a lock so only one check runs in it at a time.

Findings are ordinary :class:`~rwt_desktop.core.findings.Finding` objects with categories
``spelling`` and ``grammar`` and rule ids like ``grammar.harper.Spelling`` or
``grammar.languagetool.MORFOLOGIK_RULE_EN_GB``, so the window, the read-back and the
command line treat them like any other finding. Nothing here imports Qt.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from rwt_desktop.core.findings import Finding, Report
from rwt_desktop.core.grammar.config import CLAUSE as CLAUSE
from rwt_desktop.core.grammar.config import MAX_WORD as MAX_WORD
from rwt_desktop.core.grammar.config import (
    GrammarConfig,
    GrammarConfigError,
    default_config,
    overlaps,
)
from rwt_desktop.core.grammar.config import parse_grammar_config as parse_grammar_config
from rwt_desktop.core.text import safe_text as safe_text  # one helper for the whole core

# grammar.toml's reader lives in .config; CLAUSE, MAX_WORD and parse_grammar_config are
# re-exported above, where callers have always imported them from.

log = logging.getLogger(__name__)

#: Longest text an engine is given (the policy checker's own limit); a bigger paste is
#: checked up to here and the result says so.
MAX_GRAMMAR_CHARS = 250_000

#: Engines a person can choose in Settings (``Settings.grammar_engine``).
ENGINE_NAMES: tuple[str, ...] = ("harper", "languagetool", "off")


class EngineStatus(StrEnum):
    """Where an engine is, for the status bar."""

    OFF = "off"  # switched off in Settings
    STARTING = "starting"  # loading its dictionary or starting its server
    READY = "ready"  # checks run
    UNAVAILABLE = "unavailable"  # cannot run on this computer (not installed, not allowed)
    ERROR = "error"  # the last check failed (server down, slow, nonsense); the next may work


@dataclass(frozen=True, slots=True)
class EngineState:
    """An engine's state and, when it is not simply ready, why, in one plain sentence."""

    engine: str
    status: EngineStatus
    message: str = ""

    @property
    def usable(self) -> bool:
        """Whether a check may find anything now (or after the start it is waiting for)."""
        return self.status in (EngineStatus.READY, EngineStatus.STARTING, EngineStatus.ERROR)

    def describe(self) -> str:
        """Short text for the status bar, e.g. "Spelling and grammar: Harper, ready"."""
        name = ENGINE_LABELS.get(self.engine, self.engine)
        text = f"Spelling and grammar: {name}, {self.status.value}"
        return f"{text}. {self.message}" if self.message else text


ENGINE_LABELS = {"harper": "Harper", "languagetool": "LanguageTool", "off": "off"}


@dataclass(frozen=True, slots=True)
class GrammarResult:
    """What one check found, and the engine's state when it finished."""

    text: str
    findings: tuple[Finding, ...]
    state: EngineState
    #: False when the text was not checked (engine not ready, failed, too long, rate-limited).
    checked: bool = True
    #: A note about this check only ("too long for the public service"), for the status bar.
    notice: str = ""
    #: Seconds after which checking the same text again may work (public API rate limit).
    retry_after: float | None = None
    elapsed: float = 0.0
    #: Set by :class:`~rwt_desktop.core.grammar.runner.GrammarRunner`.
    job_id: int = 0
    revision: int = 0


# --------------------------------------------------------------------------- helpers


_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")


def dictionary_key(word: str) -> str:
    """How a word is compared with the dictionary: trimmed, casefolded, no possessive."""
    word = word.strip().strip(".,;:!?\"“”‘’()[]")
    return _POSSESSIVE.sub("", word).casefold() if len(word) > 2 else word.casefold()


def dictionary_words(words: Iterable[str]) -> list[str]:
    """Single words from a word list (local place names may be phrases: "Vale Royal"), and
    the longer parts of hyphenated ones, which engines may flag one by one ("bric-a-brac")."""
    seen: dict[str, None] = {}
    for phrase in words:
        if not isinstance(phrase, str):
            continue
        for w in phrase.split():
            w = w.strip(".,;:!?\"“”()[]")
            if w:
                seen.setdefault(w, None)
            if "-" in w:
                for part in w.split("-"):
                    if len(part) >= 3:
                        seen.setdefault(part, None)
    return list(seen)


def word_to_add(finding: Finding) -> str | None:
    """The word an "Add to dictionary" action should save for this finding, or None.

    Only spelling findings offer it. The possessive is dropped ("Rudheath's" -> "Rudheath"),
    since both engines then accept either form.
    """
    if finding.category != "spelling" or not finding.rule.startswith("grammar."):
        return None
    word = finding.text.strip().strip(".,;:!?\"“”‘’()[]")
    if len(word) > 2:
        word = re.sub(r"['’]s$", "", word)
    return word if word and " " not in word and len(word) <= 60 else None


def plain_message(message: str) -> str:
    """Engines' messages with `code` marks turned into curly quotes, on one line."""
    message = re.sub(r"`([^`]*)`", "“\\1”", message)
    return " ".join(message.split())


def merge_findings(report: Report, findings: Iterable[Finding]) -> Report:
    """A copy of ``report`` with grammar findings added, in the checker's order."""
    merged = [f for f in report.findings if not f.rule.startswith("grammar.")]
    merged.extend(findings)
    merged.sort(key=lambda f: (f.start, -f.severity.rank, f.end, f.rule))
    return Report(text=report.text, findings=merged, tone=report.tone,
                  channels=dict(report.channels))


@dataclass(frozen=True, slots=True)
class RawIssue:
    """An engine's finding before it becomes a Finding: Python indices into the text."""

    start: int
    end: int
    rule: str
    spelling: bool
    message: str
    suggestions: tuple[str, ...] = ()


# --------------------------------------------------------------------------- the interface

StateListener = Callable[[EngineState], None]


class GrammarEngine(ABC):
    """A spelling and grammar checker behind the common interface.

    Thread use: :meth:`start`, :meth:`set_words`, :meth:`close` and :attr:`state` may be
    called from any thread; :meth:`check` blocks (milliseconds for Harper, up to the timeout
    for LanguageTool) so call it from a worker thread; the engine's lock makes concurrent
    calls wait their turn rather than fail.
    """

    name: str = ""

    def __init__(self, words: Iterable[str] = (), *, config: GrammarConfig | None = None,
                 start_timeout: float = 60.0) -> None:
        self.config = config or default_config()
        self.start_timeout = start_timeout
        self._lock = threading.Lock()  # one check at a time in this engine
        self._state_lock = threading.Lock()
        self._state = EngineState(self.name, EngineStatus.STARTING)
        self._listeners: list[StateListener] = []
        self._ready = threading.Event()  # set when the start has finished, well or badly
        self._started = False
        self._closed = False
        self._words: tuple[str, ...] = ()
        self._word_keys: frozenset[str] = frozenset()
        self._apply_words(words)

    # ------------------------------------------------------------------ state

    @property
    def state(self) -> EngineState:
        with self._state_lock:
            return self._state

    def add_state_listener(self, listener: StateListener) -> None:
        """Call ``listener(state)`` on every change, from whichever thread made it.

        A window must hand it to its own thread (emit a Qt signal from the listener).
        """
        self._listeners.append(listener)

    def _set_state(self, status: EngineStatus, message: str = "") -> EngineState:
        new = EngineState(self.name, status, message)
        with self._state_lock:
            changed = new != self._state
            self._state = new
        if changed:
            for listener in list(self._listeners):
                try:
                    listener(new)
                except Exception:  # a listener's bug must not break the check
                    log.exception("grammar state listener failed")
        return new

    # ------------------------------------------------------------------ life cycle

    def start(self) -> None:
        """Begin starting in the background (returns at once; calling again does nothing)."""
        with self._state_lock:
            if self._started or self._closed:
                return
            self._started = True
        thread = threading.Thread(target=self._run_start, name=f"grammar-start-{self.name}",
                                  daemon=True)
        thread.start()

    def _run_start(self) -> None:
        try:
            self._start()
        except Exception as exc:  # never raise out of a background start
            log.exception("grammar engine %s failed to start", self.name)
            self._set_state(EngineStatus.UNAVAILABLE,
                            f"{ENGINE_LABELS.get(self.name, self.name)} could not start "
                            f"({type(exc).__name__}).")
        finally:
            self._ready.set()

    def wait_until_started(self, timeout: float | None = None) -> bool:
        """Start if needed and wait until the start has finished (well or badly)."""
        self.start()
        return self._ready.wait(self.start_timeout if timeout is None else timeout)

    def close(self) -> None:
        """Release what the engine holds (a server process); safe to call twice."""
        self._closed = True
        try:
            self._close()
        except Exception:
            log.exception("grammar engine %s did not close cleanly", self.name)

    @abstractmethod
    def _start(self) -> None:
        """Do the slow start (on a background thread) and set the state."""

    def _close(self) -> None:  # noqa: B027 (optional hook)
        """Stop servers etc."""

    # ------------------------------------------------------------------ words

    @property
    def words(self) -> tuple[str, ...]:
        return self._words

    def set_words(self, words: Iterable[str]) -> None:
        """Words that are never misspellings: the policy's local words plus the person's
        dictionary. Replaces the previous list."""
        self._apply_words(words)
        try:
            self._words_changed()
        except Exception:
            log.exception("grammar engine %s could not take the word list", self.name)

    def _apply_words(self, words: Iterable[str]) -> None:
        given = [words] if isinstance(words, str) else [w for w in words if isinstance(w, str)]
        self._words = tuple(dictionary_words(given))
        # Whole phrases too, for engines that flag "Vale Royal" as one span.
        self._word_keys = frozenset(dictionary_key(w) for w in (*self._words, *given))

    def _words_changed(self) -> None:  # noqa: B027 (optional hook)
        """Push the word list into the engine if it keeps its own."""

    def in_dictionary(self, flagged: str) -> bool:
        return dictionary_key(flagged) in self._word_keys

    # ------------------------------------------------------------------ checking

    def check(self, text: str) -> GrammarResult:
        """Check one post. Blocks; never raises; safe from any thread (one at a time)."""
        began = time.perf_counter()
        try:
            if self._closed:
                return GrammarResult(text, (), self.state, checked=False)
            if not text.strip():  # nothing to check: no need to wait for (or cause) a start
                return GrammarResult(text, (), self.state)
            if not self._ready.is_set() and not self.wait_until_started():
                return GrammarResult(text, (), self.state, checked=False,
                                     elapsed=time.perf_counter() - began)
            if self.state.status is EngineStatus.UNAVAILABLE:
                return GrammarResult(text, (), self.state, checked=False,
                                     elapsed=time.perf_counter() - began)
            checked_text = text[:MAX_GRAMMAR_CHARS]
            with self._lock:
                result = self._check(checked_text)
            if result.checked and self.config.slips:
                result = replace(result, findings=self._with_slips(checked_text,
                                                                   result.findings))
            if checked_text is not text:
                result = replace(result, text=text, notice=result.notice or (
                    f"Only the first {MAX_GRAMMAR_CHARS:,} characters were checked for "
                    "spelling and grammar."))
        except Exception as exc:  # the contract: never raise to the caller
            log.exception("grammar engine %s failed", self.name)
            state = self._set_state(EngineStatus.ERROR,
                                    f"The spelling and grammar check failed "
                                    f"({type(exc).__name__}); other checks carry on.")
            result = GrammarResult(text, (), state, checked=False)
        return replace(result, elapsed=time.perf_counter() - began)

    def _with_slips(self, text: str, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        """The engine's findings with the volunteers' slips added (grammar_slips.toml)."""
        from rwt_desktop.core.grammar.slips import find_slips, with_slips

        try:
            slips = find_slips(text, self.config)
        except (OSError, GrammarConfigError) as exc:
            log.error("grammar_slips.toml cannot be used, so slips are not checked: %s", exc)
            return findings
        return with_slips(findings, slips) if slips else findings

    @abstractmethod
    def _check(self, text: str) -> GrammarResult:
        """Check ``text`` (called with the engine's lock held, after a good start)."""

    def findings_from(self, text: str, issues: Sequence[RawIssue]) -> tuple[Finding, ...]:
        """Turn an engine's issues into Findings: drop what is in ignored parts of the text
        (links, handles, numbers), dictionary words and bad spans; cap suggestions."""
        cfg = self.config
        ignored = cfg.ignored_spans(text)
        ignored_starts = [s for s, _ in ignored]
        out: list[Finding] = []
        seen: set[tuple[int, int, str]] = set()
        for issue in issues:
            start, end = issue.start, issue.end
            if not (0 <= start < end <= len(text)):
                continue
            flagged = text[start:end]
            if overlaps(ignored, ignored_starts, start, end):
                continue
            if self.in_dictionary(flagged):
                continue
            category = "spelling" if issue.spelling else "grammar"
            key = (start, end, category)
            if key in seen:
                continue
            seen.add(key)
            suggestions: list[str] = []
            for s in issue.suggestions:
                if s and s != flagged and s not in suggestions:
                    suggestions.append(s)
                if len(suggestions) >= cfg.max_suggestions:
                    break
            out.append(Finding(
                rule=f"grammar.{self.name}.{issue.rule}",
                category=category,
                severity=cfg.severity_for(self.name, issue.rule, category),
                start=start,
                end=end,
                text=flagged,
                message=issue.message or ("This word may be misspelt." if issue.spelling
                                          else "This may not read as you mean it to."),
                clause=cfg.clause,
                suggestions=tuple(suggestions),
            ))
        return tuple(out)
