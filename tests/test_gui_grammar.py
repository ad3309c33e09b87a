"""Spelling and grammar in the window, with the real Harper engine.

Harper's first Linter in a process takes about half a second to build its dictionary; later
ones reuse it and take milliseconds, so each test can make its own window and engine.
"""

from __future__ import annotations

from dataclasses import replace
from unittest import mock

import pytest
from gui_support import type_post, underlined
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from rwt_desktop.core.findings import Finding, Severity
from rwt_desktop.core.grammar import GrammarResult

pytestmark = pytest.mark.gui

Style = QTextCharFormat.UnderlineStyle
WAIT_MS = 15000


def _use_engine(dirs, engine: str, **fields) -> None:
    from rwt_desktop.storage.settings import SettingsStore

    store = SettingsStore(dirs.config)
    settings, _ = store.load()
    store.save(replace(settings, grammar_engine=engine, **fields))


@pytest.fixture
def harper_window(dirs, make_window, qtbot):
    _use_engine(dirs, "harper")
    window = make_window()
    window.show()
    qtbot.waitUntil(lambda: window.grammar_status.text()
                    == "Spelling and grammar: Harper, ready", timeout=WAIT_MS)
    return window


def _spelling(window) -> list[Finding]:
    return [f for f in window.findings.findings if f.category == "spelling"]


def _select(window, finding: Finding) -> None:
    window.findings.tree.setCurrentItem(window.findings.item_for(finding))


def test_misspelling_is_underlined_on_the_right_characters_after_emoji(harper_window,
                                                                       qtbot) -> None:
    w = harper_window
    type_post(w, "🎉👨‍👩‍👧 We will recieve the parcels tomorrow.")
    qtbot.waitUntil(lambda: ("recieve", Style.DotLine.name) in underlined(w), timeout=WAIT_MS)
    assert underlined(w) == [("recieve", Style.DotLine.name)]
    [finding] = _spelling(w)
    assert finding.severity is Severity.INFO and finding.rule.startswith("grammar.harper.")
    assert w.composer.toPlainText()[finding.start:finding.end] == "recieve"
    assert w.grammar_status.text() == "Spelling and grammar: Harper, ready"

    # The suggestion applies with one click, like any other finding's.
    _select(w, finding)
    button = w.findings.suggestion_buttons()[0]
    assert "receive" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "We will receive the parcels" in w.composer.toPlainText()
    w.check_now()
    qtbot.waitUntil(lambda: not _spelling(w) and w.grammar.wait_idle(), timeout=WAIT_MS)
    assert underlined(w) == []


def test_add_to_dictionary_removes_the_finding_and_is_kept(harper_window, make_window, qtbot,
                                                           dirs) -> None:
    w = harper_window
    type_post(w, "Join us at the wittonfest on Saturday for cake.")
    qtbot.waitUntil(lambda: [f.text for f in _spelling(w)] == ["wittonfest"], timeout=WAIT_MS)
    _select(w, _spelling(w)[0])
    button = w.findings.add_word_button
    assert button.isVisibleTo(w.findings)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert _spelling(w) == []  # gone at once
    assert ("wittonfest", Style.DotLine.name) not in underlined(w)
    # ...and the engine agrees when it checks again.
    assert w.grammar.wait_idle()
    qtbot.wait(100)
    assert _spelling(w) == []

    from rwt_desktop.storage.settings import SettingsStore

    saved, _ = SettingsStore(dirs.config).load()
    assert saved.dictionary == ["wittonfest"]

    w.shutdown()
    again = make_window()
    again.show()
    type_post(again, "See you at the wittonfest, and don't recieve strangers.")
    qtbot.waitUntil(lambda: bool(_spelling(again)), timeout=WAIT_MS)
    assert [f.text for f in _spelling(again)] == ["recieve"]


def test_context_menu_offers_suggestions_and_the_dictionary(harper_window, qtbot) -> None:
    from rwt_desktop.gui.grammar_status import finding_menu

    w = harper_window
    type_post(w, "😀 Please recieve our thanks.")
    qtbot.waitUntil(lambda: bool(_spelling(w)), timeout=WAIT_MS)
    start, _end = w.composer.mark_for(_spelling(w)[0])
    cursor = QTextCursor(w.composer.document())
    cursor.setPosition(start + 2)
    pos = w.composer.cursorRect(cursor).center()
    added: list[Finding] = []
    used: list[tuple[Finding, str]] = []
    menu = finding_menu(w.composer, pos,
                        lambda p: [m[2] for m in w.composer.highlighter.marks_at(p)],
                        lambda f, s: used.append((f, s)), added.append)
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "Use “receive”"
    assert "Add “recieve” to my dictionary" in texts
    assert "Copy" in " ".join(texts).replace("&", "")  # the usual entries are still there
    next(a for a in menu.actions() if a.objectName() == "addToDictionaryAction").trigger()
    assert [f.text for f in added] == ["recieve"]


def test_grammar_off_does_nothing(window, qtbot) -> None:
    assert window.grammar.engine is None and window.grammar.runner is None
    assert window.grammar_status.text() == "Spelling and grammar: off"
    type_post(window, "We will recieve teh parcels.")
    qtbot.wait(200)
    assert not any(f.rule.startswith("grammar.") for f in window.findings.findings)
    assert underlined(window) == []


