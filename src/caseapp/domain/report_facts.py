"""What statistics need from one case, as small rows the store keeps beside the document.

Reports aggregate these rows in SQL (``store/reports_repo.py``) instead of reading every case document. The rows
hold caseapp codes, ages in years and dates, never names, NIKs, addresses or case numbers; SIMFONI categories and
age groups are applied when a report is made, so a changed mapping needs no recomputation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from caseapp.domain import case as case_rules
from caseapp.domain.ages import age_on
from caseapp.domain.case import KORBAN, PELAKU, Case


@dataclass(frozen=True)
class ReportRows:
    """Every row starts with (intake_date, case_uuid, owner_office, kecamatan): reports select and group on
    these columns of the row itself, reading each table once in intake-date order, with no lookups."""

    # + (status, incident_date, intake_at, closed_on, police_due, police_reported_at)
    case: tuple
    # + (person_uuid, role, sex, age, education, occupation, marital_status, disability)
    people: tuple[tuple, ...]
    # + (kind, person_uuid or '', code, victims, perpetrators); kinds: violence (with the case's numbers of victims
    # and perpetrators), place, service, relationship (per victim), disability_type (per victim)
    codes: tuple[tuple, ...]

    @property
    def uuid(self) -> str:
        return self.case[1]


def incident_date(case: Case) -> dt.date:
    """The earliest incident date, else the intake date: the date ages are counted on."""
    dates = [i.date for i in case.incidents if i.date]
    return min(dates) if dates else case.intake_date


def kecamatan(case: Case) -> str | None:
    """The kecamatan code (``74.06.01``) of the first incident with a region, else of the first victim's home."""
    for code in [i.region_code for i in case.incidents] + [v.region_code for v in case.victims]:
        if code and code.count(".") >= 2:
            return ".".join(code.split(".")[:3])
    return None


def closed_on(case: Case) -> dt.date | None:
    """For a closed case, the date of its last recorded step (the record keeps no separate closing date)."""
    if case.status != case_rules.CLOSED:
        return None
    dates = [case.intake_date] + [s.date for s in case.services] + [f.date for f in case.follow_ups] + \
        [a.date for a in case.assessments] + [n.created_at.date() for n in case.notes if n.created_at]
    return max(dates)


def _disability(flag: bool | None) -> str | None:
    return None if flag is None else "ya" if flag else "tidak"


def report_rows(case: Case, owner_office: str, registry=None) -> ReportRows:
    """``registry``: the office's code lists, so that sub-types an office added under sexual violence also count
    for the police-report clock (as in the case list)."""
    on = incident_date(case)
    police_due = case_rules.police_report_deadline(case, registry)
    closed = closed_on(case)
    head = (case.intake_date.isoformat(), case.uuid, owner_office, kecamatan(case))
    case_row = head + (case.status, on.isoformat(), case.intake_datetime.isoformat(timespec="minutes"),
                       closed.isoformat() if closed else None,
                       police_due.isoformat(timespec="minutes") if police_due else None,
                       case.police_reported_at.replace(tzinfo=None).isoformat(timespec="minutes")
                       if case.police_reported_at else None)
    people, codes = [], []
    victims = perpetrators = 0
    for p in case.persons:
        if p.role not in (KORBAN, PELAKU):
            continue
        age = age_on(p.birth_date, on) if p.birth_date and p.birth_date <= on else None
        people.append(head + (p.uuid, p.role, p.sex, age, p.education, p.occupation, p.marital_status,
                              _disability(p.has_disability)))
        if p.role == KORBAN:
            victims += 1
            codes += [head + ("disability_type", p.uuid, t, None, None) for t in dict.fromkeys(p.disability_types)]
        else:
            perpetrators += 1
    codes += [head + ("violence", "", t, victims, perpetrators) for t in sorted(case.violence_types)]
    codes += [head + ("place", "", place, None, None)
              for place in dict.fromkeys(i.place for i in case.incidents if i.place)]
    codes += [head + ("service", "", s, None, None) for s in dict.fromkeys(s.service for s in case.services)]
    codes += [head + ("relationship", victim, rel, None, None)
              for victim, rel in dict.fromkeys((r.victim, r.relationship) for r in case.relations)]
    return ReportRows(case_row, tuple(people), tuple(codes))
