"""The read-back dialog on its own: what it shows and when Confirm may be pressed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from rwt_desktop.app.policy_text import golden_rule, policy_text
from rwt_desktop.core.findings import ChannelLength, Finding, Severity
from rwt_desktop.core.policy import builtin_policy
from rwt_desktop.gui.readback import PostForReadBack, ReadBackDialog

pytestmark = pytest.mark.gui

TEXT = "Thanks all 🎉 — see you at the hub!"


def finding(severity: Severity, rule: str = "r", text: str = "hub") -> Finding:
    start = TEXT.index(text)
    return Finding(rule=rule, category="confidential", severity=severity, start=start,
                   end=start + len(text), text=text, message=f"{severity.value} message",
                   clause="Breach confidentiality")


def post(*findings: Finding, lengths=None) -> PostForReadBack:
    policy = builtin_policy()
    chans = [policy.channel("twitter"), policy.channel("facebook")]
    return PostForReadBack(texts={c.id: TEXT for c in chans}, channels=chans,
                           findings=list(findings), lengths=lengths or {},
                           golden_rule=golden_rule(policy_text(policy)))


@pytest.fixture
def make(qtbot):
    def build(p: PostForReadBack) -> ReadBackDialog:
        dialog = ReadBackDialog(p)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog
    return build


def test_shows_exact_text_per_channel_and_quotes_the_golden_rule(make) -> None:
    dialog = make(post())
    assert dialog.text_views["twitter"].toPlainText() == TEXT
    assert dialog.text_views["facebook"].toPlainText() == TEXT
    rule = dialog.findChild(type(dialog.reason), "goldenRule").text()
    assert "read the post back to yourself" in rule
    assert "misconstrued as offensive, breaching confidentiality, or harmful to RWT" in \
        dialog.confirm_box.text()


def test_confirm_needs_the_read_back_tick(make, qtbot) -> None:
    dialog = make(post(finding(Severity.INFO)))
    assert not dialog.confirm_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter must not get past a disabled Confirm
    assert dialog.isVisible() and dialog.result() == 0
    dialog.confirm_box.setChecked(True)
    assert dialog.confirm_button.isEnabled()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ReadBackDialog.DialogCode.Accepted


def test_every_warning_must_be_ticked_and_is_returned(make) -> None:
    w1, w2 = finding(Severity.WARN, "a"), finding(Severity.WARN, "b", "Thanks")
    dialog = make(post(w1, w2))
    assert len(dialog.warning_boxes) == 2
    dialog.confirm_box.setChecked(True)
    dialog.warning_boxes[0].setChecked(True)
    assert not dialog.confirm_button.isEnabled()
    assert "1 warning not yet ticked" in dialog.reason.text()
    dialog.warning_boxes[1].setChecked(True)
    assert dialog.confirm_button.isEnabled()
    assert dialog.result_value().acknowledged == (w1, w2)


def test_confirm_stays_off_while_anything_blocks(make) -> None:
    block = finding(Severity.BLOCK)
    dialog = make(post(block, finding(Severity.WARN, "w")))
    for box in dialog.warning_boxes:
        box.setChecked(True)
    dialog.confirm_box.setChecked(True)
    assert not dialog.confirm_button.isEnabled()
    assert "must be fixed" in dialog.reason.text()
    assert any("block message" in r for r in dialog.blockers)
    dialog._accept_if_allowed()
    assert dialog.result() == 0


def test_over_the_limit_blocks(make) -> None:
    long = {"twitter": ChannelLength("twitter", 300, 280, overflow_start=280)}
    dialog = make(post(lengths=long))
    dialog.confirm_box.setChecked(True)
    assert not dialog.confirm_button.isEnabled()
    assert any("Too long for X" in r for r in dialog.blockers)


def test_ask_returns_none_when_cancelled(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(ReadBackDialog, "exec", lambda self: ReadBackDialog.DialogCode.Rejected)
    assert ReadBackDialog.ask(None, post()) is None


def test_ask_cannot_be_accepted_past_a_block(qtbot, monkeypatch) -> None:
    def accept_anyway(self):
        self.confirm_box.setChecked(True)
        return ReadBackDialog.DialogCode.Accepted

    monkeypatch.setattr(ReadBackDialog, "exec", accept_anyway)
    assert ReadBackDialog.ask(None, post(finding(Severity.BLOCK))) is None
    assert ReadBackDialog.ask(None, post(finding(Severity.INFO))) is not None
