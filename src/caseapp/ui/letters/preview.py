"""In-app preview of a letter with QtPdf (bytes in a QBuffer, never a file), with print and explicit save."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from caseapp.domain.referral import LetterStatus
from caseapp.i18n import _
from caseapp.services import referrals
from caseapp.ui.letters import pdf_output
from caseapp.ui.pdf_preview import PdfPreviewDialog


class PreviewDialog(PdfPreviewDialog):
    """Shows ``letter``; the PDF bytes live in memory only and are dropped when the dialog closes."""

    def __init__(self, session, letter, parent: QWidget | None = None):
        if letter.status is LetterStatus.DRAF:
            status = _("DRAF — belum bernomor; nomor diberikan saat kepala UPTD menyetujui.")
        else:
            status = _("Nomor {number} · kode verifikasi {code}").format(number=letter.number, code=letter.display_code)
        super().__init__(referrals.render_letter(session, letter.id, purpose="preview"),
                         title=_("Pratinjau surat rujukan"), status=status, parent=parent, view_name="letterPdfView",
                         print_pdf=lambda owner: pdf_output.print_letter(owner, session, letter.id),
                         save_pdf=lambda owner: pdf_output.save_letter_as(owner, session, letter))
        self.session, self.letter = session, letter

    def print_letter(self) -> None:
        self.print_document()
