"""The policy, clause by clause, and the person's acknowledgement that they have read it.

The policy says "If access is granted to other users this policy must be shared and adhered
to." So the first time someone uses the program (and again whenever the organisation's policy
data changes, which changes ``Policy.version``) the window opens :class:`PolicyAckDialog`:
the policy a section at a time, who holds each account, and the rule about passwords. Once
every section has been opened the person can confirm, with their name; the window records
that (action ``policy-ack``) and keeps the version in the settings. The same dialog, without
the confirmation, is the "Policy" view on the toolbar.

:func:`split_policy` and :func:`password_rule` are plain text handling with no Qt, like
:mod:`rwt_desktop.app.policy_text`; nothing here knows what the policy says.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rwt_desktop.core.policy import Admin

BULLETS = ("·", "•", "-", "*", "–")


@dataclass(frozen=True)
class PolicySection:
    """One headed part of the policy; each line is a paragraph or a bullet."""

    heading: str
    lines: tuple[str, ...]


def _words(line: str) -> int:
    return len(line.split())


def _is_bullet(line: str) -> bool:
    return line.startswith(BULLETS) and not line.startswith("--")


def _looks_like_heading(line: str, following: str | None) -> bool:
    """A short line with no closing punctuation, followed by a sentence or a bullet."""
    if not line or "\t" in line or _is_bullet(line) or _words(line) > 6:
        return False
    if line[-1] in ".:;,!?" or "–" in line or "@" in line or not line[0].isupper():
        return False
    if following is None:
        return False
    return _is_bullet(following) or _words(following) > 6


def split_policy(document: str) -> list[PolicySection]:
    """The policy's headed sections, in order; text before the first heading is its own."""
    lines = [" ".join(part for part in re.split(r"\t+", raw.strip()) if part.strip())
             if "\t" in raw else raw.strip() for raw in document.splitlines()]
    raw_tabs = ["\t" in raw.strip() for raw in document.splitlines()]
    filled = [n for n, line in enumerate(lines) if line]
    sections: list[PolicySection] = []
    heading = ""
    body: list[str] = []
    for i, n in enumerate(filled):
        line = lines[n]
        following = lines[filled[i + 1]] if i + 1 < len(filled) else None
        if not raw_tabs[n] and _looks_like_heading(line, following):
            if heading or body:
                sections.append(PolicySection(heading or "About this policy", tuple(body)))
            heading, body = line, []
        else:
            body.append(re.sub(r"\s{2,}", " — ", line) if raw_tabs[n] else line)
    if heading or body:
        sections.append(PolicySection(heading or "About this policy", tuple(body)))
    return sections


def password_rule(document: str) -> str:
    """The policy's own sentence about changing passwords ("" when it has none)."""
    for line in document.splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(line.split())):
            folded = sentence.casefold()
            if "password" in folded and ("permission" in folded or "chang" in folded):
                return sentence.strip()
    return ""


