"""Letter PDFs: print from memory (via ``ui.pdf_print``) and the explicit, warned "save as PDF"."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from caseapp.i18n import _
from caseapp.services import referrals
from caseapp.ui.messages import confirm
from caseapp.ui.pdf_print import MemoryPdf, choose_printer, paint_pages  # noqa: F401  (re-exported for the letter screens)


def print_letter_to(printer: QPrinter, session, letter_id: str) -> int:
    """Render one letter (audited as printed) and paint it onto ``printer``; no file is written on the way."""
    pdf = MemoryPdf(referrals.render_letter(session, letter_id, purpose="print"))
    try:
        return paint_pages([pdf], printer)
    finally:
        pdf.close()


def print_letter(parent: QWidget | None, session, letter_id: str) -> bool:
    printer = choose_printer(parent, _("Cetak surat rujukan"))
    return printer is not None and print_letter_to(printer, session, letter_id) > 0


def unencrypted_warning() -> str:
    return _("Berkas PDF yang disimpan TIDAK terenkripsi: siapa pun yang memegang berkas atau media penyimpanannya "
             "dapat membaca identitas korban. Simpan hanya bila benar-benar perlu, di tempat yang aman, dan hapus "
             "setelah dipakai. Untuk mencetak, gunakan \"Cetak…\" (tidak membuat berkas).")


def save_pdf_as(parent: QWidget | None, render: Callable[[], bytes], *, dialog_title: str, stem: str,
                path: str | None = None) -> Path | None:
    """Explicit "Simpan sebagai PDF…": warn that the file is not encrypted, ask where, then render and write it."""
    from caseapp.atomic import atomic_write_bytes, writing_to

    if path is None:
        if not confirm(parent, _("Simpan sebagai PDF"), unencrypted_warning(), yes=_("Lanjutkan menyimpan"),
                       danger=True):
            return None
        path, _filter = QFileDialog.getSaveFileName(parent, dialog_title, f"{stem}.pdf", _("Berkas PDF (*.pdf)"))
        if not path:
            return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    data = render()
    with writing_to(Path(path)):
        atomic_write_bytes(Path(path), data)
    return Path(path)


def save_letter_as(parent: QWidget | None, session, letter, *, path: str | None = None) -> Path | None:
    """Save one letter as an unencrypted PDF after the warning (audited as saved)."""
    return save_pdf_as(parent, lambda: referrals.render_letter(session, letter.id, purpose="save"),
                       dialog_title=_("Simpan surat sebagai PDF"),
                       stem=(letter.number or _("draf-surat")).replace("/", "-"), path=path)
