"""Stored referral letters: what a letter holds, reading it back (with the case access check), and the register.

Part of the referral-letter services (see ``services.referrals``, which re-exports the public names).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Mapping

from caseapp.domain.accounts import Permission
from caseapp.domain.errors import NotFound, ValidationError
from caseapp.domain.referral import (
    DestinationType, DisclosedVictim, LetterStatus, OfficeLetterhead,
)
from caseapp.i18n import _
from caseapp.services import cases, clock, letterhead
from caseapp.services.session import Session
from caseapp.store import accounts_repo, letters_repo
from caseapp.store.letters_repo import LetterRow

NUMBER_PATTERN_KEY = "letter_number_pattern"
SECRET_KEY = "letter_verification_secret"
RESPONSE_DAYS_KEY = "referral_response_days"
PAPER_KEY = "letter_paper"
DEFAULT_RESPONSE_DAYS = 14
DEFAULT_HAL = "Rujukan Layanan Korban"  # the subject of letters drafted before defaults per destination type
URGENCY = ("biasa", "segera", "sangat_segera")
CODE_LENGTH = 10


class LetterLocked(ValidationError):
    """An approved letter is final."""


def urgency_label(code: str) -> str:
    return {"biasa": _("Biasa"), "segera": _("Segera"), "sangat_segera": _("Sangat Segera")}[code]


class TrackingEvent(StrEnum):
    DIKIRIM = "dikirim"
    DITERIMA = "diterima"
    LAYANAN_DIBERIKAN = "layanan_diberikan"
    UMPAN_BALIK = "umpan_balik"
    TIDAK_ADA_RESPONS = "tidak_ada_respons"

    @property
    def label(self) -> str:
        return {"dikirim": _("Dikirim"), "diterima": _("Diterima"), "layanan_diberikan": _("Layanan diberikan"),
                "umpan_balik": _("Umpan balik diterima"), "tidak_ada_respons": _("Tidak ada respons")}[self.value]


_T = TrackingEvent
NEXT_EVENTS: dict[str, frozenset[TrackingEvent]] = {
    "": frozenset({_T.DIKIRIM}),
    _T.DIKIRIM: frozenset({_T.DITERIMA, _T.LAYANAN_DIBERIKAN, _T.TIDAK_ADA_RESPONS}),
    _T.DITERIMA: frozenset({_T.LAYANAN_DIBERIKAN, _T.UMPAN_BALIK}),
    _T.LAYANAN_DIBERIKAN: frozenset({_T.UMPAN_BALIK}),
    _T.UMPAN_BALIK: frozenset(),
    _T.TIDAK_ADA_RESPONS: frozenset({_T.DITERIMA, _T.LAYANAN_DIBERIKAN, _T.UMPAN_BALIK}),  # a late answer
}


@dataclass(frozen=True)
class LetterDraft:
    """What the officer edits; ``disclosure`` overrides the destination type's default (e.g. {"name": "full"})."""

    destination_id: str
    purpose: str = ""
    services_requested: tuple[str, ...] = ()
    disclosure: Mapping[str, Any] = field(default_factory=dict)
    victim_uuid: str = ""
    chronology: str = ""
    services_given: tuple[str, ...] = ()
    condition_physical: str = ""
    condition_psychological: str = ""
    condition_family: str = ""
    attachments: tuple[str, ...] = ()
    contact_name: str = ""
    contact_phone: str = ""
    signatory_username: str = ""
    tembusan: tuple[str, ...] = ()
    hal: str = ""             # empty: the destination type's default subject
    lampiran: str = "-"
    urgency: str = "biasa"    # Sifat: Rahasia with Biasa / Segera / Sangat Segera
    visum: bool = False       # a medical examination with visum et repertum is asked for
    investigator_request: str = ""  # the investigator's request (Laporan Polisi / surat permintaan visum) number
    victim_birth_place: str = ""
    escort_name: str = ""     # the officer escorting a child victim


@dataclass(frozen=True)
class Letter:
    """A stored letter: register columns, the officer's draft and the frozen parts (victim, signatory…)."""

    id: str
    case_uuid: str
    case_number: str
    destination_type: DestinationType
    destination_name: str
    hal: str
    status: LetterStatus
    number: str | None
    letter_date: dt.date | None
    verification_code: str | None
    created_at: str
    approved_at: str | None
    version: int
    tracking: str
    sent_date: dt.date | None
    draft: LetterDraft
    content: dict
    overdue: bool = False

    @property
    def display_code(self) -> str:
        code = self.verification_code or ""
        return f"{code[:5]}-{code[5:]}" if code else ""

    @property
    def tracking_label(self) -> str:
        return TrackingEvent(self.tracking).label if self.tracking else _("Belum dikirim")


