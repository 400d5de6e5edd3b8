"""The "Pertukaran Data" page: Kirim, Terima, Konflik and Kantor tabs, for supervisors and administrators only."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from caseapp.domain.accounts import Permission
from caseapp.i18n import _
from caseapp.ui import data_events
from caseapp.ui.sections import PageContext


class ExchangePage(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("PageSurface")
        self.tabs: QTabWidget | None = None
        self.send_tab = self.receive_tab = self.conflicts_tab = self.offices_tab = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(QLabel(_("Pertukaran Data"), objectName="PageTitle"))
        if not context.session.user.can(Permission.EXCHANGE_DATA):
            self.explanation = QLabel(_(
                "Pengiriman dan penerimaan paket data antarkantor hanya dapat dilakukan oleh kepala UPTD "
                "(supervisor) atau administrator, karena paket berisi data kasus dari seluruh kantor. "
                "Bila ada paket dari kantor lain atau data yang perlu dikirim ke provinsi, serahkan kepada "
                "kepala UPTD atau administrator."), objectName="SectionHint")
            self.explanation.setWordWrap(True)
            layout.addWidget(self.explanation)
            layout.addStretch(1)
            return
        from caseapp.ui.exchange.conflicts_tab import ConflictsTab
        from caseapp.ui.exchange.offices_tab import OfficesTab
        from caseapp.ui.exchange.receive_tab import ReceiveTab
        from caseapp.ui.exchange.send_tab import SendTab

        self.tabs = QTabWidget(objectName="exchangeTabs")
        self.send_tab = SendTab(context)
        self.receive_tab = ReceiveTab(context)
        self.conflicts_tab = ConflictsTab(context)
        self.offices_tab = OfficesTab(context)
        self.tabs.addTab(self.send_tab, _("&Kirim"))
        self.tabs.addTab(self.receive_tab, _("&Terima"))
        self.tabs.addTab(self.conflicts_tab, _("K&onflik"))
        self.tabs.addTab(self.offices_tab, _("Ka&ntor"))
        layout.addWidget(self.tabs, 1)
        self.send_tab.exported.connect(self._after_export)
        self.receive_tab.imported.connect(self._after_import)
        self.offices_tab.trusted_changed.connect(self._after_trust)
        self.conflicts_tab.resolved.connect(lambda _id: self._update_conflict_title())
        self.tabs.currentChanged.connect(self._tab_shown)
        context.jobs.busyChanged.connect(self.set_busy)
        self.set_busy(context.jobs.busy)
        self._update_conflict_title()

    def set_busy(self, busy: bool) -> None:
        """While any job runs, the page issues no other writes: its action buttons are disabled."""
        for tab in (self.send_tab, self.receive_tab, self.conflicts_tab, self.offices_tab):
            tab.set_busy(busy)

    def _after_export(self, _result) -> None:
        self.offices_tab.refresh()
        data_events.hub().cases_changed.emit()  # a hand-over makes cases read-only here

    def _after_import(self, _result) -> None:
        data_events.hub().cases_changed.emit()  # new or merged cases, or a receipt: lists refresh by themselves
        self.conflicts_tab.refresh()
        self.offices_tab.refresh()
        self._update_conflict_title()

    def _after_trust(self) -> None:
        self.send_tab.refresh()
        self.conflicts_tab.refresh()

    def _tab_shown(self, _index: int) -> None:
        if self.context.jobs.busy:
            return  # a worker holds the database; refresh when it is done
        current = self.tabs.currentWidget()
        if current is self.conflicts_tab:
            self.conflicts_tab.refresh()
        elif current is self.offices_tab:
            self.offices_tab.refresh()
        self._update_conflict_title()

    def _update_conflict_title(self) -> None:
        n = self.conflicts_tab.model.rowCount()
        title = _("K&onflik") + (f" ({n})" if n else "")
        self.tabs.setTabText(self.tabs.indexOf(self.conflicts_tab), title)

    def show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)


def create_page(context: PageContext) -> QWidget:
    return ExchangePage(context)
