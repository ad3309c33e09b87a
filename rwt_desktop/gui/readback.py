"""The golden rule, made a step: read the post back before it can leave the window.

Copy and export are only reached through :meth:`ReadBackDialog.ask`. The dialog shows the
exact text for each chosen account, lists everything that must be fixed (Confirm stays off
while there is any), asks for a tick against each warning, and asks the person to confirm
they have read it back, quoting the policy's golden rule.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rwt_desktop.core.findings import ChannelLength, Finding, Severity
from rwt_desktop.core.policy import Channel
from rwt_desktop.gui.channels_panel import counter_text
from rwt_desktop.gui.copyguard import CopyGuard, GuardedPlainTextEdit
from rwt_desktop.gui.policy_text import golden_rule_tests
from rwt_desktop.gui.severity_style import LOOKS, severity_icon
from rwt_desktop.gui.speech import Speaker, default_speaker

#: Why the read-back's own text boxes do not copy (the way out is after Confirm).
CONFIRM_FIRST = "confirm the read-back first, then use “Copy for …” in the window"


@dataclass(frozen=True)
class PostForReadBack:
    """Everything the read-back shows, gathered by the window at the moment it opens."""

    texts: Mapping[str, str]  # channel id -> the exact text that will be copied/exported
    channels: Sequence[Channel]
    findings: Sequence[Finding]
    lengths: Mapping[str, ChannelLength] = field(default_factory=dict)
    golden_rule: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class ReadBackResult:
    """What the person confirmed."""

    acknowledged: tuple[Finding, ...]

    def acknowledged_text(self) -> tuple[str, ...]:
        return tuple(describe(f) for f in self.acknowledged)


def describe(finding: Finding) -> str:
    """One line a person can read later in the confirmation record."""
    what = finding.image or finding.text  # a picture's finding has no words to quote
    return f"{finding.message} [{finding.rule}: “{what}”]"


def blocking_reasons(post: PostForReadBack) -> list[str]:
    """Why the post cannot go yet: block findings, and any account it is too long for."""
    reasons = [f.message if f.image else f"“{f.text}”: {f.message}" for f in post.findings
               if f.severity is Severity.BLOCK]
    for ch in post.channels:
        length = post.lengths.get(ch.id)
        if length is not None and not length.ok:
            reasons.append(f"Too long for {ch.name}: {counter_text(ch, length)[1]}.")
    return reasons


def _icon_label(severity: Severity, parent: QWidget) -> QLabel:
    icon = QLabel(parent)
    icon.setPixmap(severity_icon(severity).pixmap(18, 18))
    icon.setAccessibleName(LOOKS[severity].word)
    return icon


class ReadBackDialog(QDialog):
    def __init__(self, post: PostForReadBack, parent: QWidget | None = None, *,
                 speaker: Speaker | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readBackDialog")
        self.setWindowTitle("Read it back before you post")
        self.setModal(True)
        self.resize(640, 620)
        self.post = post
        self.warnings = [f for f in post.findings if f.severity is Severity.WARN]
        self.blockers = blocking_reasons(post)

        layout = QVBoxLayout(self)

        rule = QLabel(self)
        rule.setObjectName("goldenRule")
        rule.setWordWrap(True)
        rule.setTextFormat(Qt.TextFormat.RichText)
        rule.setText("<p><b>The golden rule</b> (from the policy):</p><blockquote><i>“"
                     + html.escape(post.golden_rule or "Read the post back to yourself.")
                     + "”</i></blockquote>")
        layout.addWidget(rule)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("readBackTexts")
        self.tabs.setAccessibleName("The exact text for each channel")
        self.text_views: dict[str, QPlainTextEdit] = {}
        texts_guard = CopyGuard(lambda: list(post.texts.values()), first=CONFIRM_FIRST)
        for ch in post.channels:
            view = GuardedPlainTextEdit(self)
            view.set_copy_guard(texts_guard)
            view.setObjectName(f"readBack_{ch.id}")
            view.setReadOnly(True)
            view.setPlainText(post.texts.get(ch.id, ""))
            view.setAccessibleName(f"Exact text for {ch.name}")
            view.setTabChangesFocus(True)
            shown, _spoken, _ok = counter_text(ch, post.lengths.get(ch.id))
            self.tabs.addTab(view, f"{ch.name}  {shown}")
            self.text_views[ch.id] = view
        layout.addWidget(self.tabs, 2)
        self._build_read_aloud(layout, speaker)

        if self.blockers:
            box = QGroupBox("Must fix before this can be copied or exported", self)
            box.setObjectName("blockers")
            grid = QGridLayout(box)
            grid.setColumnStretch(1, 1)
            for row, reason in enumerate(self.blockers):
                grid.addWidget(_icon_label(Severity.BLOCK, box), row, 0,
                               Qt.AlignmentFlag.AlignTop)
                label = QLabel(reason, box)
                label.setWordWrap(True)
                label.setAccessibleName(f"Must fix: {reason}")
                grid.addWidget(label, row, 1)
            layout.addWidget(box)

        self.warning_boxes: list[QCheckBox] = []
        if self.warnings:
            group = QWidget(self)
            group.setObjectName("warnings")
            grid = QGridLayout(group)
            grid.setColumnStretch(2, 1)
            for n, f in enumerate(self.warnings):
                box = QCheckBox(group)
                box.setObjectName(f"ack{n}")
                box.setAccessibleName(f"I have checked: {f.message}" if f.image else
                                      f"I have checked “{f.text}”: {f.message}")
                box.setToolTip(f"Policy: “{f.clause}”" if f.clause else "")
                box.toggled.connect(self._update)
                label = QLabel(html.escape(f.message) if f.image else
                               f"<b>“{html.escape(f.text)}”</b>: {html.escape(f.message)}",
                               group)
                label.setWordWrap(True)
                label.setToolTip(box.toolTip())
                grid.addWidget(box, n, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(_icon_label(Severity.WARN, group), n, 1,
                               Qt.AlignmentFlag.AlignTop)
                grid.addWidget(label, n, 2)
                self.warning_boxes.append(box)
            grid.setRowStretch(len(self.warnings), 1)
            frame = QGroupBox("Please check each of these, and tick to say you have", self)
            scroll = QScrollArea(frame)
            scroll.setWidgetResizable(True)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(group)
            QVBoxLayout(frame).addWidget(scroll)
            layout.addWidget(frame, 1)

        what = golden_rule_tests(post.golden_rule)
        if what:
            wording = (f"I have &read it back, and it could not be misconstrued as {what}.")
        else:
            wording = "I have &read it back, and it could not be misconstrued or cause harm."
        self.confirm_box = QCheckBox(wording, self)
        self.confirm_box.setObjectName("confirmReadBack")
        self.confirm_box.setAccessibleName("I have read it back")
        self.confirm_box.toggled.connect(self._update)
        bold = QFont(self.confirm_box.font())
        bold.setBold(True)
        self.confirm_box.setFont(bold)
        layout.addWidget(self.confirm_box)

        self.reason = QLabel(self)
        self.reason.setObjectName("confirmReason")
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason)

        buttons = QDialogButtonBox(self)
        self.confirm_button = QPushButton("&Confirm", self)
        self.confirm_button.setObjectName("confirmButton")
        self.confirm_button.setAccessibleName("Confirm the read-back")
        self.confirm_button.setDefault(True)
        buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Go back and &edit")
        buttons.accepted.connect(self._accept_if_allowed)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        first = self.warning_boxes[0] if self.warning_boxes else self.confirm_box
        first.setFocus()
        self._update()

    # ------------------------------------------------------------------ state

    def missing(self) -> list[str]:
        """Why Confirm is off, in words; empty when it may be pressed."""
        out: list[str] = []
        if self.blockers:
            n = len(self.blockers)
            out.append(f"{n} thing{'s' if n != 1 else ''} must be fixed first")
        if not self.post.channels:
            out.append("no channel is chosen")
        if not any(t.strip() for t in self.post.texts.values()):
            out.append("the post is empty")
        unticked = sum(not b.isChecked() for b in self.warning_boxes)
        if unticked:
            out.append(f"{unticked} warning{'s' if unticked != 1 else ''} not yet ticked")
        if not self.confirm_box.isChecked():
            out.append("the read-back is not yet confirmed")
        return out

    def _update(self) -> None:
        missing = self.missing()
        self.confirm_button.setEnabled(not missing)
        if missing:
            self.reason.setText("Confirm is not available yet: " + "; ".join(missing) + ".")
        else:
            self.reason.setText("Ready: you can confirm.")
        self.confirm_button.setAccessibleDescription(self.reason.text())

    # ------------------------------------------------------------------ reading aloud

    def _build_read_aloud(self, layout: QVBoxLayout, speaker: Speaker | None) -> None:
        """"Read aloud" speaks the exact text of the open tab with the computer's own voice."""
        self.speaker = speaker if speaker is not None else default_speaker(self)
        row = QHBoxLayout()
        self.read_aloud_button = QPushButton("Read &aloud", self)
        self.read_aloud_button.setObjectName("readAloudButton")
        self.read_aloud_button.setAccessibleName("Read the post aloud")
        self.stop_button = QPushButton("&Stop", self)
        self.stop_button.setObjectName("stopReadingButton")
        self.stop_button.setAccessibleName("Stop reading aloud")
        self.stop_button.setEnabled(False)
        self.voice_note = QLabel(self)
        self.voice_note.setObjectName("voiceNote")
        self.voice_note.setWordWrap(True)
        if self.speaker.available():
            self.read_aloud_button.setToolTip(
                "Hear the exact text of this tab in the computer's own voice "
                f"({self.speaker.name}). Nothing is sent off the computer.")
            self.voice_note.setText("Hearing it can catch what reading misses.")
        else:
            self.read_aloud_button.setEnabled(False)
            self.read_aloud_button.setToolTip(self.speaker.unavailable_reason)
            self.voice_note.setText(self.speaker.unavailable_reason)
        self.read_aloud_button.clicked.connect(self.read_aloud)
        self.stop_button.clicked.connect(self.speaker.stop)
        self.speaker.started.connect(self._speaking_changed)
        self.speaker.finished.connect(self._speaking_changed)
        row.addWidget(self.read_aloud_button)
        row.addWidget(self.stop_button)
        row.addWidget(self.voice_note, 1)
        layout.addLayout(row)

    def shown_text(self) -> str:
        """The exact text of the channel tab that is open (what Copy would give)."""
        channels = list(self.text_views)
        index = self.tabs.currentIndex()
        if 0 <= index < len(channels):
            return self.post.texts.get(channels[index], "")
        return next(iter(self.post.texts.values()), "")

    def read_aloud(self) -> None:
        text = self.shown_text()
        if self.speaker.available() and text.strip():
            self.speaker.speak(text)

    def _speaking_changed(self) -> None:
        speaking = self.speaker.is_speaking()
        self.stop_button.setEnabled(speaking)
        self.read_aloud_button.setEnabled(self.speaker.available() and not speaking)

    def done(self, result: int) -> None:
        self.speaker.stop()  # closing the read-back ends the voice too
        super().done(result)

    def _accept_if_allowed(self) -> None:
        if not self.missing():  # Enter on a disabled default button must not get through
            self.accept()

    def result_value(self) -> ReadBackResult:
        return ReadBackResult(acknowledged=tuple(
            f for f, box in zip(self.warnings, self.warning_boxes, strict=True)
            if box.isChecked()))

    # ------------------------------------------------------------------ entry point

    @classmethod
    def ask(cls, parent: QWidget | None, post: PostForReadBack) -> ReadBackResult | None:
        """Show the read-back; the confirmed result, or None if the person went back."""
        dialog = cls(post, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and not dialog.missing():
                return dialog.result_value()
            return None
        finally:
            dialog.deleteLater()
