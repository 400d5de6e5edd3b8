"""Printing PDF bytes straight to a printer with QtPdf: nothing is written to disk on the way."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget


def load_pdf(data: bytes, parent=None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading from memory; keep the returned buffer alive as long as the document."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    return document, buffer


def render_to_printer(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint each page, scaled to fit the printable area; returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        dpi = printer.resolution()
        area = printer.pageLayout().paintRectPixels(dpi)
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            scale = min(area.width() / points.width(), area.height() / points.height())
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            image = document.render(page, size)
            painter.drawImage(QRect(0, 0, size.width(), size.height()), image)
        return document.pageCount()
    finally:
        painter.end()


def print_pdf(data: bytes, parent: QWidget | None, title: str) -> bool:
    """Ask for a printer and print; "print to file" is switched off so no clear copy lands on disk."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    document, buffer = load_pdf(data)
    try:
        return render_to_printer(document, printer) > 0
    finally:
        document.close()
        buffer.close()
