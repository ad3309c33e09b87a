"""Showing text from outside (a post, a file, a reply, a server, the policy data) exactly as
it is, never as markup.

A ``QLabel`` guesses rich text by default, and a tooltip always does: a picture named
``<img src='/dev/zero'>`` in a review file made the window read ``/dev/zero`` until it was
killed, and ``<img width=100000 height=100000>`` crashed it. :func:`plain_label` turns the
guessing off for a label; :func:`plain_tip` makes a tooltip that shows its text literally.
Where the formatting is ours (a bold word in a sentence we wrote), the outside text in it is
``html.escape``-d and the label set to rich text explicitly.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

__all__ = ["plain_label", "plain_tip"]


def plain_label(label: QLabel, text: str | None = None) -> QLabel:
    """Set ``label`` to plain text (and to ``text`` if given); returns it."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    if text is not None:
        label.setText(text)
    return label


def plain_tip(text: str) -> str:
    """A tooltip string that shows ``text`` exactly, line breaks kept.

    Qt takes a tooltip for rich text only when it holds something like a tag, so text with
    no ``<`` is shown as it is and is returned unchanged.
    """
    if "<" not in text:
        return text
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"
