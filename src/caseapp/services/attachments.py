"""Attachments (scanned consent forms, documents, photos) kept inside the encrypted database."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from caseapp.domain.entry_limits import ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, sanitized_file_name
from caseapp.domain.errors import NotFound, PermissionDenied, ValidationError
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.cases import case_state
from caseapp.services.session import Session
from caseapp.store import cases_repo

ALLOWED_TYPES = ALLOWED_ATTACHMENT_TYPES  # the same rules apply to attachments that arrive in a bundle


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    file_name: str
    mime_type: str
    size: int
    sha256: str
    description: str
    created_at: str


def add_attachment(session: Session, case_ref: str, *, file_name: str, mime_type: str, data: bytes,
                   description: str = "") -> AttachmentInfo:
    stored = case_state(session, case_ref)
    if stored.read_only:
        raise PermissionDenied(_("Kasus ini sudah dilimpahkan ke kantor lain dan hanya dapat dibaca."))
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Lampiran terlalu besar ({mb:.1f} MB). Batasnya {limit} MB; pindai dengan resolusi lebih rendah atau bagi menjadi beberapa berkas.").format(
                mb=len(data) / 1_048_576, limit=MAX_ATTACHMENT_BYTES // 1_048_576),
            field="attachment",
        )
    if not data:
        raise ValidationError(_("Berkas lampiran kosong."), field="attachment")
    if mime_type not in ALLOWED_TYPES:
        raise ValidationError(_("Jenis berkas ini tidak dapat dilampirkan. Gunakan PDF, JPEG, PNG, TIFF atau teks."), field="attachment")
    info = AttachmentInfo(str(uuid.uuid4()), sanitized_file_name(file_name), mime_type, len(data),
                          hashlib.sha256(data).hexdigest(), description.strip(), clock.timestamp())
    with session.db.transaction() as c:
        cases_repo.insert_attachment(c, id=info.id, case_uuid=stored.uuid, file_name=info.file_name,
                                     mime_type=mime_type, data=data, sha256=info.sha256, description=info.description,
                                     now=info.created_at, user_id=session.user.id)
        session.audit("attachment_added", "attachment", info.id, conn=c)
    return info


def list_attachments(session: Session, case_ref: str) -> list[AttachmentInfo]:
    stored = case_state(session, case_ref)
    return [AttachmentInfo(*row) for row in cases_repo.list_attachments(session.db.conn, stored.uuid)]


def open_attachment(session: Session, attachment_id: str) -> tuple[str, bytes]:
    """(mime type, bytes) for viewing inside the app; never written to a file. The view is audited."""
    found = cases_repo.attachment_data(session.db.conn, attachment_id)
    if found is None:
        raise NotFound(_("Lampiran tidak ditemukan."))
    case_uuid, mime, data = found
    case_state(session, case_uuid)  # access check
    session.audit("attachment_viewed", "attachment", attachment_id)
    return mime, data


def delete_attachment(session: Session, attachment_id: str) -> None:
    found = cases_repo.attachment_data(session.db.conn, attachment_id)
    if found is None:
        raise NotFound(_("Lampiran tidak ditemukan."))
    stored = case_state(session, found[0])
    if stored.read_only:
        raise PermissionDenied(_("Kasus ini sudah dilimpahkan ke kantor lain dan hanya dapat dibaca."))
    with session.db.transaction() as c:
        cases_repo.delete_attachment(c, attachment_id)
        session.audit("attachment_deleted", "attachment", attachment_id, conn=c)
