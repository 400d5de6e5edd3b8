"""Shared page setup for official documents: paper sizes, margins, styles, RAHASIA marking, footer, DRAF watermark.

Two ways to build a document: ``build_pdf`` lays out a platypus story (hand-over note, office card, recovery
kit); ``draw_pdf`` paginates ``letters.layout`` blocks straight on the canvas (the referral letter, for speed).
Both give the same pages: margins, marking, footer and watermark come from the functions below.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import partial
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, TableStyle

from caseapp.i18n import _
from caseapp.letters import layout
from caseapp.letters.fonts import MONO, SANS, SANS_BOLD, register_fonts

PAGE_SIZES = {"A4": (210 * mm, 297 * mm), "F4": (215 * mm, 330 * mm)}
MARGINS = {"left": 3 * cm, "right": 2 * cm, "top": 2 * cm, "bottom": 2.5 * cm}
FONT_SIZE = 12
LEADING = round(FONT_SIZE * 1.15, 2)
WATERMARK_GREY = Color(0.86, 0.86, 0.86)


def table_style(*commands) -> TableStyle:
    """A TableStyle whose plain-string cells use the embedded sans font (never reportlab's Helvetica default)."""
    register_fonts()
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS), ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE),
                       ("LEADING", (0, 0), (-1, -1), LEADING), *commands])


def esc(text: object) -> str:
    """Escape officer-typed text for a reportlab Paragraph."""
    return escape(str(text or ""))


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=SANS, fontSize=FONT_SIZE, leading=LEADING, alignment=TA_JUSTIFY,
                          bulletFontName=SANS, bulletFontSize=FONT_SIZE, allowWidows=0, allowOrphans=0)
    return {
        "body": body,
        "para": ParagraphStyle("para", parent=body, firstLineIndent=1.25 * cm, spaceBefore=4),
        "left": ParagraphStyle("left", parent=body, alignment=TA_LEFT),
        "heading": ParagraphStyle("heading", parent=body, fontName=SANS_BOLD, spaceBefore=6),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=10.5, alignment=TA_LEFT, bulletFontSize=9),
        "mono": ParagraphStyle("mono", parent=body, fontName=MONO, alignment=TA_LEFT),
    }


def dashed_cut_line(label: str) -> layout.Block:
    """A dashed line across the frame with a small 'potong di sini' label at the right."""

    def draw(p: layout.Painter, x: float, top: float, width: float) -> None:
        label_w = layout.text_width(label, SANS, 7)
        p.line(x, top - 5, x + width - label_w - 6, top - 5, 0.6, dash=(4, 3))
        p.text(x + width - label_w, top - 7, label, SANS, 7)

    return layout.Drawn(10, draw)


def _decorate(canvas: Canvas, page: int, pages: int, *, size, footer: str, marking: str) -> None:
    width, _height = size
    canvas.saveState()
    canvas.setFillColor(black)
    p = layout.Painter(canvas)
    if marking:
        mark_w = layout.text_width(marking, SANS_BOLD, 11)
        y = size[1] - 1.15 * cm
        p.text(width / 2 - mark_w / 2, y, marking, SANS_BOLD, 11)
        p.rect(width / 2 - mark_w / 2 - 5, y - 3.5, mark_w + 10, 15, 0.8)
    y = 1.4 * cm
    for i, line in enumerate(footer.split("\n") if footer else ()):  # a second line goes below the first
        p.text(MARGINS["left"], y - i * 10, line, SANS, 8)
    if pages > 1:
        numbers = _("Halaman {page} dari {pages}").format(page=page, pages=pages)
        p.text(width - MARGINS["right"] - layout.text_width(numbers, SANS, 8), y, numbers, SANS, 8)
    p.finish()
    canvas.restoreState()


def _no_decoration(_canvas: Canvas, _doc) -> None:
    pass


def _watermark(canvas: Canvas, _doc, *, size, text: str) -> None:
    width, height = size
    canvas.saveState()
    canvas.setFillColor(WATERMARK_GREY)
    canvas.setFont(SANS_BOLD, 150)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(50)
    canvas.drawCentredString(0, -50, text)
    canvas.restoreState()


class _NumberedCanvas(Canvas):
    """Defers page decoration to save() so each page knows the page count."""

    def __init__(self, *args, decorate: Callable[[Canvas, int, int], None], **kwargs):
        super().__init__(*args, **kwargs)
        self._decorate_page = decorate
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab API)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate_page(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


def _metadata(canvas: Canvas, title: str, author: str) -> None:
    canvas.setAuthor(author)
    canvas.setTitle(title)
    canvas.setSubject("")
    canvas.setCreator("caseapp")
    canvas.setProducer("caseapp (reportlab)")
    canvas.setKeywords("")


def draw_pdf(blocks: Sequence[layout.Block], *, paper: str, title: str, author: str = "", footer: str = "",
             marking: str = "", watermark: str = "") -> bytes:
    """Paginate ``layout`` blocks into the letter frame and return deterministic PDF bytes (as ``build_pdf``)."""
    register_fonts()
    frame_w, frame_h = frame_size(paper)
    return draw_pages(layout.paginate(blocks, frame_w, frame_h), paper=paper, title=title, author=author,
                      footer=footer, marking=marking, watermark=watermark)


def frame_size(paper: str) -> tuple[float, float]:
    size = PAGE_SIZES[paper]
    return size[0] - MARGINS["left"] - MARGINS["right"], size[1] - MARGINS["top"] - MARGINS["bottom"]


def draw_pages(pages: Sequence[layout.Page], *, paper: str, title: str, author: str = "", footer: str = "",
               marking: str = "", watermark: str = "") -> bytes:
    """``draw_pdf`` for blocks already paginated (a caller that needed the page count to decide the layout)."""
    register_fonts()
    size = PAGE_SIZES[paper]
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=size, invariant=1, initialFontName=SANS, initialFontSize=FONT_SIZE)
    _metadata(canvas, title, author)
    for number, page in enumerate(pages, start=1):
        if watermark:
            _watermark(canvas, None, size=size, text=watermark)
        layout.draw_page(canvas, page, MARGINS["left"], size[1] - MARGINS["top"])
        _decorate(canvas, number, len(pages), size=size, footer=footer, marking=marking)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def build_pdf(story: Sequence[Flowable], *, paper: str, title: str, author: str = "", footer: str = "",
              marking: str = "", watermark: str = "") -> bytes:
    """Lay out ``story`` and return deterministic PDF bytes; metadata carries no personal data."""
    register_fonts()
    size = PAGE_SIZES[paper]
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=size, leftMargin=MARGINS["left"], rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"], bottomMargin=MARGINS["bottom"], title=title, author=author,
        subject="", creator="caseapp", producer="caseapp (reportlab)", keywords="", invariant=1,
        initialFontName=SANS, initialFontSize=FONT_SIZE,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    on_page = partial(_watermark, size=size, text=watermark) if watermark else _no_decoration
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page, pagesize=size)])
    maker = partial(_NumberedCanvas, decorate=partial(_decorate, size=size, footer=footer, marking=marking))
    doc.build(list(story), canvasmaker=maker)
    return buf.getvalue()
