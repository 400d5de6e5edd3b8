"""Following a referral up: sent → received → service given → feedback, or no response.

Part of the referral-letter services (see ``services.referrals``, which re-exports the public names).
"""

from __future__ import annotations

import datetime as dt

from caseapp import i18n
from caseapp.domain.errors import ValidationError
from caseapp.domain.referral import LetterStatus
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.letter_records import NEXT_EVENTS, Letter, TrackingEvent, _fetch, get_letter
from caseapp.services.session import Session
from caseapp.store import letters_repo


def record_event(session: Session, letter_id: str, event: TrackingEvent | str, on: dt.date, note: str = "") -> Letter:
    """Track an approved referral: sent → received → service given → feedback, or no response."""
    letter = _fetch(session, letter_id)
    event = TrackingEvent(event)
    if letter.status is not LetterStatus.DISETUJUI:
        raise ValidationError(_("Hanya surat yang sudah disetujui yang dapat dipantau."), field="tracking")
    if event not in NEXT_EVENTS[letter.tracking]:
        raise ValidationError(_("Langkah tindak lanjut ini tidak sesuai urutan: {event} setelah {current}.")
                              .format(event=event.label, current=letter.tracking_label), field="tracking")
    last = letters_repo.get_letter(session.db.conn, letter.id).last_event_date
    earliest = max(d for d in (letter.letter_date, dt.date.fromisoformat(last) if last else None) if d)
    if on < earliest or on > clock.now().date():
        raise ValidationError(_("Tanggal tindak lanjut harus antara {start} dan hari ini.")
                              .format(start=i18n.format_date(earliest)), field="date")
    with session.db.transaction() as c:
        letters_repo.add_event(c, letter.id, event=event.value, event_date=on.isoformat(), note=note.strip(),
                               user=session.user.username, now=clock.timestamp(),
                               sent_date=on.isoformat() if event is TrackingEvent.DIKIRIM else None)
        session.audit("letter_tracking_recorded", "letter", letter.id, conn=c)
    return get_letter(session, letter.id)


def letter_events(session: Session, letter_id: str) -> list[letters_repo.EventRow]:
    return letters_repo.events(session.db.conn, _fetch(session, letter_id).id)
