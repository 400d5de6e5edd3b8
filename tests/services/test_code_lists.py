"""An admin extends code lists inside the store; old codes are never lost; new codes validate cases."""

import pytest

from caseapp.domain.errors import PermissionDenied, ValidationError
from caseapp.services import cases, code_lists
from tests.helpers import OFFICER_PASSWORD, add_officer, make_office, unlock

EXAMPLE = {"intake_date": "2024-01-22", "channel": "radio_komunitas",
           "victims": [{"name": "Siti Aminah", "sex": "P", "birth_date": "2012-03-04"}],
           "violence_types": ["seksual"], "incident_date": "2024-01-20"}


def test_admin_adds_a_channel_that_cases_can_then_use(tmp_path):
    data_dir, result = make_office(tmp_path / "o")
    s = result.session
    with pytest.raises(ValidationError):
        cases.create_case_from_json(s, EXAMPLE)
    code_lists.extend_code_list(s, "channel", [{"code": "radio_komunitas", "id": "Radio komunitas", "en": "Community radio"}])
    created = cases.create_case_from_json(s, EXAMPLE)
    s.close()
    s = unlock(data_dir)
    reg = code_lists.registry(s)
    assert reg.label("channel", "radio_komunitas", "en") == "Community radio"
    assert "datang_langsung" in reg["channel"]
    assert cases.get_case(s, created.uuid).channel == "radio_komunitas"
    s.close()


def test_renaming_an_existing_code_is_refused_and_nothing_stored(tmp_path):
    _dd, result = make_office(tmp_path / "o")
    s = result.session
    with pytest.raises(ValidationError):
        code_lists.extend_code_list(s, "channel", [{"code": "datang_langsung", "id": "Nama lain", "en": "x"}])
    assert code_lists._extensions(s) == {}
    s.close()


def test_officer_cannot_extend(tmp_path):
    data_dir, result = make_office(tmp_path / "o")
    add_officer(result.session)
    result.session.close()
    s = unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    with pytest.raises(PermissionDenied):
        code_lists.extend_code_list(s, "channel", [{"code": "baru", "id": "Baru", "en": "New"}])
    s.close()
