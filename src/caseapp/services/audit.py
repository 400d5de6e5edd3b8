"""Reading and verifying the audit log."""

from __future__ import annotations

from caseapp.domain.accounts import Permission
from caseapp.services.session import Session
from caseapp.store import audit_log
from caseapp.store.audit_log import AuditEntry, ChainReport


def verify_chain(session: Session) -> ChainReport:
    session.require(Permission.VERIFY_AUDIT)
    report = audit_log.verify(session.db.conn, session.office.db_id)
    session.audit("audit_verified" if report.ok else "audit_verify_failed")
    return report


def recent_entries(session: Session, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    session.require(Permission.VERIFY_AUDIT)
    return audit_log.entries(session.db.conn, limit=limit, offset=offset)


def chain_head(session: Session) -> tuple[int, str]:
    return audit_log.head(session.db.conn, session.office.db_id)
