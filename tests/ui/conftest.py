"""UI fixtures: an office created through the services, and an app controller with test-only settings."""

from __future__ import annotations

import pytest

from caseapp.domain.accounts import NewUser, OfficeLevel, Role
from caseapp.services import accounts
from caseapp.services.setup import OfficeProfile, initialize_office

ADMIN_PASSWORD = "kata-sandi-admin-1"
OFFICER_PASSWORD = "kata-sandi-petugas-1"
OFFICE_NAME = "UPTD PPA Kabupaten Bombana"


@pytest.fixture
def office(data_dir, kdf_policy):
    """An initialised office with admin 'admin' and officer 'siti'; the setup session is closed again."""
    result = initialize_office(
        data_dir, OfficeProfile("74.06", OFFICE_NAME, OfficeLevel.KABUPATEN, "Jl. Poros No. 1", "0401-123", "ppa@example.go.id"),
        NewUser("admin", "Andi Admin", Role.ADMIN, "", "Kepala Seksi"), ADMIN_PASSWORD, kdf_policy=kdf_policy)
    with result.session as session:
        accounts.add_user(session, NewUser("siti", "Siti Rahma", Role.OFFICER, "", "Konselor"), OFFICER_PASSWORD)
    return result.recovery_key


@pytest.fixture
def make_controller(qtbot, data_dir, kdf_policy):
    """Factory for an AppController that never quits the test's QApplication."""
    from caseapp.ui.controller import AppController

    made = []

    def make(**kwargs):
        controller = AppController(data_dir, kdf_policy=kdf_policy, on_quit=lambda: None, **kwargs)
        made.append(controller)
        controller.start()
        return controller

    yield make
    for controller in made:
        controller.jobs.wait(5000)
        controller.idle.stop()
        if controller.session is not None:
            controller.session.close()
        for window in (controller.main_window, controller.unlock_window, controller.wizard):
            if window is not None:
                window.hide()
                window.deleteLater()


def unlock_as(qtbot, controller, username: str, password: str) -> None:
    window = controller.unlock_window
    assert window.isVisible()
    window.user_combo.setCurrentText(username)
    window.password.clear()
    qtbot.keyClicks(window.password, password)
    from PySide6.QtCore import Qt

    qtbot.keyClick(window.password, Qt.Key.Key_Return)
