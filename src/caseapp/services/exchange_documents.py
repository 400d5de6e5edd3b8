"""Printed papers for exchange: the surat pengantar of a bundle and the office card page, as PDF bytes (audited).

Neither holds case data: the note names a file, its counts and fingerprints; the card holds public keys.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from caseapp.bundles.reader import inspect_bundle
from caseapp.domain.accounts import OfficeLevel, Permission
from caseapp.domain.errors import NotFound
from caseapp.i18n import _
from caseapp.letters.handover_note import HandoverNote, render_handover_note
from caseapp.letters.office_card_pdf import OfficeCardPage, render_office_card
from caseapp.services import clock
from caseapp.services.offices import all_identities, own_card, trusted_office
from caseapp.services.session import Session
from caseapp.store import exchange_repo


def _letterhead_and_paper(session: Session):
    from caseapp.services.referrals import office_letterhead, paper

    return office_letterhead(session), paper(session)


def _level_label(level: str) -> str:
    try:
        return OfficeLevel(level).label
    except ValueError:
        return level


def _parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(clock.now().tzinfo)


def handover_note_pdf(session: Session, bundle_path: Path) -> bytes:
    """The surat pengantar for a bundle this office wrote (checked against our own signature and records)."""
    session.require(Permission.EXCHANGE_DATA)
    bundle_path = Path(bundle_path)
    cards = [i.card() for i in all_identities(session)]
    info = inspect_bundle(bundle_path, cards)
    header = info.header
    if header.kind != "data":
        raise NotFound(_("Surat pengantar hanya dibuat untuk paket data, bukan untuk tanda terima."))
    row = next((r for r in exchange_repo.list_out(session.db.conn)
                if r[0] == header.recipient_code and r[1] == header.sequence and r[2] == info.bundle_hash), None)
    if row is None:
        raise NotFound(_("Paket ini tidak tercatat sebagai paket keluar kantor ini."))
    _peer, seq, bundle_hash, _file, case_count, scope, transfer, created_at, acknowledged_at = row
    recipient = trusted_office(session, header.recipient_code)
    sender_card = info.sender_card
    head, paper = _letterhead_and_paper(session)
    note = HandoverNote(
        letterhead=head, sender_code=session.office.code, sender_name=session.office.name,
        recipient_code=recipient.code, recipient_name=recipient.name, file_name=bundle_path.name,
        file_size=info.size, sequence=seq, case_count=case_count, attachment_count=None, scope=scope,
        transfer=bool(transfer), bundle_hash=bundle_hash, sender_key_id=sender_card.key_id,
        sender_fingerprint=sender_card.fingerprint(), sender_fingerprint_words=tuple(sender_card.fingerprint_words()),
        created_at=_parse_time(created_at), date=clock.now().date(), acknowledged=acknowledged_at is not None,
    )
    pdf = render_handover_note(note, paper=paper)
    session.audit("handover_note_printed", "bundle", bundle_hash)
    return pdf


def office_card_pdf(session: Session) -> bytes:
    """The printable page of this office's current card, for the confirming phone call."""
    card = own_card(session)
    head, paper = _letterhead_and_paper(session)
    page = OfficeCardPage(
        letterhead=head, code=card.code, name=card.name, level_label=_level_label(card.level), key_id=card.key_id,
        fingerprint=card.fingerprint(), fingerprint_words=tuple(card.fingerprint_words()),
        minisign_public_key=card.minisign_public_key_b64(), age_recipient=card.age_recipient,
        issued_at=card.issued_at, printed_on=clock.now().date(), previous_key_id=card.previous_key_id,
    )
    pdf = render_office_card(page, paper=paper)
    session.audit("office_card_printed", "office_key", card.key_id)
    return pdf
