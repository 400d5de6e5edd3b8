"""The "Kantor" tab: this office's card, the trusted offices, and what was last received from each of them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget,
)

from caseapp.i18n import _
from caseapp.ui.exchange.tab_frame import fill_tab
from caseapp.services import exchange, offices
from caseapp.ui.exchange.own_card_box import OwnCardBox
from caseapp.ui.exchange.sources_model import STALE_DAYS, SourcesModel
from caseapp.ui.exchange.trust_dialog import TrustCardDialog
from caseapp.ui.exchange.trusted_model import TrustedOfficesModel
from caseapp.ui.sections import PageContext
from caseapp.ui.widgets import primary_button


def _table(name: str, model) -> QTableView:
    table = QTableView(objectName=name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fit_rows(table: QTableView, *, at_most: int = 8) -> None:
    """Make a short table exactly as tall as its rows (at least one), so the tab needs no inner scrolling."""
    rows = max(1, min(table.model().rowCount(), at_most))
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(min(rows, table.model().rowCount())))
    height += table.verticalHeader().defaultSectionSize() * max(0, rows - table.model().rowCount())
    table.setFixedHeight(height + 2)


class OfficesTab(QWidget):
    trusted_changed = Signal()

    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.session, self.jobs = context.session, context.jobs
        self.dialog: TrustCardDialog | None = None  # the open dialog (tests reach it here)
        self.own_card = OwnCardBox(self.session, self.jobs)
        self.trusted_model = TrustedOfficesModel(self)
        self.trusted_table = _table("trustedTable", self.trusted_model)
        self.trust_button = primary_button(_("&Percayai kartu kantor…"))
        self.trust_button.setObjectName("trustCardButton")
        self.trust_button.clicked.connect(self.open_trust_dialog)
        trusted_box = QGroupBox(_("Kantor tepercaya"))
        trusted_layout = QVBoxLayout(trusted_box)
        hint = QLabel(_("Paket hanya dapat dikirim ke, dan diterima dari, kantor yang kartunya sudah dicocokkan "
                        "sidik jarinya melalui telepon."), objectName="HintLabel")
        hint.setWordWrap(True)
        trusted_layout.addWidget(hint)
        trusted_layout.addWidget(self.trusted_table)
        row = QHBoxLayout()
        row.addWidget(self.trust_button)
        row.addStretch(1)
        trusted_layout.addLayout(row)
        self.sources_model = SourcesModel(self)
        self.sources_table = _table("sourcesTable", self.sources_model)
        sources_box = QGroupBox(_("Paket yang diterima per kantor"))
        sources_layout = QVBoxLayout(sources_box)
        sources_hint = QLabel(_("Hari sejak paket terakhir ditandai merah bila lebih dari {n} hari; nomor paket yang "
                                "hilang perlu diminta ulang ke kantor pengirim.").format(n=STALE_DAYS),
                              objectName="HintLabel")
        sources_hint.setWordWrap(True)
        sources_layout.addWidget(sources_hint)
        sources_layout.addWidget(self.sources_table)
        fill_tab(self, [self.own_card, trusted_box, sources_box])
        self.refresh()

    def refresh(self) -> None:
        self.trusted_model.set_offices(offices.trusted_offices(self.session))
        self.sources_model.set_sources(exchange.sources(self.session))
        for table in (self.trusted_table, self.sources_table):
            table.resizeColumnsToContents()
            fit_rows(table)

    def set_busy(self, busy: bool) -> None:
        self.trust_button.setEnabled(not busy)
        self.own_card.set_busy(busy)

    def open_trust_dialog(self) -> None:
        if self.jobs.busy:
            return
        self.dialog = TrustCardDialog(self.session, self)
        accepted = self.dialog.exec()
        self.dialog = None
        if accepted:
            self.refresh()
            self.trusted_changed.emit()
