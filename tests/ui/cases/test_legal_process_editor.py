"""Proses hukum and Anak saksi in the case editor, driven through the widgets: enter, save, reopen, values shown; the
banner shows the 1×24 h protection clocks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from caseapp.services import cases
from caseapp.ui.cases.case_editor import CaseEditor
from tests.ui.cases.conftest import sample_case
from tests.ui.cases.driving import choose, click, go_to, type_into


def _stored_household_case(session, reported_hours_ago: int):
    case = sample_case("Siti Aminah", types=("persetubuhan_anak",), intake=dt.date.today() - dt.timedelta(days=3))
    case = replace(case, incidents=(replace(case.incidents[0], place="rumah_tangga"),),
                   police_reported_at=dt.datetime.now().replace(second=0, microsecond=0)
                   - dt.timedelta(hours=reported_hours_ago))
    return cases.create_case(session, case)


def _open(qtbot, session, uuid) -> CaseEditor:
    editor = CaseEditor(session, cases.get_case(session, uuid))
    qtbot.addWidget(editor)
    editor.resize(1280, 700)
    editor.show()
    return editor


def test_enter_the_legal_process_and_a_child_witness_save_and_reopen(qtbot, session):
    stored = _stored_household_case(session, reported_hours_ago=30)
    editor = _open(qtbot, session, stored.uuid)
    # household violence reported 30 hours ago, no temporary protection recorded: UU PKDRT Pasal 16 is overdue
    assert editor.police_clock.isVisible() and editor.police_clock.overdue
    assert "Perlindungan sementara oleh polisi (1×24 jam, UU PKDRT Pasal 16): belum dicatat, TERLAMBAT" in \
        editor.police_clock.text()

    legal = go_to(qtbot, editor, "Proses hukum")
    assert legal.police_time.text() != "" and "belum dicatat" not in legal.police_time.text()
    type_into(qtbot, legal.report_number, "LP/B/25/I/2024/SPKT/POLRES BOMBANA")
    choose(qtbot, legal.stage, "Penyidikan")
    given = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(hours=2)
    legal.protection_at.set_value(given)
    type_into(qtbot, legal.protection_by, "Unit PPA Polres Bombana")
    # protection given 2 hours ago: now the protection request runs (1×24 h)
    assert not editor.police_clock.overdue
    assert "Perlindungan sementara diberikan" in editor.police_clock.text()
    assert "Permintaan perlindungan (perintah perlindungan/LPSK, 1×24 jam): sisa 21 jam" in editor.police_clock.text()
    type_into(qtbot, legal.court, "Pengadilan Negeri Andoolo")
    type_into(qtbot, legal.case_number, "12/Pid.Sus/2024/PN Adl")
    type_into(qtbot, legal.amount, "25.000.000")

    witnesses = go_to(qtbot, editor, "Anak saksi")
    click(qtbot, witnesses.add_button)
    form = witnesses.person_form
    type_into(qtbot, form.name, "Rina Lestari")
    choose(qtbot, form.sex, "Perempuan")
    form.birth_date.set_value(dt.date(2014, 5, 6))
    type_into(qtbot, form.g_name, "Wa Ode Sitti")
    type_into(qtbot, form.g_relation, "ibu kandung")

    click(qtbot, editor.save_button)
    assert not editor.is_dirty() and QApplication.activeModalWidget() is None

    saved = cases.get_case(session, stored.uuid)
    assert saved.legal_process.police_report_number == "LP/B/25/I/2024/SPKT/POLRES BOMBANA"
    assert saved.legal_process.restitution_amount == 25_000_000
    assert saved.legal_process.temporary_protection_at == given
    assert [(w.name, w.guardian.name) for w in saved.child_witnesses] == [("Rina Lestari", "Wa Ode Sitti")]
    editor.close()

    reopened = _open(qtbot, session, stored.uuid)
    legal = go_to(qtbot, reopened, "Proses hukum")
    assert legal.report_number.text() == "LP/B/25/I/2024/SPKT/POLRES BOMBANA"
    assert legal.stage.currentText() == "Penyidikan"
    assert legal.protection_at.value() == given and legal.protection_by.text() == "Unit PPA Polres Bombana"
    assert legal.court.text() == "Pengadilan Negeri Andoolo"
    assert legal.case_number.text() == "12/Pid.Sus/2024/PN Adl"
    assert legal.amount.text() == "25.000.000"
    witnesses = go_to(qtbot, reopened, "Anak saksi")
    assert witnesses.list.count() == 1 and witnesses.person_form.name.text() == "Rina Lestari"
    assert "Perlindungan sementara diberikan" in reopened.police_clock.text()
    assert not reopened.is_dirty()


def test_a_final_verdict_without_a_date_is_refused_next_to_the_field(qtbot, session):
    stored = _stored_household_case(session, reported_hours_ago=3)
    editor = _open(qtbot, session, stored.uuid)
    assert not editor.police_clock.overdue and "paling lambat" in editor.police_clock.text()
    legal = go_to(qtbot, editor, "Proses hukum")
    legal.scroll.ensureWidgetVisible(legal.verdict_final)   # the officer scrolls down to it
    box = legal.verdict_final
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    click(qtbot, editor.save_button)
    message = legal.form.messages["verdict_date"]
    assert message.isVisible() and "tanggal putusan" in message.text()
    assert editor.stack.currentWidget() is legal
    assert cases.get_case(session, stored.uuid).legal_process is None    # nothing saved
    type_into(qtbot, legal.verdict_date.edit, "15072024")
    click(qtbot, editor.save_button)
    assert cases.get_case(session, stored.uuid).legal_process.verdict_date == dt.date(2024, 7, 15)
    assert not editor.is_dirty()


def test_a_legal_process_conflict_is_named_in_indonesian():
    from caseapp.ui.exchange.labels import field_label

    assert field_label(("legal_process", "stage")) == "Proses hukum › Tahap proses hukum"
    assert field_label(("child_witnesses", "#0b5c", "name")) == "Anak saksi › Nama"


def test_child_witness_rules_in_the_editor(qtbot, session):
    stored = _stored_household_case(session, reported_hours_ago=3)
    editor = _open(qtbot, session, stored.uuid)
    witnesses = go_to(qtbot, editor, "Anak saksi")
    click(qtbot, witnesses.add_button)
    type_into(qtbot, witnesses.person_form.name, "Rina Lestari")
    witnesses.person_form.birth_date.set_value(dt.date(2000, 1, 1))   # an adult: not a child witness
    click(qtbot, editor.save_button)
    assert editor.stack.currentWidget() is witnesses
    assert "di bawah 18 tahun" in editor.banner.text() + " ".join(
        label.text() for label in witnesses.findChildren(type(editor.banner)) if label.isVisible())
    assert cases.get_case(session, stored.uuid).child_witnesses == ()
    witnesses.person_form.birth_date.set_value(dt.date(2014, 5, 6))
    click(qtbot, editor.save_button)   # saved; no parent or guardian recorded: a warning after saving
    assert [w.name for w in cases.get_case(session, stored.uuid).child_witnesses] == ["Rina Lestari"]
    assert "Anak saksi: catat orang tua atau wali" in editor.banner.text()
