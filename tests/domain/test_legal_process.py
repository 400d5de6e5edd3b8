"""The legal-process record (proses hukum), the protection clocks and the anak saksi role in the case JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from caseapp.domain import case as rules
from caseapp.domain.case import ANAK_SAKSI, Guardian
from caseapp.domain.case_json import case_from_json, case_to_json
from caseapp.domain.deidentify import deidentify_case_document
from caseapp.domain.entry_limits import SHORT_TEXT_CHARS, TextTooLong
from caseapp.domain.errors import ValidationError
from caseapp.domain.legal_process import LegalProcess, legal_process_rows, rupiah_text
from caseapp.domain.legal_warnings import legal_warnings

TODAY = dt.date(2024, 12, 31)

BASE = {
    "intake_date": "2024-01-22", "intake_time": "09:00", "channel": "datang_langsung",
    "victims": [{"name": "Siti Aminah", "sex": "P", "birth_date": "2012-03-04"}],
    "perpetrators": [{"name": "Fulan", "sex": "L", "birth_date": "1980-01-01", "relationship": "ayah_kandung"}],
    "violence_types": ["persetubuhan_anak"], "incident_date": "2024-01-20", "place": "rumah_tangga",
    "police_reported_at": "2024-01-22T14:00:00",
}

FULL = {
    "police_report_number": "LP/B/25/I/2024/SPKT/POLRES BOMBANA", "stage": "putusan",
    "court": "Pengadilan Negeri Andoolo", "court_case_number": "12/Pid.Sus/2024/PN Adl",
    "verdict_date": "2024-07-15", "verdict_summary": "Terdakwa dipidana penjara 12 tahun.", "verdict_final": True,
    "restitution_requested_on": "2024-02-20", "restitution_lpsk_assessed_on": "2024-04-02",
    "restitution_amount": 25_000_000, "restitution_paid_amount": 10_000_000, "restitution_paid_on": "2024-09-01",
    "temporary_protection_at": "2024-01-22T20:00:00", "temporary_protection_by": "Unit PPA Polres Bombana",
    "protection_requested_at": "2024-01-23T10:00:00",
}


def parse(legal=None, **changes):
    data = {**BASE, **changes}
    if legal is not None:
        data["legal_process"] = legal
    return case_from_json(data, today=TODAY)


def refused(legal=None, **changes) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse(legal, **changes)
    return info.value


def test_a_full_legal_process_round_trips_and_is_written_last():
    case = parse(FULL)
    lp = case.legal_process
    assert lp.stage == "putusan" and lp.verdict_final and lp.restitution_amount == 25_000_000
    assert lp.temporary_protection_at == dt.datetime(2024, 1, 22, 20, 0)
    doc = case_to_json(case)
    assert list(doc)[-1] == "legal_process" and doc["legal_process"] == FULL
    assert case_from_json(doc, today=TODAY) == case


def test_a_case_without_the_record_writes_no_new_key_and_an_empty_record_reads_as_none():
    doc = case_to_json(parse())
    assert "legal_process" not in doc and "child_witnesses" not in doc
    assert parse({}).legal_process is None
    assert parse({"police_report_number": "", "verdict_final": False}).legal_process is None
    assert "legal_process" not in case_to_json(parse({"stage": None}))


@pytest.mark.parametrize("legal, field, words", [
    ({"verdict_final": True}, "legal_process.verdict_date", "tanggal putusan"),
    ({"restitution_amount": -1}, "legal_process.restitution_amount", "bilangan bulat"),
    ({"restitution_amount": 1.5}, "legal_process.restitution_amount", "bilangan bulat"),
    ({"restitution_amount": True}, "legal_process.restitution_amount", "bilangan bulat"),
    ({"restitution_amount": "15.000.000"}, "legal_process.restitution_amount", "bilangan bulat"),
    ({"restitution_paid_amount": 10 ** 16}, "legal_process.restitution_paid_amount", "bilangan bulat"),
    ({"restitution_paid_on": "2024-05-01"}, "legal_process.restitution_paid_amount", "jumlah yang dibayar"),
    ({"temporary_protection_at": "2024-01-23T10:00", "protection_requested_at": "2024-01-23T09:00"},
     "legal_process.protection_requested_at", "sebelum perlindungan sementara"),
    ({"temporary_protection_by": "Unit PPA"}, "legal_process.temporary_protection_at", "perlindungan sementara"),
    ({"temporary_protection_at": "2025-02-01T10:00"}, "legal_process.temporary_protection_at", "masa depan"),
    ({"verdict_date": "2025-02-01"}, "legal_process.verdict_date", "masa depan"),
    ({"stage": "vonis"}, "legal_process.stage", "legal_stage"),
    ({"nomor_lp": "1"}, "legal_process.nomor_lp", "tidak dikenal"),
])
def test_inconsistent_or_malformed_records_are_refused_naming_the_field(legal, field, words):
    error = refused(legal)
    assert error.field == field and words in error.message


def test_texts_are_held_to_their_limits():
    error = refused({"police_report_number": "L" * (SHORT_TEXT_CHARS + 1)})
    assert isinstance(error, TextTooLong) and error.field == "legal_process.police_report_number"
    assert isinstance(refused({"court_case_number": "9" * 201}), TextTooLong)
    assert parse({"verdict_summary": "x" * 5000}).legal_process.verdict_summary == "x" * 5000


def test_a_draft_keeps_an_unfinished_record():
    draft = case_from_json({**BASE, "legal_process": {"verdict_final": True}}, partial=True, today=TODAY)
    assert draft.legal_process == LegalProcess(verdict_final=True)


# --- clocks ---------------------------------------------------------------------------------------------------

def test_temporary_protection_is_due_24_hours_after_the_report_and_the_request_24_hours_after_protection():
    case = parse({"police_report_number": "LP/1"})
    assert rules.temporary_protection_deadline(case) == dt.datetime(2024, 1, 23, 14, 0)
    assert rules.protection_request_deadline(case) is None                   # no protection given yet
    given = parse({"temporary_protection_at": "2024-01-22T20:00"})
    assert rules.protection_request_deadline(given) == dt.datetime(2024, 1, 23, 20, 0)


def test_overdue_list_dates_for_domestic_violence():
    # household: the police must protect within 1×24 h (UU PKDRT Pasal 16): due while none is recorded
    open_case = parse({"police_report_number": "LP/1"}, status="asesmen")
    assert rules.protection_due(open_case) == [dt.datetime(2024, 1, 23, 14, 0)]
    given = parse({"temporary_protection_at": "2024-01-22T20:00"}, status="asesmen")
    assert rules.protection_due(given) == [dt.datetime(2024, 1, 23, 20, 0)]   # now the request is due
    asked = parse({"temporary_protection_at": "2024-01-22T20:00", "protection_requested_at": "2024-01-23T08:00"},
                  status="asesmen")
    assert rules.protection_due(asked) == []
    closed = replace(open_case, status="selesai", closure_reason="dirujuk")
    assert rules.protection_due(closed) == []


def test_sexual_violence_outside_the_home_shows_the_clock_but_is_not_overdue_without_protection():
    # UU TPKS Pasal 42: the police *may* give temporary protection; Pasal 43: once given, they must ask LPSK
    street = parse({"police_report_number": "LP/1"}, place="fasilitas_umum", status="asesmen")
    assert rules.temporary_protection_deadline(street) is not None
    assert not rules.temporary_protection_required(street)
    assert rules.protection_due(street) == []
    given = parse({"temporary_protection_at": "2024-01-22T20:00"}, place="fasilitas_umum", status="asesmen")
    assert rules.protection_due(given) == [dt.datetime(2024, 1, 23, 20, 0)]


def test_a_case_recorded_before_the_legal_process_existed_gets_no_new_due_date():
    old = parse(status="asesmen")       # household, reported to the police, no legal-process record
    assert old.legal_process is None and rules.temporary_protection_required(old)
    assert rules.protection_due(old) == []


def test_no_clock_without_a_police_report_or_outside_both_laws():
    assert rules.temporary_protection_deadline(parse(police_reported_at=None)) is None
    physical_street = parse({"temporary_protection_at": "2024-01-22T20:00"}, violence_types=["fisik"],
                            place="fasilitas_umum")
    assert rules.temporary_protection_deadline(physical_street) is None
    assert rules.protection_request_deadline(physical_street) is None


# --- what is shown ----------------------------------------------------------------------------------------------

def test_rows_for_the_resume_hide_numbers_in_the_initials_profile():
    case = parse(FULL)
    full = dict(legal_process_rows(case, True))
    assert full["Laporan Polisi"].startswith("LP/B/25/I/2024/SPKT/POLRES BOMBANA")
    assert full["Nomor perkara"] == "12/Pid.Sus/2024/PN Adl"
    assert full["Tahap proses hukum"] == "Putusan"
    assert "berkekuatan hukum tetap" in full["Putusan"]
    assert full["Restitusi diputus"] == "Rp25.000.000"
    masked = dict(legal_process_rows(case, False, lambda t: "***"))
    assert "Nomor perkara" not in masked and "LP/B" not in masked["Laporan Polisi"]
    assert masked["Isi putusan"] == "***"
    assert rupiah_text(1_500_000) == "Rp1.500.000" and rupiah_text(None) == ""


def test_deidentified_documents_lose_the_numbers_and_the_verdict_text():
    doc = deidentify_case_document(case_to_json(parse(FULL, child_witnesses=[WITNESS])))
    lp = doc["legal_process"]
    assert lp["police_report_number"] == lp["court_case_number"] == lp["verdict_summary"] == ""
    assert lp["temporary_protection_by"] == "" and lp["restitution_amount"] == 25_000_000
    assert doc["child_witnesses"][0]["name"] == "Anak saksi 1" and doc["child_witnesses"][0]["guardian"]["phone"] == ""
    assert "child_witnesses" not in deidentify_case_document(case_to_json(parse()))
    assert "legal_process" not in deidentify_case_document(case_to_json(parse()))


# --- anak saksi ---------------------------------------------------------------------------------------------------

WITNESS = {"name": "Rina Lestari", "sex": "P", "birth_date": "2014-05-06",
           "guardian": {"name": "Wa Ode Sitti", "relationship": "ibu kandung", "phone": "081234567890"}}


def test_a_child_witness_is_read_kept_after_the_other_roles_and_written_back():
    case = parse(child_witnesses=[WITNESS])
    (witness,) = case.child_witnesses
    assert witness.role == ANAK_SAKSI and witness.guardian == Guardian("Wa Ode Sitti", "ibu kandung", "081234567890")
    assert witness.initials == "R.L."
    assert case.persons[-1] is witness and witness not in case.victims + case.perpetrators + case.reporters
    doc = case_to_json(case)
    assert doc["child_witnesses"][0]["name"] == "Rina Lestari"
    assert case_from_json(doc, today=TODAY) == case


def test_a_witness_of_18_or_more_is_not_a_child_witness():
    error = refused(child_witnesses=[{**WITNESS, "birth_date": "2005-01-01"}])
    assert error.field == "child_witnesses[0].birth_date" and "di bawah 18 tahun" in error.message
    assert parse(child_witnesses=[{**WITNESS, "birth_date": "2006-01-21"}]).child_witnesses  # 17 on the day


def test_a_child_witness_without_a_parent_or_guardian_gets_a_warning():
    bare = parse(child_witnesses=[{"name": "Rina Lestari", "sex": "P"}])
    assert any(path == "child_witnesses[0].guardian" and "orang tua atau wali" in message
               for path, message in legal_warnings(bare))
    assert not any(path.startswith("child_witnesses") for path, _m in legal_warnings(parse(child_witnesses=[WITNESS])))


def test_child_witness_uuids_must_differ_from_the_other_people():
    victim_uuid = "11111111-1111-4111-8111-111111111111"
    data = {**BASE, "victims": [{**BASE["victims"][0], "uuid": victim_uuid}],
            "child_witnesses": [{**WITNESS, "uuid": victim_uuid}]}
    with pytest.raises(ValidationError):
        case_from_json(data, today=TODAY)


def test_a_child_witness_name_in_a_letter_text_is_masked_as_anak_saksi():
    from caseapp.domain import letter_masking

    case = parse(child_witnesses=[WITNESS])
    text = letter_masking.mask("Rina Lestari melihat kejadian bersama Siti Aminah.", letter_masking.case_terms(case))
    assert text == "[anak saksi] melihat kejadian bersama [korban]."
