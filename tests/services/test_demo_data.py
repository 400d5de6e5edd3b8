"""Demo data: deterministic per seed, valid, plausible, stored exactly as create_case stores, audited per batch."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from caseapp.services.demo_data import STATUSES  # the stages demo cases are spread over
from caseapp.domain.case_json import case_to_json
from caseapp.domain.case_list import CaseFilter
from caseapp.domain.errors import PermissionDenied, ValidationError
from caseapp.domain.nik import parse_nik
from caseapp.services import cases
from caseapp.services.demo_data import DemoGenerator, create_cases_bulk, make_demo_cases
from caseapp.store import audit_log
from tests.helpers import OFFICER_PASSWORD, add_officer, make_office, unlock

TODAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def sample():
    return list(DemoGenerator("74.06", seed=11, today=TODAY, officers=("petugas1", "petugas2")).cases(1500))


@pytest.fixture
def office(tmp_path):
    data_dir, result = make_office(tmp_path / "office")
    yield data_dir, result.session
    if not result.session.closed:
        result.session.close()


def test_same_seed_same_cases_other_seed_other_cases():
    def make(seed):
        return [case_to_json(c) for c in DemoGenerator("74.06", seed=seed, today=TODAY).cases(50)]

    assert make(3) == make(3)
    assert make(3) != make(4)


def test_every_generated_case_passes_validation(sample):
    for case in sample:
        assert cases.validate(case, today=TODAY) == case


def test_cases_look_like_an_offices_caseload(sample):
    n = len(sample)
    intake = [c.intake_date for c in sample]
    assert intake == sorted(intake) and TODAY - dt.timedelta(days=5 * 366) <= intake[0] and intake[-1] <= TODAY
    assert len({d.year for d in intake}) >= 5
    multi = sum(len(c.victims) >= 2 for c in sample) / n
    assert 0.10 <= multi <= 0.20
    statuses = Counter(c.status for c in sample)
    assert set(statuses) == set(STATUSES) and statuses["selesai"] > n / 3
    assert all(c.closure_reason for c in sample if c.status == "selesai")
    types = Counter(t for c in sample for t in c.violence_types)
    assert types["seksual"] > types["eksploitasi"] and types["fisik"] > types["penelantaran"] > 0
    people = [p for c in sample for p in c.persons]
    assert all(p.region_code.startswith("74.06.") and len(p.region_code) == 13 for p in people)
    with_nik = [p for p in people if p.nik]
    assert 0.1 * len(people) < len(with_nik) < 0.6 * len(people)
    for p in with_nik:
        info = parse_nik(p.nik, today=TODAY)
        assert p.region_code.startswith(info.district) and info.sex == p.sex
    assert sum(bool(c.relations) for c in sample) > n / 2
    assert any(c.reporters for c in sample) and any(c.notes for c in sample)
    assert any(c.follow_ups for c in sample) and any(len(c.services) > 1 for c in sample)
    assert any(v.guardian for c in sample for v in c.victims)
    assert all(c.consents for c in sample)
    assert all(set(c.assigned_officers) <= {"petugas1", "petugas2"} and c.assigned_officers for c in sample)
    assert len({p.name for p in people}) > len(people) / 4   # names vary


def test_a_province_office_spreads_over_its_regencies():
    generated = list(DemoGenerator("74", seed=1, today=TODAY).cases(200))
    regencies = {v.region_code[:5] for c in generated for v in c.victims}
    assert len(regencies) >= 8


def _row(conn, uuid):
    cols = ("case_number, owner_office, status, risk_level, intake_date, victim_initials, victim_count, "
            "child_victim, violence_types, due_at, version, read_only, document")
    main = conn.execute(f"SELECT {cols} FROM cases WHERE uuid = ?", (uuid,)).fetchone()
    rowid = "(SELECT rowid FROM cases WHERE uuid = ?)"
    people = conn.execute("SELECT person_uuid, role, name_key, nik, birth_date FROM case_people "
                          f"WHERE case_rowid = {rowid} ORDER BY person_uuid", (uuid,)).fetchall()
    violence = conn.execute(f"SELECT code FROM case_violence WHERE case_rowid = {rowid} ORDER BY code",
                            (uuid,)).fetchall()
    assigned = conn.execute("SELECT username FROM case_assignments WHERE case_uuid = ? ORDER BY 1", (uuid,)).fetchall()
    return main, people, violence, assigned


def test_bulk_stores_exactly_what_create_case_stores(tmp_path):
    generated = list(DemoGenerator("74.06", seed=5, today=dt.date.today()).cases(30))
    _, bulk = make_office(tmp_path / "a")
    _, single = make_office(tmp_path / "b")
    try:
        assert create_cases_bulk(bulk.session, generated, batch_size=7) == 30
        for case in generated:
            cases.create_case(single.session, case)
        for case in generated:
            assert _row(bulk.session.db.conn, case.uuid) == _row(single.session.db.conn, case.uuid)
            assert cases.get_case(bulk.session, case.uuid) == cases.get_case(single.session, case.uuid)
        word = generated[0].victims[0].name.split()[-1]
        assert [r.uuid for r in cases.list_cases(bulk.session, CaseFilter(text=word), limit=1000)] == \
            [r.uuid for r in cases.list_cases(single.session, CaseFilter(text=word), limit=1000)]
    finally:
        bulk.session.close()
        single.session.close()


def test_make_demo_cases_audits_once_per_batch_and_assigns_officers(office):
    data_dir, s = office
    add_officer(s, "petugas1")
    made = make_demo_cases(s, 45, seed=2)
    assert made == 45 == cases.count_cases(s, CaseFilter())
    entries = [e for e in audit_log.entries(s.db.conn, limit=1000) if e.action == "demo_cases_created"]
    assert len(entries) == 15 and {e.record_id.split(":")[0] for e in entries} == {"3"}
    assert not [e for e in audit_log.entries(s.db.conn, limit=1000) if e.action == "case_created"]
    numbers = [r.case_number for r in cases.list_cases(s, CaseFilter(sort="case_number", descending=False), limit=100)]
    assert len(set(numbers)) == 45
    s.close()
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as officer:
        assert cases.count_cases(officer, CaseFilter()) == 45   # every demo case is assigned to the only officer


def test_cancel_keeps_finished_batches_only(office):
    _, s = office
    seen = []

    def progress(done, total):
        seen.append((done, total))

    made = make_demo_cases(s, 100, seed=1, progress=progress, cancel=lambda: len(seen) >= 2)
    assert made == 10 and seen == [(5, 100), (10, 100)]
    assert cases.count_cases(s, CaseFilter()) == 10


def test_only_an_administrator_makes_demo_data(office):
    data_dir, s = office
    add_officer(s, "petugas1")
    with pytest.raises(ValidationError):
        make_demo_cases(s, 0)
    s.close()
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as officer:
        with pytest.raises(PermissionDenied):
            make_demo_cases(officer, 5)
        with pytest.raises(PermissionDenied):
            create_cases_bulk(officer, [])
