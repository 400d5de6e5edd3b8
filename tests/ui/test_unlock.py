"""Unlocking, locking with Ctrl+L, wrong passwords and the forced password change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from caseapp.services import accounts
from caseapp.services.session import unlock
from tests.ui.conftest import ADMIN_PASSWORD, OFFICE_NAME, OFFICER_PASSWORD, unlock_as


def test_unlock_window_lists_users_and_preselects_the_last_one(qtbot, office, make_controller):
    controller = make_controller()
    window = controller.unlock_window
    assert window.isVisible()
    names = [window.user_combo.itemText(i) for i in range(window.user_combo.count())]
    assert names == ["admin", "siti"]
    unlock_as(qtbot, controller, "siti", OFFICER_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    controller.lock()
    assert controller.unlock_window.user_combo.currentText() == "siti"


def test_ctrl_l_locks_and_another_user_unlocks(qtbot, office, make_controller):
    controller = make_controller()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    window = controller.main_window
    assert OFFICE_NAME in window.office_status.text()
    window.activateWindow()  # the shortcut needs an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.session is None)
    assert controller.main_window is None
    assert not isValid(window) or not window.isVisible()
    assert controller.unlock_window.isVisible()
    # the office stays named on the unlock window after a lock
    assert OFFICE_NAME in controller.unlock_window.header.title.text()

    unlock_as(qtbot, controller, "siti", OFFICER_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    assert "Siti Rahma" in controller.main_window.user_status.text()
    assert "Petugas" in controller.main_window.user_status.text()


def test_wrong_password_shows_the_message_and_stays_locked(qtbot, office, make_controller):
    controller = make_controller()
    unlock_as(qtbot, controller, "admin", "salah-sekali-123")
    window = controller.unlock_window
    qtbot.waitUntil(lambda: window.error.isVisible(), timeout=10000)
    assert "kata sandi salah" in window.error.text()
    assert controller.session is None and controller.main_window is None
    assert window.isVisible()
    assert window.password.text() == ""


def test_throttled_unlock_shows_a_countdown(qtbot, office, make_controller):
    controller = make_controller()
    window = controller.unlock_window
    for _attempt in range(6):
        qtbot.waitUntil(lambda: not controller.jobs.busy and window.unlock_button.isEnabled(), timeout=10000)
        unlock_as(qtbot, controller, "admin", "salah-sekali-123")
        qtbot.waitUntil(lambda: not controller.jobs.busy, timeout=10000)
        if "detik" in window.error.text() and not window.unlock_button.isEnabled():
            break
    assert "Coba lagi dalam" in window.error.text()
    assert not window.unlock_button.isEnabled()
    assert controller.session is None


def test_must_change_password_is_forced_after_unlock(qtbot, office, make_controller, data_dir, kdf_policy):
    with unlock(data_dir, "admin", ADMIN_PASSWORD, kdf_policy=kdf_policy) as session:
        accounts.reset_password(session, "siti", "sementara-12345")
    controller = make_controller()
    unlock_as(qtbot, controller, "siti", "sementara-12345")
    qtbot.waitUntil(lambda: controller.password_dialog is not None, timeout=10000)
    dialog = controller.password_dialog
    assert controller.main_window is None
    assert not dialog.old.isVisible()  # the password just typed is not asked again
    qtbot.keyClicks(dialog.passwords.password, "baru-milik-siti-1")
    qtbot.keyClicks(dialog.passwords.confirm, "baru-milik-siti-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    assert not controller.session.user.must_change_password
    controller.lock()
    unlock_as(qtbot, controller, "siti", "baru-milik-siti-1")
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)


def test_refusing_the_forced_change_locks_again(qtbot, office, make_controller, data_dir, kdf_policy):
    with unlock(data_dir, "admin", ADMIN_PASSWORD, kdf_policy=kdf_policy) as session:
        accounts.reset_password(session, "siti", "sementara-12345")
    controller = make_controller()
    unlock_as(qtbot, controller, "siti", "sementara-12345")
    qtbot.waitUntil(lambda: controller.password_dialog is not None, timeout=10000)
    controller.password_dialog.reject()
    assert controller.main_window is None and controller.session is None
    # the store was released: the admin can unlock
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)


def test_ctrl_l_asks_open_editors_first_and_cancel_keeps_the_session(qtbot, office, make_controller):
    controller = make_controller()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    window = controller.main_window
    page = window.show_section("cases")
    answers = []
    page.confirm_leave = lambda: answers.append("asked") or False  # the officer presses "Batal"
    window.lock_action.trigger()
    assert answers == ["asked"] and controller.session is not None
    page.confirm_leave = lambda: answers.append("asked") or True   # "Simpan" or "Buang"
    window.lock_action.trigger()
    qtbot.waitUntil(lambda: controller.session is None)
    assert answers == ["asked", "asked"]


def test_unlock_warns_when_the_newest_audit_entries_were_deleted(qtbot, office, make_controller, data_dir):
    """Issue 9: someone with the data key deleted the newest audit entry; the store opens, with a warning."""
    from caseapp.store.database import Database

    s = unlock(data_dir, "admin", ADMIN_PASSWORD, kdf_policy=None)
    key = bytes(s.data_key)
    s.close()
    db = Database.open(data_dir.database, key)
    db.conn.execute("DROP TRIGGER audit_log_no_delete")
    db.conn.execute("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
    db.close()
    controller = make_controller()
    unlock_as(qtbot, controller, "siti", OFFICER_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    qtbot.waitUntil(lambda: controller.audit_warning_box is not None and controller.audit_warning_box.isVisible())
    assert "Entri terbaru mungkin telah dihapus" in controller.audit_warning_box.text()
    assert controller.session is not None  # a warning, not a lock-out
