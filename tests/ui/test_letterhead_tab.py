"""Pengaturan › Kop surat: the administrator sets the kop with a live preview; bad input changes nothing."""

from __future__ import annotations

import pytest

from caseapp.services import letterhead
from caseapp.ui.sections import PageContext
from tests.helpers import make_office
from tests.letters.pdfutil import text
from tests.letters.sample import sample_logo


@pytest.fixture
def admin(tmp_path):
    _data_dir, result = make_office(tmp_path / "office")
    with result.session as s:
        yield s


def make_tab(qtbot, session):
    from caseapp.ui.letterhead_tab import LetterheadTab

    tab = LetterheadTab(PageContext(session=session, jobs=None))
    qtbot.addWidget(tab)
    return tab


def test_live_preview_follows_the_fields_and_save_keeps_them(qtbot, admin):
    tab = make_tab(qtbot, admin)
    assert "PEMERINTAH KABUPATEN BOMBANA" in text(tab.preview_pdf)
    tab.edits["agency"].setText("Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan "
                                "Perlindungan Anak (DP2KBP3A)")
    tab.edits["city"].setText("Rumbia")
    tab.paper.setCurrentIndex(tab.paper.findData("F4"))
    assert tab.set_logo(sample_logo())
    qtbot.waitUntil(lambda: "(DP2KBP3A)" in text(tab.preview_pdf) and "Rumbia," in text(tab.preview_pdf),
                    timeout=3000)
    assert not tab.preview.pixmap().isNull()
    tab.code.setText("400.2.4")
    tab.save_button.click()
    assert "disimpan" in tab.status.text()
    saved = letterhead.settings(admin)
    assert (saved.city, saved.paper, saved.logo) == ("Rumbia", "F4", sample_logo())
    assert saved.agency.endswith("(DP2KBP3A)")
    assert letterhead.classification_code(admin, "rsud_puskesmas") == "400.2.4"


def test_bad_logo_and_bad_code_are_refused_and_change_nothing(qtbot, admin):
    tab = make_tab(qtbot, admin)
    assert not tab.set_logo(b"\x89PNG not really")
    assert "PNG atau JPEG" in tab.error.text() and tab.logo is None
    tab.edits["city"].setText("Kendari")
    tab.code.setText("400.2.x")
    tab.save_button.click()
    assert tab.error.text() and not tab.status.text()
    assert letterhead.settings(admin).city == "" and letterhead.classification_codes(admin) == {}
