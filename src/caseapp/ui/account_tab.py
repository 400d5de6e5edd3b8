"""The "Akun saya" tab: who is signed in, and changing one's own password."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from caseapp.i18n import _
from caseapp.ui.sections import PageContext
from caseapp.ui.widgets import primary_button


class AccountTab(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.dialog = None
        user = context.session.user
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(_("Nama pengguna:"), QLabel(user.username))
        form.addRow(_("Nama lengkap:"), QLabel(user.full_name))
        form.addRow(_("Peran:"), QLabel(user.role.label))
        form.addRow(_("NIP:"), QLabel(user.nip or "–"))
        form.addRow(_("Jabatan:"), QLabel(user.position or "–"))
        hint = QLabel(_("Kata sandi membuka kunci data kantor. Jangan berikan kepada siapa pun, termasuk "
                        "rekan kerja; setiap petugas memakai akunnya sendiri."), objectName="SectionHint")
        hint.setWordWrap(True)
        self.status = QLabel(objectName="OkLabel")
        self.change_button = primary_button(_("&Ganti kata sandi…"))
        self.change_button.setObjectName("changePasswordButton")
        self.change_button.clicked.connect(self.open_change_dialog)
        row = QHBoxLayout()
        row.addWidget(self.change_button)
        row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addStretch(1)

    def open_change_dialog(self) -> None:
        from caseapp.ui.password_dialogs import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.context.session, self.context.jobs, parent=self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.status.setText("✔ " + _("Kata sandi diganti.")))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
