import datetime as dt

import pytest

from caseapp.domain.errors import ValidationError
from caseapp.domain.referral import (
    DEFAULT_NUMBER_PATTERN, AddressLevel, BirthLevel, DestinationType, Disclosure, LetterNumberPattern,
    LetterStatus, NameLevel, ReferralLetterContent, disclosed_victim_fields, initials, to_roman,
)
from tests.letters import sample

ON = dt.date(2024, 1, 22)


def test_roman_months():
    assert to_roman(1) == "I"
    assert to_roman(4) == "IV"
    assert to_roman(9) == "IX"
    assert to_roman(12) == "XII"
    for bad in (0, 13, -1):
        with pytest.raises(ValueError):
            to_roman(bad)


def test_default_pattern_formats_like_the_example():
    pattern = LetterNumberPattern()
    assert pattern.pattern == DEFAULT_NUMBER_PATTERN
    assert pattern.needs_code  # the office's kode klasifikasi arsip, never a placeholder (issue 11)
    assert pattern.format(15, dt.date(2024, 1, 5), kode="400.2.4") == "400.2.4/015/UPTD-PPA/I/2024"
    assert pattern.format(7, dt.date(2024, 12, 31), kode="400.2.4") == "400.2.4/007/UPTD-PPA/XII/2024"
    assert pattern.format(1234, dt.date(2025, 6, 1), kode="400.2.4") == "400.2.4/1234/UPTD-PPA/VI/2025"


def test_pattern_with_office_and_month():
    p = LetterNumberPattern("{office}/{seq}/{month:02}/{year}")
    assert p.format(3, dt.date(2024, 2, 1), office="74.06") == "74.06/3/02/2024"


@pytest.mark.parametrize("bad", ["400/UPTD/{year}", "{seq}/{unknown}", "{seq", "{seq:xyz}", "{}/{seq}", "{0}",
                                 "400.2.x/{seq}/{year}"])
def test_pattern_validation(bad):
    with pytest.raises(ValidationError) as err:
        LetterNumberPattern(bad)
    assert err.value.field == "pattern"


def test_sequence_starts_at_one():
    with pytest.raises(ValueError):
        LetterNumberPattern().format(0, ON)


def test_every_destination_type_has_label_and_disclosure():
    assert len(DestinationType) == 9
    for kind in DestinationType:
        assert kind.label
        assert isinstance(kind.default_disclosure, Disclosure)


def test_minimum_necessary_defaults():
    hospital = DestinationType.RSUD_PUSKESMAS.default_disclosure
    assert hospital.name is NameLevel.FULL and hospital.birth is BirthLevel.DATE
    for kind in (DestinationType.SEKOLAH, DestinationType.LAINNYA):
        rule = kind.default_disclosure
        assert rule.name is NameLevel.INITIALS
        assert rule.address is AddressLevel.NONE and not rule.nik
    assert not DestinationType.DINSOS_RUMAH_AMAN.default_disclosure.address in (AddressLevel.FULL, AddressLevel.DESA)
    assert DestinationType.DISDUKCAPIL.default_disclosure.nik


def test_initials():
    assert initials("Siti Nur Aisyah binti Ahmad") == "S.N.A.A."
    assert initials("wulandari") == "W."
    assert initials("") == "-"


def test_disclosure_for_hospital_keeps_name_and_birth_date():
    v = disclosed_victim_fields(sample.VICTIM, DestinationType.RSUD_PUSKESMAS, on=ON)
    assert v.name == sample.VICTIM_FULL_NAME and not v.name_is_initials
    assert v.birth_date == dt.date(2010, 3, 14) and v.age_years == 13
    assert v.address == "Desa Contoh, Kecamatan Fiktif, Kabupaten Bombana"
    assert v.nik == sample.VICTIM["nik"]


def test_disclosure_for_school_is_initials_and_age_only():
    v = disclosed_victim_fields(sample.VICTIM, "sekolah", on=ON)
    assert v.name == "W.S.F." and v.name_is_initials
    assert v.birth_date is None and v.age_years == 13
    assert v.address == "" and v.nik == ""


def test_overrides_and_attribute_objects():
    class Person:
        full_name = "Ani Contoh"
        birth_date = dt.date(2000, 1, 23)
        birth_date_estimated = True
        nik = "7406056301000001"
        regency_name = "Kabupaten Bombana"
        province_name = "Sulawesi Tenggara"

    v = disclosed_victim_fields(Person(), DestinationType.LAINNYA, {"name": "full", "address": "kabupaten"}, on=ON)
    assert v.name == "Ani Contoh" and v.age_years == 23 and v.birth_estimated
    assert v.address == "Kabupaten Bombana, Sulawesi Tenggara" and v.nik == ""
    none = disclosed_victim_fields(Person(), DestinationType.LAINNYA, Disclosure(birth=BirthLevel.NONE), on=ON)
    assert none.age_years is None and none.name == "A.C."
    with pytest.raises(ValidationError):
        disclosed_victim_fields(Person(), DestinationType.LAINNYA, {"colour": "red"})
    with pytest.raises(ValidationError):
        disclosed_victim_fields(Person(), DestinationType.LAINNYA, {"name": "nickname"})


def test_letter_content_rules():
    assert sample.letter().status is LetterStatus.DISETUJUI
    assert sample.draft().status is LetterStatus.DRAF
    with pytest.raises(ValidationError):
        sample.letter(number=None)
    with pytest.raises(ValidationError):
        sample.letter(paper="Letter")
    assert isinstance(sample.letter(paper="F4"), ReferralLetterContent)
