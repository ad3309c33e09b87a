"""One way out: the guard on every widget that shows the post.

:func:`rwt_desktop.core.copy_policy.may_release` decides what may leave; this module puts
that decision in front of every path Qt has for text to leave a widget:

* text boxes (:class:`GuardedTextMixin`, used by the composer, :class:`GuardedPlainTextEdit`
  and :class:`GuardedTextBrowser`): ``createMimeDataFromSelection`` is where Ctrl+C, Ctrl+X,
  the context menu, a drag and the X primary selection (mouse or Ctrl+A selection) all get
  their data, so it returns plain text only, and only what may go. Explicit copies (keys,
  the context menu's Copy and Cut, a drag) are checked first, so a refused one leaves the
  clipboard exactly as it was and says why in the status bar; the primary selection is
  refused silently, because selecting to delete or retype must never be interrupted;
* item views (:func:`guard_item_view`): Qt copies the current row's text on Ctrl+C, so an
  event filter checks it first; dragging rows out is turned off;
* labels (:func:`unselectable`): a selectable QLabel fills the primary selection itself,
  out of reach, so labels that can show the post are not selectable.

A guard (:class:`CopyGuard`) says which texts are the post, whether it is confirmed, what to
do first, and who hears about a confirmed copy (the window records it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import (
    QAction,
    QClipboard,
    QContextMenuEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextBrowser,
    QToolTip,
    QWidget,
)

from rwt_desktop.core.copy_policy import (
    READ_BACK_FIRST,
    Release,
    may_release,
    refusal_message,
)

#: How long a refusal stays in the status bar.
MESSAGE_MS = 10_000


class CopyGuard:
    """What one widget (or a group of them) may let out, and what to say when it may not.

    ``posts`` gives the texts that only leave through the read-back; ``confirmed`` says
    whether the read-back is confirmed for exactly what is shown; ``first`` completes "Not
    copied: …" with what to do first; ``released`` hears of a copy that went out only
    because the post is confirmed (with the text and the verb), so it can be recorded.
    """

    def __init__(self, posts: Callable[[], Sequence[str]],
                 confirmed: Callable[[], bool] | None = None, *,
                 first: str = READ_BACK_FIRST,
                 released: Callable[[str, str], None] | None = None) -> None:
        self.posts = posts
        self.confirmed = confirmed or (lambda: False)
        self.first = first
        self.released = released

    def decide(self, text: str) -> Release:
        return may_release(text, self.posts(), confirmed=self.confirmed())

    def check(self, widget: QWidget, text: str, verb: str) -> bool:
        """Decide a copy the person asked for; say why in the status bar if it is refused."""
        decision = self.decide(text)
        if not decision.allowed:
            tell(widget, refusal_message(verb, self.first))
            return False
        if decision.why == "confirmed" and self.released is not None:
            self.released(text, verb)
        return True


def tell(widget: QWidget, message: str) -> None:
    """Show ``message`` in the status bar of the main window ``widget`` belongs to (a
    tooltip by the widget when there is none, as for a review opened on its own)."""
    w: QWidget | None = widget
    while w is not None:
        top = w.window()
        if isinstance(top, QMainWindow):
            top.statusBar().showMessage(message, MESSAGE_MS)
            return
        w = top.parentWidget()
    QToolTip.showText(widget.mapToGlobal(widget.rect().center()), message, widget)


def run_menu(menu: QMenu, where: QPoint) -> None:
    """Show a context menu and wait for the choice (the one place tests stand in for it)."""
    menu.exec(where)


def plain_mime(text: str) -> QMimeData:
    """Plain text only: no HTML, no rich formats with hidden extras."""
    mime = QMimeData()
    if text:
        mime.setText(text)
    return mime


class GuardedTextMixin:
    """For QPlainTextEdit and QTextEdit subclasses: put it first among the base classes.

    Without :meth:`set_copy_guard`, the widget's whole text counts as the post (right for
    read-only views of it) and it is never confirmed.
    """

    _copy_guard: CopyGuard | None = None
    _copy_verb: str | None = None  # set while a copy the person asked for runs

    def set_copy_guard(self, guard: CopyGuard) -> None:
        self._copy_guard = guard

    @property
    def copy_guard(self) -> CopyGuard:
        if self._copy_guard is None:
            self._copy_guard = CopyGuard(lambda: [self.toPlainText()])  # type: ignore[attr-defined]
        return self._copy_guard

    def selected_plain_text(self) -> str:
        return self.textCursor().selection().toPlainText()  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ every path

    def createMimeDataFromSelection(self) -> QMimeData:
        text = self.selected_plain_text()
        verb = self._copy_verb
        if verb is None and QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton:
            verb = "dragged"  # a drag starts while the button is down; a selection ends
        if verb is None:  # the X primary selection: a refusal is silent
            allowed = self.copy_guard.decide(text).allowed
        else:
            allowed = self.copy_guard.check(self, text, verb)  # type: ignore[arg-type]
        return plain_mime(text if allowed else "")

    # ------------------------------------------------------------------ explicit copies

    def guarded_copy(self, verb: str = "copied") -> bool:
        """Copy (or cut) the selection if it may go; otherwise leave the clipboard alone."""
        text = self.selected_plain_text()
        if not text:
            return False
        if not self.copy_guard.decide(text).allowed:
            self.copy_refused(text, verb)
            return False
        self._copy_verb = verb
        try:
            if verb == "cut":
                self.cut()  # type: ignore[attr-defined]
            else:
                self.copy()  # type: ignore[attr-defined]
        finally:
            self._copy_verb = None
        return True

    def copy_refused(self, text: str, verb: str) -> None:
        """A copy or cut the guard refused: the clipboard stays as it was; say why."""
        tell(self, refusal_message(verb, self.copy_guard.first))  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        for keys, verb in ((QKeySequence.StandardKey.Copy, "copied"),
                           (QKeySequence.StandardKey.Cut, "cut")):
            if event.matches(keys):
                if verb == "cut" and self.isReadOnly():  # type: ignore[attr-defined]
                    verb = "copied"
                self.guarded_copy(verb)
                event.accept()
                return
        super().keyPressEvent(event)  # type: ignore[misc]

    def createStandardContextMenu(self, *args: QPoint) -> QMenu:
        menu = super().createStandardContextMenu(*args)  # type: ignore[misc]
        self.guard_menu(menu)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # Qt's own handler builds its menu in C++, out of reach of the override above.
        menu = self.createStandardContextMenu(event.pos())
        try:
            run_menu(menu, event.globalPos())
        finally:
            menu.deleteLater()

    def guard_menu(self, menu: QMenu) -> None:
        """Swap the menu's Copy and Cut for ones that ask the guard first."""
        for action in list(menu.actions()):
            verb = {"edit-copy": "copied", "edit-cut": "cut"}.get(action.objectName())
            if verb is None:
                continue
            guarded = QAction(action.text(), menu)
            guarded.setObjectName(action.objectName())
            guarded.setEnabled(action.isEnabled())
            guarded.triggered.connect(lambda _=False, v=verb: self.guarded_copy(v))
            menu.insertAction(action, guarded)
            menu.removeAction(action)


