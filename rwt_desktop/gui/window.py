"""The main window: composer, channels, findings, tone and the way out through the read-back.

A thin layer: the core checks the text, storage keeps drafts, settings and the record, and
this module wires them to widgets. Everything that would publish the post (copy for a
channel, export a post pack, copying the whole post from the composer) goes through
:meth:`MainWindow.confirmed_post`, which opens :class:`ReadBackDialog` unless the person has
confirmed this exact text for these exact channels; any edit voids that confirmation.

One way out: until the read-back is confirmed for the current text, channels and pictures,
no other widget lets more than a few words of the post leave (copy, cut, drag, the X primary
selection). The composer, the previews and the findings list share :attr:`post_guard`
(:mod:`rwt_desktop.gui.copyguard`); the read-back, the review viewer and the drafts and
record lists guard their own. Selecting all to delete or retype is never interrupted, and a
refused copy leaves the clipboard as it was and says why in the status bar.
"""

from __future__ import annotations

import contextlib
import dataclasses
import getpass
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rwt_desktop.core.checker import MAX_CHECKED_CHARS, Checker
from rwt_desktop.core.findings import Finding, Report, Severity
from rwt_desktop.core.golden_rule import golden_questions
from rwt_desktop.core.grammar import (
    EngineState,
    EngineStatus,
    GrammarResult,
    merge_findings,
    word_to_add,
)
from rwt_desktop.core.policy import Channel, Policy, PolicyError, load_policy_or_builtin
from rwt_desktop.gui import review as review_gui
from rwt_desktop.gui.background import BackgroundRunner
from rwt_desktop.gui.channels_panel import ChannelsPanel, PreviewTabs
from rwt_desktop.gui.composer import Composer
from rwt_desktop.gui.copyguard import CopyGuard, forget_unconfirmed, guard_item_view, unselectable
from rwt_desktop.gui.dialogs import Banner, DraftsDialog, RecordDialog, SettingsDialog, local_time
from rwt_desktop.gui.findings_panel import FindingsPanel
from rwt_desktop.gui.focus_ring import apply_focus_ring
from rwt_desktop.gui.grammar_status import (
    GrammarCheck,
    GrammarStatusLabel,
    engine_settings,
    install_finding_menu,
)
from rwt_desktop.gui.images_panel import ImageDropFilter, ImagesPanel
from rwt_desktop.gui.live_check import CheckResult, LiveCheck
from rwt_desktop.gui.plain import plain_label, plain_tip
from rwt_desktop.gui.policy_ack import PolicyAckDialog
from rwt_desktop.gui.policy_text import golden_rule, policy_text
from rwt_desktop.gui.policy_viewer import PolicyViewer
from rwt_desktop.gui.positions import PositionMap
from rwt_desktop.gui.readback import PostForReadBack, ReadBackDialog, ReadBackResult
from rwt_desktop.gui.tone_meter import ToneMeter
from rwt_desktop.storage.atomic import atomic_write_bytes
from rwt_desktop.storage.database import StorageError
from rwt_desktop.storage.drafts import DraftStore
from rwt_desktop.storage.paths import DATABASE_FILENAME, ProfileDirs
from rwt_desktop.storage.record import Confirmation, ConfirmationRecord, texts_sha256
from rwt_desktop.storage.review import (
    Reviewer,
    ReviewFileError,
    ReviewReply,
    ReviewRequest,
    mailto_url,
    read_review_reply,
    read_review_request,
    write_review_request,
)
from rwt_desktop.storage.settings import Settings, SettingsStore

#: Save the draft this long after typing stops, and at least this often while typing.
DRAFT_PAUSE_MS = 1500
DRAFT_INTERVAL_MS = 5000


@dataclass(frozen=True)
class ConfirmedPost:
    """A read-back the person confirmed, valid only for this edit revision and these channels."""

    revision: int
    channels: tuple[str, ...]
    texts: dict[str, str]
    report: Report
    result: ReadBackResult


