"""Referral letters started from the case: the editor's and the case list's "Buat surat rujukan", the case chooser on
the Rujukan page, and the starter list of destinations for the office's region."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from caseapp.domain.referral import DestinationType
from caseapp.services import cases, destinations, referrals
from caseapp.ui.cases.case_editor import CaseEditor
from caseapp.ui.cases.case_list_page import CaseListPage
from tests.helpers import make_office
from tests.ui.cases.conftest import sample_case
from tests.ui.cases.driving import choose, click, go_to, list_shown, tick, type_into, when_modal

POLICE = "Unit PPA Satreskrim Polres Bombana"


@pytest.fixture
def office(tmp_path):
    """An office set up as the setup wizard does it: with the starter destinations for Kabupaten Bombana."""
    from caseapp.ui.setup_wizard import set_up_office
    from caseapp.datadir import DataDir
    from caseapp.domain.accounts import NewUser, OfficeLevel, Role
    from caseapp.services.setup import OfficeProfile
    from tests.helpers import ADMIN_PASSWORD, TEST_KDF

    result = set_up_office(DataDir(tmp_path / "office"), OfficeProfile(
        "74.06", "UPTD PPA Kabupaten Bombana", OfficeLevel.KABUPATEN, "Jl. Poros No. 1", "0401-1", "ppa@example.go.id"),
        NewUser("admin", "Wa Ode Administrator", Role.ADMIN), ADMIN_PASSWORD, kdf_policy=TEST_KDF)
    yield result.session
    result.session.close()


def test_setup_gives_a_starter_list_for_the_offices_region(office):
    names = {d.name: d for d in destinations.list_destinations(office)}
    assert "RSUD Kabupaten Bombana" in names
    assert names[POLICE].type is DestinationType.UNIT_PPA_POLRES
    assert "UPTD PPA Provinsi Sulawesi Tenggara" in names
    kinds = {d.type for d in names.values()}
    assert {DestinationType.RSUD_PUSKESMAS, DestinationType.UNIT_PPA_POLRES, DestinationType.DINSOS_RUMAH_AMAN,
            DestinationType.LBH_POSBAKUM, DestinationType.PSIKOLOG, DestinationType.UPTD_PPA_LAIN} <= kinds
    assert destinations.add_starter_destinations(office) == []  # never a second copy


def test_new_case_then_buat_surat_rujukan_then_simpan_without_typing_a_case_number(qtbot, office):
    from caseapp.ui.letters.page import ReferralsPage

    register = ReferralsPage(office)  # the Rujukan page, already built (visited before)
    qtbot.addWidget(register)
    page = CaseListPage(office)
    qtbot.addWidget(page)
    page.show()
    click(qtbot, page.new_button)
    editor = page.findChild(CaseEditor, "caseEditor")
    intake = go_to(qtbot, editor, "Pengaduan")
    choose(qtbot, intake.channel, "Datang")
    victims = go_to(qtbot, editor, "Korban")
    type_into(qtbot, victims.person_form.name, "Siti Aminah")
    choose(qtbot, victims.person_form.sex, "Perempuan")
    type_into(qtbot, victims.person_form.birth_date.edit, "04032012")
    incidents = go_to(qtbot, editor, "Kejadian")
    type_into(qtbot, incidents.date.edit, (dt.date.today() - dt.timedelta(days=1)).strftime("%d%m%Y"))
    tick(qtbot, incidents.types, "fisik")
    assert editor.letter_button.isVisible()

    seen = {}

    def compose(dialog):
        seen["title"] = dialog.windowTitle()
        seen["destinations"] = [dialog.destination.itemText(i) for i in range(dialog.destination.count())]
        choose(qtbot, dialog.destination, POLICE)
        save = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Simpan draf")
        click(qtbot, save)

    when_modal(compose)
    click(qtbot, editor.letter_button)  # the new case is saved first, then the composer opens
    assert editor.case.case_number, editor.banner.text()
    assert any(POLICE in text for text in seen["destinations"])
    letters = referrals.list_letters(office)
    assert len(letters) == 1
    assert letters[0].case_number == editor.case.case_number and letters[0].destination_name == POLICE
    assert POLICE in editor.banner.text()
    assert register.model.rowCount() == 1  # the register lists the new draft without a refresh
    click(qtbot, editor.close_button)


def test_case_list_context_menu_starts_a_letter(qtbot, office):
    stored = cases.create_case(office, sample_case())
    page = CaseListPage(office)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    list_shown(qtbot, page)
    rect = page.table.visualRect(page.model.index(0, 0))
    page._context_menu(rect.center())
    actions = {a.text(): a for a in page.menu.actions()}
    assert set(actions) == {"Buka kasus", "Buat surat rujukan…", "Cetak resume kasus…"}
    page.menu.hide()
    seen = {}

    def look(dialog):
        seen["case"] = dialog.case.case_number
        dialog.reject()

    when_modal(look)
    actions["Buat surat rujukan…"].trigger()
    assert seen["case"] == stored.case_number


def test_letters_page_picks_the_case_by_initials_not_a_typed_number(qtbot, office):
    from caseapp.ui.letters.page import ReferralsPage

    cases.create_case(office, sample_case("Rina Marlina"))
    wanted = cases.create_case(office, sample_case("Siti Aminah"))
    page = ReferralsPage(office)
    qtbot.addWidget(page)
    page.show()
    seen = {}

    def pick(chooser):
        seen["chooser"] = chooser.windowTitle()
        type_into(qtbot, chooser.search, "S.A")
        qtbot.waitUntil(lambda: chooser.list.count() == 1, timeout=3000)
        seen["row"] = chooser.list.item(0).text()

        def compose(dialog):
            seen["case"] = dialog.case.case_number
            dialog.reject()

        when_modal(compose)
        qtbot.keyClick(chooser.search, Qt.Key.Key_Return)

    when_modal(pick)
    click(qtbot, page.new_button)
    assert seen["chooser"] == "Surat rujukan baru: pilih kasus"
    assert wanted.case_number in seen["row"] and "Siti" not in seen["row"]  # initials only, never the name
    assert seen["case"] == wanted.case_number


def test_an_empty_destination_list_says_how_to_add_one(qtbot, tmp_path):
    from caseapp.ui.letters.destinations_dialog import DestinationsDialog

    _data_dir, result = make_office(tmp_path / "bare")  # made without the wizard: no starter list
    with result.session as session:
        dialog = DestinationsDialog(session)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.list.count() == 0
        assert dialog.empty_hint.isVisible() and "Isi daftar awal" in dialog.empty_hint.text()
        click(qtbot, dialog.starter_button)
        assert dialog.list.count() == 7 and not dialog.empty_hint.isVisible()
        QApplication.processEvents()


def test_a_provincial_office_gets_provincial_partners():
    names = [d.name for d in destinations.starter_destinations("74")]
    assert "RSUD Provinsi Sulawesi Tenggara" in names
    assert "Unit PPA Ditreskrimum Polda Sulawesi Tenggara" in names
    assert not any("UPTD PPA Provinsi" in n for n in names)  # not itself
    kota = [d.name for d in destinations.starter_destinations("74.71")]
    assert "Unit PPA Satreskrim Polres Kendari" in kota and "RSUD Kota Kendari" in kota
