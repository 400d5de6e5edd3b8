"""Referral letters: draft from a case, approve with numbering, render in Indonesian, register, verify, track."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Iterator, Literal, Mapping

from caseapp import i18n
from caseapp.domain import codes, regions
from caseapp.domain.accounts import Permission, User
from caseapp.domain.case import Case, Person
from caseapp.domain.entry_limits import MAX_TEXT_CHARS, SHORT_TEXT_CHARS, check_length
from caseapp.domain.errors import NotFound, PermissionDenied, ValidationError
from caseapp.domain.referral import (
    DestinationType, DisclosedVictim, LetterNumberPattern, LetterStatus, OfficeLetterhead, ReferralLetterContent,
    Signatory, disclosed_victim_fields,
)
from caseapp.i18n import _
from caseapp.services import cases, clock, destinations
from caseapp.services.session import Session
from caseapp.store import accounts_repo, letters_repo
from caseapp.store.letters_repo import LetterRow

NUMBER_PATTERN_KEY = "letter_number_pattern"
SECRET_KEY = "letter_verification_secret"
RESPONSE_DAYS_KEY = "referral_response_days"
PAPER_KEY = "letter_paper"
DEFAULT_RESPONSE_DAYS = 14
DEFAULT_HAL = "Rujukan Layanan Korban"
LETTERHEAD_KEYS = ("government", "agency", "unit", "city", "website", "short_name")
CODE_LENGTH = 10
RenderPurpose = Literal["preview", "print", "save", "batch"]
_AUDIT_RENDER = {"preview": "letter_previewed", "print": "letter_printed", "save": "letter_saved_pdf",
                 "batch": "letter_printed"}
_render_lock = threading.RLock()


class LetterLocked(ValidationError):
    """An approved letter is final."""


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
    hal: str = DEFAULT_HAL
    lampiran: str = "-"


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

def number_pattern(session: Session, conn=None) -> LetterNumberPattern:
    value = accounts_repo.get_setting(conn or session.db.conn, NUMBER_PATTERN_KEY)
    return LetterNumberPattern(value) if value else LetterNumberPattern()


def response_days(session: Session) -> int:
    try:
        return max(1, int(accounts_repo.get_setting(session.db.conn, RESPONSE_DAYS_KEY) or DEFAULT_RESPONSE_DAYS))
    except ValueError:
        return DEFAULT_RESPONSE_DAYS


def office_letterhead(session: Session) -> OfficeLetterhead:
    """The kop surat from office settings (``letterhead_<key>``), with defaults from the office record."""
    conn, office = session.db.conn, session.office
    value = {k: accounts_repo.get_setting(conn, f"letterhead_{k}") or "" for k in LETTERHEAD_KEYS}
    region = regions.name(office.code) or ""
    logo = accounts_repo.get_setting(conn, "letterhead_logo_png")
    return OfficeLetterhead(
        government=value["government"] or (f"PEMERINTAH {region.upper()}" if region else "PEMERINTAH DAERAH"),
        agency=value["agency"] or "DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK",
        unit=value["unit"] or "UPTD PERLINDUNGAN PEREMPUAN DAN ANAK",
        address=office.address, phone=office.phone, email=office.email, city=value["city"],
        logo_png=base64.b64decode(logo) if logo else None, website=value["website"],
        short_name=value["short_name"] or office.name,
    )


def paper(session: Session) -> str:
    value = accounts_repo.get_setting(session.db.conn, PAPER_KEY) or "A4"
    return value if value in ("A4", "F4") else "A4"


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


# --- building the content -------------------------------------------------------------------------------------

def _person_mapping(person: Person) -> dict:
    """A person as `disclosed_victim_fields` reads it; labels in Indonesian whatever the UI language."""
    parts = {}
    if person.region_code:
        chain = regions.parents(person.region_code)
        name = regions.name(person.region_code)
        levels = {r.level: r for r in chain}
        for level, key in ((1, "province"), (2, "regency")):
            if level in levels:
                parts[key] = levels[level].name
        if 3 in levels:
            parts["district"] = f"Kec. {levels[3].name}"
        if name and person.region_code.count(".") == 3:
            parts["village"] = f"{'Kel.' if person.region_code[-4] == '1' else 'Desa'} {name}"
        elif name and person.region_code.count(".") == 2:
            parts["district"] = f"Kec. {name}"
    sex = codes.label("sex", person.sex, "id") if person.sex else ""
    return {"full_name": person.name, "sex": sex, "birth_date": person.birth_date,
            "birth_date_estimated": person.birth_date_estimated, "nik": person.nik or "", "street": person.street,
            **parts}


def _victim(case: Case, draft: LetterDraft, dest_type: DestinationType, on: dt.date) -> tuple[str, DisclosedVictim]:
    victims = case.victims
    if not victims:
        raise ValidationError(_("Kasus ini belum mencatat korban; surat rujukan memerlukan korban."), field="victim")
    chosen = next((p for p in victims if p.uuid == draft.victim_uuid), victims[0])
    return chosen.uuid, disclosed_victim_fields(_person_mapping(chosen), dest_type, dict(draft.disclosure) or None, on=on)


def _signatory(session: Session, conn, username: str) -> tuple[str, Signatory | None]:
    """The chosen signatory (default: the first active user who approves letters)."""
    users = [u for u in accounts_repo.list_users(conn) if u.active and u.can(Permission.APPROVE_LETTERS)]
    user = next((u for u in users if u.username == username), None) if username else None
    if username and user is None:
        raise ValidationError(_("Penanda tangan harus pengguna aktif yang berwenang menyetujui surat."),
                              field="signatory")
    if user is None:
        supervisors = [u for u in users if u.role.value == "supervisor"]
        user = (supervisors or users or [None])[0]
    if user is None:
        return "", None
    position = user.position or f"Kepala {session.office.name}"
    return user.username, Signatory(position=position, name=user.full_name, nip=user.nip)


def signatories(session: Session) -> list[User]:
    """Users who may sign (and approve) letters, for the composer's list."""
    return [u for u in accounts_repo.list_users(session.db.conn) if u.active and u.can(Permission.APPROVE_LETTERS)]


