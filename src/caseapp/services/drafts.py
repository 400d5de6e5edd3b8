"""Autosaved case-editor drafts: unsaved edits kept in the encrypted store across a lock or a crash.

A draft is not a case edit: saving one bumps no version and writes no audit entry. Only the officer's own
decisions are logged, by record id and never with content: ``draft_restored`` and ``draft_discarded``. A
user only ever reaches their own drafts, and a draft of a case they may no longer open is not offered.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from caseapp.domain.case import Case, initials, new_uuid
from caseapp.domain.case_json import case_from_json, case_to_json
from caseapp.domain.errors import CaseappError, NotFound, PermissionDenied, ValidationError
from caseapp.i18n import _
from caseapp.services import cases, clock
from caseapp.services.session import Session
from caseapp.store import drafts_repo
from caseapp.store.drafts_repo import DraftRow


@dataclass(frozen=True)
class DraftInfo:
    """What the restore question needs; the draft's content is only read by ``load_draft``."""

    id: str
    case_uuid: str | None          # None: a new case that was never saved
    case_number: str | None
    base_version: int | None       # the version the editor had opened
    current_version: int | None    # the case's version now
    updated_at: dt.datetime
    victims: str = ""              # initials, to recognise a new case

    @property
    def case_changed(self) -> bool:
        """The case was saved again after the draft's editor opened it (saving the draft will be refused)."""
        return self.case_uuid is not None and self.current_version != self.base_version


def _info(row: DraftRow, victims: str = "") -> DraftInfo:
    return DraftInfo(row.id, row.case_uuid, row.case_number, row.base_version, row.current_version,
                     dt.datetime.fromisoformat(row.updated_at), victims)


def _victim_initials(document: str | None) -> str:
    """Initials of the victims named in a draft document (for a new case, which has no number yet)."""
    try:
        names = [v.get("name") or "" for v in json.loads(document or "{}").get("victims", [])]
    except (ValueError, AttributeError, TypeError):
        return ""
    return ", ".join(initials(n) for n in names if isinstance(n, str) and n.strip())


def _own(session: Session, draft_id: str) -> DraftRow:
    """The caller's draft ``draft_id``; another user's draft is reported as missing, not as someone's."""
    row = drafts_repo.get(session.db.conn, draft_id)
    if row is None or row.user_id != session.user.id:
        raise NotFound(_("Perubahan yang disimpan otomatis ini tidak ditemukan."))
    return row


def _require_viewable(session: Session, case_uuid: str | None) -> None:
    if case_uuid is not None and not cases.can_view_case(session, case_uuid):
        raise PermissionDenied(_("Anda tidak lagi berwenang membuka kasus ini."))


def _audit_target(row: DraftRow) -> tuple[str, str]:
    return ("case", row.case_uuid) if row.case_uuid else ("case_draft", row.id)


def save_draft(session: Session, case: Case, *, draft_id: str | None = None) -> str:
    """Keep the editor's current, unvalidated state of ``case``; returns the draft's id.

    A saved case (it has a number) has at most one draft per user, whatever ``draft_id`` says; its
    ``version`` is the one the editor opened. A new case's draft is found again by ``draft_id``.
    """
    case_uuid = case.uuid if case.case_number else None
    _require_viewable(session, case_uuid)
    document = json.dumps(case_to_json(case), ensure_ascii=False, separators=(",", ":"))
    with session.db.transaction() as c:
        existing = drafts_repo.for_case(c, session.user.id, case_uuid) if case_uuid else None
        if existing is not None:
            draft_id = existing.id
        elif draft_id is not None:
            row = drafts_repo.get(c, draft_id)
            if row is not None and row.user_id != session.user.id:
                raise PermissionDenied(_("Perubahan yang disimpan otomatis ini milik pengguna lain."))
        draft_id = draft_id or new_uuid()
        drafts_repo.put(c, id=draft_id, user_id=session.user.id, case_uuid=case_uuid,
                        base_version=case.version if case_uuid else None, document=document, now=clock.timestamp())
    return draft_id


def list_drafts(session: Session) -> list[DraftInfo]:
    """The user's own drafts that can still be restored, oldest first."""
    out = []
    conn = session.db.conn
    for row in drafts_repo.list_for_user(conn, session.user.id):
        if row.case_uuid is None:
            out.append(_info(row, _victim_initials(drafts_repo.document(conn, row.id))))
        elif row.case_number is not None and cases.can_view_case(session, row.case_uuid):
            out.append(_info(row))
    return out


def draft_for_case(session: Session, case_uuid: str) -> DraftInfo | None:
    """The user's draft of a saved case, if there is one they may restore."""
    row = drafts_repo.for_case(session.db.conn, session.user.id, case_uuid)
    if row is None or not cases.can_view_case(session, case_uuid):
        return None
    return _info(row)


def load_draft(session: Session, draft_id: str) -> tuple[DraftInfo, Case]:
    """Read a draft back for the editor (the officer chose "Pulihkan"); logged as ``draft_restored``."""
    from caseapp.services.code_lists import registry

    row = _own(session, draft_id)
    _require_viewable(session, row.case_uuid)
    document = drafts_repo.document(session.db.conn, draft_id)
    try:
        case = case_from_json(document, registry=registry(session), partial=True)
    except ValidationError:
        raise CaseappError(_("Perubahan yang disimpan otomatis ini tidak dapat dibaca lagi, misalnya karena daftar "
                             "kode berubah. Pilih Buang bila ditawarkan lagi.")) from None
    session.audit("draft_restored", *_audit_target(row))
    return _info(row, _victim_initials(document)), case


def discard_draft(session: Session, draft_id: str) -> None:
    """Delete a draft the officer chose to throw away ("Buang"); logged as ``draft_discarded``."""
    row = _own(session, draft_id)
    with session.db.transaction() as c:
        drafts_repo.delete(c, draft_id)
        session.audit("draft_discarded", *_audit_target(row), conn=c)


def forget_draft(session: Session, draft_id: str) -> None:
    """Delete a draft that is no longer needed (its case was saved, or its changes were undone); not logged."""
    row = drafts_repo.get(session.db.conn, draft_id)
    if row is None or row.user_id != session.user.id:
        return
    with session.db.transaction() as c:
        drafts_repo.delete(c, draft_id)
