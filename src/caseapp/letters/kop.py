"""The kop surat (letterhead): optional logo left, centred bold lines, contact line, double rule beneath."""

from __future__ import annotations

import io

from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Table

from caseapp.domain.referral import OfficeLetterhead
from caseapp.i18n import _
from caseapp.letters.fonts import SANS, SANS_BOLD
from caseapp.letters.page import table_style

LOGO_WIDTH = 2.2 * cm


class _CentredLines(Flowable):
    """Centred single lines, each shrunk to fit the width (kop lines must not wrap)."""

    def __init__(self, lines: list[tuple[str, str, float]], gap: float = 2.5):
        super().__init__()
        self.lines = [line for line in lines if line[0]]
        self.gap = gap

    def _fitted(self, width):
        out = []
        for text, font, size in self.lines:
            while size > 7 and stringWidth(text, font, size) > width:
                size -= 0.25
            out.append((text, font, size))
        return out

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = sum(size + self.gap for _t, _f, size in self._fitted(avail_width))
        return self.width, self.height

    def draw(self):
        y = self.height
        for text, font, size in self._fitted(self.width):
            y -= size + self.gap
            self.canv.setFont(font, size)
            self.canv.drawCentredString(self.width / 2, y + self.gap, text)


class _KopRule(Flowable):
    """The classic kop underline: a thick line over a thin one."""

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, 6

    def draw(self):
        c = self.canv
        c.setLineWidth(2.2)
        c.line(0, 4.5, self.width, 4.5)
        c.setLineWidth(0.7)
        c.line(0, 1, self.width, 1)


def _contact_line(head: OfficeLetterhead) -> str:
    parts = []
    if head.phone:
        parts.append(_("Telp. {phone}").format(phone=head.phone))
    if head.email:
        parts.append(_("Pos-el: {email}").format(email=head.email))
    if head.website:
        parts.append(_("Laman: {website}").format(website=head.website))
    return "  ".join(p for p in parts if p)


def letterhead(head: OfficeLetterhead, width: float) -> list[Flowable]:
    lines = [
        (head.government.upper(), SANS_BOLD, 14),
        (head.agency.upper(), SANS_BOLD, 13),
        (head.unit.upper(), SANS_BOLD, 15),
        (head.address, SANS, 10),
        (_contact_line(head), SANS, 10),
    ]
    if head.logo_png:
        reader = ImageReader(io.BytesIO(head.logo_png))
        iw, ih = reader.getSize()
        logo = Image(io.BytesIO(head.logo_png), width=LOGO_WIDTH, height=LOGO_WIDTH * ih / iw)
        text_width = width - 2 * LOGO_WIDTH
        cells = [[logo, _CentredLines(lines), ""]]
        col_widths = [LOGO_WIDTH, text_width, LOGO_WIDTH]
    else:
        cells = [[_CentredLines(lines)]]
        col_widths = [width]
    table = Table(cells, colWidths=col_widths)
    table.setStyle(table_style(*[
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return [table, _KopRule()]