def _tuple(items) -> tuple[str, ...]:
    return tuple(s.strip() for s in items if s and s.strip())


def _clean(draft: LetterDraft) -> LetterDraft:
    text = {f: getattr(draft, f).strip() for f in ("purpose", "chronology", "condition_physical",
                                                    "condition_psychological", "condition_family", "contact_name",
                                                    "contact_phone", "hal", "lampiran")}
    lists = {f: _tuple(getattr(draft, f)) for f in ("services_requested", "services_given", "attachments", "tembusan")}
    draft = dataclasses.replace(draft, **text, **lists, disclosure=dict(draft.disclosure or {}))
    if not draft.hal:
        draft = dataclasses.replace(draft, hal=DEFAULT_HAL)
    if len(draft.chronology) > 4000:
        raise ValidationError(_("Kronologi singkat terlalu panjang (maksimal 4000 karakter)."), field="chronology")
    for f in ("purpose", "condition_physical", "condition_psychological", "condition_family"):
        check_length(getattr(draft, f), MAX_TEXT_CHARS, f)
    for f in ("contact_name", "contact_phone", "hal", "lampiran"):
        check_length(getattr(draft, f), SHORT_TEXT_CHARS, f)
    for f in ("services_requested", "services_given", "attachments", "tembusan"):
        for i, item in enumerate(getattr(draft, f)):
            check_length(item, SHORT_TEXT_CHARS, f"{f}[{i}]")
    return dataclasses.replace(draft, lampiran=draft.lampiran or "-")


def _build(session: Session, conn, case: Case, draft: LetterDraft) -> tuple[LetterDraft, destinations.Destination, dict]:
    draft = _clean(draft)
    dest = destinations.get_destination(session, draft.destination_id)
    victim_uuid, victim = _victim(case, draft, dest.type, clock.now().date())
    signer, signatory = _signatory(session, conn, draft.signatory_username)
    draft = dataclasses.replace(draft, victim_uuid=victim_uuid, signatory_username=signer)
    draft_json = dataclasses.asdict(draft)
    content = {
        "format": 1, "draft": draft_json, "victim": _victim_to_json(victim),
        "destination": {"position": dest.addressee, "name": dest.name, "address": dest.address, "place": "",
                        "type": dest.type.value},
        "signatory": dataclasses.asdict(signatory) if signatory else None,
    }
    return draft, dest, content


def suggest_draft(session: Session, case: Case, destination_id: str, purpose: str = "") -> LetterDraft:
    """A draft pre-filled from an opened case: chronology, services given, latest assessment, contact officer."""
    with indonesian():
        given = tuple(f"{codes.label('service', s.service, 'id')} ({i18n.format_date(s.date)})"
                      for s in sorted(case.services, key=lambda s: s.date))
    latest = max(case.assessments, key=lambda a: a.date) if case.assessments else None
    chronology = "\n".join(i.chronology.strip() for i in case.incidents if i.chronology.strip())
    return LetterDraft(
        destination_id=destination_id, purpose=purpose, chronology=chronology[:4000], services_given=given,
        condition_physical=latest.physical if latest else "",
        condition_psychological=latest.psychological if latest else "",
        condition_family=(latest.family or latest.social) if latest else "",
        contact_name=session.user.full_name, tembusan=("Arsip",),
        victim_uuid=case.victims[0].uuid if case.victims else "",
    )


