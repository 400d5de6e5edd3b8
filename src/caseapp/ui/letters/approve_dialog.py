"""Approving a letter: what is missing first (consent, the investigator's request), then the number.

The number comes from the office's pattern, or is typed by hand from the dinas agenda / SRIKANDI. While the office
has no kode klasifikasi arsip and its pattern needs one, the dialog asks for it (kept for later letters).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget,
)

from caseapp.i18n import _
from caseapp.services import letterhead, referrals
from caseapp.ui.messages import user_message
from caseapp.ui.widgets import ErrorLabel


class ApproveDialog(QDialog):
    """Approves ``letter`` on accept; ``self.approved`` holds the approved letter."""

    def __init__(self, session, letter, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.letter, self.approved = session, letter, None
        self.setWindowTitle(_("Setujui surat"))
        self.resize(560, 0)
        intro = QLabel(_("Setujui surat ke {dest}? Nomor surat diberikan sekarang, Anda menjadi penanda tangan, dan "
                         "surat tidak dapat diubah lagi.").format(dest=letter.destination_name), objectName="SectionHint")
        intro.setWordWrap(True)
        self.problems = QLabel(objectName="approveProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b3261e;")
        self.from_pattern = QRadioButton(_("Nomor dari pola kantor"), objectName="numberFromPattern")
        self.typed = QRadioButton(_("Nomor diketik dari agenda dinas / SRIKANDI"), objectName="numberTyped")
        group = QButtonGroup(self)
        group.addButton(self.from_pattern)
        group.addButton(self.typed)
        self.from_pattern.setChecked(True)
        self.number = QLineEdit(objectName="typedNumber")
        self.number.setPlaceholderText(_("mis. 400.2.4/123/DP2KBP3A/XII/2026"))
        self.code = QLineEdit(objectName="classificationCode")
        self.code.setPlaceholderText(_("mis. 400.2.4"))
        self.code_hint = QLabel(_("Kantor belum mengatur kode klasifikasi arsip untuk surat rujukan. Isi sekali di sini; "
                                  "kode disimpan untuk surat berikutnya (dapat diubah di Pengaturan › Kop surat)."),
                                objectName="HintLabel")
        self.code_hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.from_pattern)
        form.addRow(self.code_hint)
        form.addRow(_("&Kode klasifikasi arsip:"), self.code)
        form.addRow(self.typed)
        form.addRow(_("&Nomor surat:"), self.number)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Setujui dan beri nomor"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        self.buttons.accepted.connect(self.approve)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problems)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.needs_code = (letterhead.number_pattern(session).needs_code
                           and not letterhead.classification_code(session, letter.destination_type.value))
        problems = referrals.approval_problems(session, letter)
        self.problems.setText("\n\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.ok.setEnabled(not problems)
        self.from_pattern.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        typed = self.typed.isChecked()
        self.number.setEnabled(typed)
        for widget in (self.code, self.code_hint):
            widget.setVisible(self.needs_code)
        self.code.setEnabled(not typed)

    def approve(self) -> None:
        self.error.clear_message()
        try:
            if self.typed.isChecked():
                self.approved = referrals.approve_letter(self.session, self.letter.id, number=self.number.text())
            else:
                code = self.code.text().strip() if self.needs_code else None
                self.approved = referrals.approve_letter(self.session, self.letter.id, classification_code=code)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, never a traceback
            self.error.show_message(user_message(exc))
            return
        self.accept()
