"""Letterhead and numbering settings: checked input, nothing stored when refused; placeholders; the Yth. line."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from caseapp.domain.errors import PermissionDenied, ValidationError
from caseapp.domain.referral import LetterNumberPattern, addressee_line, has_placeholder
from caseapp.services import letterhead
from tests.helpers import OFFICER_PASSWORD, add_officer, make_office, unlock


def _image(fmt: str, size=(200, 240)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, fmt)
    return buf.getvalue()


@pytest.fixture
def admin(tmp_path):
    data_dir, result = make_office(tmp_path / "o")
    with result.session as s:
        add_officer(s)
        yield s


def test_png_and_jpeg_logos_are_kept_others_refused(admin):
    for fmt in ("PNG", "JPEG"):
        assert letterhead.update(admin, logo=_image(fmt)).logo == _image(fmt)
    kept = letterhead.settings(admin).logo
    for bad in (_image("GIF"), _image("PNG", (20, 20)), _image("PNG", (2000, 100)), b"garbage" * 10):
        with pytest.raises(ValidationError):
            letterhead.update(admin, logo=bad, city="Kendari")
    assert letterhead.settings(admin).logo == kept and letterhead.settings(admin).city == ""


def test_bad_fields_change_nothing(admin):
    letterhead.update(admin, city="Rumbia", paper="F4")
    for change in ({"paper": "Letter"}, {"postal_code": "7377"}, {"agency": "X" * 201}, {"email": "tanpa-at"}):
        with pytest.raises(ValidationError):
            letterhead.update(admin, city="Kendari", **change)
    s = letterhead.settings(admin)
    assert (s.city, s.paper) == ("Rumbia", "F4")


def test_only_an_administrator_changes_the_kop(tmp_path):
    data_dir, result = make_office(tmp_path / "o")
    with result.session as s:
        add_officer(s)
    with unlock(data_dir, "petugas1", OFFICER_PASSWORD) as officer:
        with pytest.raises(PermissionDenied):
            letterhead.update(officer, city="Kendari")
        with pytest.raises(PermissionDenied):
            letterhead.set_classification_code(officer, "400.2.4")


def test_numbering_settings_refuse_placeholders(admin):
    for code in ("400.2.x", "x", "400..2", "abc"):
        with pytest.raises(ValidationError):
            letterhead.set_classification_code(admin, code)
    with pytest.raises(ValidationError):
        letterhead.set_number_pattern(admin, "400.2.x/{seq:03}/{year}")
    assert letterhead.set_number_pattern(admin, "{kode}/{seq:04}/DP2KBP3A/{year}").needs_code
    letterhead.set_classification_code(admin, "400.2.4")
    letterhead.set_classification_code(admin, "400.2.3", "unit_ppa_polres")
    assert letterhead.classification_code(admin, "unit_ppa_polres") == "400.2.3"
    assert letterhead.classification_code(admin, "rsud_puskesmas") == "400.2.4"
    assert "x" not in LetterNumberPattern().pattern.lower().replace("{", "").split("/")[0]


@pytest.mark.parametrize("number, placeholder", [
    ("400.2.x/001/UPTD-PPA/XII/2026", True), ("xxx/001/2026", True), ("400.2.4/.../2026", True),
    ("400.2.4/001/UPTD-PPA/X/2026", False), ("400.2.4/001/UPTD-PPA/XII/2026", False), ("B/12/XI/2026", False)])
def test_placeholder_detection(number, placeholder):
    assert has_placeholder(number) is placeholder


@pytest.mark.parametrize("position, institution, expected", [
    ("Direktur", "RSUD Kabupaten Bombana", "Direktur RSUD Kabupaten Bombana"),
    ("Kepala Dinas Sosial Kabupaten Bombana", "Rumah Aman Dinas Sosial Kabupaten Bombana",
     "Kepala Dinas Sosial Kabupaten Bombana c.q. Rumah Aman"),
    ("Kepala Unit PPA Satreskrim Polres Bombana", "Polres Bombana", "Kepala Unit PPA Satreskrim Polres Bombana"),
    ("", "LBH Contoh", "LBH Contoh"),
])
def test_yth_line_never_repeats_the_institution(position, institution, expected):
    assert addressee_line(position, institution) == expected


def test_default_government_line_names_a_province_as_provinsi(tmp_path):
    """The region list names a province without the word ("Sulawesi Tenggara"); the kop says PROVINSI."""
    from caseapp.services import letterhead

    _dd, province = make_office(tmp_path / "prov", code="74", name="UPTD PPA Provinsi Sulawesi Tenggara")
    _dd, district = make_office(tmp_path / "kab")
    with province.session as p, district.session as d:
        assert letterhead.default_government(p) == "PEMERINTAH PROVINSI SULAWESI TENGGARA"
        assert letterhead.default_government(d) == "PEMERINTAH KABUPATEN BOMBANA"
