"""The main window's part in the policy's workflow: reading the policy, one's own account,
and second opinions (asking, and loading the reply).

What to record and what to say is the application layer's (:mod:`rwt_desktop.app.review`,
:mod:`rwt_desktop.app.confirmation`); this mixin opens the dialogs and shows the answers.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog

from rwt_desktop.app import review as workflow
from rwt_desktop.app.confirmation import (
    person,
    policy_ack_record,
    review_reply_record,
    review_request_record,
)
from rwt_desktop.app.policy_text import policy_text
from rwt_desktop.core.findings import Severity
from rwt_desktop.gui import review as review_gui
from rwt_desktop.gui.copyguard import unselectable
from rwt_desktop.gui.dialogs import Banner, local_time
from rwt_desktop.gui.policy_ack import PolicyAckDialog
from rwt_desktop.storage.record import Confirmation, texts_sha256
from rwt_desktop.storage.review import (
    ReviewFileError,
    ReviewReply,
    ReviewRequest,
    mailto_url,
    read_review_reply,
    write_review_request,
)
from rwt_desktop.storage.settings import Settings

if TYPE_CHECKING:
    from rwt_desktop.gui.window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class WorkflowMixin(_Base):
    """The policy's workflow for :class:`~rwt_desktop.gui.window.MainWindow`."""

    _policy_ack_dialog: PolicyAckDialog | None = None
    _review_request: tuple[ReviewRequest, Path] | None = None
    review_reply: ReviewReply | None = None

    def _record(self, confirmation: Confirmation) -> bool:
        try:
            self.record.add(confirmation)
        except Exception as exc:  # the record is evidence, not a reason to lose the work
            self.show_problem(f"Could not write to the confirmation record: {exc}")
            return False
        return True

    def _save_settings(self, settings: Settings) -> None:
        try:
            self.settings_store.save(settings)
        except OSError as exc:
            self.show_problem(f"Could not save the settings: {exc.strerror or exc}")
        self.settings = settings

    # ---------------------------------------------------------- acknowledging the policy

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self._ask_policy_ack:
                QTimer.singleShot(0, self.check_policy_acknowledged)

    def policy_needs_acknowledgement(self) -> bool:
        return self.policy is not None and workflow.needs_acknowledgement(self.settings,
                                                                          self.policy)

    def check_policy_acknowledged(self) -> PolicyAckDialog | None:
        """Ask the person to read and confirm the policy if this version is new to them."""
        if self._closed or not self.policy_needs_acknowledgement():
            return None  # (before the policy is ready: asked again once it is)
        return self.show_policy_clauses()

    def show_policy_clauses(self) -> PolicyAckDialog | None:
        """The policy section by section; with the confirmation when this version is new."""
        policy = self.policy
        if policy is None:
            return None
        if self._policy_ack_dialog is not None:
            self._policy_ack_dialog.close()
        needed = self.policy_needs_acknowledgement()
        status = ""
        if not needed:
            try:
                last = workflow.last_acknowledgement(self.record.list(), policy.version)
            except Exception:  # the record is evidence, not a reason not to show the policy
                last = None
            status = workflow.acknowledged_status(last, local_time(last.when) if last else "")
        dialog = PolicyAckDialog(
            policy_text(policy), policy.admins, {ch.id: ch.name for ch in policy.channels},
            acknowledge=needed, name=self.settings.user_name,
            organisation=workflow.organisation(policy), status=status, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.acknowledged.connect(self.acknowledge_policy)
        dialog.rejected.connect(self._policy_ack_postponed)
        dialog.destroyed.connect(lambda *_: setattr(self, "_policy_ack_dialog", None))
        self._policy_ack_dialog = dialog
        dialog.open()  # window-modal but not a nested event loop
        return dialog

    def acknowledge_policy(self, name: str) -> None:
        """Record that ``name`` has read this version of the policy."""
        policy = self.policy
        if policy is None:
            return
        self._record(policy_ack_record(policy, name, policy_text(policy)))
        self._save_settings(replace(self.settings, policy_acknowledged_version=policy.version,
                                    user_name=self.settings.user_name or name))
        for banner in self.findChildren(Banner, "policyAckBanner"):
            banner.dismiss()
        self.statusBar().showMessage(f"Thank you, {name}: your reading of the policy is "
                                     "recorded.", 8000)

    def _policy_ack_postponed(self) -> None:
        if self._closed or not self.policy_needs_acknowledgement() \
                or self.findChildren(Banner, "policyAckBanner"):
            return
        self.banners.addWidget(Banner(
            workflow.POLICY_NOT_YET_READ, Severity.WARN,
            [("Read the polic&y", self.show_policy_clauses)], self, name="policyAckBanner"))

    # ---------------------------------------------------------- own account

    def set_personal_account(self, on: bool) -> None:
        """Posting from one's own account: check for speaking for the organisation, and keep
        the choice."""
        if self.personal_account_box.isChecked() != on:
            self.personal_account_box.setChecked(on)  # calls back here
            return
        if bool(self.settings.personal_account) == on:
            return
        self._save_settings(replace(self.settings, personal_account=on))
        self._void_confirmation("What is checked changed after the read-back.")
        self.checks.live.set_options(self.post.check_options())
        if self.policy is not None:
            self.statusBar().showMessage(workflow.own_account_message(self.policy, on), 8000)

    # ---------------------------------------------------------- a second opinion

    def review_images(self) -> list[dict[str, object]]:
        """The post's pictures for a review request (file name, credit, alt text...)."""
        from rwt_desktop.app.pictures import review_images

        return review_images(self.images.names(), self.images.attachments())

    def _review_folder(self) -> Path:
        """Documents if it exists, else the nearest folder that does (home at worst)."""
        from PySide6.QtCore import QStandardPaths

        docs = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return review_gui.existing_folder(Path(docs or Path.home()))

    def ask_second_opinion(self) -> Path | None:
        """Save a review request and open an email draft to the reviewers.

        Open to anyone at any time, even when something blocks the post: asking is exactly
        what the policy wants when someone is unsure.
        """
        from rwt_desktop.storage.database import utc_now

        policy = self.policy
        report = self._fresh_report()
        if policy is None or report is None:
            return None
        channels = self.post.channels or tuple(ch.id for ch in policy.channels[:1])
        reviewers = workflow.reviewers_of(policy)
        stamp = utc_now().astimezone().strftime("%Y%m%d-%H%M")
        default = self._review_folder() / f"{policy.short_name.lower() or 'post'}-review-" \
                                          f"{stamp}.rwtreview"
        note, problem = "", ""
        while True:  # until it is saved or the person cancels; the question is never lost
            answer = review_gui.SecondOpinionDialog.ask(
                self, reviewers, default, blocked=report.blocked, note=note, problem=problem,
                policy_says=workflow.unsure_clause(policy_text(policy)),
                who_else=workflow.staff_or_chair(policy))
            if answer is None:
                return None
            note, path = answer
            request = workflow.new_review_request(
                author=person(self.settings.user_name), policy=policy, channels=channels,
                texts=self.post.final_texts(channels),
                findings=(f.to_dict() for f in self.checks.visible(report.findings)),
                images=self.review_images(),
                personal_account=bool(self.settings.personal_account), note=note)
            try:
                saved = write_review_request(path, request)
                break
            except OSError as exc:  # ask again, with the question and where it failed
                problem = (f"Could not save the review request as {path}: "
                           f"{exc.strerror or exc}. Please choose another place (Browse…).")
                default = review_gui.existing_folder(path) / (path.name or default.name)
        self._review_request = (request, saved)
        self._record(review_request_record(
            request, workflow.who_to_ask(reviewers, policy, joiner=", ")))
        opened = review_gui.open_external(QUrl(mailto_url(request, saved.name)))
        text = workflow.request_saved_message(saved, workflow.who_to_ask(reviewers, policy),
                                              email_opened=opened)
        self.banners.addWidget(Banner(text, Severity.INFO,
                                      [("&Load reply…", lambda: self.load_review_reply())],
                                      self, name="reviewRequestBanner"))
        self.statusBar().showMessage(f"Review request saved as {saved.name}.", 8000)
        return saved

    def ask_review_file(self, title: str, file_filter: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, title, str(self._review_folder()),
                                              file_filter)
        return path

    def open_review(self, path: Path | str | None = None) -> review_gui.ReviewViewer | None:
        """Open someone's review request read-only, to reply to it."""
        if path is None:
            path = self.ask_review_file("Open a review request", review_gui.REVIEW_FILTER)
            if not path:
                return None
        try:
            viewer = review_gui.ReviewViewer.open_file(Path(path), self.settings.user_name, self)
        except (ReviewFileError, OSError) as exc:
            reason = exc if isinstance(exc, ReviewFileError) else (exc.strerror or exc)
            self.show_problem(f"Could not open the review request {Path(path).name}: {reason}")
            return None
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer

    def load_review_reply(self, path: Path | str | None = None) -> ReviewReply | None:
        """Show a reviewer's reply in the window and keep it in the record with the post."""
        if path is None:
            path = self.ask_review_file("Load a review reply", review_gui.REPLY_FILTER)
            if not path:
                return None
        path = Path(path)
        try:
            reply = read_review_reply(path)
        except (ReviewFileError, OSError) as exc:
            reason = exc if isinstance(exc, ReviewFileError) else (exc.strerror or exc)
            self.show_problem(f"Could not load the reply {path.name}: {reason}")
            return None
        sent = self._review_request[0] if self._review_request else None
        request = workflow.find_request(reply, path, sent)
        channels = tuple(request.channels) if request else self.post.channels
        texts = dict(request.texts) if request else self.post.final_texts(channels)
        same_post = texts_sha256(self.post.final_texts(channels)) == reply.text_sha256
        asked = (f"Asked by {request.author} on {local_time(request.created)}"
                 if request else "The request file was not found beside the reply")
        self._record(review_reply_record(reply, request, channels, texts, asked,
                                         self.policy.version if self.policy else ""))
        self.review_reply = reply
        for name in ("reviewRequestBanner", "reviewReplyBanner"):
            for banner in self.findChildren(Banner, name):
                banner.dismiss()
        severity = Severity.INFO if reply.approved and same_post else Severity.WARN
        banner = Banner(workflow.reply_message(reply, same_post=same_post), severity,
                        parent=self, name="reviewReplyBanner")
        unselectable(banner.label)  # the reviewer's comment can quote the post
        self.banners.addWidget(banner)
        self.statusBar().showMessage(f"Reply from {reply.reviewer} loaded and recorded.", 8000)
        return reply
