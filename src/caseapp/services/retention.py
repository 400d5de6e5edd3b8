"""Retention periods per closure reason, legal hold on a case, and the irreversible purge of a closed case.

UU 27/2022 asks that personal data be kept no longer than needed; a court case can need them far longer. So a
closed case becomes *due* for purge only when a retention period is set for its closure reason (no period set:
never due), is never purged while on legal hold, and goes only after a supervisor confirms it by typing its number
again. The purge removes the case with its attachments, letters, drafts, exchange bases and search entries; the
audit log keeps only that case id ``case_purged`` happened, never its content.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from caseapp.domain import codes
from caseapp.domain.accounts import Permission, Role
from caseapp.domain.case import CLOSED
from caseapp.domain.errors import NotFound, PermissionDenied, ValidationError
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.session import Session
from caseapp.store import cases_repo, retention_repo
from caseapp.store.accounts_repo import get_setting, set_setting
from caseapp.store.retention_repo import LegalHold

RULES_KEY = "retention_years"
MAX_YEARS = 100


@dataclass(frozen=True)
class DueCase:
    uuid: str
    case_number: str
    closure_reason: str
    closed_at: str
    due_on: dt.date
    on_hold: bool


def _require_supervisor(session: Session) -> None:
    if session.user.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied(_("Hanya supervisor atau administrator yang dapat melakukan ini."))


def _uuid(session: Session, ref: str) -> str:
    uuid = cases_repo.resolve_case_ref(session.db.conn, ref)
    if uuid is None:
        raise NotFound(_("Kasus tidak ditemukan."))
    return uuid


# --- retention periods ------------------------------------------------------------------------------------------

def retention_rules(session: Session) -> dict[str, int]:
    """Years after closing, per closure reason; a reason without an entry is never due."""
    raw = get_setting(session.db.conn, RULES_KEY)
    try:
        rules = json.loads(raw) if raw else {}
        return {str(k): int(v) for k, v in rules.items()}
    except (ValueError, TypeError, AttributeError):
        return {}


def set_retention_years(session: Session, closure_reason: str, years: int | None) -> dict[str, int]:
    session.require(Permission.MANAGE_OFFICE)
    if not codes.is_valid("closure_reason", closure_reason):
        raise ValidationError(_("Alasan penutupan tidak dikenal."), field="closure_reason")
    rules = retention_rules(session)
    if years is None:
        rules.pop(closure_reason, None)
    else:
        if not 1 <= int(years) <= MAX_YEARS:
            raise ValidationError(_("Masa retensi harus antara 1 dan {n} tahun.").format(n=MAX_YEARS),
                                  field="retention_years")
        rules[closure_reason] = int(years)
    with session.db.transaction() as c:
        set_setting(c, RULES_KEY, json.dumps(rules, sort_keys=True))
        session.audit("settings_changed", "setting", RULES_KEY, conn=c)
    return rules


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def cases_past_retention(session: Session, *, today: dt.date | None = None) -> list[DueCase]:
    """Closed cases whose retention period has run out, oldest first (cases on legal hold are listed, marked)."""
    session.require(Permission.VIEW_ALL_CASES)
    _require_supervisor(session)
    today = today or clock.now().date()
    rules = retention_rules(session)
    due = []
    for c in retention_repo.closed_cases(session.db.conn, CLOSED):
        years = rules.get(c.closure_reason or "")
        if years is None:
            continue
        due_on = _add_years(dt.datetime.fromisoformat(c.closed_at).date(), years)
        if due_on <= today:
            due.append(DueCase(c.uuid, c.case_number, c.closure_reason or "", c.closed_at, due_on, c.on_hold))
    return due


# --- legal hold ---------------------------------------------------------------------------------------------------

def legal_hold(session: Session, ref: str) -> LegalHold | None:
    return retention_repo.get_hold(session.db.conn, _uuid(session, ref))


def hold_case(session: Session, ref: str, reason: str) -> LegalHold:
    """Put a case on legal hold (e.g. a court case needs it); it cannot be purged until the hold is lifted."""
    session.require(Permission.VIEW_ALL_CASES)
    _require_supervisor(session)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan penahanan hukum wajib diisi."), field="reason")
    uuid = _uuid(session, ref)
    with session.db.transaction() as c:
        retention_repo.set_hold(c, uuid, reason, session.user.username, clock.timestamp())
        session.audit("legal_hold_set", "case", uuid, conn=c)  # the reason stays in the case, not in the log
    return retention_repo.get_hold(session.db.conn, uuid)


def unhold_case(session: Session, ref: str) -> None:
    session.require(Permission.VIEW_ALL_CASES)
    _require_supervisor(session)
    uuid = _uuid(session, ref)
    with session.db.transaction() as c:
        if not retention_repo.clear_hold(c, uuid):
            raise ValidationError(_("Kasus ini tidak sedang dalam penahanan hukum."), field="case")
        session.audit("legal_hold_cleared", "case", uuid, conn=c)


# --- purge ----------------------------------------------------------------------------------------------------------

def purge_case(session: Session, ref: str, *, confirm_number: str, today: dt.date | None = None) -> str:
    """Remove a closed case past its retention period for good; ``confirm_number`` is its number typed again.

    Returns the purged case's number. Nothing changes when any check fails.
    """
    session.require(Permission.VIEW_ALL_CASES)
    _require_supervisor(session)
    uuid = _uuid(session, ref)
    due = {d.uuid: d for d in cases_past_retention(session, today=today)}
    number = next((d.case_number for d in due.values() if d.uuid == uuid), None)
    if retention_repo.get_hold(session.db.conn, uuid) is not None:
        raise PermissionDenied(_("Kasus ini dalam penahanan hukum dan tidak dapat dimusnahkan. Cabut penahanannya "
                                 "lebih dahulu bila memang sudah tidak diperlukan."))
    if number is None:
        raise ValidationError(_("Kasus ini belum melewati masa retensinya (atau belum ditutup, atau belum ada masa "
                                "retensi untuk alasan penutupannya), jadi tidak dapat dimusnahkan."), field="case")
    if (confirm_number or "").strip() != number:
        raise ValidationError(_("Konfirmasi tidak cocok: ketik ulang nomor kasus {number} untuk memusnahkannya.")
                              .format(number=number), field="confirm")
    with session.db.transaction() as c:
        retention_repo.purge_case(c, uuid)
        session.audit("case_purged", "case", uuid, conn=c)
    with session.db.transaction() as c:
        retention_repo.optimize_search(c)
    session.db.checkpoint()  # the WAL no longer holds the pages as they were before the purge
    return number