@dataclass(frozen=True)
class Verification:
    """What ``letter verify`` may show: no victim data."""

    number: str
    letter_date: dt.date
    destination_type: DestinationType
    status: LetterStatus
    tracking: str


# --- settings ------------------------------------------------------------------------------------------------

def response_days(session: Session) -> int:
    try:
        return max(1, int(accounts_repo.get_setting(session.db.conn, RESPONSE_DAYS_KEY) or DEFAULT_RESPONSE_DAYS))
    except ValueError:
        return DEFAULT_RESPONSE_DAYS


def office_letterhead(session: Session) -> OfficeLetterhead:
    """The kop surat from the office's letterhead settings (``services.letterhead``), defaults filled in."""
    return letterhead.letterhead_of(session, letterhead.settings(session))


def paper(session: Session) -> str:
    return letterhead.settings(session).paper


# --- JSON content --------------------------------------------------------------------------------------------

def _draft_from(data: Mapping[str, Any]) -> LetterDraft:
    known = {f.name for f in dataclasses.fields(LetterDraft)}
    values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known}
    return LetterDraft(**values)


def _victim_to_json(v: DisclosedVictim) -> dict:
    data = dataclasses.asdict(v)
    data["birth_date"] = v.birth_date.isoformat() if v.birth_date else None
    return data


def _victim_from_json(data: Mapping[str, Any]) -> DisclosedVictim:
    data = dict(data)
    data["birth_date"] = dt.date.fromisoformat(data["birth_date"]) if data.get("birth_date") else None
    return DisclosedVictim(**data)


def _letter(row: LetterRow, overdue_before: str | None = None) -> Letter:
    content = json.loads(row.content)
    overdue = bool(overdue_before and row.tracking == "dikirim" and row.sent_date and row.sent_date < overdue_before)
    return Letter(
        id=row.id, case_uuid=row.case_uuid, case_number=row.case_number,
        destination_type=DestinationType(row.destination_type), destination_name=row.destination_name, hal=row.hal,
        status=LetterStatus(row.status), number=row.number,
        letter_date=dt.date.fromisoformat(row.letter_date) if row.letter_date else None,
        verification_code=row.verification_code, created_at=row.created_at, approved_at=row.approved_at,
        version=row.version, tracking=row.tracking,
        sent_date=dt.date.fromisoformat(row.sent_date) if row.sent_date else None,
        draft=_draft_from(content.get("draft", {})), content=content, overdue=overdue,
    )


# --- reading and the register ---------------------------------------------------------------------------------

def _fetch(session: Session, letter_id: str) -> Letter:
    row = letters_repo.get_letter(session.db.conn, letter_id)
    if row is None:
        raise NotFound(_("Surat rujukan tidak ditemukan."))
    cases.case_state(session, row.case_uuid)  # raises (and logs) when the user may not open the case
    return _letter(row, _overdue_before(session))


def get_letter(session: Session, letter_id: str) -> Letter:
    return _fetch(session, letter_id)


def _overdue_before(session: Session) -> str:
    return (clock.now().date() - dt.timedelta(days=response_days(session))).isoformat()


def _visible_to(session: Session) -> tuple[str, str] | None:
    return None if session.user.can(Permission.VIEW_ALL_CASES) else (session.user.id, session.user.username)


def list_letters(session: Session, *, text: str = "", status: LetterStatus | str | None = None,
                 case_ref: str | None = None, overdue_only: bool = False, limit: int = 500,
                 offset: int = 0) -> list[Letter]:
    """The register of outgoing letters (buku agenda surat keluar) the user may see; no victim data in columns."""
    case_uuid = cases.case_state(session, case_ref).uuid if case_ref else None
    before = _overdue_before(session)
    rows = letters_repo.list_letters(session.db.conn, visible_to=_visible_to(session), text=text,
                                     status=LetterStatus(status).value if status else None, case_uuid=case_uuid,
                                     overdue_before=before if overdue_only else None, limit=limit, offset=offset)
    return [_letter(r, before) for r in rows]


def overdue_letters(session: Session) -> list[Letter]:
    """Sent letters with no response after ``referral_response_days`` days (setting, default 14)."""
    return list_letters(session, overdue_only=True)
