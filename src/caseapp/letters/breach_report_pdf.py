"""The personal-data breach notification (UU 27/2022: within 3 x 24 hours of discovery), under the kop."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from caseapp.domain.referral import OfficeLetterhead
from caseapp.i18n import _, format_date, format_datetime
from caseapp.letters.fonts import SANS_BOLD
from caseapp.letters.kop import letterhead
from caseapp.letters.page import MARGINS, PAGE_SIZES, build_pdf, esc, styles, table_style


@dataclass(frozen=True)
class BreachPage:
    letterhead: OfficeLetterhead
    occurred_at: _dt.datetime | None
    discovered_at: _dt.datetime
    deadline: _dt.datetime
    description: str
    data_kinds: str
    people_count: int
    measures: str
    contact: str
    notified_at: _dt.datetime | None
    printed_on: _dt.date
    printed_by: str


def render_breach_report(page: BreachPage, *, paper: str = "A4") -> bytes:
    st = styles()
    width = PAGE_SIZES[paper][0] - MARGINS["left"] - MARGINS["right"]
    body = st["left"].clone("br", fontSize=10.5, leading=13.5)
    title = st["center"].clone("brt", fontName=SANS_BOLD, fontSize=14, leading=17, spaceBefore=6)
    rows = [
        (_("Kapan terjadi"), format_datetime(page.occurred_at) if page.occurred_at else _("belum diketahui")),
        (_("Kapan diketahui"), format_datetime(page.discovered_at)),
        (_("Batas pemberitahuan (3 × 24 jam)"), format_datetime(page.deadline)),
        (_("Pemberitahuan dikirim"), format_datetime(page.notified_at) if page.notified_at else _("belum")),
        (_("Apa yang terjadi dan bagaimana data terungkap"), page.description),
        (_("Data pribadi yang terungkap"), page.data_kinds),
        (_("Jumlah orang yang terdampak"), str(page.people_count)),
        (_("Upaya penanganan dan pemulihan"), page.measures),
        (_("Narahubung"), page.contact or "—"),
    ]
    label_w = 5.4 * cm
    table = Table([[Paragraph(esc(k), body), ":", Paragraph(esc(v).replace("\n", "<br/>"), body)] for k, v in rows],
                  colWidths=[label_w, 0.4 * cm, width - label_w - 0.4 * cm])
    table.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)))
    story: list[Flowable] = [
        *letterhead(page.letterhead, width),
        Paragraph(esc(_("PEMBERITAHUAN KEGAGALAN PELINDUNGAN DATA PRIBADI")), title),
        Paragraph(esc(_("Menurut UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi, pemberitahuan tertulis "
                        "disampaikan paling lambat 3 × 24 jam sejak kegagalan diketahui.")),
                  st["center"].clone("brs", fontSize=10, leading=12)),
        Spacer(1, 0.4 * cm),
        table,
        Spacer(1, 0.8 * cm),
        Paragraph(esc(_("Dicetak {date} oleh {user}.").format(date=format_date(page.printed_on),
                                                              user=page.printed_by)), body),
    ]
    return build_pdf(story, paper=paper, title=_("Pemberitahuan kegagalan pelindungan data pribadi"),
                     footer=_("RAHASIA"), marking=_("RAHASIA"))
