"""Batch printing: letters rendered by ``letter_batch`` on a worker thread, with a progress bar and cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from caseapp.i18n import _
from caseapp.services import letter_batch
from caseapp.ui.jobs import JobRunner
from caseapp.ui.letters import pdf_output
from caseapp.ui.messages import user_message
from caseapp.ui.widgets import ErrorLabel, primary_button


class BatchPrintDialog(QDialog):
    """Prints ``letter_ids`` in one print job; nothing is written to disk."""

    def __init__(self, session, letter_ids: list[str], *, jobs: JobRunner | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.ids = session, list(letter_ids)
        self.jobs = jobs or JobRunner(self)
        self.job = None
        self.printer = None
        self.pages = 0
        self.outcome = ""  # "printed", "cancelled" or "failed"
        self.setWindowTitle(_("Cetak banyak surat"))
        self.resize(460, 180)
        self.label = QLabel(_("{n} surat akan dicetak.").format(n=len(self.ids)), objectName="batchLabel")
        self.progress = QProgressBar(objectName="batchProgress")
        self.progress.setRange(0, max(1, len(self.ids)))
        self.progress.setValue(0)
        self.error = ErrorLabel()
        self.start_button = primary_button(_("&Pilih printer dan cetak…"))
        self.start_button.setObjectName("batchStart")
        self.cancel_button = QPushButton(_("&Batal"), objectName="batchCancel")
        self.start_button.clicked.connect(lambda: self.start())
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addLayout(row)

    def start(self, printer=None) -> None:
        """Ask for a printer (unless given), then render off the GUI thread."""
        self.printer = printer or pdf_output.choose_printer(self, _("Cetak banyak surat"))
        if self.printer is None:
            return
        self.start_button.setEnabled(False)
        self.label.setText(_("Menyiapkan surat…"))
        self.job = self.jobs.start(letter_batch.render_letters, self.session, self.ids, reports_progress=True,
                                   on_success=self._rendered, on_error=self._failed, on_progress=self._progress,
                                   on_cancelled=self._cancelled)

    def _progress(self, done: int, total: int, _label: str = "") -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)
        self.label.setText(_("Menyiapkan surat {done} dari {total}…").format(done=done, total=total))

    def _rendered(self, results) -> None:
        self.label.setText(_("Mengirim ke printer…"))
        pdfs = [pdf_output.MemoryPdf(data, self) for _id, data in results]
        try:
            self.pages = pdf_output.paint_pages(pdfs, self.printer)
        finally:
            for pdf in pdfs:
                pdf.close()
        self.job, self.outcome = None, "printed"
        self.label.setText(_("{n} surat ({pages} halaman) dikirim ke printer.").format(n=len(results), pages=self.pages))
        self.cancel_button.setText(_("&Tutup"))

    def _failed(self, exc: BaseException) -> None:
        self.job, self.outcome = None, "failed"
        self.error.show_message(user_message(exc))
        self.start_button.setEnabled(True)

    def _cancelled(self) -> None:
        self.job, self.outcome = None, "cancelled"
        self.label.setText(_("Dibatalkan; tidak ada yang dicetak."))
        self.cancel_button.setText(_("&Tutup"))

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.label.setText(_("Membatalkan…"))
            return
        self.reject()
