"""Resume kasus: a printable case summary for case conferences and hand-overs, under the office letterhead.

The content is built (and reduced to the chosen disclosure profile) by ``services.case_summary``; this module only
lays out titled sections of label : value rows and paragraphs, with the RAHASIA marking on every page.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import cm

from caseapp.domain.referral import OfficeLetterhead
from caseapp.i18n import _
from caseapp.letters.fonts import SANS, SANS_BOLD, register_fonts
from caseapp.letters.kop import letterhead_block
from caseapp.letters.layout import CENTRE, JUSTIFY, Block, Grid, Keep, Paragraph, Space, Style
from caseapp.letters.page import FONT_SIZE, draw_pdf, frame_size

STYLE = Style(SANS, 11, 12.65)
TITLE = STYLE.but(font=SANS_BOLD, size=13, leading=15, align=CENTRE)
SUBTITLE = STYLE.but(align=CENTRE)
HEADING = STYLE.but(font=SANS_BOLD, space_before=8, indent=0.6 * cm, bullet_font=SANS)
TEXT = STYLE.but(align=JUSTIFY, indent=0.6 * cm, space_before=2)
SMALL = STYLE.but(size=9, leading=10.5, space_before=10)
LABEL_W, COLON_W = 4.4 * cm, 0.4 * cm


@dataclass(frozen=True)
class SummarySection:
    title: str
    rows: tuple[tuple[str, str], ...] = ()      # label : value
    paragraphs: tuple[str, ...] = ()             # free text after the rows (e.g. the chronology)
    items: tuple[str, ...] = ()                  # a numbered list (services, referrals)


@dataclass(frozen=True)
class CaseSummary:
    letterhead: OfficeLetterhead
    paper: str
    subtitle: str                               # "Nomor kasus 74.06/2026/0012 · profil: inisial"
    sections: tuple[SummarySection, ...]
    prepared: str                               # "Disusun oleh …, Rumbia, 5 Desember 2026"


def _rows(rows, width: float) -> Block:
    value_w = width - 0.6 * cm - LABEL_W - COLON_W
    return Grid([[(LABEL_W, Paragraph(k, STYLE)), (COLON_W, Paragraph(":", STYLE)), (value_w, Paragraph(v, STYLE))]
                 for k, v in rows], padding=(0, 0, 1, 0), x=0.6 * cm)


def render_case_summary(summary: CaseSummary) -> bytes:
    register_fonts()
    width, _h = frame_size(summary.paper)
    blocks: list[Block] = [letterhead_block(summary.letterhead, width), Space(0.4 * cm),
                           Paragraph(_("RESUME KASUS"), TITLE), Paragraph(summary.subtitle, SUBTITLE),
                           Space(0.2 * cm)]
    for n, section in enumerate(summary.sections, start=1):
        body: list[Block] = []
        if section.rows:
            body.append(_rows(section.rows, width))
        body += [Paragraph(p, TEXT) for p in section.paragraphs]
        body += [Paragraph(item, TEXT.but(indent=1.2 * cm), bullet=f"{i}.", bullet_x=0.6 * cm)
                 for i, item in enumerate(section.items, start=1)]
        if not body:
            body = [Paragraph(_("Belum dicatat."), TEXT)]
        blocks.append(Keep([Paragraph(section.title, HEADING, bullet=f"{n}."), body[0]]))
        blocks.extend(body[1:])
    blocks.append(Paragraph(summary.prepared, SMALL))
    return draw_pdf(blocks, paper=summary.paper, title=_("Resume Kasus"), author=summary.letterhead.unit,
                    marking=_("RAHASIA"), footer=_("Dokumen rahasia: hanya untuk pembahasan kasus dan serah terima "
                                                    "layanan."))


__all__ = ["CaseSummary", "SummarySection", "render_case_summary", "FONT_SIZE"]
