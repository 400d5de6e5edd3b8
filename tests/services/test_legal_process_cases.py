"""The legal process and anak saksi through the case services: stored, read back, exported, shown in the overdue
list and in the resume kasus."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from caseapp.domain.case_list import CaseFilter
from caseapp.domain.legal_process import LegalProcess
from caseapp.services import case_summary, cases
from tests.helpers import make_office

CASE = {
    "intake_date": "2024-01-22", "intake_time": "09:00", "channel": "datang_langsung",
    "victims": [{"name": "Siti Aminah", "sex": "P", "birth_date": "2012-03-04", "region_code": "74.06.01",
                 "guardian": {"name": "Wa Ode Sitti", "relationship": "ibu kandung"}}],
    "perpetrators": [{"name": "Fulan", "sex": "L", "birth_date": "1980-01-01", "relationship": "ayah_kandung"}],
    "child_witnesses": [{"name": "Rina Lestari", "sex": "P", "birth_date": "2014-05-06",
                         "guardian": {"name": "Wa Ode Sitti", "relationship": "ibu kandung"}}],
    "violence_types": ["persetubuhan_anak"], "incident_date": "2024-01-20", "place": "rumah_tangga",
    "police_reported_at": "2024-01-22T14:00:00",
    "legal_process": {"police_report_number": "LP/B/25/I/2024/SPKT/POLRES BOMBANA", "stage": "penyidikan"},
}


@pytest.fixture
def session(tmp_path):
    _dd, result = make_office(tmp_path / "office")
    yield result.session
    result.session.close()


def _row(session, uuid):
    return next(r for r in cases.list_cases(session, CaseFilter(), limit=100) if r.uuid == uuid)


def test_stored_read_back_and_exported(session):
    created = cases.create_case_from_json(session, CASE)
    loaded = cases.get_case(session, created.uuid)
    assert loaded == created
    assert loaded.legal_process.police_report_number == "LP/B/25/I/2024/SPKT/POLRES BOMBANA"
    assert [w.name for w in loaded.child_witnesses] == ["Rina Lestari"]
    exported = cases.export_case_json(session, created.uuid)
    assert exported["legal_process"]["stage"] == "penyidikan"
    assert exported["child_witnesses"][0]["guardian"]["name"] == "Wa Ode Sitti"
    # the police report time stays the case's own field, not a copy in the legal process
    assert exported["police_reported_at"] == "2024-01-22T14:00:00" and "police_reported_at" not in \
        exported["legal_process"]
    verdict = replace(loaded.legal_process, stage="putusan", verdict_date=dt.date(2024, 7, 15), verdict_final=True,
                      restitution_amount=25_000_000)
    saved = cases.save_case(session, replace(loaded, legal_process=verdict))
    again = cases.get_case(session, created.uuid)
    assert again.version == saved.version == 2 and again.legal_process == verdict


def test_the_overdue_list_shows_the_protection_clocks(session):
    created = cases.create_case_from_json(session, CASE)
    # household violence reported at 14:00: temporary protection was due 1×24 h later (UU PKDRT Pasal 16)
    assert _row(session, created.uuid).due_at == dt.datetime(2024, 1, 23, 14, 0)
    assert cases.list_cases(session, CaseFilter(overdue=True), limit=10)[0].uuid == created.uuid
    given = replace(created.legal_process, temporary_protection_at=dt.datetime(2024, 1, 22, 20, 0),
                    temporary_protection_by="Unit PPA Polres Bombana")
    saved = cases.save_case(session, replace(created, legal_process=given))
    assert _row(session, created.uuid).due_at == dt.datetime(2024, 1, 23, 20, 0)   # now the protection request
    asked = replace(given, protection_requested_at=dt.datetime(2024, 1, 23, 9, 0))
    cases.save_case(session, replace(saved, legal_process=asked))
    assert _row(session, created.uuid).due_at is None


def test_a_case_without_the_new_fields_is_stored_as_before(session):
    old = {k: v for k, v in CASE.items() if k not in ("legal_process", "child_witnesses")}
    created = cases.create_case_from_json(session, old)
    exported = cases.export_case_json(session, created.uuid)
    assert "legal_process" not in exported and "child_witnesses" not in exported
    assert created.legal_process is None
    assert _row(session, created.uuid).due_at is None   # no new due date for a case without a legal process
    stored = cases.get_case(session, created.uuid)
    cases.save_case(session, replace(stored, legal_process=LegalProcess()))   # an empty record is no record
    assert "legal_process" not in cases.export_case_json(session, created.uuid)


def test_resume_kasus_shows_the_legal_process_and_the_child_witness_by_initials(session):
    created = cases.create_case_from_json(session, CASE)
    initials = case_summary.build_summary(session, created, "initials")
    titles = [s.title for s in initials.sections]
    assert "Proses hukum" in titles and "Anak saksi" in titles
    witness = next(s for s in initials.sections if s.title == "Anak saksi")
    assert ("Inisial", "R.L.") in witness.rows and "Rina" not in repr(witness.rows)
    legal = dict(next(s for s in initials.sections if s.title == "Proses hukum").rows)
    assert legal["Tahap proses hukum"] == "Penyidikan" and "LP/B" not in legal["Laporan Polisi"]
    full = dict(next(s for s in case_summary.build_summary(session, created, "full").sections
                     if s.title == "Proses hukum").rows)
    assert full["Laporan Polisi"].startswith("LP/B/25/I/2024/SPKT/POLRES BOMBANA")


def test_the_police_report_and_court_case_numbers_find_the_case(session):
    created = cases.create_case_from_json(session, CASE)
    other = cases.create_case_from_json(session, {k: v for k, v in CASE.items() if k != "legal_process"})
    found = [r.uuid for r in cases.list_cases(session, CaseFilter(text="LP/B/25/I/2024"), limit=10)]
    assert found == [created.uuid] and other.uuid not in found
    cases.save_case(session, replace(created, legal_process=replace(created.legal_process,
                                                                    court_case_number="12/Pid.Sus/2024/PN Adl")))
    assert [r.uuid for r in cases.list_cases(session, CaseFilter(text="Pid.Sus"), limit=10)] == [created.uuid]
