"""Case use cases: create, read (audited), save with optimistic locking, list and search, status, duplicates."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

import orjson

from caseapp.domain import case as case_rules
from caseapp.domain.accounts import Permission
from caseapp.domain.ages import age_on, is_child
from caseapp.domain.case import KORBAN, Case
from caseapp.domain.case_json import case_from_json, case_to_json
from caseapp.domain.case_list import CaseFilter, CaseSummary, name_key
from caseapp.domain.errors import CaseappError, NotFound, PermissionDenied
from caseapp.domain.nik import nik_warnings
from caseapp.domain.report_facts import report_rows
from caseapp.i18n import _
from caseapp.services import clock
from caseapp.services.session import Session
from caseapp.store import cases_repo
from caseapp.store.cases_repo import CaseRecord, StoredCase

CASE_NUMBER_PATTERN_KEY = "case_number_pattern"
CASE_NUMBER_OFFICE_KEY = "case_number_office"
# The rules behind the stored list columns (victim initials, due date). Raise the number when they change: the
# next unlock recomputes the columns of every stored case once (``refresh_list_columns``).
LIST_COLUMN_RULES_KEY = "case_list_column_rules"
LIST_COLUMN_RULES = "2"  # 2: initials hide titles (Wa Ode, Andi, Hj. …); the police clock covers sub-types
OPEN_INTERVENTION = {"direncanakan", "berjalan"}


class CaseChangedElsewhere(CaseappError):
    """Someone saved the case after it was opened; nothing was overwritten."""

    exit_code = 17


@dataclass(frozen=True)
class DuplicateHit:
    person_uuid: str       # the person on the case being saved
    other_case_uuid: str
    other_case_number: str
    reason: str            # "nik" or "name_birth"


# --- validation and derived columns -----------------------------------------------------------------------------

def validate(case: Case, *, today: dt.date | None = None, session: Session | None = None) -> Case:
    """Run the strict JSON validator over the case, so the editor and the importer share one set of rules.

    With a session, the office's extended code lists apply.
    """
    reg = None
    if session is not None:
        from caseapp.services.code_lists import registry

        reg = registry(session)
    return case_from_json(case_to_json(case), today=today, registry=reg)


def warnings(case: Case) -> list[tuple[str, str]]:
    """(field path, message) for things worth a second look that do not block saving: NIK disagreements, and
    what the law forbids or requires (mediation in sexual violence, a child's consent; ``domain.legal_warnings``)."""
    from caseapp.domain.legal_warnings import legal_warnings
    from caseapp.domain.regions import exists

    out = []
    for role, people in (("victims", case.victims), ("perpetrators", case.perpetrators), ("reporters", case.reporters),
                         ("child_witnesses", case.child_witnesses)):
        for i, p in enumerate(people):
            if p.nik:
                for msg in nik_warnings(p.nik, birth_date=p.birth_date, sex=p.sex, region_exists=exists):
                    out.append((f"{role}[{i}].nik", msg))
    return out + legal_warnings(case)


def _incident_date(case: Case) -> dt.date:
    dates = [i.date for i in case.incidents if i.date]
    return min(dates) if dates else case.intake_date


def _due_at(case: Case, registry=None) -> dt.datetime | None:
    due: list[dt.datetime] = []
    if case.status == "pengaduan" and case.risk_level:
        try:
            due.append(case_rules.response_deadline(case.risk_level, case.intake_datetime))
        except CaseappError:
            pass
    if case.status != case_rules.CLOSED:
        police = case_rules.police_report_deadline(case, registry)
        if police and case.police_reported_at is None:
            due.append(police)
        due.extend(case_rules.protection_due(case, registry))
        for item in case.interventions:
            if item.target_date and item.status in OPEN_INTERVENTION:
                due.append(dt.datetime.combine(item.target_date, dt.time(23, 59)))
        if case.follow_ups:
            last = max(case.follow_ups, key=lambda f: f.date)
            if last.next_date:
                due.append(dt.datetime.combine(last.next_date, dt.time(23, 59)))
    return min(due) if due else None


def _document_text(document: dict) -> str:
    """The stored text of a case document: ``json.dumps(document, ensure_ascii=False, separators=(",", ":"))``.

    orjson writes the same text for what ``case_to_json`` gives (string keys, no floats; tests compare every code
    point), several times faster. What orjson refuses (a lone surrogate, an integer beyond 64 bits) goes through
    json as before.
    """
    try:
        return orjson.dumps(document).decode()
    except orjson.JSONEncodeError:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _record(case: Case, owner_office: str, document: dict | None = None, registry=None) -> CaseRecord:
    """What the store writes for ``case``; ``document`` is ``case_to_json(case)`` when the caller already has it.

    ``registry``: the office's code lists (its own sub-types of sexual violence start the police clock too).
    """
    victims, people, names, aliases, guardians, niks = [], [], [], [], [], []
    for p in case.persons:  # one pass for what the columns, case_people rows and search text need
        if p.role == KORBAN:
            victims.append(p)
        people.append((p.uuid, p.role, name_key(p.name), p.nik or None,
                       p.birth_date.isoformat() if p.birth_date else None))
        names.append(p.name)
        if p.alias:
            aliases.append(p.alias)
        if p.guardian:
            guardians.append(p.guardian.name)
        if p.nik:
            niks.append(p.nik)
    incident = _incident_date(case)
    child = any(p.birth_date and is_child(age_on(p.birth_date, incident)) for p in victims)
    body = [i.chronology for i in case.incidents] + [n.text for n in case.notes]
    if case.legal_process is not None:  # the LP and court case numbers find the case too
        body += [t for t in (case.legal_process.police_report_number, case.legal_process.court_case_number) if t]
    due = _due_at(case, registry)
    return CaseRecord(
        uuid=case.uuid, case_number=case.case_number or "", owner_office=owner_office, status=case.status,
        risk_level=case.risk_level, intake_date=case.intake_date.isoformat(),
        victim_initials=", ".join([case_rules.initials(v.name) for v in victims]),
        victim_count=len(victims), child_victim=child, violence_types=tuple(sorted(case.violence_types)),
        due_at=due.isoformat(timespec="minutes") if due else None,
        document=_document_text(case_to_json(case) if document is None else document), people=tuple(people),
        assignments=tuple(dict.fromkeys(case.assigned_officers)), search_names=" ".join(names + aliases + guardians),
        search_niks=" ".join(niks), search_body="\n".join(body), report=report_rows(case, owner_office, registry),
    )


def _load(stored: StoredCase, session: Session) -> Case:
    # Stored documents were validated when saved; read them leniently so an old record always opens (also one saved
    # before the text lengths of domain/entry_limits.py existed: saving it again applies them).
    from caseapp.services.code_lists import registry

    case = case_from_json(stored.document, today=dt.date.max, region_exists=lambda _code: True,
                          registry=registry(session), limits=False)
    return replace(case, version=stored.version)


def _registry(session: Session):
    from caseapp.services.code_lists import registry

    return registry(session)


def refresh_list_columns(session: Session) -> int:
    """Recompute the stored list columns once after the rules behind them changed; returns how many rows changed.

    Only the derived columns change (no document, version or merge base), so nothing is sent to another office
    and nobody's edit is overwritten. A document that no longer parses keeps its old columns.
    """
    from caseapp.store import accounts_repo

    conn = session.db.conn
    if accounts_repo.get_setting(conn, LIST_COLUMN_RULES_KEY) == LIST_COLUMN_RULES:
        return 0
    reg = _registry(session)
    changed = []
    for uuid, document, old_initials, old_due in cases_repo.list_column_sources(conn):
        try:
            case = case_from_json(document, today=dt.date.max, region_exists=lambda _code: True, registry=reg)
        except CaseappError:
            continue
        initials = ", ".join([case_rules.initials(v.name) for v in case.victims])
        due = _due_at(case, reg)
        due_text = due.isoformat(timespec="minutes") if due else None
        if (initials, due_text) != (old_initials, old_due):
            changed.append((initials, due_text, uuid))
    with session.db.transaction() as c:
        cases_repo.set_list_columns(c, changed)
        accounts_repo.set_setting(c, LIST_COLUMN_RULES_KEY, LIST_COLUMN_RULES)
        if changed:
            session.audit("case_list_columns_refreshed", "case_list", str(len(changed)), conn=c)
    return len(changed)


# --- access ---------------------------------------------------------------------------------------------------

def _can_view(session: Session, stored: StoredCase) -> bool:
    return (session.user.can(Permission.VIEW_ALL_CASES) or stored.created_by == session.user.id
            or session.user.username in stored.assignments)


def _fetch(session: Session, ref: str, *, action: str = "case_viewed") -> StoredCase:
    conn = session.db.conn
    uuid = cases_repo.resolve_case_ref(conn, ref)
    stored = cases_repo.get_case(conn, uuid) if uuid else None
    if stored is None:
        raise NotFound(_("Kasus tidak ditemukan."))
    if not _can_view(session, stored):
        session.audit("case_access_denied", "case", stored.uuid)
        raise PermissionDenied(_("Anda tidak berwenang membuka kasus ini: kasus ini bukan milik Anda dan tidak ditugaskan kepada Anda."))
    return stored


def _visible_to(session: Session) -> tuple[str, str] | None:
    return None if session.user.can(Permission.VIEW_ALL_CASES) else (session.user.id, session.user.username)


# --- numbering ------------------------------------------------------------------------------------------------

def _number(session: Session, conn, on: dt.date) -> str:
    from caseapp.store import accounts_repo

    pattern = accounts_repo.get_setting(conn, CASE_NUMBER_PATTERN_KEY) or case_rules.DEFAULT_CASE_NUMBER_PATTERN
    office = accounts_repo.get_setting(conn, CASE_NUMBER_OFFICE_KEY) or session.office.code
    while True:
        seq = cases_repo.next_sequence(conn, office, on.year)
        number = case_rules.format_case_number(pattern, office=office, year=on.year, seq=seq, month=on.month)
        if not cases_repo.number_taken(conn, number):
            return number


# --- use cases ----------------------------------------------------------------------------------------------------

def create_case(session: Session, case: Case) -> Case:
    """Validate, number and store a new case; the creator can always see it."""
    case = validate(case, session=session)
    with session.db.transaction() as c:
        number = _number(session, c, case.intake_date)
        case = replace(case, case_number=number, version=1, competent_office=case.competent_office or session.office.code)
        cases_repo.insert_case(c, _record(case, session.office.code, registry=_registry(session)),
                               user_id=session.user.id, now=clock.timestamp())
        session.audit("case_created", "case", case.uuid, conn=c)
    return case


def create_case_from_json(session: Session, data) -> Case:
    from caseapp.services.code_lists import registry

    return create_case(session, case_from_json(data, registry=registry(session)))


def get_case(session: Session, ref: str) -> Case:
    """Open a case by uuid or number; the view is written to the audit log."""
    stored = _fetch(session, ref)
    case = _load(stored, session)
    session.audit("case_viewed", "case", stored.uuid)
    return case


def case_state(session: Session, ref: str) -> StoredCase:
    """Ownership and hand-over flags of a case (no document parsing, no audit entry)."""
    return _fetch(session, ref)


def save_case(session: Session, case: Case) -> Case:
    """Store an edited case if nobody else saved it meanwhile (``case.version`` is the one that was opened)."""
    stored = _fetch(session, case.uuid)
    if stored.read_only:
        raise PermissionDenied(_("Kasus ini sudah dilimpahkan ke kantor lain dan hanya dapat dibaca."))
    case = validate(replace(case, case_number=stored.case_number), session=session)
    with session.db.transaction() as c:
        ok = cases_repo.update_case(c, _record(replace(case, version=case.version + 1), stored.owner_office,
                                               registry=_registry(session)),
                                    expected_version=case.version, user_id=session.user.id, now=clock.timestamp())
        if not ok:
            raise CaseChangedElsewhere(
                _("Kasus ini telah disimpan oleh pengguna lain setelah Anda membukanya. Buka ulang kasus lalu ulangi perubahan Anda.")
            )
        session.audit("case_updated", "case", case.uuid, conn=c)
    return replace(case, version=case.version + 1)


def change_status(session: Session, ref: str, target: str, *, closure_reason: str | None = None,
                  reason: str = "") -> Case:
    """Move a case to another stage.

    ``reason`` (the officer's words) is required for a back-step and for closing a sexual-violence case with no
    police report time; it is kept as a note on the case, and the audit log links the stage change to that note
    (the log itself never holds case text).
    """
    from caseapp.services.code_lists import registry

    case = get_case(session, ref)
    moved = case_rules.transition(case, target, closure_reason=closure_reason, reason=reason,
                                  registry=registry(session), at=clock.now(), author=session.user.username)
    saved = save_case(session, moved)
    session.audit("case_status_changed", "case", case.uuid)
    if case_rules.is_back_step(case.status, target):
        session.audit("case_stage_back_step", "case", case.uuid)
    new_notes = moved.notes[len(case.notes):]
    for note in new_notes:
        session.audit("case_stage_reason_recorded", "case_note", note.uuid)
    return saved


def list_cases(session: Session, flt: CaseFilter, *, offset: int = 0, limit: int = 100,
               after: CaseSummary | None = None) -> list[CaseSummary]:
    """One page of the list; ``after``: the last row of the previous page (listed with the same filter)."""
    return list_cases_on(session, session.db.conn, flt, offset=offset, limit=limit, after=after)


def list_cases_on(session: Session, conn, flt: CaseFilter, *, offset: int = 0, limit: int = 100,
                  after: CaseSummary | None = None) -> list[CaseSummary]:
    """``list_cases`` on a given connection of the session's store (e.g. a read connection of its own)."""
    flt = replace(flt, extra={**flt.extra, "me": (session.user.id, session.user.username)})
    return cases_repo.list_cases(conn, flt, visible_to=_visible_to(session),
                                 now_iso=clock.now().replace(tzinfo=None).isoformat(timespec="minutes"),
                                 offset=offset, limit=limit, after=after.position if after is not None else None)


def count_cases(session: Session, flt: CaseFilter, *, cap: int | None = None) -> int:
    """How many cases the list holds; with ``cap``, a result above ``cap`` means only "more than ``cap``"."""
    return count_cases_on(session, session.db.conn, flt, cap=cap)


def count_cases_on(session: Session, conn, flt: CaseFilter, *, cap: int | None = None) -> int:
    """``count_cases`` on a given connection of the session's store (e.g. a read connection of its own)."""
    flt = replace(flt, extra={**flt.extra, "me": (session.user.id, session.user.username)})
    return cases_repo.count_cases(conn, flt, visible_to=_visible_to(session),
                                  now_iso=clock.now().replace(tzinfo=None).isoformat(timespec="minutes"), cap=cap)


def find_duplicates(session: Session, case: Case) -> list[DuplicateHit]:
    """People on ``case`` who appear on another case: same NIK, or a similar name with the same birth date."""
    hits = []
    conn = session.db.conn
    for p in case.persons:
        birth = p.birth_date.isoformat() if p.birth_date else None
        by_nik = set(cases_repo.find_people(conn, nik=p.nik, name_key="", birth_date=None, exclude_case=case.uuid)) \
            if p.nik else set()
        by_name = set(cases_repo.find_people(conn, nik=None, name_key=name_key(p.name), birth_date=birth,
                                             exclude_case=case.uuid)) if birth else set()
        seen = set()
        for other_uuid, other_number, _other_person in sorted(by_nik) + sorted(by_name - by_nik):
            if other_uuid in seen:
                continue
            seen.add(other_uuid)
            reason = "nik" if any(h[0] == other_uuid for h in by_nik) else "name_birth"
            hits.append(DuplicateHit(p.uuid, other_uuid, other_number, reason))
    return hits


def can_view_case(session: Session, ref: str) -> bool:
    """Whether the user may open a case (for offering a link); writes no audit entry."""
    conn = session.db.conn
    uuid = cases_repo.resolve_case_ref(conn, ref)
    stored = cases_repo.get_case(conn, uuid) if uuid else None
    return stored is not None and _can_view(session, stored)


def export_case_json(session: Session, ref: str) -> dict:
    stored = _fetch(session, ref)
    data = case_to_json(_load(stored, session))
    session.audit("case_exported", "case", stored.uuid)
    return data
