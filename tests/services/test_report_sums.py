"""Report summaries (kept by triggers on the report rows): they never drift from the rows, and a recap read from
them is the same as one read from the rows, for whole months and for periods that start or end mid-month."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

import pytest

from caseapp.domain.accounts import NewUser, Role
from caseapp.services import accounts, cases, demo_data, reports, retention
from caseapp.store import reports_repo
from tests.helpers import OFFICER_PASSWORD, unlock
from tests.services.test_exchange import _send, region  # noqa: F401  (the three-office fixture)

TODAY = dt.date(2026, 6, 30)


def _recomputed(conn) -> dict[str, dict]:
    """The summaries computed here, in Python, from the report rows."""
    case_sums: dict = defaultdict(lambda: [0, 0.0])
    for month, office, kec, status, intake, closed, due, reported in conn.execute(
            "SELECT substr(intake_date, 1, 7), owner_office, kecamatan, status, intake_date, closed_on, police_due, "
            "police_reported_at FROM report_cases"):
        days = None
        if status == "selesai" and closed:
            days = (dt.date.fromisoformat(closed) - dt.date.fromisoformat(intake)).days
        closure = "" if days is None else "0_30" if days <= 30 else "31_90" if days <= 90 else \
            "91_180" if days <= 180 else "181_plus"
        police = "" if due is None else "open" if reported is None else "tepat_waktu" if reported <= due \
            else "terlambat"
        acc = case_sums[(status, closure, police, due[:7] if police == "open" else "", month, kec or "", office)]
        acc[0] += 1
        acc[1] += days or 0
    people: dict = defaultdict(int)
    for month, office, kec, role, *attrs in conn.execute(
            "SELECT substr(intake_date, 1, 7), owner_office, kecamatan, role, sex, age, education, occupation, "
            "marital_status, disability FROM report_people"):
        tail = (kec or "", office, month)
        people[(role, "n", "", -1) + tail] += 1
        if role == "korban":
            sex, age, education, occupation, marital, disability = attrs
            people[(role, "sex", sex or "", -1 if age is None else age) + tail] += 1
            for name, value in (("education", education), ("occupation", occupation),
                                ("marital_status", marital), ("disability", disability)):
                people[(role, name, value or "", -1) + tail] += 1
    sets: dict = defaultdict(lambda: [None, set(), 0, 0])
    for case, person, kind, month, office, kec, code, victims, perpetrators in conn.execute(
            "SELECT case_rowid, person, kind, substr(intake_date, 1, 7), owner_office, kecamatan, code, victims, "
            "perpetrators FROM report_codes"):
        acc = sets[(case, person, kind)]
        acc[0] = (kind, kec or "", office, month)
        acc[1].add(code)
        acc[2], acc[3] = victims or 0, perpetrators or 0
    codes: dict = defaultdict(lambda: [0, 0, 0])
    for head, members, victims, perpetrators in sets.values():
        acc = codes[(head[0], ",".join(sorted(members))) + head[1:]]
        acc[0] += 1
        acc[1] += victims
        acc[2] += perpetrators
    return {"cases": {k: (n, d) for k, (n, d) in case_sums.items()}, "people": dict(people),
            "codes": {k: tuple(v) for k, v in codes.items()}}


def _stored(conn) -> dict[str, dict]:
    return {
        "cases": {tuple(r[:7]): (r[7], r[8]) for r in conn.execute(
            "SELECT status, closure, police, police_due, month, kecamatan, owner_office, n, days "
            "FROM report_case_sums")},
        "people": {tuple(r[:7]): r[7] for r in conn.execute(
            "SELECT role, attr, value, age, kecamatan, owner_office, month, n FROM report_people_sums")},
        "codes": {tuple(r[:5]): tuple(r[5:]) for r in conn.execute(
            "SELECT kind, codes, kecamatan, owner_office, month, n, victims, perpetrators FROM report_code_sums")},
    }


def _assert_no_drift(session):
    stored, expected = _stored(session.db.conn), _recomputed(session.db.conn)
    assert expected["cases"] and expected["people"] and expected["codes"]  # the comparison has something to compare
    for table in ("cases", "people", "codes"):
        assert stored[table] == expected[table], table


def _edit(session, ref, *, violence=None, sex=None, birth=None):
    case = cases.get_case(session, ref)
    if violence is not None:
        case = dataclasses.replace(case, incidents=tuple(dataclasses.replace(i, violence_types=violence)
                                                         for i in case.incidents))
    persons = []
    for p in case.persons:
        if p.role == "korban":
            p = dataclasses.replace(p, sex=sex or p.sex, birth_date=birth or p.birth_date)
        persons.append(p)
    return cases.save_case(session, dataclasses.replace(case, persons=tuple(persons)))


def test_summaries_equal_the_report_rows_after_saves_edits_import_handover_and_purge(region):  # noqa: F811
    s, tmp = region
    bmb, klk, prov = s["74.06"], s["74.01"], s["74"]
    demo_data.make_demo_cases(bmb, 25, seed=21, today=TODAY)
    demo_data.make_demo_cases(klk, 10, seed=22, today=TODAY)
    _assert_no_drift(bmb)
    refs = [c.uuid for c in cases.list_cases(bmb, cases.CaseFilter(), limit=1000)]
    before = reports.make_report(bmb, dt.date(2000, 1, 1), dt.date(2100, 12, 31)).to_json()
    # edits that change the violence type, the victim's sex and age
    _edit(bmb, refs[0], violence=("fisik",))
    _edit(bmb, refs[1], violence=("seksual", "psikis", "fisik"), sex="L")
    _edit(bmb, refs[2], birth=dt.date(1990, 5, 5))
    _assert_no_drift(bmb)
    after = reports.make_report(bmb, dt.date(2000, 1, 1), dt.date(2100, 12, 31)).to_json()
    assert after["tables"] != before["tables"]  # the edits are seen by the recap
    # an import of bundles into the province, then a hand-over from the province to Kolaka
    _send(bmb, prov, tmp / "bmb.casebundle")
    _send(klk, prov, tmp / "klk.casebundle")
    _assert_no_drift(prov)
    moved = refs[3]
    _send(prov, klk, tmp / "prov-klk.casebundle", case_refs=[moved], transfer=True)
    assert cases.case_state(klk, moved).owner_office == "74.01"
    for session in (prov, klk, bmb):
        _assert_no_drift(session)
    # a purge (closed case past its retention period)
    accounts.add_user(bmb, NewUser("kepala", "Kepala UPTD", Role.SUPERVISOR), OFFICER_PASSWORD)
    doomed = refs[4]
    if cases.get_case(bmb, doomed).status != "selesai":
        cases.change_status(bmb, doomed, "selesai", closure_reason="tujuan_tercapai",
                            reason="Ditutup untuk uji ringkasan.")
    retention.set_retention_years(bmb, "tujuan_tercapai", 1)
    data_dir = bmb.data_dir
    bmb.close()
    kepala = unlock(data_dir, "kepala", OFFICER_PASSWORD)
    try:
        later = dt.date.today() + dt.timedelta(days=3650)
        due = {d.uuid: d for d in retention.cases_past_retention(kepala, today=later)}
        doomed = doomed if doomed in due else sorted(due)[0]
        n_before = kepala.db.conn.execute("SELECT sum(n) FROM report_case_sums").fetchone()[0]
        retention.purge_case(kepala, doomed, confirm_number=due[doomed].case_number, today=later)
        assert kepala.db.conn.execute("SELECT sum(n) FROM report_case_sums").fetchone()[0] == n_before - 1
        _assert_no_drift(kepala)
    finally:
        kepala.close()


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    from tests.helpers import make_office

    _dd, result = make_office(tmp_path_factory.mktemp("sums") / "office")
    session = result.session
    demo_data.make_demo_cases(session, 120, seed=5, today=TODAY)
    yield session
    session.close()


def _comparable(report) -> dict:
    data = report.to_json()
    data.pop("generated_at", None)
    return data


@pytest.mark.parametrize("period, group", [
    ((dt.date(2023, 1, 1), dt.date(2026, 6, 30)), ""),          # whole months
    ((dt.date(2023, 2, 14), dt.date(2026, 3, 9)), ""),          # starts and ends mid-month
    ((dt.date(2024, 3, 31), dt.date(2025, 11, 1)), "kecamatan"),
    ((dt.date(2024, 5, 3), dt.date(2024, 5, 20)), "office"),    # within one month: no whole month at all
    ((dt.date(2024, 1, 1), dt.date(2024, 12, 31)), "kecamatan"),
])
def test_a_recap_from_the_summaries_equals_one_from_the_report_rows(office, monkeypatch, period, group):
    from_sums = _comparable(reports.make_report(office, *period, group=group))
    assert from_sums["total_cases"] > 0
    monkeypatch.setattr(reports_repo, "_whole_months", lambda _a, _b: (None, None))
    from_rows = _comparable(reports.make_report(office, *period, group=group))
    assert from_sums == from_rows


@pytest.mark.parametrize("group", ["", "kecamatan"])
def test_police_deadlines_in_the_current_month_are_late_or_running_by_the_minute(office, monkeypatch, group):
    from caseapp.domain.case_json import case_from_json
    from caseapp.services import clock

    if cases.count_cases(office, cases.CaseFilter(text="Kenanga")) == 0:
        for day in ("2024-01-10", "2024-01-22"):  # two sexual-violence cases, not reported to the police yet
            cases.create_case(office, case_from_json({
                "intake_date": day, "channel": "datang_langsung", "incident_date": day, "place": "rumah_tangga",
                "victims": [{"name": "Kenanga", "sex": "P", "birth_date": "2012-03-04",
                             "region_code": "74.06.01.1007"}],
                "perpetrators": [{"name": "Pelaku", "sex": "L", "relationship": "tetangga"}],
                "violence_types": ["seksual"], "chronology": "Korban melapor bersama ibunya."}))
    open_dues = [r[0] for r in office.db.conn.execute(
        "SELECT police_due FROM report_cases WHERE police_reported_at IS NULL AND police_due IS NOT NULL "
        "ORDER BY police_due")]
    assert len(open_dues) >= 2
    # "now" is one of the open deadlines, so that in its month some have passed and some have not
    by_month = defaultdict(list)
    for d in open_dues:
        by_month[d[:7]].append(d)
    busiest = max(by_month.values(), key=len)
    assert len(busiest) >= 2 and busiest[0] < busiest[len(busiest) // 2]  # some passed, some not
    moment = dt.datetime.fromisoformat(busiest[len(busiest) // 2]).replace(tzinfo=dt.timezone.utc)
    clock.set_for_tests(lambda: moment)
    try:
        period = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))
        from_sums = _comparable(reports.make_report(office, *period, group=group))
        monkeypatch.setattr(reports_repo, "_whole_months", lambda _a, _b: (None, None))
        from_rows = _comparable(reports.make_report(office, *period, group=group))
    finally:
        clock.set_for_tests()
    assert from_sums == from_rows