# --- use cases ----------------------------------------------------------------------------------------------

def create_letter(session: Session, case_ref: str, draft: LetterDraft | None = None, *,
                  destination_id: str | None = None, purpose: str = "") -> Letter:
    """Draft a letter from a case the user may open; without ``draft`` the case's own data pre-fills it."""
    state = cases.case_state(session, case_ref)
    if state.read_only:
        raise PermissionDenied(_("Kasus ini sudah dilimpahkan ke kantor lain dan hanya dapat dibaca."))
    case = cases.get_case(session, state.uuid)
    if draft is None:
        if not destination_id:
            raise ValidationError(_("Pilih tujuan rujukan."), field="destination")
        draft = suggest_draft(session, case, destination_id, purpose)
    dest = destinations.get_destination(session, draft.destination_id)
    if not dest.active:
        raise ValidationError(_("Tujuan rujukan ini sudah dinonaktifkan."), field="destination")
    letter_id = str(uuid.uuid4())
    with session.db.transaction() as c:
        draft, dest, content = _build(session, c, case, draft)
        letters_repo.insert_letter(c, id=letter_id, case_uuid=state.uuid, destination_id=dest.id,
                                   destination_type=dest.type.value, destination_name=dest.name, hal=draft.hal,
                                   content=json.dumps(content, ensure_ascii=False), user_id=session.user.id,
                                   now=clock.timestamp())
        session.audit("letter_drafted", "letter", letter_id, conn=c)
        if draft.disclosure:
            session.audit("letter_disclosure_changed", "letter", letter_id, conn=c)
    return get_letter(session, letter_id)


def _fetch(session: Session, letter_id: str) -> Letter:
    row = letters_repo.get_letter(session.db.conn, letter_id)
    if row is None:
        raise NotFound(_("Surat rujukan tidak ditemukan."))
    cases.case_state(session, row.case_uuid)  # raises (and logs) when the user may not open the case
    return _letter(row, _overdue_before(session))


def get_letter(session: Session, letter_id: str) -> Letter:
    return _fetch(session, letter_id)


def update_letter(session: Session, letter_id: str, draft: LetterDraft, *, version: int) -> Letter:
    """Save an edited draft; an approved letter cannot change."""
    letter = _fetch(session, letter_id)
    if letter.status is LetterStatus.DISETUJUI:
        raise LetterLocked(_("Surat yang sudah disetujui tidak dapat diubah."), field="status")
    case = cases.get_case(session, letter.case_uuid)
    with session.db.transaction() as c:
        draft, dest, content = _build(session, c, case, draft)
        ok = letters_repo.update_draft(c, letter.id, expected_version=version, destination_id=dest.id,
                                       destination_type=dest.type.value, destination_name=dest.name, hal=draft.hal,
                                       content=json.dumps(content, ensure_ascii=False), user_id=session.user.id,
                                       now=clock.timestamp())
        if not ok:
            raise cases.CaseChangedElsewhere(_("Surat ini telah diubah atau disetujui oleh pengguna lain. "
                                               "Buka ulang surat lalu ulangi perubahan Anda."))
        session.audit("letter_updated", "letter", letter.id, conn=c)
        if draft.disclosure != letter.draft.disclosure:
            session.audit("letter_disclosure_changed", "letter", letter.id, conn=c)
    return get_letter(session, letter.id)


def _secret(conn) -> bytes:
    value = accounts_repo.get_setting(conn, SECRET_KEY)
    if not value:
        value = secrets.token_hex(32)
        accounts_repo.set_setting(conn, SECRET_KEY, value)
    return bytes.fromhex(value)


