"""Table model of the office's user accounts, as ``accounts.list_users`` returns them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from caseapp.domain.accounts import User
from caseapp.i18n import _


def _columns() -> list[str]:
    return [_("Nama pengguna"), _("Nama lengkap"), _("Peran"), _("NIP"), _("Jabatan"), _("Status")]


class UsersModel(QAbstractTableModel):
    def __init__(self, users: list[User] | None = None, parent=None):
        super().__init__(parent)
        self._users: list[User] = list(users or [])

    def set_users(self, users: list[User]) -> None:
        self.beginResetModel()
        self._users = list(users)
        self.endResetModel()

    def user_at(self, row: int) -> User | None:
        return self._users[row] if 0 <= row < len(self._users) else None

    def row_of(self, username: str) -> int:
        return next((i for i, u in enumerate(self._users) if u.username == username), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._users)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_columns())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            columns = _columns()
            return columns[section] if 0 <= section < len(columns) else None
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        user = self.user_at(index.row())
        if user is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            status = _("Aktif") if user.active else _("Nonaktif")
            if user.active and user.must_change_password:
                status = _("Aktif · wajib ganti kata sandi")
            values = [user.username, user.full_name, user.role.label, user.nip, user.position, status]
            return values[index.column()] if 0 <= index.column() < len(values) else None
        if role == Qt.ItemDataRole.ForegroundRole and not user.active:
            return QColor("#8a94a3")
        if role == Qt.ItemDataRole.UserRole:
            return user.username
        return None
