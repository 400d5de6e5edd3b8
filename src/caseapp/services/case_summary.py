"""Resume kasus: a printable summary of one case for case conferences and hand-overs (issue 11).

Two disclosure profiles: ``full`` (names, birth dates, NIK, address down to the village, text as recorded) for
the team that handles the case, and ``initials`` (initials, ages, kabupaten only, no NIK, every name and village
in the text masked) for a case conference with other services. PDF bytes only; the print is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from caseapp import i18n
from caseapp.domain import codes, letter_masking, regions
from caseapp.domain.case import Case, Person
from caseapp.domain.errors import ValidationError
from caseapp.domain.legal_process import legal_process_rows
from caseapp.domain.referral import age_on, initials
from caseapp.i18n import _
from caseapp.letters.case_summary_pdf import CaseSummary, SummarySection, render_case_summary
from caseapp.services import cases, clock, referrals
from caseapp.services.session import Session

Profile = Literal["full", "initials"]
Purpose = Literal["preview", "print", "save"]
_AUDIT = {"preview": "case_summary_previewed", "print": "case_summary_printed", "save": "case_summary_saved_pdf"}


def _label(list_name: str, code: str | None) -> str:
    return codes.label(list_name, code, "id") if code else ""


def _place(code: str | None, full: bool) -> str:
    if not code:
        return ""
    if not full:  # kabupaten/kota and province only
        chain = [r for r in regions.parents(code) if r.level <= 2]
        return ", ".join(r.name for r in reversed(chain))
    return regions.full_path_label(code) or code


def _person_rows(p: Person, full: bool, when: dt.date, hidden) -> list[tuple[str, str]]:
    rows = [(_("Nama") if full else _("Inisial"), p.name if full else initials(p.name)),
            (_("Jenis kelamin"), _label("sex", p.sex))]
    if p.birth_date:
        age = _("{age} tahun saat kejadian").format(age=age_on(p.birth_date, when))
        rows.append((_("Tanggal lahir") if full else _("Umur"),
                     f"{i18n.format_date(p.birth_date)} ({age})" if full else age))
    if full and p.nik:
        rows.append((_("NIK"), p.nik))
    place = _place(p.region_code, full)
    address = ", ".join(x for x in ((p.street if full else ""), place) if x)
    if address:
        rows.append((_("Alamat"), address))
    if p.has_disability:
        rows.append((_("Disabilitas"), ", ".join(_label("disability_type", d) for d in p.disability_types) or _("Ya")))
    if p.guardian and p.guardian.name:
        guardian = f"{p.guardian.name} ({p.guardian.relationship})" if full else p.guardian.relationship
        rows.append((_("Orang tua/wali"), guardian or _("tercatat")))
    return [(k, v) for k, v in rows if v]


def build_summary(session: Session, case: Case, profile: Profile) -> CaseSummary:
    full = profile == "full"
    hidden = letter_masking.case_terms(case)

    def text(value: str) -> str:
        return value if full else letter_masking.mask(value, hidden)

    when = referrals.incident_date(case) or case.intake_date
    s: list[SummarySection] = [SummarySection(_("Data kasus"), tuple((k, v) for k, v in (
        (_("Nomor kasus"), case.case_number or ""), (_("Tanggal pengaduan"), i18n.format_date(case.intake_date)),
        (_("Saluran pengaduan"), _label("channel", case.channel)), (_("Status"), _label("case_status", case.status)),
        (_("Tingkat risiko"), _label("risk_level", case.risk_level)),
        (_("Petugas"), ", ".join(referrals.user_name(session, u) or u for u in case.assigned_officers))) if v))]
    for v in case.victims:
        s.append(SummarySection(_("Korban"), tuple(_person_rows(v, full, when, hidden))))
    for p in case.perpetrators:
        rows = _person_rows(p, full, when, hidden)
        rel = [_label("relationship", case.relationship(p.uuid, v.uuid)) for v in case.victims]
        rows.append((_("Hubungan dengan korban"), ", ".join(r for r in rel if r)))
        s.append(SummarySection(_("Terlapor"), tuple((k, v) for k, v in rows if v)))
    for w in case.child_witnesses:
        s.append(SummarySection(_("Anak saksi"), tuple(_person_rows(w, full, when, hidden))))
    for i in case.incidents:
        rows = ((_("Tanggal kejadian"), i18n.format_date(i.date) if i.date else _("tidak diketahui")),
                (_("Jenis kekerasan"), ", ".join(_label("violence_type", t) for t in i.violence_types)),
                (_("Tempat"), ", ".join(x for x in (_label("place", i.place), _place(i.region_code, full)) if x)))
        s.append(SummarySection(_("Kejadian"), tuple((k, v) for k, v in rows if v),
                                tuple(p for p in (text(i.chronology.strip()),) if p)))
    if case.assessments:
        a = max(case.assessments, key=lambda x: x.date)
        rows = ((_("Tanggal asesmen"), i18n.format_date(a.date)), (_("Fisik"), text(a.physical)),
                (_("Psikologis"), text(a.psychological)), (_("Sosial"), text(a.social)),
                (_("Keluarga"), text(a.family)), (_("Kebutuhan"), text(a.needs)),
                (_("Tingkat risiko"), _label("risk_level", a.risk_level)))
        s.append(SummarySection(_("Asesmen terakhir"), tuple((k, v) for k, v in rows if v)))
    s.append(SummarySection(_("Rencana intervensi"), items=tuple(
        " — ".join(x for x in (_label("service", it.service), text(it.goal), _label("intervention_status", it.status),
                               i18n.format_date(it.target_date) if it.target_date else "") if x)
        for it in case.interventions)))
    s.append(SummarySection(_("Layanan yang telah diberikan"), items=tuple(
        " — ".join(x for x in (i18n.format_date(sv.date), _label("service", sv.service), text(sv.provider)) if x)
        for sv in sorted(case.services, key=lambda sv: sv.date))))
    letters = referrals.list_letters(session, case_ref=case.uuid)
    s.append(SummarySection(_("Rujukan"), items=tuple(
        " — ".join(x for x in (l.number or _("draf"), i18n.format_date(l.letter_date) if l.letter_date else "",
                               l.destination_type.label, l.tracking_label) if x) for l in letters)))
    s.append(SummarySection(_("Persetujuan dan dasar pemrosesan"), items=tuple(
        " — ".join(x for x in (_label("lawful_basis", c.basis), _label("consent_giver", c.giver_relation),
                               ", ".join(_label("consent_scope", sc) for sc in c.scope),
                               i18n.format_date(c.given_at.date()) if c.given_at else "",
                               _("ditarik") if c.withdrawn_at else "") if x) for c in case.consents)))
    if case.legal_process is not None or case.police_reported_at is not None:
        s.append(SummarySection(_("Proses hukum"), tuple(legal_process_rows(case, full, text))))
    head = referrals.office_letterhead(session)
    today = clock.now().date()
    subtitle = _("Nomor kasus {number} · {profile}").format(
        number=case.case_number or "-", profile=_("identitas lengkap") if full else _("inisial saja"))
    prepared = _("Disusun oleh {name}, {place_date}.").format(
        name=session.user.full_name, place_date=", ".join(x for x in (head.city, i18n.format_date(today)) if x))
    return CaseSummary(head, referrals.paper(session), subtitle, tuple(s), prepared)


def render_case_summary_pdf(session: Session, case_ref: str, profile: Profile = "initials", *,
                            purpose: Purpose = "print") -> bytes:
    """PDF bytes of a case's resume (never a file); audited per purpose (``case_summary_printed`` by default).

    Only a user who may open the case gets it: ``cases`` refuses (and logs ``case_access_denied``) otherwise.
    """
    if profile not in ("full", "initials"):
        raise ValidationError(_("Profil resume harus \"full\" atau \"initials\"."), field="profile")
    case = cases.get_case(session, cases.case_state(session, case_ref).uuid)
    with referrals.indonesian():
        pdf = render_case_summary(build_summary(session, case, profile))
    session.audit(_AUDIT[purpose], "case", case.uuid)
    return pdf
