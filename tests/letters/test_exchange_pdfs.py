"""The surat pengantar of a bundle and the printed office card: one page each, the right facts, no case data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pytest

from caseapp.letters.handover_note import HandoverNote, grouped, render_handover_note
from caseapp.letters.office_card_pdf import OfficeCardPage, render_office_card
from tests.letters.pdfutil import decoded_streams, flat, fonts, reader
from tests.letters.sample import letterhead

BUNDLE_HASH = hashlib.sha256(b"contoh paket").hexdigest()
CARD_FP = hashlib.sha256(b"contoh kartu").hexdigest()
WORDS = ("perak", "langit", "terong", "tebu", "sarung", "harimau", "beruang", "zebra")


def _note(**changes) -> HandoverNote:
    note = HandoverNote(
        letterhead=letterhead(), sender_code="74.06", sender_name="UPTD PPA Kabupaten Bombana", recipient_code="74",
        recipient_name="UPTD PPA Provinsi Sulawesi Tenggara", file_name="bombana-ke-provinsi-007.casebundle",
        file_size=5_432_100, sequence=7, case_count=42, attachment_count=None, scope="full", transfer=False,
        bundle_hash=BUNDLE_HASH, sender_key_id="C2B7868EE91339E1", sender_fingerprint=CARD_FP,
        sender_fingerprint_words=WORDS, created_at=dt.datetime(2024, 1, 22, 9, 30), date=dt.date(2024, 1, 22),
    )
    return dataclasses.replace(note, **changes)


def _card(**changes) -> OfficeCardPage:
    page = OfficeCardPage(
        letterhead=letterhead(), code="74.06", name="UPTD PPA Kabupaten Bombana", level_label="Kabupaten/Kota",
        key_id="C2B7868EE91339E1", fingerprint=CARD_FP, fingerprint_words=WORDS,
        minisign_public_key="RWThORPpjoa3wmjixnVa+yPz7xeIEQIqAFoZK6vVzA5A3FkbesDJEwqS",
        age_recipient="age1kef0dgj9q9cdd5tf0jv29hjzdqnlsnkav2htdawxmsleqrd9cyhqcpq4lz",
        issued_at="2024-01-22T09:30:00Z", printed_on=dt.date(2024, 1, 22),
    )
    return dataclasses.replace(page, **changes)


@pytest.mark.parametrize("paper", ["A4", "F4"])
def test_handover_note_one_page_with_the_facts(paper):
    pdf = render_handover_note(_note(), paper=paper)
    assert len(reader(pdf).pages) == 1
    f = flat(pdf)
    for phrase in ("SURAT PENGANTAR PAKET DATA KASUS", "UPTD PPA Provinsi Sulawesi Tenggara (74)",
                   "bombana-ke-provinsi-007.casebundle", "5,2 MB", "7 (dari 74.06 ke 74)", "42 kasus", "Data lengkap",
                   "C2B7868EE91339E1", "TANDA TERIMA", "Diterima oleh (nama/jabatan)", "Tanda tangan dan cap",
                   "potong di sini", "22 Januari 2024", " ".join(WORDS)):
        assert "".join(phrase.split()) in f, phrase
    for line in grouped(BUNDLE_HASH) + grouped(CARD_FP):
        assert "".join(line.split()) in f  # both SHA-256 fingerprints whole, in groups of four
    assert grouped(BUNDLE_HASH)[0].startswith(BUNDLE_HASH[:4].upper() + " ")


def test_handover_note_scope_and_transfer_wording():
    assert "Datatanpaidentitas" in flat(render_handover_note(_note(scope="deidentified")))
    assert "pelimpahankasus" in flat(render_handover_note(_note(transfer=True)))


def test_office_card_one_page_with_fingerprint_in_groups_and_words():
    pdf = render_office_card(_card())
    assert len(reader(pdf).pages) == 1
    f = flat(pdf)
    for phrase in ("KARTU KANTOR", "74.06", "UPTD PPA Kabupaten Bombana", "Kabupaten/Kota", "C2B7868EE91339E1",
                   "Cara mengonfirmasi lewat telepon", "nomor resmi", "--fingerprint", "Dikonfirmasi dengan kantor",
                   "RWThORPpjoa3wmjixnVa+yPz7xeIEQIqAFoZK6vVzA5A3FkbesDJEwqS", *WORDS):
        assert "".join(phrase.split()) in f, phrase
    fp = CARD_FP.upper()
    for i in range(0, 64, 16):
        assert fp[i:i + 16] in f  # four groups of four per line
    assert "Menggantikankunci" not in f
    assert "Menggantikankunci" in flat(render_office_card(_card(previous_key_id="08F82FADA21907AD")))


def test_fonts_embedded_liberation_and_output_deterministic():
    for render in (lambda: render_handover_note(_note()), lambda: render_office_card(_card())):
        pdf = render()
        used = fonts(pdf)
        assert used and all(embedded and "Liberation" in name for name, embedded in used), used
        assert render() == pdf


def test_note_from_the_service_holds_no_case_data_and_is_audited(tmp_path):
    from caseapp.services import cases, exchange, exchange_documents, offices
    from tests.helpers import make_office
    from tests.services.test_exchange import _case

    _d1, d = make_office(tmp_path / "d", code="74.06", name="UPTD PPA Kabupaten Bombana")
    _d2, p = make_office(tmp_path / "p", code="74", name="UPTD PPA Provinsi Sulawesi Tenggara")
    district, province = d.session, p.session
    try:
        for a, b in ((district, province), (province, district)):
            card = offices.own_card(b)
            offices.trust_card(a, card, card.fingerprint())
        case = cases.create_case(district, _case("Kartini Unikwati", nik="7406014403120001", phone="081299998888"))
        result = exchange.export_bundle(district, "74", tmp_path / "b.casebundle")
        pdf = exchange_documents.handover_note_pdf(district, result.path)
        everything = decoded_streams(pdf) + pdf
        for secret in ("Kartini", "Unikwati", "7406014403120001", "081299998888", case.case_number, case.uuid):
            assert secret.encode() not in everything, secret
            assert secret.encode("utf-16-be") not in everything, secret
        f = flat(pdf)
        assert "b.casebundle" in f and "1kasus" in f and grouped(result.bundle_hash)[0].replace(" ", "") in f
        actions = [r[0] for r in district.db.conn.execute("SELECT action FROM audit_log ORDER BY seq")]
        assert "handover_note_printed" in actions
        card_pdf = exchange_documents.office_card_pdf(province)
        assert offices.own_card(province).fingerprint()[:16].upper() in flat(card_pdf)
        assert "office_card_printed" in [r[0] for r in province.db.conn.execute("SELECT action FROM audit_log")]
        # A bundle this office did not write gets no note.
        from caseapp.domain.errors import CaseappError

        with pytest.raises(CaseappError):
            exchange_documents.handover_note_pdf(province, result.path)
    finally:
        district.close()
        province.close()
