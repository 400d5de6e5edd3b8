"""UU PDP access request: the person's every case, their own data, and nothing about anyone else."""

from __future__ import annotations

from caseapp.services import audit, cases
from caseapp.services.person_report import person_report_pdf
from tests.helpers import ADMIN_PASSWORD, make_office, run_cli
from tests.letters.pdfutil import decoded_streams, flat, text
from tests.services.test_exchange import _case

NIK = "7406014503120001"


def test_report_lists_every_case_of_the_person_and_nothing_about_others(tmp_path):
    dd, res = make_office(tmp_path / "o")
    s = res.session
    first = cases.create_case(s, _case("Nurlela Wulandari", nik=NIK, phone="081234567890"))
    second = cases.create_case(s, _case("Nurlela Wulandari", nik=NIK))  # the same girl, a second report
    other = cases.create_case(s, _case("Halimah Tusadiah", nik="7406015507110002"))
    pdf, found = person_report_pdf(s, nik=NIK)
    assert found == 2
    content = flat(pdf)
    assert first.case_number in content and second.case_number in content and other.case_number not in content
    assert "NurlelaWulandari" in content and NIK in content and "081234567890" in content
    everything = text(pdf) + decoded_streams(pdf).decode("latin-1")
    for foreign in ("Halimah", "Pelaku", "melapor bersama ibunya", "7406015507110002"):
        assert foreign not in everything  # another victim, the perpetrators, the chronology
    by_name, n = person_report_pdf(s, name="  nurlela   WULANDARI ")
    assert n == 2 and first.case_number in flat(by_name)
    entries = [e for e in audit.recent_entries(s, limit=20) if e.action == "person_report_created"]
    assert len(entries) == 2 and all(NIK not in e.record_id for e in entries)
    empty, none = person_report_pdf(s, nik="7406019999990009")
    assert none == 0 and "Tidakadadata" in flat(empty)
    s.close()

    out = tmp_path / "akses.pdf"
    r = run_cli(["person", "report", "--nik", NIK, "--out", str(out)], data_dir=dd.root, user="admin",
                password=ADMIN_PASSWORD)
    assert r.returncode == 0, r.stderr
    assert "2 kasus" in r.stdout and "TIDAK terenkripsi" in r.stderr
    assert first.case_number in flat(out.read_bytes())
