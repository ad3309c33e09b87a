"""How each severity looks: colour, underline shape, icon and words.

Colour is never the only cue. Each severity has its own underline style (wave, dashes, dots),
its own icon shape (octagon, triangle, circle) and its own words, so the window reads the same
in high-contrast themes, in greyscale and to a screen reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
    QTextCharFormat,
)

from rwt_desktop.core.findings import Severity


@dataclass(frozen=True)
class SeverityLook:
    severity: Severity
    #: Heading in the findings panel.
    heading: str
    #: One word for lists and the read-back.
    word: str
    colour: str
    underline: QTextCharFormat.UnderlineStyle
    #: What the underline looks like, for the legend and screen readers.
    shape: str


LOOKS: dict[Severity, SeverityLook] = {
    Severity.BLOCK: SeverityLook(Severity.BLOCK, "Must fix before posting", "Must fix",
                                 "#c62828", QTextCharFormat.UnderlineStyle.WaveUnderline,
                                 "red wavy underline"),
    Severity.WARN: SeverityLook(Severity.WARN, "Please check", "Check",
                                "#b45f06", QTextCharFormat.UnderlineStyle.DashUnderline,
                                "amber dashed underline"),
    Severity.INFO: SeverityLook(Severity.INFO, "For information", "Info",
                                "#1565c0", QTextCharFormat.UnderlineStyle.DotLine,
                                "blue dotted underline"),
}

ORDER: tuple[Severity, ...] = (Severity.BLOCK, Severity.WARN, Severity.INFO)


@cache
def underline_format(severity: Severity) -> QTextCharFormat:
    """The composer format for one severity. Built once: formats are shared, never mutated."""
    look = LOOKS[severity]
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(look.underline)
    fmt.setUnderlineColor(QColor(look.colour))
    if severity is Severity.BLOCK:
        # A faint wash as well as the wave, so "must fix" stands out at a glance; the text
        # colour is left to the palette so high-contrast themes keep their contrast.
        wash = QColor(look.colour)
        wash.setAlpha(40)
        fmt.setBackground(QBrush(wash))
    return fmt


@cache
def severity_icon(severity: Severity, size: int = 32) -> QIcon:
    """A small icon whose shape tells the severity apart without its colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(LOOKS[severity].colour)
    painter.setBrush(colour)
    painter.setPen(QPen(colour.darker(130), size / 16))
    m = size / 16
    s = float(size)
    if severity is Severity.BLOCK:
        # An octagon, like a stop sign, with a white bar.
        k = s * 0.29
        points = [QPointF(k, m), QPointF(s - k, m), QPointF(s - m, k), QPointF(s - m, s - k),
                  QPointF(s - k, s - m), QPointF(k, s - m), QPointF(m, s - k), QPointF(m, k)]
        painter.drawPolygon(QPolygonF(points))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawRect(QRectF(s * 0.22, s * 0.42, s * 0.56, s * 0.16))
    elif severity is Severity.WARN:
        # A triangle with an exclamation mark.
        painter.drawPolygon(QPolygonF([QPointF(s / 2, m), QPointF(s - m, s - m),
                                       QPointF(m, s - m)]))
        _draw_glyph(painter, "!", QRectF(0, s * 0.25, s, s * 0.72), size)
    else:
        # A circle with an "i".
        painter.drawEllipse(QRectF(m, m, s - 2 * m, s - 2 * m))
        _draw_glyph(painter, "i", QRectF(0, 0, s, s), size)
    painter.end()
    return QIcon(pixmap)


def _draw_glyph(painter: QPainter, glyph: str, rect: QRectF, size: int) -> None:
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(6, int(size * 0.6)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, glyph)
