"""A progress bar with a status line and a Cancel button, running one service job through the shell's JobRunner."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from caseapp.bundles.errors import BundleCancelled
from caseapp.i18n import _
from caseapp.ui.jobs import Job, JobRunner


class JobPanel(QWidget):
    """Hidden until a job starts; ``finished`` fires after the job's own callback ran."""

    finished = Signal()

    def __init__(self, jobs: JobRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.jobs = jobs
        self.job: Job | None = None
        self.status = QLabel(objectName="jobStatus")
        self.status.setWordWrap(True)
        self.bar = QProgressBar(objectName="jobProgress")
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.cancel_button = QPushButton(_("&Batalkan"), objectName="jobCancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.hide()

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self, label: str, fn: Callable[..., Any], *args: Any, on_success: Callable[[Any], None],
              on_error: Callable[[BaseException], None], on_cancelled: Callable[[], None], **kwargs: Any) -> None:
        """Run ``fn`` with ``progress=`` and ``cancel=``; a service's BundleCancelled counts as a cancel."""
        self.status.setText(label)
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(_("&Batalkan"))
        self.cancel_button.show()
        self.show()

        def failed(exc: BaseException) -> None:
            self._end()
            if isinstance(exc, BundleCancelled):
                on_cancelled()
            else:
                on_error(exc)

        def succeeded(result: Any) -> None:
            self.bar.setRange(0, 100)
            self.bar.setValue(100)
            self._end()
            on_success(result)

        def cancelled() -> None:
            self._end()
            on_cancelled()

        self.job = self.jobs.start(fn, *args, reports_progress=True, on_success=succeeded, on_error=failed,
                                   on_progress=self._progress, on_cancelled=cancelled, **kwargs)

    def _progress(self, done: int, total: int, _label: str = "") -> None:
        if total <= 0:
            self.bar.setRange(0, 0)  # busy indicator until the size is known
            return
        self.bar.setRange(0, 100)
        self.bar.setValue(max(0, min(100, done * 100 // total)))

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText(_("Membatalkan…"))

    def _end(self) -> None:
        self.job = None
        self.cancel_button.setEnabled(False)
        self.cancel_button.hide()
        self.finished.emit()

    def show_outcome(self, text: str) -> None:
        """Leave the bar where it stopped and say how the job ended."""
        self.status.setText(text)
        self.cancel_button.setText(_("&Batalkan"))
