"""The main window: composer, channels, findings, tone and the way out through the read-back.

A thin layer: the application layer (:mod:`rwt_desktop.app`) knows the post, its
confirmation and the records; the composer checks itself and says so with one signal
(:class:`~rwt_desktop.gui.post_checks.PostChecks`); this module wires them to widgets laid
out by :class:`~rwt_desktop.gui.window_ui.MainWindowUi`. Drafts and the policy's workflow
are in the mixins :mod:`~rwt_desktop.gui.window_drafts` and
:mod:`~rwt_desktop.gui.window_workflow`.

Everything that would publish the post (copy for a channel, export a post pack, copying the
whole post from the composer) goes through :meth:`MainWindow.confirmed_post`, which opens
:class:`ReadBackDialog` unless the person has confirmed this exact text for these exact
channels; any edit voids that confirmation. Until then no widget lets more than a few words
of the post leave (:mod:`rwt_desktop.gui.copyguard`).

The window shows itself at once: the policy is loaded and its checker built off the UI
thread (:mod:`rwt_desktop.app.startup`), the status bar says "Getting the checks ready…",
and whatever is typed meanwhile is checked as soon as the checker arrives.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QWidget

from rwt_desktop.app import APP_NAME
from rwt_desktop.app import review as workflow
from rwt_desktop.app.post import ComposedPost, DraftKeeper
from rwt_desktop.app.startup import LoadedPolicy, load_policy_and_checker, open_database
from rwt_desktop.core.findings import Finding, Severity
from rwt_desktop.core.policy import Policy
from rwt_desktop.gui.background import BackgroundRunner
from rwt_desktop.gui.copyguard import CopyGuard, guard_item_view, unselectable
from rwt_desktop.gui.dialogs import Banner, RecordDialog, SettingsDialog
from rwt_desktop.gui.grammar_status import GrammarCheck, engine_settings, install_finding_menu
from rwt_desktop.gui.image_drops import ImageDropFilter
from rwt_desktop.gui.live_check import CheckResult, LiveCheck
from rwt_desktop.gui.policy_viewer import PolicyViewer
from rwt_desktop.gui.post_checks import Checked, PostChecks
from rwt_desktop.gui.window_drafts import DraftsMixin
from rwt_desktop.gui.window_release import GETTING_READY, ReleaseMixin
from rwt_desktop.gui.window_ui import MainWindowUi
from rwt_desktop.gui.window_workflow import WorkflowMixin
from rwt_desktop.storage.paths import ProfileDirs
from rwt_desktop.storage.settings import Settings, SettingsStore

if TYPE_CHECKING:  # the checker's modules load on the worker thread that builds it
    from rwt_desktop.core.checker import Checker

#: Save the draft this long after typing stops, and at least this often while typing.
DRAFT_PAUSE_MS = 1500
DRAFT_INTERVAL_MS = 5000


class MainWindow(ReleaseMixin, WorkflowMixin, DraftsMixin, MainWindowUi):
    """The application's one window: it wires the widgets to the application layer."""

    def __init__(self, dirs: ProfileDirs, *, synchronous: bool = False,
                 ask_policy_acknowledgement: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.dirs = dirs
        self.runner = BackgroundRunner(self, synchronous=synchronous)
        self.runner.failed.connect(
            lambda msg: self.statusBar().showMessage(f"The check failed: {msg}", 10000))
        self.settings_store = SettingsStore(dirs.config)
        settings, settings_problem = self.settings_store.load()
        self.drafts, self.record, database_problem = open_database(dirs.database)
        self.draft_keeper = DraftKeeper(self.drafts, dirs.data)
        self._policy_viewer: PolicyViewer | None = None
        self._closed = False
        self.read_back_when_ready = False  # Ctrl+Return pressed while getting ready
        #: Open the policy acknowledgement after the first show when it is due (tests that
        #: are not about it turn this off; see check_policy_acknowledged).
        self._ask_policy_ack = ask_policy_acknowledgement
        self._shown_once = False
        self._picture_count = 0
        if not synchronous:
            # The slow part of starting (load the policy, build its checker) runs on the
            # worker while the widgets are built; its result arrives once the window is up.
            self._get_ready(settings.policy_path)

        self.build_ui(self.runner)
        # The person's channels until the policy says which it knows (drafts keep them).
        self.post = ComposedPost(self.composer.toPlainText, settings,
                                 channels=tuple(settings.channels))
        self.checks: PostChecks = self.composer.checks
        self._wire()
        self._pause_save = QTimer(self, singleShot=True, interval=DRAFT_PAUSE_MS)
        self._pause_save.timeout.connect(self.save_draft)
        self._interval_save = QTimer(self, interval=DRAFT_INTERVAL_MS)
        self._interval_save.timeout.connect(self.save_draft)
        self._interval_save.start()
        for problem in (settings_problem, database_problem, self.drafts.problem):
            if problem:
                self.show_problem(str(problem))
        self._update_ready_bar()
        self.resize(1180, 760)
        self.statusBar().showMessage(GETTING_READY)
        if synchronous:  # tests: the checker is ready before the constructor returns
            self._get_ready(settings.policy_path)

    # ================================================================== wiring

    @property
    def settings(self) -> Settings:
        return self.post.settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self.post.settings = settings

    @property
    def policy(self) -> Policy | None:
        """The policy in use; None only while the window is getting ready."""
        return self.post.policy

    @property
    def checker(self) -> Checker | None:
        """The policy's checker; None while the window is getting ready."""
        return self.checks.live.checker

    @property
    def live(self) -> LiveCheck:
        """The composer's policy check."""
        return self.checks.live

    @property
    def grammar(self) -> GrammarCheck:
        """The composer's spelling and grammar engine."""
        return self.checks.grammar

    def _wire(self) -> None:
        #: What the window's own widgets may let out before the read-back (see copyguard).
        self.post_guard = CopyGuard(
            lambda: [self.composer.toPlainText(), self.outgoing_text()],
            lambda: self.current_confirmation() is not None,
            released=self._copied_when_confirmed)
        self.composer.set_copy_guard(self.post_guard)
        self.preview.set_copy_guard(self.post_guard)
        guard_item_view(self.findings.tree, self.post_guard)
        unselectable(self.findings.detail)  # messages can quote the post

        self.checks.checked.connect(self._show_checked)
        self.checks.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.checks.live.edited.connect(
            lambda: self._void_confirmation("The post changed after the read-back."))
        self.checks.live.set_options(self.post.check_options())
        self.checks.grammar.stateChanged.connect(self.grammar_status.show_state)
        self.composer.document().contentsChange.connect(self._on_contents_change)
        install_finding_menu(
            self.composer, lambda pos: [m[2] for m in self.composer.highlighter.marks_at(pos)],
            self.apply_suggestion, self.add_to_dictionary)

        self.channels_panel.selectionChanged.connect(self._on_channels_changed)
        self.findings.findingActivated.connect(self.select_finding)
        self.findings.suggestionChosen.connect(self.apply_suggestion)
        self.findings.whyRequested.connect(lambda f: self.show_policy(f.clause))
        self.findings.dismissRequested.connect(self.dismiss_finding)
        self.findings.addWordRequested.connect(self.add_to_dictionary)

        self.images.attachmentsChanged.connect(self._on_attachments_changed)
        self.images.problem.connect(lambda message: self.show_problem(message))
        # Picture files dropped on the composer or anywhere in the window are attached.
        self._image_drops = ImageDropFilter(self.images, self)
        self.composer.viewport().installEventFilter(self._image_drops)
        self.setAcceptDrops(True)
        self.installEventFilter(self._image_drops)

        for act, slot in ((self.new_action, self.new_post), (self.drafts_action, self.open_drafts),
                          (self.attach_action, self.images.ask_and_attach),
                          (self.export_action, self.export_post_pack),
                          (self.open_review_action, lambda: self.open_review()),
                          (self.load_reply_action, lambda: self.load_review_reply()),
                          (self.record_action, self.open_record),
                          (self.settings_action, self.open_settings),
                          (self.quit_action, self.close),
                          (self.undo_action, self.composer.undo),
                          (self.redo_action, self.composer.redo),
                          (self.read_back_action, self.read_back),
                          (self.second_opinion_action, self.ask_second_opinion),
                          (self.check_action, self.check_now),
                          (self.policy_clauses_action, self.show_policy_clauses),
                          (self.policy_action, lambda: self.show_policy("")),
                          (self.legend_action, self.show_legend)):
            act.triggered.connect(lambda _=False, s=slot: s())
        self.read_back_button.clicked.connect(self.read_back)
        self.export_button.clicked.connect(self.export_post_pack)
        self.personal_account_box.setChecked(self.settings.personal_account)
        self.personal_account_box.toggled.connect(self.set_personal_account)
        for widget in self._needs_policy():
            widget.setEnabled(False)

    def _needs_policy(self) -> list[QWidget | QAction]:
        """What stays off until the policy is ready (typing never waits)."""
        return [self.export_button, self.export_action, self.second_opinion_action,
                self.policy_clauses_action,
                self.policy_action, self.settings_action]

    def _get_ready(self, path: str) -> None:
        """Load the policy and build its checker on the worker thread."""
        self.runner.start(lambda: load_policy_and_checker(path, fall_back=True,
                                                          cache_dir=self.dirs.cache),
                          self._first_policy_ready)

    def _first_policy_ready(self, loaded: LoadedPolicy) -> None:
        """The policy and its checker have arrived: check what was typed, then offer drafts."""
        if self._closed:
            return
        if self.statusBar().currentMessage() == GETTING_READY:
            self.statusBar().clearMessage()
        if loaded.problem:
            self.show_problem(loaded.problem)
        self.set_policy(loaded.policy, loaded.checker)
        for widget in self._needs_policy():
            widget.setEnabled(True)
        self.start_grammar()
        self.offer_unfinished_drafts()
        if self.read_back_when_ready:  # asked for while getting ready (Ctrl+Return)
            self.read_back_when_ready = False
            self.statusBar().clearMessage()
            QTimer.singleShot(0, self.read_back)

    # ================================================================== checking

    def check_now(self) -> None:
        self.checks.check_now()

    def _on_contents_change(self, _position: int, removed: int, added: int) -> None:
        if not (removed or added):
            return
        if self.channels_panel.live:
            self.channels_panel.update_text(self.outgoing_text())
        self.draft_keeper.dirty = True
        self._pause_save.start()

    def _show_checked(self, checked: Checked) -> None:
        report = checked.result.report
        self.findings.set_findings(list(checked.shown))
        self.tone.set_tone(report.tone)
        self.channels_panel.update_lengths(report.channels)
        self._update_preview(checked.result)
        self._update_ready_bar()
        from rwt_desktop.core.checker import MAX_CHECKED_CHARS

        self.checked_note.setVisible(len(report.text) > MAX_CHECKED_CHARS)
        self.checked_note.setText(
            f"This post is very long: only the first {MAX_CHECKED_CHARS:,} of its "
            f"{len(report.text):,} characters were checked. The rest was not checked at all, "
            "and is far too long for any channel.")

    def _update_preview(self, result: CheckResult | None = None) -> None:
        if self.policy is None:
            return
        result = result or self.checks.live.last_result
        chosen = self.channels_panel.chosen()
        lengths = {cid: length for cid in chosen
                   if (length := self.channels_panel.length(cid)) is not None}
        if result is not None and not lengths:
            lengths = dict(result.report.channels)
        self.preview.show_preview(self.outgoing_text(),  # with the pictures' credits
                                  [self.policy.channel(cid) for cid in chosen], lengths)

    def _on_channels_changed(self, chosen: list[str]) -> None:
        self.post.channels = tuple(chosen)
        self.channels_panel.update_text(self.outgoing_text())
        if self.policy is not None:
            self.images.set_channels([self.policy.channel(cid) for cid in chosen])
        self._void_confirmation("The channels changed after the read-back.")
        self.checks.live.set_channels(chosen)
        self.draft_keeper.dirty = True
        self._update_ready_bar()

    def outgoing_text(self) -> str:
        """The post as it goes out: the words, then the pictures' credits (if any)."""
        return self.post.outgoing_text()

    def final_texts(self, channels: Sequence[str]) -> dict[str, str]:
        """The exact text each channel will get: the post, then the pictures' credits."""
        return self.post.final_texts(channels)

    def check_options(self) -> dict[str, object]:
        return self.post.check_options()

    # ================================================================== findings

    def select_finding(self, finding: Finding) -> None:
        if finding.image:  # about a picture, not the words: show that picture's form
            self.show_pictures()
            self.images.select_image(finding.image)
            return
        if not self.composer.select_finding(finding):
            self.statusBar().showMessage("That text has changed; checking again.", 4000)
            self.check_now()

    def apply_suggestion(self, finding: Finding, replacement: str) -> None:
        if self.composer.replace_finding(finding, replacement):
            self.statusBar().showMessage(
                f"Replaced “{finding.text}” with “{replacement}”. Ctrl+Z undoes it.", 6000)
            self.composer.setFocus()
        else:
            self.statusBar().showMessage("That text has changed; checking again.", 4000)
            self.check_now()

    def dismiss_finding(self, finding: Finding) -> None:
        self.checks.dismiss(finding)  # only information; warnings are acknowledged later

    def add_to_dictionary(self, finding: Finding) -> None:
        """Stop flagging a word that is spelt right: save it to the person's dictionary."""
        from rwt_desktop.core.grammar import word_to_add

        word = word_to_add(finding)
        if word is None:
            return
        words = list(self.settings.dictionary)
        if word.casefold() not in {w.casefold() for w in words}:
            words.append(word)
        self._save_settings(dataclasses.replace(self.settings, dictionary=words))
        local = self.policy.local_words if self.policy else ()
        self.checks.set_words([*local, *self.settings.dictionary])
        self.checks.forget_word(word)
        self.statusBar().showMessage(f"“{word}” is in your dictionary now.", 6000)

    def start_grammar(self) -> None:
        """(Re)make the spelling and grammar engine the settings ask for."""
        self.checks.configure_grammar(self.settings,
                                      self.policy.local_words if self.policy else ())

    def show_policy(self, clause: str = "") -> PolicyViewer:
        from rwt_desktop.app.policy_text import policy_text

        if self._policy_viewer is not None:
            self._policy_viewer.close()
        viewer = PolicyViewer(policy_text(self.policy), clause, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.destroyed.connect(lambda *_: setattr(self, "_policy_viewer", None))
        viewer.show()
        self._policy_viewer = viewer
        return viewer

    def show_legend(self) -> None:
        from rwt_desktop.gui.severity_style import LOOKS, ORDER

        self.show_problem("\n".join(f"{LOOKS[s].word}: {LOOKS[s].shape} — "
                                    f"{LOOKS[s].heading.lower()}" for s in ORDER),
                          Severity.INFO)

    def show_pictures(self) -> None:
        """Bring the pictures and their form to the front."""
        self.left_tabs.setCurrentWidget(self.pictures_tab)

    def _on_attachments_changed(self, attachments: list) -> None:
        count = len(attachments)
        self.left_tabs.setTabText(self.left_tabs.indexOf(self.pictures_tab),
                                  f"P&ictures ({count})" if count else "P&ictures")
        if count > self._picture_count:
            self.show_pictures()  # a new picture: its form is next
        self._picture_count = count
        self.post.attachments = tuple(attachments)
        self._void_confirmation("The pictures changed after the read-back.")
        self.channels_panel.update_text(self.outgoing_text())
        self.checks.live.set_attachments(attachments)
        self._update_preview()
        self._update_ready_bar()

    # ================================================================== record, settings

    def open_record(self) -> RecordDialog:
        dialog = RecordDialog(self.record.list(), self.record.export_csv, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_settings(self) -> None:
        if self.policy is None:
            return
        dialog = SettingsDialog(self.settings, self.policy.channels, self)
        if dialog.exec():
            self.apply_settings(dialog.value())

    def apply_settings(self, settings: Settings) -> None:
        old_policy = self.settings.policy_path
        if settings.policy_path == old_policy:
            self._use_settings(settings)
            return
        # A new policy folder becomes the setting only once it has loaded, so one with a
        # mistake cannot stop every later start. It loads off the UI thread.
        self._use_settings(dataclasses.replace(settings, policy_path=old_policy))
        path = settings.policy_path
        self.statusBar().showMessage("Loading the policy…")
        self.runner.start(lambda: load_policy_and_checker(path, fall_back=False,
                                                          cache_dir=self.dirs.cache),
                          lambda got: self._policy_loaded(path, got))

    def _use_settings(self, settings: Settings, *, restart_grammar: bool = False) -> None:
        old_grammar = engine_settings(self.settings)
        self._save_settings(settings)
        if engine_settings(settings) != old_grammar or restart_grammar:
            self.start_grammar()  # another engine, or the new policy's local words
        self.statusBar().showMessage("Settings saved.", 4000)

    def _policy_loaded(self, path: str, loaded: LoadedPolicy) -> None:
        if loaded.problem is not None or loaded.checker is None:
            self.show_problem(f"Could not use the policy in {path}: {loaded.problem}. The "
                              "policy in use has not changed, and neither has the setting.")
            return
        self.set_policy(loaded.policy, loaded.checker)
        self._use_settings(dataclasses.replace(self.settings, policy_path=path),
                           restart_grammar=True)
        self.statusBar().showMessage("The new policy is in use.", 5000)

    def set_policy(self, policy: Policy, checker: Checker | None = None) -> None:
        """Use ``policy`` (and its ``checker``, built here if not given)."""
        from rwt_desktop.core.checker import Checker

        first = self.post.policy is None
        # At start-up: the person's channels, or a draft's opened before the policy came.
        chosen = (policy.chosen_or_default(self.post.channels) if first
                  else self.channels_panel.chosen())
        if not first:
            self._void_confirmation("The policy changed after the read-back.")
        self.post.policy = policy
        known = {ch.id for ch in policy.channels}
        self.channels_panel.set_channels(policy.channels, [c for c in chosen if c in known])
        self.show_channels_menu(policy.channels, self.copy_for)
        self.personal_account_box.setToolTip(workflow.own_account_tip(policy))
        self.second_opinion_action.setToolTip(workflow.second_opinion_tip(policy))
        chosen = self.channels_panel.chosen()
        self.post.channels = tuple(chosen)
        self.images.set_channels([policy.channel(cid) for cid in chosen])
        self.channels_panel.update_text(self.outgoing_text())
        self.checks.start(checker if checker is not None else Checker(policy), chosen)
        self._update_ready_bar()
        if self._ask_policy_ack and self._shown_once:
            QTimer.singleShot(0, self.check_policy_acknowledged)  # a new policy to read

    # ================================================================== messages, closing

    def show_problem(self, message: str, severity: Severity = Severity.WARN) -> Banner:
        self.statusBar().showMessage(message.splitlines()[0], 15000)
        banner = Banner(message, severity, parent=self, name="problemBanner")
        self.banners.addWidget(banner)
        return banner

    def closeEvent(self, event: QCloseEvent) -> None:
        # Nothing may escape from here: an exception in closeEvent leaves a half-closed window.
        try:
            if not self._closed and not self._ready_to_close():
                event.ignore()
                return
            self.shutdown()
        except Exception as exc:
            print(f"rwt-desktop: while closing: {exc}", file=sys.stderr)
        super().closeEvent(event)

    def _ready_to_close(self) -> bool:
        """Save; if that fails, ask before the words in the window are lost."""
        self.draft_keeper.dirty = True
        return self.save_draft() or self.ask_close_unsaved()

    def shutdown(self) -> None:
        """Save, mark the draft closed cleanly, and stop background work."""
        if self._closed:
            return
        self._pause_save.stop()
        self._interval_save.stop()
        self.runner.drain()
        self.checks.close()
        self.images.drain()
        try:
            self.draft_keeper.close(self.composer.toPlainText(), self.post.channels)
        finally:
            self._closed = True
            self.drafts.close()
            self.record.close()

