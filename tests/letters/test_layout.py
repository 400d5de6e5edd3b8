"""The letters' own layout engine: line breaking, justification, pagination."""

import io
import re
import zlib

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from caseapp.letters import layout
from caseapp.letters.fonts import SANS, SANS_BOLD, register_fonts
from caseapp.letters.layout import Grid, Keep, Paragraph, Space, Style
from tests.letters.pdfutil import text

register_fonts()
BODY = Style(SANS, 12, 13.8)
TEXT = ("Sehubungan dengan penanganan kasus yang sedang didampingi oleh UPTD PPA Kabupaten Contoh, bersama ini "
        "kami merujuk korban dengan keterangan sebagai berikut: identitas, tujuan rujukan dan layanan.")


def _draw(blocks, width=400.0, height=700.0) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(width + 100, height + 100), invariant=1, pageCompression=0,
                    initialFontName=SANS)
    for page in layout.paginate(blocks, width, height):
        layout.draw_page(canvas, page, 50, height + 50)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def test_lines_fit_the_width_and_keep_every_word():
    for width in (150, 300, 451):
        lines = layout.break_lines(TEXT, SANS, 12, width - 30, width)
        assert [w for line in lines for w in line.text.split()] == TEXT.split()
        assert lines[0].width <= width - 30 + 1e-6
        assert all(line.width <= width + 1e-6 for line in lines[1:])
        for line in lines:
            assert line.width == pytest.approx(stringWidth(line.text, SANS, 12))
        # greedy: the next word would not have fitted
        for line, nxt in zip(lines[1:], lines[2:]):
            assert stringWidth(line.text + " " + nxt.text.split()[0], SANS, 12) > width


def test_whitespace_collapses_but_no_break_space_binds():
    lines = layout.break_lines("Yth.\u00a0\u00a0Direktur   RSUD\n\tContoh", SANS, 12, 1000, 1000)
    assert [line.text for line in lines] == ["Yth.\u00a0\u00a0Direktur RSUD Contoh"]
    assert lines[0].spaces == 4
    assert layout.break_lines("Yth.\u00a0\u00a0Direktur", SANS, 12, 30, 30)[0].text.startswith("Yth.")


def test_word_wider_than_the_line_is_cut():
    word = "x" * 80
    lines = layout.break_lines(f"a {word} b", SANS, 12, 100, 100)
    assert "".join(line.text for line in lines).replace(" ", "") == f"a{word}b"
    assert all(line.width <= 100 + 1e-6 for line in lines)
    assert layout.break_lines("", SANS, 12, 100, 100) == []


def test_justified_lines_fill_the_width_except_the_last():
    para = Paragraph(TEXT, BODY.but(align=layout.JUSTIFY))
    para.wrap(300)
    pdf = _draw([para], width=300)
    stream = zlib.decompress(re.search(rb"stream\r?\n(.*?)endstream", pdf, re.S).group(1)) \
        if b"FlateDecode" in pdf else pdf
    spacings = [float(m) for m in re.findall(rb"([-\d.]+) Tw", stream)]
    assert len([s for s in spacings if s > 0]) >= 1 and spacings[-1] == 0  # word space reset for the last line
    for line in para.lines[:-1]:
        assert line.width + (300 - line.width) == pytest.approx(300)
    assert "Sehubungan dengan" in text(pdf) and "layanan." in text(pdf)


def test_alignment_positions():
    painter_calls = []

    class Recorder:
        def lines(self, font, size, items):
            painter_calls.extend((round(x, 3), s, round(word_space, 3)) for x, _y, s, word_space in items)

        def text(self, x, y, s, font, size, word_space=0.0):
            self.lines(font, size, [(x, y, s, word_space)])

    for align, expect_x in ((layout.LEFT, 10.0), (layout.RIGHT, 10 + 200 - stringWidth("Rumbia", SANS, 12)),
                            (layout.CENTRE, 10 + (200 - stringWidth("Rumbia", SANS, 12)) / 2)):
        painter_calls.clear()
        p = Paragraph("Rumbia", BODY.but(align=align))
        p.wrap(200)
        p.draw(Recorder(), 10, 500)
        assert painter_calls == [(round(expect_x, 3), "Rumbia", 0.0)]
    painter_calls.clear()
    p = Paragraph("Hal", BODY.but(indent=20, first_indent=-20), bullet="1.", bullet_x=5)
    p.wrap(200)
    p.draw(Recorder(), 0, 500)
    assert painter_calls == [(0.0, "Hal", 0.0), (5.0, "1.", 0.0)]


