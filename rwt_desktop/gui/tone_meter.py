"""A meter for the post's overall tone, in words as well as a bar."""

from __future__ import annotations

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.note)
        self.set_tone(None)

    def set_tone(self, tone: ToneReport | None) -> None:
        if tone is None:
            self.bar.setValue(0)
            self.bar.setFormat("Tone: not measured")
            self.bar.setAccessibleDescription("Tone not measured yet")
            self.note.setText("")
            return
        value = max(-100, min(100, round(tone.score * 100)))
        self.bar.setValue(value)
        self.bar.setFormat(f"Tone: {tone.label} ({tone.score:+.2f})")
        self.bar.setAccessibleDescription(f"Tone {tone.label}, score {tone.score:+.2f} "
                                          "on a scale from minus one to plus one")
        low = [s for s in tone.sentences if s.score < 0]
        if low:
            worst = min(low, key=lambda s: s.score)
            hint = f" Try: {worst.suggestion}" if worst.suggestion else ""
            self.note.setText(f"Reads least warmly: “{_short(worst.text)}”.{hint}")
        else:
            self.note.setText("")


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
