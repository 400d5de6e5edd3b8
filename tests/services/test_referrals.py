"""Referral letters through the services: content, numbering, approval rights, disclosure, verification, audit."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from caseapp import i18n
from caseapp.domain.accounts import NewUser, Role
from caseapp.domain.case import Case, Consent, Guardian, Incident, Person
from caseapp.domain.errors import NotFound, PermissionDenied, ValidationError
from caseapp.domain.referral import DestinationType, LetterStatus
from caseapp.services import accounts, audit, cases, clock, destinations, letter_batch, letterhead, referrals
from caseapp.services.destinations import Destination
from caseapp.store import letters_repo
from tests.helpers import OFFICER_PASSWORD, REPO, make_office, unlock
from tests.letters.pdfutil import flat, text

VICTIM = "Wulandari Sekarsari Fiktiana"
KEPALA = "Dra. Contoh Kepala, M.Si."
NIP = "198001012005012001"


def at(year: int, month: int, day: int = 15):
    moment = dt.datetime(year, month, day, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    clock.set_for_tests(lambda: moment)


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.set_for_tests()


PARENT_CONSENT = Consent("persetujuan", given_by="Ibu Contoh", giver_relation="orang_tua", scope=("rujukan",),
                         given_at=dt.datetime(2024, 1, 2, 9, 0))


def new_case(session, *, officer: str = "petugas1", consents=(PARENT_CONSENT,)) -> Case:
    person = Person("korban", VICTIM, sex="P", birth_date=dt.date(2010, 3, 14), region_code="74.06.01.1007",
                    nik="7406055403100001", street="Jl. Contoh Fiktif No. 0")
    return cases.create_case(session, Case(
        intake_date=dt.date(2024, 1, 2), channel="datang_langsung", persons=(person,), assigned_officers=(officer,),
        incidents=(Incident(dt.date(2024, 1, 1), ("fisik",), chronology="Kronologi contoh dari catatan kasus."),),
        consents=consents,
    ))


@pytest.fixture
def office(tmp_path):
    """(data_dir, case_number, {type: destination id}); users: admin, kepala (supervisor), petugas1/2 (officers)."""
    at(2024, 1, 10)
    data_dir, result = make_office(tmp_path / "o")
    with result.session as s:
        accounts.add_user(s, NewUser("kepala", KEPALA, Role.SUPERVISOR, NIP, "Kepala UPTD PPA Kabupaten Bombana"),
                          OFFICER_PASSWORD)
        accounts.add_user(s, NewUser("petugas1", "Petugas Satu", Role.OFFICER), OFFICER_PASSWORD)
        accounts.add_user(s, NewUser("petugas2", "Petugas Dua", Role.OFFICER), OFFICER_PASSWORD)
        case = new_case(s)
        dests = {
            t: destinations.add_destination(s, Destination(f"Tujuan {t.label}", t, "Jl. Tujuan No. 1",
                                                           "Ibu Kontak", "0800", addressee="Kepala")).id
            for t in (DestinationType.RSUD_PUSKESMAS, DestinationType.SEKOLAH, DestinationType.PSIKOLOG)
        }
        letterhead.set_classification_code(s, "400.2.4")
    return data_dir, case.case_number, dests


def full_draft(dest_id: str) -> referrals.LetterDraft:
    return referrals.LetterDraft(
        destination_id=dest_id, purpose="Pemeriksaan kesehatan dan visum et repertum.",
        services_requested=("Pemeriksaan fisik",), chronology="Korban datang bersama ibunya pada 2 Januari.",
        services_given=("Asesmen awal",), condition_physical="Tampak lemah.", condition_psychological="Cemas.",
        attachments=("Formulir persetujuan",), contact_name="Petugas Satu", contact_phone="0811",
        signatory_username="kepala", tembusan=("Kepala Dinas P3A Kabupaten Bombana", "Arsip"),
    )


def test_approved_letter_text(office):
    data_dir, case_no, dests = office
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as s:
        letter = referrals.create_letter(s, case_no, full_draft(dests[DestinationType.RSUD_PUSKESMAS]))
    at(2024, 1, 22)
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        letter = referrals.approve_letter(s, letter.id)
        pdf = referrals.render_letter(s, letter.id, purpose="print")
    assert letter.number == "400.2.4/001/UPTD-PPA/I/2024"
    words = flat(pdf)
    for expected in (letter.number, "Rahasia", "Hal", "PermohonanPemeriksaanMedis", "Yth.KepalaTujuanRSUD/Puskesmas",
                     "Pemeriksaankesehatandanvisumetrepertum.", "Korbandatangbersamaibunyapada2Januari.",
                     KEPALA.replace(" ", ""), "NIP.198001012005012001", "Tembusan:",
                     "KepalaDinasP3AKabupatenBombana", VICTIM.replace(" ", ""), letter.display_code):
        assert expected in words, expected
    assert "DRAF" not in text(pdf)


def test_draft_renders_as_draft_without_number(office):
    data_dir, case_no, dests = office
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as s:
        letter = referrals.create_letter(s, case_no, destination_id=dests[DestinationType.RSUD_PUSKESMAS])
        pdf = referrals.render_letter(s, letter.id)
    words = text(pdf)
    assert letter.status is LetterStatus.DRAF and letter.number is None
    assert "DRAF" in words and "(belum bernomor)" in words and "400.2.4" not in words
    assert "Kronologi contoh dari catatan kasus." in words  # pre-filled from the case


def test_consecutive_numbers_and_year_restart(office):
    data_dir, case_no, dests = office
    rsud = dests[DestinationType.RSUD_PUSKESMAS]
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        ids = [referrals.create_letter(s, case_no, destination_id=rsud).id for _ in range(4)]
        at(2024, 1, 31)
        first = referrals.approve_letter(s, ids[0])
        at(2024, 12, 2)
        second = referrals.approve_letter(s, ids[1])
        at(2025, 1, 3)
        third = referrals.approve_letter(s, ids[2])
        fourth = referrals.approve_letter(s, ids[3])
    assert first.number == "400.2.4/001/UPTD-PPA/I/2024"
    assert second.number == "400.2.4/002/UPTD-PPA/XII/2024"
    assert "/I/" in first.number and "/XII/" in second.number
    assert (third.number, fourth.number) == ("400.2.4/001/UPTD-PPA/I/2025", "400.2.4/002/UPTD-PPA/I/2025")
    assert first.letter_date == dt.date(2024, 1, 31)


def test_office_pattern_setting(office):
    data_dir, case_no, dests = office
    from caseapp.services.office_settings import set_setting

    with unlock(data_dir) as s:
        set_setting(s, referrals.NUMBER_PATTERN_KEY, "460/{seq:04}/{office}/{month_roman}/{year}")
        letter = referrals.create_letter(s, case_no, destination_id=dests[DestinationType.PSIKOLOG])
        at(2024, 3, 5)
        assert referrals.approve_letter(s, letter.id).number == "460/0001/74.06/III/2024"


def test_officer_cannot_approve_and_approved_is_final(office):
    data_dir, case_no, dests = office
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as s:
        letter = referrals.create_letter(s, case_no, destination_id=dests[DestinationType.PSIKOLOG])
        with pytest.raises(PermissionDenied):
            referrals.approve_letter(s, letter.id)
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        approved = referrals.approve_letter(s, letter.id)
        with pytest.raises(ValidationError):
            referrals.approve_letter(s, letter.id)
        with pytest.raises(ValidationError):
            referrals.update_letter(s, letter.id, full_draft(dests[DestinationType.PSIKOLOG]), version=approved.version)
        with pytest.raises(Exception, match="approved letters cannot be changed"):
            with s.db.transaction() as c:
                c.execute("UPDATE referral_letters SET content = '{}' WHERE id = ?", (letter.id,))


def test_officer_without_access_cannot_draft_or_read(office):
    data_dir, case_no, dests = office
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as s:
        letter = referrals.create_letter(s, case_no, destination_id=dests[DestinationType.PSIKOLOG])
    with unlock(data_dir, "petugas2", OFFICER_PASSWORD) as s:
        with pytest.raises(PermissionDenied):
            referrals.create_letter(s, case_no, destination_id=dests[DestinationType.PSIKOLOG])
        with pytest.raises(PermissionDenied):
            referrals.render_letter(s, letter.id)
        assert referrals.list_letters(s) == []
        with pytest.raises(PermissionDenied):
            destinations.add_destination(s, Destination("X", DestinationType.LAINNYA))


def test_initials_only_destination_has_no_full_name(office):
    data_dir, case_no, dests = office
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        letter = referrals.create_letter(s, case_no, full_draft(dests[DestinationType.SEKOLAH]))
        draft_pdf = referrals.render_letter(s, letter.id)
        approved_pdf = referrals.render_letter(s, referrals.approve_letter(s, letter.id).id)
        widened = referrals.create_letter(s, case_no, referrals.LetterDraft(
            dests[DestinationType.SEKOLAH], disclosure={"name": "full"}))
        widened_pdf = referrals.render_letter(s, widened.id)
        log = [e.action for e in audit.recent_entries(s, limit=500)]
    for pdf in (draft_pdf, approved_pdf):
        assert "W.S.F." in text(pdf)
        for part in VICTIM.split():
            assert part not in text(pdf)
        assert "7406055403100001" not in text(pdf)
    assert VICTIM.replace(" ", "") in flat(widened_pdf)
    assert "letter_disclosure_changed" in log


def test_letter_text_is_indonesian_whatever_the_ui_language(office):
    data_dir, case_no, dests = office
    i18n.set_language("en")
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        letter = referrals.approve_letter(s, referrals.create_letter(
            s, case_no, destination_id=dests[DestinationType.PSIKOLOG]).id)
        pdf = referrals.render_letter(s, letter.id)
    assert i18n.language() == "en"
    words = text(pdf)
    assert "Rahasia" in words and "Tembusan" in words and "Confidential" not in words


def test_verification_code_round_trip_and_wrong_code(office):
    data_dir, case_no, dests = office
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        letter = referrals.approve_letter(s, referrals.create_letter(
            s, case_no, destination_id=dests[DestinationType.RSUD_PUSKESMAS]).id)
    assert len(letter.verification_code) == 10
    with unlock(data_dir, "petugas2", OFFICER_PASSWORD) as s:  # any user may check a code
        result = referrals.verify_code(s, letter.display_code.lower())
        assert (result.number, result.destination_type, result.status) == (
            letter.number, DestinationType.RSUD_PUSKESMAS, LetterStatus.DISETUJUI)
        assert VICTIM not in repr(result)
        wrong = letter.verification_code[:-1] + ("A" if letter.verification_code[-1] != "A" else "B")
        with pytest.raises(NotFound):
            referrals.verify_code(s, wrong)
        with pytest.raises(NotFound):
            referrals.verify_code(s, "")
    with unlock(data_dir) as s:
        actions = [e.action for e in audit.recent_entries(s, limit=500)]
    assert "letter_verified" in actions and "letter_verify_failed" in actions


def test_tracking_and_overdue(office):
    data_dir, case_no, dests = office
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        at(2024, 2, 1)
        a = referrals.approve_letter(s, referrals.create_letter(s, case_no, destination_id=dests[DestinationType.PSIKOLOG]).id)
        b = referrals.approve_letter(s, referrals.create_letter(s, case_no, destination_id=dests[DestinationType.PSIKOLOG]).id)
        referrals.record_event(s, a.id, "dikirim", dt.date(2024, 2, 1))
        referrals.record_event(s, b.id, "dikirim", dt.date(2024, 2, 1))
        with pytest.raises(ValidationError):
            referrals.record_event(s, a.id, "umpan_balik", dt.date(2024, 2, 1))
        with pytest.raises(ValidationError):
            referrals.record_event(s, a.id, "diterima", dt.date(2024, 1, 1))
        referrals.record_event(s, b.id, "diterima", dt.date(2024, 2, 1))
        at(2024, 2, 10)
        assert referrals.overdue_letters(s) == []
        at(2024, 2, 20)
        overdue = referrals.overdue_letters(s)
        assert [x.id for x in overdue] == [a.id] and overdue[0].overdue
        referrals.record_event(s, a.id, "tidak_ada_respons", dt.date(2024, 2, 20))
        assert referrals.overdue_letters(s) == []
        referrals.record_event(s, b.id, "layanan_diberikan", dt.date(2024, 2, 12))
        final = referrals.record_event(s, b.id, "umpan_balik", dt.date(2024, 2, 19))
        assert final.tracking == "umpan_balik"
        assert [e.event for e in referrals.letter_events(s, b.id)] == [
            "dikirim", "diterima", "layanan_diberikan", "umpan_balik"]


def test_register_search_and_audit(office):
    data_dir, case_no, dests = office
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as s:
        draft = referrals.create_letter(s, case_no, destination_id=dests[DestinationType.SEKOLAH])
        edited = referrals.update_letter(s, draft.id, full_draft(dests[DestinationType.SEKOLAH]), version=draft.version)
        assert edited.version == draft.version + 1
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        other = referrals.create_letter(s, case_no, destination_id=dests[DestinationType.RSUD_PUSKESMAS])
        approved = referrals.approve_letter(s, other.id)
        referrals.render_letter(s, approved.id, purpose="save")
        referrals.render_letter(s, approved.id, purpose="print")
        referrals.verify_code(s, approved.verification_code)
        assert {x.id for x in referrals.list_letters(s)} == {draft.id, other.id}
        assert [x.id for x in referrals.list_letters(s, text="Sekolah")] == [draft.id]
        assert [x.id for x in referrals.list_letters(s, text="/001/")] == [other.id]
        assert [x.id for x in referrals.list_letters(s, status="draf")] == [draft.id]
    with unlock(data_dir) as s:
        entries = [(e.action, e.record_id) for e in audit.recent_entries(s, limit=500)]
        assert audit.verify_chain(s).ok
    for action, rid in (("letter_drafted", draft.id), ("letter_updated", draft.id), ("letter_approved", other.id),
                        ("letter_saved_pdf", other.id), ("letter_printed", other.id), ("letter_verified", other.id)):
        assert (action, rid) in entries, action


def test_batch_renders_with_progress_and_cancel(office):
    data_dir, case_no, dests = office
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        ids = [referrals.create_letter(s, case_no, destination_id=dests[DestinationType.PSIKOLOG]).id for _ in range(5)]
        seen = []
        out = letter_batch.render_letters(s, ids, progress=lambda d, t, *a: seen.append((d, t)))
        assert [i for i, _pdf in out] == ids and all(p.startswith(b"%PDF") for _i, p in out)
        assert seen[-1] == (5, 5)

        class Token:
            cancelled = False

        token = Token()

        def stop_after_two(done, total, *_):
            token.cancelled = done >= 2

        with pytest.raises(letter_batch.BatchCancelled):
            letter_batch.render_letters(s, ids, progress=stop_after_two, cancel=token)


# --- crash safety of numbering -------------------------------------------------------------------------------

KILLS = 22
WRITER = """
import sys
from caseapp.crypto.kdf import KdfPolicy
from pathlib import Path
from caseapp.datadir import DataDir
from caseapp.services import referrals, destinations, session as sess
root, password, case_no = sys.stdin.read().split("\\n")[:3]
s = sess.unlock(DataDir(Path(root)), "kepala", password, kdf_policy=KdfPolicy.insecure_for_tests())
dest = destinations.list_destinations(s)[0].id
while True:
    letter = referrals.create_letter(s, case_no, destination_id=dest)
    print(referrals.approve_letter(s, letter.id).number, flush=True)
