"""Bantuan → Uji mandiri: the dialog lists the steps, runs them and marks each one."""

from __future__ import annotations

import tempfile

from PySide6.QtCore import Qt

from caseapp.services import selftest
from caseapp.ui.selftest_dialog import SelftestDialog


def test_dialog_runs_every_step_and_marks_it(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dialog = SelftestDialog()
    qtbot.addWidget(dialog)
    titles = selftest.selftest_steps()
    assert [dialog.steps.item(i).text() for i in range(dialog.steps.count())] == [f"•  {t}" for t in titles]
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert [dialog.steps.item(i).text() for i in range(dialog.steps.count())] == [f"✓  {t}" for t in titles]
    assert dialog.summary.text() == "Semua langkah berhasil."
    assert list(tmp_path.iterdir()) == []


def test_dialog_shows_a_failure(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    from caseapp.services import referrals

    monkeypatch.setattr(referrals, "render_letter", lambda *a, **k: b"not a pdf")
    dialog = SelftestDialog()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    texts = [dialog.steps.item(i).text() for i in range(dialog.steps.count())]
    assert "✗  Membuat surat rujukan (PDF) — Surat rujukan tidak menghasilkan PDF yang utuh." in texts
    assert texts[-1] == "✓  Menghapus semua berkas uji"
    assert "gagal" in dialog.summary.text()


def test_bantuan_menu_opens_the_selftest(qtbot, office, make_controller, tmp_path, monkeypatch):
    from tests.ui.conftest import ADMIN_PASSWORD, unlock_as

    controller = make_controller()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    window = controller.main_window
    help_menu = [a.menu() for a in window.menuBar().actions() if a.text() == "Ban&tuan"][0]
    assert window.selftest_action in help_menu.actions()
    window.selftest_action.trigger()
    dialog = window.findChild(SelftestDialog)
    assert dialog is not None and dialog.isVisible()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "t"))
    (tmp_path / "t").mkdir()
    dialog.run()
    assert dialog.summary.text() == "Semua langkah berhasil."
    assert controller.session is not None and not controller.session.closed  # the office stayed open
