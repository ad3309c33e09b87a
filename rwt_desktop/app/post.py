"""The post being composed: its channels, pictures, options, draft and confirmation.

The words themselves live in the editor; :class:`ComposedPost` is given a way to read them
and works out everything else the window needs to know about the post: the exact text each
channel gets, the options it is checked with, and whether the read-back confirmed this very
post. :class:`DraftKeeper` saves it as a draft and keeps the words safe when that fails.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rwt_desktop.app.confirmation import ConfirmationState, ConfirmedPost
from rwt_desktop.app.fallback import discard_fallback, write_fallback
from rwt_desktop.core.findings import Finding, Severity
from rwt_desktop.core.policy import Policy
from rwt_desktop.storage.database import StorageError
from rwt_desktop.storage.drafts import DraftStore
from rwt_desktop.storage.settings import Settings

#: What the window says until the checker is ready (it is built off the UI thread).
GETTING_READY = "Getting the checks ready…"


@dataclass
class ComposedPost:
    """What the window knows about the post apart from its words (read with ``text``)."""

    text: Callable[[], str]
    settings: Settings
    policy: Policy | None = None
    channels: tuple[str, ...] = ()
    attachments: tuple[object, ...] = ()
    confirmation: ConfirmationState = field(default_factory=ConfirmationState)

    def outgoing_text(self) -> str:
        """The post as it goes out: the words, then the pictures' credits (if any)."""
        from rwt_desktop.core.images import with_credits

        return with_credits(self.text(), list(self.attachments))  # type: ignore[arg-type]

    def final_texts(self, channels: Iterable[str] | None = None) -> dict[str, str]:
        """The exact text each channel will get."""
        text = self.outgoing_text()
        return {cid: text for cid in (self.channels if channels is None else channels)}

    def check_options(self) -> dict[str, object]:
        """Options for the checker from the person's switches."""
        return {"personal_account": bool(self.settings.personal_account)}

    def current_confirmation(self, revision: int) -> ConfirmedPost | None:
        return self.confirmation.current(revision, self.channels)

    def blocked(self, findings: Iterable[Finding]) -> bool:
        return any(f.severity is Severity.BLOCK for f in findings)

    def ready_text(self, revision: int, shown: Sequence[Finding]) -> str:
        """The line under the post saying what to do next."""
        if self.current_confirmation(revision) is not None:
            return ("✓ Read back and confirmed. Copy it for one channel at a time, or export "
                    "a post pack. Editing the post undoes this.")
        if self.policy is None:
            return GETTING_READY
        if self.blocked(shown):
            return "✗ Something must be fixed before this post can be copied or exported."
        return "Read the post back (Ctrl+Enter) before copying or exporting it."


@dataclass(frozen=True)
class SaveProblem:
    """Why the last save failed, and where the words were put meanwhile (None: nowhere)."""

    error: str
    fallback: Path | None

    def banner_text(self) -> str:
        where = (f"A copy is in {self.fallback}." if self.fallback
                 else "No copy could be written either, so please copy your words somewhere "
                      "safe before you close the program.")
        return (f"Your draft could not be saved ({self.error}). Your words are still here in "
                f"the window. {where} This notice goes once a save works; the program keeps "
                "trying every few seconds.")

    def closing_question(self) -> str:
        kept = (f"A copy of your words is in {self.fallback}." if self.fallback
                else "No copy of your words could be written either.")
        return (f"Your draft could not be saved ({self.error}). {kept}\n\nClose anyway? Copy "
                "your words somewhere safe first if you need them.")


def _reason(exc: Exception) -> str:
    return (exc.strerror if isinstance(exc, OSError) and exc.strerror
            else str(exc)) or type(exc).__name__


class DraftKeeper:
    """Saves the post as a draft when it changed, and never loses the words doing it."""

    def __init__(self, store: DraftStore, data_folder: Path) -> None:
        self.store = store
        self.data_folder = data_folder
        self.draft_id: int | None = None
        self.dirty = False
        self.problem: SaveProblem | None = None
        self.closed = False

    def save(self, text: str, channels: Sequence[str]) -> bool:
        """Save ``text`` if it changed. False when it could not be saved: a copy goes to a
        fallback file and :attr:`problem` says why until a save works."""
        if not self.dirty or self.closed:
            return True
        if self.draft_id is None and not text.strip():
            return True
        try:
            self.draft_id = self.store.save(text, list(channels), self.draft_id)
        except Exception as exc:  # a full disk or a locked file must not lose the words
            self.problem = SaveProblem(_reason(exc), write_fallback(self.data_folder, text))
            return False
        self.dirty = False
        if self.problem is not None and self.problem.fallback is not None:
            discard_fallback(self.problem.fallback)  # the database has the words now
        self.problem = None
        return True

    def finish(self, text: str, channels: Sequence[str]) -> bool:
        """Save and close the current draft; False (the words kept) if it could not be saved."""
        self.dirty = True
        if not self.save(text, channels):
            return False
        if self.draft_id is not None:
            # Saved; if it cannot be marked finished, it is offered for restore next time.
            with contextlib.suppress(StorageError):
                self.store.close_cleanly(self.draft_id)
            self.store.release(self.draft_id)
        self.draft_id = None
        return True

    def opened(self, draft_id: int, text: str, channels: Sequence[str]) -> None:
        """A saved draft is in the window now: claim it and mark it open again."""
        self.store.claim(draft_id)
        self.draft_id = draft_id
        self.dirty = False
        self.store.save(text, list(channels), draft_id)

    def close(self, text: str, channels: Sequence[str]) -> None:
        """Save and mark the draft closed cleanly (the window is closing)."""
        if self.closed:
            return
        try:
            self.dirty = True
            if self.save(text, channels) and self.draft_id is not None:
                self.store.close_cleanly(self.draft_id)
        except StorageError:
            pass  # saved but not marked finished: it is offered for restore next time
        finally:
            self.closed = True
