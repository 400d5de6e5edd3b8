import dataclasses
import datetime as dt
import re
import zlib

import pytest

from caseapp.domain.referral import DestinationType, disclosed_victim_fields
from caseapp.letters.referral_pdf import render_referral_letter
from tests.letters import sample
from tests.letters.pdfutil import decoded_streams, flat, fonts, reader, text

MM = 72 / 25.4


@pytest.fixture(scope="module")
def approved() -> bytes:
    return render_referral_letter(sample.letter())


@pytest.fixture(scope="module")
def draft() -> bytes:
    return render_referral_letter(sample.draft())


def _has(pdf_flat: str, phrase: str) -> bool:
    return "".join(phrase.split()) in pdf_flat


def test_returns_pdf_bytes(approved):
    assert isinstance(approved, bytes) and approved.startswith(b"%PDF-")


def test_header_block(approved):
    t, f = text(approved), flat(approved)
    assert "400.2.4/015/UPTD-PPA/I/2024" in t
    assert "Rahasia" in t and "RAHASIA" in t
    assert _has(f, "Rujukan Layanan Korban")
    assert _has(f, "Rumbia, 22 Januari 2024")
    assert _has(f, "1 (satu) berkas")
    assert _has(f, "PEMERINTAH KABUPATEN BOMBANA") and _has(f, "UPTD PERLINDUNGAN PEREMPUAN DAN ANAK")


def test_addressee_line(approved):
    t = text(approved)
    assert re.search(r"Yth\.\s+Direktur RSUD Kabupaten Bombana \(contoh\)", t)
    assert re.search(r"^di\s*$", t, re.M)


def test_body_signature_tembusan_and_receipt(approved):
    f = flat(approved)
    for phrase in ("Identitas korban", "Pemeriksaan fisik dan visum et repertum", "Kronologi singkat",
                   "Korban didampingi ibunya melapor", "Layanan yang telah diberikan",
                   "Pendampingan psikologis awal oleh konselor", "Kondisi korban saat ini",
                   "Cemas dan sulit tidur", "Nur Contoh, S.Psi., telepon 0800-0000-0000",
                   "Formulir persetujuan (informed consent)", "Demikian surat rujukan ini kami sampaikan",
                   "Kepala UPTD PPA Kabupaten Bombana,", "Contoh Pejabat, S.Sos., M.Si.",
                   "NIP. 19800101 200501 2 001", "Tembusan:", "Kepala Dinas P3A Kabupaten Bombana (sebagai laporan);",
                   "Arsip.", "TANDA TERIMA", "Diterima oleh (nama/jabatan)", "Tanda tangan dan cap",
                   "Kode verifikasi: K7QF-2M9X", "Halaman 1 dari 2"):
        assert _has(f, phrase), phrase


def test_hospital_letter_carries_the_full_name(approved):
    f = flat(approved)
    assert _has(f, sample.VICTIM_FULL_NAME) and _has(f, "14 Maret 2010 (13 tahun)")
    assert "7406055403100001" in f


def test_draft_has_watermark_and_no_number(draft):
    f = flat(draft)
    assert "DRAF" in text(draft)
    assert _has(f, "Nomor : (belum bernomor)") or _has(f, "(belum bernomor)")
    assert "400.2.4" not in f
    # the watermark is drawn on every page
    for page in reader(draft).pages:
        assert "DRAF" in page.extract_text()


def test_approved_letter_has_no_watermark(approved):
    assert "DRAF" not in text(approved)


@pytest.mark.parametrize("destination", [DestinationType.SEKOLAH, DestinationType.LAINNYA])
def test_initials_only_destination_never_contains_the_full_name(destination):
    content = sample.letter(destination, victim=disclosed_victim_fields(sample.VICTIM, destination,
                                                                         on=sample.LETTER_DATE))
    pdf = render_referral_letter(content)
    f = flat(pdf)
    assert "W.S.F." in f and "Inisial" in f
    streams = decoded_streams(pdf)
    for word in sample.VICTIM_FULL_NAME.split():
        assert word not in f
        for blob in (pdf, streams):
            assert word.encode() not in blob
            assert word.encode("utf-16-be") not in blob
    assert b"7406055403100001" not in pdf and "7406055403100001" not in f
    assert "14 Maret 2010" not in text(pdf) and "Desa Contoh" not in f


def test_metadata_holds_no_personal_data(approved):
    meta = reader(approved).metadata
    assert meta.title == "Surat Rujukan"
    joined = " ".join(str(v) for v in meta.values())
    assert "Wulandari" not in joined and "7406" not in joined


