"""The read-back asks the golden-rule questions, fits a 1024×700 screen and is easy to tick."""

from __future__ import annotations

from unittest import mock

import pytest
from gui_support import type_post
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QStyle, QStyleOptionButton

from rwt_desktop.app.policy_text import golden_rule, policy_text
from rwt_desktop.core.checker import default_checker
from rwt_desktop.core.findings import Finding, Severity
from rwt_desktop.core.golden_rule import Answer, golden_questions
from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.gui.readback import PostForReadBack, ReadBackDialog

pytestmark = pytest.mark.gui

SCREEN = QRect(0, 0, 1024, 700)
NAMED = "Thanks to Gary for fixing the gate. The hub will move to Witton Street from January."


def _post(text: str, channels=("twitter", "facebook"), **extra) -> PostForReadBack:
    policy = builtin_policy()
    report = default_checker().check(text, list(channels))
    chans = [policy.channel(c) for c in channels]
    return PostForReadBack(texts={c.id: text for c in chans}, channels=chans,
                           findings=report.findings, lengths=report.channels,
                           golden_rule=golden_rule(policy_text(policy)),
                           questions=golden_questions(text, report.findings), text=text,
                           **extra)


def _long_paste() -> str:
    sentences = [f"Line {n}: thanks to everyone who came along to the fun day at the park, "
                 "it was lovely to see you all." for n in range(40)]
    text = "\n".join(sentences) + "\nIt is strictly confidential, and Dave is in hospital."
    assert len(text) > 3000
    return text


@pytest.fixture
def make(qtbot):
    def build(post: PostForReadBack) -> ReadBackDialog:
        dialog = ReadBackDialog(post)
        qtbot.addWidget(dialog)
        dialog.fit_to(SCREEN)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog
    return build


def _inside(dialog: ReadBackDialog, widget) -> bool:
    top_left = widget.mapTo(dialog, widget.rect().topLeft())
    return widget.isVisible() and dialog.rect().contains(
        QRect(top_left, widget.size()))


def test_a_long_paste_fits_1024x700_with_the_buttons_in_view(make) -> None:
    text = _long_paste()
    dialog = make(_post(text))
    assert dialog.width() <= SCREEN.width() and dialog.height() <= SCREEN.height()
    assert dialog.minimumSizeHint().height() <= SCREEN.height()
    cancel = next(b for b in dialog.findChildren(type(dialog.confirm_button))
                  if b.text() == "Go back and &edit")
    for widget in (dialog.confirm_button, cancel, dialog.confirm_box, dialog.reason):
        assert _inside(dialog, widget), widget.objectName()
        assert not dialog.scroll.isAncestorOf(widget)  # never scrolled away
    # The middle scrolls instead of squeezing the text to a few lines.
    view = dialog.text_views["twitter"]
    assert view.height() >= view.fontMetrics().lineSpacing() * 7
    assert dialog.scroll.widget().sizeHint().height() > dialog.scroll.viewport().height()


def test_findings_quote_a_few_words_and_where_they_are(make) -> None:
    text = _long_paste()
    dialog = make(_post(text))
    over = [r for r in dialog.blockers if "Too long for X" in r]
    assert over
    overflow = text[300:400]
    words = [w.text() for w in dialog.findChildren(QLabel)]
    words += [w.accessibleName() for w in dialog.findChildren(QCheckBox)]
    assert words and all(overflow not in w and len(w) < 400 for w in words)
    quoted = [w.text() for w in dialog.warning_labels if "strictly confidential" in w.text()]
    assert quoted and all("line 41, column" in w for w in quoted)
    length = [f for f in dialog.post.findings if f.category == "length"]
    for f in length:
        assert len(f.text) > 2000  # the finding itself covers the overflow ...
        assert any("…" in r and "line " in r for r in dialog.blockers + words)  # ... not its quote


def test_clicking_a_warnings_words_ticks_it(make, qtbot) -> None:
    dialog = make(_post("It is strictly confidential, but the café opens at ten."))
    assert dialog.warning_boxes
    box, label = dialog.warning_boxes[0], dialog.warning_labels[0]
    assert label.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert box.isChecked()
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert not box.isChecked()


def test_tick_boxes_are_large(make) -> None:
    dialog = make(_post("It is strictly confidential, but the café opens at ten."))
    box = dialog.warning_boxes[0]
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    assert indicator.width() >= 20 and indicator.height() >= 20


