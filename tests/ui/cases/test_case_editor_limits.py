"""The case editor holds texts to the lengths of local entry (domain/entry_limits.py): a one-line field takes no
more than its length, and a text longer than allowed is refused at saving, by the field, with nothing stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from caseapp.domain.case_list import CaseFilter
from caseapp.domain.entry_limits import ADDRESS_CHARS, MAX_TEXT_CHARS, SHORT_TEXT_CHARS
from caseapp.services import cases
from caseapp.ui.cases.case_editor import CaseEditor
from tests.ui.cases.conftest import sample_case
from tests.ui.cases.driving import click, go_to, type_into


def paste(qtbot, widget, text: str) -> None:
    """Put ``text`` on the clipboard and press Ctrl+V in ``widget``, as an officer pasting from another program."""
    QApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def open_editor(session):
    """An editor on a newly stored case; closed at the end without the unsaved-changes question (a test that
    fails half-way leaves unsaved edits, and the question would wait for an answer)."""
    opened = []

    def open_it(qtbot, session, name: str = "Siti Aminah") -> tuple[CaseEditor, str]:
        stored = cases.create_case(session, sample_case(name))
        editor = CaseEditor(session, cases.get_case(session, stored.uuid))
        opened.append(editor)
        editor.resize(1200, 700)
        editor.show()
        return editor, stored.uuid

    yield open_it
    for editor in opened:
        editor.hide()
        editor.deleteLater()


def test_a_chronology_over_the_limit_is_refused_by_the_field_and_nothing_is_stored(qtbot, session, open_editor):
    editor, uuid = open_editor(qtbot, session)
    incidents = go_to(qtbot, editor, "Kejadian")
    paste(qtbot, incidents.chronology, "a" * (MAX_TEXT_CHARS + 1))
    assert len(incidents.chronology.toPlainText()) == MAX_TEXT_CHARS + 1

    click(qtbot, editor.save_button)

    assert editor.stack.currentWidget() is incidents
    message = incidents.form_widget.messages["chronology"]
    assert message.isVisible()
    assert message.text() == "Isian ini terlalu panjang: 100.001 karakter, paling banyak 100.000 karakter."
    assert editor.banner.text().startswith("Kejadian 1: Isian ini terlalu panjang")
    stored = cases.get_case(session, uuid)
    assert stored.version == 1 and stored.incidents[0].chronology == ""
    assert cases.count_cases(session, CaseFilter()) == 1

    # At the limit it is saved.
    incidents.chronology.setFocus()
    qtbot.keyClick(incidents.chronology, Qt.Key.Key_Backspace)
    click(qtbot, editor.save_button)
    assert editor.banner.text() == "" or "terlalu panjang" not in editor.banner.text()
    assert len(cases.get_case(session, uuid).incidents[0].chronology) == MAX_TEXT_CHARS


def test_one_line_fields_take_no_more_than_their_length(qtbot, session, open_editor):
    editor, _uuid = open_editor(qtbot, session)
    form = go_to(qtbot, editor, "Korban").person_form

    type_into(qtbot, form.name, "N" * SHORT_TEXT_CHARS)
    qtbot.keyClicks(form.name, "xyz")
    assert form.name.text() == "N" * SHORT_TEXT_CHARS

    form.street.clear()
    paste(qtbot, form.street, "J" * (ADDRESS_CHARS + 1))  # refused as a whole, never cut off unseen
    assert form.street.text() == ""
    paste(qtbot, form.street, "Jl. Poros Kasipute RT 02/RW 01")
    assert form.street.text() == "Jl. Poros Kasipute RT 02/RW 01"


def test_a_longer_name_already_there_is_kept_and_saving_names_the_field(qtbot, session, open_editor):
    """A name longer than the limit (a case saved before the limits) is shown whole, not silently shortened, and
    saving it refuses with a message by the field; shortening it is possible, lengthening it is not."""
    editor, uuid = open_editor(qtbot, session)
    form = go_to(qtbot, editor, "Korban").person_form
    long_name = "Siti " + "A" * SHORT_TEXT_CHARS
    form.name.setText(long_name)
    assert form.name.text() == long_name

    form.name.setFocus()
    form.name.end(False)
    qtbot.keyClicks(form.name, "b")
    assert form.name.text() == long_name
    qtbot.keyClick(form.name, Qt.Key.Key_Backspace)
    assert form.name.text() == long_name[:-1]

    click(qtbot, editor.save_button)
    message = form.left.messages["name"]
    assert message.isVisible() and "paling banyak 200 karakter" in message.text()
    assert cases.get_case(session, uuid).victims[0].name == "Siti Aminah"
