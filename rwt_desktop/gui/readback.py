"""The golden rule, made a step: read the post back before it can leave the window.

Copy and export are only reached through :meth:`ReadBackDialog.ask`. The dialog shows the
exact text for each chosen account, lists everything that must be fixed (Confirm stays off
while there is any), asks the few golden-rule questions that matter for this post
(:mod:`rwt_desktop.core.golden_rule`: a person it names, a child, a change to come...), asks
for a tick against each warning, and asks the person to confirm they have read it back,
quoting the policy's golden rule.

It fits a 1024×700 screen whatever the post: the middle scrolls, and the confirmation and
its buttons stay below it, always in view. Findings are quoted in a few words with their
place in the post, never in full. What it shows and what it returns are plain data, in
:mod:`rwt_desktop.app.readback`.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rwt_desktop.app.policy_text import golden_rule_tests
from rwt_desktop.app.readback import PostForReadBack, ReadBackResult, describe, quote
from rwt_desktop.core.excerpts import quote_with_position
from rwt_desktop.core.findings import Severity
from rwt_desktop.core.golden_rule import Answer, GoldenQuestion, answer_advice
from rwt_desktop.gui.channels_panel import counter_text
from rwt_desktop.gui.copyguard import CopyGuard, GuardedPlainTextEdit
from rwt_desktop.gui.plain import plain_label, plain_tip
from rwt_desktop.gui.severity_style import LOOKS, severity_icon
from rwt_desktop.gui.speech import Speaker, default_speaker

#: Why the read-back's own text boxes do not copy (the way out is after Confirm).
CONFIRM_FIRST = "confirm the read-back first, then use “Copy for …” in the window"


def blocking_reasons(post: PostForReadBack) -> list[str]:
    """Why the post cannot go yet: block findings, and any account it is too long for."""
    text = post.source_text
    reasons = [f.message if f.image else f"{quote(f, text)}: {f.message}" for f in post.findings
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


#: Tick boxes and answer buttons big enough to hit (and to see) easily.
_BIG_INDICATORS = ("QCheckBox::indicator, QRadioButton::indicator "
                   "{ width: 22px; height: 22px; }")


def _plain_label(text: str, parent: QWidget) -> QLabel:
    """A wrapping label for words from the post or the data: plain text, never rich."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class TickLabel(QLabel):
    """A warning's words: clicking them ticks (or unticks) its box, as a box's own text
    would, while the words still wrap."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.box = box
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setBuddy(box)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.box.toggle()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)


class QuestionRow(QFrame):
    """One golden-rule question with Yes / No / Not sure, and where "No" leads."""

    def __init__(self, n: int, question: GoldenQuestion, text: str, parent: QWidget,
                 on_change: Callable[[], None], go_back: Callable[[], None],
                 second_opinion: Callable[[], None] | None) -> None:
        super().__init__(parent)
        self.question = question
        self.setObjectName(f"question_{question.id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        words = _plain_label(question.text, self)
        words.setObjectName("questionText")
        bold = QFont(words.font())
        bold.setBold(True)
        words.setFont(bold)
        layout.addWidget(words)
        basis = [b for b in question.based_on if b.end > b.start]
        if basis:
            quoted = "; ".join(quote_with_position(text, b.start, b.end, 40)
                               if b.end <= len(text) else f"“{b.text}”" for b in basis[:3])
            more = f" and {len(basis) - 3} more" if len(basis) > 3 else ""
            found = _plain_label(f"Found: {quoted}{more}", self)
            found.setObjectName("questionBasis")
            layout.addWidget(found)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[Answer, QRadioButton] = {}
        for answer in Answer:
            button = QRadioButton(answer.words, self)
            button.setObjectName(f"answer_{question.id}_{answer.name.lower()}")
            button.setAccessibleName(f"{answer.words}: {question.text}")
            self.group.addButton(button)
            self.buttons[answer] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.route = QWidget(self)
        self.route.setObjectName("questionRoute")
        route = QHBoxLayout(self.route)
        route.setContentsMargins(24, 0, 0, 0)
        self.route_note = _plain_label("", self.route)
        route.addWidget(self.route_note, 1)
        edit = QPushButton("Go back and edit", self.route)
        edit.setObjectName("routeEdit")
        edit.clicked.connect(go_back)
        route.addWidget(edit)
        self.second_opinion_button: QPushButton | None = None
        if second_opinion is not None:
            ask = QPushButton("Ask for a second opinion", self.route)
            ask.setObjectName("routeSecondOpinion")
            ask.clicked.connect(second_opinion)
            route.addWidget(ask)
            self.second_opinion_button = ask
        self.route.setVisible(False)
        layout.addWidget(self.route)
        self.group.buttonToggled.connect(lambda *_: self._changed(on_change))
        self.setAccessibleName(f"Question {n + 1}: {question.text}")

    def answer(self) -> Answer | None:
        for answer, button in self.buttons.items():
            if button.isChecked():
                return answer
        return None

    def _changed(self, on_change: Callable[[], None]) -> None:
        answer = self.answer()
        self.route.setVisible(answer is not None and answer is not Answer.YES)
        self.route_note.setText(answer_advice(answer) if answer is not None else "")
        on_change()


class ReadBackDialog(QDialog):
    def __init__(self, post: PostForReadBack, parent: QWidget | None = None, *,
                 speaker: Speaker | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readBackDialog")
        self.setWindowTitle("Read it back before you post")
        self.setModal(True)
        self.setStyleSheet(_BIG_INDICATORS)
        self.post = post
        self.warnings = [f for f in post.findings if f.severity is Severity.WARN]
        self.blockers = blocking_reasons(post)
        #: Set when the person chose "Ask for a second opinion" from a question.
        self.second_opinion_wanted = False

        layout = QVBoxLayout(self)

        rule = QLabel(self)
        rule.setObjectName("goldenRule")
        rule.setWordWrap(True)
        rule.setTextFormat(Qt.TextFormat.RichText)
        rule.setText("<p><b>The golden rule</b> (from the policy): <i>“"
                     + html.escape(post.golden_rule or "Read the post back to yourself.")
                     + "”</i></p>")
        layout.addWidget(rule)

        # Everything between the golden rule and the confirmation scrolls, so Confirm and
        # Go back stay in view on a small screen however long the post or the lists are.
        self.body = QWidget(self)
        self.body.setObjectName("readBackBody")
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 6, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("readBackScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(self.body)
        layout.addWidget(self.scroll, 1)

        self.tabs = QTabWidget(self.body)
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
            lines = view.fontMetrics().lineSpacing()
            view.setMinimumHeight(lines * 7)  # a long post scrolls in its box, never squeezed
            view.setMaximumHeight(lines * 14)
            shown, _spoken, _ok = counter_text(ch, post.lengths.get(ch.id))
            self.tabs.addTab(view, f"{ch.name}  {shown}")
            self.text_views[ch.id] = view
        body.addWidget(self.tabs)
        self._build_read_aloud(body, speaker)

        if self.blockers:
            box = QGroupBox("Must fix before this can be copied or exported", self.body)
            box.setObjectName("blockers")
            grid = QGridLayout(box)
            grid.setColumnStretch(1, 1)
            for row, reason in enumerate(self.blockers):
                grid.addWidget(_icon_label(Severity.BLOCK, box), row, 0,
                               Qt.AlignmentFlag.AlignTop)
                label = _plain_label(reason, box)
                label.setAccessibleName(f"Must fix: {reason}")
                grid.addWidget(label, row, 1)
            body.addWidget(box)

        self.question_rows: list[QuestionRow] = []
        if post.questions:
            box = QGroupBox("Before you confirm, please answer these about your post", self.body)
            box.setObjectName("goldenQuestions")
            rows = QVBoxLayout(box)
            opinion = self._choose_second_opinion if post.ask_second_opinion else None
            for n, question in enumerate(post.questions):
                row = QuestionRow(n, question, post.source_text, box, self._update,
                                  self.reject, opinion)
                rows.addWidget(row)
                self.question_rows.append(row)
            body.addWidget(box)

        self.warning_boxes: list[QCheckBox] = []
        self.warning_labels: list[TickLabel] = []
        if self.warnings:
            group = QGroupBox("Please check each of these, and tick to say you have", self.body)
            group.setObjectName("warnings")
            grid = QGridLayout(group)
            grid.setColumnStretch(2, 1)
            text = post.source_text
            for n, f in enumerate(self.warnings):
                box = QCheckBox(group)
                box.setObjectName(f"ack{n}")
                box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                words = f.message if f.image else f"{quote(f, text)}: {f.message}"
                box.setAccessibleName(f"I have checked: {words}")
                box.setToolTip(plain_tip(f"Policy: “{f.clause}”") if f.clause else "")
                box.toggled.connect(self._update)
                label = TickLabel(words, box, group)
                label.setToolTip(box.toolTip())
                grid.addWidget(box, n, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(_icon_label(Severity.WARN, group), n, 1,
                               Qt.AlignmentFlag.AlignTop)
                grid.addWidget(label, n, 2)
                self.warning_boxes.append(box)
                self.warning_labels.append(label)
            body.addWidget(group)
        body.addStretch(1)

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

        self.reason = plain_label(QLabel(self))
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

        first: QWidget = self.confirm_box
        if self.question_rows:
            first = self.question_rows[0].buttons[Answer.YES]
        elif self.warning_boxes:
            first = self.warning_boxes[0]
        first.setFocus()
        self._update()
        self.fit_to(self._available_geometry(parent))

    # ------------------------------------------------------------------ size

    @staticmethod
    def _available_geometry(parent: QWidget | None) -> QRect:
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)

    def fit_to(self, available: QRect) -> None:
        """Take a comfortable size that fits ``available`` (a screen's free area)."""
        width = min(760, max(480, available.width() - 40))
        height = min(720, max(400, available.height() - 40))
        self.resize(width, height)

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
        unanswered = sum(row.answer() is None for row in self.question_rows)
        if unanswered:
            out.append(f"{unanswered} question{'s' if unanswered != 1 else ''} not yet "
                       "answered")
        not_yes = sum(row.answer() in (Answer.NO, Answer.NOT_SURE) for row in self.question_rows)
        if not_yes:
            out.append(f"{not_yes} question{'s' if not_yes != 1 else ''} answered “No” or "
                       "“Not sure”: go back and edit, or ask for a second opinion")
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
        # (``layout`` is the scrolling body: the button sits under the text it reads.)
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
        self.voice_note = plain_label(QLabel(self))
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

    def _choose_second_opinion(self) -> None:
        self.second_opinion_wanted = True
        self.reject()

    def result_value(self) -> ReadBackResult:
        return ReadBackResult(
            acknowledged=tuple(f for f, box in zip(self.warnings, self.warning_boxes,
                                                   strict=True) if box.isChecked()),
            answers=tuple((row.question, answer) for row in self.question_rows
                          if (answer := row.answer()) is not None))

    # ------------------------------------------------------------------ entry point

    @classmethod
    def ask(cls, parent: QWidget | None, post: PostForReadBack) -> ReadBackResult | None:
        """Show the read-back; the confirmed result, or None if the person went back."""
        dialog = cls(post, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and not dialog.missing():
                return dialog.result_value()
            wanted = dialog.second_opinion_wanted
        finally:
            dialog.deleteLater()
        if wanted and post.ask_second_opinion is not None:
            post.ask_second_opinion()
        return None


__all__ = ["CONFIRM_FIRST", "PostForReadBack", "ReadBackDialog", "ReadBackResult",
           "blocking_reasons", "describe", "quote"]
