"""Warns on save that a person on this case already appears on other cases (same NIK, or name and birth date)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from caseapp.domain.case import Case
from caseapp.i18n import _

SAVE, CANCEL, OPEN = "save", "cancel", "open"


def reason_text(reason: str) -> str:
    return _("NIK sama") if reason == "nik" else _("nama mirip dan tanggal lahir sama")


class DuplicateWarningDialog(QDialog):
    """``choice`` is SAVE ("Tetap simpan"), CANCEL, or OPEN with ``chosen_case`` the uuid to open."""

    def __init__(self, case: Case, hits, can_open, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicateWarning")
        self.setWindowTitle(_("Kemungkinan data ganda"))
        self.setMinimumWidth(520)
        self.choice, self.chosen_case = CANCEL, None
        people = {p.uuid: p for p in case.persons}
        intro = QLabel(_("Orang pada kasus ini tampaknya sudah tercatat di kasus lain. Periksa dulu agar korban "
                         "tidak dicatat dua kali; bila memang orang yang berbeda atau kasus yang berbeda, "
                         "pilih \"Tetap simpan\"."))
        intro.setWordWrap(True)
        self.list = QListWidget(objectName="duplicateList")
        for hit in hits:
            person = people.get(hit.person_uuid)
            who = person.initials if person else "?"
            role = _("korban") if person and person.role == "korban" else _("pelaku") if person and \
                person.role == "pelaku" else _("pelapor")
            item = QListWidgetItem(_("{number} — {who} ({role}): {reason}").format(
                number=hit.other_case_number, who=who, role=role, reason=reason_text(hit.reason)))
            item.setData(Qt.ItemDataRole.UserRole, hit.other_case_uuid)
            allowed = can_open(hit.other_case_uuid, hit.other_case_number)
            item.setData(Qt.ItemDataRole.UserRole + 1, 1 if allowed else 0)  # int, not bool (PySide)
            if not allowed:
                item.setToolTip(_("Anda tidak berwenang membuka kasus ini; hubungi koordinator."))
            self.list.addItem(item)
        self.open_button = QPushButton(_("&Buka kasus lain"), objectName="openOtherCase")
        self.save_button = QPushButton(_("&Tetap simpan"), objectName="saveAnyway")
        self.save_button.setProperty("primary", True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(_("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("duplicateCancel")
        self.open_button.clicked.connect(self._open)
        self.save_button.clicked.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(self._sync)
        self.list.itemDoubleClicked.connect(lambda _i: self._open())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)
        self._sync()
        cancel.setDefault(True)

    def _sync(self) -> None:
        item = self.list.currentItem()
        self.open_button.setEnabled(bool(item and item.data(Qt.ItemDataRole.UserRole + 1)))

    def _open(self) -> None:
        item = self.list.currentItem()
        if item and item.data(Qt.ItemDataRole.UserRole + 1):
            self.choice, self.chosen_case = OPEN, item.data(Qt.ItemDataRole.UserRole)
            self.accept()

    def _save(self) -> None:
        self.choice = SAVE
        self.accept()
