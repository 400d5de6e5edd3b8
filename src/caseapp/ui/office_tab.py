"""The "Kantor" tab: letterhead contact details (editable by an administrator) and the office's fixed identity."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from caseapp.domain.accounts import Permission
from caseapp.i18n import _
from caseapp.services import office_settings
from caseapp.ui.messages import user_message
from caseapp.ui.sections import PageContext
from caseapp.ui.widgets import ErrorLabel, primary_button


class OfficeTab(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        session = context.session
        office = session.office
        self.can_edit = session.user.can(Permission.MANAGE_OFFICE)
        self.name = QLineEdit(office.name, objectName="officeName")
        self.address = QLineEdit(office.address, objectName="officeAddress")
        self.phone = QLineEdit(office.phone, objectName="officePhone")
        self.email = QLineEdit(office.email, objectName="officeEmail")
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(_("Kode wilayah:"), QLabel(f"<b>{office.code}</b> · {office.level.label}"))
        form.addRow(_("&Nama kantor:"), self.name)
        form.addRow(_("&Alamat:"), self.address)
        form.addRow(_("&Telepon:"), self.phone)
        form.addRow(_("&E-mail:"), self.email)
        hint = QLabel(_("Data ini tampil pada kop surat rujukan. Kode wilayah tidak dapat diubah setelah penyiapan.")
                      if self.can_edit else _("Hanya administrator yang dapat mengubah data kantor."),
                      objectName="SectionHint")
        hint.setWordWrap(True)
        self.status = QLabel(objectName="OkLabel")
        self.error = ErrorLabel()
        self.save_button = primary_button(_("&Simpan data kantor"))
        self.save_button.setObjectName("saveOfficeButton")
        self.save_button.clicked.connect(self.save)
        for edit in (self.name, self.address, self.phone, self.email):
            edit.setReadOnly(not self.can_edit)
        self.save_button.setVisible(self.can_edit)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(row)
        layout.addStretch(1)

    def save(self) -> None:
        self.error.clear_message()
        self.status.clear()
        try:
            office_settings.update_office_contact(self.context.session, name=self.name.text(),
                                                  address=self.address.text(), phone=self.phone.text(),
                                                  email=self.email.text())
        except Exception as exc:  # noqa: BLE001 - shown as a message
            self.error.show_message(user_message(exc))
            return
        self.status.setText("✔ " + _("Data kantor disimpan."))
        self.context.office_changed()
