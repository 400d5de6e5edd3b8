"""The tanda terima slip (received by, date, signature) below a dashed cut line, for hand-delivered papers."""

from __future__ import annotations

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from caseapp.i18n import _
from caseapp.letters.fonts import SANS_BOLD
from caseapp.letters.page import DashedCutLine, esc, styles, table_style

BLANK = "." * 48


def receipt_slip(known: list[tuple[str, str]], width: float) -> Flowable:
    """``known``: (label, value) rows printed filled in; blank rows follow for the receiver to fill by hand."""
    st = styles()
    small = st["small"].clone("receipt", fontSize=10, leading=12)
    rows = [[Paragraph(esc(label), small), ":", Paragraph(esc(value), small)] for label, value in known]
    for label in (_("Diterima oleh (nama/jabatan)"), _("Tanggal/jam diterima")):
        rows.append([Paragraph(esc(label), small), ":", BLANK])
    rows.append([Paragraph(esc(_("Tanda tangan dan cap")), small), ":", ""])
    table = Table(rows, colWidths=[5.2 * cm, 0.4 * cm, width - 5.6 * cm - 0.6 * cm],
                  rowHeights=[None] * (len(rows) - 1) + [1.6 * cm])
    table.setStyle(table_style(*[
        ("FONTNAME", (0, 0), (-1, -1), small.fontName), ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    title = Paragraph(esc(_("TANDA TERIMA")), st["center"].clone("rt", fontName=SANS_BOLD, fontSize=11))
    box = Table([[title], [table]], colWidths=[width])
    box.setStyle(table_style(*[("BOX", (0, 0), (-1, -1), 0.6, "black"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
    return KeepTogether([Spacer(1, 0.5 * cm), DashedCutLine(_("potong di sini")), Spacer(1, 0.25 * cm), box])
