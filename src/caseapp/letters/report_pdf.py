"""The printed statistics report: letterhead, headline figures, a chart of cases per month, and every table.

It receives text already suppressed (``services/report_exports.py``): no count below the threshold and no name,
NIK or case number reaches this module. The chart is drawn in greys with outlined bars so it reads the same on a
black-and-white printer; a month with a hidden count is drawn as an outlined, hatched bar labelled "<5".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import Color, black, white
from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from caseapp.domain.referral import OfficeLetterhead
from caseapp.i18n import _
from caseapp.letters.fonts import SANS, SANS_BOLD
from caseapp.letters.kop import letterhead
from caseapp.letters.page import MARGINS, PAGE_SIZES, build_pdf, esc, styles, table_style

MAX_VALUE_COLUMNS = 6   # value columns per printed part of a wide table
GREY = Color(0.55, 0.55, 0.55)
LIGHT = Color(0.85, 0.85, 0.85)


@dataclass(frozen=True)
class PrintedTable:
    title: str
    unit_text: str                   # e.g. "dihitung per korban"
    rows: list[list[str]]            # header first, total row last; cells already suppressed
    note: str = ""


@dataclass(frozen=True)
class MonthBar:
    label: str                       # e.g. "Jan 25"
    value: int | None                # None: hidden (a small count)


@dataclass(frozen=True)
class PrintedReport:
    letterhead: OfficeLetterhead
    title: str
    subtitle: str                    # period and area
    headline: list[tuple[str, str]]  # (label, shown value)
    months: list[MonthBar]
    tables: list[PrintedTable]
    footnotes: list[str] = field(default_factory=list)
    threshold: int = 5
    footer: str = ""


def month_chart(months: list[MonthBar], width: float, threshold: int, height: float = 5 * cm) -> Drawing:
    """Bars of cases per month; hidden months as hatched outlines reaching the threshold."""
    d = Drawing(width, height)
    left, bottom, top = 1.0 * cm, 0.9 * cm, 0.4 * cm
    plot_w, plot_h = width - left - 0.2 * cm, height - bottom - top
    peak = max([m.value or 0 for m in months] + [threshold, 1])
    d.add(Line(left, bottom, left + plot_w, bottom, strokeColor=black, strokeWidth=0.6))
    d.add(Line(left, bottom, left, bottom + plot_h, strokeColor=black, strokeWidth=0.6))
    for frac in (0.5, 1.0):
        y = bottom + plot_h * frac
        d.add(Line(left - 2, y, left + plot_w, y, strokeColor=LIGHT, strokeWidth=0.4))
        d.add(String(left - 3, y - 2.5, str(round(peak * frac)), fontName=SANS, fontSize=6.5, textAnchor="end"))
    if not months:
        return d
    step = plot_w / len(months)
    bar_w = step * 0.7
    label_every = max(1, round(len(months) / 12))
    for i, m in enumerate(months):
        x = left + i * step + (step - bar_w) / 2
        value = m.value if m.value is not None else threshold
        h = plot_h * value / peak
        if m.value is None:
            d.add(Rect(x, bottom, bar_w, h, fillColor=white, strokeColor=black, strokeWidth=0.5))
            for k in range(1, 4):
                d.add(Line(x, bottom + h * k / 4, x + bar_w, bottom + h * (k - 1) / 4, strokeColor=GREY,
                           strokeWidth=0.4))
            d.add(String(x + bar_w / 2, bottom + h + 1.5, f"<{threshold}", fontName=SANS, fontSize=5.5,
                         textAnchor="middle"))
        elif value:
            d.add(Rect(x, bottom, bar_w, h, fillColor=GREY, strokeColor=black, strokeWidth=0.5))
        if i % label_every == 0:
            d.add(String(x + bar_w / 2, bottom - 8, m.label, fontName=SANS, fontSize=6, textAnchor="middle"))
    return d


def _parts(rows: list[list[str]]) -> list[list[list[str]]]:
    """A wide table split into parts of at most MAX_VALUE_COLUMNS value columns, each with the label column."""
    n = len(rows[0]) - 1
    if n <= MAX_VALUE_COLUMNS:
        return [rows]
    return [[[r[0]] + r[1 + i:1 + i + MAX_VALUE_COLUMNS] for r in rows] for i in range(0, n, MAX_VALUE_COLUMNS)]


def _table(part: list[list[str]], width: float, cell_style, head_style) -> Table:
    label_w = min(4.6 * cm, width * 0.3)
    value_w = (width - label_w) / max(1, len(part[0]) - 1)
    cells = [[Paragraph(esc(c), head_style if r == 0 or r == len(part) - 1 else cell_style) if j == 0 or r == 0
              else c for j, c in enumerate(row)] for r, row in enumerate(part)]
    t = Table(cells, colWidths=[label_w] + [value_w] * (len(part[0]) - 1), repeatRows=1, hAlign="LEFT")
    t.setStyle(table_style(("FONTSIZE", (0, 0), (-1, -1), 8), ("LEADING", (0, 0), (-1, -1), 9.5),
                           ("GRID", (0, 0), (-1, -1), 0.4, black), ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                           ("FONTNAME", (0, -1), (-1, -1), SANS_BOLD), ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)))
    return t


def render_report(report: PrintedReport, *, paper: str = "A4") -> bytes:
    st = styles()
    width = PAGE_SIZES[paper][0] - MARGINS["left"] - MARGINS["right"]
    title = st["center"].clone("rt", fontName=SANS_BOLD, fontSize=13, leading=16, spaceBefore=6)
    sub = st["center"].clone("rs", fontSize=10.5, leading=13)
    head = st["heading"].clone("rh", fontSize=10.5, leading=12.5, spaceBefore=8, spaceAfter=1)
    small = st["small"].clone("rsm", fontSize=8, leading=9.5)
    cell = st["left"].clone("rc", fontSize=8, leading=9.5)
    cell_head = cell.clone("rch", fontName=SANS_BOLD)
    story: list[Flowable] = [*letterhead(report.letterhead, width), Paragraph(esc(report.title), title),
                             Paragraph(esc(report.subtitle), sub), Spacer(1, 0.3 * cm)]
    figures = Table([[esc(label), value] for label, value in report.headline], colWidths=[7 * cm, 3 * cm],
                    hAlign="LEFT")
    figures.setStyle(table_style(("FONTSIZE", (0, 0), (-1, -1), 10), ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (1, 0), (1, -1), SANS_BOLD)))
    story.append(figures)
    if report.months:
        story += [Paragraph(esc(_("Kasus per bulan (dihitung per kasus)")), head),
                  month_chart(report.months, width, report.threshold)]
    for table in report.tables:
        block: list[Flowable] = [Paragraph(esc(table.title), head),
                                 Paragraph(esc(table.unit_text + (". " + table.note if table.note else "")), small)]
        for part in _parts(table.rows):
            block += [_table(part, width, cell, cell_head), Spacer(1, 0.15 * cm)]
        story += [CondPageBreak(4 * cm), KeepTogether(block) if len(table.rows) < 14 else block[0]]
        if len(table.rows) >= 14:
            story += block[1:]
    if report.footnotes:
        story.append(Spacer(1, 0.3 * cm))
        story += [Paragraph(esc(note), small) for note in report.footnotes]
    return build_pdf(story, paper=paper, title=report.title, author=report.letterhead.unit,
                     footer=report.footer)
