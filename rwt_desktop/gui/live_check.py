"""Checks the post a moment after the person stops typing, on the background runner.

An edit restarts a single-shot timer; when it fires one job checks a snapshot of the text.
Each job carries an id and the edit revision it was taken at, and a result is dropped unless
both still match, so a slow check can never paint underlines on text that has moved on.

We count edits ourselves from ``contentsChange``: ``QTextDocument.revision()`` also moves
when the highlighter repaints, and ``textChanged`` fires on every ``rehighlight()``, so
either would make checks trigger themselves.

The checker may arrive after the document (it is built off the UI thread at start-up): until
then edits are counted but not checked, and :meth:`LiveCheck.set_checker` checks the text as
it is then, so nothing typed meanwhile goes unchecked.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextDocument

from rwt_desktop.core.findings import Report
from rwt_desktop.gui.background import BackgroundRunner
from rwt_desktop.gui.positions import PositionMap

if TYPE_CHECKING:  # the checker's modules load on the worker thread that builds it
    from rwt_desktop.core.checker import Checker

CHECK_DELAY_MS = 300


@dataclass(frozen=True)
class CheckResult:
    """One finished check, with what is needed to place it in the document."""

    job_id: int
    revision: int
    text: str
    report: Report
    positions: PositionMap


class LiveCheck(QObject):
    """Owns the pause timer and the job bookkeeping for one document."""

    #: A fresh :class:`CheckResult` for the text now in the document.
    resultReady = Signal(object)
    #: The text changed; earlier results no longer match it exactly.
    edited = Signal()
    #: A check of (text, revision) has just started (spelling and grammar follow it).
    checkStarted = Signal(str, int)

    def __init__(self, document: QTextDocument, checker: Checker | None,
                 runner: BackgroundRunner, channels: Sequence[str] = (),
                 delay_ms: int = CHECK_DELAY_MS, parent: QObject | None = None, *,
                 options: Mapping[str, object] | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._checker = checker
        self._runner = runner
        self._channels: tuple[str, ...] = tuple(channels)
        self._options: dict[str, object] = dict(options or {})
        self._attachments: tuple[object, ...] = ()
        self._jobs = itertools.count(1)
        self._latest_job = 0
        self.revision = 0
        self.last_result: CheckResult | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.check_now)
        document.contentsChange.connect(self._on_contents_change)

    # ------------------------------------------------------------------ settings

    @property
    def checker(self) -> Checker | None:
        return self._checker

    def set_checker(self, checker: Checker, channels: Sequence[str] | None = None) -> None:
        """Check with ``checker`` (and for ``channels``, if given) from now on."""
        self._checker = checker
        if channels is not None:
            self._channels = tuple(channels)
        self.check_now()

    @property
    def channels(self) -> tuple[str, ...]:
        return self._channels

    def set_channels(self, channels: Sequence[str]) -> None:
        if tuple(channels) != self._channels:
            self._channels = tuple(channels)
            self.check_now()

    @property
    def options(self) -> dict[str, object]:
        """Check options, e.g. {"personal_account": True}; a copy goes with each job."""
        return dict(self._options)

    def set_options(self, options: Mapping[str, object]) -> None:
        if dict(options) != self._options:
            self._options = dict(options)
            self.last_result = None  # it was checked under the old options
            self.check_now()

    @property
    def attachments(self) -> tuple[object, ...]:
        """The post's pictures (``core.images.ImageAttachment``), checked with the text."""
        return self._attachments

    def set_attachments(self, attachments: Sequence[object]) -> None:
        if tuple(attachments) != self._attachments:
            self._attachments = tuple(attachments)
            self.last_result = None  # it was checked with the old pictures
            self.check_now()

    # ------------------------------------------------------------------ checking

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if not (removed or added):
            return
        self.revision += 1
        self.edited.emit()
        self._timer.start()

    def is_current(self, result: CheckResult | None) -> bool:
        return result is not None and result.revision == self.revision

    def check_now(self) -> None:
        """Check the text as it is now (the timer calls this; so can tests and actions)."""
        self._timer.stop()
        checker = self._checker
        if checker is None:
            return  # set_checker checks the text when the checker is ready
        job_id = next(self._jobs)
        self._latest_job = job_id
        revision = self.revision
        text = self._document.toPlainText()
        channels = list(self._channels)
        options = dict(self._options)
        attachments = self._attachments

        def job() -> CheckResult:
            report = checker.check(text, channels=channels, options=options,
                                   attachments=attachments)
            return CheckResult(job_id, revision, text, report, PositionMap(text))

        self.checkStarted.emit(text, revision)
        self._runner.start(job, self._accept)

    def _accept(self, result: CheckResult) -> None:
        if result.job_id != self._latest_job or result.revision != self.revision:
            return  # stale: a newer job is on its way
        self.last_result = result
        self.resultReady.emit(result)
