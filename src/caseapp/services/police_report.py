"""The police report time of a case (UU 12/2022 TPKS Pasal 41), proposed when a referral to the police is sent.

Sending a referral letter to the Unit PPA Polres is how many offices report sexual violence to the police. When
such a letter is marked sent and its case has no police report time yet, the screens propose one (the send date,
at the time of day it was marked); the officer confirms or corrects it and only then is it stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from caseapp.domain.case import Case
from caseapp.domain.errors import ValidationError
from caseapp.domain.referral import DestinationType
from caseapp.i18n import _
from caseapp.services import cases, clock
from caseapp.services.session import Session


def _local_now() -> dt.datetime:
    """Now as the office's wall-clock time, to the minute (police report times are kept as local times)."""
    return clock.now().replace(tzinfo=None, second=0, microsecond=0)


def proposed_report_time(session: Session, letter) -> dt.datetime | None:
    """For a referral ``letter`` (services.referrals.Letter) just marked sent: the time to propose, else None.

    None when the letter is not to the Unit PPA Polres, is not marked sent, or its case already has a police
    report time. Reading the case is audited like any case view.
    """
    if letter.destination_type is not DestinationType.UNIT_PPA_POLRES or letter.sent_date is None:
        return None
    case = cases.get_case(session, letter.case_uuid)
    if case.police_reported_at is not None:
        return None
    now = _local_now()
    return now if letter.sent_date >= now.date() else dt.datetime.combine(letter.sent_date, now.time())


def record_report_time(session: Session, case_ref: str, at: dt.datetime) -> Case:
    """Store the police report time the officer confirmed; refuses a time before the intake or in the future."""
    case = cases.get_case(session, case_ref)
    local = at.astimezone(clock.now().tzinfo).replace(tzinfo=None) if at.tzinfo else at
    if local.date() < case.intake_date or local > _local_now() + dt.timedelta(minutes=1):
        raise ValidationError(_("Waktu laporan ke polisi harus antara tanggal pengaduan dan sekarang."),
                              field="police_reported_at")
    return cases.save_case(session, replace(case, police_reported_at=local.replace(second=0, microsecond=0)))