"""


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_sigkill_between_numbering_and_commit_never_duplicates(office):
    data_dir, case_no, _dests = office
    clock.set_for_tests()
    rng = random.Random(4321)
    reported: list[str] = []
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd=REPO)
        proc.stdin.write(f"{data_dir.root}\n{OFFICER_PASSWORD}\n{case_no}\n")
        proc.stdin.close()
        time.sleep(rng.uniform(0.6, 1.6))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.stdout.read(), proc.stderr.read()
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, err
        reported += out.split()
    assert reported, "the writer never approved a letter: the test exercised nothing"
    with unlock(data_dir) as s:
        year = clock.now().year
        rows = letters_repo.approved_numbers(s.db.conn, s.office.code, year)
        seqs = [seq for seq, _n in rows]
        numbers = [n for _s, n in rows]
        assert len(set(numbers)) == len(numbers)
        assert seqs == list(range(1, len(seqs) + 1))  # consecutive, no gaps among committed approvals
        last = s.db.conn.execute("SELECT last FROM letter_sequences WHERE office = ? AND year = ?",
                                 (s.office.code, year)).fetchone()[0]
        assert last == len(seqs)
        print(f"{len(seqs)} approvals committed across {KILLS} kills")
        assert set(reported) <= set(numbers)  # every number reported after commit is there
        assert s.db.integrity_problems() == []
        assert audit.verify_chain(s).ok


def test_letter_texts_are_held_to_the_lengths_of_local_entry(office):
    """A letter's texts have the lengths of case entry (domain/entry_limits.py): a longer one is refused naming the
    field, and no letter is written."""
    import dataclasses

    from caseapp.domain.entry_limits import MAX_TEXT_CHARS, SHORT_TEXT_CHARS

    data_dir, case_no, dests = office
    rsud = dests[DestinationType.RSUD_PUSKESMAS]
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as s:
        before = len(referrals.list_letters(s))
        for field, value in (("contact_name", "N" * (SHORT_TEXT_CHARS + 1)),
                             ("purpose", "p" * (MAX_TEXT_CHARS + 1)),
                             ("tembusan", ("Arsip", "T" * (SHORT_TEXT_CHARS + 1)))):
            with pytest.raises(ValidationError) as refused:
                referrals.create_letter(s, case_no, dataclasses.replace(full_draft(rsud), **{field: value}))
            assert refused.value.field == (field if field != "tembusan" else "tembusan[1]")
            assert "terlalu panjang" in refused.value.message
        assert len(referrals.list_letters(s)) == before
        assert referrals.create_letter(s, case_no, dataclasses.replace(full_draft(rsud),
                                                                       contact_name="N" * SHORT_TEXT_CHARS))
