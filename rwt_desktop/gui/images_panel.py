"""The pictures attached to a post: the list, and a form about each one.

The core knows what a picture needs (``rwt_desktop.core.images`` and the image rules); this
panel only asks. Files are opened off the UI thread (:meth:`ImagesPanel.attach_files` goes
through a :class:`BackgroundRunner`, which tests make synchronous), so a big or broken file
never freezes the window: a file that cannot be used gives its plain message through
:attr:`ImagesPanel.problem` and changes nothing.

The form asks what a volunteer can answer without knowing copyright law: where the picture
came from, who took it, who said we may use it and when, the licence, whether anyone can be
recognised and agreed (a parent or carer for children), and the alt text, with the chosen
channels' alt-text limit as a counter. Each change replaces the attachment with
``with_fields`` and emits :attr:`ImagesPanel.attachmentsChanged`, so the window checks again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rwt_desktop.app.pictures import FILE_FILTER, image_paths, open_picture
from rwt_desktop.core.images import (
    PEOPLE_LABELS,
    SOURCE_LABELS,
    ImageAttachment,
    credit_line,
    display_names,
)
from rwt_desktop.core.policy import Channel
from rwt_desktop.gui.background import BackgroundRunner
from rwt_desktop.gui.plain import plain_label, plain_tip

_ROLE = Qt.ItemDataRole.UserRole
#: Tick-box words short enough for the form to fit beside the list at 1024×700.
CONSENT_EVERYONE = "Everyone who can be recognised agreed"
CONSENT_CHILDREN = "Everyone agreed (a parent or carer for each child)"


class ImageForm(QWidget):
    """What we know about one picture. Emits :attr:`edited` with the changed fields."""

    edited = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageForm")
        self._loading = False
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)

        def row(label: str, widget: QWidget, name: str, spoken: str) -> None:
            if isinstance(widget, QComboBox):  # narrow; the open list shows the full words
                widget.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                widget.setMinimumContentsLength(12)
                widget.view().setMinimumWidth(widget.view().sizeHintForColumn(0) + 24)
                widget.currentTextChanged.connect(widget.setToolTip)  # when it is cut short
                widget.setToolTip(widget.currentText())
            widget.setObjectName(name)
            widget.setAccessibleName(spoken)
            if not label:  # a tick box says it all: give it the whole width
                form.addRow(widget)
                return
            title = QLabel(label, self)
            title.setBuddy(widget)
            title.setWordWrap(True)
            form.addRow(title, widget)

        self.source = QComboBox(self)
        for key, text in SOURCE_LABELS.items():
            self.source.addItem(text, key)
        row("Where is it fro&m?", self.source, "imageSource", "Where the picture came from")
        self.author = QLineEdit(self)
        self.author.setPlaceholderText("The photographer, or who owns it")
        row("&Photographer or owner:", self.author, "imageAuthor", "Who took or owns the picture")
        self.permission_from = QLineEdit(self)
        self.permission_from.setPlaceholderText("e.g. Jo at Brio Leisure, by email")
        row("Who said we may use it?", self.permission_from, "imagePermissionFrom",
            "Who gave permission")
        self.permission_date = QLineEdit(self)
        self.permission_date.setPlaceholderText("e.g. 3 May 2025")
        row("Whe&n did they say so?", self.permission_date, "imagePermissionDate",
            "When permission was given")
        self.licence = QLineEdit(self)
        self.licence.setPlaceholderText("e.g. CC BY 4.0, or the stock photo licence")
        row("&Licence:", self.licence, "imageLicence", "Licence")
        self.licence_url = QLineEdit(self)
        self.licence_url.setPlaceholderText("A link to the licence or the picture's page")
        row("Licence lin&k:", self.licence_url, "imageLicenceUrl", "Link to the licence")
        self.title = QLineEdit(self)
        row("Title:", self.title, "imageTitle", "The picture's title")
        self.credit_wanted = QCheckBox("The photographer would like a credit", self)
        row("", self.credit_wanted, "imageCreditWanted", "The photographer would like a credit")
        self.people = QComboBox(self)
        for key, text in PEOPLE_LABELS.items():
            self.people.addItem(text, key)
        row("Can anyone &be recognised?", self.people, "imagePeople",
            "Can anyone be recognised in it")
        self.children = QCheckBox("Children can be recognised", self)
        row("", self.children, "imageChildren", "Children can be recognised")
        self.consent = QCheckBox(CONSENT_EVERYONE, self)
        row("", self.consent, "imageConsent", "Everyone agreed")
        self.alt_text = QPlainTextEdit(self)
        self.alt_text.setTabChangesFocus(True)
        self.alt_text.setPlaceholderText("Say what the picture shows, for people who can't "
                                         "see it: who is doing what, and where.")
        self.alt_text.setFixedHeight(64)
        row("&Alt text:", self.alt_text, "imageAltText", "Alt text")
        self.alt_counter = plain_label(QLabel(self))
        self.alt_counter.setObjectName("altTextCounter")
        form.addRow("", self.alt_counter)
        self._alt_limit: tuple[int, str] | None = None

        for edit, field in ((self.author, "author"), (self.permission_from, "permission_from"),
                            (self.permission_date, "permission_date"),
                            (self.licence, "licence"), (self.licence_url, "licence_url"),
                            (self.title, "title")):
            edit.textEdited.connect(lambda text, f=field: self._emit(**{f: text}))
        self.source.currentIndexChanged.connect(
            lambda _i: self._emit(source=self.source.currentData()))
        self.people.currentIndexChanged.connect(
            lambda _i: self._emit(people_identifiable=self.people.currentData()))
        self.credit_wanted.toggled.connect(lambda on: self._emit(credit_wanted=on))
        self.children.toggled.connect(lambda on: self._emit(children=on))
        self.consent.toggled.connect(lambda on: self._emit(consent=on))
        self.alt_text.textChanged.connect(
            lambda: self._emit(alt_text=self.alt_text.toPlainText()))
        self.set_attachment(None)

    def set_attachment(self, att: ImageAttachment | None) -> None:
        self._loading = True
        try:
            self.setEnabled(att is not None)
            a = att or ImageAttachment(path="")
            self.source.setCurrentIndex(max(self.source.findData(a.source), 0))
            self.author.setText(a.author)
            self.permission_from.setText(a.permission_from)
            self.permission_date.setText(a.permission_date)
            self.licence.setText(a.licence)
            self.licence_url.setText(a.licence_url)
            self.title.setText(a.title)
            self.credit_wanted.setChecked(a.credit_wanted)
            self.people.setCurrentIndex(max(self.people.findData(a.people_identifiable), 0))
            self.children.setChecked(a.children)
            self.consent.setChecked(a.consent)
            if self.alt_text.toPlainText() != a.alt_text:
                self.alt_text.setPlainText(a.alt_text)
        finally:
            self._loading = False
        self._update_shape(a)

    def set_alt_limit(self, limit: tuple[int, str] | None) -> None:
        """The smallest alt-text limit of the chosen channels, and that channel's name."""
        self._alt_limit = limit
        self._update_counter()

    def _emit(self, **changes: Any) -> None:
        if self._loading:
            return
        self.edited.emit(changes)

    def _update_shape(self, att: ImageAttachment) -> None:
        own = att.source == "own"
        self.credit_wanted.setVisible(own)
        people = att.people_identifiable != "no"
        self.children.setEnabled(people)
        self.consent.setEnabled(people)
        self.consent.setText(CONSENT_CHILDREN if att.children else CONSENT_EVERYONE)
        self._update_counter()

    def _update_counter(self) -> None:
        n = len(self.alt_text.toPlainText())
        if self._alt_limit is None:
            self.alt_counter.setText(f"{n:,} characters")
            self.alt_counter.setStyleSheet("")
            return
        limit, channel = self._alt_limit
        over = n - limit
        if over > 0:
            self.alt_counter.setText(f"✗ {n:,} / {limit:,} ({over:,} over for {channel})")
            self.alt_counter.setStyleSheet("color: #c62828; font-weight: bold")
        else:
            self.alt_counter.setText(f"✓ {n:,} / {limit:,} (the limit for {channel})")
            self.alt_counter.setStyleSheet("")
        self.alt_counter.setAccessibleName(self.alt_counter.text())

    def refresh(self, att: ImageAttachment) -> None:
        """After an edit: adjust which parts show, without touching what is being typed."""
        self._update_shape(att)


