"""The smaller faults of issue 10, each as an officer would meet it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from caseapp.services import cases
from tests.ui.cases.conftest import sample_case
from tests.ui.cases.driving import go_to, tick


def test_ticking_seksual_does_not_move_the_form_under_the_mouse(qtbot, session):
    from caseapp.ui.cases.case_editor import CaseEditor

    editor = CaseEditor(session, None)
    qtbot.addWidget(editor)
    editor.resize(1300, 720)
    editor.show()
    incidents = go_to(qtbot, editor, "Kejadian")
    box = incidents.types.boxes["seksual"]
    before = box.mapTo(editor, QPoint(0, 0))
    tick(qtbot, incidents.types, "seksual")
    qtbot.wait(20)
    assert editor.police_clock.isVisible()
    assert box.mapTo(editor, QPoint(0, 0)) == before  # the 3×24 h clock appears above the buttons instead
    editor.baseline = editor.build()


def test_a_new_high_risk_complaint_reads_segera_not_terlambat(qtbot, session):
    from caseapp.ui.cases.case_list_model import DUE
    from caseapp.ui.cases.case_list_page import CaseListPage

    case = sample_case("Siti Aminah", intake=dt.date.today())
    from dataclasses import replace

    cases.create_case(session, replace(case, risk_level="tinggi"))
    page = CaseListPage(session)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.model.refreshing, timeout=10_000)
    text = page.model.index(0, DUE).data()
    assert text == "segera (risiko tinggi)" and "terlambat" not in text


def test_wizard_checks_the_nip_where_it_is_typed_in_red(qtbot):
    from caseapp.ui.setup_wizard import AdminPage

    page = AdminPage()
    qtbot.addWidget(page)
    page.show()
    page.username.setText("andi")
    page.full_name.setText("Andi Pratama")
    page.passwords.password.setText("kata-sandi-panjang-1")
    page.passwords.confirm.setText("kata-sandi-panjang-1")
    assert page.isComplete()
    qtbot.keyClicks(page.nip, "19800101")
    assert not page.isComplete()  # "Lanjut" stays off on this page, not two pages later
    assert page.nip_status.isVisible() and "18 angka" in page.nip_status.text()
    assert page.nip_status.objectName() == "ErrorLabel"  # styled red, not the grey hint
    page.nip.setText("198001012005012001")
    assert page.isComplete() and not page.nip_status.isVisible()


def test_display_labels_show_their_shortcut_letter_not_a_raw_ampersand(qtbot, tmp_path):
    from caseapp.ui.display_tab import DisplayTab
    from caseapp.ui.jobs import JobRunner
    from caseapp.ui.sections import PageContext
    from tests.helpers import make_office

    _data_dir, result = make_office(tmp_path / "office")
    with result.session as session:
        tab = DisplayTab(PageContext(session, JobRunner()))
        qtbot.addWidget(tab)
        labels = {label.text(): label for label in tab.findChildren(QLabel) if "&" in label.text()}
        assert labels["&Bahasa tampilan:"].buddy() is tab.language
        assert labels["Kunci setelah &tidak aktif:"].buddy() is tab.idle
