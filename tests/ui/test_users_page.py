"""Administering users from Pengaturan → Pengguna, and what other roles see."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from caseapp.services import accounts
from tests.ui.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD, unlock_as


def _open_settings(qtbot, controller, username, password):
    unlock_as(qtbot, controller, username, password)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    return controller.main_window.show_section("settings")


def test_admin_adds_an_officer_who_can_then_unlock(qtbot, office, make_controller):
    controller = make_controller()
    settings = _open_settings(qtbot, controller, "admin", ADMIN_PASSWORD)
    users = settings.users_tab
    settings.show_tab(users)
    assert users.model.rowCount() == 2
    qtbot.mouseClick(users.add_button, Qt.MouseButton.LeftButton)
    dialog = users.dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.username, "budi.s")
    qtbot.keyClicks(dialog.full_name, "Budi Santoso")
    qtbot.keyClicks(dialog.position, "Pendamping Hukum")
    qtbot.keyClicks(dialog.passwords.password, "budi-kata-sandi-1")
    qtbot.keyClicks(dialog.passwords.confirm, "budi-kata-sandi-1")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: users.model.rowCount() == 3, timeout=10000)
    assert users.selected_user().username == "budi.s"
    assert users.selected_user().full_name == "Budi Santoso"

    controller.main_window.activateWindow()  # the shortcut needs an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is controller.main_window)
    qtbot.keyClick(controller.main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.session is None)
    combo = controller.unlock_window.user_combo
    assert "budi.s" in [combo.itemText(i) for i in range(combo.count())]
    unlock_as(qtbot, controller, "budi.s", "budi-kata-sandi-1")
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    assert "Budi Santoso" in controller.main_window.user_status.text()


def test_add_user_dialog_shows_the_service_message(qtbot, office, make_controller):
    controller = make_controller()
    users = _open_settings(qtbot, controller, "admin", ADMIN_PASSWORD).users_tab
    users.open_add_dialog()
    dialog = users.dialog
    qtbot.keyClicks(dialog.username, "siti")  # already taken
    qtbot.keyClicks(dialog.full_name, "Siti Lain")
    qtbot.keyClicks(dialog.passwords.password, "siti-kata-sandi-2")
    qtbot.keyClicks(dialog.passwords.confirm, "siti-kata-sandi-2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)
    assert "sudah dipakai" in dialog.error.text()
    assert dialog.isVisible()


def test_disable_and_remove_with_confirmation(qtbot, office, make_controller, monkeypatch):
    controller = make_controller()
    users = _open_settings(qtbot, controller, "admin", ADMIN_PASSWORD).users_tab
    users.table.selectRow(users.model.row_of("admin"))
    assert not users.remove_button.isEnabled()  # never oneself
    users.table.selectRow(users.model.row_of("siti"))
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.buttons()[0])  # the "yes" button
    qtbot.mouseClick(users.toggle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not users.model.user_at(users.model.row_of("siti")).active, timeout=10000)
    assert users.toggle_button.text() == "&Aktifkan"
    qtbot.mouseClick(users.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not controller.jobs.busy, timeout=10000)
    assert users.error.text() == ""
    qtbot.waitUntil(lambda: users.model.row_of("siti") < 0, timeout=10000)
    assert "Kunci basis data akan diganti" in asked[-1]
    assert [u.username for u in accounts.list_users(controller.session)] == ["admin"]


def test_officer_does_not_see_the_users_tab_or_office_editing(qtbot, office, make_controller):
    controller = make_controller()
    settings = _open_settings(qtbot, controller, "siti", OFFICER_PASSWORD)
    assert settings.users_tab is None
    assert not settings.office_tab.save_button.isVisibleTo(settings)
    assert settings.office_tab.name.isReadOnly()
    assert not settings.display_tab.idle.isEnabled()


def test_users_model_passes_the_model_tester(qtbot, office, make_controller):
    controller = make_controller()
    users = _open_settings(qtbot, controller, "admin", ADMIN_PASSWORD).users_tab
    from pytestqt.modeltest import ModelTester

    ModelTester(None).check(users.model)
    users.refresh()
