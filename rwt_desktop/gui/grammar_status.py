"""Spelling and grammar in the window: the engine's life, its status, and its findings.

The core does the work (``rwt_desktop.core.grammar``); this module only carries it across
threads. :class:`GrammarCheck` makes the engine the Settings ask for, starts it (Harper builds
its dictionary for about a second, on its own thread), and runs checks on a
:class:`~rwt_desktop.core.grammar.GrammarRunner`: never on the policy checks' pool, so a slow
LanguageTool server cannot hold up the checks that matter most. The engine and the runner
call back on their own threads; both go through queued signals to the window.

Also here: the permanent status-bar label, the "Spelling and grammar" part of Settings (with
the notice before the public LanguageTool service can be turned on), and the composer's
context menu (suggestions and "Add to dictionary" for the words under the pointer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from rwt_desktop.core.findings import Finding
from rwt_desktop.core.grammar import (
    EngineState,
    EngineStatus,
    GrammarEngine,
    GrammarResult,
    GrammarRunner,
    engine_from_settings,
    word_to_add,
)
from rwt_desktop.gui.plain import plain_tip
from rwt_desktop.storage.settings import Settings

#: The Settings fields that decide which engine runs and how.
ENGINE_FIELDS = ("grammar_engine", "languagetool_url", "public_languagetool")

ENGINE_CHOICES: tuple[tuple[str, str], ...] = (
    ("harper", "Harper (built in, nothing leaves this computer)"),
    ("languagetool", "LanguageTool (our organisation's server, or installed here)"),
    ("off", "Off"),
)

OFF_STATE = EngineState("off", EngineStatus.OFF)

#: The widest the status bar's note gets (it wraps beyond), in pixels.
STATUS_WIDTH = 440

#: How long after the window is made the engine starts (it starts sooner if a check needs it).
ENGINE_START_DELAY_MS = 500


def engine_settings(settings: Settings) -> tuple[object, ...]:
    return tuple(getattr(settings, name) for name in ENGINE_FIELDS)


class GrammarCheck(QObject):
    """One engine and its runner for the window, handing results back on the UI thread."""

    #: The engine's :class:`EngineState` changed (on the UI thread).
    stateChanged = Signal(object)
    #: A :class:`GrammarResult` the runner still thought current (the window checks again).
    resultReady = Signal(object)
    _state_from_thread = Signal(object)
    _result_from_thread = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine: GrammarEngine | None = None
        self.runner: GrammarRunner | None = None
        self._submitted: tuple[str, int] | None = None
        self._closed = False
        # Emitted from worker threads; this object lives on the UI thread, so they queue.
        self._state_from_thread.connect(self._on_state)
        self._result_from_thread.connect(self._on_result)

    # ------------------------------------------------------------------ engine life

    @property
    def state(self) -> EngineState:
        return self.engine.state if self.engine is not None else OFF_STATE

    def configure(self, settings: Settings, local_words: Iterable[str]) -> None:
        """(Re)make the engine the settings ask for and start it; returns at once."""
        self.close(final=False)
        self._closed = False
        engine = engine_from_settings(settings, list(local_words))
        self.engine = engine
        if engine is None:
            self.stateChanged.emit(OFF_STATE)
            return
        self.runner = GrammarRunner(engine)

        def listener(state: EngineState, engine: GrammarEngine = engine) -> None:
            if not self._closed and engine is self.engine:
                self._state_from_thread.emit(state)

        engine.add_state_listener(listener)
        self.stateChanged.emit(engine.state)
        # Harper builds its dictionary on a thread of its own (half a second of a core): let
        # the window come up first. A check asked for sooner starts it at once anyway.
        QTimer.singleShot(ENGINE_START_DELAY_MS, engine.start)

    def set_words(self, words: Iterable[str]) -> None:
        if self.engine is not None:
            self.engine.set_words(list(words))

    def close(self, final: bool = True) -> None:
        """Stop the runner, then the engine (window close, or before making a new one)."""
        self._closed = True
        runner, engine = self.runner, self.engine
        self.runner = None
        self.engine = None
        self._submitted = None
        if runner is not None:
            runner.close()
        if engine is not None:
            engine.close()
        if not final:
            self._closed = False

    # ------------------------------------------------------------------ checking

    def submit(self, text: str, revision: int, *, force: bool = False) -> bool:
        """Check ``text`` (taken at edit ``revision``) unless that exact request is queued."""
        if self.runner is None or self._closed:
            return False
        if not force and self._submitted == (text, revision):
            return False
        self._submitted = (text, revision)
        runner = self.runner

        def deliver(result: GrammarResult) -> None:
            if not self._closed and runner is self.runner:
                self._result_from_thread.emit(result)

        runner.submit(text, revision, deliver)
        return True

    def mark_edited(self, revision: int) -> None:
        if self.runner is not None:
            self.runner.mark_edited(revision)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """For tests: wait until the runner has nothing running or waiting."""
        return self.runner is None or self.runner.wait_idle(timeout)

    @Slot(object)
    def _on_state(self, state: EngineState) -> None:
        if self._closed:
            return
        self.stateChanged.emit(state)

    @Slot(object)
    def _on_result(self, result: GrammarResult) -> None:
        if self._closed or self.runner is None or not self.runner.is_current(result):
            return
        self.resultReady.emit(result)


class GrammarStatusLabel(QLabel):
    """The status bar's permanent note: which checker runs, and whether it can."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("grammarStatus")
        self.setAccessibleName("Spelling and grammar checker")
        # A reason can be long: it wraps rather than push the status bar's messages (a
        # refused copy says why there) out of sight.
        self.setWordWrap(True)
        self.setMaximumWidth(STATUS_WIDTH)
        self.show_state(OFF_STATE)

    def show_state(self, state: EngineState) -> None:
        """Plain words, with the reason in the label itself when it is not working."""
        self.setTextFormat(Qt.TextFormat.PlainText)
        text = status_words(state)
        self.setText(text)
        self.setMinimumWidth(min(STATUS_WIDTH, self.fontMetrics().horizontalAdvance(text) + 8))
        self.setToolTip(plain_tip(text))
        self.setAccessibleDescription(text)


