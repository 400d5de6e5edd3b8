"""A province that imported two districts' bundles: each district, and a total that adds up."""

import datetime as dt

from caseapp.domain import regions
from caseapp.services import demo_data, exchange, reports
from tests.services.test_exchange import _send, region  # noqa: F401  (the three-office fixture)

TODAY = dt.date(2026, 6, 30)
PERIOD = (dt.date(2020, 1, 1), TODAY)


def test_province_shows_each_district_and_totals_add_up(region):  # noqa: F811
    s, tmp = region
    bmb, klk, prov = s["74.06"], s["74.01"], s["74"]
    demo_data.make_demo_cases(bmb, 25, seed=11, today=TODAY)
    demo_data.make_demo_cases(klk, 18, seed=12, today=TODAY)
    _send(bmb, prov, tmp / "bmb.casebundle")
    _send(klk, prov, tmp / "klk.casebundle")
    own = {code: reports.make_report(s[code], *PERIOD).to_json() for code in ("74.06", "74.01")}
    data = reports.make_report(prov, *PERIOD, group="office").to_json()
    assert [a["code"] for a in data["areas"]] == ["74.01", "74.06"]
    assert [a["label"] for a in data["areas"]] == [regions.name("74.01"), regions.name("74.06")]
    assert data["total_cases"] == 43 == own["74.06"]["total_cases"] + own["74.01"]["total_cases"]
    assert data["total_victims"] == own["74.06"]["total_victims"] + own["74.01"]["total_victims"]
    for table in data["tables"]:
        if table["key"] == "sex_age":  # over the whole selection, by sex
            continue
        mine = {code: {r["code"]: r["total"] for r in next(t for t in own[code]["tables"]
                                                             if t["key"] == table["key"])["rows"]}
                for code in own}
        for row in table["rows"]:
            # each district's column equals that district's own report, and the row total is their sum
            assert row["values"]["74.06"] == mine["74.06"].get(row["code"], 0), (table["key"], row["code"])
            assert row["values"]["74.01"] == mine["74.01"].get(row["code"], 0), (table["key"], row["code"])
            assert row["total"] == row["values"]["74.06"] + row["values"]["74.01"]
    status = next(t for t in data["tables"] if t["key"] == "status")
    assert status["column_totals"] == {"74.06": 25, "74.01": 18}
    # Only one district.
    one = reports.make_report(prov, *PERIOD, offices=("74.01",)).to_json()
    assert one["total_cases"] == 18


def test_a_handed_over_case_counts_for_its_new_office(region):  # noqa: F811
    from caseapp.services import cases

    s, tmp = region
    bmb, klk, prov = s["74.06"], s["74.01"], s["74"]
    demo_data.make_demo_cases(bmb, 4, seed=13, today=TODAY)
    _send(bmb, prov, tmp / "bmb.casebundle")
    moved = cases.list_cases(prov, cases.CaseFilter())[0].uuid
    _send(prov, klk, tmp / "prov-klk.casebundle", case_refs=[moved], transfer=True)
    assert cases.case_state(klk, moved).owner_office == "74.01"
    data = reports.make_report(klk, *PERIOD, group="office").to_json()
    assert [a["code"] for a in data["areas"]] == ["74.01"] and data["total_cases"] == 1
