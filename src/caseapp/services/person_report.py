"""UU PDP access request: everything the office holds about one person, found by NIK or name, as a PDF.

Only that person's own fields appear (never the chronology or another person of the same case); the report is
audited once (``person_report_created``) without the NIK or name that was searched.
"""

from __future__ import annotations

from caseapp.domain import codes, regions
from caseapp.domain.accounts import Permission
from caseapp.domain.case import Person
from caseapp.domain.case_list import name_key
from caseapp.domain.errors import ValidationError
from caseapp.i18n import _, format_date
from caseapp.letters.person_report_pdf import PersonEntry, PersonReportPage, render_person_report
from caseapp.services import clock
from caseapp.services.cases import get_case
from caseapp.services.referrals import office_letterhead, paper
from caseapp.services.session import Session
from caseapp.store import person_repo


def _label(list_name: str, code: str | None) -> str:
    return codes.label(list_name, code) if code else ""


def person_fields(p: Person) -> tuple[tuple[str, str], ...]:
    """The person's own recorded data, labelled; empty fields left out."""
    region = regions.name(p.region_code) if p.region_code else None
    rows = [
        (_("Nama"), p.name), (_("Nama lain/alias"), p.alias), (_("NIK"), p.nik or ""),
        (_("Jenis kelamin"), _label("sex", p.sex)),
        (_("Tanggal lahir"), format_date(p.birth_date) + (" " + _("(perkiraan)") if p.birth_date_estimated and
                                                         p.birth_date else "")),
        (_("Pendidikan"), _label("education", p.education)), (_("Pekerjaan"), _label("occupation", p.occupation)),
        (_("Status perkawinan"), _label("marital_status", p.marital_status)),
        (_("Disabilitas"), ", ".join(_label("disability_type", d) for d in p.disability_types)
         or ({True: _("ya"), False: _("tidak")}.get(p.has_disability, ""))),
        (_("Wilayah"), f"{region} ({p.region_code})" if region else (p.region_code or "")),
        (_("Alamat"), p.street), (_("Telepon"), p.phone),
    ]
    return tuple((k, v) for k, v in rows if v)


def person_report_pdf(session: Session, *, nik: str | None = None, name: str | None = None) -> tuple[bytes, int]:
    """(PDF bytes, number of cases found). Supervisors and administrators only."""
    session.require(Permission.VIEW_ALL_CASES)
    if nik:
        nik = "".join(ch for ch in nik if ch.isdigit())
        if len(nik) != 16:
            raise ValidationError(_("NIK harus terdiri dari tepat 16 angka."), field="nik")
        matches = person_repo.find_person(session.db.conn, nik=nik)
        searched = _("NIK {nik}").format(nik=nik)
    elif name and name.strip():
        matches = person_repo.find_person(session.db.conn, name_key=name_key(name))
        searched = _("nama {name}").format(name=name.strip())
    else:
        raise ValidationError(_("Sebutkan NIK atau nama orang yang meminta datanya."), field="nik")
    entries = []
    for case_uuid, person_uuid in matches:
        case = get_case(session, case_uuid)
        person = next((p for p in case.persons if p.uuid == person_uuid), None)
        if person is None:
            continue
        entries.append(PersonEntry(case.case_number or "", case.intake_date, _label("case_status", case.status),
                                   _label("person_role", person.role), person_fields(person)))
    page = PersonReportPage(office_letterhead(session), searched, clock.now().date(), session.user.full_name,
                            tuple(entries))
    pdf = render_person_report(page, paper=paper(session))
    session.audit("person_report_created", "person", matches[0][1] if matches else "")
    return pdf, len(entries)