def test_each_warning_is_reached_and_ticked_with_tab_and_space(make, qtbot) -> None:
    text = "It is strictly confidential. Do not share, this is off the record."
    dialog = make(_post(text))
    assert len(dialog.warning_boxes) >= 2
    for row in dialog.question_rows:  # "something private": answered first
        row.buttons[Answer.YES].setChecked(True)
    dialog.activateWindow()
    dialog.warning_boxes[0].setFocus()
    for n, box in enumerate(dialog.warning_boxes):
        qtbot.waitUntil(lambda b=box: QApplication.focusWidget() is b)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
        assert box.isChecked(), n
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    dialog.confirm_box.setChecked(True)
    assert dialog.confirm_button.isEnabled()


def test_confirm_needs_every_question_answered_yes(make) -> None:
    dialog = make(_post(NAMED))
    ids = [row.question.id for row in dialog.question_rows]
    assert ids == ["person", "future"]
    assert dialog.focusWidget() in (None, dialog.question_rows[0].buttons[Answer.YES])
    dialog.confirm_box.setChecked(True)
    assert not dialog.confirm_button.isEnabled()
    assert "2 questions not yet answered" in dialog.reason.text()
    dialog.question_rows[0].buttons[Answer.YES].setChecked(True)
    dialog.question_rows[1].buttons[Answer.NOT_SURE].setChecked(True)
    assert not dialog.confirm_button.isEnabled()
    assert "answered “No” or “Not sure”" in dialog.reason.text()
    route = dialog.question_rows[1].route
    assert route.isVisible() and "second opinion" in dialog.question_rows[1].route_note.text()
    dialog.question_rows[1].buttons[Answer.YES].setChecked(True)
    assert not route.isVisible()
    assert dialog.confirm_button.isEnabled()
    lines = dialog.result_value().acknowledged_text()
    assert lines[0].startswith("Golden rule: This post names Gary.")
    assert lines[0].endswith("Answer: Yes.")


def test_no_leads_to_editing_or_a_second_opinion(qtbot, monkeypatch) -> None:
    asked = []
    post = _post(NAMED, ask_second_opinion=lambda: asked.append(True))

    def choose_second_opinion(self):
        row = self.question_rows[0]
        row.buttons[Answer.NO].setChecked(True)
        assert row.second_opinion_button is not None and row.route.isVisibleTo(self)
        row.second_opinion_button.click()
        return self.result()

    monkeypatch.setattr(ReadBackDialog, "exec", choose_second_opinion)
    assert ReadBackDialog.ask(None, post) is None
    assert asked == [True]

    def go_back(self):
        row = self.question_rows[0]
        row.buttons[Answer.NO].setChecked(True)
        row.route.findChild(type(self.confirm_button), "routeEdit").click()
        return self.result()

    monkeypatch.setattr(ReadBackDialog, "exec", go_back)
    assert ReadBackDialog.ask(None, post) is None
    assert asked == [True]  # going back to edit asks nobody


def test_a_plain_notice_asks_nothing(make) -> None:
    dialog = make(_post("Coffee morning every Tuesday 10–12 at the hub. All welcome!"))
    assert dialog.question_rows == []
    dialog.confirm_box.setChecked(True)
    assert dialog.confirm_button.isEnabled()


def test_the_window_asks_and_records_the_answers(window) -> None:
    type_post(window, NAMED)
    seen: list[PostForReadBack] = []

    def answer_yes(parent, post):
        seen.append(post)
        dialog = ReadBackDialog(post, parent)
        for row in dialog.question_rows:
            row.buttons[Answer.YES].setChecked(True)
        for box in dialog.warning_boxes:
            box.setChecked(True)
        dialog.confirm_box.setChecked(True)
        assert dialog.confirm_button.isEnabled(), dialog.reason.text()
        return dialog.result_value()

    with mock.patch.object(ReadBackDialog, "ask", answer_yes):
        assert window.copy_for("twitter")
    [post] = seen
    assert [q.id for q in post.questions] == ["person", "future"]
    assert post.ask_second_opinion is not None and post.text == NAMED
    [row] = window.record.list()
    assert any(a.startswith("Golden rule: This post names Gary.") and a.endswith("Yes.")
               for a in row.acknowledged)


def test_a_picture_with_people_is_asked_about() -> None:
    from rwt_desktop.core.images import ImageAttachment

    pictures = [ImageAttachment(path="fun-day.jpg", source="own", people_identifiable="yes",
                                consent=True)]
    text = "Coffee morning every Tuesday at the hub."
    questions = golden_questions(text, (), pictures)
    assert [q.id for q in questions] == ["picture"]
    assert "“fun-day.jpg” shows people" in questions[0].text


def test_a_finding_without_its_text_is_quoted_safely() -> None:
    from rwt_desktop.gui.readback import describe, quote

    long = "x" * 2700
    f = Finding(rule="length.twitter", category="length", severity=Severity.BLOCK, start=300,
                end=3000, text=long, message="Too long", clause="")
    assert len(quote(f)) < 80 and "…" in quote(f)
    assert len(describe(f, "a" * 300 + long)) < 140
