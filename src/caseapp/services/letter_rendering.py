"""Rendering referral letters: the renderable content (a draft with today's date, an approved letter from its
frozen snapshot), always in Bahasa Indonesia, and the audited preview / print / save.

Part of the referral-letter services (see ``services.referrals``, which re-exports the public names).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from typing import Iterator, Literal

from caseapp import i18n
from caseapp.domain.referral import LetterStatus, OfficeLetterhead, ReferralLetterContent, Signatory
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.letter_records import (
    DEFAULT_HAL, Letter, _fetch, _victim_from_json, office_letterhead, paper, urgency_label,
)
from caseapp.services.session import Session

RenderPurpose = Literal["preview", "print", "save", "batch"]
_AUDIT_RENDER = {"preview": "letter_previewed", "print": "letter_printed", "save": "letter_saved_pdf",
                 "batch": "letter_printed"}
_render_lock = threading.RLock()


@contextlib.contextmanager
def indonesian() -> Iterator[None]:
    """Letters are official text in Bahasa Indonesia: switch ``i18n`` to "id" for the block, then restore."""
    with _render_lock:
        previous = i18n.language()
        i18n.set_language("id")
        try:
            yield
        finally:
            i18n.set_language(previous)


def sifat_text(urgency: str) -> str:
    """"Rahasia" for every case letter, with its urgency unless ordinary: "Rahasia, Segera"."""
    return _("Rahasia") if urgency in ("", "biasa") else f"{_('Rahasia')}, {urgency_label(urgency)}"


def letter_content(session: Session, letter: Letter) -> ReferralLetterContent:
    """The renderable letter: an approved one from its frozen snapshot, a draft with today's date and no number."""
    data = letter.content
    approved = letter.status is LetterStatus.DISETUJUI
    head = office_letterhead(session)
    if approved and data.get("letterhead"):
        head = OfficeLetterhead(**{**data["letterhead"], "logo_png": head.logo_png})
    draft, dest = letter.draft, data["destination"]
    sign = data.get("signatory") or {"position": "", "name": ""}
    legal = ""
    if draft.visum and draft.investigator_request:
        legal = _("Pemeriksaan dengan visum et repertum ini dimohonkan berdasarkan permintaan penyidik Nomor "
                  "{number} (KUHAP Pasal 133).").format(number=draft.investigator_request)
    sections = tuple((title, tuple(tuple(r) for r in rows)) for title, rows in data.get("sections", ()))
    with indonesian():
        sifat = sifat_text(draft.urgency)
    return ReferralLetterContent(
        letterhead=head, number=data.get("number") if approved else None,
        date=dt.date.fromisoformat(data["date"]) if approved else clock.now().date(),
        destination_position=dest.get("position", ""), destination_name=dest["name"],
        destination_place=dest.get("place", ""), destination_address=dest.get("address", ""),
        victim=_victim_from_json(data["victim"]), purpose=draft.purpose, signatory=Signatory(**sign),
        hal=draft.hal or DEFAULT_HAL, sifat=sifat, lampiran=draft.lampiran,
        services_requested=draft.services_requested,
        chronology=draft.chronology, services_given=draft.services_given,
        condition_physical=draft.condition_physical, condition_psychological=draft.condition_psychological,
        condition_family=draft.condition_family, attachments=draft.attachments, contact_name=draft.contact_name,
        contact_phone=draft.contact_phone, tembusan=draft.tembusan,
        verification_code=letter.display_code if approved else "",
        paper=data.get("paper") or paper(session), draft=not approved, legal_basis=legal,
        extra_sections=sections, separate_attachment=data.get("format", 1) >= 2,
    )


def render_content(content: ReferralLetterContent) -> bytes:
    from caseapp.letters.referral_pdf import render_referral_letter

    with indonesian():
        return render_referral_letter(content)


def render_letter(session: Session, letter_id: str, *, purpose: RenderPurpose = "preview") -> bytes:
    """PDF bytes of one letter (never a file); the preview, print or save is written to the audit log."""
    letter = _fetch(session, letter_id)
    pdf = render_content(letter_content(session, letter))
    session.audit(_AUDIT_RENDER[purpose], "letter", letter.id)
    return pdf
