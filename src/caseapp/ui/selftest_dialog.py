"""Bantuan → Uji mandiri: run the self-test from the GUI and list each step with ✓/✗.

Also holds the window check the self-test uses: open the temporary office's main window (in this
process from the GUI; in an offscreen child process from ``caseapp-cli selftest``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from caseapp.i18n import _
from caseapp.services.selftest import SELFTEST_KDF, SelftestFailed, StepResult, TempOffice, run_selftest, selftest_steps


def open_main_window(office: TempOffice, *, show: bool) -> None:
    """Unlock the temporary office and build its main window with every section page; close it again."""
    from caseapp.services.session import unlock
    from caseapp.ui.jobs import JobRunner
    from caseapp.ui.main_window import MainWindow
    from caseapp.ui.sections import SECTIONS, PageContext

    session = unlock(office.data_dir, office.username, office.password, kdf_policy=SELFTEST_KDF)
    jobs = JobRunner()
    window = None
    try:
        window = MainWindow(PageContext(session, jobs), idle_minutes=0)
        if show:
            window.show()
        for section in SECTIONS:
            page = window.show_section(section.key)
            QApplication.processEvents()
            if page is None or window.current_page() is not page:
                raise SelftestFailed(_("Halaman {name} tidak dapat dibuka.").format(name=section.title()))
    finally:
        if window is not None:
            window.clear_pages()
            window.hide()
            window.deleteLater()
        jobs.pool.waitForDone(5000)
        jobs.deleteLater()
        QApplication.processEvents()
        session.close(action=None)


def open_main_window_offscreen(office: TempOffice) -> None:
    """The child process of ``caseapp-cli selftest``: a QApplication on the offscreen platform, styled as the app."""
    import os

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from caseapp.ui import qt_runtime
    from caseapp.ui.style import apply_style

    qt_runtime.apply()
    app = QApplication.instance() or QApplication(["caseapp-selftest"])
    apply_style(app)
    open_main_window(office, show=True)


def _line(result: StepResult) -> str:
    mark = "✓" if result.ok else "✗"
    return f"{mark}  {result.title}" + (f" — {result.detail}" if result.detail else "")


class SelftestDialog(QDialog):
    """Lists the steps; Jalankan runs them (a few seconds) and marks each one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Uji mandiri caseapp"))
        intro = QLabel(_("Uji mandiri memeriksa bahwa caseapp berfungsi di komputer ini. Uji ini memakai dua kantor "
                         "sementara berisi data karangan dan menghapusnya lagi; data kantor Anda tidak dibuka."))
        intro.setWordWrap(True)
        self.steps = QListWidget(objectName="selftestSteps")
        self.summary = QLabel(objectName="selftestSummary")
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Tutup"))
        buttons.rejected.connect(self.reject)
        self.run_button = QPushButton(_("&Jalankan uji"), objectName="selftestRun")
        buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.run_button.clicked.connect(self.run)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self._list_pending()
        self.resize(560, 380)

    def _list_pending(self) -> None:
        self.steps.clear()
        for title in selftest_steps():
            self.steps.addItem(QListWidgetItem(f"•  {title}"))

    def _report(self, result: StepResult) -> None:
        item = self.steps.item(self._done)
        if item is not None:
            item.setText(_line(result))
        self._done += 1
        QApplication.processEvents()

    def run(self) -> list[StepResult]:
        self.run_button.setEnabled(False)
        self._list_pending()
        self.summary.clear()
        self._done = 0
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            results = run_selftest(self._report, window_check=lambda office: open_main_window(office, show=False))
        finally:
            QApplication.restoreOverrideCursor()
            self.run_button.setEnabled(True)
        if all(r.ok for r in results):
            self.summary.setText(_("Semua langkah berhasil."))
        else:
            self.summary.setText(_("Ada langkah yang gagal. Catat pesan di atas dan hubungi petugas TI dinas."))
        return results
