"""Drafting referral letters from a case: the prefilled draft (names and villages masked), the disclosed victim,
the persons the destination's profile receives, the signatory shown on the draft; create and update.

Part of the referral-letter services (see ``services.referrals``, which re-exports the public names).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid

from caseapp import i18n
from caseapp.domain import codes, letter_masking, regions
from caseapp.domain.accounts import Permission, User
from caseapp.domain.case import Case, Person
from caseapp.domain.entry_limits import MAX_TEXT_CHARS, SHORT_TEXT_CHARS, check_length
from caseapp.domain.errors import PermissionDenied, ValidationError
from caseapp.domain.referral import (
    DestinationType, DisclosedVictim, LetterStatus, Signatory, age_on, agency_title, disclosed_victim_fields,
)
from caseapp.domain.referral_consent import is_child
from caseapp.i18n import _
from caseapp.services import cases, clock, destinations, letterhead, signing
from caseapp.services.letter_records import (
    URGENCY, Letter, LetterDraft, LetterLocked, _fetch, _victim_to_json, get_letter, office_letterhead,
)
from caseapp.services.letter_rendering import indonesian
from caseapp.services.session import Session
from caseapp.store import accounts_repo, letters_repo

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


def incident_date(case: Case) -> dt.date | None:
    """The first incident's date: ages in a letter are ages at the incident (the law asks "was the victim a child")."""
    dates = [i.date for i in case.incidents if i.date]
    return min(dates) if dates else None


def _chosen_victim(case: Case, draft: LetterDraft) -> Person:
    victims = case.victims
    if not victims:
        raise ValidationError(_("Kasus ini belum mencatat korban; surat rujukan memerlukan korban."), field="victim")
    return next((p for p in victims if p.uuid == draft.victim_uuid), victims[0])


def _victim(case: Case, draft: LetterDraft, dest_type: DestinationType, on: dt.date) -> tuple[str, DisclosedVictim]:
    chosen = _chosen_victim(case, draft)
    when = incident_date(case)
    person = {**_person_mapping(chosen), "birth_place": draft.victim_birth_place}
    victim = disclosed_victim_fields(person, dest_type, dict(draft.disclosure) or None, on=when or on)
    if when and victim.age_years is not None:
        victim = dataclasses.replace(victim, age_at_incident=True)
    return chosen.uuid, victim


def _signing_head(session: Session, conn) -> str:
    return letterhead.head_position(session, conn)


def _signatory(session: Session, conn, username: str) -> tuple[str, Signatory | None]:
    """The signatory a draft shows (default: the head — an active approver signing in their own position)."""
    users = [u for u in accounts_repo.list_users(conn) if u.active and u.can(Permission.APPROVE_LETTERS)]
    user = next((u for u in users if u.username == username), None) if username else None
    if username and user is None:
        raise ValidationError(_("Penanda tangan harus pengguna aktif yang berwenang menyetujui surat."),
                              field="signatory")
    if user is None:
        ranked = sorted(users, key=lambda u: (u.signs_as != "", u.role.value != "supervisor", not u.nip))
        user = (ranked or [None])[0]
    if user is None:
        return "", None
    return user.username, signing.signatory_of(user, session.office.name, _signing_head(session, conn))


def signatories(session: Session) -> list[User]:
    """Users who may sign (and approve) letters, for the composer's list."""
    return [u for u in accounts_repo.list_users(session.db.conn) if u.active and u.can(Permission.APPROVE_LETTERS)]


def _tuple(items) -> tuple[str, ...]:
    return tuple(s.strip() for s in items if s and s.strip())


def _clean(draft: LetterDraft, dest_type: DestinationType) -> LetterDraft:
    text = {f: getattr(draft, f).strip() for f in ("purpose", "chronology", "condition_physical",
                                                    "condition_psychological", "condition_family", "contact_name",
                                                    "contact_phone", "hal", "lampiran", "investigator_request",
                                                    "victim_birth_place", "escort_name")}
    lists = {f: _tuple(getattr(draft, f)) for f in ("services_requested", "services_given", "attachments", "tembusan")}
    draft = dataclasses.replace(draft, **text, **lists, disclosure=dict(draft.disclosure or {}))
    if not draft.hal:
        draft = dataclasses.replace(draft, hal=dest_type.default_hal)
    if draft.urgency not in URGENCY:
        raise ValidationError(_("Sifat surat harus Biasa, Segera, atau Sangat Segera."), field="urgency")
    if len(draft.chronology) > 4000:
        raise ValidationError(_("Kronologi singkat terlalu panjang (maksimal 4000 karakter)."), field="chronology")
    for f in ("purpose", "condition_physical", "condition_psychological", "condition_family"):
        check_length(getattr(draft, f), MAX_TEXT_CHARS, f)
    for f in ("contact_name", "contact_phone", "hal", "lampiran"):
        check_length(getattr(draft, f), SHORT_TEXT_CHARS, f)
    for f in ("services_requested", "services_given", "attachments", "tembusan"):
        for i, item in enumerate(getattr(draft, f)):
            check_length(item, SHORT_TEXT_CHARS, f"{f}[{i}]")
    if len(draft.investigator_request) > 120:
        raise ValidationError(_("Nomor permintaan penyidik terlalu panjang (maksimal 120 karakter)."),
                              field="investigator_request")
    if draft.visum and dest_type is not DestinationType.RSUD_PUSKESMAS:
        draft = dataclasses.replace(draft, visum=False)
    return dataclasses.replace(draft, lampiran=draft.lampiran or "-")


