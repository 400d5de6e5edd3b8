"""The case record as immutable dataclasses, plus the status workflow, deadlines, initials and case numbers."""

from __future__ import annotations

import datetime as dt
import string
import uuid as _uuid
from dataclasses import dataclass, field, replace
from typing import Mapping

from caseapp.domain import names as _names
from caseapp.domain.codes import CodeRegistry, default_registry
from caseapp.domain.errors import ValidationError
from caseapp.domain.legal_process import LegalProcess
from caseapp.i18n import _

KORBAN, PELAKU, PELAPOR, ANAK_SAKSI = "korban", "pelaku", "pelapor", "anak_saksi"
# A child witness (anak saksi, UU 11/2012 SPPA Pasal 1 angka 5): a child under 18 who saw or heard the violence.
ROLES = (KORBAN, PELAKU, PELAPOR, ANAK_SAKSI)

# Violence types that start the UU TPKS 3×24 h police-report clock are marked ``police_clock`` in the
# violence_type code list; every code below a marked one inherits the mark (see ``starts_police_clock``).
POLICE_CLOCK_KEY = "police_clock"
POLICE_REPORT_HOURS = 72


def new_uuid() -> str:
    return str(_uuid.uuid4())


@dataclass(frozen=True)
class Guardian:
    """Parent or guardian who acts for a child victim (consent, contact)."""

    name: str
    relationship: str = ""   # free text, e.g. "ibu kandung"
    phone: str = ""
    nik: str | None = None


@dataclass(frozen=True)
class Person:
    role: str                               # person_role: korban / pelaku / pelapor / anak_saksi
    name: str
    uuid: str = field(default_factory=new_uuid)
    alias: str = ""
    nik: str | None = None
    sex: str | None = None                  # sex: L / P
    birth_date: dt.date | None = None
    birth_date_estimated: bool = False
    education: str | None = None
    occupation: str | None = None
    marital_status: str | None = None
    has_disability: bool | None = None      # None: not asked / unknown
    disability_types: tuple[str, ...] = ()
    region_code: str | None = None          # down to the village, e.g. "74.06.01.2001"
    street: str = ""
    phone: str = ""
    guardian: Guardian | None = None

    @property
    def initials(self) -> str:
        return initials(self.name)


@dataclass(frozen=True)
class Relation:
    """How a perpetrator is related to one victim (relationship code list)."""

    perpetrator: str   # Person.uuid
    victim: str        # Person.uuid
    relationship: str


@dataclass(frozen=True)
class Incident:
    date: dt.date | None
    violence_types: tuple[str, ...]
    uuid: str = field(default_factory=new_uuid)
    date_approximate: bool = False
    place: str | None = None
    region_code: str | None = None
    gbvims: tuple[str, ...] = ()
    chronology: str = ""


@dataclass(frozen=True)
class Assessment:
    date: dt.date
    uuid: str = field(default_factory=new_uuid)
    assessor: str = ""
    physical: str = ""
    psychological: str = ""
    social: str = ""
    family: str = ""
    needs: str = ""
    risk_level: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class InterventionItem:
    service: str
    uuid: str = field(default_factory=new_uuid)
    goal: str = ""
    provider: str = ""                 # who delivers it (this office or a referral destination)
    responsible: str = ""              # officer in charge
    target_date: dt.date | None = None
    agreed_with_client: bool = False
    status: str = "direncanakan"       # intervention_status


@dataclass(frozen=True)
class ServiceRecord:
    service: str
    date: dt.date
    uuid: str = field(default_factory=new_uuid)
    provider: str = ""
    officer: str = ""
    description: str = ""
    by_referral: bool = False


@dataclass(frozen=True)
class FollowUp:
    date: dt.date
    uuid: str = field(default_factory=new_uuid)
    officer: str = ""
    method: str = ""                   # e.g. kunjungan rumah, telepon
    result: str = ""
    next_date: dt.date | None = None


@dataclass(frozen=True)
class Note:
    created_at: dt.datetime
    text: str
    uuid: str = field(default_factory=new_uuid)
    author: str = ""


