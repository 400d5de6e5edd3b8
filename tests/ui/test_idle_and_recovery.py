"""Idle auto-lock with a short injected timeout, and recovering an admin password with the recovery key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from shiboken6 import isValid

from tests.ui.conftest import ADMIN_PASSWORD, unlock_as


def test_idle_auto_lock_fires(qtbot, office, make_controller):
    controller = make_controller(idle_interval_ms=300)
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    window = controller.main_window
    assert controller.idle.timer.isActive()
    qtbot.waitUntil(lambda: controller.session is None, timeout=5000)
    assert controller.main_window is None and (not isValid(window) or not window.isVisible())
    assert controller.unlock_window.isVisible()
    assert not controller.idle.timer.isActive()


def test_input_postpones_the_idle_lock(qtbot, office, make_controller):
    controller = make_controller(idle_interval_ms=400)
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    for _step in range(4):
        qtbot.wait(200)
        qtbot.keyClick(controller.main_window.nav, Qt.Key.Key_Down)
    assert controller.session is not None  # 800 ms of activity with a 400 ms timeout
    qtbot.waitUntil(lambda: controller.session is None, timeout=5000)


def test_recovery_dialog_sets_a_new_admin_password(qtbot, office, make_controller):
    recovery_key = office
    controller = make_controller()
    window = controller.unlock_window
    window.recover_link.linkActivated.emit("#recover")
    dialog = window.recovery_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.key, recovery_key.lower())
    dialog.admin.setCurrentText("admin")
    qtbot.keyClicks(dialog.passwords.password, "admin-baru-sekali-1")
    qtbot.keyClicks(dialog.passwords.confirm, "admin-baru-sekali-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    assert controller.session.user.username == "admin"
    controller.lock()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)  # the old password no longer opens
    qtbot.waitUntil(lambda: window.error.isVisible(), timeout=10000)
    unlock_as(qtbot, controller, "admin", "admin-baru-sekali-1")
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)


def test_recovery_dialog_rejects_a_wrong_key(qtbot, office, make_controller):
    controller = make_controller()
    window = controller.unlock_window
    window.open_recovery()
    dialog = window.recovery_dialog
    qtbot.keyClicks(dialog.key, "AAAAA-BBBBB-CCCCC")
    qtbot.keyClicks(dialog.passwords.password, "admin-baru-sekali-1")
    qtbot.keyClicks(dialog.passwords.confirm, "admin-baru-sekali-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)
    assert controller.session is None
