"""Marking a referral to the Unit PPA Polres as sent asks to record the case's police report time."""

from __future__ import annotations

from caseapp.domain.referral import DestinationType
from caseapp.services import cases, destinations, referrals
from caseapp.services.destinations import Destination
from caseapp.ui.letters.tracking_dialog import TrackingDialog
from tests.ui.cases.driving import when_modal


def _police_letter(kepala, case_number):
    dest = destinations.add_destination(kepala, Destination("Unit PPA Polres Bombana", DestinationType.UNIT_PPA_POLRES,
                                                            "Jl. Poros No. 2", addressee="Kasat Reskrim")).id
    return referrals.approve_letter(kepala, referrals.create_letter(kepala, case_number, destination_id=dest).id)


def _send(qtbot, kepala, letter):
    dialog = TrackingDialog(kepala, letter)
    qtbot.addWidget(dialog)
    dialog.event.setCurrentIndex(dialog.event.findData("dikirim"))
    dialog.save()
    return dialog


def test_sending_asks_and_records_the_confirmed_time(qtbot, kepala, letter_office):
    case_number = letter_office[1]
    letter = _police_letter(kepala, case_number)
    seen = {}

    def confirm(dialog):
        seen["title"] = dialog.windowTitle()
        dialog.when.setDateTime(dialog.when.dateTime().addSecs(-3600))   # the officer corrects it
        seen["value"] = dialog.value()
        dialog.ok.click()

    when_modal(confirm)
    _send(qtbot, kepala, letter)
    assert seen["title"] == "Catat waktu laporan ke polisi"
    assert cases.get_case(kepala, case_number).police_reported_at == seen["value"]


def test_later_stores_nothing(qtbot, kepala, letter_office):
    case_number = letter_office[1]
    letter = _police_letter(kepala, case_number)
    when_modal(lambda dialog: dialog.later.click())
    _send(qtbot, kepala, letter)
    assert referrals.get_letter(kepala, letter.id).tracking == "dikirim"
    assert cases.get_case(kepala, case_number).police_reported_at is None
