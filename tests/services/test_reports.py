"""Statistics: every figure equals a count computed independently from the exported case JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict

import pytest

from caseapp.domain import simfoni_recap
from caseapp.resources import resource_path
from caseapp.services import cases, demo_data, reports
from tests.helpers import add_officer, make_office, unlock

TODAY = dt.date(2026, 6, 30)
FROM, TO = dt.date(2023, 1, 1), dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    _dd, result = make_office(tmp_path_factory.mktemp("demo") / "office")
    session = result.session
    demo_data.make_demo_cases(session, 150, seed=7, today=TODAY)
    docs = [cases.export_case_json(session, ref) for ref in _all_refs(session)]
    yield session, docs
    session.close()


def _all_refs(session):
    return [s.uuid for s in cases.list_cases(session, cases.CaseFilter(), limit=100000)]


def _category(list_name, code):
    cats = simfoni_recap.categories_for(list_name, code)
    return cats if cats is not None else ("lainnya",)


def _age(birth: str, on: str) -> int:
    b, d = dt.date.fromisoformat(birth), dt.date.fromisoformat(on)
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def _bands():
    doc = json.loads(resource_path("codelists", "age_group_detailed.json").read_text(encoding="utf-8"))
    return [(e["code"], e["min_age"], e.get("max_age")) for e in doc["entries"]]


def _starts_police_clock(code: str) -> bool:
    """The domain's rule for which violence types start the UU TPKS clock (data, not the counting under test)."""
    from caseapp.domain import case as rules
    from caseapp.domain.codes import default_registry

    by_registry = getattr(rules, "starts_police_clock", None)  # the code-list data marks it, where present
    return by_registry(code, default_registry()) if by_registry else code in rules.SEXUAL_VIOLENCE_TYPES


def _expected(docs):
    """Counts over the exported documents, in plain Python."""
    sel = [d for d in docs if FROM.isoformat() <= d["intake_date"] <= TO.isoformat()]
    out = {"cases": len(sel), "victims": sum(len(d["victims"]) for d in sel),
           "perpetrators": sum(len(d["perpetrators"]) for d in sel)}
    vc, vv, vp, place, service, rel, edu, status, sex_age, police = (Counter() for _i in range(10))
    for d in sel:
        types = {t for i in d["incidents"] for t in i["violence_types"]}
        cats = {c for t in types for c in _category("violence_type", t)}
        for c in cats:
            vc[c] += 1
            vv[c] += len(d["victims"])
            vp[c] += len(d["perpetrators"])
        for c in {c for i in d["incidents"] if i["place"] for c in _category("place", i["place"])}:
            place[c] += 1
        for c in {c for s in d["services"] for c in _category("service", s["service"])}:
            service[c] += 1
        status[d["status"]] += 1
        dates = [i["date"] for i in d["incidents"] if i["date"]]
        on = min(dates) if dates else d["intake_date"]
        for v_index, v in enumerate(d["victims"]):
            rels = {c for p in d["perpetrators"] for r in p["relationships"] if r["victim"] == v_index
                    for c in _category("relationship", r["relationship"])}
            for c in rels:
                rel[c] += 1
            edu[_category("education", v["education"])[0] if v["education"] else ""] += 1
            group = ""
            if v["birth_date"]:
                age = _age(v["birth_date"], on)
                group = next(code for code, lo, hi in _bands() if age >= lo and (hi is None or age <= hi))
            sex_age[(group, _category("sex", v["sex"])[0] if v["sex"] else "")] += 1
        if any(_starts_police_clock(t) for t in types):
            intake = dt.datetime.fromisoformat(d["intake_date"] + "T" + (d["intake_time"] or "00:00"))
            due = intake + dt.timedelta(hours=72)
            reported = dt.datetime.fromisoformat(d["police_reported_at"]) if d["police_reported_at"] else None
            if reported is not None and reported.replace(tzinfo=None) <= due:
                police["tepat_waktu"] += 1
            elif reported is not None or due < dt.datetime.now():
                police["terlambat"] += 1
            else:
                police["berjalan"] += 1
    out.update(violence_cases=vc, violence_victims=vv, violence_perpetrators=vp, place=place, service=service,
               relationship=rel, education=edu, status=status, sex_age=sex_age, police=police)
    return out


def _column(table_json, col="") -> dict[str, int]:
    return {r["code"]: r["values"][col] for r in table_json["rows"]}


