"""Children in conflict with the law (UU 11/2012 SPPA): child perpetrators and the diversion clocks.

A perpetrator who was at least 12 and not yet 18 at the incident is an "anak yang berkonflik dengan hukum", one
of the children "berhadapan dengan hukum" (ABH). For such a child the investigator must seek diversion within
7 days of the start of the investigation, and a diversion lasts at most 30 days (Pasal 29); Bapas writes the
social research report (litmas). Below 12 the investigator decides on a return to the parents or a social
programme instead (Pasal 21).

The case record has no date for the start of the investigation: the police report time is the earliest it can
be, so the clocks count from it and say so. Without a police report time they show only the rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from caseapp.domain.ages import CHILD_AGE_LIMIT, age_on
from caseapp.domain.case import Case, Person
from caseapp.domain.errors import ValidationError

SPPA_MIN_AGE = 12              # UU 11/2012 Pasal 1 angka 3
DIVERSION_SEEK_DAYS = 7        # Pasal 29 ayat (1)
DIVERSION_MAX_DAYS = 30        # Pasal 29 ayat (2)


def incident_date(case: Case) -> dt.date:
    """The earliest incident date, or the intake date when no incident is dated."""
    dates = [i.date for i in case.incidents if i.date]
    return min(dates) if dates else case.intake_date


@dataclass(frozen=True)
class ChildPerpetrator:
    person_uuid: str
    age: int                  # completed years at the incident
    abh: bool                 # 12 to 17: anak yang berkonflik dengan hukum, diversion applies
    birth_date_estimated: bool


@dataclass(frozen=True)
class DiversionClock:
    """The SPPA diversion deadlines for one child perpetrator; ``counted_from`` None: no police report time yet."""

    person_uuid: str
    age: int
    counted_from: dt.datetime | None
    seek_by: dt.datetime | None        # diversion must be sought (started) by then
    conclude_by: dt.datetime | None    # the latest end of a diversion started on the last allowed day


def _age_at_incident(person: Person, case: Case) -> int | None:
    if person.birth_date is None:
        return None
    try:
        return age_on(person.birth_date, incident_date(case))
    except ValidationError:  # born after the incident date: a data error shown elsewhere, not a child perpetrator
        return None


def child_perpetrators(case: Case) -> list[ChildPerpetrator]:
    """Perpetrators under 18 at the incident (by recorded or estimated birth date)."""
    out = []
    for p in case.perpetrators:
        age = _age_at_incident(p, case)
        if age is not None and age < CHILD_AGE_LIMIT:
            out.append(ChildPerpetrator(p.uuid, age, age >= SPPA_MIN_AGE, p.birth_date_estimated))
    return out


def is_abh_case(case: Case) -> bool:
    """True when a perpetrator was a child of 12–17 at the incident (SPPA diversion applies)."""
    return any(c.abh for c in child_perpetrators(case))


def diversion_clocks(case: Case) -> list[DiversionClock]:
    """One clock per ABH perpetrator, counted from the police report time when there is one."""
    start = case.police_reported_at
    out = []
    for child in child_perpetrators(case):
        if not child.abh:
            continue
        if start is None:
            out.append(DiversionClock(child.person_uuid, child.age, None, None, None))
            continue
        seek_by = start + dt.timedelta(days=DIVERSION_SEEK_DAYS)
        out.append(DiversionClock(child.person_uuid, child.age, start, seek_by,
                                  seek_by + dt.timedelta(days=DIVERSION_MAX_DAYS)))
    return out
