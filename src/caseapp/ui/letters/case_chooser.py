"""Choose the case a new referral letter is for: search by case number or the victim's initials, newest first."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget,
)

from caseapp.domain.case_list import CaseFilter
from caseapp.domain.codes import default_registry
from caseapp.i18n import _, format_date
from caseapp.services import cases
from caseapp.ui.messages import user_message
from caseapp.ui.widgets import ErrorLabel

RECENT = 300  # cases looked at for initials and number matches (the full-text search covers the rest)
SHOWN = 60


def _plain(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def matches(row, typed: str) -> bool:
    """The case number contains what was typed, or the victims' initials start with it (dots and spaces ignored)."""
    key = _plain(typed)
    if not key:
        return True
    if key in _plain(row.case_number):
        return True
    return any(_plain(initials).startswith(key) for initials in row.victim_initials.split(","))


class CaseChooserDialog(QDialog):
    """``chosen`` holds the chosen case's uuid after Pilih (or a double-click / Enter on a row)."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.chosen: str | None = None
        self.setObjectName("caseChooser")
        self.setWindowTitle(_("Surat rujukan baru: pilih kasus"))
        self.search = QLineEdit(objectName="caseChooserSearch")
        self.search.setPlaceholderText(_("Ketik nomor kasus atau inisial korban, mis. 0012 atau S.A."))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(objectName="caseChooserList")
        self.list.itemDoubleClicked.connect(lambda _item: self.choose())
        self.list.currentRowChanged.connect(lambda _row: self._sync())
        self.hint = QLabel(objectName="SectionHint")
        self.hint.setWordWrap(True)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(_("&Pilih"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("chooseCase")
        self.ok.setProperty("primary", True)
        self.ok.setDefault(True)
        self.buttons.addButton(_("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Untuk kasus mana surat ini dibuat?")))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self._enter)
        self.resize(560, 460)
        self.refresh()

    def refresh(self) -> None:
        typed = self.search.text().strip()
        try:
            rows = [r for r in cases.list_cases(self.session, CaseFilter(), limit=RECENT) if matches(r, typed)]
            if typed:
                known = {r.uuid for r in rows}
                rows += [r for r in cases.list_cases(self.session, CaseFilter(text=typed), limit=SHOWN)
                         if r.uuid not in known]
        except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
            self.error.show_message(user_message(exc))
            return
        self.error.clear_message()
        registry = default_registry()
        self.list.clear()
        for row in rows[:SHOWN]:
            who = row.victim_initials or "—"
            text = f"{row.case_number}  ·  {who}  ·  {format_date(row.intake_date)}  ·  " \
                   f"{registry.label('case_status', row.status)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.uuid)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.hint.setText("" if rows else _("Tidak ada kasus yang cocok. Periksa nomor kasus atau inisial korban.")
                          if typed else _("Belum ada kasus. Catat kasus dahulu di halaman Kasus."))
        self.hint.setVisible(not rows)
        self._sync()

    def _sync(self) -> None:
        self.ok.setEnabled(self.list.currentItem() is not None)

    def _enter(self) -> None:
        self._timer.stop()
        self.refresh()
        self.choose()

    def choose(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
