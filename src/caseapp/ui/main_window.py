"""The app shell: header band, left navigation, one page per section, status bar, Berkas/Bantuan menus."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QPushButton, QScrollArea, QStackedWidget, QStyle,
    QVBoxLayout, QWidget,
)

from caseapp.domain.accounts import Permission, Role
from caseapp.i18n import _
from caseapp.ui.sections import SECTIONS, PageContext, Section, create_page
from caseapp.ui.widgets import HeaderBand


class MainWindow(QMainWindow):
    """Pages are built on first visit and destroyed by ``clear_pages`` (called on lock)."""

    lock_requested = Signal()
    quit_requested = Signal()
    about_requested = Signal()
    selftest_requested = Signal()
    backup_requested = Signal()
    restore_requested = Signal()
    retention_requested = Signal()
    access_request_requested = Signal()
    breach_requested = Signal()

    def __init__(self, context: PageContext, *, idle_minutes: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("caseapp")
        self._closing_for_lock = False
        self._build_actions()
        self._build_menus()
        self.header = HeaderBand()
        self.lock_button = QPushButton(_("Kunci"), objectName="headerLockButton")
        self.lock_button.setToolTip(_("Kunci aplikasi sekarang (Ctrl+L)"))
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lock_button.clicked.connect(self.lock_requested)
        self.user_header = QLabel(objectName="HeaderSubtitle")
        self.nav = QListWidget(objectName="Navigation")
        self.nav.setFixedWidth(210)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget(objectName="ContentArea")
        self._pages: dict[str, QWidget] = {}
        self._holders: dict[str, QScrollArea] = {}
        for section in SECTIONS:
            item = QListWidgetItem(self.style().standardIcon(section.icon), section.title())
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setToolTip(section.description())
            item.setSizeHint(QSize(0, 40))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_section)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header_row())
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.office_status = QLabel(objectName="statusOffice")
        self.user_status = QLabel(objectName="statusUser")
        self.lock_status = QLabel(objectName="statusLock")
        for label in (self.office_status, self.user_status):
            self.statusBar().addWidget(label)
        self.backup_status = QLabel(objectName="statusBackup")
        self.statusBar().addWidget(self.backup_status)
        self.statusBar().addPermanentWidget(self.lock_status)
        self.idle_minutes = idle_minutes
        self.refresh_identity()
        self.nav.setCurrentRow(0)
        self.resize(1366, 768)  # screen_fit: as large as the screen allows (office laptops: 1366×768)

    def _header_row(self) -> QWidget:
        row = QWidget(objectName="HeaderBand")
        row.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.header.setObjectName("HeaderInner")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 20, 0)
        layout.addWidget(self.header, 1)
        layout.addWidget(self.user_header)
        layout.addSpacing(12)
        layout.addWidget(self.lock_button)
        return row

    def _build_actions(self) -> None:
        style = self.style()
        self.lock_action = QAction(_("&Kunci"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.setStatusTip(_("Tutup data kasus; buka lagi dengan kata sandi"))
        self.lock_action.triggered.connect(self.lock_requested)
        self.quit_action = QAction(_("&Keluar"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)  # closeEvent asks open editors first
        self.about_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
                                    _("&Tentang caseapp"), self)
        self.about_action.triggered.connect(self.about_requested)
        self.selftest_action = QAction(_("&Uji mandiri…"), self)
        self.selftest_action.setStatusTip(_("Periksa bahwa caseapp berfungsi di komputer ini, dengan data karangan"))
        self.selftest_action.triggered.connect(self.selftest_requested)
        self.help_action = QAction(style.standardIcon(QStyle.StandardPixmap.SP_DialogHelpButton),
                                   _("&Panduan pengguna"), self)
        self.help_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))  # F1
        self.help_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.help_action.setStatusTip(_("Buka panduan pengguna pada bagian halaman ini (F1)"))
        self.help_action.triggered.connect(self.show_help)
        self.help_window = None
        self.addAction(self.lock_action)
        self.addAction(self.help_action)
        self.backup_action = QAction(_("&Cadangkan…"), self)
        self.backup_action.setStatusTip(_("Salin seluruh data kantor ke satu berkas terenkripsi (mis. di flashdisk)"))
        self.backup_action.triggered.connect(self.backup_requested)
        self.restore_action = QAction(_("&Pulihkan…"), self)
        self.restore_action.setStatusTip(_("Pasang data kantor dari berkas cadangan ke folder data yang kosong"))
        self.restore_action.triggered.connect(self.restore_requested)
        self.retention_action = QAction(_("Masa &retensi…"), self)
        self.retention_action.setStatusTip(_("Kasus yang melewati masa retensi: tahan atau musnahkan"))
        self.retention_action.triggered.connect(self.retention_requested)
        self.access_request_action = QAction(_("Permintaan &akses data…"), self)
        self.access_request_action.setStatusTip(_("Laporan semua data yang disimpan tentang satu orang (UU PDP)"))
        self.access_request_action.triggered.connect(self.access_request_requested)
        self.breach_action = QAction(_("Ke&gagalan pelindungan data…"), self)
        self.breach_action.setStatusTip(_("Catat kebocoran data dan pemberitahuan 3 × 24 jam (UU PDP)"))
        self.breach_action.triggered.connect(self.breach_requested)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&Berkas"))
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self.retention_action)
        file_menu.addAction(self.access_request_action)
        file_menu.addAction(self.breach_action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(_("Ban&tuan"))
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.selftest_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def refresh_identity(self) -> None:
        """Re-read office and user from the session (after an office edit or a password change)."""
        office, user = self.context.session.office, self.context.session.user
        self.header.set_text(office.name, _("Kode wilayah {code} · {level}").format(code=office.code,
                                                                                      level=office.level.label))
        self.user_header.setText(f"{user.full_name} · {user.role.label}")
        self.office_status.setText(f"{office.name} ({office.code})")
        self.user_status.setText(f"{user.full_name} — {user.role.label}")
        self.set_idle_minutes(self.idle_minutes)
        can_backup = user.can(Permission.MANAGE_OFFICE)
        self.backup_action.setEnabled(can_backup)
        self.restore_action.setEnabled(can_backup)
        self.retention_action.setEnabled(user.role in (Role.SUPERVISOR, Role.ADMIN))
        self.access_request_action.setEnabled(user.can(Permission.VIEW_ALL_CASES))
        self.breach_action.setEnabled(can_backup)
        self.refresh_backup_reminder()

    def refresh_backup_reminder(self) -> None:
        """'Cadangan terakhir … hari yang lalu' on the status bar for those who can make one, when it is due."""
        from caseapp.services.backup import backup_reminder

        session = self.context.session
        text = backup_reminder(session) if session.user.can(Permission.MANAGE_OFFICE) else None
        self.backup_status.setText(f"<span style='color:#b3261e'>●</span> {text}" if text else "")
        self.backup_status.setVisible(bool(text))

    def set_idle_minutes(self, minutes: int) -> None:
        self.idle_minutes = minutes
        text = _("Terbuka")
        if minutes:
            text += " · " + _("terkunci otomatis setelah {m} menit tidak aktif").format(m=minutes)
        self.lock_status.setText("<span style='color:#1b7f79'>●</span> " + text)

    def current_section(self) -> str | None:
        row = self.nav.currentRow()
        return SECTIONS[row].key if 0 <= row < len(SECTIONS) else None

    def show_help(self) -> None:
        """Bantuan → Panduan pengguna (F1): the user guide, offline, at the part about the current page."""
        from caseapp.ui.help_browser import HelpBrowser

        if self.help_window is None:
            self.help_window = HelpBrowser(self)
            self.help_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.help_window.destroyed.connect(lambda: setattr(self, "help_window", None))
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()
        self.help_window.show_section(self.current_section())

    def section_keys(self) -> list[str]:
        return [s.key for s in SECTIONS]

    def show_section(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.section_keys().index(key))
        return self._pages[key]

    def _show_section(self, row: int) -> None:
        if row < 0:
            return
        section: Section = SECTIONS[row]
        page = self._pages.get(section.key)
        if page is None:
            page = create_page(section, self.context)
            self._pages[section.key] = page
            self._holders[section.key] = _scrolling(page)
            self.stack.addWidget(self._holders[section.key])
        self.stack.setCurrentWidget(self._holders[section.key])

    def current_page(self) -> QWidget | None:
        """The current section's page (inside its scroll area)."""
        holder = self.stack.currentWidget()
        return holder.widget() if isinstance(holder, QScrollArea) else holder

    def confirm_leave(self) -> bool:
        """Ask every page with unsaved work (e.g. open case editors); False when the user cancels."""
        for page in self._pages.values():
            confirm = getattr(page, "confirm_leave", None)
            if confirm is not None and not confirm():
                return False
        return True

    def save_drafts(self) -> None:
        """Before a lock: pages keep unsaved work as encrypted drafts (e.g. open case editors); never asks."""
        for page in self._pages.values():
            save = getattr(page, "save_drafts", None)
            if save is not None:
                save()

    def clear_pages(self) -> None:
        """Destroy every page, so no case data stays in widgets once the session is closed."""
        if self.help_window is not None:
            self.help_window.close()
        while self.stack.count():
            holder = self.stack.widget(0)
            self.stack.removeWidget(holder)
            holder.hide()
            holder.deleteLater()
        self._pages.clear()
        self._holders.clear()
        self.office_status.clear()
        self.user_status.clear()
        self.backup_status.clear()
        self.header.set_text("", "")
        self.user_header.clear()
        self.lock_status.setText("<span style='color:#b3261e'>●</span> " + _("Terkunci"))

    def close_for_lock(self) -> None:
        self._closing_for_lock = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing_for_lock:
            if not self.confirm_leave():
                event.ignore()
                return
            self.quit_requested.emit()
        event.accept()


def _scrolling(page: QWidget) -> QScrollArea:
    """A page in a frameless scroll area, so a wide page never pushes the window past a 1366-pixel screen."""
    area = QScrollArea()
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area
