"""Table model of the letter register (buku agenda surat keluar): no victim data in any column."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from caseapp.domain.referral import LetterStatus
from caseapp.i18n import _, format_date
from caseapp.services.referrals import Letter

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _columns():
    return (_("Nomor surat"), _("Tanggal"), _("Nomor kasus"), _("Tujuan"), _("Hal"), _("Status"), _("Tindak lanjut"))


class LettersModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._letters: list[Letter] = []

    def set_letters(self, letters: list[Letter]) -> None:
        self.beginResetModel()
        self._letters = list(letters)
        self.endResetModel()

    def letters(self) -> list[Letter]:
        return list(self._letters)

    def letter_at(self, row: int) -> Letter | None:
        return self._letters[row] if 0 <= row < len(self._letters) else None

    def row_of(self, letter_id: str) -> int:
        return next((i for i, x in enumerate(self._letters) if x.id == letter_id), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._letters)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_columns())

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _columns()[section]
        return None

    def _text(self, x: Letter, column: int) -> str:
        if column == 0:
            return x.number or _("(draf)")
        if column == 1:
            return format_date(x.letter_date, long=False) if x.letter_date else ""
        if column == 5:
            return x.status.label
        if column == 6:
            if x.status is LetterStatus.DRAF:
                return ""
            text = x.tracking_label
            if x.sent_date:
                text += f" ({format_date(x.sent_date, long=False)})"
            return text + (" — " + _("terlambat") if x.overdue else "")
        return (x.case_number, x.destination_name, x.hal)[column - 2]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._letters):
            return None
        x = self._letters[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(x, index.column())
        if role == ID_ROLE:
            return x.id
        if role == Qt.ItemDataRole.ForegroundRole and x.overdue:
            return QBrush(QColor("#a11d1d"))
        if role == Qt.ItemDataRole.ToolTipRole and x.overdue:
            return _("Belum ada respons dari tujuan rujukan melewati batas waktu.")
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return x.destination_type.label
        return None
