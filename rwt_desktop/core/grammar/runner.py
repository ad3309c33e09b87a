"""Runs one engine's checks on its own worker thread, newest text first, stale results dropped.

The window calls :meth:`GrammarRunner.submit` after a typing pause with the text and the
edit revision it was taken at, and :meth:`GrammarRunner.mark_edited` whenever the text
changes. One check runs at a time; while it runs, only the newest waiting request is kept
(older ones are skipped, never run); and a result is delivered only if no newer request or
edit has come since, so a slow check can never paint underlines on text that has moved on.
A result the public service asked us to delay (its rate limit) is retried by itself unless
something newer arrives first.

The callback is called on the runner's thread: a Qt window hands it on with a queued
signal. Pure Python, no Qt.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from rwt_desktop.core.grammar.base import GrammarEngine, GrammarResult

log = logging.getLogger(__name__)

ResultCallback = Callable[[GrammarResult], None]


@dataclass(frozen=True, slots=True)
class _Job:
    job_id: int
    revision: int
    text: str
    callback: ResultCallback
    not_before: float = 0.0


class GrammarRunner:
    """One worker thread for one engine (an engine's own lock also keeps its checks single)."""

    def __init__(self, engine: GrammarEngine, *, delay: float = 0.0) -> None:
        """``delay``: seconds of quiet after the last submit before checking (0 when the
        caller already waits for a typing pause, as the window does)."""
        self.engine = engine
        self.delay = delay
        self._cond = threading.Condition()
        self._pending: _Job | None = None
        self._latest_job = 0
        self._latest_revision = -1
        self._ids = itertools.count(1)
        self._closed = False
        self._busy = False
        self._thread: threading.Thread | None = None
        #: How many results were dropped as stale (for tests and the benchmark).
        self.dropped = 0

    # ------------------------------------------------------------------ the caller's side

    def submit(self, text: str, revision: int, callback: ResultCallback) -> int:
        """Queue a check of ``text`` (taken at edit ``revision``); returns the job id.

        Replaces any request still waiting. Never blocks.
        """
        with self._cond:
            job_id = next(self._ids)
            self._latest_job = job_id
            self._latest_revision = max(self._latest_revision, revision)
            self._pending = _Job(job_id, revision, text, callback,
                                 time.monotonic() + self.delay)
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(target=self._loop, daemon=True,
                                                name=f"grammar-{self.engine.name}")
                self._thread.start()
            self._cond.notify_all()
        return job_id

    def mark_edited(self, revision: int) -> None:
        """The text changed: results for revisions before ``revision`` are stale."""
        with self._cond:
            self._latest_revision = max(self._latest_revision, revision)
            if self._pending is not None and self._pending.revision < revision:
                self._pending = None
            self._cond.notify_all()

    def is_current(self, result: GrammarResult) -> bool:
        """Whether ``result`` still matches the newest request and edit."""
        with self._cond:
            return (result.job_id == self._latest_job
                    and result.revision >= self._latest_revision)

    @property
    def idle(self) -> bool:
        with self._cond:
            return self._pending is None and not self._busy

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until nothing runs or waits (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending is not None or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))
        return True

    def close(self, timeout: float = 2.0) -> None:
        """Stop taking work and let the thread finish (the engine is the caller's to close)."""
        with self._cond:
            self._closed = True
            self._pending = None
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    # ------------------------------------------------------------------ the worker

    def _next_job(self) -> _Job | None:
        with self._cond:
            while not self._closed:
                job = self._pending
                if job is None:
                    self._cond.wait()
                    continue
                wait = job.not_before - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                self._pending = None
                self._busy = True
                return job
            return None

    def _loop(self) -> None:
        while True:
            job = self._next_job()
            if job is None:
                return
            try:
                result = self.engine.check(job.text)  # never raises, but be safe
            except Exception:
                log.exception("grammar check failed")
                result = GrammarResult(job.text, (), self.engine.state, checked=False)
            result = replace(result, job_id=job.job_id, revision=job.revision)
            deliver = False
            with self._cond:
                self._busy = False
                current = (job.job_id == self._latest_job
                           and job.revision >= self._latest_revision and not self._closed)
                if current and result.retry_after and self._pending is None:
                    # Rate-limited: try the same text again later unless something newer comes.
                    self._pending = replace(job, not_before=time.monotonic()
                                            + result.retry_after)
                if current:
                    deliver = True
                else:
                    self.dropped += 1
                self._cond.notify_all()
            if deliver:
                try:
                    job.callback(result)
                except Exception:
                    log.exception("grammar result callback failed")
