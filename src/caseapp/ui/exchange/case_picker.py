"""A dialog to tick the cases that go into a bundle (initials only, never full names)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from caseapp.domain.case_list import CaseFilter
from caseapp.i18n import _, format_date
from caseapp.services import cases
from caseapp.services.session import Session


class CasePickerDialog(QDialog):
    def __init__(self, session: Session, chosen: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Pilih kasus untuk dikirim"))
        self.resize(560, 480)
        self._chosen = set(chosen)
        self.search = QLineEdit(objectName="caseSearch", placeholderText=_("Cari nomor kasus atau kata kunci…"))
        self.search.textChanged.connect(self.reload)
        self.list = QListWidget(objectName="caseList")
        self.list.itemChanged.connect(self._item_changed)
        self.count = QLabel(objectName="HintLabel")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Pakai pilihan ini"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Centang kasus yang akan dimasukkan ke paket. Korban ditampilkan dengan inisial.")))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for row in cases.list_cases(self.session, CaseFilter(text=self.search.text().strip()), limit=500):
            text = f"{row.case_number} · {row.victim_initials} · {format_date(row.intake_date, long=False)}"
            if row.read_only:
                text += " · " + _("hanya-baca")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.uuid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row.uuid in self._chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_count()

    def _item_changed(self, item: QListWidgetItem) -> None:
        uuid = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._chosen.add(uuid)
        else:
            self._chosen.discard(uuid)
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(_("{n} kasus dipilih").format(n=len(self._chosen)))

    def chosen(self) -> list[str]:
        return sorted(self._chosen)
