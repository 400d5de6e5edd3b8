"""The case editor driven through its widgets: the acceptance story, validation, the unsaved guard, duplicates."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication

from caseapp.domain.case import Case, Incident, Person
from caseapp.domain.case_list import CaseFilter
from caseapp.domain.nik import make_nik
from caseapp.i18n import format_datetime
from caseapp.services import cases
from caseapp.ui.cases.case_editor import CaseEditor
from caseapp.ui.cases.case_list_model import VICTIMS
from caseapp.ui.cases.case_list_page import CaseListPage
from tests.ui.cases.conftest import sample_case
from tests.ui.cases.driving import choose, click, go_to, pick_region, press, tick, type_into, when_modal

NIK_SITI = make_nik("74.06.01", dt.date(2012, 3, 4), "P", 17)
KASIPUTE = "Kel. Kasipute, Kec. Rumbia, Kabupaten Bombana, Sulawesi Tenggara"
NIK_RINA = make_nik("74.06.04", dt.date(2010, 8, 21), "P", 3)


@pytest.fixture
def page(qtbot, session):
    page = CaseListPage(session)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    yield page
    page.hide()


def new_editor(qtbot, page) -> CaseEditor:
    click(qtbot, page.new_button)
    editor = page.findChild(CaseEditor, "caseEditor")
    assert editor is not None and editor.isVisible()
    return editor


def fill_person(qtbot, form, name: str, nik: str = "", sex: str = "", birth: dt.date | None = None) -> None:
    type_into(qtbot, form.name, name)
    if nik:
        type_into(qtbot, form.nik, nik)
    if sex:
        choose(qtbot, form.sex, sex)
    if birth:
        form.birth_date.set_value(birth)


def test_create_two_victims_one_perpetrator_find_and_reopen(qtbot, page, session):
    editor = new_editor(qtbot, page)
    intake = go_to(qtbot, editor, "Pengaduan")
    choose(qtbot, intake.channel, "Datang")
    choose(qtbot, intake.risk, "Tinggi")

    victims = go_to(qtbot, editor, "Korban")
    fill_person(qtbot, victims.person_form, "Siti Aminah", NIK_SITI, "Perempuan", dt.date(2012, 3, 4))
    pick_region(qtbot, victims.person_form.region, "Kasipute", KASIPUTE)
    assert victims.person_form.region.value() == "74.06.04.1005"
    type_into(qtbot, victims.person_form.g_name, "Hasnah")
    type_into(qtbot, victims.person_form.g_relation, "ibu kandung")
    click(qtbot, victims.add_button)
    fill_person(qtbot, victims.person_form, "Rina Marlina", NIK_RINA, "Perempuan", dt.date(2010, 8, 21))
    type_into(qtbot, victims.person_form.street, "Jl. Poros Kasipute RT 02")
    assert victims.list.count() == 2

    perpetrators = go_to(qtbot, editor, "Pelaku")
    click(qtbot, perpetrators.add_button)
    fill_person(qtbot, perpetrators.person_form, "Budi Santoso", sex="Laki")
    perpetrators.person_form.age.setValue(41)
    combos = list(perpetrators.relation_combos.values())
    assert len(combos) == 2
    choose(qtbot, combos[0], "Ayah tiri")
    choose(qtbot, combos[1], "Tetangga")

    incidents = go_to(qtbot, editor, "Kejadian")
    incidents.date.set_value(dt.date.today() - dt.timedelta(days=2))
    tick(qtbot, incidents.types, "fisik")
    tick(qtbot, incidents.types, "psikis")
    choose(qtbot, incidents.place, "Rumah")
    type_into(qtbot, incidents.chronology, "Korban dipukul di rumah setelah pulang sekolah.")

    click(qtbot, editor.save_button)
    assert editor.case.case_number, editor.banner.text()
    number, uuid = editor.case.case_number, editor.case.uuid
    assert not editor.is_dirty()
    click(qtbot, editor.close_button)
    assert not editor.isVisible()

    type_into(qtbot, page.filters.search, "Marlin")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.uuid_at(0) == uuid, timeout=3000)
    assert page.count_label.text() == "1 kasus"
    cell = page.model.index(0, VICTIMS).data()
    assert cell == "S.A., R.M. (anak)" and "Siti" not in cell

    rect = page.table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(page.table.viewport(), qtbot_left(), pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), qtbot_left(), pos=rect.center())
    again = page.editors[uuid]
    assert again is not editor and again.case.case_number == number
    victims = again.section(type(victims))
    assert [p.name for p in victims.items] == ["Siti Aminah", "Rina Marlina"]
    victims.select(0)
    assert victims.person_form.nik.text() == NIK_SITI
    assert victims.person_form.region.value() == "74.06.04.1005"
    assert victims.person_form.region.edit.text() == KASIPUTE
    assert victims.person_form.g_name.text() == "Hasnah"
    assert "anak" in victims.person_form.age_info.text()
    perpetrators = go_to(qtbot, again, "Pelaku")
    assert perpetrators.person_form.name.text() == "Budi Santoso"
    assert perpetrators.person_form.age.value() == 41
    assert [c.currentText() for c in perpetrators.relation_combos.values()] == ["Ayah tiri", "Tetangga"]
    incidents = go_to(qtbot, again, "Kejadian")
    assert incidents.types.value() == ("fisik", "psikis")
    assert "dipukul" in incidents.chronology.toPlainText()
    assert again.section(type(intake)).risk.value() == "tinggi"
    assert not again.is_dirty()


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_bad_nik_shows_message_by_the_field_and_saves_nothing(qtbot, page, session):
    editor = new_editor(qtbot, page)
    choose(qtbot, editor.sections[0].channel, "Telepon")
    victims = go_to(qtbot, editor, "Korban")
    fill_person(qtbot, victims.person_form, "Wa Ode Sari", "74060112")
    victims.person_form.nik.editingFinished.emit()
    message = victims.person_form.left.messages["nik"]
    assert message.isVisible() and "16 angka" in message.text()

    go_to(qtbot, editor, "Pengaduan")
    click(qtbot, editor.save_button)
    assert editor.stack.currentWidget() is victims
    assert message.isVisible() and message.text() == "NIK harus terdiri dari tepat 16 angka."
    assert "b3261e" in message.styleSheet()  # red
    assert "Korban 1: NIK harus terdiri dari tepat 16 angka." == editor.banner.text()
    assert cases.count_cases(session, CaseFilter()) == 0
    assert editor.case.case_number is None


def test_missing_channel_and_violence_types_are_pointed_out(qtbot, page, session):
    editor = new_editor(qtbot, page)
    victims = go_to(qtbot, editor, "Korban")
    fill_person(qtbot, victims.person_form, "Nur Aisyah")
    click(qtbot, editor.save_button)
    intake = editor.sections[0]
    assert editor.stack.currentWidget() is intake
    assert intake.form.messages["channel"].text() == "Kolom ini wajib diisi."
    choose(qtbot, intake.channel, "Surat")
    incidents = go_to(qtbot, editor, "Kejadian")
    type_into(qtbot, incidents.chronology, "Penelantaran anak oleh orang tua.")
    click(qtbot, editor.save_button)
    assert editor.stack.currentWidget() is incidents
    assert incidents.form_widget.messages["violence_types"].isVisible()
    assert cases.count_cases(session, CaseFilter()) == 0


def test_unsaved_changes_guard(qtbot, page, session):
    stored = cases.create_case(session, sample_case("Siti Aminah"))
    editor = page.open_case(stored.uuid)
    victims = go_to(qtbot, editor, "Korban")
    type_into(qtbot, victims.person_form.name, "Siti Aminah Putri")
    assert editor.is_dirty() and editor.windowTitle().startswith("•")

    when_modal(press("guardCancel"))
    click(qtbot, editor.close_button)
    assert editor.isVisible()

    when_modal(press("guardDiscard"))
    editor.close()
    assert not editor.isVisible()
    assert cases.get_case(session, stored.uuid).victims[0].name == "Siti Aminah"

    editor = page.open_case(stored.uuid)
    victims = go_to(qtbot, editor, "Korban")
    type_into(qtbot, victims.person_form.name, "Siti Aminah Putri")
    when_modal(press("guardSave"))
    qtbot.keyClick(editor, qtbot_key_escape())
    assert not editor.isVisible()
    assert cases.get_case(session, stored.uuid).victims[0].name == "Siti Aminah Putri"
    assert page.confirm_leave()


def qtbot_key_escape():
    from PySide6.QtCore import Qt

    return Qt.Key.Key_Escape


def test_ctrl_s_saves(qtbot, page, session):
    stored = cases.create_case(session, sample_case("Rina Marlina"))
    editor = page.open_case(stored.uuid)
    victims = go_to(qtbot, editor, "Korban")
    type_into(qtbot, victims.person_form.alias, "Ina")
    editor.activateWindow()
    from PySide6.QtCore import Qt

    qtbot.keyClick(victims.person_form.alias, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=2000)
    assert cases.get_case(session, stored.uuid).victims[0].alias == "Ina"


def test_duplicate_warning_for_second_case_with_same_nik(qtbot, page, session):
    first = cases.create_case(session, sample_case("Siti Aminah", nik=NIK_SITI))
    seen = {}

    def fill(editor):
        choose(qtbot, editor.sections[0].channel, "Datang")
        victims = go_to(qtbot, editor, "Korban")
        fill_person(qtbot, victims.person_form, "Siti Aminah", NIK_SITI, "Perempuan")
        incidents = go_to(qtbot, editor, "Kejadian")
        tick(qtbot, incidents.types, "psikis")

    def cancel(dialog):
        seen["items"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        seen["can_open"] = dialog.open_button.isEnabled()
        press("duplicateCancel")(dialog)

    editor = new_editor(qtbot, page)
    fill(editor)
    when_modal(cancel)
    click(qtbot, editor.save_button)
    assert seen["items"] == [f"{first.case_number} — S.A. (korban): NIK sama"]
    assert seen["can_open"] is True
    assert cases.count_cases(session, CaseFilter()) == 1

    when_modal(press("openOtherCase"))
    click(qtbot, editor.save_button)
    assert first.uuid in page.editors and page.editors[first.uuid].isVisible()
    assert cases.count_cases(session, CaseFilter()) == 1

    when_modal(press("saveAnyway"))
    click(qtbot, editor.save_button)
    assert editor.case.case_number and editor.case.case_number != first.case_number
    assert cases.count_cases(session, CaseFilter()) == 2
    # Once accepted, saving the same case again does not ask again.
    type_into(qtbot, go_to(qtbot, editor, "Korban").person_form.alias, "Iti")
    click(qtbot, editor.save_button)
    assert not editor.is_dirty()
    assert QApplication.activeModalWidget() is None


def test_police_clock_for_sexual_violence(qtbot, session):
    case = sample_case("Siti Aminah", types=("seksual",), intake=dt.date.today() - dt.timedelta(days=4))
    stored = cases.create_case(session, case)
    editor = CaseEditor(session, cases.get_case(session, stored.uuid))
    qtbot.addWidget(editor)
    editor.show()
    assert editor.police_clock.isVisible() and editor.police_clock.overdue
    assert "TERLAMBAT" in editor.police_clock.text()
    status = go_to(qtbot, editor, "Status")
    status.police.set_now()
    assert "Sudah dilaporkan" in editor.police_clock.text()
    assert "Perlindungan sementara oleh polisi paling lambat" in editor.police_clock.text()  # 1×24 h from now on

    fresh = CaseEditor(session, None)
    qtbot.addWidget(fresh)
    fresh.show()
    assert not fresh.police_clock.isVisible()
    incidents = go_to(qtbot, fresh, "Kejadian")
    tick(qtbot, incidents.types, "seksual")
    assert fresh.police_clock.isVisible() and "sisa 7" in fresh.police_clock.text()
    for e in (editor, fresh):  # nothing to keep: close without the unsaved-changes question
        e.baseline = e.build()


def test_status_buttons_and_closing_asks_for_a_reason(qtbot, session):
    stored = cases.create_case(session, sample_case("Rina Marlina"))
    editor = CaseEditor(session, cases.get_case(session, stored.uuid))
    qtbot.addWidget(editor)
    editor.show()
    status = go_to(qtbot, editor, "Status")
    assert {b.objectName() for b in status.buttons} == {"to_penjangkauan", "to_asesmen", "to_selesai"}
    click(qtbot, next(b for b in status.buttons if b.objectName() == "to_asesmen"))
    assert cases.get_case(session, stored.uuid).status == "asesmen"

    seen = {}

    def close_with_reason(dialog):
        dialog.reason.setCurrentIndex(dialog.reason.findData("tujuan_tercapai"))
        seen["ok_without_monitoring"] = dialog.ok.isEnabled()   # goals met, but no follow-up recorded
        dialog.note.setPlainText("Korban sudah kembali bersekolah; pemantauan oleh sekolah.")
        dialog.ok.click()

    when_modal(close_with_reason)
    click(qtbot, next(b for b in status.buttons if b.objectName() == "to_selesai"))
    assert seen["ok_without_monitoring"] is False
    reloaded = cases.get_case(session, stored.uuid)
    assert (reloaded.status, reloaded.closure_reason) == ("selesai", "tujuan_tercapai")
    assert [b.objectName() for b in status.buttons] == ["to_asesmen"]
    assert "Selesai" in editor.subtitle.text()


def test_back_step_asks_for_a_reason_and_keeps_it_as_a_note(qtbot, session):
    stored = cases.create_case(session, sample_case("Rina Marlina"))
    for stage in ("asesmen", "rencana_intervensi", "layanan"):
        cases.change_status(session, stored.uuid, stage)
    editor = CaseEditor(session, cases.get_case(session, stored.uuid))
    qtbot.addWidget(editor)
    editor.show()
    status = go_to(qtbot, editor, "Status")
    back = next(b for b in status.buttons if b.objectName() == "to_asesmen")
    assert back.text().startswith("Kembali ke: Asesmen")

    def give_reason(dialog):
        assert not dialog.ok.isEnabled()  # no reason yet
        dialog.note.setPlainText("Korban dipindahkan ke rumah aman; kebutuhan dinilai ulang.")
        dialog.ok.click()

    when_modal(give_reason)
    click(qtbot, back)
    reloaded = cases.get_case(session, stored.uuid)
    assert reloaded.status == "asesmen" and "rumah aman" in reloaded.notes[-1].text


def test_closing_sexual_violence_without_police_report_needs_a_written_reason(qtbot, session):
    stored = cases.create_case(session, sample_case("Rina Marlina", types=("pelecehan_seksual_fisik",)))
    editor = CaseEditor(session, cases.get_case(session, stored.uuid))
    qtbot.addWidget(editor)
    editor.show()
    status = go_to(qtbot, editor, "Status")
    seen = {}

    def close_with_reason(dialog):
        dialog.reason.setCurrentIndex(dialog.reason.findData("laporan_dicabut"))
        seen["ok_without_text"] = dialog.ok.isEnabled()
        dialog.note.setPlainText("Korban dewasa menolak melapor setelah diberi informasi hak-haknya.")
        dialog.ok.click()

    when_modal(close_with_reason)
    click(qtbot, next(b for b in status.buttons if b.objectName() == "to_selesai"))
    assert seen["ok_without_text"] is False
    reloaded = cases.get_case(session, stored.uuid)
    assert reloaded.status == "selesai" and "menolak melapor" in reloaded.notes[-1].text


def test_child_perpetrator_shows_the_sppa_diversion_notice(qtbot, session):
    case = sample_case("Rina Marlina", types=("pencabulan_anak",), intake=dt.date(2024, 5, 6))
    perpetrator = Person(role="pelaku", name="Pelaku Anak", sex="L", birth_date=dt.date(2007, 12, 1))
    case = Case(**{**case.__dict__, "persons": case.persons + (perpetrator,),
                   "police_reported_at": dt.datetime(2024, 5, 7, 10, 0)})
    stored = cases.create_case(session, case)
    editor = CaseEditor(session, cases.get_case(session, stored.uuid))
    qtbot.addWidget(editor)
    editor.show()
    assert editor.abh_notice.isVisible()
    text = editor.abh_notice.text()
    assert "16 tahun" in text and "ABH" in text
    assert format_datetime(dt.datetime(2024, 5, 14, 10, 0)) in text      # diversion sought within 7 days
    assert format_datetime(dt.datetime(2024, 6, 13, 10, 0)) in text      # and over within 30 more


def test_estimated_age_is_saved_as_an_estimate(qtbot, session):
    stored = cases.create_case(session, sample_case("Nur Aisyah", birth=None))
    editor = CaseEditor(session, cases.get_case(session, stored.uuid))
    qtbot.addWidget(editor)
    victims = go_to(qtbot, editor, "Korban")
    victims.person_form.age.setValue(9)
    assert "9 tahun (perkiraan) — anak" in victims.person_form.age_info.text()
    assert editor.save()
    person = cases.get_case(session, stored.uuid).victims[0]
    assert person.birth_date_estimated and person.birth_date is not None


def test_case_data_never_reaches_stderr(qtbot, page, session, capfd):
    editor = new_editor(qtbot, page)
    victims = go_to(qtbot, editor, "Korban")
    fill_person(qtbot, victims.person_form, "Rahasia Sekali", "1234")
    click(qtbot, editor.save_button)
    out, err = capfd.readouterr()
    assert "Rahasia" not in out + err and "1234" not in out + err
