"""Issue 11: referral letters a kepala UPTD signs without edits (Bombana's settings: Rumbia, DP2KBP3A, logo, F4)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess

import pytest

from caseapp.domain.case import Consent
from caseapp.domain.errors import ValidationError
from caseapp.domain.referral import DestinationType, has_placeholder
from caseapp.services import cases, clock, letterhead, referrals
from tests.helpers import ADMIN_PASSWORD, OFFICER_PASSWORD, unlock
from tests.letters.pdfutil import decoded_streams, flat, reader, text
from tests.services import bombana_letters as b

RSUD, POLRES, RUMAH_AMAN = (DestinationType.RSUD_PUSKESMAS, DestinationType.UNIT_PPA_POLRES,
                            DestinationType.DINSOS_RUMAH_AMAN)


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.set_for_tests()


@pytest.fixture
def office(tmp_path):
    return b.make(tmp_path / "bombana")


def _page_text(pdf: bytes, n: int) -> str:
    return "".join(reader(pdf).pages[n].extract_text().split())


def _has(words: str, phrase: str) -> bool:
    return "".join(phrase.split()) in words


@pytest.mark.parametrize("kind", [RSUD, POLRES, RUMAH_AMAN])
def test_cover_letter_is_one_page_and_identity_on_the_lampiran(office, kind):
    letter, pdf = b.approved_pdf(office, kind)
    cover, sheet = _page_text(pdf, 0), _page_text(pdf, 1)
    assert float(reader(pdf).pages[0].mediabox.height) == pytest.approx(935.4, abs=0.1)  # F4
    assert "TANDATERIMA" in cover + sheet
    for phrase in ("PEMERINTAH KABUPATEN BOMBANA", "(DP2KBP3A)", f"Rumbia, 3 Desember 2026", letter.number,
                   "di Rumbia", b.KEPALA, "NIP. 19780512 200501 2 003", "Tembusan:", "Arsip"):
        assert _has(cover, phrase), phrase
    assert "Demikiansuratrujukan" in cover  # the closing and the signature are on page 1
    victim = b.ADULT if kind is POLRES else b.CHILD
    assert not _has(cover, victim) and "Namalengkap" not in cover and "NIK" not in cover  # the cover can pass the front desk
    assert _has(sheet, "LAMPIRAN — RAHASIA") and _has(sheet, victim) and _has(sheet, "Kronologi singkat")
    assert len(reader(pdf).pages) == 2


def test_rumah_aman_letter_names_no_one_but_the_victim_and_no_village(office):
    _letter, pdf = b.approved_pdf(office, RUMAH_AMAN)
    words, streams = text(pdf), decoded_streams(pdf)
    assert b.CHILD in words
    for name in b.OTHER_NAMES:
        for part in name.split():
            assert part not in words, part
            assert part.encode() not in streams, part
    for village in b.VILLAGES:
        assert village not in words and village.encode() not in streams, village
    assert "Kronologi singkat" in words and "[terlapor]" in words  # the story is told, the names masked


def test_police_letter_has_the_terlapor_and_the_place_of_birth(office):
    _letter, pdf = b.approved_pdf(office, POLRES)
    sheet = _page_text(pdf, 1)
    assert _has(sheet, "Terlapor 2. Nama : " + b.HUSBAND) and _has(sheet, "Hubungan dengan korban : Suami/istri")
    assert _has(sheet, "Tempat, tanggal lahir") and _has(sheet, "Kasipute, 2 Februari 1994 (32 tahun saat kejadian)")


def test_hospital_letter_cites_the_investigators_request_and_names_the_guardian(office):
    _letter, pdf = b.approved_pdf(office, RSUD)
    cover, sheet = _page_text(pdf, 0), _page_text(pdf, 1)
    assert _has(cover, "permintaan penyidik Nomor B/45/XII/2026/Reskrim (KUHAP Pasal 133)")
    assert _has(cover, "Rahasia, Segera") and _has(cover, "Permohonan Pemeriksaan Medis")
    assert _has(sheet, "Orang tua/wali korban") and _has(sheet, b.MOTHER)
    assert _has(sheet, "20 Mei 2012 (14 tahun saat kejadian)")


def test_visum_without_the_investigators_request_is_refused(office):
    with unlock(office.data_dir, "petugas1", OFFICER_PASSWORD) as s:
        draft = dataclasses.replace(b.draft_for(s, office, RSUD), investigator_request="")
        letter = referrals.create_letter(s, office.child_case, draft)
    with unlock(office.data_dir, "kepala", OFFICER_PASSWORD) as s:
        with pytest.raises(ValidationError, match="KUHAP Pasal 133"):
            referrals.approve_letter(s, letter.id)
        assert referrals.get_letter(s, letter.id).number is None


def test_approved_number_has_no_placeholder_and_a_typed_number_is_unique(office):
    letter, _pdf = b.approved_pdf(office, RSUD)
    assert letter.number == "400.2.4/001/UPTD-PPA/XII/2026" and not has_placeholder(letter.number)
    with unlock(office.data_dir, "kepala", OFFICER_PASSWORD) as s:
        first = referrals.create_letter(s, office.child_case, b.draft_for(s, office, RUMAH_AMAN))
        second = referrals.create_letter(s, office.child_case, b.draft_for(s, office, RUMAH_AMAN))
        typed = referrals.approve_letter(s, first.id, number="400.2.4/0912/DP2KBP3A/XII/2026")
        assert typed.number == "400.2.4/0912/DP2KBP3A/XII/2026"
        for used in ("400.2.4/0912/DP2KBP3A/XII/2026", "400.2.4/0912/dp2kbp3a/XII/2026", letter.number):
            with pytest.raises(ValidationError, match="sudah dipakai"):
                referrals.approve_letter(s, second.id, number=used)
        with pytest.raises(ValidationError, match="tanda isian"):
            referrals.approve_letter(s, second.id, number="400.2.x/0913/DP2KBP3A/XII/2026")
        assert referrals.get_letter(s, second.id).number is None
        # the office's own sequence is not consumed by typed numbers
        assert referrals.approve_letter(s, second.id).number == "400.2.4/002/UPTD-PPA/XII/2026"


def test_without_a_classification_code_approval_asks_for_it_once(office):
    with unlock(office.data_dir, "admin", ADMIN_PASSWORD) as s:
        letterhead.set_classification_code(s, "")
    with unlock(office.data_dir, "petugas1", OFFICER_PASSWORD) as s:
        ids = [referrals.create_letter(s, office.child_case, b.draft_for(s, office, RUMAH_AMAN)).id for _ in range(2)]
    with unlock(office.data_dir, "kepala", OFFICER_PASSWORD) as s:
        with pytest.raises(referrals.ClassificationCodeMissing, match="Kode klasifikasi arsip"):
            referrals.approve_letter(s, ids[0])
        with pytest.raises(ValidationError):
            referrals.approve_letter(s, ids[0], classification_code="400.2.x")
        assert referrals.get_letter(s, ids[0]).number is None
        assert referrals.approve_letter(s, ids[0], classification_code="400.2.5").number.startswith("400.2.5/")
        assert referrals.approve_letter(s, ids[1]).number.startswith("400.2.5/")  # kept: asked only once


def test_supervisor_signs_with_name_rank_and_nip(office):
    letter, pdf = b.approved_pdf(office, RUMAH_AMAN, approver="kepala")
    cover = _page_text(pdf, 0)
    assert _has(cover, f"Kepala UPTD PPA Kabupaten Bombana, {b.KEPALA} {b.KEPALA_RANK} NIP. 19780512 200501 2 003")
    assert "a.n." not in cover and "M.Si.." not in cover and "admin" not in cover.lower().replace("administrasi", "")


def test_an_when_an_officer_signs_for_the_head(office):
    _letter, pdf = b.approved_pdf(office, RUMAH_AMAN, approver="sekretaris")
    cover = _page_text(pdf, 0)
    assert _has(cover, f"a.n. Kepala UPTD PPA Kabupaten Bombana Kepala Subbagian Tata Usaha, {b.SEKRETARIS} "
                       "Penata (III/c) NIP. 19820303 200902 2 004")
    assert not _has(cover, b.KEPALA)


def _set_consents(office, case_no, consents):
    with unlock(office.data_dir, "kepala", OFFICER_PASSWORD) as s:
        case = cases.get_case(s, cases.case_state(s, case_no).uuid)
        cases.save_case(s, dataclasses.replace(case, consents=consents))


def _approve_fresh(office, case_no, kind):
    with unlock(office.data_dir, "petugas1", OFFICER_PASSWORD) as s:
        letter = referrals.create_letter(s, case_no, b.draft_for(s, office, kind))
    with unlock(office.data_dir, "kepala", OFFICER_PASSWORD) as s:
        try:
            return referrals.approve_letter(s, letter.id)
        finally:
            assert referrals.get_letter(s, letter.id).status.value in ("draf", "disetujui")


def test_approval_refused_without_recorded_consent(office):
    _set_consents(office, office.adult_case, ())
    with pytest.raises(ValidationError, match="persetujuan korban") as err:
        _approve_fresh(office, office.adult_case, POLRES)
    assert "Berbagi data untuk rujukan layanan" in err.value.message


def test_child_needs_a_parents_or_guardians_consent(office):
    own = Consent("persetujuan", given_by=b.CHILD, giver_relation="diri_sendiri", scope=("rujukan",),
                  given_at=dt.datetime(2026, 11, 20, 9, 0))
    _set_consents(office, office.child_case, (own,))
    with pytest.raises(ValidationError, match="orang tua atau wali"):
        _approve_fresh(office, office.child_case, RUMAH_AMAN)
    wrong_scope = Consent("persetujuan", given_by=b.MOTHER, giver_relation="orang_tua", scope=("pencatatan",),
                          given_at=dt.datetime(2026, 11, 20, 9, 0))
    _set_consents(office, office.child_case, (own, wrong_scope))
    with pytest.raises(ValidationError, match="orang tua atau wali"):
        _approve_fresh(office, office.child_case, RUMAH_AMAN)
    guardian = Consent("persetujuan", given_by="Wali Contoh", giver_relation="wali", scope=("rujukan",),
                       given_at=dt.datetime(2026, 11, 20, 9, 0))
    _set_consents(office, office.child_case, (own, guardian))
    assert _approve_fresh(office, office.child_case, RUMAH_AMAN).number


def test_typing_a_name_back_into_the_chronology_warns(office):
    with unlock(office.data_dir, "petugas1", OFFICER_PASSWORD) as s:
        draft = b.draft_for(s, office, RUMAH_AMAN)
        assert referrals.disclosure_warnings(s, office.child_case, draft) == []
        typed = dataclasses.replace(draft, chronology=draft.chronology + " Pelaku, Pak Baharudin, tinggal di Ladumpi.")
        assert referrals.disclosure_warnings(s, office.child_case, typed) == ["Baharudin", "Ladumpi"]


@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
                    reason="needs zbar-tools and poppler-utils (packaging/dev/test.sh installs them)")
def test_qr_code_decodes_to_the_verification_code(office, tmp_path):
    letter, pdf = b.approved_pdf(office, RSUD)
    (tmp_path / "surat.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(tmp_path / "surat.pdf"),
                    str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(page)], capture_output=True, text=True)
    assert out.stdout.split() == [letter.display_code]
    assert _has(_page_text(pdf, 0), "Konfirmasi keaslian surat ini melalui telepon ke UPTD PPA Kabupaten Bombana, "
                                    "0401-000000")


@pytest.mark.parametrize("kind", [RSUD, POLRES, RUMAH_AMAN])
def test_on_a4_signed_for_the_head_the_cover_is_still_one_page(office, kind):
    with unlock(office.data_dir, "admin", ADMIN_PASSWORD) as s:
        letterhead.update(s, paper="A4")
    _letter, pdf = b.approved_pdf(office, kind, approver="sekretaris")
    cover = _page_text(pdf, 0)
    assert float(reader(pdf).pages[0].mediabox.height) == pytest.approx(841.9, abs=0.1)
    assert _has(cover, "a.n. Kepala UPTD PPA Kabupaten Bombana") and "Tembusan:" in cover
    assert _page_text(pdf, 1).startswith("RAHASIALAMPIRAN") or _has(_page_text(pdf, 1), "LAMPIRAN — RAHASIA")


def test_a_longer_request_is_set_in_single_spacing_to_stay_on_one_page(office):
    with unlock(office.data_dir, "admin", ADMIN_PASSWORD) as s:
        letterhead.update(s, paper="A4")
    with unlock(office.data_dir, "petugas1", OFFICER_PASSWORD) as s:
        draft = dataclasses.replace(
            b.draft_for(s, office, RSUD),
            purpose=" ".join(["Pemeriksaan kesehatan menyeluruh dan penanganan medis lanjutan bagi korban anak."] * 3),
            services_requested=tuple(f"Layanan kesehatan contoh nomor {i};" for i in range(1, 6)))
        letter = referrals.create_letter(s, office.child_case, draft)
    with unlock(office.data_dir, "sekretaris", OFFICER_PASSWORD) as s:
        pdf = referrals.render_letter(s, referrals.approve_letter(s, letter.id).id)
    cover = _page_text(pdf, 0)
    assert "Tembusan:" in cover and "Layanankesehatancontohnomor5" in cover and "LAMPIRAN" not in cover
