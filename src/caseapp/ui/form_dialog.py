"""Base for small form dialogs whose OK runs a service call on the job runner, with a busy bar and a red error."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget,
)

from caseapp.i18n import _
from caseapp.ui.jobs import JobRunner
from caseapp.ui.messages import user_message
from caseapp.ui.widgets import ErrorLabel


class FormDialog(QDialog):
    """Subclasses fill ``self.form`` and implement ``submit()``, which usually calls ``self.run(...)``."""

    def __init__(self, title: str, ok_text: str, jobs: JobRunner, parent: QWidget | None = None,
                 intro: str = ""):
        super().__init__(parent)
        self.jobs = jobs
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.setContentsMargins(20, 18, 20, 16)
        if intro:
            label = QLabel(intro, objectName="SectionHint")
            label.setWordWrap(True)
            layout.addWidget(label)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(10)
        layout.addLayout(self.form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.hide()
        layout.addWidget(self.busy)
        self.buttons = QDialogButtonBox()
        self.ok_button: QPushButton = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("primary", True)
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(_("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.result_value: Any = None

    def submit(self) -> None:
        raise NotImplementedError

    def set_ok_enabled(self, enabled: bool) -> None:
        self.ok_button.setEnabled(enabled and not self.jobs.busy)

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Run ``fn`` off the GUI thread; on success keep its result and accept, on failure show the message."""
        self.error.clear_message()
        self._set_busy(True)
        self.jobs.start(fn, *args, on_success=self._succeeded, on_error=self._failed, **kwargs)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for button in (self.ok_button, self.cancel_button):
            button.setEnabled(not busy)

    def _succeeded(self, result: Any) -> None:
        self._set_busy(False)
        self.result_value = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.error.show_message(user_message(exc))

    def reject(self) -> None:
        if self.jobs.busy:
            return
        super().reject()