def test_languagetool_not_installed_says_so(dirs, make_window, qtbot) -> None:
    _use_engine(dirs, "languagetool", languagetool_url="")
    w = make_window()
    qtbot.waitUntil(lambda: "unavailable" in w.grammar_status.toolTip(), timeout=WAIT_MS)
    # The reason is in the label itself, in plain words, not only in its tooltip.
    assert w.grammar_status.text() == (
        "Grammar check unavailable: LanguageTool is not installed on this computer. Spelling "
        "and grammar are not being checked; the policy checks still run.")
    type_post(w, "We will recieve it.")
    assert not any(f.rule.startswith("grammar.") for f in w.findings.findings)


def test_stale_grammar_results_are_dropped(harper_window, qtbot) -> None:
    w = harper_window
    type_post(w, "All clear here.")
    assert w.grammar.wait_idle()
    qtbot.wait(50)
    bogus = Finding(rule="grammar.harper.Spelling", category="spelling",
                    severity=Severity.INFO, start=4, end=9, text="clear", message="Stale!",
                    clause="x")
    state = w.grammar.state
    older = GrammarResult("All clear here.", (bogus,), state, revision=w.live.revision - 1)
    other_text = GrammarResult("All clear there.", (bogus,), state, revision=w.live.revision)
    for stale in (older, other_text):
        w.checks.take_grammar_result(stale)
        assert not any(f.message == "Stale!" for f in w.findings.findings)
    # The same finding for the text as it is now does show: the test can fail.
    w.checks.take_grammar_result(GrammarResult("All clear here.", (bogus,), state,
                                       revision=w.live.revision))
    assert any(f.message == "Stale!" for f in w.findings.findings)


def test_runs_after_a_typing_pause_without_holding_up_the_policy(dirs, make_window,
                                                                 qtbot) -> None:
    from gui_support import BLOCK_WORD

    _use_engine(dirs, "harper")
    w = make_window(synchronous=False)
    w.show()
    qtbot.keyClicks(w.composer, f"we recieve {BLOCK_WORD}")
    qtbot.waitUntil(lambda: {"recieve", BLOCK_WORD} <= {t for t, _ in underlined(w)},
                    timeout=WAIT_MS)
    assert w.grammar.runner is not None and w.grammar.runner.engine is w.grammar.engine


def test_public_service_needs_the_notice_agreed(window) -> None:
    from rwt_desktop.core.grammar.languagetool_engine import PUBLIC_NOTICE
    from rwt_desktop.gui.dialogs import SettingsDialog
    from rwt_desktop.gui.grammar_status import GrammarSettingsBox

    dialog = SettingsDialog(window.settings, window.policy.channels, window)
    box = dialog.grammar
    box.engine.setCurrentIndex(box.engine.findData("languagetool"))
    with mock.patch.object(GrammarSettingsBox, "confirm_public", return_value=False) as ask:
        box.public.click()
    ask.assert_called_once()
    assert not box.public.isChecked()
    assert dialog.value().public_languagetool is False

    shown: list[str] = []

    def agree(parent, title, text, *args):
        from PySide6.QtWidgets import QMessageBox

        shown.append(text)
        return QMessageBox.StandardButton.Yes

    with mock.patch("rwt_desktop.gui.grammar_status.QMessageBox.question", agree):
        box.public.click()
    assert shown and PUBLIC_NOTICE in shown[0]
    assert box.public.isChecked()
    box.url.setText("  https://lt.example.org  ")
    value = dialog.value()
    assert (value.grammar_engine, value.languagetool_url, value.public_languagetool) == (
        "languagetool", "https://lt.example.org", True)

    # Turning it off needs no question.
    with mock.patch.object(GrammarSettingsBox, "confirm_public") as ask:
        box.public.click()
    ask.assert_not_called()
    assert not box.public.isChecked()


def test_changing_the_engine_in_settings_restarts_it(window, qtbot) -> None:
    assert window.grammar.engine is None
    window.apply_settings(replace(window.settings, grammar_engine="harper"))
    assert window.grammar.engine is not None and window.grammar.engine.name == "harper"
    qtbot.waitUntil(lambda: window.grammar_status.text()
                    == "Spelling and grammar: Harper, ready", timeout=WAIT_MS)
    engine = window.grammar.engine
    window.apply_settings(replace(window.settings, grammar_engine="off"))
    assert window.grammar.engine is None and engine.state is not None
    assert window.grammar_status.text() == "Spelling and grammar: off"


def test_shutdown_closes_the_runner_then_the_engine(harper_window) -> None:
    w = harper_window
    runner, engine = w.grammar.runner, w.grammar.engine
    with mock.patch.object(runner, "close", wraps=runner.close) as close_runner, \
            mock.patch.object(engine, "close", wraps=engine.close) as close_engine:
        calls: list[str] = []
        close_runner.side_effect = lambda *a, **k: calls.append("runner") or mock.DEFAULT
        close_engine.side_effect = lambda *a, **k: calls.append("engine") or mock.DEFAULT
        w.shutdown()
    assert calls == ["runner", "engine"]
    assert w.grammar.engine is None
