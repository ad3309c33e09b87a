"""Which accounts the post is for, how long it is on each, and how it will read there.

The accounts come from the policy data; this module only lays them out. Over-limit counters
turn red AND gain a cross, the word "over" and an icon, so colour is never the only cue.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rwt_desktop.core.channels import measure as _core_measure
from rwt_desktop.core.findings import ChannelLength, Severity
from rwt_desktop.core.policy import Channel
from rwt_desktop.gui.copyguard import CopyGuard, GuardedTextBrowser
from rwt_desktop.gui.plain import plain_label, plain_tip
from rwt_desktop.gui.severity_style import LOOKS, severity_icon

Measure = Callable[[str, Channel], ChannelLength]


def default_measure() -> Measure | None:
    return _core_measure


class ChannelsPanel(QWidget):
    """A tick box and a live counter for each account."""

    selectionChanged = Signal(list)  # channel ids, in policy order

    def __init__(self, channels: Sequence[Channel], chosen: Iterable[str] = (),
                 measure: Measure | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelsPanel")
        self._measure = measure if measure is not None else default_measure()
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(0, 1)
        self._boxes: dict[str, QCheckBox] = {}
        self._counters: dict[str, QLabel] = {}
        self._icons: dict[str, QLabel] = {}
        self._channels: dict[str, Channel] = {}
        self._lengths: dict[str, ChannelLength] = {}
        self.set_channels(channels, chosen)

    # ------------------------------------------------------------------ set-up

    def set_channels(self, channels: Sequence[Channel], chosen: Iterable[str]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._boxes.clear()
        self._counters.clear()
        self._icons.clear()
        self._channels = {ch.id: ch for ch in channels}
        wanted = set(chosen)
        for row, ch in enumerate(channels):
            box = QCheckBox(f"{ch.name}  {ch.handle}", self)
            box.setObjectName(f"channel_{ch.id}")
            box.setAccessibleName(f"Post to {ch.name} ({ch.handle})")
            box.setChecked(ch.id in wanted)
            box.toggled.connect(self._on_toggled)
            icon = QLabel(self)
            icon.setFixedWidth(18)
            counter = plain_label(QLabel(self))
            counter.setObjectName(f"counter_{ch.id}")
            counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            counter.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            self._grid.addWidget(box, row, 0)
            self._grid.addWidget(icon, row, 1)
            self._grid.addWidget(counter, row, 2)
            self._boxes[ch.id] = box
            self._counters[ch.id] = counter
            self._icons[ch.id] = icon
        self._refresh_labels()

    def boxes(self) -> list[QCheckBox]:
        return list(self._boxes.values())

    def chosen(self) -> list[str]:
        return [cid for cid, box in self._boxes.items() if box.isChecked()]

    def set_chosen(self, chosen: Iterable[str]) -> None:
        wanted = set(chosen)
        for cid, box in self._boxes.items():
            box.blockSignals(True)
            box.setChecked(cid in wanted)
            box.blockSignals(False)
        self._refresh_labels()
        self.selectionChanged.emit(self.chosen())

    def channel(self, channel_id: str) -> Channel:
        return self._channels[channel_id]

    def _on_toggled(self, _checked: bool) -> None:
        self._refresh_labels()
        self.selectionChanged.emit(self.chosen())

    # ------------------------------------------------------------------ counting

    @property
    def live(self) -> bool:
        """True when counters follow every keystroke (the core's measure() is available)."""
        return self._measure is not None

    def update_text(self, text: str) -> None:
        """Recount for every chosen account (cheap: called on each keystroke)."""
        if self._measure is None:
            return
        for cid in self.chosen():
            try:
                self._lengths[cid] = self._measure(text, self._channels[cid])
            except Exception:  # a counting bug must not stop typing
                self._lengths.pop(cid, None)
        self._refresh_labels()

    def update_lengths(self, lengths: Mapping[str, ChannelLength]) -> None:
        """Counts from a finished check (used when measure() is not available)."""
        if self._measure is None:
            self._lengths.update(lengths)
            self._refresh_labels()

    def length(self, channel_id: str) -> ChannelLength | None:
        return self._lengths.get(channel_id)

    def _refresh_labels(self) -> None:
        for cid, counter in self._counters.items():
            ch = self._channels[cid]
            length = self._lengths.get(cid)
            icon = self._icons[cid]
            if not self._boxes[cid].isChecked():
                counter.setText(f"limit {ch.limit:,}")
                counter.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                counter.setStyleSheet("")
                counter.setAccessibleName(f"{ch.name}: not chosen")
                icon.clear()
                continue
            counter.setForegroundRole(QPalette.ColorRole.WindowText)
            text, spoken, ok = counter_text(ch, length)
            counter.setText(text)
            counter.setAccessibleName(spoken)
            counter.setToolTip(plain_tip(spoken))
            if ok:
                counter.setStyleSheet("")
                icon.clear()
            else:
                counter.setStyleSheet(f"color: {LOOKS[Severity.BLOCK].colour}; font-weight: bold")
                icon.setPixmap(severity_icon(Severity.BLOCK).pixmap(16, 16))
                icon.setToolTip(plain_tip(spoken))


def counter_text(channel: Channel, length: ChannelLength | None) -> tuple[str, str, bool]:
    """What the counter shows, what a screen reader says, and whether it fits."""
    if length is None:
        return f"… / {channel.limit:,}", f"{channel.name}: counting", True
    shown = f"{length.length:,} / {length.limit:,}"
    spoken = f"{channel.name}: {length.length} of {length.limit} characters"
    ok = length.ok
    if length.length > length.limit:
        over = length.length - length.limit
        shown = f"✗ {shown}  ({over:,} over)"
        spoken += f", {over} over the limit"
    else:
        shown = f"✓ {shown}"
    if length.max_hashtags is not None and length.hashtags > length.max_hashtags:
        shown += f"  ✗ {length.hashtags}/{length.max_hashtags} hashtags"
        spoken += f", {length.hashtags} hashtags where {length.max_hashtags} are allowed"
    if not length.title_ok:
        shown += f"  ✗ title {length.title_length:,}/{length.title_limit:,}"
        spoken += (f", the first line (the title) is {length.title_length} characters where "
                   f"{length.title_limit} are allowed")
    if length.forbidden:
        shown += "  ✗ characters it refuses"
        spoken += f", with characters {channel.name} does not accept"
    return shown, spoken, ok


class PreviewTabs(QTabWidget):
    """How the post reads on each chosen account: the exact text, with any overflow marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewTabs")
        self.setAccessibleName("Preview on each channel")
        self.setDocumentMode(True)
        self._browsers: dict[str, GuardedTextBrowser] = {}
        self._copy_guard: CopyGuard | None = None

    def set_copy_guard(self, guard: CopyGuard) -> None:
        """The window's guard: the previews let out what the composer would, no more."""
        self._copy_guard = guard
        for browser in self._browsers.values():
            browser.set_copy_guard(guard)

    def show_preview(self, text: str, channels: Sequence[Channel],
                     lengths: Mapping[str, ChannelLength]) -> None:
        ids = [ch.id for ch in channels]
        if ids != list(self._browsers):
            current = self.tabText(self.currentIndex()) if self.count() else ""
            self.clear()
            self._browsers = {}
            for ch in channels:
                page = QWidget()
                layout = QVBoxLayout(page)
                layout.setContentsMargins(4, 4, 4, 4)
                browser = GuardedTextBrowser(page)
                if self._copy_guard is not None:
                    browser.set_copy_guard(self._copy_guard)
                browser.setObjectName(f"preview_{ch.id}")
                browser.setAccessibleName(f"How the post reads on {ch.name}")
                browser.setOpenLinks(False)
                layout.addWidget(browser)
                self.addTab(page, ch.name)
                self._browsers[ch.id] = browser
                if ch.name == current:
                    self.setCurrentWidget(page)
        for ch in channels:
            self._browsers[ch.id].setHtml(preview_html(text, ch, lengths.get(ch.id)))

    def browser(self, channel_id: str) -> GuardedTextBrowser:
        return self._browsers[channel_id]


#: Characters past a channel's limit that its preview shows struck through.
PREVIEW_PAST_LIMIT = 2000


def preview_html(text: str, channel: Channel, length: ChannelLength | None) -> str:
    """The post as the account will show it; the part past the limit struck through."""
    head = (f"<p><b>{html.escape(channel.name)}</b> &nbsp;"
            f"<span>{html.escape(channel.handle)}</span></p>")
    if not text.strip():
        return head + "<p><i>Nothing written yet.</i></p>"
    cut = length.overflow_start if length is not None and not length.ok else None
    if cut is not None and 0 <= cut < len(text):
        # A huge paste shows only the start of what is over: laying out all of it in every
        # preview held the window for a few hundred milliseconds more.
        over = text[cut:cut + PREVIEW_PAST_LIMIT]
        more = len(text) - cut - len(over)
        body = (_html_text(text[:cut]) + "<span style='text-decoration: line-through; "
                f"background: rgba(198,40,40,0.2)'>{_html_text(over)}</span>"
                + (f"<i> … and {more:,} more characters</i>" if more > 0 else ""))
        note = (f"<p><b>✗ Too long for {html.escape(channel.name)}:</b> the struck-through "
                f"part is past its {channel.limit:,}-character limit.</p>")
    else:
        body, note = _html_text(text), ""
    title = ""
    if channel.title_limit:
        first = text.strip().splitlines()[0] if text.strip() else ""
        mark = "✓" if len(first) <= channel.title_limit else "✗"
        title = (f"<p>{mark} Title (first line): {len(first)} / {channel.title_limit}"
                 " characters</p>")
    return f"{head}{note}{title}<p style='white-space: pre-wrap'>{body}</p>"


def _html_text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")
