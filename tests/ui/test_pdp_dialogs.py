"""Berkas → Permintaan akses data… and Kegagalan pelindungan data…, driven as an officer would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from caseapp.services import breaches, cases
from caseapp.services.session import unlock
from tests.letters.pdfutil import flat
from tests.services.test_exchange import _case
from tests.ui.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD, unlock_as

NIK = "7406014503120001"


def _main(qtbot, make_controller, user="admin", password=ADMIN_PASSWORD):
    controller = make_controller()
    unlock_as(qtbot, controller, user, password)
    qtbot.waitUntil(lambda: controller.main_window is not None and controller.main_window.isVisible(), timeout=10000)
    return controller


def test_access_request_report_from_the_menu(qtbot, office, make_controller, data_dir, kdf_policy, tmp_path):
    s = unlock(data_dir, "admin", ADMIN_PASSWORD, kdf_policy=kdf_policy)
    try:
        mine = cases.create_case(s, _case("Nurlela Wulandari", nik=NIK))
        cases.create_case(s, _case("Halimah Tusadiah"))
    finally:
        s.close()
    controller = _main(qtbot, make_controller)
    controller.main_window.access_request_action.trigger()
    dialog = controller.backup_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.query, "123")
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    assert "16 angka" in dialog.status.text() and dialog.pdf is None
    dialog.query.clear()
    qtbot.keyClicks(dialog.query, NIK)
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    assert "1 kasus" in dialog.status.text() and dialog.save_button.isEnabled()
    saved = dialog.save_as(str(tmp_path / "akses"))
    content = flat(saved.read_bytes())
    assert saved.suffix == ".pdf" and mine.case_number in content and "Halimah" not in content
    dialog.close()


def test_breach_recorded_clock_shown_and_notified(qtbot, office, make_controller, tmp_path):
    controller = _main(qtbot, make_controller)
    controller.main_window.breach_action.trigger()
    dialog = controller.backup_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)  # empty form
    assert "wajib diisi" in dialog.status.text() and dialog.table.rowCount() == 0
    qtbot.keyClicks(dialog.what, "Laptop kantor dicuri dari mobil petugas.")
    qtbot.keyClicks(dialog.data_kinds, "Nama dan alamat korban")
    dialog.people.setValue(12)
    qtbot.keyClicks(dialog.measures, "Semua kata sandi diganti.")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1 and "sisa 7" in dialog.table.item(0, 2).text()  # 71–72 hours left
    assert "Tercatat" in dialog.status.text()
    saved = dialog.save_selected_as(str(tmp_path / "pemberitahuan.pdf"))
    assert "Laptopkantordicuri" in flat(saved.read_bytes())
    qtbot.mouseClick(dialog.notified_button, Qt.MouseButton.LeftButton)
    assert "dikirim" in dialog.table.item(0, 2).text() and not dialog.notified_button.isEnabled()
    assert breaches.list_breaches(controller.session)[0].notified_at is not None
    dialog.close()


def test_officers_cannot_open_either(qtbot, office, make_controller):
    controller = _main(qtbot, make_controller, "siti", OFFICER_PASSWORD)
    window = controller.main_window
    assert not window.access_request_action.isEnabled() and not window.breach_action.isEnabled()
