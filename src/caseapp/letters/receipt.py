"""The tanda terima slip (received by, date, signature) below a dashed cut line, for hand-delivered papers."""

from __future__ import annotations

from reportlab.lib.units import cm
from reportlab.platypus import Flowable

from caseapp.i18n import _
from caseapp.letters import layout
from caseapp.letters.fonts import SANS, SANS_BOLD
from caseapp.letters.page import LEADING, dashed_cut_line

BLANK = "." * 48
SIZE = 10
SMALL = layout.Style(SANS, SIZE, 12)
COLON = layout.Style(SANS, SIZE, LEADING)  # a plain table cell keeps the table's 1.15 leading
TITLE = layout.Style(SANS_BOLD, 11, LEADING, layout.CENTRE)


def receipt_block(known: list[tuple[str, str]], width: float) -> layout.Block:
    """``known``: (label, value) rows printed filled in; blank rows follow for the receiver to fill by hand."""
    small, colon = SMALL, COLON
    label_w, colon_w, value_w = 5.2 * cm, 0.4 * cm, width - 5.6 * cm - 0.6 * cm
    rows = [[(label_w, layout.Paragraph(label, small)), (colon_w, layout.Paragraph(":", colon)),
             (value_w, layout.Paragraph(value, small))] for label, value in known]
    for label in (_("Diterima oleh (nama/jabatan)"), _("Tanggal/jam diterima")):
        rows.append([(label_w, layout.Paragraph(label, small)), (colon_w, layout.Paragraph(":", colon)),
                     (value_w, layout.Paragraph(BLANK, colon))])
    rows.append([(label_w, layout.Paragraph(_("Tanda tangan dan cap"), small)),
                 (colon_w, layout.Paragraph(":", colon)), (value_w, None)])
    table = layout.Grid(rows, padding=(1.5, 2, 1.5, 2), heights=[None] * (len(rows) - 1) + [1.6 * cm])
    title = layout.Paragraph(_("TANDA TERIMA"), TITLE)
    box = layout.Grid([[(width, title)], [(width, table)]], padding=(3, 4, 3, 4), box=0.6)
    return layout.Keep([layout.Space(0.5 * cm), dashed_cut_line(_("potong di sini")), layout.Space(0.25 * cm), box])


def receipt_slip(known: list[tuple[str, str]], width: float) -> Flowable:
    """The slip for platypus documents (hand-over note), kept whole."""
    return layout.as_flowable(layout.Stack(receipt_block(known, width).blocks))
