"""The main window's sections and how each gets its page: later features add a module to PAGE_MODULES."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtWidgets import QStyle, QWidget

from caseapp.i18n import _
from caseapp.services.session import Session
from caseapp.ui.jobs import JobRunner


@dataclass
class PageContext:
    """What a section page may use: the open session, the job runner and a few window callbacks."""

    session: Session
    jobs: JobRunner
    office_changed: Callable[[], None] = lambda: None
    language_changed: Callable[[str], None] = lambda lang: None
    idle_minutes_changed: Callable[[int], None] = lambda minutes: None
    lock: Callable[[], None] = lambda: None
    extras: dict = field(default_factory=dict)


PageFactory = Callable[[PageContext], QWidget]


@dataclass(frozen=True)
class Section:
    key: str
    title: Callable[[], str]
    description: Callable[[], str]
    icon: QStyle.StandardPixmap


SP = QStyle.StandardPixmap
SECTIONS: tuple[Section, ...] = (
    Section("home", lambda: _("Beranda"), lambda: _(
        "Yang perlu Anda tangani hari ini: tenggat kasus, kasus risiko tinggi tanpa layanan, surat yang menunggu, "
        "konflik data, dan pengiriman data ke provinsi."), SP.SP_DesktopIcon),
    Section("cases", lambda: _("Kasus"), lambda: _(
        "Di sini petugas akan mencatat pengaduan dan kasus, korban dan pelaku, layanan yang diberikan, "
        "serta perkembangan penanganan hingga kasus ditutup."), SP.SP_FileDialogDetailedView),
    Section("referrals", lambda: _("Rujukan"), lambda: _(
        "Di sini akan dibuat dan dicetak surat rujukan ke layanan lain (rumah sakit, polisi, psikolog, "
        "rumah aman), disetujui kepala UPTD, dan dipantau tindak lanjutnya."), SP.SP_FileLinkIcon),
    Section("exchange", lambda: _("Pertukaran Data"), lambda: _(
        "Di sini akan dikirim dan diterima berkas pertukaran terenkripsi antara kantor kabupaten/kota "
        "dan provinsi, lengkap dengan tanda terima."), SP.SP_BrowserReload),
    Section("reports", lambda: _("Laporan"), lambda: _(
        "Statistik, grafik tren, rekap SIMFONI-PPA, serta laporan PDF, XLSX dan CSV tanpa identitas korban."),
        SP.SP_FileDialogContentsView),
    Section("settings", lambda: _("Pengaturan"), lambda: _(
        "Pengaturan kantor, pengguna, akun dan tampilan."), SP.SP_ComputerIcon),
)

# section key -> module with ``create_page(context) -> QWidget``; a missing module shows the placeholder.
PAGE_MODULES: dict[str, str] = {
    "home": "caseapp.ui.home_page",
    "cases": "caseapp.ui.cases.case_list_page",
    "referrals": "caseapp.ui.letters",
    "exchange": "caseapp.ui.exchange",
    "reports": "caseapp.ui.reports",
    "settings": "caseapp.ui.settings_page",
}
_registered: dict[str, PageFactory] = {}


def register_page(key: str, factory: PageFactory) -> None:
    """Use ``factory`` for section ``key`` instead of (or before) its module in PAGE_MODULES."""
    _registered[key] = factory


def page_factory(key: str) -> PageFactory | None:
    if key in _registered:
        return _registered[key]
    name = PAGE_MODULES.get(key)
    if not name:
        return None
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None  # the feature is not built yet
        raise
    return getattr(module, "create_page", None)


def create_page(section: Section, context: PageContext) -> QWidget:
    factory = page_factory(section.key)
    if factory is None:
        from caseapp.ui.placeholder_page import PlaceholderPage

        return PlaceholderPage(section.title(), section.description())
    return factory(context)
