"""Shows an attachment inside the app from its bytes (image, PDF or text); nothing is written to disk."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from caseapp.i18n import _


class AttachmentViewer(QDialog):
    def __init__(self, file_name: str, mime_type: str, data: bytes, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attachmentViewer")
        self.setWindowTitle(_("Lampiran: {name}").format(name=file_name))
        self.resize(820, 900)
        self.bytes = QByteArray(data)
        layout = QVBoxLayout(self)
        self.content = self._build(mime_type)
        layout.addWidget(self.content, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Tutup"))
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)

    def _build(self, mime_type: str) -> QWidget:
        if mime_type.startswith("image/"):
            image = QImage.fromData(self.bytes)
            label = QLabel(objectName="attachmentImage")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            if image.isNull():
                label.setText(_("Gambar tidak dapat ditampilkan."))
            else:
                label.setPixmap(QPixmap.fromImage(image))
            area = QScrollArea()
            area.setWidget(label)
            area.setWidgetResizable(True)
            return area
        if mime_type == "application/pdf":
            return self._pdf()
        text = QPlainTextEdit(objectName="attachmentText")
        text.setReadOnly(True)
        text.setPlainText(bytes(self.bytes.data()).decode("utf-8", errors="replace"))
        return text

    def _pdf(self) -> QWidget:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self.buffer = QBuffer(self.bytes, self)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)
        view = QPdfView(self)
        view.setObjectName("attachmentPdf")
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        view.setDocument(self.document)
        return view

    def done(self, result: int) -> None:
        if hasattr(self, "document"):
            self.document.close()
        self.bytes = QByteArray()
        super().done(result)
