"""caseapp-cli case commands: add from JSON, refusals name the field and store nothing, list, show, export, access."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from tests.helpers import files_containing, run_cli

ADMIN_PW = "sandi-admin-kasus-1"
OFFICER_PW = "sandi-petugas-kasus-1"
EXAMPLE = """{"intake_date": "2024-01-22", "channel": "datang_langsung",
 "victims": [{"name": "Siti Aminah", "sex": "P", "birth_date": "2012-03-04", "region_code": "74.06.01"}],
 "perpetrators": [{"name": "Fulan", "sex": "L", "relationship": "tetangga"}],
 "violence_types": ["seksual"], "incident_date": "2024-01-20", "place": "rumah_tangga",
 "chronology": "Korban melapor bersama ibunya."}
"""
UNIQUE_NAME = "Wa Ode Qurniawati Zulfaidah"
LINE = re.compile(r"^([0-9a-f-]{36}) (74\.06/\d{4}/\d{4})$")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-cases") / "data"
    r = run_cli(["init", "--office-code", "74.06", "--office-name", "UPTD PPA Kabupaten Bombana", "--admin", "admin"],
                data_dir=root, password=ADMIN_PW)
    assert r.returncode == 0, r.stderr
    for name in ("petugas1", "petugas2"):
        r = run_cli(["user", "add", name, "--role", "officer", "--full-name", name.title()], data_dir=root,
                    user="admin", password=ADMIN_PW, new_password=OFFICER_PW)
        assert r.returncode == 0, r.stderr
    return root


def cli(root, *args, user="admin", password=None):
    return run_cli(list(args), data_dir=root, user=user,
                   password=password or (ADMIN_PW if user == "admin" else OFFICER_PW))


def add(root, tmp_path, text, **kw):
    path = tmp_path / "kasus.json"
    path.write_text(text, encoding="utf-8")
    return cli(root, "case", "add", "--from", str(path), **kw)


def listed(root, *args, user="admin"):
    r = cli(root, "case", "list", "--json", "--limit", "10000", *args, user=user)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def one_clear_line(r):
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0, r.stderr
    return r.stderr.strip()


def test_example_is_accepted_and_listed_with_initials(office, tmp_path):
    r = add(office, tmp_path, EXAMPLE)
    assert r.returncode == 0, r.stderr
    match = LINE.match(r.stdout.strip())
    assert match, r.stdout
    uuid, number = match.groups()
    assert number.startswith("74.06/2024/")
    rows = {row["uuid"]: row for row in listed(office)}
    assert rows[uuid] == {"uuid": uuid, "case_number": number, "intake_date": "2024-01-22", "status": "pengaduan",
                          "victim_initials": "S.A.", "violence_types": ["seksual"]}
    table = cli(office, "case", "list", "--search", number)
    assert table.returncode == 0 and number in table.stdout and "S.A." in table.stdout
    assert "Siti" not in table.stdout and "Aminah" not in table.stdout


def test_show_and_export(office, tmp_path):
    r = add(office, tmp_path, EXAMPLE)
    uuid, number = LINE.match(r.stdout.strip()).groups()
    shown = cli(office, "case", "show", number)
    assert shown.returncode == 0, shown.stderr
    assert number in shown.stdout and "Siti Aminah" in shown.stdout and "Tetangga" in shown.stdout
    assert "Korban melapor bersama ibunya." in shown.stdout
    assert cli(office, "case", "show", uuid).stdout == shown.stdout
    full = json.loads(cli(office, "case", "show", uuid, "--json").stdout)
    exported = json.loads(cli(office, "case", "export-json", number).stdout)
    assert full == exported
    assert exported["format"] == "caseapp.case" and exported["case_number"] == number
    assert exported["victims"][0]["nik"] is None and exported["perpetrators"][0]["relationships"] == [
        {"victim": 0, "relationship": "tetangga"}]
    audit = cli(office, "audit", "list", "--limit", "30").stdout
    assert f"case:{uuid}" in audit and "case_viewed" in audit and "case_exported" in audit


def test_unknown_case_and_missing_file(office, tmp_path):
    r = cli(office, "case", "show", "74.06/1999/0001")
    assert r.returncode == 5 and "tidak ditemukan" in one_clear_line(r)
    r = cli(office, "case", "add", "--from", str(tmp_path / "tidak-ada.json"))
    assert r.returncode != 0 and "tidak-ada.json" in one_clear_line(r)
    r = add(office, tmp_path, "{bukan json")
    assert r.returncode == 3 and "JSON" in one_clear_line(r)


def _refusals():
    base = json.loads(EXAMPLE)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    yield "violence_types[0]", {**base, "violence_types": ["pukulan"]}
    yield "victims[0].nik", {**base, "victims": [{**base["victims"][0], "nik": "74060144031200"}]}
    yield "incident_date", {**base, "incident_date": future}
    yield "victims[0].birth_date", {**base, "victims": [{**base["victims"][0], "birth_date": "2024-01-21"}]}
    yield "perpetrators[0].relationship", {**base, "perpetrators": [{"name": "Fulan", "relationship": "musuh"}]}
    yield "intake_date", {**base, "intake_date": future}


@pytest.mark.parametrize("field,data", list(_refusals()), ids=[f for f, _d in _refusals()])
def test_refusal_names_the_field_and_stores_nothing(office, tmp_path, field, data):
    before = listed(office)
    r = add(office, tmp_path, json.dumps(data))
    assert r.returncode == 3
    line = one_clear_line(r)
    assert line.startswith(f"caseapp-cli: {field}: "), line
    assert "Siti" not in line
    assert listed(office) == before


def test_refusal_in_english(office, tmp_path):
    data = json.loads(EXAMPLE)
    data["victims"][0]["nik"] = "123"
    path = tmp_path / "k.json"
    path.write_text(json.dumps(data))
    r = run_cli(["--lang", "en", "case", "add", "--from", str(path)], data_dir=office, user="admin", password=ADMIN_PW)
    assert r.returncode == 3 and "victims[0].nik" in r.stderr and "16 digits" in r.stderr


def test_victim_name_reaches_no_file(office, tmp_path):
    data = json.loads(EXAMPLE)
    data["victims"][0]["name"] = UNIQUE_NAME
    r = add(office, tmp_path, json.dumps(data))
    assert r.returncode == 0, r.stderr
    number = r.stdout.split()[1]
    assert UNIQUE_NAME in cli(office, "case", "show", number).stdout
    assert cli(office, "case", "list", "--search", "Qurniawati").stdout.count(number) == 1
    assert files_containing(office, UNIQUE_NAME) == []
    assert files_containing(office, "Qurniawati") == []


def test_officer_cannot_open_another_officers_case(office, tmp_path):
    r = add(office, tmp_path, EXAMPLE, user="petugas1")
    assert r.returncode == 0, r.stderr
    uuid, number = LINE.match(r.stdout.strip()).groups()
    assert cli(office, "case", "show", number, user="petugas1").returncode == 0
    for args in (["case", "show", number], ["case", "show", uuid, "--json"], ["case", "export-json", uuid]):
        r = cli(office, *args, user="petugas2")
        assert r.returncode == 4, r.stderr
        assert "tidak berwenang" in one_clear_line(r) and r.stdout == ""
    assert uuid not in [row["uuid"] for row in listed(office, user="petugas2")]
    assert uuid in [row["uuid"] for row in listed(office)]
    audit = cli(office, "audit", "list", "--limit", "20").stdout
    denied = [line for line in audit.splitlines() if "case_access_denied" in line]
    assert len(denied) == 3 and all("petugas2" in line and uuid in line for line in denied)


def test_status_filter(office, tmp_path):
    rows = listed(office, "--status", "selesai")
    assert all(row["status"] == "selesai" for row in rows)
    assert len(listed(office, "--status", "pengaduan")) == len(listed(office))


def test_demo_data_progress_and_admin_only(tmp_path):
    root = tmp_path / "demo"
    assert run_cli(["init", "--office-code", "74.06", "--office-name", "UPTD PPA", "--admin", "admin"],
                   data_dir=root, password=ADMIN_PW).returncode == 0
    r = cli(root, "demo-data", "--cases", "60", "--seed", "7")
    assert r.returncode == 0, r.stderr
    progress = [line for line in r.stderr.splitlines() if line.startswith("Membuat kasus contoh")]
    assert 15 <= len(progress) <= 21 and progress[-1].endswith("60/60 (100%)")
    rows = listed(root)
    assert len(rows) == 60 and {row["status"] for row in rows} >= {"selesai"}
    assert run_cli(["user", "add", "petugas", "--role", "officer", "--full-name", "P"], data_dir=root, user="admin",
                   password=ADMIN_PW, new_password=OFFICER_PW).returncode == 0
    r = cli(root, "demo-data", "--cases", "5", user="petugas")
    assert r.returncode == 4 and "Peran Anda" in one_clear_line(r)
    r = cli(root, "demo-data", "--cases", "0")
    assert r.returncode == 3
    assert len(listed(root)) == 60


def test_tpks_form_with_child_perpetrator_shows_police_and_diversion_clocks(office, tmp_path):
    data = json.loads(EXAMPLE)
    data["violence_types"] = ["pelecehan_seksual_fisik"]
    data["perpetrators"] = [{"name": "Fulan", "sex": "L", "birth_date": "2007-06-01", "relationship": "teman_sebaya"}]
    r = add(office, tmp_path, json.dumps(data))
    assert r.returncode == 0, r.stderr
    uuid, _number = LINE.match(r.stdout.strip()).groups()
    shown = cli(office, "case", "show", uuid)
    assert shown.returncode == 0, shown.stderr
    assert "Pelecehan seksual fisik" in shown.stdout and "Teman sebaya" in shown.stdout
    assert "3×24 jam" in shown.stdout and "batas 2024-01-25" in shown.stdout
    assert "ABH" in shown.stdout and "16 tahun saat kejadian" in shown.stdout and "7 hari" in shown.stdout


def test_a_chronology_over_the_limit_is_refused_naming_the_field_and_nothing_is_stored(office, tmp_path):
    before = listed(office)
    data = json.loads(EXAMPLE)
    data["chronology"] = "a" * 100_001
    r = add(office, tmp_path, json.dumps(data))
    assert r.returncode == 3, r.stderr
    assert one_clear_line(r) == ("caseapp-cli: chronology: Isian ini terlalu panjang: 100.001 karakter, "
                                 "paling banyak 100.000 karakter.")
    assert listed(office) == before


def test_legal_process_and_child_witness_are_added_shown_and_exported(office, tmp_path):
    data = json.loads(EXAMPLE)
    data["police_reported_at"] = "2024-01-22T14:00:00"
    data["child_witnesses"] = [{"name": "Rina Lestari", "sex": "P", "birth_date": "2014-05-06",
                                "guardian": {"name": "Wa Ode Sitti", "relationship": "ibu kandung"}}]
    data["legal_process"] = {"police_report_number": "LP/B/25/I/2024/SPKT/POLRES BOMBANA", "stage": "persidangan",
                             "court_case_number": "12/Pid.Sus/2024/PN Adl",
                             "temporary_protection_at": "2024-01-22T20:00:00",
                             "temporary_protection_by": "Unit PPA Polres Bombana"}
    r = add(office, tmp_path, json.dumps(data))
    assert r.returncode == 0, r.stderr
    uuid, _number = LINE.match(r.stdout.strip()).groups()
    shown = cli(office, "case", "show", uuid)
    assert shown.returncode == 0, shown.stderr
    assert "Laporan Polisi: LP/B/25/I/2024/SPKT/POLRES BOMBANA" in shown.stdout
    assert "Tahap proses hukum: Persidangan" in shown.stdout and "Nomor perkara: 12/Pid.Sus/2024/PN Adl" in shown.stdout
    assert "Perlindungan sementara oleh polisi (1×24 jam): diberikan 2024-01-22 20:00" in shown.stdout
    assert "Permintaan perlindungan (1×24 jam): batas 2024-01-23 20:00" in shown.stdout
    assert "Anak saksi: " in shown.stdout
    exported = cli(office, "case", "export-json", uuid)
    assert exported.returncode == 0, exported.stderr
    doc = json.loads(exported.stdout)
    assert doc["legal_process"]["stage"] == "persidangan" and doc["child_witnesses"][0]["name"] == "Rina Lestari"
    bad = dict(data, legal_process={"verdict_final": True})
    r = add(office, tmp_path, json.dumps(bad))
    assert r.returncode == 3 and "legal_process.verdict_date" in one_clear_line(r)
