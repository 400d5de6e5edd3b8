"""Autosaved drafts through the real windows: idle lock keeps unsaved edits, unlock offers them back."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from caseapp.domain.case import Case, Incident, Person
from caseapp.services import cases, drafts
from caseapp.services.session import unlock
from caseapp.ui.cases.case_editor import CaseEditor
from caseapp.ui.cases.draft_offer import DraftOffer
from caseapp.ui.cases.sections.incidents import IncidentsSection
from caseapp.ui.cases.sections.people import VictimsSection
from tests.ui.cases.driving import choose, go_to, type_into, when_modal
from tests.ui.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD, unlock_as

CHRONOLOGY = "Korban dipukul sepulang sekolah; tetangga mendengar teriakan pada malam hari."


@pytest.fixture
def stored_case(office, data_dir, kdf_policy) -> Case:
    """A saved case, assigned to officer 'siti' as well, so she could open it too."""
    with unlock(data_dir, "admin", ADMIN_PASSWORD, kdf_policy=kdf_policy) as session:
        intake = dt.date.today() - dt.timedelta(days=2)
        return cases.create_case(session, Case(
            intake_date=intake, channel="datang_langsung", intake_time=dt.time(9, 30),
            persons=(Person(role="korban", name="Siti Aminah", sex="P", birth_date=dt.date(2012, 3, 4)),),
            incidents=(Incident(date=intake, violence_types=("fisik",), chronology="Awal."),),
            assigned_officers=("siti",)))


def enter(qtbot, controller, username: str = "admin", password: str = ADMIN_PASSWORD):
    qtbot.waitUntil(lambda: controller.session is None, timeout=5000)  # a lock waits for a running job
    unlock_as(qtbot, controller, username, password)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    return controller.main_window


def idle_lock(qtbot, controller) -> None:
    """What the idle timer does when it runs out (a search job still running finishes first)."""
    controller.idle.timed_out.emit()
    qtbot.waitUntil(lambda: controller.session is None, timeout=5000)


def typed_locked_and_back(qtbot, make_controller, case_uuid: str):
    """The officer types into the case, walks away (idle lock) and unlocks again; returns the controller."""
    controller = make_controller()
    enter(qtbot, controller)
    type_chronology(qtbot, editor_for(qtbot, controller, case_uuid), CHRONOLOGY)
    idle_lock(qtbot, controller)
    enter(qtbot, controller)
    return controller


def editor_for(qtbot, controller, uuid: str | None) -> CaseEditor:
    page = controller.main_window.show_section("cases")
    editor = page.open_case(uuid) if uuid else page.new_case()
    assert isinstance(editor, CaseEditor) and editor.isVisible()
    qtbot.waitExposed(editor)
    return editor


def type_chronology(qtbot, editor: CaseEditor, text: str) -> None:
    incidents = go_to(qtbot, editor, "Kejadian")
    incidents.chronology.setFocus()
    incidents.chronology.selectAll()
    qtbot.keyClicks(incidents.chronology, text)


def chronology(editor: CaseEditor) -> str:
    return editor.section(IncidentsSection).chronology.toPlainText()


def current_offer(controller) -> DraftOffer | None:
    offers = controller.draft_offers
    return offers.current if offers is not None else None


def wait_for_offer(qtbot, controller) -> DraftOffer:
    qtbot.waitUntil(lambda: current_offer(controller) is not None and current_offer(controller).isVisible(),
                    timeout=5000)
    return current_offer(controller)


def restored_editor(qtbot, controller) -> CaseEditor:
    page = controller.main_window.show_section("cases")
    qtbot.waitUntil(lambda: page.findChild(CaseEditor, "caseEditor") is not None, timeout=5000)
    return page.findChild(CaseEditor, "caseEditor")


def die(controller) -> None:
    """What a crash or power cut leaves: no lock, no logout, no editor clean-up; the OS drops the file lock."""
    controller.idle.stop()
    for widget in controller.main_window.findChildren(QWidget, "caseEditor"):
        widget.autosave.stop()
        widget.timer.stop()
        widget.hide()
    controller.main_window.hide()
    session, controller.session = controller.session, None
    session.db.conn.close()
    session.lock.release()
    session.closed = True
    controller.main_window = None


def audit_entries(session):
    from caseapp.services import audit

    return audit.recent_entries(session)


def test_idle_lock_keeps_edits_and_unlock_offers_them_back(qtbot, office, stored_case, make_controller):
    controller = make_controller(idle_interval_ms=1500)
    enter(qtbot, controller)
    editor = editor_for(qtbot, controller, stored_case.uuid)
    type_chronology(qtbot, editor, CHRONOLOGY)
    assert editor.is_dirty()
    qtbot.waitUntil(lambda: controller.session is None, timeout=10000)  # the idle lock fires without asking
    assert controller.unlock_window.isVisible()

    controller.idle_interval_override = None  # no second idle lock while the test looks at the result
    enter(qtbot, controller)
    offer = wait_for_offer(qtbot, controller)
    text = offer.text()
    assert text.startswith(f"Ada perubahan yang belum disimpan pada kasus {stored_case.case_number} "
                           "(disimpan otomatis ")
    assert text.endswith("). Pulihkan?") and "Perhatian" not in offer.informativeText()
    assert offer.defaultButton() is offer.restore_button and offer.escapeButton() is offer.later_button
    qtbot.keyClick(offer, Qt.Key.Key_Return)  # the default button: Pulihkan

    editor = restored_editor(qtbot, controller)
    assert chronology(editor) == CHRONOLOGY
    assert editor.stack.currentWidget() is editor.section(IncidentsSection)  # where the officer was typing
    assert editor.is_dirty() and editor.windowTitle().startswith("•")
    assert editor.state.text() == "Ada perubahan yang belum disimpan."
    assert "dipulihkan" in editor.banner.text()
    assert cases.get_case(controller.session, stored_case.uuid).incidents[0].chronology == "Awal."  # not saved
    assert current_offer(controller) is None


def test_another_user_is_not_offered_the_draft(qtbot, office, stored_case, make_controller):
    controller = make_controller()
    enter(qtbot, controller)
    editor = editor_for(qtbot, controller, stored_case.uuid)
    type_chronology(qtbot, editor, CHRONOLOGY)
    idle_lock(qtbot, controller)

    enter(qtbot, controller, "siti", OFFICER_PASSWORD)  # siti may open the case, but the draft is not hers
    qtbot.wait(200)
    assert current_offer(controller) is None
    page = controller.main_window.show_section("cases")
    again = page.open_case(stored_case.uuid)  # opening the case does not show it either
    assert isinstance(again, CaseEditor) and chronology(again) == "Awal." and not again.is_dirty()
    assert drafts.list_drafts(controller.session) == []
    again.close()
    controller.lock()

    enter(qtbot, controller)  # still kept for its owner
    assert wait_for_offer(qtbot, controller).info.case_uuid == stored_case.uuid


def test_a_new_case_draft_restores_too(qtbot, office, make_controller):
    controller = make_controller()
    enter(qtbot, controller)
    editor = editor_for(qtbot, controller, None)
    victims = go_to(qtbot, editor, "Korban")
    type_into(qtbot, victims.person_form.name, "Wa Ode Nurhayati")
    type_chronology(qtbot, editor, CHRONOLOGY)
    uuid = editor.case.uuid
    idle_lock(qtbot, controller)

    enter(qtbot, controller)
    offer = wait_for_offer(qtbot, controller)
    assert "kasus baru yang belum bernomor (korban N.)" in offer.text()
    qtbot.mouseClick(offer.restore_button, Qt.MouseButton.LeftButton)
    editor = restored_editor(qtbot, controller)
    assert editor.case.case_number is None and editor.case.uuid == uuid
    assert chronology(editor) == CHRONOLOGY
    assert editor.section(VictimsSection).items[0].name == "Wa Ode Nurhayati"
    assert editor.is_dirty() and editor.state.text() == "Ada perubahan yang belum disimpan."


def test_saving_the_case_removes_its_draft(qtbot, office, stored_case, make_controller):
    controller = make_controller()
    enter(qtbot, controller)
    editor = editor_for(qtbot, controller, stored_case.uuid)
    type_chronology(qtbot, editor, CHRONOLOGY)
    assert editor.autosave.save_now()  # what the 30-second timer does
    assert [d.case_uuid for d in drafts.list_drafts(controller.session)] == [stored_case.uuid]
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.is_dirty(), editor.banner.text()
    assert drafts.list_drafts(controller.session) == []
    assert cases.get_case(controller.session, stored_case.uuid).incidents[0].chronology == CHRONOLOGY


def test_saving_a_restored_new_case_removes_its_draft(qtbot, office, make_controller):
    controller = make_controller()
    enter(qtbot, controller)
    editor = editor_for(qtbot, controller, None)
    choose(qtbot, editor.sections[0].channel, "Telepon")
    victims = go_to(qtbot, editor, "Korban")
    type_into(qtbot, victims.person_form.name, "Rina Marlina")
    incidents = go_to(qtbot, editor, "Kejadian")
    incidents.types.boxes["psikis"].setChecked(True)
    type_chronology(qtbot, editor, CHRONOLOGY)
    idle_lock(qtbot, controller)

    enter(qtbot, controller)
    qtbot.keyClick(wait_for_offer(qtbot, controller), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    editor = restored_editor(qtbot, controller)
    assert editor.save(), editor.banner.text()
    assert editor.case.case_number and drafts.list_drafts(controller.session) == []


def test_discard_and_later(qtbot, office, stored_case, make_controller):
    controller = typed_locked_and_back(qtbot, make_controller, stored_case.uuid)
    qtbot.keyClick(wait_for_offer(qtbot, controller), Qt.Key.Key_Escape)  # Nanti: nothing happens
    assert controller.main_window.findChild(CaseEditor, "caseEditor") is None
    assert len(drafts.list_drafts(controller.session)) == 1
    controller.lock()

    enter(qtbot, controller)
    qtbot.mouseClick(wait_for_offer(qtbot, controller).discard_button, Qt.MouseButton.LeftButton)
    assert drafts.list_drafts(controller.session) == []
    actions = [(e.action, e.record_id) for e in audit_entries(controller.session)]
    assert ("draft_discarded", stored_case.uuid) in actions
    controller.lock()
    enter(qtbot, controller)
    qtbot.wait(200)
    assert current_offer(controller) is None


def test_opening_a_case_with_a_pending_draft_asks_first(qtbot, office, stored_case, make_controller):
    controller = typed_locked_and_back(qtbot, make_controller, stored_case.uuid)
    qtbot.keyClick(wait_for_offer(qtbot, controller), Qt.Key.Key_Escape)  # Nanti

    page = controller.main_window.show_section("cases")
    assert page.open_case(stored_case.uuid) is None  # asks instead of opening over the draft
    offer = page.draft_offer
    assert isinstance(offer, DraftOffer) and offer.isVisible()
    qtbot.mouseClick(offer.restore_button, Qt.MouseButton.LeftButton)
    editor = page.editors[stored_case.uuid]
    assert chronology(editor) == CHRONOLOGY and editor.is_dirty()


def test_a_case_changed_since_the_draft_says_so_and_saving_is_refused(qtbot, office, stored_case,
                                                                    make_controller, data_dir, kdf_policy):
    controller = make_controller()
    enter(qtbot, controller)
    type_chronology(qtbot, editor_for(qtbot, controller, stored_case.uuid), CHRONOLOGY)
    idle_lock(qtbot, controller)
    with unlock(data_dir, "siti", OFFICER_PASSWORD, kdf_policy=kdf_policy) as session:  # siti saves meanwhile
        cases.save_case(session, replace(cases.get_case(session, stored_case.uuid), risk_level="tinggi"))

    enter(qtbot, controller)
    offer = wait_for_offer(qtbot, controller)
    assert offer.informativeText().startswith("Perhatian: kasus ini sudah diubah dan disimpan lagi")
    qtbot.mouseClick(offer.restore_button, Qt.MouseButton.LeftButton)
    editor = restored_editor(qtbot, controller)
    assert "Menyimpan akan ditolak" in editor.banner.text()
    when_modal(lambda dialog: dialog.accept())  # the usual "Kasus tidak disimpan" message
    assert not editor.save()
    assert "telah disimpan oleh pengguna lain" in editor.banner.text()
    assert cases.get_case(controller.session, stored_case.uuid).incidents[0].chronology == "Awal."
    assert len(drafts.list_drafts(controller.session)) == 1  # kept: the officer may still copy from it


def test_autosave_timer_writes_only_when_something_changed(qtbot, office, stored_case, make_controller):
    controller = make_controller()
    enter(qtbot, controller)
    editor = editor_for(qtbot, controller, stored_case.uuid)
    editor.autosave.timer.setInterval(50)
    qtbot.wait(200)
    assert drafts.list_drafts(controller.session) == []  # nothing changed: nothing written
    type_chronology(qtbot, editor, CHRONOLOGY)
    qtbot.waitUntil(lambda: len(drafts.list_drafts(controller.session)) == 1, timeout=3000)
    first = drafts.list_drafts(controller.session)[0]
    type_chronology(qtbot, editor, "Awal.")  # back to the saved text: nothing unsaved, the draft goes
    qtbot.waitUntil(lambda: drafts.list_drafts(controller.session) == [], timeout=3000)
    assert first.base_version == stored_case.version


def test_a_crash_after_an_autosave_offers_the_draft_on_the_next_start(qtbot, office, stored_case, make_controller):
    controller = make_controller()
    enter(qtbot, controller)
    editor = editor_for(qtbot, controller, stored_case.uuid)
    editor.autosave.timer.setInterval(50)
    type_chronology(qtbot, editor, CHRONOLOGY)
    qtbot.waitUntil(lambda: len(drafts.list_drafts(controller.session)) == 1, timeout=3000)
    die(controller)

    restarted = make_controller()
    enter(qtbot, restarted)
    qtbot.mouseClick(wait_for_offer(qtbot, restarted).restore_button, Qt.MouseButton.LeftButton)
    editor = restored_editor(qtbot, restarted)
    assert chronology(editor) == CHRONOLOGY and editor.is_dirty()


def test_an_idle_lock_while_the_question_is_open_withdraws_it(qtbot, office, stored_case, make_controller):
    controller = typed_locked_and_back(qtbot, make_controller, stored_case.uuid)
    offer = wait_for_offer(qtbot, controller)
    idle_lock(qtbot, controller)  # the officer walked away from the question
    assert not offer.isVisible()
    enter(qtbot, controller)
    offer = wait_for_offer(qtbot, controller)
    assert offer.info.case_uuid == stored_case.uuid  # nothing was decided
    qtbot.keyClick(offer, Qt.Key.Key_Escape)
    page = controller.main_window.show_section("cases")
    page.open_case(stored_case.uuid)
    offer = page.draft_offer
    assert offer.isVisible()
    idle_lock(qtbot, controller)  # the same when the question came from opening the case
    assert not offer.isVisible()


def test_switching_language_keeps_open_edits(qtbot, office, stored_case, make_controller):
    controller = make_controller()
    enter(qtbot, controller)
    type_chronology(qtbot, editor_for(qtbot, controller, stored_case.uuid), CHRONOLOGY)
    controller.change_language("en")  # rebuilds every window, editors included
    offer = wait_for_offer(qtbot, controller)
    assert offer.text().startswith(f"There are unsaved changes to case {stored_case.case_number} (autosaved ")
    assert offer.restore_button.text() == "&Restore"
    qtbot.keyClick(offer, Qt.Key.Key_Return)
    assert chronology(restored_editor(qtbot, controller)) == CHRONOLOGY
