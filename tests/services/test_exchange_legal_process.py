"""Two offices on this version exchange the legal process and child witnesses both ways; edits of different fields
of the legal process on each side merge without a conflict. An office on the previous version refuses such a record
(its parser knows neither key), which docs/exchange.md says."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from caseapp.domain.case_json import case_to_json
from caseapp.domain.errors import ValidationError
from caseapp.services import cases, exchange, offices
from caseapp.services.cases import case_from_json
from tests.helpers import make_office


def _case():
    return case_from_json({
        "intake_date": "2024-01-22", "intake_time": "09:00", "channel": "datang_langsung",
        "victims": [{"name": "Siti Aminah", "sex": "P", "birth_date": "2012-03-04", "region_code": "74.06.01.1007",
                     "guardian": {"name": "Wa Ode Sitti", "relationship": "ibu kandung"}}],
        "perpetrators": [{"name": "Fulan", "sex": "L", "relationship": "ayah_kandung"}],
        "child_witnesses": [{"name": "Rina Lestari", "sex": "P", "birth_date": "2014-05-06",
                             "guardian": {"name": "Wa Ode Sitti", "relationship": "ibu kandung"}}],
        "violence_types": ["persetubuhan_anak"], "incident_date": "2024-01-20", "place": "rumah_tangga",
        "police_reported_at": "2024-01-22T14:00:00",
        "legal_process": {"police_report_number": "LP/B/25/I/2024/SPKT/POLRES BOMBANA", "stage": "penyidikan"}})


@pytest.fixture
def pair(tmp_path):
    s = {}
    for code, name in (("74.06", "UPTD PPA Kabupaten Bombana"), ("74", "UPTD PPA Provinsi Sulawesi Tenggara")):
        _dd, result = make_office(tmp_path / code, code=code, name=name)
        s[code] = result.session
    for a, b in (("74.06", "74"), ("74", "74.06")):
        card = offices.own_card(s[b])
        offices.trust_card(s[a], card, card.fingerprint())
    yield s["74.06"], s["74"], tmp_path
    for session in s.values():
        session.close()


def _send(src, dst, path):
    exchange.export_bundle(src, dst.office.code, path)
    receipt = path.with_suffix(".receipt")
    exchange.import_bundle(dst, path, receipt_out=receipt)
    exchange.import_bundle(src, receipt)


def _comparable(case):
    doc = case_to_json(case)
    doc.pop("version"), doc.pop("assigned_officers")
    return doc


def test_the_legal_process_and_child_witnesses_travel_both_ways_and_merge(pair):
    district, province, tmp = pair
    created = cases.create_case(district, _case())
    _send(district, province, tmp / "d1.casebundle")
    received = cases.get_case(province, created.uuid)
    assert _comparable(received) == _comparable(cases.get_case(district, created.uuid))
    assert received.legal_process.stage == "penyidikan" and received.child_witnesses[0].name == "Rina Lestari"

    # each side records a different part of the legal process
    at_district = cases.get_case(district, created.uuid)
    cases.save_case(district, dataclasses.replace(at_district, legal_process=dataclasses.replace(
        at_district.legal_process, temporary_protection_at=dt.datetime(2024, 1, 22, 20, 0),
        temporary_protection_by="Unit PPA Polres Bombana")))
    cases.save_case(province, dataclasses.replace(received, legal_process=dataclasses.replace(
        received.legal_process, stage="persidangan", court="Pengadilan Negeri Andoolo",
        court_case_number="12/Pid.Sus/2024/PN Adl")))
    _send(district, province, tmp / "d2.casebundle")
    assert exchange.open_conflicts(province) == []
    merged = cases.get_case(province, created.uuid).legal_process
    assert (merged.stage, merged.court_case_number) == ("persidangan", "12/Pid.Sus/2024/PN Adl")
    assert merged.temporary_protection_at == dt.datetime(2024, 1, 22, 20, 0)

    _send(province, district, tmp / "p1.casebundle")
    back = cases.get_case(district, created.uuid)
    assert back.legal_process == merged
    assert _comparable(back) == _comparable(cases.get_case(province, created.uuid))


def test_the_same_legal_field_changed_on_both_sides_is_a_conflict(pair):
    district, province, tmp = pair
    created = cases.create_case(district, _case())
    _send(district, province, tmp / "d1.casebundle")
    for session, stage in ((district, "pelimpahan_kejaksaan"), (province, "dihentikan_sp3")):
        case = cases.get_case(session, created.uuid)
        cases.save_case(session, dataclasses.replace(case, legal_process=dataclasses.replace(
            case.legal_process, stage=stage)))
    _send(district, province, tmp / "d2.casebundle")
    conflicts = exchange.open_conflicts(province)
    assert [(c.path, c.local, c.remote) for c in conflicts] == [
        (("legal_process", "stage"), "dihentikan_sp3", "pelimpahan_kejaksaan")]


def test_an_office_on_the_previous_version_refuses_the_new_keys_but_reads_a_case_without_them(monkeypatch):
    """The previous version's parser is this one without the two keys (unknown keys are refused)."""
    from caseapp.domain import case_json

    doc = json.loads(json.dumps(case_to_json(_case())))
    monkeypatch.setattr(case_json, "_CASE_KEYS", case_json._CASE_KEYS - {"legal_process", "child_witnesses"})
    today, anywhere = dt.date(2024, 12, 31), (lambda _c: True)
    without = {k: v for k, v in doc.items() if k not in ("legal_process", "child_witnesses")}
    for key in ("legal_process", "child_witnesses"):
        with pytest.raises(ValidationError) as info:
            case_json.case_from_json({**without, key: doc[key]}, today=today, region_exists=anywhere)
        assert (info.value.field, info.value.message) == (key, "Kolom tidak dikenal.")
    assert case_json.case_from_json(without, today=today, region_exists=anywhere).legal_process is None

