"""Reading and verifying the audit log: the hash chain, its sealed tail, and heads held by partner offices."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from caseapp.domain.accounts import Permission
from caseapp.domain.errors import NotFound, ValidationError
from caseapp.i18n import _
from caseapp.services import audit_tail, clock
from caseapp.services.session import Session
from caseapp.store import audit_checkpoints, audit_log, exchange_repo
from caseapp.store.audit_log import AuditEntry, ChainReport

HEADS_FORMAT = "caseapp-audit-heads"
HEADS_VERSION = 1
MAX_HEADS_FILE = 64 * 1024 * 1024  # about 400,000 heads; a partner sends far fewer bundles


@dataclass(frozen=True)
class PartnerHead:
    """One audit head of this office's log as a partner received it in a bundle."""

    kind: str
    bundle_seq: int
    received_at: str
    head: str


@dataclass(frozen=True)
class HeadsCheck:
    """How the local chain compares with the heads a partner office holds."""

    holder: str  # the partner office that received them
    checked: int
    missing: list[PartnerHead] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class AuditVerification:
    chain: ChainReport
    tail: audit_tail.TailCheck | None
    alarms: list[AuditEntry]  # tail alarms that earlier unlocks wrote into the log
    heads: HeadsCheck | None = None

    @property
    def ok(self) -> bool:
        return (self.chain.ok and (self.tail is None or self.tail.ok) and not self.alarms
                and (self.heads is None or self.heads.ok))

    # the chain report's fields, as before
    @property
    def entries(self) -> int:
        return self.chain.entries

    @property
    def head(self) -> str:
        return self.chain.head


def verify_chain(session: Session, partner_heads: "HeadsFile | None" = None) -> AuditVerification:
    """Walk the chain, compare the unlock's tail check, list recorded alarms, and check partner heads."""
    session.require(Permission.VERIFY_AUDIT)
    conn = session.db.conn
    chain = audit_log.verify(conn, session.office.db_id)
    heads = None
    if partner_heads is not None:
        if partner_heads.office != session.office.code:
            raise ValidationError(
                _("Berkas titik periksa ini berisi log audit kantor {code}, bukan kantor ini ({own}).").format(
                    code=partner_heads.office, own=session.office.code), field="against_heads")
        located = audit_log.locate_hashes(conn, session.office.db_id, {h.head for h in partner_heads.heads})
        heads = HeadsCheck(partner_heads.holder, len(partner_heads.heads),
                           [h for h in partner_heads.heads if h.head not in located])
    result = AuditVerification(chain, session.tail_check, audit_tail.recorded_alarms(conn), heads)
    session.audit("audit_verified" if result.ok else "audit_verify_failed")
    return result


def recent_entries(session: Session, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    session.require(Permission.VERIFY_AUDIT)
    return audit_log.entries(session.db.conn, limit=limit, offset=offset)


def chain_head(session: Session) -> tuple[int, str]:
    return audit_log.head(session.db.conn, session.office.db_id)


# --- heads a partner office received --------------------------------------------------------------
@dataclass(frozen=True)
class HeadsFile:
    office: str  # whose audit log the heads belong to
    holder: str  # the office that received them
    heads: list[PartnerHead]


def export_received_heads(session: Session, office_code: str) -> bytes:
    """The audit heads ``office_code`` sent in its bundles, as a file for that office's ``audit verify``.

    Only hashes, bundle numbers and times: no case content. Audited.
    """
    session.require(Permission.VERIFY_AUDIT)
    conn = session.db.conn
    rows = audit_checkpoints.received_heads(conn, office_code)
    if not rows and exchange_repo.trusted_office(conn, office_code) is None:
        raise NotFound(_("Belum pernah ada bundel dari kantor {code}.").format(code=office_code))
    data = {
        "format": HEADS_FORMAT,
        "version": HEADS_VERSION,
        "office": office_code,
        "holder": session.office.code,
        "exported_at": clock.timestamp(),
        "heads": [{"kind": k, "bundle_seq": s, "received_at": t, "audit_head": h} for k, s, t, h in rows],
    }
    session.audit("audit_heads_exported", "office", office_code)
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def parse_heads_file(raw: bytes) -> HeadsFile:
    """Read a heads file written by ``export_received_heads``; anything else is a clear error."""
    bad = ValidationError(_("Berkas titik periksa log audit tidak valid atau rusak."), field="against_heads")
    if len(raw) > MAX_HEADS_FILE:
        raise bad
    try:
        data = json.loads(raw.decode("utf-8"))
        if (not isinstance(data, dict) or data.get("format") != HEADS_FORMAT
                or data.get("version") != HEADS_VERSION):
            raise bad
        office, holder, items = data["office"], data["holder"], data["heads"]
        if not (isinstance(office, str) and isinstance(holder, str) and isinstance(items, list)):
            raise bad
        heads = []
        for item in items:
            kind, seq, at, head = item["kind"], item["bundle_seq"], item["received_at"], item["audit_head"]
            if not (isinstance(kind, str) and isinstance(seq, int) and isinstance(at, str)
                    and isinstance(head, str) and 0 < len(head) <= 256 and head.isprintable()):
                raise bad
            # A head that is not even a hash can never be found in the chain: it is reported as missing.
            heads.append(PartnerHead(kind[:20], seq, at[:40], head))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        raise bad from None
    return HeadsFile(office[:40], holder[:40], heads)
