"""Reports that leave the office: small numbers hidden in XLSX, CSV and PDF, and nothing that identifies anyone."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from caseapp.services import cases, demo_data, report_exports, reports
from caseapp.services.cases import case_from_json
from tests.helpers import make_office

PERIOD = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def _case(name, types, place, day, region="74.06.01.1007"):
    return case_from_json({
        "intake_date": f"2024-{day}", "channel": "datang_langsung",
        "victims": [{"name": name, "sex": "P", "birth_date": "2011-05-04", "region_code": region}],
        "perpetrators": [{"name": "Pelaku " + name, "sex": "L", "relationship": "tetangga"}],
        "violence_types": types, "incident_date": f"2024-{day}", "place": place, "chronology": "Kronologi."})


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """3 sexual-violence cases (a small category) among 20 physical ones and 9 psychological ones."""
    _dd, result = make_office(tmp_path_factory.mktemp("exp") / "o")
    s = result.session
    made = []
    for i in range(3):
        made.append(cases.create_case(s, _case(f"Nur Aisyah Kecil{i}", ["seksual"], "sekolah", f"03-{i + 1:02}")))
    for i in range(20):
        made.append(cases.create_case(s, _case(f"Rina Fisik{i}", ["fisik"], "rumah_tangga", f"05-{i + 1:02}")))
    for i in range(9):
        made.append(cases.create_case(s, _case(f"Dewi Psikis{i}", ["psikis"], "rumah_tangga", f"07-{i + 1:02}",
                                               region="74.06.02.1011")))
    yield s, made
    s.close()


def _files(session, group=""):
    report = reports.make_report(session, *PERIOD, group=group)
    return report, {fmt: report_exports.export(session, report, fmt) for fmt in ("xlsx", "csv", "pdf")}


def _xlsx_rows(data, title):
    wb = load_workbook(io.BytesIO(data))
    ws = next(ws for ws in wb.worksheets if ws["A1"].value == title)
    return [[c for c in row] for row in ws.iter_rows(min_row=4, values_only=True)]


def test_three_cases_print_as_under_five_everywhere_and_cannot_be_derived(store):
    session, _made = store
    report, files = _files(session)
    assert report.table("violence_cases").value("seksual", "") == 3
    title = report.table("violence_cases").title
    rows = {r[0]: r[1] for r in _xlsx_rows(files["xlsx"], title)}
    assert rows["Seksual"] == "<5"
    # the other categories and the total are shown, so another cell must be hidden as well
    shown = {k: v for k, v in rows.items() if isinstance(v, int)}
    hidden = [k for k, v in rows.items() if v in ("<5", "x")]
    assert len(hidden) >= 2 and "Seksual" in hidden
    assert rows["Fisik"] == "x" or rows["Psikis"] == "x" or rows["Jumlah kasus"] == "x"
    assert shown.get("Jumlah kasus", 32) - sum(v for k, v in shown.items() if k != "Jumlah kasus") != 3
    text = files["csv"].decode("utf-8-sig")
    csv_rows = {r[0]: r[1:] for r in csv.reader(io.StringIO(text)) if r}
    assert csv_rows["Seksual"][0] == "<5"
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(files["pdf"])).pages)
    lines = pdf_text.splitlines()
    at = lines.index("Seksual")  # the first table: cases by violence type; its value follows the label
    assert lines[at + 1] == "<5"


def test_no_victim_name_nik_or_case_number_in_any_file(store, tmp_path_factory):
    session, made = store
    for group in ("", "kecamatan"):
        _report, files = _files(session, group)
        pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
        xlsx = load_workbook(io.BytesIO(files["xlsx"]))
        xlsx_text = "\n".join(str(c) for ws in xlsx.worksheets for row in ws.iter_rows(values_only=True) for c in row)
        for text in (pdf_text, xlsx_text, files["csv"].decode("utf-8-sig")):
            for case in made:
                assert case.case_number not in text
                assert case.victims[0].name not in text and case.victims[0].name.split()[-1] not in text
    # the demo store too (names, NIKs, case numbers of invented people)
    _dd, result = make_office(tmp_path_factory.mktemp("demo") / "o")
    demo = result.session
    demo_data.make_demo_cases(demo, 40, seed=9, today=dt.date(2024, 12, 31))
    _report, files = _files(demo, "kecamatan")
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
    xlsx = load_workbook(io.BytesIO(files["xlsx"]))
    xlsx_text = "\n".join(str(c) for ws in xlsx.worksheets for row in ws.iter_rows(values_only=True) for c in row)
    for summary in cases.list_cases(demo, cases.CaseFilter(), limit=1000):
        case = cases.get_case(demo, summary.uuid)
        for text in (pdf_text, xlsx_text, files["csv"].decode("utf-8-sig")):
            assert case.case_number not in text
            for p in case.persons:
                assert p.name not in text
                assert not p.nik or p.nik not in text
    demo.close()


def test_cli_stats_json_and_report_files(tmp_path):
    """The CLI: stats --json names its totals; report writes the SIMFONI recap; a bad suffix is refused."""
    import json

    from tests.helpers import ADMIN_PASSWORD, run_cli

    dd, result = make_office(tmp_path / "o")
    for i in range(3):
        cases.create_case(result.session, _case(f"Nur Aisyah Kecil{i}", ["seksual"], "sekolah", f"03-{i + 1:02}"))
    result.session.close()
    r = run_cli(["stats", "--from", "2024-01-01", "--to", "2024-12-31", "--json"], data_dir=dd.root,
                password=ADMIN_PASSWORD, user="admin")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["total_cases"] == 3 and data["total_victims"] == 3
    out = tmp_path / "rekap.xlsx"
    r = run_cli(["report", "--from", "2024-01-01", "--to", "2024-12-31", "--simfoni", "--out", str(out)],
                data_dir=dd.root, password=ADMIN_PASSWORD, user="admin")
    assert r.returncode == 0, r.stderr
    assert load_workbook(out).worksheets[0]["A1"].value == "Rekap Data untuk SIMFONI-PPA"
    r = run_cli(["report", "--from", "2024-01-01", "--to", "2024-12-31", "--out", str(tmp_path / "x.docx")],
                data_dir=dd.root, password=ADMIN_PASSWORD, user="admin")
    assert r.returncode != 0 and "Traceback" not in r.stderr and ".pdf" in r.stderr
    assert not (tmp_path / "x.docx").exists()
    r = run_cli(["simfoni", "pending", "--json"], data_dir=dd.root, password=ADMIN_PASSWORD, user="admin")
    pending = json.loads(r.stdout)
    assert len(pending) == 3
    r = run_cli(["simfoni", "mark", pending[0]["case_number"]], data_dir=dd.root, password=ADMIN_PASSWORD,
                user="admin")
    assert r.returncode == 0, r.stderr
    r = run_cli(["simfoni", "pending", "--json"], data_dir=dd.root, password=ADMIN_PASSWORD, user="admin")
    assert [p["case_number"] for p in json.loads(r.stdout)] == [p["case_number"] for p in pending[1:]]
