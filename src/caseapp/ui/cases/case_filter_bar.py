"""The filters above the case list: quick views, a search box that searches as you type, and field filters."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from caseapp.domain.accounts import Permission
from caseapp.domain.case_list import CaseFilter
from caseapp.i18n import _
from caseapp.services import accounts
from caseapp.ui.cases.code_widgets import ChoiceCombo, CodeCombo, OptionalDate
from caseapp.ui.flow_layout import FlowLayout

SEARCH_DELAY_MS = 250
ALL, MINE, OVERDUE = "all", "mine", "overdue"


class CaseFilterBar(QWidget):
    """Emits ``changed`` with the new CaseFilter; typing in the search box waits for a short pause first."""

    changed = Signal(object)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.sort, self.descending = "intake_date", True
        self.views = QButtonGroup(self)
        view_row = QHBoxLayout()
        view_row.setSpacing(0)
        for n, (key, text) in enumerate(((ALL, _("&Semua")), (MINE, _("Kasus sa&ya")), (OVERDUE, _("&Terlambat")))):
            button = QPushButton(text, objectName=f"view_{key}", checkable=True)
            button.setProperty("segment", "first" if n == 0 else "last" if n == 2 else "middle")
            button.setProperty("view", key)
            self.views.addButton(button, n)
            view_row.addWidget(button)
        self.views.button(0).setChecked(True)
        self.search = QLineEdit(objectName="caseSearch")
        self.search.setPlaceholderText(_("Cari nomor kasus, nama, NIK, kronologi atau catatan…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        search_label = QLabel(_("&Cari:"))
        search_label.setBuddy(self.search)
        self.timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.emit_changed)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(self.emit_changed)

        self.status = CodeCombo("case_status", blank=_("Semua tahap"), parent=self)
        self.status.setObjectName("filterStatus")
        self.violence = CodeCombo("violence_type", blank=_("Semua jenis kekerasan"), parent=self)
        self.violence.setObjectName("filterViolence")
        self.risk = CodeCombo("risk_level", blank=_("Semua tingkat risiko"), parent=self)
        self.risk.setObjectName("filterRisk")
        self.officer = ChoiceCombo([(None, _("Semua petugas"))] + [
            (u.username, u.full_name) for u in accounts.list_users(session) if u.active])
        self.officer.setObjectName("filterOfficer")
        self.officer.setVisible(session.user.can(Permission.VIEW_ALL_CASES))
        self.date_from, self.date_to = OptionalDate(), OptionalDate()
        self.date_from.setObjectName("filterFrom")
        self.date_to.setObjectName("filterTo")
        self.reset_button = QPushButton(_("Atur &ulang"), objectName="filterReset")
        self.reset_button.clicked.connect(self.reset)

        # Groups that wrap to a new line when the window is narrow (1366×768 at 125 %): nothing is cut off.
        views = _group(view_row)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_group = _group(search_row)
        search_group.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        search_group.setMinimumWidth(300)
        dates_row = QHBoxLayout()
        dates_row.addWidget(QLabel(_("Tgl. pengaduan")))
        dates_row.addWidget(self.date_from)
        dates_row.addWidget(QLabel("–"))
        dates_row.addWidget(self.date_to)
        top = FlowLayout()
        for w in (views, search_group, _group(dates_row)):
            top.addWidget(w)
        bottom = FlowLayout()
        bottom.addWidget(QLabel(_("Filter:"), objectName="HintLabel"))
        for w in (self.status, self.violence, self.risk, self.officer):
            # Compact combos: the longest code labels would otherwise push the page wider than a laptop screen.
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(12)
            bottom.addWidget(w)
        bottom.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self.views.idToggled.connect(lambda _id, on: on and self.emit_changed())
        for combo in (self.status, self.violence, self.risk, self.officer):
            combo.currentIndexChanged.connect(self.emit_changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.emit_changed)

    def view(self) -> str:
        return self.views.checkedButton().property("view")

    def set_view(self, key: str) -> None:
        for button in self.views.buttons():
            if button.property("view") == key:
                button.setChecked(True)

    def set_sort(self, key: str, descending: bool) -> None:
        self.sort, self.descending = key, descending

    def current(self) -> CaseFilter:
        view = self.view()
        status = self.status.value()
        return CaseFilter(
            text=self.search.text().strip(), statuses=(status,) if status else (),
            violence_type=self.violence.value(), officer=self.officer.value(),
            date_from=self.date_from.value(), date_to=self.date_to.value(), risk_level=self.risk.value(),
            mine=view == MINE, overdue=view == OVERDUE, sort=self.sort, descending=self.descending,
        )

    def emit_changed(self) -> None:
        self.timer.stop()
        self.changed.emit(self.current())

    def reset(self) -> None:
        widgets = (self.search, self.status, self.violence, self.risk, self.officer, self.date_from, self.date_to)
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        for combo in (self.status, self.violence, self.risk, self.officer):
            combo.setCurrentIndex(0)
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        for w in widgets:
            w.blockSignals(False)
        self.views.blockSignals(True)
        self.set_view(ALL)
        self.views.blockSignals(False)
        self.emit_changed()


def _group(row: QHBoxLayout) -> QWidget:
    """Widgets that stay together on one line of a wrapping bar."""
    box = QWidget()
    row.setContentsMargins(0, 0, 0, 0)
    box.setLayout(row)
    return box
