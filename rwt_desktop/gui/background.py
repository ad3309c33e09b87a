"""Background work for the window: one pool, one way in, and a switch for tests.

Everything the window does off the UI thread starts through :meth:`BackgroundRunner.start`.
With ``synchronous=True`` the job runs inline and its callback is called before ``start``
returns, which is what most tests want; teardown calls :meth:`drain` so no job outlives the
window.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Job(QRunnable):
    def __init__(self, runner: BackgroundRunner, token: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._runner = runner
        self._token = token
        self._fn = fn

    def run(self) -> None:  # on a pool thread
        try:
            result = self._fn()
        except Exception as exc:  # a failing check must not take the window down
            log.exception("background job failed")
            self._runner._failed.emit(self._token, f"{type(exc).__name__}: {exc}")
        else:
            # The runner lives on the UI thread, so this signal is queued to it.
            self._runner._finished.emit(self._token, result)


class BackgroundRunner(QObject):
    """Runs callables on a private thread pool and calls back on the UI thread."""

    _finished = Signal(int, object)
    _failed = Signal(int, str)
    #: A job raised; the text is for the status bar.
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False,
                 max_threads: int = 1) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._callbacks: dict[int, Callable[[Any], None]] = {}
        self._tokens = itertools.count(1)
        self._finished.connect(self._on_finished)
        self._failed.connect(self._on_failed)

    def start(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        """Run ``fn`` off the UI thread and pass its result to ``on_done`` on the UI thread."""
        token = next(self._tokens)
        self._callbacks[token] = on_done
        if self.synchronous:
            _Job(self, token, fn).run()
            # Signals to an object on this thread are direct, so on_done has run by now.
            return
        self._pool.start(_Job(self, token, fn))

    def pending(self) -> int:
        return len(self._callbacks)

    def drain(self, timeout_ms: int = 5000) -> bool:
        """Wait for running jobs and forget their callbacks (window teardown)."""
        done = self._pool.waitForDone(timeout_ms)
        self._callbacks.clear()
        return done

    @Slot(int, object)
    def _on_finished(self, token: int, result: Any) -> None:
        callback = self._callbacks.pop(token, None)
        if callback is not None:
            callback(result)

    @Slot(int, str)
    def _on_failed(self, token: int, message: str) -> None:
        self._callbacks.pop(token, None)
        self.failed.emit(message)
