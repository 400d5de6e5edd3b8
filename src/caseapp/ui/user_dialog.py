"""Adding a user account: profile, role and a first password."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from caseapp.domain.accounts import NewUser, Role
from caseapp.i18n import _
from caseapp.services import accounts
from caseapp.services.session import Session
from caseapp.ui.form_dialog import FormDialog
from caseapp.ui.jobs import JobRunner
from caseapp.ui.widgets import PasswordPair


class AddUserDialog(FormDialog):
    """On success ``result_value`` is the new User."""

    def __init__(self, session: Session, jobs: JobRunner, parent: QWidget | None = None):
        super().__init__(_("Tambah pengguna"), _("&Tambah pengguna"), jobs, parent, intro=_(
            "Setiap petugas memakai akunnya sendiri, sehingga log audit mencatat siapa melakukan apa."))
        self.session = session
        self.username = QLineEdit(objectName="newUsername", placeholderText=_("misalnya: siti.rahma"))
        self.username.setToolTip(_("Huruf kecil, angka, titik, garis bawah atau tanda hubung; diawali huruf."))
        self.full_name = QLineEdit(objectName="newFullName")
        self.role = QComboBox(objectName="newRole")
        for role in (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN):
            self.role.addItem(role.label, role)
        self.nip = QLineEdit(objectName="newNip", placeholderText=_("18 angka (boleh dikosongkan)"))
        self.position = QLineEdit(objectName="newPosition", placeholderText=_("misalnya: Konselor"))
        self.form.addRow(_("&Nama pengguna:"), self.username)
        self.form.addRow(_("Nama &lengkap:"), self.full_name)
        self.form.addRow(_("&Peran:"), self.role)
        self.form.addRow(_("NI&P:"), self.nip)
        self.form.addRow(_("&Jabatan:"), self.position)
        self.passwords = PasswordPair(self.form, _("Kata sandi &awal:"))
        for signal in (self.username.textChanged, self.full_name.textChanged, self.passwords.changed):
            signal.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.set_ok_enabled(bool(self.username.text()) and bool(self.full_name.text().strip())
                            and self.passwords.is_acceptable())

    def submit(self) -> None:
        new = NewUser(self.username.text().strip(), self.full_name.text(), Role(self.role.currentData()),
                      self.nip.text(), self.position.text())
        self.run(accounts.add_user, self.session, new, self.passwords.value())
