"""The smaller windows: a banner, Settings, the drafts list and the confirmation record."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rwt_desktop.core.findings import Severity
from rwt_desktop.core.policy import Channel
from rwt_desktop.gui.copyguard import CopyGuard, guard_item_view
from rwt_desktop.gui.grammar_status import GrammarSettingsBox
from rwt_desktop.gui.plain import plain_label, plain_tip
from rwt_desktop.gui.severity_style import severity_icon
from rwt_desktop.storage.drafts import Draft
from rwt_desktop.storage.record import Confirmation
from rwt_desktop.storage.settings import Settings


def local_time(when: datetime) -> str:
    return when.astimezone().strftime("%a %d %b %Y, %H:%M")


class Banner(QFrame):
    """A message across the top of the window, with optional buttons; never modal."""

    closed = Signal()

    def __init__(self, text: str, severity: Severity = Severity.INFO,
                 actions: Sequence[tuple[str, Callable[[], None]]] = (),
                 parent: QWidget | None = None, name: str = "banner",
                 closable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAccessibleName("Notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        icon = QLabel(self)
        icon.setPixmap(severity_icon(severity).pixmap(20, 20))
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        # Banners quote posts, file names, replies and the policy data: never rich text.
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setText(text)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.buttons: dict[str, QPushButton] = {}
        for title, callback in actions:
            button = QPushButton(title, self)
            button.setAccessibleName(title.replace("&", ""))
            button.clicked.connect(lambda _=False, cb=callback: self._run(cb))
            layout.addWidget(button)
            self.buttons[title.replace("&", "")] = button
        close = QPushButton("×", self)
        close.setAccessibleName("Close this notice")
        close.setToolTip("Close this notice")
        close.setFlat(True)
        close.clicked.connect(self.dismiss)
        if not closable:  # a banner that stays until its problem is solved
            close.hide()
        layout.addWidget(close)

    def _run(self, callback: Callable[[], None]) -> None:
        callback()
        self.dismiss()

    def dismiss(self) -> None:
        self.hide()
        self.closed.emit()
        self.deleteLater()


class SettingsDialog(QDialog):
    """Your name for the record, the channels a new post starts with, and the policy folder."""

    def __init__(self, settings: Settings, channels: Sequence[Channel],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self._settings = settings
        form = QFormLayout()
        self.name = QLineEdit(settings.user_name, self)
        self.name.setObjectName("settingsName")
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("As it should appear in the confirmation record")
        name_label = QLabel("Your &name:", self)
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)

        box = QWidget(self)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        self.channel_boxes: dict[str, QCheckBox] = {}
        # No choice saved yet: the organisation's default channels (policy.toml).
        chosen = set(settings.channels) or ({ch.id for ch in channels if ch.default}
                                            or {ch.id for ch in channels})
        for ch in channels:
            check = QCheckBox(f"{ch.name}  {ch.handle}", box)
            check.setObjectName(f"settingsChannel_{ch.id}")
            check.setChecked(ch.id in chosen)
            box_layout.addWidget(check)
            self.channel_boxes[ch.id] = check
        channels_label = QLabel("Channels for a new post:", self)
        form.addRow(channels_label, box)

        row = QWidget(self)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.policy = QLineEdit(settings.policy_path, self)
        self.policy.setObjectName("settingsPolicy")
        self.policy.setAccessibleName("Policy folder")
        self.policy.setPlaceholderText("Empty: the policy built into the program")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        row_layout.addWidget(self.policy, 1)
        row_layout.addWidget(browse)
        policy_label = QLabel("&Policy folder:", self)
        policy_label.setBuddy(self.policy)
        form.addRow(policy_label, row)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.grammar = GrammarSettingsBox(settings, self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.grammar)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the policy folder",
                                                  self.policy.text())
        if folder:
            self.policy.setText(folder)

    def value(self) -> Settings:
        from dataclasses import replace

        return self.grammar.apply(replace(
            self._settings, user_name=self.name.text().strip(),
            channels=[cid for cid, b in self.channel_boxes.items() if b.isChecked()],
            policy_path=self.policy.text().strip()))


class DraftsDialog(QDialog):
    """Earlier posts, newest first. Open one, or delete it."""

    def __init__(self, drafts: Sequence[Draft], delete: Callable[[int], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftsDialog")
        self.setWindowTitle("Drafts")
        self.resize(560, 420)
        self._delete = delete
        self.chosen: int | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("draftsList")
        self.list.setAccessibleName("Drafts, newest first")
        for d in drafts:
            first = " ".join(d.text.split())[:80] or "(empty)"
            item = QListWidgetItem(f"{local_time(d.updated)} — {first}")
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            item.setToolTip(plain_tip(d.text[:500]))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        guard_item_view(self.list, CopyGuard(lambda: [d.text for d in drafts],
                                             first="open the draft and read it back first"))
        self.list.itemActivated.connect(lambda _item: self._open())
        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton("&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.delete_button = buttons.addButton("&Delete",
                                               QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.open_button.clicked.connect(self._open)
        self.delete_button.clicked.connect(self._remove)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Drafts are saved as you type.", self))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self._update()

    def _update(self) -> None:
        has = self.list.currentItem() is not None
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _open(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = item.data(Qt.ItemDataRole.UserRole)
            self.accept()

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._delete(item.data(Qt.ItemDataRole.UserRole))
            self.list.takeItem(self.list.row(item))
        self._update()


class RecordDialog(QDialog):
    """The local record of every read-back confirmation, exportable as CSV."""

    HEADERS = ("When", "Who", "Action", "Channels", "Warnings acknowledged", "Text")

    def __init__(self, rows: builtins.list[Confirmation],
                 export: Callable[[Path], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordDialog")
        self.setWindowTitle("Confirmation record")
        self.resize(860, 460)
        self._export = export
        self.table = QTableWidget(len(rows), len(self.HEADERS), self)
        self.table.setObjectName("recordTable")
        self.table.setAccessibleName("Confirmations, newest first")
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for r, c in enumerate(rows):
            first_text = next(iter(c.texts.values()), "")
            cells = (local_time(c.when), c.who, c.action, ", ".join(c.channels),
                     "\n".join(c.acknowledged) or "none", " ".join(first_text.split())[:120])
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(plain_tip(value))
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        guard_item_view(self.table, CopyGuard(
            lambda: [t for c in rows for t in c.texts.values()],
            first="the record keeps posts for checking, not for posting"))
        self.status = plain_label(QLabel(self),
                                  f"{len(rows)} confirmation{'s' if len(rows) != 1 else ''}.")
        buttons = QDialogButtonBox(self)
        export_button = buttons.addButton("&Export CSV…", QDialogButtonBox.ButtonRole.ActionRole)
        export_button.clicked.connect(self._export_csv)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def ask_csv_path(self) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Export the record as CSV",
                                              "rwt-confirmations.csv", "CSV files (*.csv)")
        return path

    def _export_csv(self) -> None:
        path = self.ask_csv_path()
        if not path:
            return
        try:
            count = self._export(Path(path))
        except OSError as exc:
            self.status.setText(f"Could not save {path}: {exc.strerror or exc}")
            return
        self.status.setText(f"Saved {count} row{'s' if count != 1 else ''} to {path}.")
