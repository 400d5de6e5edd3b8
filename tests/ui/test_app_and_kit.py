"""The real entry point starts and quits cleanly; the recovery kit prints from memory and saves only when asked."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

from caseapp.services.recovery_kit import recovery_kit_pdf
from caseapp.services.session import unlock
from tests.ui.conftest import ADMIN_PASSWORD, unlock_as

SCRIPT = textwrap.dedent("""
    from PySide6.QtCore import QTimer
    from caseapp.ui import controller as c

    started = c.AppController.start

    def start(self):
        started(self)
        window = self.wizard or self.unlock_window
        print("window", type(window).__name__, flush=True)
        QTimer.singleShot(300, window.close)

    c.AppController.start = start
    from caseapp.app import main
    raise SystemExit(main([]))
""")


def _run_app(data_dir, **env):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CASEAPP_DATA_DIR": str(data_dir.root), **env}
    return subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, env=env)


def test_main_shows_the_wizard_on_first_run_and_quits_cleanly(data_dir):
    result = _run_app(data_dir)
    assert result.returncode == 0, result.stderr[-1500:]
    assert "window SetupWizard" in result.stdout
    assert "Traceback" not in result.stderr
    assert not data_dir.is_initialized()


def test_main_shows_the_unlock_window_for_an_existing_office(office, data_dir):
    result = _run_app(data_dir)
    assert result.returncode == 0, result.stderr[-1500:]
    assert "window UnlockWindow" in result.stdout


def test_closing_the_main_window_quits_and_releases_the_store(qtbot, office, data_dir, kdf_policy, tmp_path):
    from caseapp.ui.controller import AppController

    quits = []
    controller = AppController(data_dir, kdf_policy=kdf_policy, on_quit=lambda: quits.append(1))
    controller.start()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    controller.main_window.close()
    assert quits == [1] and controller.session is None and controller.main_window is None
    unlock(data_dir, "admin", ADMIN_PASSWORD, kdf_policy=kdf_policy).close()  # the directory lock was released
    controller.unlock_window.deleteLater()


def test_recovery_kit_renders_to_a_printer(qtbot, office, data_dir, kdf_policy, tmp_path):
    from caseapp.ui.pdf_print import MemoryPdf, paint_pages

    with unlock(data_dir, "admin", ADMIN_PASSWORD, kdf_policy=kdf_policy) as session:
        data = recovery_kit_pdf(session, office)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # stands in for a real printer in the test
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pdf = MemoryPdf(data)
    assert paint_pages([pdf], printer) == pdf.document.pageCount() >= 1
    assert (tmp_path / "printed.pdf").stat().st_size > 1000


def test_saving_the_kit_warns_first_and_writes_only_where_asked(qtbot, make_controller, data_dir, tmp_path, monkeypatch):
    from caseapp.domain.accounts import NewUser, OfficeLevel, Role
    from caseapp.services.setup import OfficeProfile, initialize_office
    from caseapp.ui.recovery_key_page import RecoveryKeyPage
    from caseapp.ui.setup_wizard import SetupWizard

    controller = make_controller()
    wizard: SetupWizard = controller.wizard
    wizard.setup_result = initialize_office(
        data_dir, OfficeProfile("74", "UPTD PPA Provinsi Sulawesi Tenggara", OfficeLevel.PROVINSI),
        NewUser("admin", "Andi", Role.ADMIN), ADMIN_PASSWORD, kdf_policy=controller.kdf_policy)
    page: RecoveryKeyPage = wizard.recovery_page
    page.initializePage()
    warnings = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: warnings.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.buttons()[0])
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    target = tmp_path / "kit.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page._save()
    assert "TIDAK terenkripsi" in warnings[0]
    assert target.read_bytes().startswith(b"%PDF")
    wizard.setup_result.session.close()
    wizard.setup_result = None
