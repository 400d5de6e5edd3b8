"""Forgotten admin password: open the store with the printed recovery key and set a new password."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from caseapp.crypto.kdf import KdfPolicy
from caseapp.datadir import DataDir
from caseapp.i18n import _
from caseapp.services import session as session_service
from caseapp.ui.form_dialog import FormDialog
from caseapp.ui.jobs import JobRunner
from caseapp.ui.style import mono_font
from caseapp.ui.widgets import PasswordPair


class RecoveryDialog(FormDialog):
    """On success ``result_value`` is the open Session of the recovered administrator."""

    def __init__(self, data_dir: DataDir, jobs: JobRunner, usernames: list[str], *,
                 kdf_policy: KdfPolicy | None = None, parent: QWidget | None = None):
        super().__init__(_("Pulihkan akses administrator"), _("&Atur kata sandi baru"), jobs, parent, intro=_(
            "Masukkan kunci pemulihan dari kit pemulihan yang dicetak saat penyiapan awal, nama pengguna "
            "administrator, dan kata sandi baru untuk akun tersebut."))
        self.data_dir, self.kdf_policy = data_dir, kdf_policy
        self.key = QLineEdit(objectName="recoveryKey", placeholderText="XXXXX-XXXXX-…")
        self.key.setFont(mono_font(11))
        self.key.setMinimumWidth(520)
        self.key.setToolTip(_("Huruf dan angka dalam kelompok; tanda hubung dan spasi boleh ditulis atau tidak."))
        self.admin = QComboBox(objectName="recoveryAdmin")
        self.admin.setEditable(True)
        self.admin.addItems(usernames)
        self.form.addRow(_("&Kunci pemulihan:"), self.key)
        self.form.addRow(_("&Administrator:"), self.admin)
        self.passwords = PasswordPair(self.form, _("Kata sandi &baru:"))
        for signal in (self.key.textChanged, self.admin.currentTextChanged, self.passwords.changed):
            signal.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.set_ok_enabled(bool(self.key.text().strip()) and bool(self.admin.currentText().strip())
                            and self.passwords.is_acceptable())

    def submit(self) -> None:
        self.run(session_service.recover_admin_password, self.data_dir, self.key.text().strip(),
                 self.admin.currentText().strip(), self.passwords.value(), kdf_policy=self.kdf_policy)
