"""Resume kasus (issue 11, part 8): full or initials-only profile, under the office letterhead, audited."""

from __future__ import annotations

import pytest

from caseapp.domain.errors import ValidationError
from caseapp.services import audit, clock
from caseapp.services.case_summary import render_case_summary_pdf
from tests.helpers import OFFICER_PASSWORD, unlock
from tests.letters.pdfutil import decoded_streams, flat, text
from tests.services import bombana_letters as b


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.set_for_tests()


@pytest.fixture
def office(tmp_path):
    return b.make(tmp_path / "bombana")


def test_initials_profile_names_no_one_and_no_village(office):
    with unlock(office.data_dir, "petugas1", OFFICER_PASSWORD) as s:
        pdf = render_case_summary_pdf(s, office.child_case, "initials")
    with unlock(office.data_dir, "kepala", OFFICER_PASSWORD) as s:
        actions = [(e.action, e.record_type) for e in audit.recent_entries(s, limit=20)]
    words, streams = text(pdf), decoded_streams(pdf)
    assert "RESUME KASUS" in words and "PEMERINTAH KABUPATEN BOMBANA" in words and "RAHASIA" in words
    assert "W.S.F." in words and "[terlapor]" in words and "Tetangga" in words
    for name in (b.CHILD, *b.OTHER_NAMES):
        for part in name.split():
            assert part not in words and part.encode() not in streams, part
    for village in b.VILLAGES:
        assert village not in words, village
    assert "7406036005120001" not in words
    assert ("case_summary_printed", "case") in actions


def test_full_profile_for_the_team(office):
    b.approved_pdf(office, b.DestinationType.DINSOS_RUMAH_AMAN)
    with unlock(office.data_dir, "kepala", OFFICER_PASSWORD) as s:
        pdf = render_case_summary_pdf(s, office.child_case, "full")
        with pytest.raises(ValidationError):
            render_case_summary_pdf(s, office.child_case, "semua")
    f = flat(pdf)
    for phrase in (b.CHILD, b.CHILD_PERP, "7406036005120001", "Ladumpi", "400.2.4/001/UPTD-PPA/XII/2026",
                   "Orang tua", "Berbagi data untuk rujukan layanan", "Disusun oleh"):
        assert "".join(phrase.split()) in f, phrase
