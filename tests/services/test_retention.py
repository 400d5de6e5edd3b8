"""Retention, legal hold and purge: a purged case leaves no trace in the database file or the search index."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from caseapp.domain.accounts import NewUser, Role
from caseapp.domain.errors import PermissionDenied, ValidationError
from caseapp.services import accounts, attachments, audit, cases, destinations, drafts, letterhead, referrals, retention
from caseapp.services.destinations import Destination, DestinationType
from tests.helpers import OFFICER_PASSWORD, make_office, unlock
from tests.services.test_exchange import _case
from tests.services.test_referrals import PARENT_CONSENT

CANARY = "Kenariwati"  # a name that appears nowhere else
PAGE, RESERVE = 4096, 80  # SQLCipher 4 defaults: 16-byte IV + 64-byte HMAC-SHA512 at the end of each page


def plaintext_pages(path, key: bytes) -> bytes:
    """Every page of the database file decrypted (AES-256-CBC with the raw key), free pages included."""
    raw = path.read_bytes()
    out = []
    for start in range(0, len(raw) - PAGE + 1, PAGE):
        page = raw[start:start + PAGE]
        skip = 16 if start == 0 else 0  # page 1 begins with the salt
        iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
        dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out.append(dec.update(page[skip:PAGE - RESERVE]) + dec.finalize())
    return b"".join(out)


def traces(data: bytes, word: str) -> bool:
    return any(w in data for w in (word.encode("utf-8"), word.lower().encode("utf-8"), word.encode("utf-16-le")))


@pytest.fixture
def office(tmp_path):
    dd, res = make_office(tmp_path / "o")
    s = res.session
    accounts.add_user(s, NewUser("kepala", "Kepala UPTD", Role.SUPERVISOR), OFFICER_PASSWORD)
    accounts.add_user(s, NewUser("petugas1", "Petugas Satu", Role.OFFICER), OFFICER_PASSWORD)
    yield dd, s
    if not s.closed:
        s.close()


def _closed_case_with_everything(s, name):
    case = cases.create_case(s, dataclasses.replace(_case(name), consents=(PARENT_CONSENT,)))
    letterhead.set_classification_code(s, "400.2.4")
    attachments.add_attachment(s, case.uuid, file_name=f"surat-{name}.txt", mime_type="text/plain",
                               data=f"Pernyataan {name} dan ibunya".encode())
    dest = destinations.add_destination(s, Destination("RSUD Bombana", DestinationType.RSUD_PUSKESMAS,
                                                       "Jl. Tujuan No. 1", "Ibu Kontak", "0800", addressee="Kepala"))
    letter = referrals.create_letter(s, case.case_number, destination_id=dest.id)
    referrals.approve_letter(s, letter.id)
    drafts.save_draft(s, cases.get_case(s, case.uuid))
    return cases.change_status(s, case.uuid, "selesai", closure_reason="tujuan_tercapai",
                               reason="Korban memilih tidak melapor ke polisi.")


def test_purge_leaves_no_trace_other_cases_intact_and_is_audited(office):
    dd, s = office
    kept = cases.create_case(s, _case("Siti Aminah"))
    doomed = _closed_case_with_everything(s, CANARY)
    retention.set_retention_years(s, "tujuan_tercapai", 1)
    later = dt.date.today() + dt.timedelta(days=800)
    key = bytes(s.data_key)
    s.db.checkpoint()
    before = plaintext_pages(dd.database, key)
    assert traces(before, CANARY) and traces(before, "Aminah")  # the scan does see names: it can fail

    s.close()
    kepala = unlock(dd, "kepala", OFFICER_PASSWORD)
    try:
        due = retention.cases_past_retention(kepala, today=later)
        assert [d.case_number for d in due] == [doomed.case_number]
        assert retention.cases_past_retention(kepala, today=dt.date.today()) == []
        with pytest.raises(ValidationError):  # the second confirmation must name the case
            retention.purge_case(kepala, doomed.uuid, confirm_number="salah", today=later)
        assert retention.purge_case(kepala, doomed.uuid, confirm_number=doomed.case_number,
                                    today=later) == doomed.case_number
        wal = dd.root / "caseapp.db-wal"
        assert not wal.exists() or wal.stat().st_size == 0  # no frame holds the pages as they were

        assert cases.list_cases(kepala, cases.CaseFilter(text=CANARY)) == []
        assert [c.case_number for c in cases.list_cases(kepala, cases.CaseFilter(text="Aminah"))] == [kept.case_number]
        assert cases.get_case(kepala, kept.uuid).victims[0].name == "Siti Aminah"
        assert kepala.db.integrity_problems() == []
        purged = [e for e in audit_entries(kepala) if e.action == "case_purged"]
        assert len(purged) == 1 and purged[0].record_id == doomed.uuid and purged[0].actor == "kepala"
        kepala.db.checkpoint()  # the audit entries written by the checks above
        after = plaintext_pages(dd.database, key)
        assert not traces(after, CANARY)
        assert traces(after, "Aminah")
    finally:
        kepala.close()


def audit_entries(session):
    return audit.recent_entries(session, limit=500)


def test_legal_hold_blocks_purge_and_officers_cannot_purge(office):
    dd, s = office
    doomed = _closed_case_with_everything(s, "Wa Ode Sitti")
    retention.set_retention_years(s, "tujuan_tercapai", 1)
    later = dt.date.today() + dt.timedelta(days=800)
    with pytest.raises(ValidationError):
        retention.hold_case(s, doomed.case_number, "  ")
    hold = retention.hold_case(s, doomed.case_number, "Perkara di Pengadilan Negeri Andoolo")
    assert hold.reason.startswith("Perkara") and retention.legal_hold(s, doomed.uuid) == hold
    assert [d.on_hold for d in retention.cases_past_retention(s, today=later)] == [True]
    with pytest.raises(PermissionDenied):
        retention.purge_case(s, doomed.uuid, confirm_number=doomed.case_number, today=later)
    assert cases.get_case(s, doomed.uuid).victims
    s.close()
    with unlock(dd, "petugas1", OFFICER_PASSWORD) as officer:
        with pytest.raises(PermissionDenied):
            retention.purge_case(officer, doomed.uuid, confirm_number=doomed.case_number, today=later)
        with pytest.raises(PermissionDenied):
            retention.unhold_case(officer, doomed.uuid)
    with unlock(dd) as admin:
        retention.unhold_case(admin, doomed.uuid)
        retention.purge_case(admin, doomed.uuid, confirm_number=doomed.case_number, today=later)
        actions = [e.action for e in audit_entries(admin)]
        assert {"legal_hold_set", "legal_hold_cleared", "case_purged"} <= set(actions)


def test_open_case_or_no_retention_period_is_never_due(office):
    _dd, s = office
    open_case = cases.create_case(s, _case("Masih Ditangani"))
    closed = cases.change_status(s, cases.create_case(s, _case("Ditutup Tanpa Aturan")).uuid, "selesai",
                                 closure_reason="dirujuk", reason="Korban memilih tidak melapor ke polisi.")
    retention.set_retention_years(s, "tujuan_tercapai", 1)
    later = dt.date.today() + dt.timedelta(days=4000)
    assert retention.cases_past_retention(s, today=later) == []
    for c in (open_case, closed):
        with pytest.raises(ValidationError):
            retention.purge_case(s, c.uuid, confirm_number=c.case_number, today=later)
