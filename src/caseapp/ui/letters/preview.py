"""In-app preview of a letter with QtPdf (bytes in a QBuffer, never a file), with print and explicit save."""

from __future__ import annotations

from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from caseapp.domain.referral import LetterStatus
from caseapp.i18n import _
from caseapp.services import referrals
from caseapp.ui.letters import pdf_output
from caseapp.ui.messages import show_error, show_info
from caseapp.ui.widgets import primary_button


class PreviewDialog(QDialog):
    """Shows ``letter``; the PDF bytes live in memory only and are dropped when the dialog closes."""

    def __init__(self, session, letter, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.letter = session, letter
        self.setWindowTitle(_("Pratinjau surat rujukan"))
        self.resize(820, 900)
        self.pdf = pdf_output.MemoryPdf(referrals.render_letter(session, letter.id, purpose="preview"), self)
        self.view = QPdfView(self, objectName="letterPdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.pdf.document)
        if letter.status is LetterStatus.DRAF:
            status = _("DRAF — belum bernomor; nomor diberikan saat kepala UPTD menyetujui.")
        else:
            status = _("Nomor {number} · kode verifikasi {code}").format(number=letter.number, code=letter.display_code)
        self.status = QLabel(status, objectName="SectionHint")
        self.print_button = primary_button(_("&Cetak…"))
        self.print_button.setObjectName("previewPrintButton")
        self.save_button = QPushButton(_("&Simpan sebagai PDF…"), objectName="previewSaveButton")
        self.save_button.setToolTip(pdf_output.unencrypted_warning())
        close = QPushButton(_("&Tutup"), objectName="previewCloseButton")
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_as)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    def print_letter(self) -> None:
        try:
            pdf_output.print_letter(self, self.session, self.letter.id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)

    def save_as(self) -> None:
        try:
            path = pdf_output.save_letter_as(self, self.session, self.letter)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        if path is not None:
            show_info(self, _("Simpan sebagai PDF"), _("Disimpan ke {path}. Berkas ini TIDAK terenkripsi.").format(path=path))

    def done(self, result: int) -> None:
        self.view.setDocument(None)
        self.pdf.close()
        super().done(result)