def status_words(state: EngineState) -> str:
    """What the status bar says about spelling and grammar."""
    if state.status is EngineStatus.OFF:
        return "Spelling and grammar: off"
    if state.status in (EngineStatus.UNAVAILABLE, EngineStatus.ERROR):
        reason = state.message.strip() or "it did not say why."
        if not reason.endswith((".", "!", "?")):
            reason += "."
        return (f"Grammar check unavailable: {reason} Spelling and grammar are not being "
                "checked; the policy checks still run.")
    return state.describe()


# ---------------------------------------------------------------------- Settings


def public_notice() -> str:
    from rwt_desktop.core.grammar.languagetool_engine import PUBLIC_NOTICE

    return PUBLIC_NOTICE


class GrammarSettingsBox(QGroupBox):
    """The "Spelling and grammar" part of the Settings window."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__("Spelling and grammar", parent)
        self.setObjectName("grammarSettings")
        form = QFormLayout(self)
        self.engine = QComboBox(self)
        self.engine.setObjectName("settingsGrammarEngine")
        self.engine.setAccessibleName("Spelling and grammar checker")
        for key, label in ENGINE_CHOICES:
            self.engine.addItem(label, key)
        index = self.engine.findData(settings.grammar_engine)
        self.engine.setCurrentIndex(max(index, 0))
        engine_label = QLabel("&Checker:", self)
        engine_label.setBuddy(self.engine)
        form.addRow(engine_label, self.engine)

        self.url = QLineEdit(settings.languagetool_url, self)
        self.url.setObjectName("settingsLanguageToolUrl")
        self.url.setAccessibleName("Our LanguageTool server's address")
        self.url.setPlaceholderText("Empty: LanguageTool installed on this computer")
        url_label = QLabel("LanguageTool &server:", self)
        url_label.setBuddy(self.url)
        form.addRow(url_label, self.url)

        self.public = QCheckBox("Allow the &public LanguageTool service (sends posts to it)",
                                self)
        self.public.setObjectName("settingsPublicLanguageTool")
        self.public.setAccessibleName("Allow the public LanguageTool service")
        self.public.setToolTip(public_notice())
        self.public.setChecked(settings.public_languagetool)
        self.public.toggled.connect(self._public_toggled)
        form.addRow("", self.public)
        self.engine.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        lt = self.engine.currentData() == "languagetool"
        self.url.setEnabled(lt)
        self.public.setEnabled(lt or self.public.isChecked())

    @classmethod
    def confirm_public(cls, parent: QWidget | None) -> bool:
        """The notice before posts may go to the public service; True if the person agrees."""
        answer = QMessageBox.question(
            parent, "Use the public LanguageTool service?",
            public_notice() + "\n\nTurn on the public service?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _public_toggled(self, on: bool) -> None:
        if on and not type(self).confirm_public(self):
            self.public.blockSignals(True)
            self.public.setChecked(False)
            self.public.blockSignals(False)
        self._update()

    def apply(self, settings: Settings) -> Settings:
        return replace(settings, grammar_engine=str(self.engine.currentData() or "harper"),
                       languagetool_url=self.url.text().strip(),
                       public_languagetool=self.public.isChecked())


# ---------------------------------------------------------------------- composer menu


def install_finding_menu(composer: QPlainTextEdit, marks_at: Callable[[int], Sequence[Finding]],
                         use_suggestion: Callable[[Finding, str], None],
                         add_word: Callable[[Finding], None]) -> None:
    """Give the composer's right-click menu the suggestions and "Add to dictionary" for the
    findings under the pointer, above the usual editing entries."""
    from PySide6.QtCore import Qt

    composer.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        menu = finding_menu(composer, pos, marks_at, use_suggestion, add_word)
        menu.exec(composer.viewport().mapToGlobal(pos))
        menu.deleteLater()

    composer.customContextMenuRequested.connect(show)


def finding_menu(composer: QPlainTextEdit, pos: QPoint,
                 marks_at: Callable[[int], Sequence[Finding]],
                 use_suggestion: Callable[[Finding, str], None],
                 add_word: Callable[[Finding], None]) -> QMenu:
    menu = composer.createStandardContextMenu(pos)
    first = menu.actions()[0] if menu.actions() else None
    added = False
    for finding in marks_at(composer.cursorForPosition(pos).position()):
        for suggestion in finding.suggestions[:4]:
            act = menu.addAction(f"Use “{suggestion}”")
            act.triggered.connect(lambda _=False, f=finding, s=suggestion: use_suggestion(f, s))
            if first is not None:  # else addAction has put it where it belongs
                menu.insertAction(first, act)
            added = True
        word = word_to_add(finding)
        if word:
            act = menu.addAction(f"Add “{word}” to my dictionary")
            act.setObjectName("addToDictionaryAction")
            act.triggered.connect(lambda _=False, f=finding: add_word(f))
            if first is not None:
                menu.insertAction(first, act)
            added = True
    if added and first is not None:
        menu.insertSeparator(first)
    return menu
