"""Children in conflict with the law (UU 11/2012 SPPA): child perpetrators are flagged and get diversion clocks."""

from __future__ import annotations

import datetime as dt

from caseapp.domain.case import Case, Incident, Person
from caseapp.domain.juvenile_justice import child_perpetrators, diversion_clocks, is_abh_case

WITA = dt.timezone(dt.timedelta(hours=8))


def make_case(perpetrator_birth: dt.date | None, *, reported: dt.datetime | None = None) -> Case:
    return Case(intake_date=dt.date(2024, 5, 6), channel="datang_langsung", police_reported_at=reported,
                incidents=(Incident(date=dt.date(2024, 5, 2), violence_types=("pencabulan_anak",)),),
                persons=(Person(role="korban", name="Korban", birth_date=dt.date(2015, 1, 1)),
                         Person(role="pelaku", name="Pelaku", uuid="p-1", birth_date=perpetrator_birth)))


def test_perpetrator_aged_16_at_the_incident_is_abh_with_diversion_clocks():
    reported = dt.datetime(2024, 5, 7, 10, 0, tzinfo=WITA)
    case = make_case(dt.date(2007, 12, 1), reported=reported)  # 16 on 2 May 2024, 17 a few months later
    (child,) = child_perpetrators(case)
    assert (child.person_uuid, child.age, child.abh) == ("p-1", 16, True)
    assert is_abh_case(case)
    (clock,) = diversion_clocks(case)
    assert clock.counted_from == reported
    assert clock.seek_by == dt.datetime(2024, 5, 14, 10, 0, tzinfo=WITA)     # 7 days (Pasal 29 ayat 1)
    assert clock.conclude_by == dt.datetime(2024, 6, 13, 10, 0, tzinfo=WITA)  # then at most 30 days (ayat 2)


def test_without_a_police_report_the_clock_shows_the_rule_only():
    (clock,) = diversion_clocks(make_case(dt.date(2007, 12, 1)))
    assert clock.age == 16 and clock.seek_by is None and clock.conclude_by is None


def test_age_counts_at_the_incident_not_at_intake():
    # 18th birthday between the incident (2 May) and the intake (6 May): still a child at the incident
    case = make_case(dt.date(2006, 5, 4))
    assert [c.age for c in child_perpetrators(case)] == [17] and is_abh_case(case)


def test_adults_under_twelves_and_unknown_ages_are_not_abh():
    assert not is_abh_case(make_case(dt.date(2000, 1, 1)))
    assert child_perpetrators(make_case(None)) == []
    (young,) = child_perpetrators(make_case(dt.date(2013, 1, 1)))  # 11: SPPA Pasal 21, no diversion clock
    assert young.age == 11 and not young.abh
    assert diversion_clocks(make_case(dt.date(2013, 1, 1), reported=dt.datetime(2024, 5, 7, 10, 0))) == []
