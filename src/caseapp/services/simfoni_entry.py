"""SIMFONI-PPA: the recap in SIMFONI's categories and order, the per-case input sheet, and the "entered" flag."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from caseapp.domain import regions
from caseapp.domain import simfoni_recap as simfoni
from caseapp.domain.ages import age_on
from caseapp.domain.case import Case
from caseapp.domain.errors import ValidationError
from caseapp.domain.report_facts import incident_date
from caseapp.i18n import _
from caseapp.services import cases, clock, reports
from caseapp.services.session import Session
from caseapp.store import reports_repo

# The recap's tables in the order of SIMFONI-PPA's entry form.
RECAP_ORDER = ("violence_cases", "violence_victims", "sex_age", "place", "relationship", "education", "occupation",
               "marital_status", "disability", "disability_type", "violence_perpetrators", "service")


def recap(session: Session, date_from: dt.date, date_to: dt.date, **area) -> reports.Report:
    """The figures SIMFONI-PPA asks for, as a report holding only the recap tables, in the form's order."""
    report = reports.make_report(session, date_from, date_to, **area)
    report.tables = [report.table(k) for k in RECAP_ORDER]
    return report


# --- the entered flag --------------------------------------------------------------------------------------------

def mark_entered(session: Session, ref: str, on: dt.date | None = None) -> dt.date:
    """Record that a case was entered into SIMFONI-PPA on ``on`` (today by default)."""
    stored = cases.case_state(session, ref)
    on = on or clock.now().date()
    if on > clock.now().date():
        raise ValidationError(_("Tanggal input SIMFONI tidak boleh di masa depan."), field="date")
    with session.db.transaction() as c:
        reports_repo.mark_entered(c, stored.uuid, entered_on=on.isoformat(), user_id=session.user.id,
                                  now=clock.timestamp())
        session.audit("simfoni_marked", "case", stored.uuid, conn=c)
    return on


def unmark_entered(session: Session, ref: str) -> None:
    stored = cases.case_state(session, ref)
    with session.db.transaction() as c:
        reports_repo.unmark_entered(c, stored.uuid)
        session.audit("simfoni_unmarked", "case", stored.uuid, conn=c)


def entered_on(session: Session, ref: str) -> dt.date | None:
    stored = cases.case_state(session, ref)
    value = reports_repo.entered_on(session.db.conn, stored.uuid)
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Pending:
    uuid: str
    case_number: str
    intake_date: dt.date
    violence_types: tuple[str, ...]


def pending(session: Session, date_from: dt.date = dt.date(2000, 1, 1), date_to: dt.date | None = None,
            limit: int = 1000) -> list[Pending]:
    """This office's cases (that the user may see) not yet marked as entered into SIMFONI-PPA, oldest first.

    Cases received from other offices are entered into SIMFONI-PPA by the office that owns them.
    """
    from caseapp.domain.accounts import Permission

    visible = None if session.user.can(Permission.VIEW_ALL_CASES) else (session.user.id, session.user.username)
    rows = reports_repo.pending_entry(session.db.conn, owner=session.office.code, date_from=date_from.isoformat(),
                                      date_to=(date_to or dt.date.max).isoformat(), visible_to=visible, limit=limit)
    return [Pending(u, n, dt.date.fromisoformat(d), tuple(v.split())) for u, n, d, v in rows]


# --- the input sheet ------------------------------------------------------------------------------------------------

def _cat(list_name: str, code: str | None) -> str:
    if not code:
        return "-"
    cats = simfoni.categories_for(list_name, code)
    labels = dict(simfoni.recap_list(list_name).categories)
    return ", ".join(labels.get(c, c) for c in cats) if cats else simfoni.unknown_label()


def _region(code: str | None) -> str:
    if not code:
        return "-"
    kec = ".".join(code.split(".")[:3])
    parts = [regions.name(kec) if code.count(".") >= 2 else None, regions.name(code) if code.count(".") >= 3 else None]
    return " / ".join(p for p in parts if p) or code


def input_sheet(session: Session, ref: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The case in the order of SIMFONI-PPA's entry form: (section, [(field, value)]); victims by initials only.

    Opening it is a case view (audited); the values are SIMFONI's category names.
    """
    case: Case = cases.get_case(session, ref)
    on = incident_date(case)
    sections: list[tuple[str, list[tuple[str, str]]]] = [(_("Data pengaduan"), [
        (_("Tanggal pengaduan"), case.intake_date.isoformat()),
        (_("Sumber pengaduan"), _cat("channel", case.channel)),
        (_("Nomor registrasi kantor"), case.case_number or "-"),
    ])]
    for i, v in enumerate(case.victims, start=1):
        age = age_on(v.birth_date, on) if v.birth_date and v.birth_date <= on else None
        sections.append((_("Data korban {n}").format(n=i), [
            (_("Inisial"), v.initials or "-"),
            (_("Jenis kelamin"), _cat("sex", v.sex)),
            (_("Umur saat kejadian"), _("{n} tahun").format(n=age) if age is not None else "-"),
            (_("Pendidikan"), _cat("education", v.education)),
            (_("Pekerjaan"), _cat("occupation", v.occupation)),
            (_("Status perkawinan"), _cat("marital_status", v.marital_status)),
            (_("Disabilitas"), "-" if v.has_disability is None else (
                ", ".join(_cat("disability_type", t) for t in v.disability_types) or _("Ya")) if v.has_disability
             else _("Tidak")),
            (_("Kecamatan/desa"), _region(v.region_code)),
        ]))
    for i, p in enumerate(case.perpetrators, start=1):
        age = age_on(p.birth_date, on) if p.birth_date and p.birth_date <= on else None
        rels = sorted({_cat("relationship", r.relationship) for r in case.relations if r.perpetrator == p.uuid})
        sections.append((_("Data pelaku {n}").format(n=i), [
            (_("Jenis kelamin"), _cat("sex", p.sex)),
            (_("Umur saat kejadian"), _("{n} tahun").format(n=age) if age is not None else "-"),
            (_("Hubungan dengan korban"), ", ".join(rels) or "-"),
            (_("Pendidikan"), _cat("education", p.education)),
            (_("Pekerjaan"), _cat("occupation", p.occupation)),
        ]))
    for i, inc in enumerate(case.incidents, start=1):
        sections.append((_("Data kejadian {n}").format(n=i), [
            (_("Tanggal kejadian"), inc.date.isoformat() if inc.date else "-"),
            (_("Tempat kejadian"), _cat("place", inc.place)),
            (_("Kecamatan/desa"), _region(inc.region_code)),
            (_("Jenis kekerasan"), ", ".join(dict.fromkeys(_cat("violence_type", t) for t in inc.violence_types))),
        ]))
    sections.append((_("Layanan"), [(s.date.isoformat(), _cat("service", s.service)) for s in case.services]
                     or [(_("Belum ada layanan"), "-")]))
    entered = reports_repo.entered_on(session.db.conn, case.uuid)
    sections.append((_("SIMFONI-PPA"), [(_("Sudah diinput ke SIMFONI"), entered or _("Belum"))]))
    return sections