@pytest.mark.parametrize("paper, width_mm, height_mm", [("A4", 210, 297), ("F4", 215, 330)])
def test_page_sizes(paper, width_mm, height_mm):
    pdf = render_referral_letter(sample.letter(paper=paper))
    for page in reader(pdf).pages:
        assert float(page.mediabox.width) == pytest.approx(width_mm * MM, abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(height_mm * MM, abs=0.1)


def test_f4_is_609_by_935_points():
    page = reader(render_referral_letter(sample.draft(paper="F4"))).pages[0]
    assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (609.4, 935.4)


def test_fonts_are_embedded_liberation_only(approved):
    used = fonts(approved)
    assert used, "no fonts found"
    assert all(embedded for _name, embedded in used), used
    assert all("Liberation" in name for name, _e in used), used
    assert any(name.endswith("LiberationSans") for name, _e in used)


def test_output_is_deterministic():
    assert render_referral_letter(sample.letter()) == render_referral_letter(sample.letter())


def test_letter_without_logo_optional_parts_and_markup_characters():
    content = sample.letter(
        letterhead=sample.letterhead(logo=False), tembusan=(), attachments=(), services_given=(),
        chronology="", condition_physical="", condition_psychological="", condition_family="", contact_name="",
        verification_code="", purpose="Layanan <psikologis> & konseling", lampiran="-")
    f = flat(render_referral_letter(content))
    assert _has(f, "Layanan <psikologis> & konseling")
    assert "Tembusan" not in f and "Kronologi" not in f and "Kodeverifikasi" not in f


def test_single_page_letter_has_no_page_numbers():
    content = sample.letter(
        services_given=(), attachments=(), tembusan=(), chronology="", condition_family="",
        condition_psychological="", services_requested=(), letterhead=sample.letterhead(logo=False))
    pdf = render_referral_letter(content)
    if len(reader(pdf).pages) == 1:
        assert "Halaman" not in text(pdf)


def test_long_letter_spans_pages_with_numbers():
    pdf = render_referral_letter(sample.letter(chronology="Kronologi contoh yang panjang. " * 200))
    pages = len(reader(pdf).pages)
    assert pages >= 3
    assert _has(flat(pdf), f"Halaman {pages} dari {pages}")


def test_english_letter_renders():
    from caseapp import i18n

    i18n.set_language("en")
    try:
        f = flat(render_referral_letter(sample.letter()))
    finally:
        i18n.set_language("id")
    assert "CONFIDENTIAL" in f and "22January2024" in f and "Copiesto:" in f


def test_english_catalogue_has_every_letter_string():
    import json
    import pathlib

    from caseapp.resources import resource_path

    catalogue = {}
    for part in sorted(resource_path("i18n", "en").glob("*.json")):  # the merged catalogue, as i18n loads it
        catalogue.update(json.loads(part.read_text(encoding="utf-8")))
    src = pathlib.Path(__file__).resolve().parents[2] / "src" / "caseapp"
    found = set()
    for path in [*(src / "letters").glob("*.py"), src / "domain" / "referral.py"]:
        for m in re.finditer(r'_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)', path.read_text(encoding="utf-8")):
            found.add("".join(eval(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', m.group(1))))  # noqa: S307
    from caseapp.domain import referral

    found |= set(referral._LABELS.values()) | {"Perempuan", "Laki-laki"}
    missing = sorted(found - set(catalogue))
    assert not missing, missing


def test_text_longer_than_a_page_in_a_label_row_is_split_not_lost():
    words = " ".join(f"kata{i}" for i in range(1500))
    pdf = render_referral_letter(sample.letter(condition_family=words))
    t = text(pdf)
    assert all(f"kata{i}" in t for i in range(1500))
    pages = len(reader(pdf).pages)
    assert pages >= 4 and _has(flat(pdf), f"Halaman {pages} dari {pages}")


@pytest.mark.parametrize("mode", ["RGBA", "P", "L", "RGB"])
def test_logo_any_png_mode_is_embedded_once_per_process(mode):
    import io

    from PIL import Image

    img = Image.new("RGBA", (40, 50), (0, 0, 0, 0))
    img.paste((200, 0, 0, 255), (10, 10, 30, 40))
    if mode != "RGBA":
        img = img.convert(mode)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    head = dataclasses.replace(sample.letterhead(), logo_png=buf.getvalue())
    first = render_referral_letter(sample.letter(letterhead=head))
    assert render_referral_letter(sample.letter(letterhead=head)) == first  # the cached image object
    page = reader(first).pages[0]
    images = list(page.images)
    assert len(images) == 1 and images[0].image.size == (40, 50)
    assert "/SMask" not in images[0].indirect_reference.get_object()  # transparency flattened onto white
    corner = images[0].image.convert("RGB").getpixel((0, 0))
    assert corner == (255, 255, 255) or mode in ("L", "RGB")  # a transparent corner prints as paper
