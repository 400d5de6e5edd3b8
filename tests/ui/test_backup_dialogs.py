"""Berkas → Cadangkan… / Pulihkan…, the status-bar reminder, and restoring from the setup wizard."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from caseapp.datadir import DataDir
from caseapp.services import clock
from tests.ui.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD, unlock_as


def _open_main(qtbot, make_controller, user="admin", password=ADMIN_PASSWORD):
    controller = make_controller()
    unlock_as(qtbot, controller, user, password)
    qtbot.waitUntil(lambda: controller.main_window is not None and controller.main_window.isVisible(), timeout=10000)
    return controller


def test_backup_from_the_menu_clears_the_reminder_and_restore_in_the_wizard(qtbot, office, make_controller,
                                                                            tmp_path, kdf_policy):
    controller = _open_main(qtbot, make_controller)
    window = controller.main_window
    assert window.backup_status.isVisible() and "Belum pernah" in window.backup_status.text()
    window.backup_action.trigger()
    dialog = controller.backup_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)  # no folder chosen yet
    assert "Pilih folder" in dialog.status.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    qtbot.keyClicks(dialog.folder_edit, str(usb))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and "sudah diperiksa" in dialog.status.text(), timeout=20000)
    (made,) = list(usb.iterdir())
    assert str(made) in dialog.status.text()
    assert not window.backup_status.isVisible()
    # Eight days later the reminder is back.
    later = dt.datetime.now().astimezone() + dt.timedelta(days=8)
    clock.set_for_tests(lambda: later)
    try:
        window.refresh_backup_reminder()
        assert window.backup_status.isVisible() and "8 hari" in window.backup_status.text()
    finally:
        clock.set_for_tests()
    dialog.close()

    # A fresh installation restores it from the first-run wizard, then unlocks as usual.
    from caseapp.ui.controller import AppController

    fresh = DataDir(tmp_path / "laptop-baru")
    other = AppController(fresh, kdf_policy=kdf_policy, on_quit=lambda: None)
    other.start()
    try:
        wizard = other.wizard
        assert wizard is not None and wizard.isVisible()
        qtbot.mouseClick(wizard.welcome_page.restore_button, Qt.MouseButton.LeftButton)
        restore = wizard.restore_dialog
        qtbot.waitUntil(restore.isVisible)
        qtbot.keyClicks(restore.file_edit, str(made))
        qtbot.keyClicks(restore.key_edit, "AAAAA-BBBBB-CCCCC")  # a mistyped key: a clear message, nothing written
        qtbot.mouseClick(restore.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: restore.job is None and bool(restore.status.text()), timeout=20000)
        assert "kunci pemulihan" in restore.status.text().lower() and not fresh.database.exists()
        restore.key_edit.clear()
        qtbot.keyClicks(restore.key_edit, office)
        qtbot.mouseClick(restore.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: other.unlock_window is not None and other.unlock_window.isVisible(), timeout=20000)
        assert fresh.is_initialized() and other.wizard is None
        unlock_as(qtbot, other, "admin", ADMIN_PASSWORD)
        unlocking = other.unlock_window

        def entered_or_refused() -> bool:
            return (other.main_window is not None and other.main_window.isVisible()) or bool(
                unlocking.error.isVisible() and unlocking.error.text())

        # Unlock runs on the job thread (Argon2id, then the first open of the restored store); a busy CI machine
        # can take a while, so wait longer, and say why if the unlock was refused.
        qtbot.waitUntil(entered_or_refused, timeout=30000)
        assert other.main_window is not None and other.main_window.isVisible(), unlocking.error.text()
        assert other.session.office.name == controller.session.office.name
    finally:
        other.jobs.wait(5000)
        other.idle.stop()
        if other.session is not None:
            other.session.close()
        for w in (other.main_window, other.unlock_window):
            if w is not None:
                w.hide()
                w.deleteLater()


def test_cancel_stops_the_backup_and_leaves_no_file(qtbot, office, make_controller, tmp_path, monkeypatch):
    from caseapp.store import snapshot

    monkeypatch.setattr(snapshot, "PAGES_PER_STEP", 1)  # many small steps, so Batal lands mid-copy
    controller = _open_main(qtbot, make_controller)
    controller.main_window.backup_action.trigger()
    dialog = controller.backup_dialog
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog.folder_edit.setText(str(usb))
    import time

    orig = snapshot.copy_database

    def slow_copy(*a, progress=None, **kw):
        def slowly(done, total):
            time.sleep(0.01)
            progress(done, total)
        return orig(*a, progress=slowly, **kw)
    monkeypatch.setattr(snapshot, "copy_database", slow_copy)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.isVisible(), timeout=5000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
    assert "dibatalkan" in dialog.status.text().lower()
    assert list(usb.iterdir()) == []
    assert dialog.start_button.isEnabled()


def test_officers_cannot_back_up_and_see_no_reminder(qtbot, office, make_controller):
    controller = _open_main(qtbot, make_controller, "siti", OFFICER_PASSWORD)
    window = controller.main_window
    assert not window.backup_action.isEnabled() and not window.backup_status.isVisible()


def test_restore_from_the_main_window_goes_to_another_empty_folder(qtbot, office, make_controller, tmp_path):
    controller = _open_main(qtbot, make_controller)
    usb = tmp_path / "usb"
    usb.mkdir()
    from caseapp.services import backup

    made = backup.create_backup(controller.session, usb).path
    controller.main_window.restore_action.trigger()
    dialog = controller.backup_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.file_edit.setText(str(made))
    dialog.key_edit.setText(office)
    dialog.target_edit.setText(str(controller.data_dir.root))  # this office's own folder: refused
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and bool(dialog.status.text()), timeout=20000)
    assert "sudah berisi data kantor" in dialog.status.text()
    elsewhere = tmp_path / "salinan"
    dialog.target_edit.setText(str(elsewhere))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and "CASEAPP_DATA_DIR" in dialog.status.text(), timeout=20000)
    assert DataDir(elsewhere).is_initialized() and controller.session.data_dir.root != elsewhere
    dialog.close()
