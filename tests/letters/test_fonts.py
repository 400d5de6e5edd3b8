"""The embedded fonts' subset cache: same bytes as reportlab would make, computed once per distinct subset."""

import io

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas

from caseapp.letters import fonts
from caseapp.letters.referral_pdf import render_referral_letter
from tests.letters import sample
from tests.letters.pdfutil import fonts as pdf_fonts


def test_subset_is_made_once_and_equals_reportlabs(monkeypatch):
    fonts.register_fonts()
    fonts.clear_font_caches()
    calls = []
    original = TTFontFace.makeSubset
    monkeypatch.setattr(TTFontFace, "makeSubset", lambda self, subset: calls.append(1) or original(self, subset))
    first = render_referral_letter(sample.letter())
    made = len(calls)
    assert made >= 2  # regular and bold
    assert render_referral_letter(sample.letter()) == first
    assert len(calls) == made  # second document: every subset from the cache
    face = pdfmetrics.getFont(fonts.SANS).face
    subset = list(range(32)) + list(range(32, 128))
    assert face.makeSubset(subset) == original(face, subset)
    assert all(embedded for _name, embedded in pdf_fonts(first))


def test_cache_is_bounded():
    fonts.register_fonts()
    fonts.clear_font_caches()
    face = pdfmetrics.getFont(fonts.SANS).face
    for extra in range(fonts.CACHE_SIZE + 5):
        face.makeSubset([0, 33 + extra % 90, 65 + extra // 90])
    assert len(fonts._subsets._items) <= fonts.CACHE_SIZE


@pytest.mark.parametrize("compression", [0, 1])
def test_same_pdf_as_reportlabs_own_ttfont(compression):
    """The cached objects are byte for byte what reportlab writes with a plain TTFont (ASCII and other text)."""
    fonts.register_fonts()
    path = pdfmetrics.getFont(fonts.SANS).face.filename
    if "PlainLiberationSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("PlainLiberationSans", path))

    def pdf(font: str) -> bytes:
        buf = io.BytesIO()
        canvas = Canvas(buf, invariant=1, pageCompression=compression, initialFontName=font)
        for _round in range(2):  # the second document with the same subset comes from the caches
            canvas.setFont(font, 12)
            canvas.drawString(72, 700, "Rujukan (contoh) \\ 100%")
            canvas.drawString(72, 680, "Naïve café — ± 13 tahun, Ω")
            canvas.showPage()
        canvas.save()
        return buf.getvalue()

    for _ in range(2):
        assert pdf(fonts.SANS) == pdf("PlainLiberationSans")
