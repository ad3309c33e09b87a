"""A second opinion: asking for one, and the reviewer's read-only view with its reply.

"If unsure about a post check with RWT staff/ Chair before posting." The author's window
saves a review request (:mod:`rwt_desktop.storage.review`) and opens an email draft in the
system's mail client through :func:`open_external`; the program sends nothing itself. The
reviewer opens the file here (:class:`ReviewViewer`, from File ▸ Open review… or
``rwt-desktop --open-review FILE``), sees the post exactly as it would go and what the
checker found, and saves a reply file that the author loads back into their window.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from rwt_desktop.core.findings import Severity
from rwt_desktop.gui.copyguard import CopyGuard, GuardedPlainTextEdit, guard_item_view
from rwt_desktop.gui.dialogs import local_time
from rwt_desktop.gui.plain import plain_label, plain_tip
from rwt_desktop.gui.positions import PositionMap
from rwt_desktop.gui.severity_style import LOOKS, severity_icon
from rwt_desktop.storage.review import (
    REPLY_SUFFIX,
    REVIEW_SUFFIX,
    Reviewer,
    ReviewFileError,
    ReviewReply,
    ReviewRequest,
    read_review_request,
    reply_path_for,
    write_review_reply,
)

REVIEW_FILTER = f"Review requests (*{REVIEW_SUFFIX})"
REPLY_FILTER = f"Review replies (*{REPLY_SUFFIX})"
#: Why a post under review does not copy: it is the author's to post, after their read-back.
REVIEW_FIRST = ("this post is waiting for a second opinion, and its author copies it after "
                "their read-back")


def open_external(url: QUrl) -> bool:
    """Hand a URL (the mailto: draft) to the system; the one place tests patch."""
    return QDesktopServices.openUrl(url)


def existing_folder(path: Path) -> Path:
    """``path``'s nearest folder that exists (the home folder at worst): file dialogs started
    in a missing folder open somewhere unexpected."""
    for folder in (path if path.is_dir() else path.parent, *path.parents):
        if str(folder) not in ("", ".") and folder.is_dir():
            return folder
    return Path.home()


def _severity(value: object) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError:
        return Severity.INFO


class SecondOpinionDialog(QDialog):
    """Who can answer, an optional question, and where to save the request."""

    def __init__(self, reviewers: Sequence[Reviewer], default_path: Path,
                 blocked: bool = False, parent: QWidget | None = None, *, note: str = "",
                 problem: str = "", policy_says: str = "",
                 who_else: str = "the staff or the Chair") -> None:
        super().__init__(parent)
        self.setObjectName("secondOpinionDialog")
        self.setWindowTitle("Ask for a second opinion")
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        who = ", ".join(r.label() for r in reviewers) or who_else
        says = (f"<p>The policy says: <i>“{html.escape(policy_says.rstrip('.'))}.”</i></p>"
                if policy_says else "")
        intro = QLabel(
            f"{says}<p>This saves the post, what the checker found and your question "
            f"in one file, and opens an email draft to send it to <b>{html.escape(who)}</b>. "
            "Nothing is sent until you send the email.</p>"
            + ("<p>Something in the post must still be fixed; you can ask about it all the "
               "same.</p>" if blocked else ""), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("secondOpinionNote")
        self.note.setAccessibleName("Your question for the reviewer")
        self.note.setPlaceholderText("What are you unsure about? (optional)")
        self.note.setTabChangesFocus(True)
        self.note.setPlainText(note)  # kept when the dialog comes back after a problem
        form.addRow("Your &question:", self.note)
        row = QWidget(self)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.path = QLineEdit(str(default_path), self)
        self.path.setObjectName("secondOpinionPath")
        self.path.setAccessibleName("Save the request as")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self._browse)
        row_layout.addWidget(self.path, 1)
        row_layout.addWidget(browse)
        form.addRow("Save &as:", row)
        layout.addLayout(form)
        self.problem = QLabel(problem, self)
        self.problem.setObjectName("secondOpinionProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton("Save and open the &email",
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.path.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path = self.ask_save_path(str(existing_folder(Path(self.path.text().strip()))
                                      / Path(self.path.text().strip() or "review").name))
        if path:
            self.path.setText(path)

    def ask_save_path(self, start: str) -> str:
        """The file dialog (one place for tests to patch), starting in a folder that exists."""
        path, _ = QFileDialog.getSaveFileName(self, "Save the review request", start,
                                              REVIEW_FILTER)
        return path

    def value(self) -> tuple[str, Path]:
        return self.note.toPlainText().strip(), Path(self.path.text().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, reviewers: Sequence[Reviewer], default_path: Path,
            blocked: bool = False, *, note: str = "", problem: str = "",
            policy_says: str = "", who_else: str = "the staff or the Chair",
            ) -> tuple[str, Path] | None:
        """The question and the file to save to, or None if the person cancelled."""
        dialog = cls(reviewers, default_path, blocked, parent, note=note, problem=problem,
                     policy_says=policy_says, who_else=who_else)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.path.text().strip():
                return dialog.value()
            return None
        finally:
            dialog.deleteLater()


class ReviewViewer(QDialog):
    """A review request, read-only, with the findings, and a form for the reply."""

    #: A reply was saved; carries its path.
    replySaved = Signal(Path)

    def __init__(self, request: ReviewRequest, path: Path, reviewer_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewViewer")
        self.setWindowTitle(f"Review: a post from {request.author or 'someone'}")
        self.resize(820, 720)
        self.request = request
        self.path = Path(path)
        layout = QVBoxLayout(self)

        header = QLabel(self)
        header.setObjectName("reviewHeader")
        header.setWordWrap(True)
        header.setTextFormat(Qt.TextFormat.RichText)
        parts = [f"<p><b>{html.escape(request.author or 'Someone')}</b> asked for a second "
                 f"opinion on {html.escape(local_time(request.created))}.</p>"]
        if request.reviewers:
            parts.append("<p>Asked of: " + html.escape(
                ", ".join(r.label() for r in request.reviewers)) + "</p>")
        if request.personal_account:
            parts.append("<p>This post is for their <b>own account</b>, not an official one."
                         "</p>")
        if request.note:
            parts.append(f"<p>Their question: <i>“{html.escape(request.note)}”</i></p>")
        parts.append("<p>This is read-only: the post cannot be changed here.</p>")
        header.setText("".join(parts))
        layout.addWidget(header)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("reviewTexts")
        self.text_views: dict[str, QPlainTextEdit] = {}
        posts = CopyGuard(lambda: list(request.texts.values()), first=REVIEW_FIRST)
        for ch in request.channels:
            view = GuardedPlainTextEdit(self)
            view.set_copy_guard(posts)
            view.setObjectName(f"review_{ch}")
            view.setReadOnly(True)
            view.setPlainText(request.texts.get(ch, ""))
            view.setAccessibleName(f"The post for {request.channel_name(ch)}")
            self._mark_findings(view, request.texts.get(ch, ""))
            self.tabs.addTab(view, request.channel_name(ch))
            self.text_views[ch] = view
        layout.addWidget(self.tabs, 2)

        found = QGroupBox("What the checker found", self)
        self.findings_list = QListWidget(found)
        self.findings_list.setObjectName("reviewFindings")
        self.findings_list.setAccessibleName("What the checker found")
        self.findings_list.setWordWrap(True)
        self.findings_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for f in sorted(request.findings, key=lambda f: -_severity(f.get("severity")).rank):
            severity = _severity(f.get("severity"))
            where = f.get("image") or f.get("text") or ""
            label = (f"{LOOKS[severity].word}: “{where}” — {f.get('message', '')}" if where
                     else f"{LOOKS[severity].word}: {f.get('message', '')}")
            item = QListWidgetItem(severity_icon(severity), label)
            clause = f.get("clause")
            if clause:
                item.setToolTip(plain_tip(f"Policy: “{clause}”"))
            self.findings_list.addItem(item)
        if not request.findings:
            self.findings_list.addItem("The checker found nothing to point out.")
        guard_item_view(self.findings_list, posts)
        images = plain_label(QLabel(found), self._images_text())
        images.setObjectName("reviewImages")
        images.setWordWrap(True)
        found_layout = QVBoxLayout(found)
        found_layout.addWidget(self.findings_list)
        found_layout.addWidget(images)
        layout.addWidget(found, 1)

        reply = QGroupBox("Your reply", self)
        reply_layout = QVBoxLayout(reply)
        verdicts = QHBoxLayout()
        self.verdict_group = QButtonGroup(self)
        self.verdict_buttons: dict[str, QRadioButton] = {}
        for key, label in (("approved", "&Approved: it can go"),
                           ("changes", "&Changes asked for")):
            button = QRadioButton(label, reply)
            button.setObjectName(f"verdict_{key}")
            self.verdict_group.addButton(button)
            self.verdict_buttons[key] = button
            verdicts.addWidget(button)
            button.toggled.connect(self._update)
        verdicts.addStretch(1)
        reply_layout.addLayout(verdicts)
        self.comment = QPlainTextEdit(reply)
        self.comment.setObjectName("reviewComment")
        self.comment.setAccessibleName("Your comment")
        self.comment.setPlaceholderText("Your comment: what to change, or anything to add")
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(90)
        self.comment.textChanged.connect(self._update)
        reply_layout.addWidget(self.comment)
        name_row = QHBoxLayout()
        name_label = QLabel("Your &name:", reply)
        self.reviewer_name = QLineEdit(reviewer_name, reply)
        self.reviewer_name.setObjectName("reviewerName")
        self.reviewer_name.setAccessibleName("Your name")
        name_label.setBuddy(self.reviewer_name)
        self.reviewer_name.textChanged.connect(self._update)
        name_row.addWidget(name_label)
        name_row.addWidget(self.reviewer_name, 1)
        reply_layout.addLayout(name_row)
        self.status = plain_label(QLabel(reply))
        self.status.setObjectName("reviewStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        reply_layout.addWidget(self.status)
        layout.addWidget(reply)

        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("&Save reply…",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("saveReplyButton")
        self.save_button.clicked.connect(self.save_reply)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.saved_reply: Path | None = None
        self._update()

    def _images_text(self) -> str:
        if not self.request.images:
            return "Images: none."
        names = []
        for image in self.request.images:
            name = str(image.get("name") or image.get("file") or "image")
            credit = image.get("credit")
            names.append(f"{name} (credit: {credit})" if credit else name)
        return "Images: " + "; ".join(names) + "."

    def _mark_findings(self, view: QPlainTextEdit, text: str) -> None:
        """Underline each finding's words in the read-only text, as the author saw them."""
        positions = PositionMap(text)
        marks = []
        for f in self.request.findings:
            start, end = f.get("start"), f.get("end")
            if not (isinstance(start, int) and isinstance(end, int)
                    and 0 <= start < end <= len(text) and text[start:end] == f.get("text")):
                continue
            qs, qe = positions.span_to_qt(start, end)
            cursor = QTextCursor(view.document())
            cursor.setPosition(qs)
            cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
            mark = QTextEdit.ExtraSelection()
            mark.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor(LOOKS[_severity(f.get("severity"))].colour))
            mark.format = fmt
            marks.append(mark)
        view.setExtraSelections(marks)

    # ------------------------------------------------------------------ the reply

    def verdict(self) -> str:
        for key, button in self.verdict_buttons.items():
            if button.isChecked():
                return key
        return ""

    def missing(self) -> list[str]:
        out = []
        verdict = self.verdict()
        if not verdict:
            out.append("choose Approved or Changes asked for")
        if verdict == "changes" and not self.comment.toPlainText().strip():
            out.append("say what should change")
        if not self.reviewer_name.text().strip():
            out.append("add your name")
        return out

    def _update(self) -> None:
        missing = self.missing()
        self.save_button.setEnabled(not missing)
        if self.saved_reply is None:
            self.status.setText("To reply: " + "; ".join(missing) + "." if missing else
                                "Ready: save the reply and send the file back to "
                                f"{self.request.author or 'the author'}.")

    def reply(self) -> ReviewReply:
        return ReviewReply(request_id=self.request.id, text_sha256=self.request.text_sha256,
                           verdict=self.verdict(), comment=self.comment.toPlainText().strip(),
                           reviewer=self.reviewer_name.text().strip())

    def ask_reply_path(self, default: Path) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Save your reply", str(default),
                                              REPLY_FILTER)
        return path

    def save_reply(self) -> Path | None:
        if self.missing():
            return None
        chosen = self.ask_reply_path(reply_path_for(self.path))
        if not chosen:
            return None
        try:
            saved = write_review_reply(Path(chosen), self.reply())
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            self.status.setText(f"Could not save the reply: {reason}")
            return None
        self.saved_reply = saved
        self.status.setText(f"Reply saved as {saved}. Send this file back to "
                            f"{self.request.author or 'the author'} (attach it to an email).")
        self.replySaved.emit(saved)
        return saved

    # ------------------------------------------------------------------ entry point

    @classmethod
    def open_file(cls, path: Path, reviewer_name: str = "",
                  parent: QWidget | None = None) -> ReviewViewer:
        """A viewer for the request in ``path``; raises ReviewFileError or OSError."""
        return cls(read_review_request(Path(path)), Path(path), reviewer_name, parent)


__all__ = ["REPLY_FILTER", "REVIEW_FILTER", "ReviewFileError", "ReviewViewer",
           "SecondOpinionDialog", "open_external"]
