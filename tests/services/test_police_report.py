"""Marking a referral to the Unit PPA Polres as sent proposes the case's police report time; the officer confirms."""

from __future__ import annotations

import datetime as dt

import pytest

from caseapp.domain.errors import ValidationError
from caseapp.domain.referral import DestinationType
from caseapp.services import cases, destinations, police_report, referrals
from caseapp.services.destinations import Destination
from tests.helpers import OFFICER_PASSWORD, unlock
from tests.services.test_referrals import at, office  # noqa: F401 - the referral office fixture


@pytest.fixture
def police_letter(office):  # noqa: F811
    data_dir, case_no, _dests = office
    with unlock(data_dir) as s:
        dest = destinations.add_destination(s, Destination("Unit PPA Polres Bombana", DestinationType.UNIT_PPA_POLRES,
                                                           "Jl. Poros No. 2", addressee="Kasat Reskrim")).id
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        at(2024, 1, 10)
        letter = referrals.approve_letter(s, referrals.create_letter(s, case_no, destination_id=dest).id)
    return data_dir, case_no, letter.id


def test_sent_letter_to_the_police_proposes_the_report_time_and_the_officer_confirms(police_letter):
    data_dir, case_no, letter_id = police_letter
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        at(2024, 1, 11)   # 10:00 local
        unsent = referrals.get_letter(s, letter_id)
        assert police_report.proposed_report_time(s, unsent) is None
        sent = referrals.record_event(s, letter_id, "dikirim", dt.date(2024, 1, 10))
        proposed = police_report.proposed_report_time(s, sent)
        assert proposed == dt.datetime(2024, 1, 10, 10, 0)
        assert cases.get_case(s, case_no).police_reported_at is None   # only proposed, nothing stored yet
        police_report.record_report_time(s, case_no, dt.datetime(2024, 1, 10, 14, 30))
        assert cases.get_case(s, case_no).police_reported_at == dt.datetime(2024, 1, 10, 14, 30)
        assert police_report.proposed_report_time(s, sent) is None     # recorded: nothing more to propose


def test_report_time_outside_intake_and_now_is_refused(police_letter):
    data_dir, case_no, _letter_id = police_letter
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        at(2024, 1, 11)
        for wrong in (dt.datetime(2023, 12, 31, 9, 0), dt.datetime(2024, 1, 12, 9, 0)):
            with pytest.raises(ValidationError) as exc:
                police_report.record_report_time(s, case_no, wrong)
            assert exc.value.field == "police_reported_at"
        assert cases.get_case(s, case_no).police_reported_at is None


def test_letters_to_other_destinations_propose_nothing(office):  # noqa: F811
    data_dir, case_no, dests = office
    with unlock(data_dir, "kepala", OFFICER_PASSWORD) as s:
        at(2024, 1, 11)
        letter = referrals.approve_letter(s, referrals.create_letter(
            s, case_no, destination_id=dests[DestinationType.PSIKOLOG]).id)
        sent = referrals.record_event(s, letter.id, "dikirim", dt.date(2024, 1, 11))
        assert police_report.proposed_report_time(s, sent) is None