def test_paragraph_splits_between_pages_without_widows_or_orphans():
    long = Paragraph(" ".join([TEXT] * 12), BODY.but(align=layout.JUSTIFY))
    n = len(layout.break_lines(long.text, SANS, 12, 300, 300))
    filler = layout.Drawn(700 - 13.8 * 3, lambda *_a: None)  # with "x" below it, two lines are left
    pages = layout.paginate([Paragraph("x", BODY), filler, long], 300, 700)
    assert len(pages) == 2
    first = pages[0][-1][0]
    assert isinstance(first, Paragraph) and len(first.lines) == 2
    assert len(pages[1][0][0].lines) == n - 2
    # one free line: an orphan is not allowed, the whole paragraph moves
    pages = layout.paginate([Paragraph("x", BODY), layout.Drawn(700 - 13.8 * 2, lambda *_a: None), long], 300, 700)
    assert len(pages[1][0][0].lines) == n


def test_keep_together_moves_the_group_and_space_is_dropped_at_the_top():
    head = Paragraph("Judul", BODY.but(font=SANS_BOLD, space_before=5))
    body = Paragraph(TEXT, BODY)
    filler = layout.Drawn(680, lambda *_args: None)
    pages = layout.paginate([Space(30), filler, Keep([head, body])], 300, 700)
    assert pages[0] == [(filler, 0.0)]  # a space at the top of a page is dropped
    assert len(pages) == 2 and pages[1][0] == (head, 0.0)  # so is the space before the moved group
    assert pages[1][1][0] is body
    assert layout.paginate([filler, head, body], 300, 700)[0][-1][0] is head  # without Keep: head stays


def test_grid_rows_and_split():
    rows = [[(100, Paragraph(f"Label {i}", BODY)), (10, Paragraph(":", BODY)),
             (190, Paragraph(TEXT if i == 1 else "nilai", BODY))] for i in range(6)]
    grid = Grid(rows, padding=(0, 0, 1, 0))
    grid.wrap(300)
    assert grid.row_heights[0] == pytest.approx(13.8 + 1)
    assert grid.row_heights[1] == pytest.approx(13.8 * len(layout.break_lines(TEXT, SANS, 12, 190, 190)) + 1)
    first, rest = grid.split(grid.row_heights[0] + grid.row_heights[1] + 3)
    assert len(first.rows) == 2 and len(rest.rows) == 4
    assert grid.split(1) is None


def test_long_content_spans_pages_and_renders():
    blocks = [Paragraph(TEXT, BODY.but(align=layout.JUSTIFY, space_before=4)) for _ in range(60)]
    pages = layout.paginate(blocks, 300, 400)
    assert len(pages) > 3
    for page in pages:
        assert sum(block.height for block, _top in page) <= 400 + 1e-6
        assert all(top + block.height <= 400 + 1e-6 for block, top in page)
    pdf = _draw(blocks, 300, 400)
    assert text(pdf).count("Sehubungan") == 60


def test_grid_row_taller_than_a_page_is_split_between_lines():
    words = " ".join(f"kata{i}" for i in range(900))
    row = [(80, Paragraph("Keluarga dan sosial", BODY)), (10, Paragraph(":", BODY)), (210, Paragraph(words, BODY))]
    grid = Grid([[(80, Paragraph("Fisik", BODY)), (10, Paragraph(":", BODY)), (210, Paragraph("Baik.", BODY))], row])
    pages = layout.paginate([grid], 300, 400)
    assert len(pages) > 3
    for page in pages:
        assert all(top + block.height <= 400 + 1e-6 for block, top in page)
    found = text(_draw([grid], 300, 400))
    assert all(f"kata{i}" in found for i in range(900)) and found.count("Keluarga") == 1


def test_width_cache_keeps_no_text_of_a_letter():
    from caseapp.letters.referral_pdf import render_referral_letter
    from tests.letters import sample

    render_referral_letter(sample.letter())
    assert layout._widths and all(isinstance(key, int) for cache in layout._widths.values() for key in cache)
