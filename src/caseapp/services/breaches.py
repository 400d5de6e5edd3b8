"""Personal-data breach reports: what, when, which data, how many people, measures; the 3 x 24-hour clock.

UU 27/2022 asks the controller to notify the people concerned and the authority in writing within 3 x 24 hours of
discovering a breach. The clock runs from ``discovered_at`` until the report is marked notified.
"""

from __future__ import annotations

import datetime as dt
import uuid as _uuid
from dataclasses import dataclass

from caseapp.domain.accounts import Permission
from caseapp.domain.errors import NotFound, ValidationError
from caseapp.i18n import _
from caseapp.letters.breach_report_pdf import BreachPage, render_breach_report
from caseapp.services import clock
from caseapp.services.referrals import office_letterhead, paper
from caseapp.services.session import Session
from caseapp.store import breach_repo
from caseapp.store.breach_repo import BreachRow

NOTIFY_WITHIN = dt.timedelta(hours=72)


@dataclass(frozen=True)
class BreachInput:
    discovered_at: dt.datetime
    description: str
    data_kinds: str
    people_count: int
    measures: str
    occurred_at: dt.datetime | None = None
    contact: str = ""


@dataclass(frozen=True)
class Breach:
    row: BreachRow
    discovered_at: dt.datetime
    deadline: dt.datetime
    notified_at: dt.datetime | None

    def hours_left(self, now: dt.datetime) -> float:
        """Hours until the deadline (negative: overdue); after notification, hours that were left then."""
        until = self.notified_at or now
        return (self.deadline - until).total_seconds() / 3600

    @property
    def id(self) -> str:
        return self.row.id


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.astimezone()


def _breach(row: BreachRow) -> Breach:
    discovered = dt.datetime.fromisoformat(row.discovered_at)
    return Breach(row, discovered, discovered + NOTIFY_WITHIN,
                  dt.datetime.fromisoformat(row.notified_at) if row.notified_at else None)


def record_breach(session: Session, data: BreachInput) -> Breach:
    """Record a breach (administrator); every field the notification needs is required."""
    session.require(Permission.MANAGE_OFFICE)
    for field, value in (("description", data.description), ("data_kinds", data.data_kinds),
                         ("measures", data.measures)):
        if not (value or "").strip():
            raise ValidationError(_("Isian ini wajib diisi untuk pemberitahuan kegagalan pelindungan data."),
                                  field=field)
    if int(data.people_count) < 0:
        raise ValidationError(_("Jumlah orang tidak boleh negatif."), field="people_count")
    discovered = _aware(data.discovered_at)
    now = clock.now()
    if discovered > now + dt.timedelta(minutes=5):
        raise ValidationError(_("Waktu diketahui tidak boleh di masa depan."), field="discovered_at")
    occurred = _aware(data.occurred_at) if data.occurred_at else None
    if occurred and occurred > discovered:
        raise ValidationError(_("Waktu kejadian tidak boleh sesudah waktu diketahui."), field="occurred_at")
    row = BreachRow(str(_uuid.uuid4()), occurred.isoformat(timespec="minutes") if occurred else None,
                    discovered.isoformat(timespec="minutes"), data.description.strip(), data.data_kinds.strip(),
                    int(data.people_count), data.measures.strip(), data.contact.strip(), None,
                    session.user.username, clock.timestamp())
    with session.db.transaction() as c:
        breach_repo.insert(c, row)
        session.audit("breach_recorded", "breach", row.id, conn=c)
    return _breach(row)


def list_breaches(session: Session) -> list[Breach]:
    session.require(Permission.MANAGE_OFFICE)
    return [_breach(r) for r in breach_repo.list_all(session.db.conn)]


def get_breach(session: Session, breach_id: str) -> Breach:
    session.require(Permission.MANAGE_OFFICE)
    row = breach_repo.get(session.db.conn, breach_id)
    if row is None:
        raise NotFound(_("Laporan kegagalan pelindungan data tidak ditemukan."))
    return _breach(row)


def mark_notified(session: Session, breach_id: str, when: dt.datetime | None = None) -> Breach:
    breach = get_breach(session, breach_id)
    when = _aware(when) if when else clock.now()
    with session.db.transaction() as c:
        breach_repo.set_notified(c, breach.id, when.isoformat(timespec="minutes"))
        session.audit("breach_notified", "breach", breach.id, conn=c)
    return get_breach(session, breach_id)


def breach_pdf(session: Session, breach_id: str) -> bytes:
    b = get_breach(session, breach_id)
    page = BreachPage(office_letterhead(session),
                      dt.datetime.fromisoformat(b.row.occurred_at) if b.row.occurred_at else None,
                      b.discovered_at, b.deadline, b.row.description, b.row.data_kinds, b.row.people_count,
                      b.row.measures, b.row.contact, b.notified_at, clock.now().date(), session.user.full_name)
    session.audit("breach_printed", "breach", b.id)
    return render_breach_report(page, paper=paper(session))
