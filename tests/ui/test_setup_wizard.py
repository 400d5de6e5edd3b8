"""First run: the wizard creates the office and leads into the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from tests.ui.conftest import ADMIN_PASSWORD


def _next(qtbot, wizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def test_first_run_wizard_leads_to_main_window(qtbot, make_controller, data_dir, monkeypatch):
    controller = make_controller()
    wizard = controller.wizard
    assert wizard is not None and wizard.isVisible()
    _next(qtbot, wizard)

    office = wizard.office_page
    assert wizard.currentPage() is office
    assert not office.isComplete()
    qtbot.keyClicks(office.code, "74.0")
    assert not office.isComplete()  # format check is live
    qtbot.keyClicks(office.code, "6")
    assert "Bombana" in office.code_status.text()
    assert office.name.text() == "UPTD PPA Kabupaten Bombana"  # suggested from the region list
    qtbot.keyClicks(office.address, "Jl. Poros Kasipute No. 1")
    qtbot.keyClicks(office.email, "ppa@example.go.id")
    qtbot.keyClicks(office.city, "Rumbia")  # the kop surat's date line and dinas are asked at setup
    qtbot.keyClicks(office.agency, "DINAS P2KBP3A KABUPATEN BOMBANA")
    assert office.isComplete()
    _next(qtbot, wizard)

    admin = wizard.admin_page
    qtbot.keyClicks(admin.username, "admin")
    qtbot.keyClicks(admin.full_name, "Andi Admin")
    qtbot.keyClicks(admin.passwords.password, ADMIN_PASSWORD)
    assert not admin.isComplete()
    qtbot.keyClicks(admin.passwords.confirm, ADMIN_PASSWORD)
    assert admin.isComplete()
    _next(qtbot, wizard)

    summary = wizard.summary_page
    assert "UPTD PPA Kabupaten Bombana" in summary.summary.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=15000)
    assert data_dir.is_initialized()

    page = wizard.recovery_page
    key = wizard.setup_result.recovery_key
    assert page.key_label.text() == key
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # the recovery key must be confirmed first
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    wizard.reject()  # closing now would lose the key: refused
    assert told and "kunci pemulihan" in told[0]
    assert wizard.isVisible()
    page.confirm_box.setChecked(True)
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)

    window = controller.main_window
    assert window is not None and window.isVisible()
    assert "UPTD PPA Kabupaten Bombana" in window.office_status.text()
    assert "74.06" in window.office_status.text()
    assert "Andi Admin" in window.user_status.text()
    assert controller.session.user.username == "admin"
    from caseapp.services import letterhead

    kop = letterhead.settings(controller.session)
    assert (kop.city, kop.agency) == ("Rumbia", "DINAS P2KBP3A KABUPATEN BOMBANA")


def test_wizard_rejects_a_province_code_for_a_district_office(qtbot, make_controller):
    controller = make_controller()
    wizard = controller.wizard
    _next(qtbot, wizard)
    office = wizard.office_page
    qtbot.keyClicks(office.code, "74")
    qtbot.keyClicks(office.name, "UPTD PPA")
    assert not office.isComplete()
    assert "4 angka" in office.code_status.text()
    office.level.setCurrentIndex(1)  # Provinsi
    assert office.isComplete()
