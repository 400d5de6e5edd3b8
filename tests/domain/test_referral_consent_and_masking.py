"""Rules of issue 11 as tables: consent before a referral, and masking names and villages in letter text."""

from __future__ import annotations

import datetime as dt

import pytest

from caseapp.domain import letter_masking
from caseapp.domain.case import Case, Consent, Guardian, Incident, Person
from caseapp.domain.referral_consent import consent_problem, is_child

ON = dt.date(2026, 12, 3)
AT = dt.datetime(2026, 12, 1, 9, 0)


def _case(birth: dt.date | None, *consents: Consent) -> Case:
    return Case(intake_date=dt.date(2026, 12, 1), channel="datang_langsung",
                persons=(Person("korban", "Contoh Korban", birth_date=birth),), consents=consents)


def _c(giver: str | None, scope=("rujukan",), basis="persetujuan", withdrawn=False) -> Consent:
    return Consent(basis, given_by="Contoh", giver_relation=giver, scope=scope, given_at=AT,
                   withdrawn_at=AT if withdrawn else None)


CHILD, ADULT = dt.date(2012, 5, 20), dt.date(1994, 2, 2)


@pytest.mark.parametrize("birth, consents, allowed", [
    (ADULT, (), False),
    (ADULT, (_c("diri_sendiri"),), True),
    (ADULT, (_c("diri_sendiri", scope=("pencatatan",)),), False),
    (ADULT, (_c("diri_sendiri", withdrawn=True),), False),
    (ADULT, (_c(None, basis="kewajiban_hukum"),), False),
    (CHILD, (_c("diri_sendiri"),), False),
    (CHILD, (_c("orang_tua"),), True),
    (CHILD, (_c("wali"),), True),
    (CHILD, (_c("pendamping"),), False),
    (None, (_c("diri_sendiri"),), True),  # age unknown: treated as an adult's own consent
])
def test_consent_before_referral(birth, consents, allowed):
    case = _case(birth, *consents)
    problem = consent_problem(case, case.victims[0].uuid, ON)
    assert (problem is None) is allowed
    if not allowed:
        assert "Berbagi data untuk rujukan layanan" in problem
        assert ("orang tua atau wali" in problem) == (birth == CHILD)


def test_child_is_under_18_on_the_day():
    assert is_child(Person("korban", "A", birth_date=dt.date(2008, 12, 4)), ON)
    assert not is_child(Person("korban", "A", birth_date=dt.date(2008, 12, 3)), ON)


def test_case_terms_mask_every_name_guardian_and_village():
    case = Case(intake_date=ON, channel="datang_langsung", persons=(
        Person("korban", "Wulan Sekar", region_code="74.06.03.2008", guardian=Guardian("Hasnah Contohwati", "ibu")),
        Person("pelaku", "Baharudin Contohlaki", alias="Pak Bahar"), Person("pelapor", "Sitti Pelapora")),
        incidents=(Incident(ON, ("seksual",), region_code="74.06.03.2011"),))
    terms = letter_masking.case_terms(case)
    text = ("Wulan dibawa Baharudin (Pak Bahar) ke Desa Lakomea; ibunya Hasnah tahu dari Sitti Pelapora, "
            "lalu pulang ke Ladumpi.")
    masked = letter_masking.mask(text, terms)
    assert masked == ("[korban] dibawa [terlapor] ([terlapor]) ke [desa]; ibunya [orang tua/wali] tahu dari "
                      "[pelapor], lalu pulang ke [desa].")
    assert letter_masking.find_names(masked, terms) == []
    assert letter_masking.find_names("Ibu Hasnah datang dari Ladumpi.", terms) == ["Hasnah", "Ladumpi"]
