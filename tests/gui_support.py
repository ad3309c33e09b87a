"""What the window tests share: the words the test policy flags and ways to type a post.

The window is tested against a small policy of our own (three phrase rules, one per
severity) so the tests say exactly what they expect however the real rules change. The
built-in policy's organisation data (channels, admins) is used as it is. The fixtures that
build the window (``test_policy_dir``, ``dirs``, ``make_window``, ``window``) are in
``conftest.py``.
"""

from __future__ import annotations

#: Words our test rules flag. Made-up enough not to occur by accident.
BLOCK_WORD = "grotbags"
WARN_PHRASE = "hush hush"
INFO_WORD = "asap"

TEST_RULES = f'''
[[rule]]
id = "testgui.block"
category = "offensive"
severity = "block"
clause = "Be discriminatory"
message = "\\"{{match}}\\" is a name-calling word. Please take it out."
phrases = ["{BLOCK_WORD}"]
suggestions = ["our neighbour"]
must_flag = ["You {BLOCK_WORD}.", "{BLOCK_WORD}!", "what a {BLOCK_WORD}"]
must_pass = ["Hello", "grot", "bags of fun"]

[[rule]]
id = "testgui.warn"
category = "confidential"
severity = "warn"
clause = "Breach confidentiality"
message = "\\"{{match}}\\" sounds private. Only share what was agreed to be public."
phrases = ["{WARN_PHRASE}"]
must_flag = ["It is {WARN_PHRASE}.", "{WARN_PHRASE} news", "all very {WARN_PHRASE}"]
must_pass = ["hush now", "hush", "news"]

[[rule]]
id = "testgui.info"
category = "tone"
severity = "info"
clause = "Friendly and approachable"
message = "\\"{{match}}\\" can sound abrupt. Spell it out?"
phrases = ["{INFO_WORD}"]
suggestions = ["as soon as possible"]
must_flag = ["Reply {INFO_WORD}", "{INFO_WORD} please", "come {INFO_WORD}!"]
must_pass = ["as soon as you can", "soon", "asp"]
'''


def type_post(window, text: str) -> None:
    """Put ``text`` in the composer as an edit and check it straight away."""
    window.composer.setPlainText(text)
    window.check_now()


def underlined(window) -> list[tuple[str, str]]:
    """(text, underline style name) for each underlined run, read back from the document."""
    from PySide6.QtGui import QTextCharFormat

    doc = window.composer.document()
    runs: list[tuple[str, str]] = []
    block = doc.begin()
    while block.isValid():
        for fr in block.layout().formats():
            style = fr.format.underlineStyle()
            if style != QTextCharFormat.UnderlineStyle.NoUnderline:
                text = block.text()
                # Formats count UTF-16 units; slice the block's text the same way.
                units = text.encode("utf-16-le")
                piece = units[2 * fr.start: 2 * (fr.start + fr.length)].decode("utf-16-le")
                runs.append((piece, style.name))
        block = block.next()
    return runs


def type_text(widget, text: str) -> None:
    """Type ``text`` a character at a time, like a keyboard would.

    QTest.keyClicks only knows ASCII (it asserts on anything else, emoji included), so other
    characters go in as key events carrying their text, as an input method sends them.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch == "\n":
            QTest.keyClick(widget, Qt.Key.Key_Return)
        elif ch.isascii() and ch.isprintable():
            QTest.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                         ch))
