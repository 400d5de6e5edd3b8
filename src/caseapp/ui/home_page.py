"""Beranda: the first page after unlock — what is due for this user; each row opens its case, letter or conflict."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from caseapp.domain.accounts import Permission
from caseapp.i18n import _
from caseapp.services import home
from caseapp.ui.messages import show_error, user_message
from caseapp.ui.widgets import ErrorLabel

ROLE = Qt.ItemDataRole.UserRole


def _when(text: str) -> str:
    if not text:
        return ""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return value.strftime("%d-%m-%Y %H:%M") if "T" in text else value.strftime("%d-%m-%Y")


class HomeSection(QGroupBox):
    """One list of the home page: a titled table whose rows open on double-click or Enter."""

    def __init__(self, key: str, title: str, columns: list[str], empty: str, page: "HomePage"):
        super().__init__(title)
        self.key, self.base_title, self.empty_text, self.page = key, title, empty, page
        self.setObjectName(f"home_{key}")
        self.table = QTableWidget(0, len(columns), objectName=f"home_{key}_table")
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemActivated.connect(lambda item: self.page.open_row(self.rows[item.row()]))
        self.empty = QLabel(empty, objectName="SectionHint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        self.rows: list[home.HomeRow] = []

    def set_rows(self, rows: list[home.HomeRow], cells: list[list[str]]) -> None:
        self.rows = rows
        self.setTitle(f"{self.base_title} ({len(rows)})" if rows else self.base_title)
        self.table.setRowCount(len(rows))
        for r, line in enumerate(cells):
            for c, text in enumerate(line):
                item = QTableWidgetItem(text)
                if rows[r].overdue:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.setFixedHeight(min(8, max(1, len(rows))) * 26 + self.table.horizontalHeader().height() + 4)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)


class HomePage(QWidget):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("PageSurface")
        self.context = context
        self.session = context.session
        title = QLabel(_("Beranda"), objectName="PageTitle")
        self.greeting = QLabel(objectName="SectionHint")
        self.refresh_button = QPushButton(_("&Muat ulang"), objectName="homeRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.bundle = QLabel(objectName="homeBundle")
        self.bundle.setWordWrap(True)
        self.error = ErrorLabel()
        self.due = HomeSection("due", _("Kasus saya dengan tenggat hari ini atau terlewat"),
                               [_("Nomor kasus"), _("Korban"), _("Tenggat")],
                               _("Tidak ada tenggat hari ini atau yang terlewat."), self)
        self.high_risk = HomeSection("high_risk", _("Kasus risiko tinggi yang belum mendapat layanan"),
                                     [_("Nomor kasus"), _("Korban"), _("Tanggal pengaduan")],
                                     _("Semua kasus risiko tinggi sudah mendapat layanan."), self)
        self.letters = HomeSection("letters", _("Surat rujukan menunggu persetujuan atau tanggapan"),
                                   [_("Nomor kasus"), _("Tujuan"), _("Keadaan"), _("Tanggal")],
                                   _("Tidak ada surat yang menunggu."), self)
        self.conflicts = HomeSection("conflicts", _("Konflik data yang perlu diputuskan"),
                                     [_("Nomor kasus"), _("Kantor"), _("Jumlah isian")],
                                     _("Tidak ada konflik yang menunggu keputusan."), self)
        head = QHBoxLayout()
        head.addWidget(title, 1)
        head.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addWidget(self.greeting)
        layout.addWidget(self.bundle)
        layout.addWidget(self.error)
        for section in (self.due, self.high_risk, self.letters, self.conflicts):
            layout.addWidget(section)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        try:
            data = home.summary(self.session)
        except Exception as exc:  # noqa: BLE001
            self.error.show_message(user_message(exc))
            return
        self.error.clear_message()
        self.data = data
        self.greeting.setText(_("Selamat datang, {name}. Baris tebal sudah melewati tenggat; klik dua kali sebuah "
                                "baris untuk membukanya.").format(name=self.session.user.full_name))
        self.due.set_rows(data.due, [[r.case_number, r.detail, _when(r.when)] for r in data.due])
        self.high_risk.set_rows(data.high_risk, [[r.case_number, r.detail, _when(r.when)] for r in data.high_risk])
        states = {"draf": _("Menunggu persetujuan"), "dikirim": _("Menunggu tanggapan")}
        self.letters.set_rows(data.letters, [[r.case_number, r.detail, states.get(r.state, r.state), _when(r.when)]
                                             for r in data.letters])
        self.conflicts.set_rows(data.conflicts, [[r.case_number, r.detail, r.when] for r in data.conflicts])
        self.conflicts.setVisible(self.session.user.can(Permission.EXCHANGE_DATA))
        if data.province is None:
            self.bundle.hide()
        elif data.days_since_bundle is None:
            self.bundle.setText(_("Belum pernah ada paket data yang dikirim ke provinsi."))
        else:
            self.bundle.setText(_("Paket data terakhir ke provinsi dikirim {n} hari yang lalu.")
                                .format(n=data.days_since_bundle))

    def open_row(self, row: home.HomeRow) -> None:
        """Open the row's case (Kasus), letter (Rujukan) or the conflicts tab (Pertukaran Data)."""
        window = self.window()
        show = getattr(window, "show_section", None)
        if show is None:
            return
        try:
            if row.kind == "case":
                show("cases").open_case(row.target)
            elif row.kind == "letter":
                show("referrals").refresh(select=row.target)
            else:
                page = show("exchange")
                if hasattr(page, "conflicts_tab"):
                    page.show_tab(page.conflicts_tab)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if getattr(self, "data", None) is not None and not getattr(self, "_first_show", True):
            self.refresh()
        self._first_show = False


def create_page(context) -> QWidget:
    return HomePage(context)
