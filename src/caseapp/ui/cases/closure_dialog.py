"""Asks why a case is being closed (closure_reason code list)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from caseapp.i18n import _
from caseapp.ui.cases.code_widgets import CodeCombo


class ClosureDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("closureDialog")
        self.setWindowTitle(_("Tutup kasus"))
        self.reason = CodeCombo("closure_reason", blank=_("— pilih alasan —"))
        self.reason.setObjectName("closureReasonCombo")
        text = QLabel(_("Kasus yang ditutup dapat dibuka kembali bila ada kebutuhan baru."), objectName="SectionHint")
        text.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Alasan penutupan:"), self.reason)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(_("Tutup &kasus"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.currentIndexChanged.connect(lambda _i: self.ok.setEnabled(self.reason.value() is not None))
        self.ok.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def value(self) -> str | None:
        return self.reason.value()
