"""The "Konflik" tab: fields edited differently in both offices, shown side by side, resolved by a person."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton,
    QTableView, QVBoxLayout, QWidget,
)

from caseapp.i18n import _
from caseapp.services import exchange, offices
from caseapp.services.exchange import Conflict
from caseapp.ui.exchange.conflicts_model import ConflictsModel
from caseapp.ui.exchange.labels import field_label, value_text
from caseapp.ui.messages import show_error
from caseapp.ui.sections import PageContext


class ConflictsTab(QWidget):
    resolved = Signal(str)  # conflict id

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.session, self.jobs = context.session, context.jobs
        intro = QLabel(_("Konflik muncul bila kolom yang sama diubah di kantor ini dan di kantor lain sejak pertukaran "
                         "terakhir. Sampai diputuskan, kantor ini tetap memakai nilainya sendiri. Periksa kedua nilai, "
                         "bila perlu telepon kantor lain, lalu pilih salah satu."), objectName="SectionHint")
        intro.setWordWrap(True)
        self.model = ConflictsModel(self)
        self.table = QTableView(objectName="conflictsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):  # the two values get the room
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.empty = QLabel(_("Tidak ada konflik yang terbuka."), objectName="OkLabel")
        self.detail = QGroupBox(_("Perbandingan"))
        self.field = QLabel(objectName="conflictField")
        self.field.setStyleSheet("font-weight: bold;")
        self.local = QPlainTextEdit(objectName="localValue", readOnly=True)
        self.remote = QPlainTextEdit(objectName="remoteValue", readOnly=True)
        self.remote_title = QLabel()
        for box in (self.local, self.remote):
            box.setMaximumHeight(120)
        self.use_local = QPushButton(_("Pakai nilai kantor &ini"), objectName="useLocalButton")
        self.use_remote = QPushButton(_("Pakai nilai kantor &lain"), objectName="useRemoteButton")
        self.use_local.clicked.connect(lambda: self.resolve("local"))
        self.use_remote.clicked.connect(lambda: self.resolve("remote"))
        grid = QGridLayout(self.detail)
        grid.addWidget(self.field, 0, 0, 1, 2)
        grid.addWidget(QLabel(_("Nilai di kantor ini")), 1, 0)
        grid.addWidget(self.remote_title, 1, 1)
        grid.addWidget(self.local, 2, 0)
        grid.addWidget(self.remote, 2, 1)
        grid.addWidget(self.use_local, 3, 0)
        grid.addWidget(self.use_remote, 3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        self._busy = False
        self.refresh()

    def refresh(self) -> None:
        names = {o.code: o.name for o in offices.trusted_offices(self.session)}
        self.model.set_conflicts(exchange.open_conflicts(self.session), names)
        has = self.model.rowCount() > 0
        self.empty.setVisible(not has)
        self.table.setVisible(has)
        if has:
            self.table.selectRow(0)
        self._show_selected()

    def selected(self) -> Conflict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.conflict_at(rows[0].row()) if rows else None

    def _show_selected(self, *_args) -> None:
        conflict = self.selected()
        self.detail.setVisible(conflict is not None)
        if conflict is not None:
            self.field.setText(_("Kasus {case} · {field}").format(case=conflict.case_number,
                                                                  field=field_label(conflict.path)))
            self.local.setPlainText(value_text(conflict.local))
            self.remote.setPlainText(value_text(conflict.remote))
            self.remote_title.setText(_("Nilai dari {office}").format(
                office=self.model.office_names.get(conflict.peer, conflict.peer)))
        self.set_busy(self._busy)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        enabled = not busy and self.selected() is not None
        self.use_local.setEnabled(enabled)
        self.use_remote.setEnabled(enabled)

    def resolve(self, choice: str) -> None:
        conflict = self.selected()
        if conflict is None or self.jobs.busy:
            return
        self.set_busy(True)

        def done(_result) -> None:
            self.refresh()
            self.resolved.emit(conflict.id)

        def failed(exc: BaseException) -> None:
            show_error(self, exc, _("Konflik tidak diselesaikan"))
            self.refresh()

        self.jobs.start(exchange.resolve_conflict, self.session, conflict.id, choice, on_success=done,
                        on_error=failed)
