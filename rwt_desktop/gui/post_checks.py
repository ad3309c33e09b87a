"""The composer's own checking: the policy check, spelling and grammar, and what is shown.

Like novelWriter's editor, the composer owns its checks. :class:`PostChecks` runs the
policy check a moment after typing stops (:class:`~rwt_desktop.gui.live_check.LiveCheck`)
and the spelling and grammar engine beside it
(:class:`~rwt_desktop.gui.grammar_status.GrammarCheck`), merges the two for the same text
and revision, leaves out the information the person dismissed, draws the underlines, and
then emits one signal, :attr:`PostChecks.checked`, which the window listens to.

It can start before the checker exists: the window builds the checker off the UI thread,
and :meth:`PostChecks.start` checks whatever was typed meanwhile as soon as it arrives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from rwt_desktop.core.findings import Finding, Report, Severity
from rwt_desktop.core.grammar import (
    EngineState,
    EngineStatus,
    GrammarResult,
    merge_findings,
    word_to_add,
)
from rwt_desktop.gui.background import BackgroundRunner
from rwt_desktop.gui.grammar_status import GrammarCheck
from rwt_desktop.gui.live_check import CheckResult, LiveCheck
from rwt_desktop.gui.positions import PositionMap
from rwt_desktop.storage.settings import Settings

if TYPE_CHECKING:  # the checker's modules load on the worker thread that builds it
    from rwt_desktop.core.checker import Checker
    from rwt_desktop.gui.composer import Composer


@dataclass(frozen=True)
class Checked:
    """A finished check as the person sees it: the result and the findings shown."""

    result: CheckResult
    shown: tuple[Finding, ...]


class PostChecks(QObject):
    """Checks one composer's text and draws the findings on it."""

    #: A :class:`Checked` for the text now in the composer.
    checked = Signal(object)
    #: Something to say in the status bar (the grammar engine's notices).
    message = Signal(str)

    def __init__(self, composer: Composer, runner: BackgroundRunner) -> None:
        super().__init__(composer)
        self._composer = composer
        self.live = LiveCheck(composer.document(), None, runner, parent=self)
        self.grammar = GrammarCheck(self)
        self._grammar_result: GrammarResult | None = None
        self._dismissed: set[tuple[str, str]] = set()
        #: The findings underlined and listed now.
        self.shown: tuple[Finding, ...] = ()
        self.live.resultReady.connect(self.show_result)
        self.live.checkStarted.connect(self.grammar.submit)
        self.live.edited.connect(lambda: self.grammar.mark_edited(self.live.revision))
        self.grammar.stateChanged.connect(self._on_grammar_state)
        self.grammar.resultReady.connect(self.take_grammar_result)

    # ------------------------------------------------------------------ setting up

    @property
    def ready(self) -> bool:
        """Whether the checker has arrived (until then edits wait, and are never lost)."""
        return self.live.checker is not None

    def start(self, checker: Checker, channels: Sequence[str]) -> None:
        """Use ``checker`` from now on, and check the text as it is (typed while waiting)."""
        self.live.set_checker(checker, channels)

    def configure_grammar(self, settings: Settings, local_words: Iterable[str]) -> None:
        """(Re)make the spelling and grammar engine; it starts in the background."""
        self._grammar_result = None
        self.grammar.configure(settings, local_words)
        self.refresh()

    def set_words(self, words: Iterable[str]) -> None:
        self.grammar.set_words(words)

    def close(self) -> None:
        self.grammar.close()

    # ------------------------------------------------------------------ checking

    def check_now(self) -> None:
        self.live.check_now()

    def refresh(self) -> None:
        """Show the last result again (after a dismissal or new grammar findings)."""
        last = self.live.last_result
        if last is not None and self.live.is_current(last):
            self.show_result(last)

    def show_result(self, result: CheckResult) -> None:
        result = self._with_grammar(result)
        self.shown = tuple(self.visible(result.report.findings))
        self._composer.show_findings(self.shown, result.positions)
        self.checked.emit(Checked(result, self.shown))

    def visible(self, findings: Sequence[Finding]) -> list[Finding]:
        """``findings`` without the information the person dismissed."""
        return [f for f in findings
                if not (f.severity is Severity.INFO and (f.rule, f.text) in self._dismissed)]

    def fresh_report(self, channels: Sequence[str], options: Mapping[str, object],
                     attachments: Sequence[object]) -> Report | None:
        """A report for exactly the text now in the composer (checked here if need be);
        None while the checker is still being built."""
        live = self.live
        text = self._composer.toPlainText()
        last = live.last_result
        if last is not None and live.is_current(last) and last.report.text == text \
                and tuple(live.channels) == tuple(channels):
            return last.report
        checker = live.checker
        if checker is None:
            return None
        report = checker.check(text, channels=list(channels), options=dict(options),
                               attachments=attachments)
        # Show what the read-back is about to list, so the two never disagree.
        result = CheckResult(0, live.revision, text, report, PositionMap(text))
        live.last_result = result
        self.show_result(result)
        return report

    # ------------------------------------------------------------------ dismissing

    def dismiss(self, finding: Finding) -> bool:
        """Stop showing a piece of information (warnings are acknowledged at read-back)."""
        if finding.severity is not Severity.INFO:
            return False
        self._dismissed.add((finding.rule, finding.text))
        if self.live.last_result is not None:
            self.show_result(self.live.last_result)
        return True

    def clear_dismissals(self) -> None:
        self._dismissed.clear()

    # ------------------------------------------------------------------ spelling and grammar

    def _on_grammar_state(self, state: EngineState) -> None:
        if state.status is EngineStatus.READY:
            self.grammar.submit(self._composer.toPlainText(), self.live.revision, force=True)
        elif not state.usable and self._grammar_result is not None:
            self._grammar_result = None
            self.refresh()

    def take_grammar_result(self, result: GrammarResult) -> None:
        """Spelling and grammar findings for the text, unless it has moved on since."""
        if result.revision != self.live.revision \
                or result.text != self._composer.toPlainText():
            return
        self._grammar_result = result
        if result.notice:
            self.message.emit(result.notice)
        self.refresh()

    def forget_word(self, word: str) -> None:
        """A word was added to the dictionary: take its marks away now, then check again."""
        g = self._grammar_result
        if g is not None:  # the check that follows confirms it
            kept = tuple(f for f in g.findings
                         if (word_to_add(f) or "").casefold() != word.casefold())
            self._grammar_result = replace(g, findings=kept)
            self.refresh()
        self.grammar.submit(self._composer.toPlainText(), self.live.revision, force=True)

    def _with_grammar(self, result: CheckResult) -> CheckResult:
        """``result`` with the spelling and grammar findings for the same text merged in."""
        g = self._grammar_result
        findings = g.findings if g is not None and g.text == result.text \
            and g.revision == result.revision else ()
        if not findings and not any(f.rule.startswith("grammar.")
                                    for f in result.report.findings):
            return result
        merged = replace(result, report=merge_findings(result.report, findings))
        if self.live.last_result is result:
            self.live.last_result = merged  # so the read-back lists them too
        return merged
