"""A small job runner: a service call on a worker thread, reporting progress, result and errors by signals."""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

PROGRESS_INTERVAL = 0.1  # at most ~10 progress signals a second


class Cancelled(Exception):
    """Raised inside a job when its cancel token was set; the runner reports it as ``cancelled``."""


class CancelToken:
    """Shared between the GUI and a worker; services check it between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class JobSignals(QObject):
    progress = Signal(int, int, str)  # done, total, label
    succeeded = Signal(object)
    failed = Signal(object)  # the exception object; the UI decides what (if anything) to show
    cancelled = Signal()
    finished = Signal()


class Job(QRunnable):
    """Runs ``fn(*args, **kwargs)``; with ``reports_progress`` it also gets ``progress=`` and ``cancel=``."""

    def __init__(self, fn: Callable[..., Any], *args: Any, reports_progress: bool = False, **kwargs: Any):
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.reports_progress = reports_progress
        self.token = CancelToken()
        self.signals = JobSignals()
        self._last_progress = 0.0

    def cancel(self) -> None:
        self.token.cancel()

    def _progress(self, done: int, total: int, label: str = "") -> None:
        now = time.monotonic()
        if done < total and now - self._last_progress < PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self.signals.progress.emit(int(done), int(total), label)

    def run(self) -> None:
        try:
            kwargs = dict(self.kwargs)
            if self.reports_progress:
                kwargs.update(progress=self._progress, cancel=self.token)
            result = self.fn(*self.args, **kwargs)
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never printed
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


class JobRunner(QObject):
    """Starts jobs on its own thread pool, one at a time, and tells the window when it is busy."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one writing job at a time
        self._running: list[Job] = []

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def start(self, fn: Callable[..., Any], *args: Any,
              on_success: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None,
              on_progress: Callable[[int, int, str], None] | None = None,
              on_cancelled: Callable[[], None] | None = None,
              reports_progress: bool = False, **kwargs: Any) -> Job:
        job = Job(fn, *args, reports_progress=reports_progress, **kwargs)
        # Callbacks go through a QObject living in this (GUI) thread, so Qt queues them here.
        relay = _Relay(self, job, on_success, on_error, on_progress, on_cancelled)
        job.signals.succeeded.connect(relay.succeeded)
        job.signals.failed.connect(relay.failed)
        job.signals.progress.connect(relay.progress)
        job.signals.cancelled.connect(relay.cancelled)
        job.signals.finished.connect(relay.finished)
        self._running.append(job)
        if len(self._running) == 1:
            self.busyChanged.emit(True)
        self.pool.start(job)
        return job

    def _done(self, job: Job) -> None:
        if job in self._running:
            self._running.remove(job)
            if not self._running:
                self.busyChanged.emit(False)

    def cancel_all(self) -> None:
        for job in list(self._running):
            job.cancel()

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)


class _Relay(QObject):
    """Receives one job's signals in the GUI thread and calls the caller's callbacks there."""

    def __init__(self, runner: JobRunner, job: Job, on_success, on_error, on_progress, on_cancelled):
        super().__init__(runner)
        self.runner, self.job = runner, job
        self.on_success, self.on_error = on_success, on_error
        self.on_progress, self.on_cancelled = on_progress, on_cancelled

    # The job is over once its outcome is here: the runner stops being busy before the caller's callback runs, so
    # the window that callback shows is never left believing a job still runs (``finished`` arrives as a separate
    # event from the worker thread, possibly after the user already acted on the new window).
    @Slot(object)
    def succeeded(self, result: Any) -> None:
        self.runner._done(self.job)
        if self.on_success:
            self.on_success(result)

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        self.runner._done(self.job)
        if self.on_error:
            self.on_error(exc)

    @Slot(int, int, str)
    def progress(self, done: int, total: int, label: str) -> None:
        if self.on_progress:
            self.on_progress(done, total, label)

    @Slot()
    def cancelled(self) -> None:
        self.runner._done(self.job)
        if self.on_cancelled:
            self.on_cancelled()

    @Slot()
    def finished(self) -> None:
        self.runner._done(self.job)
        self.deleteLater()
