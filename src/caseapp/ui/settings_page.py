"""The "Pengaturan" section: Kantor, Pengguna (administrators only), Akun saya and Tampilan tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from caseapp.domain.accounts import Permission
from caseapp.i18n import _
from caseapp.ui.sections import PageContext


class SettingsPage(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None):
        super().__init__(parent)
        from caseapp.ui.account_tab import AccountTab
        from caseapp.ui.display_tab import DisplayTab
        from caseapp.ui.office_tab import OfficeTab

        self.setObjectName("PageSurface")
        self.tabs = QTabWidget(objectName="settingsTabs")
        self.office_tab = OfficeTab(context)
        self.tabs.addTab(self.office_tab, _("&Kantor"))
        from caseapp.ui.letterhead_tab import LetterheadTab

        self.letterhead_tab = LetterheadTab(context)
        self.tabs.addTab(self.letterhead_tab, _("Kop &surat"))
        self.users_tab = None
        if context.session.user.can(Permission.MANAGE_USERS):
            from caseapp.ui.users_page import UsersPage

            self.users_tab = UsersPage(context)
            self.tabs.addTab(self.users_tab, _("&Pengguna"))
        self.account_tab = AccountTab(context)
        self.tabs.addTab(self.account_tab, _("&Akun saya"))
        self.display_tab = DisplayTab(context)
        self.tabs.addTab(self.display_tab, _("T&ampilan"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(QLabel(_("Pengaturan"), objectName="PageTitle"))
        layout.addWidget(self.tabs, 1)

    def show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)


def create_page(context: PageContext) -> QWidget:
    return SettingsPage(context)