class ImagesPanel(QWidget):
    """The post's pictures, in posting order, with a form for the one selected."""

    #: The attachments changed (list of ImageAttachment, in order).
    attachmentsChanged = Signal(list)
    #: A message for the person (a picture that could not be attached).
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("imagesPanel")
        self.setAcceptDrops(True)
        self.runner = BackgroundRunner(self, synchronous=synchronous, max_threads=2)
        self.runner.failed.connect(lambda msg: self.problem.emit(
            f"A picture could not be attached: {msg}"))
        self._atts: list[ImageAttachment] = []
        self._thumbs: list[bytes] = []
        self._loading = 0
        self._channels: list[Channel] = []

        self.list = QListWidget(self)
        self.list.setObjectName("imagesList")
        self.list.setAccessibleName("Pictures, in posting order")
        self.list.setIconSize(QPixmap(56, 56).size())
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._on_current)

        self.attach_button = QPushButton("A&ttach picture…", self)
        self.attach_button.setObjectName("attachButton")
        self.attach_button.setToolTip("Add a JPEG, PNG, GIF or WebP picture (or drop one here)")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setObjectName("removeImageButton")
        self.remove_button.setToolTip("Remove the selected picture (Delete)")
        self.up_button = QPushButton("▲", self)
        self.up_button.setObjectName("imageUpButton")
        self.up_button.setAccessibleName("Move the picture earlier")
        self.up_button.setToolTip("Move earlier (Ctrl+Up)")
        self.down_button = QPushButton("▼", self)
        self.down_button.setObjectName("imageDownButton")
        self.down_button.setAccessibleName("Move the picture later")
        self.down_button.setToolTip("Move later (Ctrl+Down)")
        for arrow in (self.up_button, self.down_button):
            arrow.setMaximumWidth(44)
        self.attach_button.clicked.connect(self.ask_and_attach)
        self.remove_button.clicked.connect(lambda: self.remove(self.list.currentRow()))
        self.up_button.clicked.connect(lambda: self.move(self.list.currentRow(), -1))
        self.down_button.clicked.connect(lambda: self.move(self.list.currentRow(), +1))
        for keys, slot in ((QKeySequence.StandardKey.Delete,
                            lambda: self.remove(self.list.currentRow())),
                           ("Ctrl+Up", lambda: self.move(self.list.currentRow(), -1)),
                           ("Ctrl+Down", lambda: self.move(self.list.currentRow(), +1))):
            shortcut = QShortcut(QKeySequence(keys), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        self.limits = plain_label(QLabel(self))
        self.limits.setObjectName("imageLimits")
        self.limits.setWordWrap(True)
        self.credit = plain_label(QLabel(self))
        self.credit.setObjectName("imageCredit")
        self.credit.setWordWrap(True)
        self.credit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form = ImageForm(self)
        self.form.edited.connect(self._on_edited)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.attach_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        # The list beside the form, not above it: every field fits at 1024×700.
        pictures = QVBoxLayout()
        pictures.addWidget(self.list, 1)
        pictures.addWidget(self.limits)
        about = QVBoxLayout()
        about.addWidget(self.credit)
        about.addWidget(self.form)
        about.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(pictures, 2)
        columns.addLayout(about, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addLayout(columns, 1)
        self._refresh()

    # ------------------------------------------------------------------ content

    def attachments(self) -> list[ImageAttachment]:
        return list(self._atts)

    def names(self) -> list[str]:
        """Display names, the same ones the findings use."""
        return display_names(self._atts)

    def set_channels(self, channels: Sequence[Channel]) -> None:
        self._channels = list(channels)
        self._refresh()

    def clear(self) -> None:
        if self._atts:
            self._atts, self._thumbs = [], []
            self._changed()

    # ------------------------------------------------------------------ attaching

    def ask_files(self) -> list[str]:
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(self, "Attach pictures", str(Path.home()),
                                                FILE_FILTER)
        return paths

    def ask_and_attach(self) -> None:
        paths = self.ask_files()
        if paths:
            self.attach_files(paths)

    def attach_files(self, paths: Iterable[str | Path]) -> None:
        """Open each file off the UI thread and add it when it is known to be usable."""
        for path in paths:
            self._loading += 1
            self._refresh()
            self.runner.start(lambda p=str(path): open_picture(p), self._opened)

    def _opened(self, payload: tuple[str, ImageAttachment | None, bytes, str]) -> None:
        self._loading = max(0, self._loading - 1)
        path, att, thumb, problem = payload
        if att is None:
            self._refresh()
            self.problem.emit(problem or f"Could not attach {Path(path).name}.")
            return
        self._atts.append(att)
        self._thumbs.append(thumb)
        self._changed(select=len(self._atts) - 1)

    def pending(self) -> int:
        return self._loading

    def drain(self) -> None:
        self.runner.drain()

    # ------------------------------------------------------------------ order

    def remove(self, index: int) -> None:
        if 0 <= index < len(self._atts):
            del self._atts[index]
            del self._thumbs[index]
            self._changed(select=min(index, len(self._atts) - 1))

    def move(self, index: int, delta: int) -> None:
        to = index + delta
        if 0 <= index < len(self._atts) and 0 <= to < len(self._atts):
            for items in (self._atts, self._thumbs):
                items[index], items[to] = items[to], items[index]
            self._changed(select=to)

    def select_image(self, name: str) -> bool:
        """Select the picture a finding names; False if it is not attached."""
        names = self.names()
        if name in names:
            self.list.setCurrentRow(names.index(name))
            self.list.setFocus()
            return True
        return False

    # ------------------------------------------------------------------ form

    def _on_current(self, row: int) -> None:
        att = self._atts[row] if 0 <= row < len(self._atts) else None
        self.form.set_attachment(att)
        self._refresh_buttons()
        self._refresh_credit()

    def _on_edited(self, changes: dict[str, Any]) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._atts):
            return
        try:
            att = self._atts[row].with_fields(**changes)
        except ValueError:
            return  # a choice the core does not know; the combo boxes only offer known ones
        self._atts[row] = att
        self.form.refresh(att)
        self._refresh_item(row)
        self._refresh_credit()
        self.attachmentsChanged.emit(self.attachments())

    # ------------------------------------------------------------------ showing

    def _changed(self, select: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for row in range(len(self._atts)):
            item = QListWidgetItem()
            self.list.addItem(item)
            self._refresh_item(row)
        self.list.blockSignals(False)
        if select is not None and select >= 0:
            self.list.setCurrentRow(select)
        self._on_current(self.list.currentRow())
        self._refresh()
        self.attachmentsChanged.emit(self.attachments())

    def _refresh_item(self, row: int) -> None:
        item = self.list.item(row)
        if item is None:
            return
        att = self._atts[row]
        name = self.names()[row]
        info = att.info
        size = f"{info.width}×{info.height}" if info is not None and info.ok else ""
        item.setText(f"{row + 1}. {name}  {size}")
        item.setData(_ROLE, name)
        item.setToolTip(plain_tip(f"{name}\n{SOURCE_LABELS.get(att.source, '')}"))
        pix = QPixmap()
        if pix.loadFromData(self._thumbs[row]):
            item.setIcon(QIcon(pix))

    def _refresh_buttons(self) -> None:
        row = self.list.currentRow()
        has = 0 <= row < len(self._atts)
        self.remove_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < len(self._atts) - 1)

    def _refresh_credit(self) -> None:
        row = self.list.currentRow()
        line = credit_line(self._atts[row]) if 0 <= row < len(self._atts) else ""
        self.credit.setText(f"Credit added to the post: {line}" if line else "")
        self.credit.setVisible(bool(line))

    def _refresh(self) -> None:
        self._refresh_buttons()
        count = len(self._atts)
        parts = []
        for ch in self._channels:
            if ch.max_images is None:
                continue
            mark = "✗ " if count > ch.max_images else ""
            parts.append(f"{mark}{ch.name} {ch.max_images}")
        pictures = f"{count} picture{'s' if count != 1 else ''}"
        text = pictures + (" · up to: " + ", ".join(parts) if parts else "")
        if self._loading:
            text += f" · opening {self._loading}…"
        self.limits.setText(text)
        self.limits.setAccessibleName(text)
        limits = [(ch.alt_text_limit, ch.name) for ch in self._channels if ch.alt_text_limit]
        self.form.set_alt_limit(min(limits) if limits else None)
        self.form.setVisible(count > 0)

    # ------------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and image_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = image_paths(event.mimeData().urls()) if event.mimeData().hasUrls() else []
        if paths:
            event.acceptProposedAction()
            self.attach_files(paths)
