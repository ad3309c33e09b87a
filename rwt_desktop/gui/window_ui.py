"""The main window's widgets, menus and toolbar, laid out but not wired.

Like a Qt Designer ``Ui_`` class: :class:`MainWindowUi` builds what a person sees and names
it; :class:`~rwt_desktop.gui.window.MainWindow` connects it to the application layer. No
policy wording here: the menus that depend on the policy (the channels, "Copy for") are
filled in when the policy is ready (:meth:`MainWindowUi.show_channels_menu`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rwt_desktop.core.policy import Channel
from rwt_desktop.gui.background import BackgroundRunner
from rwt_desktop.gui.channels_panel import ChannelsPanel, PreviewTabs
from rwt_desktop.gui.composer import Composer
from rwt_desktop.gui.findings_panel import FindingsPanel
from rwt_desktop.gui.focus_ring import apply_focus_ring
from rwt_desktop.gui.grammar_status import GrammarStatusLabel
from rwt_desktop.gui.images_panel import ImagesPanel
from rwt_desktop.gui.plain import plain_label
from rwt_desktop.gui.tone_meter import ToneMeter


class MainWindowUi(QMainWindow):
    """The layout of the main window: the post and its pictures on the left, the channels,
    tone and findings on the right, the read-back and copy buttons under the post."""

    def build_ui(self, runner: BackgroundRunner) -> None:
        self._build_widgets(runner)
        self._build_actions()

    # ------------------------------------------------------------------ widgets

    def _build_widgets(self, runner: BackgroundRunner) -> None:
        self.composer = Composer(self, runner=runner)
        self.banners = QVBoxLayout()
        self.banners.setContentsMargins(0, 0, 0, 0)

        self.read_back_button = QPushButton("&Read back…", self)
        self.read_back_button.setObjectName("readBackButton")
        self.read_back_button.setAccessibleName("Read back before copying or exporting")
        self.read_back_button.setToolTip("Read the post back before copying or exporting it "
                                         "(Ctrl+Enter)")
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

        actions_row = QHBoxLayout()
        actions_row.addWidget(self.read_back_button)
        actions_row.addLayout(self.copy_bar)
        actions_row.addWidget(self.export_button)
        actions_row.addStretch(1)

        self.preview = PreviewTabs(self)
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
        self._build_images_panel(self.left_tabs, runner.synchronous)
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

        self.channels_panel = ChannelsPanel((), (), parent=self)
        self.tone = ToneMeter(self)
        self.findings = FindingsPanel(self)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 6, 6)
        self.channels_box = QGroupBox("&Channels", self)
        QVBoxLayout(self.channels_box).addWidget(self.channels_panel)
        tone_box = QGroupBox("Tone", self)
        QVBoxLayout(tone_box).addWidget(self.tone)
        findings_box = QGroupBox("Findin&gs", self)  # Alt+F is the File menu
        QVBoxLayout(findings_box).addWidget(self.findings)
        right_layout.addWidget(self.channels_box)
        right_layout.addWidget(tone_box)
        right_layout.addWidget(findings_box, 1)
        findings_box.setFocusProxy(self.findings.tree)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.setCentralWidget(split)
        self.statusBar().setObjectName("statusBar")
        self.grammar_status = GrammarStatusLabel(self)
        self.statusBar().addPermanentWidget(self.grammar_status)
        apply_focus_ring(self)
        self.composer.setFocus()

    def _build_images_panel(self, tabs: QTabWidget, synchronous: bool) -> None:
        self.images = ImagesPanel(self, synchronous=synchronous)
        # Scrolls only on a screen smaller than 1024×700.
        scroll = QScrollArea(tabs)
        scroll.setObjectName("picturesBox")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.images)
        scroll.setFocusProxy(self.images.attach_button)
        tabs.addTab(scroll, "P&ictures")
        self.pictures_tab = scroll

    # ------------------------------------------------------------------ menus

    def _action(self, text: str,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                name: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if name:
            act.setObjectName(name)
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        action = self._action
        menu = self.menuBar().addMenu("&File")
        self.new_action = action("&New post", QKeySequence.StandardKey.New, "newAction")
        self.drafts_action = action("&Drafts…", QKeySequence.StandardKey.Open, "draftsAction")
        self.attach_action = action("Attach &picture…", "Ctrl+Shift+I", "attachAction")
        self.export_action = action("E&xport post pack…", "Ctrl+Shift+E", "exportAction")
        self.open_review_action = action("Open &review…", None, "openReviewAction")
        self.load_reply_action = action("&Load review reply…", None, "loadReplyAction")
        self.record_action = action("Confirmation re&cord…", None, "recordAction")
        self.settings_action = action("&Settings…", "Ctrl+,", "settingsAction")
        self.quit_action = action("&Quit", QKeySequence.StandardKey.Quit, "quitAction")
        for entry in (self.new_action, self.drafts_action, None, self.attach_action, None,
                      self.export_action, self.open_review_action, self.load_reply_action,
                      self.record_action, None, self.settings_action, None, self.quit_action):
            menu.addSeparator() if entry is None else menu.addAction(entry)

        edit = self.menuBar().addMenu("&Edit")
        self.undo_action = action("&Undo", QKeySequence.StandardKey.Undo)
        self.redo_action = action("Re&do", QKeySequence.StandardKey.Redo)
        # The composer handles its own Ctrl+Z/Ctrl+Y; these are menu entries for discovery.
        for act, available in ((self.undo_action, self.composer.undoAvailable),
                               (self.redo_action, self.composer.redoAvailable)):
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            available.connect(act.setEnabled)
            act.setEnabled(False)
            edit.addAction(act)
        edit.addSeparator()
        self.read_back_action = action("&Read back…", "Ctrl+Return", "readBackAction")
        self.read_back_action.setShortcuts([QKeySequence("Ctrl+Return"),
                                            QKeySequence("Ctrl+Enter")])
        edit.addAction(self.read_back_action)
        self.copy_menu = edit.addMenu("&Copy for")
        self.copy_actions: dict[str, QAction] = {}
        edit.addSeparator()
        self.second_opinion_action = action("Ask for a &second opinion…", "Ctrl+Shift+R",
                                            "secondOpinionAction")
        edit.addAction(self.second_opinion_action)
        self.check_action = action("Check &now", "F5", "checkAction")
        edit.addAction(self.check_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.policy_clauses_action = action("The policy, clause by &clause…", "Ctrl+Shift+P",
                                            "policyClausesAction")
        self.policy_clauses_action.setToolTip("Read the policy, clause by clause "
                                              "(Ctrl+Shift+P)")
        self.policy_clauses_action.setIconText("Policy")
        self.policy_action = action("The &policy", QKeySequence.StandardKey.HelpContents,
                                    "policyAction")
        self.legend_action = action("What the &underlines mean", None, "legendAction")
        for act in (self.policy_clauses_action, self.policy_action, self.legend_action):
            help_menu.addAction(act)

        bar = self.addToolBar("Policy")
        bar.setObjectName("policyToolBar")
        bar.setMovable(False)
        bar.addAction(self.policy_clauses_action)
        bar.addAction(self.second_opinion_action)
        bar.addSeparator()
        self.personal_account_box = QCheckBox("Posting from my &own account", self)
        self.personal_account_box.setObjectName("personalAccountSwitch")
        self.personal_account_box.setAccessibleName("Posting from my own account")
        bar.addWidget(self.personal_account_box)

    def show_channels_menu(self, channels: Sequence[Channel],
                           copy_for: Callable[[str], object]) -> None:
        """One "Copy for" entry per channel of the policy (Ctrl+Shift+1…9)."""
        for act in self.copy_actions.values():
            self.copy_menu.removeAction(act)
            self.removeAction(act)
            act.deleteLater()
        self.copy_actions = {}
        for n, ch in enumerate(channels, start=1):
            act = self._action(f"{ch.name} ({ch.handle})",
                               f"Ctrl+Shift+{n}" if n <= 9 else None, f"copyAction_{ch.id}")
            act.triggered.connect(lambda _=False, cid=ch.id: copy_for(cid))
            self.copy_menu.addAction(act)
            self.copy_actions[ch.id] = act
        # Group-box mnemonics move focus into the box.
        boxes = self.channels_panel.boxes()
        self.channels_box.setFocusProxy(boxes[0] if boxes else None)
