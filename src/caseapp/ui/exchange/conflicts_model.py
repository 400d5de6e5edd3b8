"""Table model of open conflicts: case, field, this office's value, the other office's value, from which office."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from caseapp.i18n import _
from caseapp.services.exchange import Conflict
from caseapp.ui.exchange.labels import field_label, value_text

Index = QModelIndex | QPersistentModelIndex


class ConflictsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.conflicts: list[Conflict] = []
        self.office_names: dict[str, str] = {}

    def set_conflicts(self, conflicts: list[Conflict], office_names: dict[str, str]) -> None:
        self.beginResetModel()
        self.conflicts = list(conflicts)
        self.office_names = dict(office_names)
        self.endResetModel()

    def conflict_at(self, row: int) -> Conflict | None:
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Kasus"), _("Kolom"), _("Nilai di kantor ini"), _("Nilai dari kantor lain"), _("Kantor lain"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        c = self.conflicts[index.row()]
        column = index.column()
        if column == 0:
            return c.case_number
        if column == 1:
            return field_label(c.path)
        if column in (2, 3):
            text = value_text(c.local if column == 2 else c.remote)
            return text if role == Qt.ItemDataRole.ToolTipRole else text.splitlines()[0][:80]
        return self.office_names.get(c.peer, c.peer)
