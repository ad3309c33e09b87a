"""The main window's drafts: saving as you type, and offering back what was not finished.

The saving itself is :class:`~rwt_desktop.app.post.DraftKeeper`'s; this mixin shows what
it says (a banner that stays while saves fail, a question before closing) and offers back,
at start-up, a draft that was not closed properly and any fallback file an earlier run left
when its saves failed (:mod:`rwt_desktop.app.fallback`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from rwt_desktop.app import APP_NAME
from rwt_desktop.app.fallback import FallbackDraft, discard_fallback, find_fallback_drafts
from rwt_desktop.app.post import DraftKeeper
from rwt_desktop.core.findings import Severity
from rwt_desktop.gui.copyguard import unselectable
from rwt_desktop.gui.dialogs import Banner, DraftsDialog, local_time
from rwt_desktop.storage.database import StorageError

if TYPE_CHECKING:
    from rwt_desktop.gui.window import MainWindow

    _Base = MainWindow
else:
    _Base = object


def _first_words(text: str) -> str:
    return " ".join(text.split())[:60]


class DraftsMixin(_Base):
    """Drafts for :class:`~rwt_desktop.gui.window.MainWindow`."""

    draft_keeper: DraftKeeper
    _save_banner: Banner | None = None

    @property
    def _draft_id(self) -> int | None:
        return self.draft_keeper.draft_id

    @property
    def draft_unsaved(self) -> bool:
        """Whether the last save of the text in the window failed."""
        return self.draft_keeper.problem is not None

    def save_draft(self) -> bool:
        """Save the text if it changed. False when it could not be saved: the words stay in
        the window, a copy goes to a fallback file, and a banner stays until a save works."""
        keeper = self.draft_keeper
        had_problem = keeper.problem is not None
        return self._show_saved(keeper.save(self.composer.toPlainText(), self.post.channels),
                                had_problem)

    def _show_saved(self, saved: bool, had_problem: bool) -> bool:
        """Say what a save did: a banner while saves fail, a word when they work again."""
        problem = self.draft_keeper.problem
        if not saved and problem is not None:
            message = problem.banner_text()
            if self._save_banner is None:
                self._save_banner = Banner(message, Severity.WARN, parent=self,
                                           name="saveProblemBanner", closable=False)
                self.banners.addWidget(self._save_banner)
            else:
                self._save_banner.label.setText(message)
            self.statusBar().showMessage("Your draft could not be saved.", 5000)
        elif saved and had_problem and problem is None:
            if self._save_banner is not None:
                self._save_banner.dismiss()
                self._save_banner = None
            self.statusBar().showMessage("Your draft is saved again.", 5000)
        return saved

    def ask_close_unsaved(self) -> bool:
        """True to close although the draft could not be saved (a seam the tests patch)."""
        problem = self.draft_keeper.problem
        box = QMessageBox(QMessageBox.Icon.Warning, "Your draft is not saved",
                          problem.closing_question() if problem else "",
                          QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        keep = box.addButton("&Keep the window open", QMessageBox.ButtonRole.RejectRole)
        close = box.addButton("&Close anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is close

    # ------------------------------------------------------------------ offered back

    def offer_unfinished_drafts(self) -> None:
        """At start-up: a draft not closed properly, and words an earlier run could only
        keep in a fallback file."""
        try:
            draft = self.drafts.unsaved()
        except Exception as exc:
            self.show_problem(f"Could not read the drafts: {exc}")
            draft = None
        if draft is not None:
            banner = Banner(
                f"A post you were writing was not closed properly (last saved "
                f"{local_time(draft.updated)}): “{_first_words(draft.text)}…”. Restore it?",
                Severity.WARN,
                [("Re&store", lambda: self.load_draft(draft.id)),
                 ("Dismiss", lambda: self.drafts.close_cleanly(draft.id))],
                self, name="restoreBanner")
            unselectable(banner.label)  # it quotes the draft
            self.restore_banner = banner
            self.banners.addWidget(banner)
        for found in find_fallback_drafts(self.dirs.data):
            self._offer_fallback(found)

    def _offer_fallback(self, found: FallbackDraft) -> Banner:
        banner = Banner(
            f"Words that could not be saved as a draft were kept in {found.path} (written "
            f"{local_time(found.written)}): “{_first_words(found.text)}…”. Restore them as "
            "a draft, or discard them?", Severity.WARN,
            [("Restore &them", lambda: self.restore_fallback(found)),
             ("Discard", lambda: self.discard_fallback(found))],
            self, name="fallbackBanner")
        unselectable(banner.label)  # it quotes the words
        self.banners.addWidget(banner)
        return banner

    def restore_fallback(self, found: FallbackDraft) -> bool:
        """Open the kept words as a new post; the file goes once they are saved as a draft."""
        if not self._finish_current_draft():
            return False  # the file stays, to be offered again
        self.checks.clear_dismissals()
        self.composer.setPlainText(found.text)
        self.draft_keeper.dirty = True
        if self.save_draft():
            discard_fallback(found.path)
        self.checks.check_now()
        self.statusBar().showMessage("The kept words are back in the window.", 6000)
        return True

    def discard_fallback(self, found: FallbackDraft) -> None:
        discard_fallback(found.path)
        self.statusBar().showMessage(f"Discarded the words kept in {found.path.name}.", 6000)

    # ------------------------------------------------------------------ opening and starting

    def load_draft(self, draft_id: int) -> None:
        if draft_id != self.draft_keeper.draft_id and self.drafts.owned_elsewhere(draft_id):
            self.show_problem(f"That draft is open in another copy of {APP_NAME}. Please "
                              "carry on with it there, or close that copy first.")
            return
        if not self._finish_current_draft():
            return
        draft = self.drafts.load(draft_id)
        self.checks.clear_dismissals()
        self.composer.setPlainText(draft.text)
        self.images.clear()  # drafts keep the words only
        if self.policy is None:  # the policy chooses among them once it is ready
            self.post.channels = tuple(draft.channels)
        else:
            known = {ch.id for ch in self.policy.channels}
            self.channels_panel.set_chosen([c for c in draft.channels if c in known])
        self.draft_keeper.opened(draft.id, draft.text, draft.channels)
        self.checks.check_now()
        self.statusBar().showMessage("Draft opened.", 4000)

    def _finish_current_draft(self) -> bool:
        """Save and close the current draft; False (the text kept) if it could not be saved."""
        had_problem = self.draft_keeper.problem is not None
        if not self.draft_keeper.finish(self.composer.toPlainText(), self.post.channels):
            self._show_saved(False, had_problem)
            self.statusBar().showMessage(
                "Your draft could not be saved, so it is still here.", 8000)
            return False
        return True

    def new_post(self) -> None:
        if not self._finish_current_draft():
            return
        self.checks.clear_dismissals()
        self.composer.clear()
        self.images.clear()
        if self.policy is None:
            self.post.channels = tuple(self.settings.channels)
        else:
            self.channels_panel.set_chosen(
                self.policy.chosen_or_default(self.settings.channels))
        self.draft_keeper.dirty = False
        self.composer.setFocus()
        self.checks.check_now()

    def open_drafts(self) -> None:
        self.save_draft()
        try:
            drafts = self.drafts.list()
        except StorageError as exc:
            self.show_problem(f"Could not read the drafts: {exc}")
            return
        dialog = DraftsDialog(drafts, self.drafts.delete, self)
        if dialog.exec() and dialog.chosen is not None:
            self.load_draft(dialog.chosen)