class MainWindow(QMainWindow):
    def __init__(self, dirs: ProfileDirs, *, synchronous: bool = False,
                 ask_policy_acknowledgement: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("RWT Post Checker")
        self.dirs = dirs
        self.runner = BackgroundRunner(self, synchronous=synchronous)
        self.runner.failed.connect(
            lambda msg: self.statusBar().showMessage(f"The check failed: {msg}", 10000))

        self.settings_store = SettingsStore(dirs.config)
        self.settings, settings_problem = self.settings_store.load()
        self.policy, policy_problem = self._load_policy(self.settings.policy_path)
        self.checker = Checker(self.policy)
        self.drafts, self.record, database_problem = _open_database(dirs.database)

        self._draft_id: int | None = None
        self._draft_dirty = False
        #: Why the last save failed (None once a save works), and the copy kept meanwhile.
        self._save_error: str | None = None
        self._fallback_file: Path | None = None
        self._save_banner: Banner | None = None
        self._confirmed: ConfirmedPost | None = None
        self._dismissed: set[tuple[str, str]] = set()
        self._shown_findings: list[Finding] = []
        self._policy_viewer: PolicyViewer | None = None
        self._closed = False
        #: Open the policy acknowledgement after the first show when it is due (tests that
        #: are not about it turn this off; see check_policy_acknowledged).
        self._ask_policy_ack = ask_policy_acknowledgement
        self._shown_once = False
        self._policy_ack_dialog: PolicyAckDialog | None = None
        self._review_request: tuple[ReviewRequest, Path] | None = None
        self.review_reply: ReviewReply | None = None

        self._build_widgets()
        self._build_actions()
        self.live = LiveCheck(self.composer.document(), self.checker, self.runner,
                              channels=self.channels_panel.chosen(), parent=self,
                              options=self.check_options())
        self.live.resultReady.connect(self._show_result)
        self.live.edited.connect(self._on_edited)
        self.composer.document().contentsChange.connect(self._on_contents_change)
        self._wire_grammar()
        self._wire_images()

        self._pause_save = QTimer(self)
        self._pause_save.setSingleShot(True)
        self._pause_save.setInterval(DRAFT_PAUSE_MS)
        self._pause_save.timeout.connect(self.save_draft)
        self._interval_save = QTimer(self)
        self._interval_save.setInterval(DRAFT_INTERVAL_MS)
        self._interval_save.timeout.connect(self.save_draft)
        self._interval_save.start()

        for problem in (settings_problem, policy_problem, database_problem,
                        self.drafts.problem):
            if problem:
                self.show_problem(str(problem))
        self._offer_unsaved_draft()
        self._update_ready_bar()
        self.live.check_now()
        self.resize(1180, 760)

    # ================================================================== building

    def _build_widgets(self) -> None:
        self.composer = Composer(self)
        #: What the window's own widgets may let out before the read-back (see copyguard).
        self.post_guard = CopyGuard(
            lambda: [self.composer.toPlainText(), self.outgoing_text()],
            lambda: self.current_confirmation() is not None,
            released=self._copied_when_confirmed)
        self._released_texts: set[str] = set()  # what the confirmed read-back let out
        self.composer.set_copy_guard(self.post_guard)

        self.banners = QVBoxLayout()
        self.banners.setContentsMargins(0, 0, 0, 0)

        self.read_back_button = QPushButton("&Read back…", self)
        self.read_back_button.setObjectName("readBackButton")
        self.read_back_button.setAccessibleName("Read back before copying or exporting")
        self.read_back_button.setToolTip("Read the post back before copying or exporting it "
                                         "(Ctrl+Enter)")
        self.read_back_button.clicked.connect(self.read_back)
        bold = self.read_back_button.font()
        bold.setBold(True)
        self.read_back_button.setFont(bold)
        self.ready_label = plain_label(QLabel(self))
        self.ready_label.setObjectName("readyLabel")
        self.ready_label.setWordWrap(True)
        self.copy_bar = QHBoxLayout()
        self.copy_bar.setContentsMargins(0, 0, 0, 0)
        self.copy_buttons: dict[str, QPushButton] = {}
        self.export_button = QPushButton("E&xport post pack…", self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setAccessibleName("Export a post pack folder")
        self.export_button.clicked.connect(self.export_post_pack)

        actions_row = QHBoxLayout()
        actions_row.addWidget(self.read_back_button)
        actions_row.addLayout(self.copy_bar)
        actions_row.addWidget(self.export_button)
        actions_row.addStretch(1)

        self.preview = PreviewTabs(self)
        self.preview.set_copy_guard(self.post_guard)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addLayout(self.banners)
        # The post and its previews on one tab, the pictures and their form on the other,
        # so the picture form has the height to show every field at 1024×700.
        self.left_tabs = QTabWidget(left)
        self.left_tabs.setObjectName("leftTabs")
        post_page = QWidget(self.left_tabs)
        post_layout = QVBoxLayout(post_page)
        post_layout.setContentsMargins(4, 4, 4, 4)
        compose_label = QLabel("&Post:", self)
        compose_label.setBuddy(self.composer)
        post_layout.addWidget(compose_label)
        left_split = QSplitter(Qt.Orientation.Vertical, post_page)
        left_split.addWidget(self.composer)
        preview_box = QGroupBox("Preview on each channel", self)
        QVBoxLayout(preview_box).addWidget(self.preview)
        left_split.addWidget(preview_box)
        left_split.setStretchFactor(0, 3)
        left_split.setStretchFactor(1, 2)
        post_layout.addWidget(left_split, 1)
        self.left_tabs.addTab(post_page, "Post")
        self._build_images_panel(self.left_tabs)
        left_layout.addWidget(self.left_tabs, 1)
        #: Says when a very long paste was only partly checked.
        self.checked_note = QLabel(self)
        self.checked_note.setObjectName("checkedNote")
        self.checked_note.setTextFormat(Qt.TextFormat.PlainText)
        self.checked_note.setWordWrap(True)
        self.checked_note.hide()
        left_layout.addWidget(self.checked_note)
        left_layout.addWidget(self.ready_label)
        left_layout.addLayout(actions_row)

        self.channels_panel = ChannelsPanel(
            self.policy.channels, self.policy.chosen_or_default(self.settings.channels),
            parent=self)
        self.channels_panel.selectionChanged.connect(self._on_channels_changed)
        self.tone = ToneMeter(self)
        self.findings = FindingsPanel(self)
        self.findings.findingActivated.connect(self.select_finding)
        self.findings.suggestionChosen.connect(self.apply_suggestion)
        self.findings.whyRequested.connect(self.show_why)
        self.findings.dismissRequested.connect(self.dismiss_finding)
        guard_item_view(self.findings.tree, self.post_guard)
        unselectable(self.findings.detail)  # messages can quote the post

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 6, 6)
        channels_box = QGroupBox("&Channels", self)
        QVBoxLayout(channels_box).addWidget(self.channels_panel)
        tone_box = QGroupBox("Tone", self)
        QVBoxLayout(tone_box).addWidget(self.tone)
        findings_box = QGroupBox("Findin&gs", self)  # Alt+F is the File menu
        QVBoxLayout(findings_box).addWidget(self.findings)
        right_layout.addWidget(channels_box)
        right_layout.addWidget(tone_box)
        right_layout.addWidget(findings_box, 1)
        # Group-box mnemonics move focus into the box.
        channels_box.setFocusProxy(self.channels_panel.boxes()[0] if self.channels_panel.boxes()
                                   else None)
        findings_box.setFocusProxy(self.findings.tree)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.setCentralWidget(split)
        self.statusBar().setObjectName("statusBar")
        apply_focus_ring(self)
        self.composer.setFocus()

    def _build_actions(self) -> None:
        def action(text: str, slot, shortcut: QKeySequence | str | None = None,
                   name: str = "") -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            if name:
                act.setObjectName(name)
            self.addAction(act)
            return act

        menu = self.menuBar().addMenu("&File")
        self.new_action = action("&New post", self.new_post, QKeySequence.StandardKey.New,
                                 "newAction")
        self.drafts_action = action("&Drafts…", self.open_drafts, QKeySequence.StandardKey.Open,
                                    "draftsAction")
        self.export_action = action("E&xport post pack…", self.export_post_pack,
                                    "Ctrl+Shift+E", "exportAction")
        self.record_action = action("Confirmation re&cord…", self.open_record, None,
                                    "recordAction")
        self.settings_action = action("&Settings…", self.open_settings, "Ctrl+,",
                                      "settingsAction")
        self.quit_action = action("&Quit", self.close, QKeySequence.StandardKey.Quit,
                                  "quitAction")
        for act in (self.new_action, self.drafts_action):
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addAction(self.record_action)
        menu.addSeparator()
        menu.addAction(self.settings_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)

        edit = self.menuBar().addMenu("&Edit")
        undo = action("&Undo", self.composer.undo, QKeySequence.StandardKey.Undo)
        redo = action("Re&do", self.composer.redo, QKeySequence.StandardKey.Redo)
        # The composer handles its own Ctrl+Z/Ctrl+Y; these are menu entries for discovery.
        undo.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        redo.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.composer.undoAvailable.connect(undo.setEnabled)
        self.composer.redoAvailable.connect(redo.setEnabled)
        undo.setEnabled(False)
        redo.setEnabled(False)
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        self.read_back_action = action("&Read back…", self.read_back, "Ctrl+Return",
                                       "readBackAction")
        self.read_back_action.setShortcuts([QKeySequence("Ctrl+Return"),
                                            QKeySequence("Ctrl+Enter")])
        edit.addAction(self.read_back_action)
        self.copy_menu = edit.addMenu("&Copy for")
        self.copy_actions: dict[str, QAction] = {}
        for n, ch in enumerate(self.policy.channels, start=1):
            act = action(f"{ch.name} ({ch.handle})",
                         lambda _=False, cid=ch.id: self.copy_for(cid),
                         f"Ctrl+Shift+{n}" if n <= 9 else None, f"copyAction_{ch.id}")
            self.copy_menu.addAction(act)
            self.copy_actions[ch.id] = act
        edit.addSeparator()
        self.check_action = action("Check &now", self.check_now, "F5", "checkAction")
        edit.addAction(self.check_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.policy_action = action("The &policy", lambda: self.show_policy(""),
                                    QKeySequence.StandardKey.HelpContents, "policyAction")
        help_menu.addAction(self.policy_action)
        legend = action("What the &underlines mean", self.show_legend, None, "legendAction")
        help_menu.addAction(legend)
        self._build_workflow_actions(action, menu, edit, help_menu)
        self._build_image_actions(action, menu)

    # ================================================================== checking

    def _load_policy(self, path: str) -> tuple[Policy, str | None]:
        policy, error = load_policy_or_builtin(path or None)
        if error is not None:
            return policy, (f"Could not use the policy in {path}: {error}. "
                            "Using the built-in policy instead.")
        return policy, None

    def check_now(self) -> None:
        self.live.check_now()

    def _on_contents_change(self, _position: int, removed: int, added: int) -> None:
        if not (removed or added):
            return
        if self.channels_panel.live:
            self.channels_panel.update_text(self.outgoing_text())
        self._draft_dirty = True
        self._pause_save.start()

    def _visible(self, findings: Sequence[Finding]) -> list[Finding]:
        return [f for f in findings
                if not (f.severity is Severity.INFO and (f.rule, f.text) in self._dismissed)]

    def _show_result(self, result: CheckResult) -> None:
        result = self._with_grammar(result)
        shown = self._visible(result.report.findings)
        self._shown_findings = shown
        self.composer.show_findings(shown, result.positions)
        self.findings.set_findings(shown)
        self.tone.set_tone(result.report.tone)
        self.channels_panel.update_lengths(result.report.channels)
        self._update_preview(result)
        self._update_ready_bar()
        self._show_how_much_was_checked(len(result.report.text))

    def _show_how_much_was_checked(self, length: int) -> None:
        if length <= MAX_CHECKED_CHARS:
            self.checked_note.hide()
            return
        self.checked_note.setText(
            f"This post is very long: only the first {MAX_CHECKED_CHARS:,} of its "
            f"{length:,} characters were checked. The rest was not checked at all, and is "
            "far too long for any channel.")
        self.checked_note.show()

    def _update_preview(self, result: CheckResult | None = None) -> None:
        result = result or self.live.last_result
        text = self.outgoing_text()  # with the pictures' credits, as it goes out
        chosen = [self.policy.channel(cid) for cid in self.channels_panel.chosen()]
        lengths = {cid: length for cid in self.channels_panel.chosen()
                   if (length := self.channels_panel.length(cid)) is not None}
        if result is not None and not lengths:
            lengths = dict(result.report.channels)
        self.preview.show_preview(text, chosen, lengths)

    def _on_channels_changed(self, chosen: list[str]) -> None:
        self.channels_panel.update_text(self.outgoing_text())
        self.images.set_channels([self.policy.channel(cid) for cid in chosen])
        self._void_confirmation("The channels changed after the read-back.")
        self.live.set_channels(chosen)
        self._draft_dirty = True
        self._update_ready_bar()

    # ================================================================== findings

    def select_finding(self, finding: Finding) -> None:
        if finding.image:  # about a picture, not the words: show that picture's form
            self.show_pictures()
            self.images.select_image(finding.image)
            return
        if not self.composer.select_finding(finding):
            self.statusBar().showMessage("That text has changed; checking again.", 4000)
            self.live.check_now()

    def apply_suggestion(self, finding: Finding, replacement: str) -> None:
        if self.composer.replace_finding(finding, replacement):
            self.statusBar().showMessage(
                f"Replaced “{finding.text}” with “{replacement}”. Ctrl+Z undoes it.", 6000)
            self.composer.setFocus()
        else:
            self.statusBar().showMessage("That text has changed; checking again.", 4000)
            self.live.check_now()

    def dismiss_finding(self, finding: Finding) -> None:
        if finding.severity is not Severity.INFO:
            return  # only information can be dismissed; warnings are acknowledged at read-back
        self._dismissed.add((finding.rule, finding.text))
        if self.live.last_result is not None:
            self._show_result(self.live.last_result)

    def show_why(self, finding: Finding) -> None:
        self.show_policy(finding.clause)

    def show_policy(self, clause: str = "") -> PolicyViewer:
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

        lines = [f"{LOOKS[s].word}: {LOOKS[s].shape} — {LOOKS[s].heading.lower()}"
                 for s in ORDER]
        self.show_problem("\n".join(lines), Severity.INFO)

    # ================================================================== the golden rule

    def current_confirmation(self) -> ConfirmedPost | None:
        """The confirmed read-back, if it still matches the post and the channels."""
        c = self._confirmed
        if c is None:
            return None
        if c.revision != self.live.revision or c.channels != tuple(self.channels_panel.chosen()):
            self._confirmed = None
            return None
        return c

    def final_texts(self, channels: Sequence[str]) -> dict[str, str]:
        """The exact text each channel will get: the post, then the pictures' credits."""
        text = self.outgoing_text()
        return {cid: text for cid in channels}

    def _fresh_report(self) -> Report:
        """A report for exactly the text now in the composer (checked here if need be)."""
        last = self.live.last_result
        if last is not None and self.live.is_current(last) \
                and last.report.text == self.composer.toPlainText() \
                and tuple(self.live.channels) == tuple(self.channels_panel.chosen()):
            return last.report
        text = self.composer.toPlainText()
        report = self.checker.check(text, channels=self.channels_panel.chosen(),
                                    options=self.check_options(),
                                    attachments=self.live.attachments)
        # Show what the read-back is about to list, so the two never disagree.
        result = CheckResult(0, self.live.revision, text, report, PositionMap(text))
        self.live.last_result = result
        self._show_result(result)
        return report

    def read_back(self) -> ConfirmedPost | None:
        """Open the read-back; on confirmation, remember it for this exact text."""
        channels = tuple(self.channels_panel.chosen())
        report = self._fresh_report()
        texts = self.final_texts(channels)
        lengths = {cid: length for cid in channels
                   if (length := self.channels_panel.length(cid) or report.channels.get(cid))
                   is not None}
        post = PostForReadBack(
            texts=texts,
            channels=[self.policy.channel(cid) for cid in channels],
            findings=self._visible(report.findings),
            lengths=lengths,
            golden_rule=golden_rule(policy_text(self.policy)),
            organisation=self.policy.short_name,
            questions=golden_questions(report.text, report.findings, self.live.attachments,
                                       policy=self.policy),
            text=report.text,
            ask_second_opinion=self.ask_second_opinion,
        )
        revision = self.live.revision
        result = ReadBackDialog.ask(self, post)
        if result is None or revision != self.live.revision:
            forget_unconfirmed([*texts.values(), self.composer.toPlainText()],
                               lambda t: t in self._released_texts)
            self.statusBar().showMessage("Not confirmed: nothing was copied or exported.", 5000)
            return None
        self._confirmed = ConfirmedPost(revision, channels, texts, report, result)
        self._update_ready_bar()
        first = next(iter(self.copy_buttons.values()), None)
        if first is not None:
            first.setFocus()
        self.statusBar().showMessage("Read back and confirmed. Choose a channel to copy for, "
                                     "or export a post pack.", 8000)
        return self._confirmed

    def confirmed_post(self) -> ConfirmedPost | None:
        """The way out for copy and export: a valid confirmation, asking for one if needed."""
        return self.current_confirmation() or self.read_back()

    def _on_edited(self) -> None:
        self._void_confirmation("The post changed after the read-back.")

    def _void_confirmation(self, why: str) -> None:
        if self._confirmed is not None:
            self._confirmed = None
            self.statusBar().showMessage(f"{why} Please read it back again before copying.",
                                         8000)
            self._update_ready_bar()

    def _rebuild_copy_buttons(self, chosen: Sequence[str]) -> None:
        if list(self.copy_buttons) == list(chosen):
            return
        for button in self.copy_buttons.values():
            self.copy_bar.removeWidget(button)
            button.deleteLater()
        self.copy_buttons = {}
        for cid in chosen:
            ch = self.policy.channel(cid)
            button = QPushButton(f"Copy for {ch.name}", self)
            button.setObjectName(f"copyButton_{cid}")
            button.setAccessibleName(f"Copy the confirmed post for {ch.name}")
            button.setToolTip(plain_tip(f"Copy the confirmed text for {ch.name} ({ch.handle})"))
            button.clicked.connect(lambda _=False, c=cid: self.copy_for(c))
            self.copy_bar.addWidget(button)
            self.copy_buttons[cid] = button

    def _update_ready_bar(self) -> None:
        chosen = self.channels_panel.chosen()
        self._rebuild_copy_buttons(chosen)
        confirmed = self.current_confirmation()
        for button in self.copy_buttons.values():
            button.setVisible(confirmed is not None)
        for cid, act in self.copy_actions.items():
            act.setEnabled(cid in chosen)
        if confirmed is None:
            blocked = any(f.severity is Severity.BLOCK for f in self._shown_findings)
            self.ready_label.setText(
                "✗ Something must be fixed before this post can be copied or exported."
                if blocked else
                "Read the post back (Ctrl+Enter) before copying or exporting it.")
        else:
            self.ready_label.setText("✓ Read back and confirmed. Copy it for one channel at a "
                                     "time, or export a post pack. Editing the post undoes "
                                     "this.")

    def copy_for(self, channel_id: str) -> bool:
        """Put the confirmed text for one channel on the clipboard (after the read-back)."""
        if channel_id not in self.channels_panel.chosen():
            self.statusBar().showMessage("Tick that channel first.", 5000)
            return False
        confirmed = self.confirmed_post()
        if confirmed is None or channel_id not in confirmed.texts:
            return False
        text = confirmed.texts[channel_id]
        self._released_texts.add(text)
        QGuiApplication.clipboard().setText(text)
        self._add_record(confirmed, f"copy:{channel_id}")
        name = self.policy.channel(channel_id).name
        self.statusBar().showMessage(f"Copied for {name}. Paste it into {name} now.", 8000)
        return True

    def ask_export_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Where should the post pack go?",
                                                str(Path.home()))

    def export_post_pack(self) -> Path | None:
        confirmed = self.confirmed_post()
        if confirmed is None:
            return None
        folder = self.ask_export_folder()
        if not folder:
            return None
        from rwt_desktop.core.images import export_side
        from rwt_desktop.storage.postpack import write_post_pack

        confirmation = self._confirmation(confirmed, f"export:{folder}")
        try:
            pack = write_post_pack(Path(folder), confirmed.texts, confirmed.report.to_dict(),
                                   confirmation, attachments=self.images.attachments(),
                                   max_side=export_side(
                                       [self.policy.channel(c) for c in confirmed.channels]))
        except OSError as exc:
            self.show_problem(f"Could not export to {folder}: {exc.strerror or exc}")
            return None
        self.record.add(confirmation)
        self.statusBar().showMessage(f"Post pack saved in {pack}", 10000)
        return pack

    def _confirmation(self, confirmed: ConfirmedPost, action: str) -> Confirmation:
        from rwt_desktop.storage.database import utc_now

        return Confirmation(
            when=utc_now(),
            who=self.settings.user_name or getpass.getuser(),
            channels=confirmed.channels,
            text_sha256=texts_sha256(confirmed.texts),
            texts=dict(confirmed.texts),
            acknowledged=confirmed.result.acknowledged_text(),
            findings=tuple(f.to_dict() for f in confirmed.report.findings),
            action=action,
            policy_version=self.policy.version,
        )

    def _add_record(self, confirmed: ConfirmedPost, action: str) -> None:
        self.record.add(self._confirmation(confirmed, action))

    def _copied_when_confirmed(self, text: str, verb: str) -> None:
        """More than a few words left by copy, cut or drag after the read-back: record it."""
        confirmed = self.current_confirmation()
        if confirmed is None:
            return
        self._released_texts.add(text)
        self._add_record(confirmed, "drag:selection" if verb == "dragged" else "copy:selection")

    # ================================================================== drafts

    def save_draft(self) -> bool:
        """Save the text if it changed. False when it could not be saved: the words stay in
        the window, a copy goes to a fallback file, and a banner stays until a save works."""
        if not self._draft_dirty or self._closed:
            return True
        text = self.composer.toPlainText()
        if self._draft_id is None and not text.strip():
            return True
        try:
            self._draft_id = self.drafts.save(text, self.channels_panel.chosen(), self._draft_id)
        except Exception as exc:  # a full disk or a locked file must not lose the words
            self._draft_save_failed(text, exc)
            return False
        self._draft_dirty = False
        self._draft_save_worked()
        return True

    @property
    def draft_unsaved(self) -> bool:
        """Whether the last save of the text in the window failed."""
        return self._save_error is not None

    def _draft_save_failed(self, text: str, exc: Exception) -> None:
        self._save_error = (exc.strerror if isinstance(exc, OSError) and exc.strerror
                            else str(exc)) or type(exc).__name__
        self._fallback_file = _write_fallback(self.dirs.data, text)
        where = (f"A copy is in {self._fallback_file}." if self._fallback_file
                 else "No copy could be written either, so please copy your words somewhere "
                      "safe before you close the program.")
        message = (f"Your draft could not be saved ({self._save_error}). Your words are still "
                   f"here in the window. {where} This notice goes once a save works; the "
                   "program keeps trying every few seconds.")
        if self._save_banner is None:
            self._save_banner = Banner(message, Severity.WARN, parent=self,
                                       name="saveProblemBanner", closable=False)
            self.banners.addWidget(self._save_banner)
        else:
            self._save_banner.label.setText(message)
        self.statusBar().showMessage("Your draft could not be saved.", 5000)

    def _draft_save_worked(self) -> None:
        if self._save_error is None:
            return
        self._save_error = None
        if self._save_banner is not None:
            self._save_banner.dismiss()
            self._save_banner = None
        if self._fallback_file is not None:  # the database has the words now
            with contextlib.suppress(OSError):
                self._fallback_file.unlink()
            self._fallback_file = None
        self.statusBar().showMessage("Your draft is saved again.", 5000)

    def _offer_unsaved_draft(self) -> None:
        try:
            draft = self.drafts.unsaved()
        except Exception as exc:
            self.show_problem(f"Could not read the drafts: {exc}")
            return
        if draft is None:
            return
        first = " ".join(draft.text.split())[:60]
        banner = Banner(
            f"A post you were writing was not closed properly (last saved "
            f"{local_time(draft.updated)}): “{first}…”. Restore it?",
            Severity.WARN,
            [("Re&store", lambda: self.load_draft(draft.id)),
             ("Dismiss", lambda: self.drafts.close_cleanly(draft.id))],
            self, name="restoreBanner")
        unselectable(banner.label)  # it quotes the draft
        self.restore_banner = banner
        self.banners.addWidget(banner)

    def load_draft(self, draft_id: int) -> None:
        if draft_id != self._draft_id and self.drafts.owned_elsewhere(draft_id):
            self.show_problem("That draft is open in another copy of RWT Post Checker. "
                              "Please carry on with it there, or close that copy first.")
            return
        if not self._finish_current_draft():
            return
        draft = self.drafts.load(draft_id)
        self.drafts.claim(draft_id)
        self._dismissed.clear()
        self.composer.setPlainText(draft.text)
        self.images.clear()  # drafts keep the words only
        known = {ch.id for ch in self.policy.channels}
        self.channels_panel.set_chosen([c for c in draft.channels if c in known])
        self._draft_id = draft.id
        self._draft_dirty = False
        self.drafts.save(draft.text, draft.channels, draft.id)  # it is open again
        self.live.check_now()
        self.statusBar().showMessage("Draft opened.", 4000)

    def _finish_current_draft(self) -> bool:
        """Save and close the current draft; False (the text kept) if it could not be saved."""
        self._draft_dirty = True
        if not self.save_draft():
            self.statusBar().showMessage(
                "Your draft could not be saved, so it is still here.", 8000)
            return False
        if self._draft_id is not None:
            # Saved; if it cannot be marked finished, it is offered for restore next time.
            with contextlib.suppress(StorageError):
                self.drafts.close_cleanly(self._draft_id)
            self.drafts.release(self._draft_id)
        self._draft_id = None
        return True

    def new_post(self) -> None:
        if not self._finish_current_draft():
            return
        self._dismissed.clear()
        self.composer.clear()
        self.images.clear()
        self.channels_panel.set_chosen(self.policy.chosen_or_default(self.settings.channels))
        self._draft_dirty = False
        self.composer.setFocus()
        self.live.check_now()

    def open_drafts(self) -> None:
        self.save_draft()
        try:
            drafts = self.drafts.list()
        except StorageError as exc:
            self.show_problem(f"Could not read the drafts: {exc}")
            return
        dialog = DraftsDialog(drafts, self.drafts.delete, self)
        if dialog.exec() and dialog.chosen is not None:
            self.load_draft(dialog.chosen)

    # ================================================================== record, settings

    def open_record(self) -> RecordDialog:
        dialog = RecordDialog(self.record.list(), self.record.export_csv, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_settings(self) -> None:
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
        self.runner.start(lambda: _load_policy_and_checker(path),
                          lambda got: self._policy_loaded(path, got))

    def _use_settings(self, settings: Settings, *, restart_grammar: bool = False) -> None:
        old_grammar = engine_settings(self.settings)
        try:
            self.settings_store.save(settings)
        except OSError as exc:
            self.show_problem(f"Could not save the settings: {exc.strerror or exc}")
        self.settings = settings
        if engine_settings(settings) != old_grammar or restart_grammar:
            self.start_grammar()  # another engine, or the new policy's local words
        self.statusBar().showMessage("Settings saved.", 4000)

    def _policy_loaded(self, path: str,
                       got: tuple[Policy, Checker | None, str | None]) -> None:
        policy, checker, problem = got
        if problem is not None or checker is None:
            self.show_problem(f"Could not use the policy in {path}: {problem}. The policy in "
                              "use has not changed, and neither has the setting.")
            return
        self.set_policy(policy, checker)
        self._use_settings(dataclasses.replace(self.settings, policy_path=path),
                           restart_grammar=True)
        self.statusBar().showMessage("The new policy is in use.", 5000)

    def set_policy(self, policy: Policy, checker: Checker | None = None) -> None:
        chosen = self.channels_panel.chosen()
        self.policy = policy
        self.checker = checker if checker is not None else Checker(policy)
        self.channels_panel.set_channels(policy.channels,
                                         [c for c in chosen if _has(policy.channels, c)])
        self._void_confirmation("The policy changed after the read-back.")
        self.live.set_checker(self.checker)
        if self._ask_policy_ack and self._shown_once:
            QTimer.singleShot(0, self.check_policy_acknowledged)  # a new policy to read

    # ================================================================== the policy's workflow

    def _build_workflow_actions(self, action: Callable[..., QAction], file_menu: QMenu,
                                edit_menu: QMenu, help_menu: QMenu) -> None:
        """The toolbar and menu entries for the policy, second opinions and own-account mode."""
        self.policy_clauses_action = action("&Policy", self.show_policy_clauses,
                                            "Ctrl+Shift+P", "policyClausesAction")
        self.policy_clauses_action.setToolTip("Read the policy, clause by clause "
                                              "(Ctrl+Shift+P)")
        help_menu.insertAction(self.policy_action, self.policy_clauses_action)
        self.policy_clauses_action.setText("The policy, clause by &clause…")
        self.policy_clauses_action.setIconText("Policy")
        self.second_opinion_action = action("Ask for a &second opinion…",
                                            self.ask_second_opinion, "Ctrl+Shift+R",
                                            "secondOpinionAction")
        self.second_opinion_action.setToolTip(
            "Unsure? Send the post to RWT staff or the Chair before posting (Ctrl+Shift+R)")
        edit_menu.insertAction(self.check_action, self.second_opinion_action)
        self.open_review_action = action("Open &review…", lambda: self.open_review(),
                                         None, "openReviewAction")
        self.load_reply_action = action("&Load review reply…", lambda: self.load_review_reply(),
                                        None, "loadReplyAction")
        file_menu.insertAction(self.record_action, self.open_review_action)
        file_menu.insertAction(self.record_action, self.load_reply_action)

        bar = self.addToolBar("Policy")
        bar.setObjectName("policyToolBar")
        bar.setMovable(False)
        bar.addAction(self.policy_clauses_action)
        bar.addAction(self.second_opinion_action)
        bar.addSeparator()
        self.personal_account_box = QCheckBox("Posting from my &own account", self)
        self.personal_account_box.setObjectName("personalAccountSwitch")
        self.personal_account_box.setAccessibleName("Posting from my own account")
        self.personal_account_box.setToolTip(
            "Tick when the post is for your own social media, not an RWT account. The "
            "checker then also looks for statements on RWT's behalf and conversations RWT "
            "should answer officially.")
        self.personal_account_box.setChecked(self.settings.personal_account)
        self.personal_account_box.toggled.connect(self.set_personal_account)
        bar.addWidget(self.personal_account_box)

    # ---------------------------------------------------------- acknowledging the policy

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self._ask_policy_ack:
                QTimer.singleShot(0, self.check_policy_acknowledged)

    def policy_needs_acknowledgement(self) -> bool:
        return self.settings.policy_acknowledged_version != self.policy.version

    def check_policy_acknowledged(self) -> PolicyAckDialog | None:
        """Ask the person to read and confirm the policy if this version is new to them."""
        if self._closed or not self.policy_needs_acknowledgement():
            return None
        return self.show_policy_clauses()

    def _last_policy_ack(self) -> Confirmation | None:
        try:
            rows = self.record.list()
        except Exception:  # the record is evidence, not a reason to fail to show the policy
            return None
        return next((c for c in rows if c.action == "policy-ack"
                     and c.policy_version == self.policy.version), None)

    def show_policy_clauses(self) -> PolicyAckDialog:
        """The policy section by section; with the confirmation when this version is new."""
        if self._policy_ack_dialog is not None:
            self._policy_ack_dialog.close()
        needed = self.policy_needs_acknowledgement()
        status = ""
        if not needed:
            last = self._last_policy_ack()
            status = (f"{last.who} confirmed reading this version on {local_time(last.when)}."
                      if last else "You have confirmed reading this version.")
        dialog = PolicyAckDialog(
            policy_text(self.policy), self.policy.admins,
            {ch.id: ch.name for ch in self.policy.channels}, acknowledge=needed,
            name=self.settings.user_name, organisation=self.policy.short_name or
            self.policy.name, status=status, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.acknowledged.connect(self.acknowledge_policy)
        dialog.rejected.connect(self._policy_ack_postponed)
        dialog.destroyed.connect(lambda *_: setattr(self, "_policy_ack_dialog", None))
        self._policy_ack_dialog = dialog
        dialog.open()  # window-modal but not a nested event loop
        return dialog

    def acknowledge_policy(self, name: str) -> None:
        """Record that ``name`` has read this version of the policy."""
        from dataclasses import replace

        from rwt_desktop.storage.database import utc_now

        document = policy_text(self.policy)
        confirmation = Confirmation(
            when=utc_now(), who=name, channels=(),
            text_sha256=texts_sha256({"policy": document}), texts={},
            acknowledged=(f"Read the {self.policy.short_name or 'organisation'}'s Social and "
                          f"Digital Media Policy (version {self.policy.version}) and will "
                          "follow it.",),
            findings=(), action="policy-ack", policy_version=self.policy.version)
        try:
            self.record.add(confirmation)
        except Exception as exc:
            self.show_problem(f"Could not write to the confirmation record: {exc}")
        settings = replace(self.settings, policy_acknowledged_version=self.policy.version,
                           user_name=self.settings.user_name or name)
        try:
            self.settings_store.save(settings)
        except OSError as exc:
            self.show_problem(f"Could not save the settings: {exc.strerror or exc}")
        self.settings = settings
        for banner in self.findChildren(Banner, "policyAckBanner"):
            banner.dismiss()
        self.statusBar().showMessage(f"Thank you, {name}: your reading of the policy is "
                                     "recorded.", 8000)

    def _policy_ack_postponed(self) -> None:
        if self._closed or not self.policy_needs_acknowledgement() \
                or self.findChildren(Banner, "policyAckBanner"):
            return
        self.banners.addWidget(Banner(
            "You have not yet confirmed that you have read the policy. Please read it before "
            "you post: the policy asks everyone with access to the accounts to.",
            Severity.WARN, [("Read the polic&y", self.show_policy_clauses)], self,
            name="policyAckBanner"))

    # ---------------------------------------------------------- own account

    def check_options(self) -> dict[str, object]:
        """Options for the checker from the window's switches."""
        return {"personal_account": bool(self.settings.personal_account)}

    def set_personal_account(self, on: bool) -> None:
        """Posting from one's own account: check for speaking on RWT's behalf, and persist."""
        from dataclasses import replace

        if self.personal_account_box.isChecked() != on:
            self.personal_account_box.setChecked(on)  # calls back here
            return
        if bool(self.settings.personal_account) == on:
            return
        self.settings = replace(self.settings, personal_account=on)
        try:
            self.settings_store.save(self.settings)
        except OSError as exc:
            self.show_problem(f"Could not save the settings: {exc.strerror or exc}")
        self._void_confirmation("What is checked changed after the read-back.")
        self.live.set_options(self.check_options())
        self.statusBar().showMessage(
            "Checking as a post from your own account: sharing RWT's posts is fine; speak "
            "for yourself, not for RWT." if on else
            "Checking as a post for the official RWT accounts.", 8000)

    # ---------------------------------------------------------- a second opinion

    def review_images(self) -> list[dict[str, object]]:
        """The post's images for a review request (file name, credit, alt text).

        Filled from the image panel: what a reviewer needs to judge each picture.
        """
        from rwt_desktop.core.images import credit_line

        return [{"file": name, "credit": credit_line(att), "alt_text": att.alt_text,
                 "source": att.source, "people_identifiable": att.people_identifiable,
                 "consent": att.consent, "children": att.children}
                for name, att in zip(self.images.names(), self.images.attachments(),
                                     strict=True)]

    def _review_folder(self) -> Path:
        """Documents if it exists, else the nearest folder that does (home at worst)."""
        from PySide6.QtCore import QStandardPaths

        docs = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return review_gui.existing_folder(Path(docs or Path.home()))

    def ask_second_opinion(self) -> Path | None:
        """Save a review request and open an email draft to the staff or Chair.

        Open to anyone at any time, even when something blocks the post: asking is exactly
        what the policy wants when someone is unsure.
        """
        from rwt_desktop.storage.database import utc_now

        channels = tuple(self.channels_panel.chosen()) or tuple(
            ch.id for ch in self.policy.channels[:1])
        report = self._fresh_report()
        reviewers = tuple(Reviewer(r.name, r.role) for r in self.policy.reviewers)
        stamp = utc_now().astimezone().strftime("%Y%m%d-%H%M")
        default = self._review_folder() / f"rwt-review-{stamp}.rwtreview"
        note, problem = "", ""
        while True:  # until it is saved or the person cancels; the question is never lost
            answer = review_gui.SecondOpinionDialog.ask(self, reviewers, default,
                                                        blocked=report.blocked, note=note,
                                                        problem=problem)
            if answer is None:
                return None
            note, path = answer
            request = ReviewRequest(
                author=self.settings.user_name or getpass.getuser(),
                channels=channels,
                texts=self.final_texts(channels),
                findings=tuple(f.to_dict() for f in self._visible(report.findings)),
                reviewers=reviewers,
                channel_names={ch: self.policy.channel(ch).name for ch in channels},
                images=tuple(self.review_images()),
                organisation=self.policy.short_name,
                policy_version=self.policy.version,
                personal_account=bool(self.settings.personal_account),
                note=note,
            )
            try:
                saved = write_review_request(path, request)
                break
            except OSError as exc:  # ask again, with the question and where it failed
                problem = (f"Could not save the review request as {path}: "
                           f"{exc.strerror or exc}. Please choose another place (Browse…).")
                default = review_gui.existing_folder(path) / (path.name or default.name)
        self._review_request = (request, saved)
        self.record.add(Confirmation(
            when=request.created, who=request.author, channels=channels,
            text_sha256=request.text_sha256, texts=dict(request.texts),
            acknowledged=(f"Asked {', '.join(r.name for r in reviewers) or 'RWT staff'} for "
                          "a second opinion" + (f": {note}" if note else ""),),
            findings=tuple(request.findings), action="review-request",
            policy_version=self.policy.version))
        opened = review_gui.open_external(QUrl(mailto_url(request, saved.name)))
        who = " or ".join(r.name for r in reviewers) or "RWT staff or the Chair"
        if opened:
            text = (f"Your review request is saved as {saved}. An email draft has opened: "
                    f"attach that file and send it to {who}. When their reply comes, load it "
                    "here.")
        else:
            text = (f"Your review request is saved as {saved}. No email program opened, so "
                    f"please email that file to {who} yourself. When their reply comes, load "
                    "it here.")
        self.banners.addWidget(Banner(text, Severity.INFO,
                                      [("&Load reply…", lambda: self.load_review_reply())],
                                      self, name="reviewRequestBanner"))
        self.statusBar().showMessage(f"Review request saved as {saved.name}.", 8000)
        return saved

    def ask_review_file(self, title: str, file_filter: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, title, str(self._review_folder()),
                                              file_filter)
        return path

    def open_review(self, path: Path | str | None = None) -> review_gui.ReviewViewer | None:
        """Open someone's review request read-only, to reply to it."""
        if path is None:
            path = self.ask_review_file("Open a review request", review_gui.REVIEW_FILTER)
            if not path:
                return None
        try:
            viewer = review_gui.ReviewViewer.open_file(Path(path), self.settings.user_name, self)
        except (ReviewFileError, OSError) as exc:
            reason = exc if isinstance(exc, ReviewFileError) else (exc.strerror or exc)
            self.show_problem(f"Could not open the review request {Path(path).name}: {reason}")
            return None
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer

    def _request_for(self, reply: ReviewReply, reply_path: Path) -> ReviewRequest | None:
        """The request a reply answers: the one sent from this window, or the file beside it."""
        if self._review_request is not None and self._review_request[0].id == reply.request_id:
            return self._review_request[0]
        folder = reply_path.parent
        stem = reply_path.name.split(".reply")[0]
        candidates = [folder / f"{stem}.rwtreview", *sorted(folder.glob("*.rwtreview"))[:50]]
        for candidate in candidates:
            try:
                request = read_review_request(candidate)
            except (ReviewFileError, OSError):
                continue
            if request.id == reply.request_id:
                return request
        return None

    def load_review_reply(self, path: Path | str | None = None) -> ReviewReply | None:
        """Show a reviewer's reply in the window and keep it in the record with the post."""
        if path is None:
            path = self.ask_review_file("Load a review reply", review_gui.REPLY_FILTER)
            if not path:
                return None
        path = Path(path)
        try:
            reply = read_review_reply(path)
        except (ReviewFileError, OSError) as exc:
            reason = exc if isinstance(exc, ReviewFileError) else (exc.strerror or exc)
            self.show_problem(f"Could not load the reply {path.name}: {reason}")
            return None
        request = self._request_for(reply, path)
        channels = tuple(request.channels) if request else tuple(self.channels_panel.chosen())
        texts = dict(request.texts) if request else self.final_texts(channels)
        current = texts_sha256(self.final_texts(channels))
        same_post = current == reply.text_sha256
        asked = (f"Asked by {request.author} on {local_time(request.created)}"
                 if request else "The request file was not found beside the reply")
        self.record.add(Confirmation(
            when=reply.when, who=reply.reviewer, channels=channels,
            text_sha256=reply.text_sha256, texts=texts,
            acknowledged=(reply.summary(), asked),
            findings=tuple(request.findings) if request else (),
            action="review-reply",
            policy_version=request.policy_version if request else self.policy.version))
        self.review_reply = reply
        changed = "" if same_post else (
            " The post has changed since you asked, so this reply is about the earlier "
            "text: read it back carefully, or ask again.")
        comment = " ".join(reply.comment.split())
        text = (f"{reply.reviewer} replied: {reply.verdict_text()}."
                + (f" “{comment}”" if comment else "") + changed)
        for banner in self.findChildren(Banner, "reviewRequestBanner"):
            banner.dismiss()
        for banner in self.findChildren(Banner, "reviewReplyBanner"):
            banner.dismiss()
        severity = Severity.INFO if reply.approved and same_post else Severity.WARN
        banner = Banner(text, severity, parent=self, name="reviewReplyBanner")
        unselectable(banner.label)  # the reviewer's comment can quote the post
        self.banners.addWidget(banner)
        self.statusBar().showMessage(f"Reply from {reply.reviewer} loaded and recorded.", 8000)
        return reply

    # ================================================================== spelling and grammar

    def _wire_grammar(self) -> None:
        """The engine runs beside the policy checks, on its own thread, never holding them up."""
        self._grammar_result: GrammarResult | None = None
        self.grammar = GrammarCheck(self)
        self.grammar_status = GrammarStatusLabel(self)
        self.statusBar().addPermanentWidget(self.grammar_status)
        self.grammar.stateChanged.connect(self._on_grammar_state)
        self.grammar.resultReady.connect(self._on_grammar_result)
        self.live.checkStarted.connect(self.grammar.submit)
        self.live.edited.connect(lambda: self.grammar.mark_edited(self.live.revision))
        self.findings.addWordRequested.connect(self.add_to_dictionary)
        install_finding_menu(
            self.composer, lambda pos: [m[2] for m in self.composer.highlighter.marks_at(pos)],
            self.apply_suggestion, self.add_to_dictionary)
        self.start_grammar()

    def start_grammar(self) -> None:
        """(Re)make the engine the settings ask for; it starts in the background."""
        self._grammar_result = None
        self.grammar.configure(self.settings, self.policy.local_words)
        self._refresh_grammar()

    def _refresh_grammar(self) -> None:
        last = self.live.last_result
        if last is not None and self.live.is_current(last):
            self._show_result(last)

    def _on_grammar_state(self, state: EngineState) -> None:
        self.grammar_status.show_state(state)
        if state.status is EngineStatus.READY:
            self.grammar.submit(self.composer.toPlainText(), self.live.revision, force=True)
        elif not state.usable and self._grammar_result is not None:
            self._grammar_result = None
            self._refresh_grammar()

    def _on_grammar_result(self, result: GrammarResult) -> None:
        if result.revision != self.live.revision or result.text != self.composer.toPlainText():
            return  # for text that has moved on
        self._grammar_result = result
        if result.notice:
            self.statusBar().showMessage(result.notice, 8000)
        self._refresh_grammar()

    def _with_grammar(self, result: CheckResult) -> CheckResult:
        """``result`` with the spelling and grammar findings for the same text merged in."""
        from dataclasses import replace

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

    def add_to_dictionary(self, finding: Finding) -> None:
        """Stop flagging a word that is spelt right: save it to the person's dictionary."""
        from dataclasses import replace

        word = word_to_add(finding)
        if word is None:
            return
        words = list(self.settings.dictionary)
        if word.casefold() not in {w.casefold() for w in words}:
            words.append(word)
        settings = replace(self.settings, dictionary=words)
        try:
            self.settings_store.save(settings)
        except OSError as exc:
            self.show_problem(f"Could not save your dictionary: {exc.strerror or exc}")
        self.settings = settings
        self.grammar.set_words([*self.policy.local_words, *settings.dictionary])
        g = self._grammar_result
        if g is not None:  # take it away now; the check that follows confirms it
            kept = tuple(f for f in g.findings
                         if (word_to_add(f) or "").casefold() != word.casefold())
            self._grammar_result = replace(g, findings=kept)
            self._refresh_grammar()
        self.grammar.submit(self.composer.toPlainText(), self.live.revision, force=True)
        self.statusBar().showMessage(f"“{word}” is in your dictionary now.", 6000)

    # ================================================================== pictures

    def _build_images_panel(self, tabs: QTabWidget) -> None:
        from PySide6.QtWidgets import QScrollArea

        self.images = ImagesPanel(self, synchronous=self.runner.synchronous)
        # Scrolls only on a screen smaller than 1024×700.
        scroll = QScrollArea(tabs)
        scroll.setObjectName("picturesBox")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.images)
        scroll.setFocusProxy(self.images.attach_button)
        tabs.addTab(scroll, "P&ictures")
        self._pictures_tab = scroll

    def show_pictures(self) -> None:
        """Bring the pictures and their form to the front."""
        self.left_tabs.setCurrentWidget(self._pictures_tab)

    def _build_image_actions(self, action: Callable[..., QAction], file_menu: QMenu) -> None:
        self.attach_action = action("Attach &picture…", self.images.ask_and_attach,
                                    "Ctrl+Shift+I", "attachAction")
        file_menu.insertAction(self.export_action, self.attach_action)
        file_menu.insertSeparator(self.export_action)

    def _wire_images(self) -> None:
        self.images.set_channels([self.policy.channel(c) for c in self.channels_panel.chosen()])
        self.images.attachmentsChanged.connect(self._on_attachments_changed)
        self.images.problem.connect(lambda message: self.show_problem(message))
        # Picture files dropped on the composer or anywhere in the window are attached.
        self._image_drops = ImageDropFilter(self.images, self)
        self.composer.viewport().installEventFilter(self._image_drops)
        self.setAcceptDrops(True)
        self.installEventFilter(self._image_drops)

    def outgoing_text(self) -> str:
        """The post as it goes out: the words, then the pictures' credits (if any)."""
        from rwt_desktop.core.images import with_credits

        return with_credits(self.composer.toPlainText(), self.images.attachments())

    def _on_attachments_changed(self, attachments: list) -> None:
        count = len(attachments)
        self.left_tabs.setTabText(self.left_tabs.indexOf(self._pictures_tab),
                                  f"P&ictures ({count})" if count else "P&ictures")
        if count > getattr(self, "_picture_count", 0):
            self.show_pictures()  # a new picture: its form is next
        self._picture_count = count
        self._void_confirmation("The pictures changed after the read-back.")
        self.channels_panel.update_text(self.outgoing_text())
        self.live.set_attachments(attachments)
        self._update_preview()
        self._update_ready_bar()

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
        self._draft_dirty = True
        if self.save_draft():
            return True
        return self.ask_close_unsaved()

    def ask_close_unsaved(self) -> bool:
        """True to close although the draft could not be saved (a seam the tests patch)."""
        kept = (f"A copy of your words is in {self._fallback_file}."
                if self._fallback_file else "No copy of your words could be written either.")
        box = QMessageBox(QMessageBox.Icon.Warning, "Your draft is not saved",
                          f"Your draft could not be saved ({self._save_error}). {kept}\n\n"
                          "Close anyway? Copy your words somewhere safe first if you need them.",
                          QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        keep = box.addButton("&Keep the window open", QMessageBox.ButtonRole.RejectRole)
        close = box.addButton("&Close anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is close

    def shutdown(self) -> None:
        """Save, mark the draft closed cleanly, and stop background work."""
        if self._closed:
            return
        self._pause_save.stop()
        self._interval_save.stop()
        self.runner.drain()
        self.grammar.close()
        self.images.drain()
        try:
            self._draft_dirty = True
            if self.save_draft() and self._draft_id is not None:
                self.drafts.close_cleanly(self._draft_id)
        except StorageError:
            pass  # saved but not marked finished: it is offered for restore next time
        finally:
            self._closed = True
            self.drafts.close()
            self.record.close()


def _has(channels: Sequence[Channel], cid: str) -> bool:
    return any(ch.id == cid for ch in channels)


def _load_policy_and_checker(path: str) -> tuple[Policy, Checker | None, str | None]:
    """Load and build a policy (on a worker thread): (policy, checker, None) or, when it
    cannot be used, (built-in policy, None, the reason)."""
    policy, error = load_policy_or_builtin(path or None)
    if error is not None:
        return policy, None, str(error)
    try:
        return policy, Checker(policy), None
    except PolicyError as exc:
        return policy, None, str(exc)


def _open_database(path: Path) -> tuple[DraftStore, ConfirmationRecord, str | None]:
    """The drafts and the record; if their file cannot be opened (locked, read-only, a
    folder in the way) a temporary one, so the window still starts, and a message."""
    try:
        drafts = DraftStore(path)
    except StorageError as exc:
        spare = Path(tempfile.mkdtemp(prefix="rwt-post-checker-")) / DATABASE_FILENAME
        drafts = DraftStore(spare)
        problem = (f"Your saved drafts and confirmation record could not be opened ({exc}) "
                   f"For now new drafts are kept in {spare}, a temporary folder. Please tell "
                   "whoever looks after the program's computers.")
        return drafts, ConfirmationRecord(spare), problem
    return drafts, ConfirmationRecord(path), None


def _write_fallback(folder: Path, text: str) -> Path | None:
    """Put ``text`` in a plain file when the database will not take it; None if nothing
    could be written (the disk is full)."""
    name = f"unsaved-draft-{os.getpid()}.txt"
    data = text.encode("utf-8", "replace")
    for where in (folder, Path(tempfile.gettempdir())):
        target = where / name
        try:
            atomic_write_bytes(target, data)
        except OSError:
            continue
        return target
    return None
