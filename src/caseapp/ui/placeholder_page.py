"""The page shown for a section that is not built yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from caseapp.i18n import _


class PlaceholderPage(QWidget):
    def __init__(self, title: str, description: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("PageSurface")
        heading = QLabel(title, objectName="PageTitle")
        status = QLabel(_("Bagian ini sedang dikembangkan."), objectName="placeholderStatus")
        status.setStyleSheet("font-size: 12pt; color: #1b7f79; font-weight: bold;")
        text = QLabel(description, objectName="SectionHint")
        text.setWordWrap(True)
        text.setMaximumWidth(620)
        for label in (heading, status, text):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(status)
        layout.addWidget(text)
        layout.addStretch(1)
