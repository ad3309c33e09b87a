"""The composer: a plain-text editor whose findings are drawn as underlines.

:class:`FindingHighlighter` only paints ranges worked out elsewhere: ``highlightBlock`` looks
up the precomputed Qt ranges that touch its block and applies the severity's format. No
checking happens here, so a keystroke costs one block's worth of lookups.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt
from PySide6.QtGui import (
    QFontDatabase,
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QSyntaxHighlighter,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from rwt_desktop.core.copy_policy import refusal_message
from rwt_desktop.core.findings import Finding, Severity
from rwt_desktop.gui.background import BackgroundRunner
from rwt_desktop.gui.copyguard import GuardedTextMixin, tell
from rwt_desktop.gui.positions import PositionMap, shift_ranges
from rwt_desktop.gui.post_checks import PostChecks
from rwt_desktop.gui.severity_style import LOOKS, underline_format

#: A painted range: Qt start, Qt end, and the finding it belongs to.
Mark = tuple[int, int, Finding]


class FindingHighlighter(QSyntaxHighlighter):
    """Applies precomputed finding ranges, block by block."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._marks: list[Mark] = []
        self._starts: list[int] = []
        self._longest = 0

    @property
    def marks(self) -> list[Mark]:
        return list(self._marks)

    def set_marks(self, marks: Iterable[Mark]) -> None:
        # Least severe first, so where findings overlap the most severe is drawn last (on top).
        ordered = sorted(marks, key=lambda m: (m[0], m[2].severity.rank))
        self._store(ordered)
        self.rehighlight()

    def follow_edit(self, position: int, removed: int, added: int) -> None:
        """Keep marks on their words while the person types (before Qt repaints the block)."""
        if self._marks:
            self._store(shift_ranges(self._marks, position, removed, added))  # type: ignore[arg-type]

    def _store(self, marks: list[Mark]) -> None:
        marks.sort(key=lambda m: m[0])
        self._marks = marks
        self._starts = [m[0] for m in marks]
        self._longest = max((m[1] - m[0] for m in marks), default=0)

    def marks_at(self, position: int) -> list[Mark]:
        """Marks covering Qt position ``position``."""
        hi = bisect_right(self._starts, position)
        lo = bisect_right(self._starts, position - self._longest - 1)
        return [m for m in self._marks[lo:hi] if m[0] <= position < m[1]]

    def highlightBlock(self, text: str) -> None:
        if not self._marks:
            return
        block = self.currentBlock()
        block_start = block.position()
        block_end = block_start + block.length()
        hi = bisect_right(self._starts, block_end)
        lo = bisect_right(self._starts, block_start - self._longest - 1)
        layered = sorted(self._marks[lo:hi], key=lambda m: m[2].severity.rank)
        for start, end, finding in layered:
            if end <= block_start or start >= block_end:
                continue
            a = max(start, block_start) - block_start
            b = min(end, block_end) - block_start
            if b > a:
                self.setFormat(a, b - a, underline_format(finding.severity))


