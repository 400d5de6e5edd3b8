"""The kop surat: the office's lines are never drawn under 9 pt nor over the logo (measured in the PDF)."""

from __future__ import annotations

import dataclasses

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from caseapp.letters.fonts import SANS, SANS_BOLD, register_fonts
from caseapp.letters.page import MARGINS, PAGE_SIZES
from caseapp.letters.referral_pdf import render_referral_letter
from tests.letters import sample
from tests.letters.pdfutil import image_boxes, text_runs

AGENCIES = [
    "DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK",
    "DINAS PENGENDALIAN PENDUDUK, KELUARGA BERENCANA, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK (DP2KBP3A)",
    "DINAS PEMBERDAYAAN PEREMPUAN, PERLINDUNGAN ANAK, PENGENDALIAN PENDUDUK DAN KELUARGA BERENCANA "
    "PROVINSI SULAWESI TENGGARA (DINAS P3AP2KB)",
    "DINAS " + "SANGAT PANJANG " * 25 + "SEKALI",  # longer than two lines at 9 pt: more lines, never smaller
]


def _kop_runs(pdf: bytes):
    runs = text_runs(pdf, 0)
    end = next(i for i, r in enumerate(runs) if r[0].startswith("Nomor"))
    return runs[:end]


def _width(run) -> float:
    text, _x, _y, size, font = run
    return stringWidth(text.strip(), SANS_BOLD if "Bold" in font else SANS, size)


@pytest.mark.parametrize("paper", ["A4", "F4"])
@pytest.mark.parametrize("agency", AGENCIES)
def test_kop_lines_never_under_9pt_nor_over_the_logo(paper, agency):
    register_fonts()
    content = sample.letter(paper=paper)
    content = dataclasses.replace(content, letterhead=dataclasses.replace(content.letterhead, agency=agency,
                                                                          postal_code="73771"))
    pdf = render_referral_letter(content)
    (logo_x, _logo_y, logo_w, _logo_h), = image_boxes(pdf, 0)
    right = PAGE_SIZES[paper][0] - MARGINS["right"]
    runs = _kop_runs(pdf)
    drawn = "".join(r[0] for r in runs).split()
    assert " ".join(drawn).startswith("PEMERINTAH KABUPATEN BOMBANA")
    assert "".join(agency.split()) in "".join(drawn)  # the exact name, every word of it
    longest = max(runs, key=_width)
    for run in runs:
        assert run[3] >= 9.0, run
        assert run[1] > logo_x + logo_w + 2, run  # starts right of the logo
        assert run[1] + _width(run) <= right + 0.5, run  # ends inside the right margin
    assert longest[3] >= 9.0


def test_long_dinas_name_wraps_to_two_lines_at_a_readable_size():
    content = sample.letter(paper="F4")
    content = dataclasses.replace(content, letterhead=dataclasses.replace(content.letterhead, agency=AGENCIES[1]))
    runs = [r for r in _kop_runs(render_referral_letter(content)) if "Bold" in r[4]]
    agency_lines = [r for r in runs if r[0].strip() not in ("PEMERINTAH KABUPATEN BOMBANA",
                                                            "UPTD PERLINDUNGAN PEREMPUAN DAN ANAK")]
    assert len(agency_lines) == 2 and all(r[3] >= 10 for r in agency_lines)
