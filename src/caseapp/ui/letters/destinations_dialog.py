"""The referral destinations directory: a list for everyone; add, edit and deactivate for supervisors and admins."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QVBoxLayout, QWidget,
)
from PySide6.QtCore import Qt

from caseapp.domain.accounts import Permission
from caseapp.i18n import _
from caseapp.services import destinations
from caseapp.services.destinations import Destination
from caseapp.ui.messages import show_error, user_message
from caseapp.ui.widgets import ErrorLabel


class DestinationForm(QDialog):
    def __init__(self, session, dest: Destination | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.dest = session, dest
        self.setWindowTitle(_("Ubah tujuan rujukan") if dest else _("Tambah tujuan rujukan"))
        self.name = QLineEdit(dest.name if dest else "", objectName="destName")
        self.type = QComboBox(objectName="destType")
        for kind in destinations.destination_types():
            self.type.addItem(kind.label, kind.value)
        if dest:
            self.type.setCurrentIndex(self.type.findData(dest.type.value))
        self.addressee = QLineEdit(dest.addressee if dest else "", objectName="destAddressee")
        self.addressee.setPlaceholderText(_("misalnya Direktur, Kepala, Kanit PPA"))
        self.address = QLineEdit(dest.address if dest else "", objectName="destAddress")
        self.contact = QLineEdit(dest.contact_person if dest else "", objectName="destContact")
        self.phone = QLineEdit(dest.phone if dest else "", objectName="destPhone")
        self.city = QLineEdit(dest.city if dest else "", objectName="destCity")
        self.city.setPlaceholderText(_("baris \"di ...\" surat, misalnya Rumbia"))
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(_("&Nama lembaga:"), self.name)
        form.addRow(_("&Jenis:"), self.type)
        form.addRow(_("Jabatan &penerima (Yth.):"), self.addressee)
        form.addRow(_("&Alamat:"), self.address)
        form.addRow(_("&Kota:"), self.city)
        form.addRow(_("Narahubung:"), self.contact)
        form.addRow(_("&Telepon:"), self.phone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        from caseapp.domain.referral import DestinationType

        value = Destination(self.name.text(), DestinationType(self.type.currentData()), self.address.text(),
                            self.contact.text(), self.phone.text(), self.addressee.text(),
                            self.dest.id if self.dest else "", self.dest.active if self.dest else True,
                            city=self.city.text())
        try:
            if self.dest:
                self.dest = destinations.update_destination(self.session, value)
            else:
                self.dest = destinations.add_destination(self.session, value)
        except Exception as exc:  # noqa: BLE001
            self.error.show_message(user_message(exc))
            return
        self.accept()


def empty_destinations_text(can_manage: bool) -> str:
    """What to do when the office has no referral destination yet."""
    if can_manage:
        return _("Belum ada tujuan rujukan. Pilih \"Isi daftar awal\" untuk RSUD, Puskesmas, Unit PPA Polres, Dinas "
                 "Sosial/rumah aman, LBH/Posbakum, psikolog dan UPTD PPA provinsi di wilayah kantor ini (lalu periksa "
                 "nama dan alamatnya), atau \"Tambah…\" untuk menambah satu per satu.")
    return _("Belum ada tujuan rujukan. Minta kepala UPTD atau administrator menambahkannya lewat Rujukan → "
             "\"Tujuan rujukan…\".")


class DestinationsDialog(QDialog):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Tujuan rujukan"))
        self.resize(620, 440)
        self.list = QListWidget(objectName="destinationsList")
        self.list.currentRowChanged.connect(self._update)
        can_manage = session.user.can(Permission.MANAGE_DESTINATIONS)
        self.add_button = QPushButton(_("&Tambah…"), objectName="addDestination")
        self.edit_button = QPushButton(_("&Ubah…"), objectName="editDestination")
        self.toggle_button = QPushButton(_("&Nonaktifkan"), objectName="toggleDestination")
        for button in (self.add_button, self.edit_button, self.toggle_button):
            button.setVisible(can_manage)
        self.add_button.clicked.connect(lambda: self._open(None))
        self.edit_button.clicked.connect(lambda: self._open(self.selected()))
        self.toggle_button.clicked.connect(self._toggle)
        self.starter_button = QPushButton(_("Isi &daftar awal"), objectName="starterDestinations")
        self.starter_button.setToolTip(_("RSUD, Puskesmas, Unit PPA Polres, Dinas Sosial/rumah aman, LBH/Posbakum, "
                                         "psikolog dan UPTD PPA provinsi di wilayah kantor ini; dapat diubah."))
        self.starter_button.clicked.connect(self._add_starters)
        self.can_manage = can_manage
        self.empty_hint = QLabel(objectName="SectionHint")
        self.empty_hint.setWordWrap(True)
        close = QPushButton(_("&Tutup"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.toggle_button, self.starter_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for d in destinations.list_destinations(self.session, include_inactive=True):
            text = f"{d.name} — {d.type_label}" + ("" if d.active else " " + _("(nonaktif)"))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, d)
            self.list.addItem(item)
        empty = self.list.count() == 0
        self.empty_hint.setText(empty_destinations_text(self.can_manage) if empty else "")
        self.empty_hint.setVisible(empty)
        self.starter_button.setVisible(empty and self.can_manage)
        self._update()

    def _add_starters(self) -> None:
        try:
            destinations.add_starter_destinations(self.session)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.reload()

    def selected(self) -> Destination | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _update(self) -> None:
        dest = self.selected()
        self.edit_button.setEnabled(dest is not None)
        self.toggle_button.setEnabled(dest is not None)
        self.toggle_button.setText(_("&Aktifkan") if dest is not None and not dest.active else _("&Nonaktifkan"))

    def _open(self, dest: Destination | None) -> None:
        self.form = DestinationForm(self.session, dest, self)
        if self.form.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def _toggle(self) -> None:
        dest = self.selected()
        if dest is None:
            return
        try:
            destinations.set_destination_active(self.session, dest.id, not dest.active)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.reload()