class GuardedPlainTextEdit(GuardedTextMixin, QPlainTextEdit):
    """A QPlainTextEdit whose text leaves only through its guard."""


class GuardedTextBrowser(GuardedTextMixin, QTextBrowser):
    """A QTextBrowser whose text leaves only through its guard (plain text only)."""


# ---------------------------------------------------------------------- item views


class ItemViewGuard(QObject):
    """Checks Ctrl+C (and Cut) on a list, tree or table before Qt copies the current row."""

    def __init__(self, view: QAbstractItemView, guard: CopyGuard) -> None:
        super().__init__(view)
        self.view = view
        self.guard = guard

    def current_text(self) -> str:
        index = self.view.currentIndex()
        if not index.isValid():
            return ""
        value = index.data(Qt.ItemDataRole.DisplayRole)
        return value if isinstance(value, str) else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and (
                event.matches(QKeySequence.StandardKey.Copy)
                or event.matches(QKeySequence.StandardKey.Cut)):
            text = self.current_text()
            if text and not self.guard.check(self.view, text, "copied"):
                event.accept()
                return True  # Qt would have copied the row; the clipboard stays as it was
        return False


def guard_item_view(view: QAbstractItemView, guard: CopyGuard | None = None) -> ItemViewGuard:
    """Guard a list, tree or table: its rows count as the post unless ``guard`` says which
    texts do; dragging rows out (which exports their text) is turned off."""
    if guard is None:
        guard = CopyGuard(lambda: _row_texts(view))
    view.setDragEnabled(False)
    view.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
    keeper = ItemViewGuard(view, guard)
    view.installEventFilter(keeper)
    view.item_view_guard = keeper  # type: ignore[attr-defined]
    return keeper


def _row_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    out: list[str] = []
    if model is None:
        return out

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            for col in range(model.columnCount(parent)):
                index = model.index(row, col, parent)
                value = index.data(Qt.ItemDataRole.DisplayRole)
                if isinstance(value, str) and value:
                    out.append(value)
                if col == 0 and model.hasChildren(index):
                    walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return out


# ---------------------------------------------------------------------- labels


def unselectable(label: QLabel) -> None:
    """A label that can show the post: no mouse or keyboard selection (so no Ctrl+C and no
    primary selection); links, if any, still work."""
    label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                  if label.openExternalLinks() else
                                  Qt.TextInteractionFlag.NoTextInteraction)


# ---------------------------------------------------------------------- after the read-back


def forget_unconfirmed(posts: Sequence[str], keep: Callable[[str], bool]) -> list[str]:
    """Clear what this program itself left on the clipboard or the primary selection when it
    carries more than a few words of ``posts`` and ``keep`` (a text the read-back confirmed
    and let out) does not claim it. Returns the modes cleared, for the tests.

    Belt and braces behind the guards, for "Go back and edit": nothing of the post is left
    behind by the program. Text another program put there is never touched.
    """
    clipboard = QGuiApplication.clipboard()
    # The offscreen and minimal platforms keep the clipboard inside this process and do not
    # report ownership: whatever is there, this program put there.
    private = QGuiApplication.platformName() in ("offscreen", "minimal")
    cleared: list[str] = []
    modes = [(QClipboard.Mode.Clipboard, private or clipboard.ownsClipboard(), "clipboard")]
    if clipboard.supportsSelection():
        modes.append((QClipboard.Mode.Selection, clipboard.ownsSelection(), "selection"))
    for mode, owned, name in modes:
        if not owned:
            continue
        text = clipboard.text(mode)
        if text and not keep(text) and not may_release(text, posts).allowed:
            clipboard.clear(mode)
            cleared.append(name)
    return cleared


__all__ = ["CopyGuard", "GuardedPlainTextEdit", "GuardedTextBrowser", "GuardedTextMixin",
           "ItemViewGuard", "forget_unconfirmed", "guard_item_view", "plain_mime", "tell",
           "unselectable"]