def _rows(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in pairs if v)


def _sections(case: Case, draft: LetterDraft, dest_type: DestinationType, victim: Person,
              on: dt.date, office_phone: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Persons the destination type's profile receives besides the victim: guardian, escort, terlapor."""
    rule = dest_type.default_disclosure.with_overrides(dict(draft.disclosure) or None)
    child = is_child(victim, incident_date(case) or on)
    out = []
    g = victim.guardian
    if rule.guardian and child and g and g.name:
        out.append((_("Orang tua/wali korban"), _rows((_("Nama"), g.name), (_("Hubungan"), g.relationship),
                                                      (_("Telepon"), g.phone))))
    if rule.escort and child and draft.escort_name:
        out.append((_("Petugas pendamping"), _rows((_("Nama"), draft.escort_name),
                                                   (_("Telepon kantor"), office_phone))))
    if rule.terlapor:
        when = incident_date(case) or on
        for p in case.perpetrators:
            relation = next((r.relationship for r in case.relations
                             if r.perpetrator == p.uuid and r.victim == victim.uuid), "")
            mapping = _person_mapping(p)
            age = _("{age} tahun").format(age=age_on(p.birth_date, when)) if p.birth_date else ""
            address = ", ".join(v for v in (mapping.get("street"), mapping.get("village"), mapping.get("district"),
                                             mapping.get("regency")) if v)
            out.append((_("Terlapor"), _rows(
                (_("Nama"), p.name), (_("Jenis kelamin"), mapping.get("sex", "")), (_("Umur"), age),
                (_("Hubungan dengan korban"), codes.label("relationship", relation, "id") if relation else ""),
                (_("Alamat"), address))))
    return out


def _build(session: Session, conn, case: Case, draft: LetterDraft) -> tuple[LetterDraft, destinations.Destination, dict]:
    dest = destinations.get_destination(session, draft.destination_id)
    draft = _clean(draft, dest.type)
    today = clock.now().date()
    victim_uuid, victim = _victim(case, draft, dest.type, today)
    signer, signatory = _signatory(session, conn, draft.signatory_username)
    draft = dataclasses.replace(draft, victim_uuid=victim_uuid, signatory_username=signer)
    draft_json = dataclasses.asdict(draft)
    person = _chosen_victim(case, draft)
    content = {
        "format": 2, "draft": draft_json, "victim": _victim_to_json(victim),
        "destination": {"position": dest.addressee, "name": dest.name, "address": dest.address, "place": dest.city,
                        "type": dest.type.value},
        "signatory": dataclasses.asdict(signatory) if signatory else None,
        "sections": [[title, [list(r) for r in rows]]
                     for title, rows in _sections(case, draft, dest.type, person, today, session.office.phone)],
    }
    return draft, dest, content


def user_name(session: Session, username: str) -> str:
    user = accounts_repo.get_user(session.db.conn, username) if username else None
    return user.full_name if user else ""


def suggest_draft(session: Session, case: Case, destination_id: str, purpose: str = "") -> LetterDraft:
    """A draft pre-filled from an opened case, every name and village of the case masked in the copied text.

    The contact officer is the case manager (the first assigned officer) with the office telephone; the tembusan
    goes to the head of the dinas and the archive.
    """
    dest = destinations.get_destination(session, destination_id)
    hidden = letter_masking.case_terms(case)

    def masked(text: str) -> str:
        return letter_masking.mask(text, hidden)

    with indonesian():
        given = tuple(masked(f"{codes.label('service', s.service, 'id')} ({i18n.format_date(s.date)})")
                      for s in sorted(case.services, key=lambda s: s.date))
        tembusan = (_("Kepala {agency} (sebagai laporan)").format(agency=agency_title(office_letterhead(session).agency)),
                    _("Arsip"))
    latest = max(case.assessments, key=lambda a: a.date) if case.assessments else None
    chronology = masked("\n".join(i.chronology.strip() for i in case.incidents if i.chronology.strip()))
    manager = user_name(session, case.assigned_officers[0]) if case.assigned_officers else ""
    return LetterDraft(
        destination_id=destination_id, purpose=purpose, chronology=chronology[:4000], services_given=given,
        condition_physical=masked(latest.physical) if latest else "",
        condition_psychological=masked(latest.psychological) if latest else "",
        condition_family=masked(latest.family or latest.social) if latest else "",
        contact_name=manager or session.user.full_name, contact_phone=session.office.phone,
        tembusan=tembusan, victim_uuid=case.victims[0].uuid if case.victims else "", hal=dest.type.default_hal,
        escort_name=manager or session.user.full_name,
    )


def disclosure_warnings(session: Session, case_ref: str, draft: LetterDraft) -> list[str]:
    """Names of persons and villages of the case that the officer typed into the letter's free text."""
    case = cases.get_case(session, cases.case_state(session, case_ref).uuid)
    hidden = letter_masking.case_terms(case)
    text = "\n".join([draft.purpose, draft.chronology, draft.condition_physical, draft.condition_psychological,
                      draft.condition_family, *draft.services_requested, *draft.services_given, *draft.attachments])
    return letter_masking.find_names(text, hidden)


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
