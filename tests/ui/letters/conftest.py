"""Fixtures for the letter screens: an office with a supervisor, an officer, a case, destinations and letters."""

from __future__ import annotations

import pytest

from caseapp.domain.accounts import NewUser, Role
from caseapp.domain.referral import DestinationType
from caseapp.services import accounts, destinations, letterhead, referrals
from caseapp.services.destinations import Destination
from tests.helpers import OFFICER_PASSWORD, make_office, unlock
from tests.services.test_referrals import new_case


@pytest.fixture
def letter_office(tmp_path):
    """(data_dir, case_number, {type: destination id}, approved letter id, draft letter id)."""
    data_dir, result = make_office(tmp_path / "office")
    with result.session as s:
        accounts.add_user(s, NewUser("kepala", "Dra. Contoh Kepala, M.Si.", Role.SUPERVISOR, "198001012005012001",
                                     "Kepala UPTD PPA Kabupaten Bombana"), OFFICER_PASSWORD)
        accounts.add_user(s, NewUser("petugas1", "Petugas Satu", Role.OFFICER), OFFICER_PASSWORD)
        case = new_case(s)
        dests = {t: destinations.add_destination(s, Destination(f"Contoh {t.label}", t, "Jl. Contoh No. 1",
                                                                addressee="Kepala")).id
                 for t in (DestinationType.RSUD_PUSKESMAS, DestinationType.SEKOLAH)}
        letterhead.set_classification_code(s, "400.2.4")
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        approved = referrals.approve_letter(s, referrals.create_letter(
            s, case.case_number, destination_id=dests[DestinationType.RSUD_PUSKESMAS], purpose="Visum").id)
        draft = referrals.create_letter(s, case.case_number, destination_id=dests[DestinationType.SEKOLAH])
    return data_dir, case.case_number, dests, approved.id, draft.id


@pytest.fixture
def kepala(letter_office):
    with unlock(letter_office[0], "kepala", OFFICER_PASSWORD) as s:
        yield s


@pytest.fixture
def petugas(letter_office):
    with unlock(letter_office[0], "petugas1", OFFICER_PASSWORD) as s:
        yield s


@pytest.fixture
def jobs(qtbot):
    from caseapp.ui.jobs import JobRunner

    runner = JobRunner()
    yield runner
    runner.cancel_all()
    runner.wait(10000)
