"""Changing one's own password (also forced after an admin reset) and an admin resetting another's."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from caseapp.i18n import _
from caseapp.services import accounts
from caseapp.services.session import Session
from caseapp.ui.form_dialog import FormDialog
from caseapp.ui.jobs import JobRunner
from caseapp.ui.widgets import PasswordPair


class ChangePasswordDialog(FormDialog):
    """With ``old_password`` given (just typed at unlock) the old-password row is not asked again."""

    def __init__(self, session: Session, jobs: JobRunner, *, old_password: str | None = None,
                 forced: bool = False, parent: QWidget | None = None):
        intro = (_("Administrator telah mengatur ulang kata sandi Anda. Buat kata sandi baru yang hanya "
                   "Anda ketahui sebelum melanjutkan.") if forced else
                 _("Kata sandi baru berlaku mulai pembukaan berikutnya."))
        super().__init__(_("Ganti kata sandi"), _("&Simpan kata sandi"), jobs, parent, intro=intro)
        self.session = session
        self._given_old = old_password
        self.old = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="oldPassword")
        if old_password is None:
            self.form.addRow(_("Kata sandi &lama:"), self.old)
        self.passwords = PasswordPair(self.form, _("Kata sandi &baru:"))
        self.passwords.changed.connect(self._update)
        if forced:
            self.cancel_button.setText(_("Kunci kembali"))
        self._update()

    def _update(self) -> None:
        self.set_ok_enabled(self.passwords.is_acceptable())

    def submit(self) -> None:
        if not self.passwords.is_acceptable():
            return
        old = self._given_old if self._given_old is not None else self.old.text()
        self.run(accounts.change_own_password, self.session, old, self.passwords.value())


class ResetPasswordDialog(FormDialog):
    """An admin gives a user a temporary password, which the user must change at the next unlock."""

    def __init__(self, session: Session, jobs: JobRunner, username: str, full_name: str,
                 parent: QWidget | None = None):
        super().__init__(_("Atur ulang kata sandi"), _("&Atur ulang"), jobs, parent, intro=_(
            "Kata sandi sementara untuk {name} ({user}). Sampaikan secara langsung, bukan lewat pesan; "
            "pengguna wajib menggantinya saat membuka aplikasi berikutnya.").format(name=full_name, user=username))
        self.session, self.username = session, username
        self.passwords = PasswordPair(self.form, _("Kata sandi &sementara:"))
        self.passwords.changed.connect(lambda: self.set_ok_enabled(self.passwords.is_acceptable()))
        self.set_ok_enabled(False)

    def submit(self) -> None:
        if self.passwords.is_acceptable():
            self.run(accounts.reset_password, self.session, self.username, self.passwords.value())
