"""Beranda: what needs the user's attention right after unlock (case numbers and initials only, as in the list)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from caseapp.domain import regions
from caseapp.domain.accounts import Permission
from caseapp.services import clock
from caseapp.services.session import Session
from caseapp.store import reports_repo


@dataclass(frozen=True)
class HomeRow:
    kind: str                 # "case", "letter" or "conflict"
    target: str               # case uuid or letter id
    case_uuid: str
    case_number: str
    detail: str               # initials, destination, peer …
    when: str                 # ISO date or date-time
    overdue: bool = False
    state: str = ""           # letters: "draf" or "dikirim"


@dataclass
class HomeSummary:
    due: list[HomeRow] = field(default_factory=list)
    high_risk: list[HomeRow] = field(default_factory=list)
    letters: list[HomeRow] = field(default_factory=list)
    conflicts: list[HomeRow] = field(default_factory=list)
    province: str | None = None               # the office bundles go to (None at a province office)
    days_since_bundle: int | None = None      # None: never sent


def _visible(session: Session) -> tuple[str, str] | None:
    return None if session.user.can(Permission.VIEW_ALL_CASES) else (session.user.id, session.user.username)


def summary(session: Session, limit: int = 50) -> HomeSummary:
    conn = session.db.conn
    now = clock.now().replace(tzinfo=None)
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0, 0)).isoformat(timespec="minutes")
    me = (session.user.id, session.user.username)
    out = HomeSummary()
    now_text = now.isoformat(timespec="minutes")
    out.due = [HomeRow("case", u, u, n, i, d, d < now_text)
               for u, n, i, d in reports_repo.due_cases(conn, me=me, before=tomorrow, limit=limit)]
    out.high_risk = [HomeRow("case", u, u, n, i, d)
                     for u, n, i, d in reports_repo.high_risk_without_service(conn, visible_to=_visible(session),
                                                                              limit=limit)]
    letters = reports_repo.letters_waiting(conn, visible_to=_visible(session), limit=limit)
    out.letters = [HomeRow("letter", lid, cu, n, dest, d or "", state=("draf" if status == "draf" else tracking))
                   for lid, cu, n, dest, status, tracking, d in letters]
    if session.user.can(Permission.EXCHANGE_DATA):
        out.conflicts = [HomeRow("conflict", u, u, n, peer, str(count))
                         for u, n, peer, count in reports_repo.open_conflicts(conn, visible_to=_visible(session),
                                                                             limit=limit)]
    code = session.office.code
    out.province = regions.parent_code(code) if code.count(".") == 1 else None
    if out.province:
        last = reports_repo.last_bundle_to(conn, out.province)
        if last:
            sent = dt.datetime.fromisoformat(last.replace("Z", "+00:00"))
            out.days_since_bundle = max(0, (clock.now().date() - sent.date()).days)
    return out
