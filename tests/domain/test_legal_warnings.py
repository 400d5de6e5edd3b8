"""Warnings the law gives reason for: mediation in sexual violence (TPKS Pasal 23), a child's consent (PDP Pasal 25)."""

from __future__ import annotations

import datetime as dt

from caseapp.domain.case import Case, Consent, Incident, InterventionItem, Person, Relation, ServiceRecord
from caseapp.domain.legal_warnings import legal_warnings, may_be_complaint_offence


def make_case(types=("perkosaan",), perpetrator_birth=dt.date(1985, 1, 1), victim_birth=dt.date(2012, 3, 4),
              **kw) -> Case:
    return Case(intake_date=dt.date(2024, 5, 6), channel="datang_langsung",
                incidents=(Incident(date=dt.date(2024, 5, 2), violence_types=types),),
                persons=(Person(role="korban", name="Korban", birth_date=victim_birth),
                         Person(role="pelaku", name="Pelaku", birth_date=perpetrator_birth)), **kw)


MEDIATION_PLANNED = {"interventions": (InterventionItem(service="mediasi"),)}


def test_mediation_in_a_sexual_violence_case_is_flagged():
    (warning,) = legal_warnings(make_case(**MEDIATION_PLANNED))
    assert warning[0] == "interventions[0].service" and "Pasal 23" in warning[1]
    given = make_case(services=(ServiceRecord(service="mediasi", date=dt.date(2024, 5, 8)),))
    assert [w[0] for w in legal_warnings(given)] == ["services[0].service"]


def test_mediation_is_not_flagged_for_a_child_perpetrator_or_without_sexual_violence():
    assert legal_warnings(make_case(perpetrator_birth=dt.date(2008, 1, 1), **MEDIATION_PLANNED)) == []
    assert legal_warnings(make_case(types=("fisik",), **MEDIATION_PLANNED)) == []
    cancelled = {"interventions": (InterventionItem(service="mediasi", status="batal"),)}
    assert legal_warnings(make_case(**cancelled)) == []


def test_a_childs_consent_comes_from_a_parent_or_guardian():
    at = dt.datetime(2024, 5, 6, 10, 0)

    def consent(giver):
        return Consent(basis="persetujuan", given_by="X", giver_relation=giver, scope=("pencatatan",), given_at=at)

    flagged = make_case(types=("fisik",), consents=(consent("orang_tua"), consent("pendamping")))
    assert [w[0] for w in legal_warnings(flagged)] == ["consents[1].giver_relation"]
    assert "Pasal 25" in legal_warnings(flagged)[0][1]
    adult = make_case(types=("fisik",), victim_birth=dt.date(1990, 1, 1), consents=(consent("pendamping"),))
    assert legal_warnings(adult) == []


def test_violence_by_a_spouse_may_be_a_complaint_offence():
    victim, husband = Person(role="korban", name="Istri"), Person(role="pelaku", name="Suami")

    def case(types, relationship):
        return Case(intake_date=dt.date(2024, 5, 6), channel="datang_langsung", persons=(victim, husband),
                    relations=(Relation(husband.uuid, victim.uuid, relationship),),
                    incidents=(Incident(date=None, violence_types=types, place="rumah_tangga"),))

    assert may_be_complaint_offence(case(("fisik", "psikis"), "suami"))
    assert may_be_complaint_offence(case(("seksual", "kekerasan_seksual_rumah_tangga"), "suami_istri"))
    assert not may_be_complaint_offence(case(("fisik",), "mantan_suami_istri"))
    assert not may_be_complaint_offence(case(("fisik",), "ayah_kandung"))
    assert not may_be_complaint_offence(case(("fisik", "penelantaran"), "suami"))
