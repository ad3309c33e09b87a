"""A focus ring people can see: the boxes and lists a keyboard moves through get a thick
coloured border while they have the focus.

Styles draw focus faintly or not at all on text boxes and lists (the preview, the pictures
list and the read-back text had none), so a style sheet on the main window draws one. It
cascades to every dialog the window opens. Buttons and tick boxes keep the style's own focus
rectangle: a border on them would turn them into flat boxes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

#: Dark enough against white and light grey for WCAG's 3:1 for graphical objects.
RING_COLOUR = "#1a5fb4"

_BOXES = ("QPlainTextEdit", "QTextEdit", "QTextBrowser", "QListWidget", "QListView",
          "QTreeWidget", "QTreeView", "QTableWidget", "QTableView", "QLineEdit")

FOCUS_RING_QSS = (
    ", ".join(_BOXES) + " { border: 1px solid palette(mid); padding: 1px; }\n"
    + ", ".join(f"{b}:focus" for b in _BOXES)
    + f" {{ border: 2px solid {RING_COLOUR}; padding: 0px; }}\n"
    f"QComboBox:focus {{ border: 2px solid {RING_COLOUR}; }}\n"
)


def apply_focus_ring(widget: QWidget) -> None:
    """Add the focus ring to ``widget`` and everything inside it (once)."""
    sheet = widget.styleSheet()
    if FOCUS_RING_QSS not in sheet:
        widget.setStyleSheet(sheet + ("\n" if sheet else "") + FOCUS_RING_QSS)


__all__ = ["FOCUS_RING_QSS", "RING_COLOUR", "apply_focus_ring"]