def test_every_figure_equals_an_independent_count_from_the_exported_cases(demo):
    session, docs = demo
    data = reports.make_report(session, FROM, TO).to_json()
    want = _expected(docs)
    assert data["total_cases"] == want["cases"] > 50
    assert data["total_victims"] == want["victims"]
    assert data["total_perpetrators"] == want["perpetrators"]
    tables = {t["key"]: t for t in data["tables"]}
    for key in ("violence_cases", "violence_victims", "violence_perpetrators", "place", "service", "relationship",
                "education", "status", "police"):
        got = {k: v for k, v in _column(tables[key]).items() if v}
        assert got == {k: v for k, v in want[key].items() if v}, key
    sex_age = {(r["code"], c): n for r in tables["sex_age"]["rows"] for c, n in r["values"].items() if n}
    assert sex_age == {k: v for k, v in want["sex_age"].items() if v}
    assert tables["violence_cases"]["counted_per"] == "kasus"
    assert tables["sex_age"]["counted_per"] == "korban"
    # The per-kecamatan split adds up to the same totals.
    by_kec = reports.make_report(session, FROM, TO, group="kecamatan").to_json()
    assert len(by_kec["areas"]) > 3
    status = next(t for t in by_kec["tables"] if t["key"] == "status")
    assert sum(status["column_totals"].values()) == want["cases"]


def test_a_narrow_period_counts_only_cases_received_in_it(demo):
    session, docs = demo
    start, end = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
    data = reports.make_report(session, start, end).to_json()
    assert data["total_cases"] == sum(start.isoformat() <= d["intake_date"] <= end.isoformat() for d in docs)
    assert sum(data["month_totals"].values()) == data["total_cases"]
    assert set(data["month_totals"]) <= {"2025-01", "2025-02", "2025-03"}


def test_no_name_nik_or_case_number_in_the_report(demo):
    session, docs = demo
    text = json.dumps(reports.make_report(session, FROM, TO, group="kecamatan").to_json(), ensure_ascii=False)
    for d in docs[:40]:
        assert d["case_number"] not in text
        for v in d["victims"]:
            assert v["name"] not in text
            if v["nik"]:
                assert v["nik"] not in text


def test_an_officer_counts_only_the_cases_they_may_see(tmp_path):
    from tests.helpers import OFFICER_PASSWORD

    dd, result = make_office(tmp_path / "o")
    admin = result.session
    add_officer(admin, "petugas1")
    demo_data.make_demo_cases(admin, 30, seed=3, today=TODAY)
    admin.close()
    officer = unlock(dd, "petugas1", OFFICER_PASSWORD)
    mine = cases.count_cases(officer, cases.CaseFilter())
    data = reports.make_report(officer, dt.date(2000, 1, 1), TODAY).to_json()
    assert data["total_cases"] == mine and data["restricted_to_own_cases"] is True
    officer.close()


def test_cases_stored_before_the_report_rows_get_them_at_the_first_report(tmp_path):
    from caseapp.store import reports_repo

    _dd, result = make_office(tmp_path / "o")
    s = result.session
    demo_data.make_demo_cases(s, 12, seed=5, today=TODAY)
    with s.db.transaction() as c:  # as a store made before migration 0007 would be
        for table in ("report_cases", "report_people", "report_codes"):
            c.execute(f"DELETE FROM {table}")
    assert len(reports_repo.cases_without_rows(s.db.conn)) == 12
    assert reports.make_report(s, dt.date(2000, 1, 1), TODAY).total_cases == 12
    assert reports_repo.cases_without_rows(s.db.conn) == []
    s.close()


def test_an_edited_case_is_counted_with_its_new_values(tmp_path):
    _dd, result = make_office(tmp_path / "o")
    s = result.session
    demo_data.make_demo_cases(s, 5, seed=2, today=TODAY)
    ref = _all_refs(s)[0]
    case = cases.get_case(s, ref)
    before = reports.make_report(s, dt.date(2000, 1, 1), TODAY).table("violence_cases")
    import dataclasses

    inc = dataclasses.replace(case.incidents[0], violence_types=("penelantaran",))
    cases.save_case(s, dataclasses.replace(case, incidents=(inc,) + case.incidents[1:]))
    after = reports.make_report(s, dt.date(2000, 1, 1), TODAY).table("violence_cases")
    assert after.value("penelantaran", "") == before.value("penelantaran", "") + \
        (0 if "penelantaran" in case.violence_types else 1)
    s.close()


def test_reversed_period_is_refused(demo):
    from caseapp.domain.errors import ValidationError

    with pytest.raises(ValidationError):
        reports.make_report(demo[0], TO, FROM)


