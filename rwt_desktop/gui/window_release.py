"""The only way out of the window: read the post back, confirm it, then copy or export it.

Everything that would publish the post (copy for a channel, export a post pack, copying the
whole post from the composer) goes through :meth:`ReleaseMixin.confirmed_post`, which opens
:class:`~rwt_desktop.gui.readback.ReadBackDialog` unless the person has confirmed this exact
text for these exact channels (:class:`~rwt_desktop.app.confirmation.ConfirmationState`);
each release is kept in the confirmation record
(:func:`~rwt_desktop.app.confirmation.release_record`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QPushButton

from rwt_desktop.app.confirmation import ConfirmedPost, person, release_record
from rwt_desktop.app.post import GETTING_READY
from rwt_desktop.app.readback import read_back_post
from rwt_desktop.core.findings import Report
from rwt_desktop.gui.copyguard import forget_unconfirmed
from rwt_desktop.gui.plain import plain_tip
from rwt_desktop.gui.readback import ReadBackDialog

if TYPE_CHECKING:
    from rwt_desktop.gui.window import MainWindow

    _Base = MainWindow
else:
    _Base = object



class ReleaseMixin(_Base):
    """The read-back, copying and exporting for :class:`~rwt_desktop.gui.window.MainWindow`."""

    def current_confirmation(self) -> ConfirmedPost | None:
        """The confirmed read-back, if it still matches the post and the channels."""
        return self.post.current_confirmation(self.checks.live.revision)

    def _fresh_report(self) -> Report | None:
        """A report for exactly the text now in the composer (None while getting ready)."""
        report = self.checks.fresh_report(self.post.channels, self.post.check_options(),
                                          self.post.attachments)
        if report is None:
            self.statusBar().showMessage(GETTING_READY, 4000)
        return report

    def read_back(self) -> ConfirmedPost | None:
        """Open the read-back; on confirmation, remember it for this exact text."""
        channels = self.post.channels
        if self.checker is None:  # still getting ready: open it as soon as the checks are
            self.read_back_when_ready = True
            self.statusBar().showMessage(
                "The checks are nearly ready: the read-back will open as soon as they are.")
            return None
        report = self._fresh_report()
        policy = self.policy
        if report is None or policy is None:
            return None
        texts = self.post.final_texts(channels)
        lengths = {cid: length for cid in channels
                   if (length := self.channels_panel.length(cid) or report.channels.get(cid))
                   is not None}
        post = read_back_post(policy, report, texts, self.checks.visible(report.findings),
                              lengths, self.post.attachments, self.ask_second_opinion)
        revision = self.checks.live.revision
        result = ReadBackDialog.ask(self, post)
        if result is None or revision != self.checks.live.revision:
            forget_unconfirmed([*texts.values(), self.composer.toPlainText()],
                               lambda t: t in self.post.confirmation.released)
            self.statusBar().showMessage("Not confirmed: nothing was copied or exported.", 5000)
            return None
        confirmed = self.post.confirmation.confirm(
            ConfirmedPost(revision, channels, texts, report, result))
        self._update_ready_bar()
        first = next(iter(self.copy_buttons.values()), None)
        if first is not None:
            first.setFocus()
        self.statusBar().showMessage("Read back and confirmed. Choose a channel to copy for, "
                                     "or export a post pack.", 8000)
        return confirmed

    def confirmed_post(self) -> ConfirmedPost | None:
        """The way out for copy and export: a valid confirmation, asking for one if needed."""
        return self.current_confirmation() or self.read_back()

    def _void_confirmation(self, why: str) -> None:
        if self.post.confirmation.void():
            self.statusBar().showMessage(f"{why} Please read it back again before copying.",
                                         8000)
            self._update_ready_bar()

    def _update_ready_bar(self) -> None:
        chosen = self.channels_panel.chosen()
        if list(self.copy_buttons) != chosen and self.policy is not None:
            for button in self.copy_buttons.values():
                self.copy_bar.removeWidget(button)
                button.deleteLater()
            self.copy_buttons = {}
            for cid in chosen:
                ch = self.policy.channel(cid)
                button = QPushButton(f"Copy for {ch.name}", self)
                button.setObjectName(f"copyButton_{cid}")
                button.setAccessibleName(f"Copy the confirmed post for {ch.name}")
                button.setToolTip(plain_tip(f"Copy the confirmed text for {ch.name} "
                                            f"({ch.handle})"))
                button.clicked.connect(lambda _=False, c=cid: self.copy_for(c))
                self.copy_bar.addWidget(button)
                self.copy_buttons[cid] = button
        confirmed = self.current_confirmation() is not None
        for button in self.copy_buttons.values():
            button.setVisible(confirmed)
        for cid, act in self.copy_actions.items():
            act.setEnabled(cid in chosen)
        self.ready_label.setText(self.post.ready_text(self.checks.live.revision,
                                                      self.checks.shown))

    def _record_release(self, confirmed: ConfirmedPost, action: str) -> None:
        self._record(release_record(confirmed, action, person(self.settings.user_name),
                                    self.policy.version if self.policy else ""))

    def copy_for(self, channel_id: str) -> bool:
        """Put the confirmed text for one channel on the clipboard (after the read-back)."""
        if channel_id not in self.post.channels or self.policy is None:
            self.statusBar().showMessage("Tick that channel first.", 5000)
            return False
        confirmed = self.confirmed_post()
        if confirmed is None or channel_id not in confirmed.texts:
            return False
        text = confirmed.texts[channel_id]
        self.post.confirmation.released.add(text)
        QGuiApplication.clipboard().setText(text)
        self._record_release(confirmed, f"copy:{channel_id}")
        name = self.policy.channel(channel_id).name
        self.statusBar().showMessage(f"Copied for {name}. Paste it into {name} now.", 8000)
        return True

    def ask_export_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Where should the post pack go?",
                                                str(Path.home()))

    def export_post_pack(self) -> Path | None:
        confirmed = self.confirmed_post()
        if confirmed is None or self.policy is None:
            return None
        folder = self.ask_export_folder()
        if not folder:
            return None
        from rwt_desktop.core.images import export_side
        from rwt_desktop.storage.postpack import write_post_pack

        confirmation = release_record(confirmed, f"export:{folder}",
                                      person(self.settings.user_name), self.policy.version)
        try:
            pack = write_post_pack(Path(folder), confirmed.texts, confirmed.report.to_dict(),
                                   confirmation, attachments=self.images.attachments(),
                                   max_side=export_side(
                                       [self.policy.channel(c) for c in confirmed.channels]))
        except OSError as exc:
            self.show_problem(f"Could not export to {folder}: {exc.strerror or exc}")
            return None
        self._record(confirmation)
        self.statusBar().showMessage(f"Post pack saved in {pack}", 10000)
        return pack

    def _copied_when_confirmed(self, text: str, verb: str) -> None:
        """More than a few words left by copy, cut or drag after the read-back: record it."""
        confirmed = self.current_confirmation()
        if confirmed is None:
            return
        self.post.confirmation.released.add(text)
        self._record_release(confirmed,
                             "drag:selection" if verb == "dragged" else "copy:selection")

