"""Table model of trusted offices: code, name, level, default scope, fingerprint, trusted since."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from caseapp.i18n import _
from caseapp.services.offices import TrustedOffice
from caseapp.ui.exchange.labels import level_label, scope_label, short_date

Index = QModelIndex | QPersistentModelIndex


class TrustedOfficesModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.offices: list[TrustedOffice] = []

    def set_offices(self, offices: list[TrustedOffice]) -> None:
        self.beginResetModel()
        self.offices = list(offices)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.offices)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Kode"), _("Nama kantor"), _("Tingkat"), _("Cakupan bawaan"), _("Sidik jari"),
                _("Dipercaya sejak"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        office = self.offices[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return office.card.fingerprint_groups() + "\n" + " ".join(office.card.fingerprint_words())
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (office.code, office.name, level_label(office.level), scope_label(office.default_scope),
                " ".join(office.card.fingerprint_groups().split()[:4]) + " …",
                short_date(office.trusted_at))[index.column()]
