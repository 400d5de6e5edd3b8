"""Berkas → Masa retensi…: the due list, legal hold, and a purge that asks for the case number again."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from caseapp.services import cases, clock, retention
from caseapp.services.session import unlock
from tests.services.test_exchange import _case
from tests.ui.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD, unlock_as


def _closed_long_ago(data_dir, kdf_policy, names):
    s = unlock(data_dir, "admin", ADMIN_PASSWORD, kdf_policy=kdf_policy)
    try:
        clock.set_for_tests(lambda: dt.datetime.now().astimezone() - dt.timedelta(days=3 * 366))
        try:
            made = [cases.change_status(s, cases.create_case(s, _case(n)).uuid, "selesai",
                                        closure_reason="tujuan_tercapai",
                               reason="Korban memilih tidak melapor ke polisi.") for n in names]
        finally:
            clock.set_for_tests()
        retention.set_retention_years(s, "tujuan_tercapai", 2)
    finally:
        s.close()
    return made


def test_hold_then_purge_with_the_number_typed_again(qtbot, office, make_controller, data_dir, kdf_policy):
    first, second = _closed_long_ago(data_dir, kdf_policy, ["Kenariwati", "Wa Ode Sitti"])
    controller = make_controller()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None and controller.main_window.isVisible(), timeout=10000)
    controller.main_window.retention_action.trigger()
    dialog = controller.backup_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.table.rowCount() == 2
    numbers = [dialog.table.item(r, 0).text() for r in range(2)]
    assert set(numbers) == {first.case_number, second.case_number}
    assert not dialog.purge_button.isEnabled()  # nothing selected

    row = numbers.index(second.case_number)
    dialog.table.selectRow(row)
    qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
    confirm = dialog.confirm_dialog
    qtbot.waitUntil(confirm.isVisible)
    qtbot.keyClicks(confirm.number_edit, "74.06/2024/9999")
    assert not confirm.purge_button.isEnabled()  # a wrong number cannot be confirmed
    confirm.number_edit.clear()
    qtbot.keyClicks(confirm.number_edit, second.case_number)
    qtbot.mouseClick(confirm.purge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert "dimusnahkan" in dialog.status.text()
    assert dialog.table.item(0, 0).text() == first.case_number
    assert cases.list_cases(controller.session, cases.CaseFilter(text="Sitti")) == []

    retention.hold_case(controller.session, first.uuid, "Perkara 12/Pid.Sus/2026/PN Adl")
    dialog.reload()
    dialog.table.selectRow(0)
    assert dialog.table.item(0, 4).text() == "ya"
    assert not dialog.purge_button.isEnabled() and dialog.unhold_button.isEnabled()
    qtbot.mouseClick(dialog.unhold_button, Qt.MouseButton.LeftButton)
    assert "dicabut" in dialog.status.text() and retention.legal_hold(controller.session, first.uuid) is None
    dialog.close()


def test_officers_have_no_retention_menu(qtbot, office, make_controller):
    controller = make_controller()
    unlock_as(qtbot, controller, "siti", OFFICER_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None and controller.main_window.isVisible(), timeout=10000)
    assert not controller.main_window.retention_action.isEnabled()


def test_case_on_legal_hold_shows_it_in_the_editor(qtbot, office, data_dir, kdf_policy):
    from caseapp.ui.cases.case_editor import CaseEditor

    s = unlock(data_dir, "admin", ADMIN_PASSWORD, kdf_policy=kdf_policy)
    try:
        held = cases.create_case(s, _case("Nur Aisyah"))
        free = cases.create_case(s, _case("Hasna"))
        retention.hold_case(s, held.case_number, "Perkara 12/Pid.Sus/2026/PN Adl")
        editor = CaseEditor(s, cases.get_case(s, held.uuid))
        qtbot.addWidget(editor)
        editor.show()
        assert editor.hold_notice.isVisible() and "Perkara 12/Pid.Sus/2026/PN Adl" in editor.hold_notice.text()
        other = CaseEditor(s, cases.get_case(s, free.uuid))
        qtbot.addWidget(other)
        assert other.hold_notice is None
        editor.close()
        other.close()
    finally:
        s.close()


def test_admin_sets_periods_and_the_due_list_follows(qtbot, office, make_controller, data_dir, kdf_policy):
    first, = _closed_long_ago(data_dir, kdf_policy, ["Kenariwati"])
    controller = make_controller()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None and controller.main_window.isVisible(), timeout=10000)
    controller.main_window.retention_action.trigger()
    dialog = controller.backup_dialog
    assert dialog.table.rowCount() == 1  # 2 years set by the helper, closed 3 years ago
    qtbot.mouseClick(dialog.periods_button, Qt.MouseButton.LeftButton)
    periods = dialog.periods_dialog
    qtbot.waitUntil(periods.isVisible)
    assert periods.spins["tujuan_tercapai"].value() == 2
    periods.spins["tujuan_tercapai"].setValue(5)
    periods.spins["dirujuk"].setValue(10)
    qtbot.mouseClick(periods.save_button, Qt.MouseButton.LeftButton)
    assert retention.retention_rules(controller.session) == {"tujuan_tercapai": 5, "dirujuk": 10}
    assert dialog.table.rowCount() == 0  # five years have not passed
    dialog.close()


def test_hold_a_case_not_yet_due_by_its_number(qtbot, office, make_controller, data_dir, kdf_policy):
    s = unlock(data_dir, "admin", ADMIN_PASSWORD, kdf_policy=kdf_policy)
    try:
        open_case = cases.create_case(s, _case("Masih Ditangani"))
    finally:
        s.close()
    controller = make_controller()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None and controller.main_window.isVisible(), timeout=10000)
    controller.main_window.retention_action.trigger()
    dialog = controller.backup_dialog
    qtbot.mouseClick(dialog.hold_other_button, Qt.MouseButton.LeftButton)
    hold = dialog.hold_dialog
    qtbot.waitUntil(hold.isVisible)
    qtbot.keyClicks(hold.number_edit, open_case.case_number)
    qtbot.mouseClick(hold.ok_button, Qt.MouseButton.LeftButton)  # no reason: refused with a message
    assert "wajib diisi" in dialog.status.text()
    assert retention.legal_hold(controller.session, open_case.uuid) is None
    qtbot.mouseClick(dialog.hold_other_button, Qt.MouseButton.LeftButton)
    hold = dialog.hold_dialog
    qtbot.keyClicks(hold.number_edit, open_case.case_number)
    qtbot.keyClicks(hold.reason_edit, "Perkara 3/Pid.Sus-Anak/2026/PN Adl")
    qtbot.mouseClick(hold.ok_button, Qt.MouseButton.LeftButton)
    assert retention.legal_hold(controller.session, open_case.uuid).reason.startswith("Perkara 3")
    assert "ditahan" in dialog.status.text()
    dialog.close()