def test_simfoni_recap_in_simfoni_order_equals_independent_counts(demo):
    from caseapp.services import simfoni_entry

    session, docs = demo
    data = simfoni_entry.recap(session, FROM, TO).to_json()
    assert [t["key"] for t in data["tables"]] == list(simfoni_entry.RECAP_ORDER)
    want = _expected(docs)
    assert data["total_cases"] == want["cases"] and data["total_victims"] == want["victims"]
    tables = {t["key"]: t for t in data["tables"]}
    for key in ("violence_cases", "violence_victims", "violence_perpetrators", "place", "service", "relationship",
                "education"):
        assert {k: v for k, v in _column(tables[key]).items() if v} == {k: v for k, v in want[key].items() if v}
    # categories in SIMFONI's own order
    order = [c for c, _l in simfoni_recap.recap_list("violence_type").categories]
    assert [r["code"] for r in tables["violence_cases"]["rows"]] == order


def test_simfoni_flag_pending_list_and_input_sheet(tmp_path):
    from caseapp.domain.errors import ValidationError
    from caseapp.services import simfoni_entry

    _dd, result = make_office(tmp_path / "o")
    s = result.session
    demo_data.make_demo_cases(s, 6, seed=8, today=TODAY)
    pending = simfoni_entry.pending(s)
    assert len(pending) == 6 and pending == sorted(pending, key=lambda p: p.intake_date)
    first = pending[0]
    assert simfoni_entry.entered_on(s, first.uuid) is None
    simfoni_entry.mark_entered(s, first.case_number, dt.date(2026, 6, 1))
    assert simfoni_entry.entered_on(s, first.uuid) == dt.date(2026, 6, 1)
    assert [p.uuid for p in simfoni_entry.pending(s)] == [p.uuid for p in pending[1:]]
    with pytest.raises(ValidationError):
        simfoni_entry.mark_entered(s, first.uuid, dt.date.today() + dt.timedelta(days=3))
    sheet = simfoni_entry.input_sheet(s, first.uuid)
    titles = [t for t, _f in sheet]
    assert titles[0] == "Data pengaduan" and titles[1] == "Data korban 1" and titles[-1] == "SIMFONI-PPA"
    assert dict(sheet[-1][1])["Sudah diinput ke SIMFONI"] == "2026-06-01"
    case = cases.get_case(s, first.uuid)
    text = repr(sheet)
    assert case.victims[0].name not in text and case.victims[0].initials in text
    simfoni_entry.unmark_entered(s, first.uuid)
    assert len(simfoni_entry.pending(s)) == 6
    s.close()


def test_two_codes_in_one_simfoni_category_count_once_per_victim(tmp_path):
    """A father and a stepfather: both "Orang tua" in SIMFONI; the victim counts once there."""
    _dd, result = make_office(tmp_path / "o")
    s = result.session
    case = cases.case_from_json({
        "intake_date": "2025-02-03", "channel": "datang_langsung",
        "victims": [{"name": "Nur Aisyah", "sex": "P", "birth_date": "2014-01-02", "region_code": "74.06.01.1007"}],
        "perpetrators": [{"name": "Ayah", "sex": "L", "relationship": "ayah_kandung"},
                         {"name": "Ayah Tiri", "sex": "L", "relationship": "ayah_tiri"}],
        "violence_types": ["seksual", "fisik"], "incident_date": "2025-02-01", "place": "rumah_tangga",
        "chronology": "Kronologi."})
    cases.create_case(s, case)
    report = reports.make_report(s, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    rel = report.table("relationship")
    assert rel.value("orang_tua", "") == 1 and rel.column_totals[""] == 1
    assert report.table("violence_victims").value("seksual", "") == 1
    assert report.table("violence_perpetrators").value("fisik", "") == 2
    s.close()


def test_a_code_mapped_to_two_simfoni_categories_counts_in_both(tmp_path, monkeypatch):
    """As the SIMFONI mapping data does for sexual exploitation of a child (Eksploitasi and Seksual)."""
    from caseapp.domain import simfoni_recap as recap

    _dd, result = make_office(tmp_path / "o")
    s = result.session
    for types in (["seksual"], ["seksual", "eksploitasi"], ["fisik"]):
        cases.create_case(s, cases.case_from_json({
            "intake_date": "2025-02-03", "channel": "datang_langsung",
            "victims": [{"name": "Nur Aisyah", "sex": "P", "birth_date": "2014-01-02"}],
            "perpetrators": [{"name": "Pelaku", "sex": "L", "relationship": "tetangga"}],
            "violence_types": types, "incident_date": "2025-02-01", "place": "rumah_tangga", "chronology": "K."}))
    real = recap.categories_for
    monkeypatch.setattr(recap, "categories_for", lambda name, code, registry=None: (
        ("seksual", "eksploitasi") if (name, code) == ("violence_type", "seksual") else real(name, code, registry)))
    table = reports.make_report(s, dt.date(2025, 1, 1), dt.date(2025, 12, 31)).table("violence_cases")
    assert table.value("seksual", "") == 2
    assert table.value("eksploitasi", "") == 2  # the second case has both codes: counted once
    assert table.value("fisik", "") == 1
    s.close()
