"""Letter PDFs in memory: a QPdfDocument over a QBuffer, pages painted onto a QPrinter, and the explicit save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from caseapp.i18n import _
from caseapp.services import referrals
from caseapp.ui.messages import confirm

MAX_RENDER_DPI = 300  # page images are painted at most this fine (a 1200 dpi A4 page would take ~550 MB)


class MemoryPdf:
    """A PDF held only in memory; ``close`` drops the bytes."""

    def __init__(self, data: bytes, parent=None):
        self.buffer = QBuffer(parent)
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(parent)
        self.document.load(self.buffer)

    def close(self) -> None:
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray())


def paint_pages(pdfs: list[MemoryPdf], printer: QPrinter) -> int:
    """Paint every page of every document onto ``printer``, scaled to its paintable area; returns pages painted."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    pages = 0
    try:
        dpi = printer.resolution()
        area = printer.pageLayout().paintRectPixels(dpi)
        for pdf in pdfs:
            doc = pdf.document
            for page in range(doc.pageCount()):
                if pages:
                    printer.newPage()
                points = doc.pagePointSize(page)
                scale = min(area.width() / points.width(), area.height() / points.height())
                target = QRectF(0, 0, points.width() * scale, points.height() * scale)
                image_scale = min(dpi, MAX_RENDER_DPI) / 72.0
                image = doc.render(page, QSize(int(points.width() * image_scale), int(points.height() * image_scale)))
                painter.drawImage(target, image)
                pages += 1
    finally:
        painter.end()
    return pages


def print_letter_to(printer: QPrinter, session, letter_id: str) -> int:
    """Render one letter (audited as printed) and paint it onto ``printer``; no file is written on the way."""
    pdf = MemoryPdf(referrals.render_letter(session, letter_id, purpose="print"))
    try:
        return paint_pages([pdf], printer)
    finally:
        pdf.close()


def choose_printer(parent: QWidget | None, title: str) -> QPrinter | None:
    """The print dialog, with "print to file" switched off so no clear copy lands on disk."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_letter(parent: QWidget | None, session, letter_id: str) -> bool:
    printer = choose_printer(parent, _("Cetak surat rujukan"))
    return printer is not None and print_letter_to(printer, session, letter_id) > 0


def unencrypted_warning() -> str:
    return _("Berkas PDF yang disimpan TIDAK terenkripsi: siapa pun yang memegang berkas atau media penyimpanannya "
             "dapat membaca identitas korban. Simpan hanya bila benar-benar perlu, di tempat yang aman, dan hapus "
             "setelah dipakai. Untuk mencetak, gunakan \"Cetak…\" (tidak membuat berkas).")


def save_letter_as(parent: QWidget | None, session, letter, *, path: str | None = None) -> Path | None:
    """Explicit "Simpan sebagai PDF…": warn that the file is not encrypted, ask where, then write it."""
    from caseapp.atomic import atomic_write_bytes

    if path is None:
        if not confirm(parent, _("Simpan sebagai PDF"), unencrypted_warning(), yes=_("Lanjutkan menyimpan"),
                       danger=True):
            return None
        stem = (letter.number or _("draf-surat")).replace("/", "-")
        path, _filter = QFileDialog.getSaveFileName(parent, _("Simpan surat sebagai PDF"), f"{stem}.pdf",
                                                    _("Berkas PDF (*.pdf)"))
        if not path:
            return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    atomic_write_bytes(Path(path), referrals.render_letter(session, letter.id, purpose="save"))
    return Path(path)
