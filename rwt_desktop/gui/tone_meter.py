"""A meter for the post's overall tone, in words as well as a bar.

The words ("Warm", "A bit flat", "Sounds cross", "Hostile") and which sentence pulls the
tone down come from the core (:mod:`rwt_desktop.core.tone`); this widget only shows them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from rwt_desktop.core.findings import ToneReport
from rwt_desktop.gui.plain import plain_label


class ToneMeter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toneMeter")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("toneBar")
        self.bar.setRange(-100, 100)
        self.bar.setTextVisible(True)
        self.bar.setAccessibleName("Tone of the post")
        self.note = plain_label(QLabel(self))
        self.note.setObjectName("toneNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # quotes the post
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.note)
        self.set_tone(None)

    def set_tone(self, tone: ToneReport | None) -> None:
        if tone is None:
            self.bar.setValue(0)
            self.bar.setFormat("Tone: not measured yet")
            self.bar.setAccessibleDescription("Tone not measured yet")
            self.note.setText("")
            return
        # Here, not at the top: the tone analyser loads with the checker, off the UI thread.
        from rwt_desktop.core.tone import mood_words, pulled_down_by

        words = mood_words(tone.mood) or tone.label.capitalize()
        self.bar.setValue(max(-100, min(100, round(tone.score * 100))))
        self.bar.setFormat(f"Tone: {words}")
        worst = pulled_down_by(tone)
        if worst is None:
            self.note.setText("")
            self.bar.setAccessibleDescription(f"The post reads {words.lower()}.")
            return
        hint = f" Try this: {worst.advice}" if worst.advice else ""
        self.note.setText(f"{words} because of: “{_short(worst.text)}”.{hint}")
        self.bar.setAccessibleDescription(f"The post reads {words.lower()}, because of: "
                                          f"{_short(worst.text)}")


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
