"""The findings panel: every finding grouped by severity, with what to do about it.

Selecting a finding selects its words in the composer; the detail area below shows the
message, the policy clause, any advice, a button per suggestion, "Why?" (the policy at that
clause) and, for information only, "Dismiss".
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rwt_desktop.core.findings import Finding, Severity
from rwt_desktop.core.grammar import word_to_add
from rwt_desktop.gui.plain import plain_label, plain_tip
from rwt_desktop.gui.severity_style import LOOKS, ORDER, severity_icon

_ROLE = Qt.ItemDataRole.UserRole


class FindingsPanel(QWidget):
    findingActivated = Signal(object)  # Finding: select it in the composer
    suggestionChosen = Signal(object, str)  # Finding, replacement
    whyRequested = Signal(object)  # Finding
    dismissRequested = Signal(object)  # Finding (info only)
    addWordRequested = Signal(object)  # Finding (spelling): add its word to the dictionary

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("findingsTree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAccessibleName("Findings")
        self.tree.setAccessibleDescription("Problems found in the post, most serious first")
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemClicked.connect(self._on_activated)

        self.summary = plain_label(QLabel(self))
        self.summary.setObjectName("findingsSummary")
        self.summary.setWordWrap(True)

        self.detail = QLabel(self)
        self.detail.setObjectName("findingDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName("About the selected finding")

        self._buttons = QHBoxLayout()
        self._buttons.setContentsMargins(0, 0, 0, 0)
        #: One button per suggestion, on their own row so long ones are not squeezed.
        self._suggestion_row = QHBoxLayout()
        self._suggestion_row.setContentsMargins(0, 0, 0, 0)
        self._suggestion_row.addStretch(1)
        self.why_button = QPushButton("&Why?", self)
        self.why_button.setObjectName("whyButton")
        self.why_button.setAccessibleName("Why? Show the policy at this clause")
        self.why_button.clicked.connect(lambda: self._emit_for_current(self.whyRequested))
        self.dismiss_button = QPushButton("&Dismiss", self)
        self.dismiss_button.setObjectName("dismissButton")
        self.dismiss_button.setAccessibleName("Dismiss this information for this post")
        self.dismiss_button.clicked.connect(
            lambda: self._emit_for_current(self.dismissRequested))
        self._suggestion_buttons: list[QPushButton] = []
        self._buttons.addStretch(1)
        self._buttons.addWidget(self.why_button)
        self._buttons.addWidget(self.dismiss_button)
        self.add_word_button = QPushButton("Add to dictionar&y", self)
        self.add_word_button.setObjectName("addWordButton")
        self.add_word_button.setAccessibleName("Add this word to my dictionary")
        self.add_word_button.clicked.connect(
            lambda: self._emit_for_current(self.addWordRequested))
        self.add_word_button.setVisible(False)
        self._buttons.insertWidget(self._buttons.count() - 2, self.add_word_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.detail, 0)
        layout.addLayout(self._suggestion_row)
        layout.addLayout(self._buttons)
        self._findings: list[Finding] = []
        self._updating = False
        self.set_findings([])

    # ------------------------------------------------------------------ content

    @property
    def findings(self) -> list[Finding]:
        return list(self._findings)

    def set_findings(self, findings: Sequence[Finding], checked: bool = True) -> None:
        previous = self.current_finding()
        self._findings = list(findings)
        self._updating = True
        self.tree.clear()
        groups = {s: [f for f in findings if f.severity is s] for s in ORDER}
        restore: QTreeWidgetItem | None = None
        for severity in ORDER:
            items = groups[severity]
            if not items:
                continue
            look = LOOKS[severity]
            head = QTreeWidgetItem([f"{look.heading} ({len(items)})"])
            head.setIcon(0, severity_icon(severity))
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.tree.addTopLevelItem(head)
            for f in items:
                # Picture findings have no words to quote: the message names the picture.
                item = QTreeWidgetItem([f"🖼 {f.message}" if f.image else
                                        f"“{_short(f.text)}” — {f.message}"])
                item.setIcon(0, severity_icon(severity))
                item.setData(0, _ROLE, f)
                item.setToolTip(0, plain_tip(f"{look.word}: {f.message}\nPolicy: “{f.clause}”"))
                head.addChild(item)
                if previous is not None and _same(previous, f):
                    restore = item
            head.setExpanded(True)
        if not findings:
            self.summary.setText("✓ No problems found." if checked else "Checking…")
        else:
            counts = [f"{len(groups[s])} {LOOKS[s].word.lower()}" for s in ORDER if groups[s]]
            self.summary.setText("Found: " + ", ".join(counts) + ".")
        if restore is not None:
            self.tree.setCurrentItem(restore)
        self._updating = False
        self._show_detail(self.current_finding())

    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        return item.data(0, _ROLE) if item is not None else None

    def item_for(self, finding: Finding) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            if head is None:
                continue
            for j in range(head.childCount()):
                child = head.child(j)
                if child is not None and child.data(0, _ROLE) is finding:
                    return child
        return None

    # ------------------------------------------------------------------ detail

    def _on_current(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        finding = current.data(0, _ROLE) if current is not None else None
        if self._updating:
            return  # a refresh after a check, not the person moving through the list
        self._show_detail(finding)
        if finding is not None:
            self.findingActivated.emit(finding)

    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = item.data(0, _ROLE)
        if finding is not None:
            self.findingActivated.emit(finding)

    def _show_detail(self, finding: Finding | None) -> None:
        for button in self._suggestion_buttons:
            self._suggestion_row.removeWidget(button)
            button.deleteLater()
        self._suggestion_buttons = []
        if finding is None:
            self.detail.setText("<i>Select a finding to see what to do about it.</i>"
                                if self._findings else "")
            self.why_button.setEnabled(False)
            self.dismiss_button.setEnabled(False)
            self.add_word_button.setVisible(False)
            return
        look = LOOKS[finding.severity]
        html = [f"<p><b>{look.word}</b> ({look.shape}): {_esc(finding.message)}</p>"]
        if finding.clause:
            html.append(f"<p>Policy: <i>“{_esc(finding.clause)}”</i></p>")
        if finding.advice:
            html.append(f"<p>{_esc(finding.advice)}</p>")
        self.detail.setText("".join(html))
        self.why_button.setEnabled(bool(finding.clause))
        self.dismiss_button.setEnabled(finding.severity is Severity.INFO)
        word = word_to_add(finding)
        self.add_word_button.setVisible(word is not None)
        if word is not None:
            self.add_word_button.setToolTip(
                plain_tip(f"“{word}” is spelt right: stop flagging it"))
        for n, suggestion in enumerate(finding.suggestions[:4]):
            label = f"Use “{_short(suggestion, 40)}”"
            if n == 0:
                label = "&" + label
            button = QPushButton(label, self)
            button.setObjectName(f"suggestion{n}")
            button.setAccessibleName(f"Replace with {suggestion}")
            button.setToolTip(
                plain_tip(f"Replace “{finding.text}” with “{suggestion}” (Ctrl+Z undoes it)"))
            button.clicked.connect(
                lambda _=False, f=finding, s=suggestion: self.suggestionChosen.emit(f, s))
            self._suggestion_row.insertWidget(n, button)
            self._suggestion_buttons.append(button)

    def suggestion_buttons(self) -> list[QPushButton]:
        return list(self._suggestion_buttons)

    def _emit_for_current(self, signal: SignalInstance) -> None:
        finding = self.current_finding()
        if finding is not None:
            signal.emit(finding)


def _same(a: Finding, b: Finding) -> bool:
    return (a.rule, a.text, a.message) == (b.rule, b.text, b.message)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