def section_html(section: PolicySection) -> str:
    """A section as simple rich text: paragraphs, and bullets as a list."""
    out = [f"<h2>{html.escape(section.heading)}</h2>"]
    in_list = False
    for line in section.lines:
        if _is_bullet(line):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{html.escape(line.lstrip(''.join(BULLETS)).strip())}</li>")
        else:
            if in_list:
                out.append("</ul>")
                in_list = False
            out.append(f"<p>{html.escape(line)}</p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def account_holders(admins: Sequence[Admin], channel_names: Mapping[str, str]) -> list[str]:
    """"Heidi Bibby, Project Manager: Facebook, Instagram, …" for each admin."""
    rows = []
    for admin in admins:
        accounts = ", ".join(channel_names.get(a, a) for a in admin.accounts)
        role = f", {admin.role}" if admin.role else ""
        rows.append(f"{admin.name}{role}: {accounts}" if accounts else f"{admin.name}{role}")
    return rows


class PolicyAckDialog(QDialog):
    """The policy a section at a time; in ``acknowledge`` mode, the confirmation too."""

    #: The person confirmed they have read the policy; carries the name they gave.
    acknowledged = Signal(str)
    #: The section on show (-1 before the first is shown).
    current: int

    def __init__(self, document: str, admins: Sequence[Admin],
                 channel_names: Mapping[str, str], *, acknowledge: bool, name: str = "",
                 organisation: str = "", status: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyAckDialog")
        self.acknowledge_mode = acknowledge
        self.setWindowTitle("Please read the policy" if acknowledge
                            else "The policy, clause by clause")
        self.resize(860, 640)
        self.sections = split_policy(document)
        self.visited: set[int] = set()
        layout = QVBoxLayout(self)

        intro = QLabel(self)
        intro.setObjectName("policyAckIntro")
        intro.setWordWrap(True)
        who = organisation or "the organisation"
        if acknowledge:
            intro.setText(
                f"<p><b>Before you post for {html.escape(who)}, please read its Social and "
                "Digital Media Policy.</b> The policy says: <i>“If access is granted to other "
                "users this policy must be shared and adhered to.”</i></p><p>Go through each "
                "section (the list on the left ticks them off), then confirm below.</p>")
        else:
            intro.setText(f"<p>{html.escape(who)}'s Social and Digital Media Policy. "
                          f"{html.escape(status)}</p>")
        layout.addWidget(intro)

        holders = QGroupBox("Who holds each account", self)
        holders.setObjectName("accountHolders")
        holders_layout = QVBoxLayout(holders)
        self.holders_label = QLabel(
            "<br>".join(html.escape(r) for r in account_holders(admins, channel_names))
            or "The policy data names no account holders.", holders)
        self.holders_label.setWordWrap(True)
        self.holders_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        holders_layout.addWidget(self.holders_label)
        rule = password_rule(document)
        self.password_label = QLabel(f"<b>{html.escape(rule)}</b>" if rule else "", holders)
        self.password_label.setObjectName("passwordRule")
        self.password_label.setWordWrap(True)
        self.password_label.setVisible(bool(rule))
        holders_layout.addWidget(self.password_label)
        layout.addWidget(holders)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.contents = QListWidget(split)
        self.contents.setObjectName("policySections")
        self.contents.setAccessibleName("Sections of the policy")
        for section in self.sections:
            self.contents.addItem(QListWidgetItem(section.heading))
        self.view = QTextBrowser(split)
        self.view.setObjectName("policySectionText")
        self.view.setAccessibleName("The section of the policy")
        self.view.setOpenExternalLinks(False)
        split.addWidget(self.contents)
        split.addWidget(self.view)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        nav = QHBoxLayout()
        self.previous_button = QPushButton("&Previous", self)
        self.next_button = QPushButton("&Next section", self)
        self.next_button.setObjectName("nextSectionButton")
        self.position_label = QLabel(self)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.position_label, 1)
        layout.addLayout(nav)
        self.previous_button.clicked.connect(lambda: self.show_section(self.current - 1))
        self.next_button.clicked.connect(lambda: self.show_section(self.current + 1))
        self.contents.currentRowChanged.connect(self.show_section)

        buttons = QDialogButtonBox(self)
        if acknowledge:
            form = QHBoxLayout()
            name_label = QLabel("Your &name:", self)
            self.name_edit = QLineEdit(name, self)
            self.name_edit.setObjectName("policyAckName")
            self.name_edit.setAccessibleName("Your name")
            self.name_edit.setPlaceholderText("As it should appear in the record")
            name_label.setBuddy(self.name_edit)
            form.addWidget(name_label)
            form.addWidget(self.name_edit, 1)
            layout.addLayout(form)
            self.confirm_box = QCheckBox("I have &read this policy and will follow it.", self)
            self.confirm_box.setObjectName("policyAckConfirm")
            layout.addWidget(self.confirm_box)
            self.reason = QLabel(self)
            self.reason.setObjectName("policyAckReason")
            self.reason.setWordWrap(True)
            layout.addWidget(self.reason)
            self.ack_button = buttons.addButton("I have read &it",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
            self.ack_button.setObjectName("policyAckButton")
            later = buttons.addButton("&Later", QDialogButtonBox.ButtonRole.RejectRole)
            later.setToolTip("Close for now; you will be asked again")
            self.name_edit.textChanged.connect(self._update)
            self.confirm_box.toggled.connect(self._update)
            buttons.accepted.connect(self._acknowledge_if_allowed)
        else:
            buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.current = -1
        self.show_section(0)

    # ------------------------------------------------------------------ reading

    def show_section(self, index: int) -> None:
        if not self.sections or not 0 <= index < len(self.sections) or index == self.current:
            return
        self.current = index
        self.visited.add(index)
        self.view.setHtml(section_html(self.sections[index]))
        item = self.contents.item(index)
        item.setText(f"✓ {self.sections[index].heading}")
        item.setToolTip("Read")
        if self.contents.currentRow() != index:
            self.contents.setCurrentRow(index)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.sections) - 1)
        left = len(self.sections) - len(self.visited)
        self.position_label.setText(
            f"Section {index + 1} of {len(self.sections)}"
            + (f" — {left} still to read." if left else " — you have seen every section."))
        self._update()

    def all_read(self) -> bool:
        return len(self.visited) >= len(self.sections)

    # ------------------------------------------------------------------ confirming

    def missing(self) -> list[str]:
        """Why the confirmation is not yet possible, in words."""
        if not self.acknowledge_mode:
            return []
        out = []
        left = len(self.sections) - len(self.visited)
        if left:
            out.append(f"{left} section{'s' if left != 1 else ''} still to read")
        if not self.name_edit.text().strip():
            out.append("your name is empty")
        if not self.confirm_box.isChecked():
            out.append("the box is not ticked")
        return out

    def _update(self) -> None:
        if not self.acknowledge_mode or not hasattr(self, "ack_button"):
            return
        self.confirm_box.setEnabled(self.all_read())
        missing = self.missing()
        self.ack_button.setEnabled(not missing)
        self.reason.setText("Not yet: " + "; ".join(missing) + "." if missing
                            else "Thank you. Press “I have read it” to confirm.")

    def _acknowledge_if_allowed(self) -> None:
        if self.acknowledge_mode and not self.missing():
            self.acknowledged.emit(self.name_edit.text().strip())
            self.accept()


__all__ = ["PolicyAckDialog", "PolicySection", "account_holders", "password_rule",
           "section_html", "split_policy"]
