"""The policy document, opened at the clause a finding comes from ("Why?")."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from rwt_desktop.app.policy_text import find_clause
from rwt_desktop.gui.plain import plain_label
from rwt_desktop.gui.positions import PositionMap


class PolicyViewer(QDialog):
    def __init__(self, document: str, clause: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyViewer")
        self.setWindowTitle("Social and Digital Media Policy")
        self.resize(720, 560)
        self.note = plain_label(QLabel(self))
        self.note.setWordWrap(True)
        self.view = QPlainTextEdit(self)
        self.view.setObjectName("policyText")
        self.view.setReadOnly(True)
        self.view.setAccessibleName("Policy text")
        self.view.setPlainText(document)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.found: tuple[int, int] | None = None
        if clause:
            self.show_clause(document, clause)
        else:
            self.note.setText("The policy in full.")

    def show_clause(self, document: str, clause: str) -> None:
        self.found = find_clause(document, clause)
        if self.found is None:
            self.note.setText(f"The policy in full. (Could not find “{clause}” in it.)")
            return
        self.note.setText(f"The policy, at “{clause}” (highlighted).")
        start, end = PositionMap(document).span_to_qt(*self.found)
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        mark = QTextEdit.ExtraSelection()
        mark.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(self.palette().highlight())
        fmt.setForeground(self.palette().highlightedText())
        fmt.setFontUnderline(True)
        mark.format = fmt
        self.view.setExtraSelections([mark])
        self.view.setTextCursor(cursor)
        self.view.centerCursor()

    def highlighted_text(self) -> str:
        marks = self.view.extraSelections()
        return marks[0].cursor.selectedText() if marks else ""


__all__ = ["PolicyViewer"]