@dataclass(frozen=True)
class Consent:
    """Lawful basis for processing (UU 27/2022 PDP): consent by someone, or another basis."""

    basis: str                                     # lawful_basis
    uuid: str = field(default_factory=new_uuid)
    given_by: str = ""                             # name of whoever consented
    giver_relation: str | None = None              # consent_giver: diri_sendiri / orang_tua / wali / pendamping
    scope: tuple[str, ...] = ()                    # consent_scope codes
    given_at: dt.datetime | None = None
    withdrawn_at: dt.datetime | None = None
    note: str = ""

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for what a consent-based record lacks."""
        out: list[tuple[str, str]] = []
        if self.basis == "persetujuan":
            if not self.given_by.strip():
                out.append(("given_by", _("Persetujuan harus menyebut siapa yang memberikannya.")))
            if self.given_at is None:
                out.append(("given_at", _("Persetujuan harus mencatat waktu diberikan.")))
            if not self.scope:
                out.append(("scope", _("Persetujuan harus menyebut cakupannya.")))
        elif not self.note.strip():
            out.append(("note", _("Dasar pemrosesan selain persetujuan harus dijelaskan.")))
        return out


_ROLE_ORDER = {r: i for i, r in enumerate(ROLES)}


@dataclass(frozen=True)
class Case:
    intake_date: dt.date
    channel: str
    uuid: str = field(default_factory=new_uuid)
    case_number: str | None = None
    intake_time: dt.time | None = None
    status: str = "pengaduan"
    closure_reason: str | None = None
    risk_level: str | None = None
    competent_office: str | None = None            # office code holding kewenangan
    confidential: bool = True
    assigned_officers: tuple[str, ...] = ()
    version: int = 1
    police_reported_at: dt.datetime | None = None
    persons: tuple[Person, ...] = ()               # kept ordered: victims, perpetrators, reporters, child witnesses
    relations: tuple[Relation, ...] = ()
    incidents: tuple[Incident, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    interventions: tuple[InterventionItem, ...] = ()
    services: tuple[ServiceRecord, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    notes: tuple[Note, ...] = ()
    consents: tuple[Consent, ...] = ()
    legal_process: LegalProcess | None = None      # None: nothing recorded (never an empty record)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.persons, key=lambda p: _ROLE_ORDER.get(p.role, len(ROLES))))
        if ordered != self.persons:
            object.__setattr__(self, "persons", ordered)

    @property
    def victims(self) -> tuple[Person, ...]:
        return tuple(p for p in self.persons if p.role == KORBAN)

    @property
    def perpetrators(self) -> tuple[Person, ...]:
        return tuple(p for p in self.persons if p.role == PELAKU)

    @property
    def reporters(self) -> tuple[Person, ...]:
        return tuple(p for p in self.persons if p.role == PELAPOR)

    @property
    def child_witnesses(self) -> tuple[Person, ...]:
        return tuple(p for p in self.persons if p.role == ANAK_SAKSI)

    @property
    def violence_types(self) -> frozenset[str]:
        return frozenset(t for inc in self.incidents for t in inc.violence_types)

    @property
    def intake_datetime(self) -> dt.datetime:
        return dt.datetime.combine(self.intake_date, self.intake_time or dt.time(0, 0))

    def relationship(self, perpetrator_uuid: str, victim_uuid: str) -> str | None:
        for rel in self.relations:
            if rel.perpetrator == perpetrator_uuid and rel.victim == victim_uuid:
                return rel.relationship
        return None


# --- status workflow -------------------------------------------------------------------------------------------

STATUSES = ("pengaduan", "penjangkauan", "asesmen", "rencana_intervensi", "layanan", "monitoring", "selesai")
CLOSED = "selesai"
REOPEN_TO = "asesmen"

# Forward one step (outreach, penjangkauan, is optional); any open case may be closed (with a reason: e.g.
# bukan_kewenangan at intake); a closed case reopens at asesmen. Back-steps (re-assessment when the situation
# changes, new services after monitoring) need a written reason, which is kept as a note on the case and audited.
TRANSITIONS: Mapping[str, frozenset[str]] = {
    "pengaduan": frozenset({"penjangkauan", "asesmen", CLOSED}),
    "penjangkauan": frozenset({"asesmen", CLOSED}),
    "asesmen": frozenset({"rencana_intervensi", CLOSED}),
    "rencana_intervensi": frozenset({"layanan", "asesmen", CLOSED}),
    "layanan": frozenset({"monitoring", "asesmen", CLOSED}),
    "monitoring": frozenset({"layanan", "asesmen", CLOSED}),
    CLOSED: frozenset({REOPEN_TO}),
}


def allowed_transitions(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def can_transition(current: str, target: str) -> bool:
    return target in allowed_transitions(current)


def is_back_step(current: str, target: str) -> bool:
    """True for a move to an earlier open stage (re-assessment, services again); reopening is not one."""
    if current == CLOSED or target == CLOSED or current not in STATUSES or target not in STATUSES:
        return False
    return STATUSES.index(target) < STATUSES.index(current)


def needs_police_report_reason(case: Case, target: str, registry: CodeRegistry | None = None) -> bool:
    """Closing a sexual-violence case with no police report time recorded needs a written reason (UU TPKS 41)."""
    return target == CLOSED and case.police_reported_at is None and involves_sexual_violence(case, registry)


def needs_monitoring_record(case: Case, closure_reason: str | None, registry: CodeRegistry | None = None) -> bool:
    """Closing for a reason marked ``needs_monitoring`` (goals met) with no follow-up recorded needs a reason."""
    entry = (registry or default_registry())["closure_reason"].get(closure_reason or "")
    return entry is not None and entry.extra.get("needs_monitoring") is True and not case.follow_ups


def transition(case: Case, target: str, *, closure_reason: str | None = None, reason: str = "",
               registry: CodeRegistry | None = None, at: dt.datetime | None = None, author: str = "") -> Case:
    """The case moved to ``target``; closing needs a valid reason, reopening clears it.

    ``reason`` is the officer's written reason. It is required for a back-step, for closing a sexual-violence
    case that has no police report time, and for closing as "goals met" with no monitoring (follow-up) record;
    when given it is kept as a note on the case (dated ``at``, by ``author``).
    """
    registry = registry or default_registry()
    reason = (reason or "").strip()
    if not can_transition(case.status, target):
        raise ValidationError(_("Perubahan tahap kasus ini tidak diperbolehkan."), field="status")
    back = is_back_step(case.status, target)
    if back and not reason:
        raise ValidationError(_("Kembali ke tahap sebelumnya harus disertai alasan."), field="reason")
    if target == CLOSED:
        if not closure_reason:
            raise ValidationError(_("Alasan penutupan kasus wajib diisi."), field="closure_reason")
        if not registry.is_valid("closure_reason", closure_reason):
            raise ValidationError(_("Alasan penutupan tidak dikenal."), field="closure_reason")
        if needs_police_report_reason(case, target, registry) and not reason:
            raise ValidationError(
                _("Kasus kekerasan seksual ini belum mencatat waktu laporan ke polisi (UU TPKS Pasal 41). "
                  "Isi waktu laporan ke polisi, atau tuliskan alasan kasus ditutup tanpa laporan polisi."),
                field="police_reported_at")
        if needs_monitoring_record(case, closure_reason, registry) and not reason:
            raise ValidationError(
                _("Belum ada catatan monitoring (tindak lanjut) untuk menunjukkan tujuan intervensi tercapai. "
                  "Catat tindak lanjutnya dahulu, atau tuliskan alasan penutupan."), field="reason")
    notes = case.notes
    if reason:
        stages = registry["case_status"]
        if back:
            head = _("Kembali dari tahap {dari} ke {ke}").format(dari=stages.label(case.status),
                                                                 ke=stages.label(target))
        elif needs_police_report_reason(case, target, registry):
            head = _("Ditutup tanpa laporan ke polisi")
        elif target == CLOSED:
            head = _("Ditutup: {alasan}").format(alasan=registry["closure_reason"].label(closure_reason or ""))
        else:
            head = _("Tahap diubah dari {dari} ke {ke}").format(dari=stages.label(case.status),
                                                                ke=stages.label(target))
        when = at if at is not None else dt.datetime.now().astimezone()
        notes = notes + (Note(created_at=when, text=f"{head}. {_('Alasan')}: {reason}", author=author),)
    if target == CLOSED:
        return replace(case, status=target, closure_reason=closure_reason, notes=notes)
    return replace(case, status=target, closure_reason=None, notes=notes)


# --- deadlines -------------------------------------------------------------------------------------------------

def starts_police_clock(violence_type: str, registry: CodeRegistry | None = None) -> bool:
    """True for a code marked ``police_clock`` in the data, or any code below one (e.g. pelecehan seksual fisik)."""
    return (registry or default_registry()).inherited("violence_type", violence_type, POLICE_CLOCK_KEY) is True


def involves_sexual_violence(case: Case, registry: CodeRegistry | None = None) -> bool:
    """True when any incident has a violence type under sexual violence or sexual exploitation."""
    registry = registry or default_registry()
    return any(starts_police_clock(t, registry) for t in case.violence_types)


def police_report_deadline(case: Case, registry: CodeRegistry | None = None) -> dt.datetime | None:
    """UU 12/2022 (TPKS): report sexual violence to the police within 3×24 h of receiving it; else None."""
    if not involves_sexual_violence(case, registry):
        return None
    return case.intake_datetime + dt.timedelta(hours=POLICE_REPORT_HOURS)


TEMPORARY_PROTECTION_HOURS = 24
DOMESTIC_PLACE = "rumah_tangga"


def involves_domestic_violence(case: Case) -> bool:
    """An incident in the household (UU 23/2004 PKDRT applies)."""
    return any(inc.place == DOMESTIC_PLACE for inc in case.incidents)


def temporary_protection_deadline(case: Case, registry: CodeRegistry | None = None) -> dt.datetime | None:
    """When the police must have given temporary protection: 1×24 h after the report (UU TPKS Pasal 42 for sexual
    violence, UU PKDRT Pasal 16 for domestic violence); None before a police report time is recorded."""
    if case.police_reported_at is None or not (involves_sexual_violence(case, registry)
                                               or involves_domestic_violence(case)):
        return None
    return case.police_reported_at + dt.timedelta(hours=TEMPORARY_PROTECTION_HOURS)


PROTECTION_REQUEST_HOURS = 24


def temporary_protection_required(case: Case, registry: CodeRegistry | None = None) -> bool:
    """True when the police *must* give temporary protection (UU PKDRT Pasal 16 ayat 1: domestic violence); under
    UU TPKS Pasal 42 ayat 1 they *may* ("dapat"), so a sexual-violence case alone shows the clock without making
    it overdue."""
    return temporary_protection_deadline(case, registry) is not None and involves_domestic_violence(case)


def temporary_protection_given(case: Case) -> dt.datetime | None:
    lp = case.legal_process
    return None if lp is None else lp.temporary_protection_at


def protection_request_deadline(case: Case, registry: CodeRegistry | None = None) -> dt.datetime | None:
    """When the police must have requested protection: 1×24 h after giving temporary protection — the protection
    order (perintah perlindungan) from the court, UU PKDRT Pasal 16 ayat 3; protection from LPSK, UU TPKS Pasal 43.
    None until temporary protection is recorded, or when neither law applies."""
    given = temporary_protection_given(case)
    if given is None or not (involves_sexual_violence(case, registry) or involves_domestic_violence(case)):
        return None
    return given + dt.timedelta(hours=PROTECTION_REQUEST_HOURS)


def protection_due(case: Case, registry: CodeRegistry | None = None) -> list[dt.datetime]:
    """The protection deadlines still open on an open case that has a legal-process record, for the overdue list:
    temporary protection where the law requires it and none is recorded, and the protection request once
    temporary protection was given.

    A case without a legal-process record (every case recorded before the record existed) gets none: its due date
    stays what it was; the case banner still shows the temporary-protection clock."""
    if case.status == CLOSED or case.legal_process is None:
        return []
    out = []
    if temporary_protection_given(case) is None and temporary_protection_required(case, registry):
        out.append(temporary_protection_deadline(case, registry))
    request = protection_request_deadline(case, registry)
    if request is not None and case.legal_process.protection_requested_at is None:
        out.append(request)
    return out


def response_deadline(risk_level: str, intake: dt.datetime, *, hours: Mapping[str, float] | None = None,
                      registry: CodeRegistry | None = None) -> dt.datetime:
    """When the first response is due: ``hours`` overrides the risk_level list's ``response_hours``."""
    if hours is not None and risk_level in hours:
        return intake + dt.timedelta(hours=hours[risk_level])
    entry = (registry or default_registry())["risk_level"].get(risk_level)
    if entry is None or entry.extra.get("response_hours") is None:
        raise ValidationError(_("Tingkat risiko tidak dikenal."), field="risk_level")
    return intake + dt.timedelta(hours=entry.extra["response_hours"])


