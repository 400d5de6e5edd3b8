"""In-app preview of a PDF held in memory (QtPdf over a QBuffer, never a file), with print and explicit save.

Used for referral letters (``ui.letters.preview``) and the resume kasus (``ui.letters.case_summary_dialog``). The
caller supplies what printing and saving do, so each can render a fresh, audited copy for its purpose.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from caseapp.i18n import _
from caseapp.ui.letters.pdf_output import unencrypted_warning
from caseapp.ui.messages import show_error, show_info
from caseapp.ui.pdf_print import MemoryPdf
from caseapp.ui.widgets import primary_button


class PdfPreviewDialog(QDialog):
    """Shows ``data``; the bytes live in memory only and are dropped when the dialog closes.

    ``print_pdf(parent)`` prints (True when pages were sent); ``save_pdf(parent)`` asks, warns, writes and returns
    the path written, or None when the officer stopped.
    """

    def __init__(self, data: bytes, *, title: str, status: str, print_pdf: Callable[[QWidget], bool],
                 save_pdf: Callable[[QWidget], Path | None], parent: QWidget | None = None,
                 view_name: str = "pdfView"):
        super().__init__(parent)
        self._print_pdf, self._save_pdf = print_pdf, save_pdf
        self.setWindowTitle(title)
        self.resize(820, 900)  # screen_fit makes it no larger than the screen
        self.pdf = MemoryPdf(data, self)
        self.view = QPdfView(self, objectName=view_name)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.pdf.document)
        self.status = QLabel(status, objectName="SectionHint")
        self.status.setWordWrap(True)
        self.print_button = primary_button(_("&Cetak…"))
        self.print_button.setObjectName("previewPrintButton")
        self.save_button = QPushButton(_("&Simpan sebagai PDF…"), objectName="previewSaveButton")
        self.save_button.setToolTip(unencrypted_warning())
        self.close_button = QPushButton(_("&Tutup"), objectName="previewCloseButton")
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    def print_document(self) -> None:
        try:
            self._print_pdf(self)
        except Exception as exc:  # noqa: BLE001 - generic text; details may hold case data
            show_error(self, exc)

    def save_as(self) -> None:
        try:
            path = self._save_pdf(self)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        if path is not None:
            show_info(self, _("Simpan sebagai PDF"), _("Disimpan ke {path}. Berkas ini TIDAK terenkripsi.").format(path=path))

    def done(self, result: int) -> None:
        self.view.setDocument(None)
        self.pdf.close()
        super().done(result)
