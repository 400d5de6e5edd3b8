"""PDF bytes shown and printed with QtPdf straight from memory: nothing is written to disk on the way."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

MAX_RENDER_DPI = 300  # page images are painted at most this fine (a 1200 dpi A4 page would take ~550 MB)


class MemoryPdf:
    """A PDF held only in memory (a QPdfDocument over a QBuffer); ``close`` drops the bytes."""

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


def print_pdf(data: bytes, parent: QWidget | None, title: str) -> bool:
    """Ask for a printer and print the document; True when pages were sent."""
    printer = choose_printer(parent, title)
    if printer is None:
        return False
    pdf = MemoryPdf(data)
    try:
        return paint_pages([pdf], printer) > 0
    finally:
        pdf.close()
