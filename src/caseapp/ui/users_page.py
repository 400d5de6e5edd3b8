"""The "Pengguna" tab: the accounts table with add, enable/disable, reset password and remove."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from caseapp.domain.accounts import User
from caseapp.i18n import _
from caseapp.services import accounts
from caseapp.ui.messages import confirm, user_message
from caseapp.ui.sections import PageContext
from caseapp.ui.users_model import UsersModel
from caseapp.ui.widgets import ErrorLabel, primary_button


class UsersPage(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.session, self.jobs = context.session, context.jobs
        self.dialog = None  # the open dialog, if any (tests reach it here)
        intro = QLabel(_("Pengguna yang dinonaktifkan tidak dapat membuka aplikasi. Menghapus pengguna juga "
                         "mengganti kunci basis data, sehingga salinan lama kata sandinya tidak membuka apa pun."),
                       objectName="SectionHint")
        intro.setWordWrap(True)
        self.add_button = primary_button(_("&Tambah pengguna…"))
        self.add_button.setObjectName("addUserButton")
        self.toggle_button = QPushButton(_("&Nonaktifkan"), objectName="toggleUserButton")
        self.reset_button = QPushButton(_("Atur &ulang kata sandi…"), objectName="resetPasswordButton")
        self.remove_button = QPushButton(_("&Hapus…"), objectName="removeUserButton")
        self.remove_button.setProperty("danger", True)
        self.signer_button = QPushButton(_("Tanda tangan &surat…"), objectName="signerButton")
        self.signer_button.clicked.connect(self.open_signer_dialog)
        self.add_button.clicked.connect(self.open_add_dialog)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.open_reset_dialog)
        self.remove_button.clicked.connect(self.remove_selected)
        self.model = UsersModel(parent=self)
        self.table = QTableView(objectName="usersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.signer_button, self.toggle_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self.refresh()

    def refresh(self, select: str = "") -> None:
        self.model.set_users(accounts.list_users(self.session))
        row = self.model.row_of(select) if select else -1
        if row >= 0:
            self.table.selectRow(row)
        self._update_buttons()

    def selected_user(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.user_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        user = self.selected_user()
        is_self = user is not None and user.username == self.session.user.username
        self.reset_button.setEnabled(user is not None)
        self.signer_button.setEnabled(user is not None)
        self.toggle_button.setEnabled(user is not None and not is_self)
        self.remove_button.setEnabled(user is not None and not is_self)
        self.toggle_button.setText(_("&Aktifkan") if user is not None and not user.active else _("&Nonaktifkan"))

    def _open(self, dialog, on_accepted) -> None:
        self.dialog = dialog
        dialog.accepted.connect(on_accepted)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def open_add_dialog(self) -> None:
        from caseapp.ui.user_dialog import AddUserDialog

        dialog = AddUserDialog(self.session, self.jobs, self)
        self._open(dialog, lambda: self.refresh(select=dialog.result_value.username))

    def open_signer_dialog(self) -> None:
        from caseapp.ui.signer_dialog import SignerDialog

        user = self.selected_user()
        if user is not None:
            dialog = SignerDialog(self.session, user, self)
            self._open(dialog, lambda: self.refresh(select=user.username))

    def open_reset_dialog(self) -> None:
        from caseapp.ui.password_dialogs import ResetPasswordDialog

        user = self.selected_user()
        if user is None:
            return
        dialog = ResetPasswordDialog(self.session, self.jobs, user.username, user.full_name, self)
        self._open(dialog, lambda: self.refresh(select=user.username))

    def toggle_active(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        if user.active and not confirm(self, _("Nonaktifkan pengguna"), _(
                "{name} tidak akan dapat membuka aplikasi sampai diaktifkan kembali. Lanjutkan?").format(
                name=user.full_name), yes=_("Nonaktifkan")):
            return
        self._run(accounts.set_user_active, self.session, user.username, not user.active, select=user.username)

    def remove_selected(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        text = _("Hapus akun {name} ({user})?\n\nAkun tidak dapat dipulihkan. Kunci basis data akan diganti "
                 "(enkripsi ulang seluruh data), sehingga kata sandi lama akun ini — atau salinan berkas kuncinya — "
                 "tidak lagi membuka data. Proses ini dapat memakan waktu beberapa saat; jangan matikan laptop. "
                 "Riwayat audit atas nama akun ini tetap tersimpan.").format(name=user.full_name, user=user.username)
        if confirm(self, _("Hapus pengguna"), text, yes=_("Hapus dan ganti kunci"), danger=True):
            self._run(accounts.remove_user, self.session, user.username)

    def _run(self, fn, *args, select: str = "") -> None:
        if self.session.closed:  # locked (idle) while a confirmation was open
            return
        self.error.clear_message()
        self.setEnabled(False)

        def done(_result) -> None:
            self.setEnabled(True)
            self.refresh(select=select)

        def failed(exc: BaseException) -> None:
            self.setEnabled(True)
            self.refresh(select=select)
            self.error.show_message(user_message(exc))

        self.jobs.start(fn, *args, on_success=done, on_error=failed)
