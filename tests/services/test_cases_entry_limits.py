"""Local entry holds every text of a case to its length (domain/entry_limits.py), as bundle import does: a longer
text is refused with a message naming the field, and nothing is stored."""

from __future__ import annotations

from dataclasses import replace

import pytest

from caseapp.domain.case_list import CaseFilter
from caseapp.domain.entry_limits import ADDRESS_CHARS, MAX_TEXT_CHARS, NIK_CHARS, SHORT_TEXT_CHARS, TextTooLong
from caseapp.domain.errors import ValidationError
from caseapp.services import cases, drafts
from tests.helpers import make_office
from tests.services.test_cases import EXAMPLE, actions, example


@pytest.fixture
def session(tmp_path):
    _data_dir, result = make_office(tmp_path / "office")
    yield result.session
    result.session.close()


def test_save_case_refuses_a_chronology_one_character_too_long_and_stores_nothing(session):
    stored = cases.create_case_from_json(session, EXAMPLE)
    opened = cases.get_case(session, stored.uuid)
    too_long = replace(opened, incidents=(replace(opened.incidents[0], chronology="a" * (MAX_TEXT_CHARS + 1)),))

    with pytest.raises(TextTooLong) as refused:
        cases.save_case(session, too_long)

    assert refused.value.field == "incidents[0].chronology"
    assert refused.value.message == "Isian ini terlalu panjang: 100.001 karakter, paling banyak 100.000 karakter."
    again = cases.get_case(session, stored.uuid)
    assert again.version == opened.version and again.incidents[0].chronology == "Korban melapor bersama ibunya."
    assert ("case_updated", stored.uuid) not in actions(session)

    at_limit = replace(opened, incidents=(replace(opened.incidents[0], chronology="a" * MAX_TEXT_CHARS),))
    assert len(cases.save_case(session, at_limit).incidents[0].chronology) == MAX_TEXT_CHARS


@pytest.mark.parametrize(("field", "data", "limit"), [
    ("chronology", example(chronology="k" * (MAX_TEXT_CHARS + 1)), MAX_TEXT_CHARS),
    ("victims[0].name", example(victims=[{**EXAMPLE["victims"][0], "name": "N" * (SHORT_TEXT_CHARS + 1)}]),
     SHORT_TEXT_CHARS),
    ("victims[0].street", example(victims=[{**EXAMPLE["victims"][0], "street": "J" * (ADDRESS_CHARS + 1)}]),
     ADDRESS_CHARS),
    ("victims[0].nik", example(victims=[{**EXAMPLE["victims"][0], "nik": " " * 20 + "7406014403120017"}]),
     NIK_CHARS),
    ("notes[0].text", example(notes=[{"created_at": "2024-01-22T09:30", "text": "c" * (MAX_TEXT_CHARS + 1)}]),
     MAX_TEXT_CHARS),
    ("assigned_officers[0]", example(assigned_officers=["p" * (SHORT_TEXT_CHARS + 1)]), SHORT_TEXT_CHARS),
])
def test_creating_a_case_refuses_each_kind_of_text_over_its_length(session, field, data, limit):
    with pytest.raises(ValidationError) as refused:
        cases.create_case_from_json(session, data)
    assert refused.value.field == field
    assert f"paling banyak {limit:,} karakter".replace(",", ".") in refused.value.message
    assert cases.count_cases(session, CaseFilter()) == 0


def test_a_draft_may_be_over_the_limit_but_saving_it_as_a_case_is_refused(session):
    """Autosave keeps whatever the officer typed (losing it would be worse); the limit applies when it is saved."""
    stored = cases.create_case_from_json(session, EXAMPLE)
    opened = cases.get_case(session, stored.uuid)
    long = replace(opened, incidents=(replace(opened.incidents[0], chronology="a" * (MAX_TEXT_CHARS + 5)),))
    draft_id = drafts.save_draft(session, long)
    _info, restored = drafts.load_draft(session, draft_id)
    assert len(restored.incidents[0].chronology) == MAX_TEXT_CHARS + 5
    with pytest.raises(TextTooLong):
        cases.save_case(session, restored)
    assert cases.get_case(session, stored.uuid).version == opened.version
