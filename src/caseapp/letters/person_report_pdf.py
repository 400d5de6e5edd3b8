"""The UU PDP access-request report: what the office holds about one person, case by case, under the kop.

Only that person's own recorded fields and, per case, the case number, intake date, stage and the person's role:
no chronology, no other person (a chronology names others).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from caseapp.domain.referral import OfficeLetterhead
from caseapp.i18n import _, format_date
from caseapp.letters.fonts import SANS_BOLD
from caseapp.letters.kop import letterhead
from caseapp.letters.page import MARGINS, PAGE_SIZES, build_pdf, esc, styles, table_style


@dataclass(frozen=True)
class PersonEntry:
    case_number: str
    intake_date: _dt.date
    status: str
    role: str
    fields: tuple[tuple[str, str], ...]  # (label, value) of this person only


@dataclass(frozen=True)
class PersonReportPage:
    letterhead: OfficeLetterhead
    searched_by: str           # e.g. "NIK 7406…" or "nama Siti Aminah"
    printed_on: _dt.date
    printed_by: str
    entries: tuple[PersonEntry, ...]


def render_person_report(page: PersonReportPage, *, paper: str = "A4") -> bytes:
    st = styles()
    width = PAGE_SIZES[paper][0] - MARGINS["left"] - MARGINS["right"]
    body = st["left"].clone("pr", fontSize=10.5, leading=13)
    title = st["center"].clone("prt", fontName=SANS_BOLD, fontSize=14, leading=17, spaceBefore=6)
    head = st["heading"].clone("prh", fontSize=11, leading=13.5, spaceBefore=8, spaceAfter=2)
    story: list[Flowable] = [
        *letterhead(page.letterhead, width),
        Paragraph(esc(_("DATA PRIBADI YANG DISIMPAN")), title),
        Paragraph(esc(_("Jawaban atas permintaan akses subjek data (UU No. 27 Tahun 2022 tentang Pelindungan Data "
                        "Pribadi)")), st["center"].clone("prs", fontSize=10, leading=12)),
        Spacer(1, 0.3 * cm),
        Paragraph(esc(_("Dicari menurut {what}; dicetak {date} oleh {user}. Ditemukan dalam {n} kasus.").format(
            what=page.searched_by, date=format_date(page.printed_on), user=page.printed_by, n=len(page.entries))),
            body),
        Paragraph(esc(_("Data ini diolah untuk penanganan kasus perlindungan perempuan dan anak. Uraian kejadian dan "
                        "data orang lain dalam kasus yang sama tidak dicantumkan.")), body),
    ]
    label_w = 4.6 * cm
    for i, e in enumerate(page.entries, start=1):
        rows = [(_("Nomor kasus"), e.case_number), (_("Tanggal pengaduan"), format_date(e.intake_date)),
                (_("Tahap kasus"), e.status), (_("Peran dalam kasus"), e.role), *e.fields]
        table = Table([[Paragraph(esc(k), body), ":", Paragraph(esc(v), body)] for k, v in rows],
                      colWidths=[label_w, 0.4 * cm, width - label_w - 0.4 * cm])
        table.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)))
        story.append(KeepTogether([Paragraph(esc(_("Kasus {i}").format(i=i)), head), table]))
    if not page.entries:
        story.append(Paragraph(esc(_("Tidak ada data tentang orang ini di kantor ini.")), head))
    return build_pdf(story, paper=paper, title=_("Data pribadi yang disimpan"),
                     footer=_("RAHASIA — hanya untuk subjek data"), marking=_("RAHASIA"))
