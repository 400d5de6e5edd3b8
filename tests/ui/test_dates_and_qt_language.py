"""Typed dates, the calendar in Indonesian, the NIK's birth date and sex offered, and Qt's own texts in Indonesian."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QToolButton

from caseapp.domain.nik import make_nik
from tests.helpers import REPO


@pytest.fixture
def indonesian_qt(qapp):
    from caseapp.ui import qt_language

    qt_language.apply("id")
    yield
    qt_language.reset()


@pytest.fixture
def form(qtbot, indonesian_qt):
    from caseapp.ui.cases.sections.person_form import PersonForm

    widget = PersonForm(lambda: dt.date(2024, 3, 1))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def type_date(qtbot, field, text: str) -> None:
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, text)


def test_typing_eight_digits_into_an_empty_birth_date_gives_that_date(qtbot, form):
    assert form.birth_date.value() is None and form.birth_date.edit.text() == ""
    type_date(qtbot, form.birth_date, "14052014")
    assert form.birth_date.value() == dt.date(2014, 5, 14)
    assert form.birth_date.edit.text() == "14/05/2014"
    assert "9 tahun" in form.age_info.text()  # the age follows at once (on 1 March 2024)


@pytest.mark.parametrize("typed", ["14/05/2014", "14-05-2014", "14.5.2014", "14/5/2014"])
def test_separators_slash_dash_and_dot_are_understood(qtbot, form, typed):
    type_date(qtbot, form.birth_date, typed)
    assert form.birth_date.value() == dt.date(2014, 5, 14)


def test_delete_clears_a_date_and_an_impossible_date_is_marked_not_stored(qtbot, form):
    form.birth_date.set_value(dt.date(2014, 5, 14))
    form.birth_date.edit.setFocus()
    qtbot.keyClick(form.birth_date.edit, Qt.Key.Key_Delete)
    assert form.birth_date.value() is None and form.birth_date.edit.text() == ""
    type_date(qtbot, form.birth_date, "31022014")
    assert form.birth_date.value() is None
    assert form.birth_date.edit.property("invalid")


def test_a_required_date_keeps_its_value_while_a_slip_is_corrected(qtbot, indonesian_qt):
    from caseapp.ui.cases.code_widgets import OptionalDate

    field = OptionalDate(allow_empty=False)
    qtbot.addWidget(field)
    field.set_value(dt.date(2024, 1, 2))
    field.edit.selectAll()
    type_date(qtbot, field, "99")
    assert field.value() == dt.date(2024, 1, 2)  # a half-typed date never replaces a stored one


def test_calendar_opens_at_today_then_at_the_birth_date_the_nik_or_age_implies(qtbot, form):
    calendar = form.birth_date.open_calendar()
    today = dt.date.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    form.birth_date.popup.hide()
    form.age.setFocus()
    qtbot.keyClicks(form.age, "9")
    assert form.age.text() == "9" and form.age.value() == 9  # typed straight in, and visible
    calendar = form.birth_date.open_calendar()
    assert calendar.yearShown() in (2014, 2015)  # about nine years before the incident (1 March 2024)
    form.birth_date.popup.hide()
    form.nik.setText(make_nik("74.06.04", dt.date(2010, 8, 17), "L", 3))
    form.age.clear()
    calendar = form.birth_date.open_calendar()
    assert (calendar.yearShown(), calendar.monthShown()) == (2010, 8)
    form.birth_date.popup.hide()


def test_calendar_speaks_indonesian(qtbot, form):
    form.birth_date.set_value(dt.date(2014, 5, 14))
    calendar = form.birth_date.open_calendar()
    month_button = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
    assert month_button.text() == "Mei"
    assert calendar.locale().dayName(1, calendar.locale().FormatType.ShortFormat).startswith("Sen")  # Senin
    form.birth_date.popup.hide()


def test_a_valid_nik_proposes_birth_date_and_sex_for_the_officer_to_confirm(qtbot, form):
    nik = make_nik("74.06.04", dt.date(2014, 5, 14), "P", 7)  # a woman: day + 40 in the NIK
    form.nik.setFocus()
    qtbot.keyClicks(form.nik, nik)
    assert form.nik_proposal.isVisible()
    text = form.nik_proposal_text.text()
    assert "14 Mei 2014" in text and "perempuan" in text
    assert form.birth_date.value() is None and form.sex.value() is None  # nothing filled in without asking
    qtbot.mouseClick(form.nik_proposal_button, Qt.MouseButton.LeftButton)
    assert form.birth_date.value() == dt.date(2014, 5, 14) and form.sex.value() == "P"
    assert not form.nik_proposal.isVisible()


def test_standard_buttons_say_batal_in_indonesian_and_cancel_in_english(qtbot, qapp):
    from caseapp.ui import qt_language

    try:
        qt_language.apply("id")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Batal"
        assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "OK"
        qt_language.apply("en")
        english = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(english)
        assert english.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    finally:
        qt_language.reset()


def test_the_file_dialog_speaks_indonesian(qtbot, indonesian_qt, tmp_path):
    dialog = QFileDialog(None, "Pilih berkas paket", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "&Cari di:"
    assert labels["fileNameLabel"] == "&Nama berkas:"
    assert labels["fileTypeLabel"] == "&Jenis berkas:"
    buttons = dialog.findChild(QDialogButtonBox)
    texts = {b.text() for b in buttons.buttons()}
    assert {"&Simpan", "Batal"} <= texts


def test_the_shipped_qt_catalogue_is_compiled_from_its_source(tmp_path):
    """resources/i18n/qt/qt_id.qm is what pyside6-lrelease makes of qt_id.ts (edit the .ts, then recompile)."""
    import shutil
    import sys
    from pathlib import Path

    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    out = tmp_path / "qt_id.qm"
    subprocess.run([lrelease, str(REPO / "resources/i18n/qt/qt_id.ts"), "-qm", str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == (REPO / "resources/i18n/qt/qt_id.qm").read_bytes()


def test_a_date_and_time_is_typed_too(qtbot, indonesian_qt):
    from caseapp.ui.cases.code_widgets import OptionalDateTime

    field = OptionalDateTime()
    qtbot.addWidget(field)
    assert field.value() is None
    type_date(qtbot, field.date, "05122026")
    field.time.setFocus()
    qtbot.keyClicks(field.time, "1430")
    assert field.value() == dt.datetime(2026, 12, 5, 14, 30)
    field.time.selectAll()
    qtbot.keyClicks(field.time, "25.00")
    assert field.time.property("invalid")
    field.date.edit.setFocus()
    qtbot.keyClick(field.date.edit, Qt.Key.Key_Delete)
    assert field.value() is None