def verification_code(secret: bytes, number: str, on: dt.date, destination_type: str) -> str:
    """10 base32 characters of HMAC-SHA256 over number, date and destination type."""
    mac = hmac.new(secret, f"{number}|{on.isoformat()}|{destination_type}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac).decode()[:CODE_LENGTH]


def approve_letter(session: Session, letter_id: str) -> Letter:
    """Approve a draft: the number is taken, formatted and stored in this one transaction, or not at all."""
    session.require(Permission.APPROVE_LETTERS)
    letter = _fetch(session, letter_id)
    if letter.status is LetterStatus.DISETUJUI:
        raise LetterLocked(_("Surat ini sudah disetujui dengan nomor {number}.").format(number=letter.number),
                           field="status")
    today = clock.now().date()
    office = session.office.code
    with session.db.transaction() as c:
        row = letters_repo.get_letter(c, letter.id)
        if row is None or row.status != LetterStatus.DRAF.value:
            raise LetterLocked(_("Surat ini sudah disetujui oleh pengguna lain."), field="status")
        content = json.loads(row.content)
        _signer, signatory = _signatory(session, c, content["draft"].get("signatory_username", ""))
        if signatory is None:
            raise ValidationError(_("Pilih penanda tangan surat sebelum menyetujui."), field="signatory")
        pattern = number_pattern(session, c)
        seq = letters_repo.next_sequence(c, office, today.year)
        number = pattern.format(seq, today, office=office)
        if letters_repo.number_taken(c, number):
            raise ValidationError(_("Nomor surat {number} sudah terpakai: pola nomor surat harus memuat {{year}} "
                                    "atau {{seq}} yang berbeda.").format(number=number), field="pattern")
        code = verification_code(_secret(c), number, today, row.destination_type)
        content.update(signatory=dataclasses.asdict(signatory), number=number, date=today.isoformat(),
                       verification_code=code, paper=paper(session),
                       letterhead={k: v for k, v in dataclasses.asdict(office_letterhead(session)).items()
                                   if k != "logo_png"})
        letters_repo.mark_approved(c, letter.id, office=office, year=today.year, seq=seq, number=number,
                                   letter_date=today.isoformat(), code=code,
                                   content=json.dumps(content, ensure_ascii=False), user_id=session.user.id,
                                   now=clock.timestamp())
        session.audit("letter_approved", "letter", letter.id, conn=c)
    return get_letter(session, letter.id)


# --- rendering -------------------------------------------------------------------------------------------------

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


def letter_content(session: Session, letter: Letter) -> ReferralLetterContent:
    """The renderable letter: an approved one from its frozen snapshot, a draft with today's date and no number."""
    data = letter.content
    approved = letter.status is LetterStatus.DISETUJUI
    head = office_letterhead(session)
    if approved and data.get("letterhead"):
        head = OfficeLetterhead(**{**data["letterhead"], "logo_png": head.logo_png})
    draft, dest = letter.draft, data["destination"]
    sign = data.get("signatory") or {"position": "", "name": ""}
    return ReferralLetterContent(
        letterhead=head, number=data.get("number") if approved else None,
        date=dt.date.fromisoformat(data["date"]) if approved else clock.now().date(),
        destination_position=dest.get("position", ""), destination_name=dest["name"],
        destination_place=dest.get("place", ""), destination_address=dest.get("address", ""),
        victim=_victim_from_json(data["victim"]), purpose=draft.purpose, signatory=Signatory(**sign),
        hal=draft.hal, lampiran=draft.lampiran, services_requested=draft.services_requested,
        chronology=draft.chronology, services_given=draft.services_given,
        condition_physical=draft.condition_physical, condition_psychological=draft.condition_psychological,
        condition_family=draft.condition_family, attachments=draft.attachments, contact_name=draft.contact_name,
        contact_phone=draft.contact_phone, tembusan=draft.tembusan,
        verification_code=letter.display_code if approved else "",
        paper=data.get("paper") or paper(session), draft=not approved,
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


# --- register, verification, tracking --------------------------------------------------------------------------

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


def normalize_code(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"0": "O", "1": "I", "8": "B"}))


def verify_code(session: Session, code: str) -> Verification:
    """Check a verification code printed on a letter; shows number, date, destination type and status only."""
    wanted = normalize_code(code)
    row = letters_repo.letter_by_code(session.db.conn, wanted) if len(wanted) == CODE_LENGTH else None
    ok = False
    if row is not None and row.status == LetterStatus.DISETUJUI.value:
        secret = accounts_repo.get_setting(session.db.conn, SECRET_KEY)
        expected = verification_code(bytes.fromhex(secret or ""), row.number or "",
                                     dt.date.fromisoformat(row.letter_date), row.destination_type)
        ok = hmac.compare_digest(expected, wanted)
    if not ok:
        session.audit("letter_verify_failed", "letter", "")
        raise NotFound(_("Kode verifikasi tidak dikenal: surat ini tidak tercatat sebagai surat yang disetujui "
                         "kantor ini."))
    session.audit("letter_verified", "letter", row.id)
    return Verification(row.number, dt.date.fromisoformat(row.letter_date), DestinationType(row.destination_type),
                        LetterStatus(row.status), row.tracking)


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