# --- names and numbers -----------------------------------------------------------------------------------------

def initials(name: str) -> str:
    """'Siti Aminah' → 'S.A.', 'Wa Ode Hasniah' → 'H.': the masked form of a name (see ``domain.names``)."""
    return _names.initials(name)


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
CASE_NUMBER_FIELDS = {"office", "year", "seq", "month", "month_roman"}
DEFAULT_CASE_NUMBER_PATTERN = "{office}/{year}/{seq:04}"


def check_case_number_pattern(pattern: str) -> None:
    try:
        names = {f for _lit, f, _spec, _conv in string.Formatter().parse(pattern) if f is not None}
    except ValueError:
        raise ValidationError(_("Pola nomor kasus tidak dapat dibaca."), field="case_number_pattern") from None
    if "seq" not in names:
        raise ValidationError(_("Pola nomor kasus harus memuat {seq}."), field="case_number_pattern")
    if names - CASE_NUMBER_FIELDS:
        raise ValidationError(_("Pola nomor kasus memuat kolom yang tidak dikenal."), field="case_number_pattern")


def format_case_number(pattern: str, *, office: str, year: int, seq: int, month: int = 1) -> str:
    """Fill a configured pattern, e.g. '{office}/{year}/{seq:04}' → 'BMB/2024/0001'."""
    check_case_number_pattern(pattern)
    if seq < 1:
        raise ValidationError(_("Nomor urut kasus harus dimulai dari 1."), field="seq")
    try:
        return pattern.format(office=office, year=year, seq=seq, month=month, month_roman=_ROMAN[month - 1])
    except (ValueError, IndexError):
        raise ValidationError(_("Pola nomor kasus tidak dapat dipakai."), field="case_number_pattern") from None