class Composer(GuardedTextMixin, QPlainTextEdit):
    """The post editor. Plain text only; findings are underlined with tooltips.

    Copying, cutting and dragging go through its copy guard (see :mod:`copyguard`): a few
    words at a time until the post is read back and confirmed. Selecting, deleting and
    retyping are never interrupted. Given a runner, it checks itself: :attr:`checks`
    (:class:`~rwt_desktop.gui.post_checks.PostChecks`) runs the checks and draws them.
    """

    def __init__(self, parent: QWidget | None = None, *,
                 runner: BackgroundRunner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAccessibleName("Post text")
        self.setAccessibleDescription(
            "Write the post here. Problems are underlined: a red wave must be fixed, amber "
            "dashes need checking, blue dots are for information.")
        self.setPlaceholderText("Write your post here…")
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
        self.setMouseTracking(True)
        # Our mark shifter must run before the highlighter reformats the edited block, so it
        # connects to contentsChange first, then the highlighter is created.
        self.document().contentsChange.connect(self._follow_edit)
        self.highlighter = FindingHighlighter(self.document())
        self._positions = PositionMap("")
        #: Words a refused copy or cut kept for pasting within the post, with the clipboard
        #: (text, formats) as it was then.
        self._held: tuple[str, str, list[str]] | None = None
        self.checks = PostChecks(self, runner or BackgroundRunner(self))

    # ------------------------------------------------------------------ findings

    def show_findings(self, findings: Iterable[Finding], positions: PositionMap) -> None:
        """Underline ``findings`` (Python spans measured on the text ``positions`` maps)."""
        self._positions = positions
        marks = []
        for f in findings:
            start, end = positions.span_to_qt(f.start, f.end)
            if end > start:
                marks.append((start, end, f))
        self.highlighter.set_marks(marks)

    def clear_findings(self) -> None:
        self.highlighter.set_marks([])

    def _follow_edit(self, position: int, removed: int, added: int) -> None:
        if removed or added:
            self.highlighter.follow_edit(position, removed, added)

    def mark_for(self, finding: Finding) -> tuple[int, int] | None:
        """Where ``finding`` is drawn now (it may have moved with typing since the check)."""
        for start, end, f in self.highlighter.marks:
            if f is finding:
                return start, end
        return None

    def select_finding(self, finding: Finding) -> bool:
        span = self.mark_for(finding)
        if span is None:
            return False
        cursor = self.textCursor()
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def replace_finding(self, finding: Finding, replacement: str) -> bool:
        """Replace the flagged text with ``replacement`` as one undoable edit (Ctrl+Z)."""
        span = self.mark_for(finding)
        if span is None:
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() != finding.text:
            return False  # the words under the mark were edited: let the next check decide
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        return True

    # ------------------------------------------------------------------ tooltips

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event.pos(), event.globalPos())
            return True
        return super().event(event)

    def _show_tooltip(self, pos: QPoint, global_pos: QPoint) -> None:
        cursor = self.cursorForPosition(pos)
        marks = self.highlighter.marks_at(cursor.position())
        if not marks:
            QToolTip.hideText()
            return
        QToolTip.showText(global_pos, tooltip_html([m[2] for m in marks]), self)

    # ------------------------------------------------------------------ moving words about

    def copy_refused(self, text: str, verb: str) -> None:
        """Cut and paste within the post still work before the read-back: the words are
        kept here, not on the clipboard, and Ctrl+V in the post puts them back while the
        clipboard is unchanged. Undo brings back a cut."""
        self._held = (text, *_clipboard_now())
        if verb == "cut":
            self.textCursor().removeSelectedText()
        if verb == "cut":
            tell(self, f"Cut from the post but not copied: {self.copy_guard.first}. Ctrl+V "
                       "pastes it back within the post.")
        else:
            tell(self, refusal_message(verb, self.copy_guard.first)
                 + " Ctrl+V still pastes it within the post.")

    def _holds_paste(self, source: QMimeData) -> bool:
        held = self._held
        if held is None:
            return False
        unchanged = _clipboard_now() == held[1:]
        # A paste hands over the clipboard's own data; anything else (a drop) is left alone.
        return unchanged and source.text() == held[1] and source.formats() == held[2]

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return self._holds_paste(source) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if self._holds_paste(source) and self._held is not None:
            self.insertPlainText(self._held[0])
            return
        super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+Enter belongs to the window ("Read back…"), not a line break.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            event.ignore()
            return
        super().keyPressEvent(event)


def _clipboard_now() -> tuple[str, list[str]]:
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    return clipboard.text(), (list(mime.formats()) if mime is not None else [])


def tooltip_html(findings: Iterable[Finding]) -> str:
    """The hover text for one or more findings: the message and the policy's own words."""
    parts = []
    for f in findings:
        look = LOOKS[f.severity]
        clause = f"<br><i>Policy: “{_esc(f.clause)}”</i>" if f.clause else ""
        parts.append(f"<p><b>{look.word}:</b> {_esc(f.message)}{clause}</p>")
    return "".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["Composer", "FindingHighlighter", "Mark", "Severity", "tooltip_html"]
