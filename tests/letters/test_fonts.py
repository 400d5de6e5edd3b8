"""The embedded fonts' subset cache: same bytes as reportlab would make, computed once per distinct subset."""

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace

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
