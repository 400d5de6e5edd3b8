"""Table model of where bundles come from: last bundle received, sequence, gaps, days since (red after 30)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from caseapp.i18n import _
from caseapp.services.exchange import SourceStatus
from caseapp.ui.exchange.labels import short_date
from caseapp.ui.style import ERROR_RED

Index = QModelIndex | QPersistentModelIndex
STALE_DAYS = 30  # a district silent for longer than a month is shown in red


class SourcesModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.sources: list[SourceStatus] = []

    def set_sources(self, sources: list[SourceStatus]) -> None:
        self.beginResetModel()
        self.sources = list(sources)
        self.endResetModel()

    def is_stale(self, row: int) -> bool:
        days = self.sources[row].days_since
        return days is not None and days > STALE_DAYS

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.sources)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Kantor"), _("Paket terakhir"), _("Diterima"), _("Hari sejak"), _("Paket belum diterima"),
                _("Kiriman belum dikonfirmasi"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.sources[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.FontRole and column == 3 and self.is_stale(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if (column == 3 and self.is_stale(index.row())) or (column == 4 and s.gaps):
                return QColor(ERROR_RED)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and self.is_stale(index.row()):
            return _("Lebih dari {n} hari tanpa paket dari kantor ini.").format(n=STALE_DAYS)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return f"{s.name} ({s.code})"
        if column == 1:
            return _("no. {n}").format(n=s.last_sequence) if s.last_sequence else _("belum pernah")
        if column == 2:
            return short_date(s.last_received_at) or "—"
        if column == 3:
            return "—" if s.days_since is None else str(s.days_since)
        if column == 4:
            return ", ".join(s.gaps.labels()) if s.gaps else "—"
        return str(s.unacknowledged_out) if s.unacknowledged_out else "—"
