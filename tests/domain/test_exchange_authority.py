"""The authority table of docs/exchange.md, row by row, on the pure rules (seen from the province, 74)."""

from __future__ import annotations

import pytest

from caseapp.domain import exchange_authority as rules
from caseapp.domain.exchange_authority import HeldCase, IncomingRecord, additions, decide

ME = "74"


def rec(owner: str, *, transfer: bool = False, deidentified: bool = False) -> IncomingRecord:
    return IncomingRecord("0b6f2a1e-0000-4000-8000-000000000001", "74.06/2024/0001", owner, transfer, deidentified)


OWN = HeldCase("74/2024/0007", ME, False, None, exchanged_with_sender=True)
OWN_NEVER_SENT = HeldCase("74/2024/0007", ME, False, None, exchanged_with_sender=False)
OWN_HANDED_IN = HeldCase("74/2024/0007", ME, False, None, exchanged_with_sender=True, handed_over_by_sender=True)
COPY_OF_BMB = HeldCase("74.06/2024/0001", "74.06", False, None, exchanged_with_sender=False)
HANDED_TO_KLK = HeldCase("74.06/2024/0001", "74.06", True, "74.01", exchanged_with_sender=False)
DEID_OF_BMB = HeldCase("74.06/2024/0001", "74.06", True, None, exchanged_with_sender=False)

ROWS = [
    # (held, sender, record, verdict or refusal)
    (None, "74.06", rec("74.06"), rules.CREATE),
    (None, "74.06", rec("74.01"), rules.ForeignOwnerRefused),
    (None, "74.06", rec(ME, transfer=True), rules.HAND_OVER),
    (None, "74.06", rec(ME, transfer=True, deidentified=True), rules.DeidentifiedRefused),
    (OWN, "74.06", rec(ME), rules.UPDATE),
    (OWN, "74.06", rec("74.01"), rules.ForeignOwnerRefused),
    (OWN_NEVER_SENT, "74.06", rec(ME), rules.NeverSentRefused),
    (OWN_HANDED_IN, "74.06", rec(ME), rules.FormerHolderRefused),
    (OWN, "74.06", rec(ME, transfer=True), rules.HandBackRefused),
    (OWN, "74.06", rec(ME, deidentified=True), rules.DeidentifiedRefused),
    (COPY_OF_BMB, "74.06", rec("74.06"), rules.UPDATE),
    (COPY_OF_BMB, "74.01", rec("74.01"), rules.NotOwnerRefused),
    (COPY_OF_BMB, "74.06", rec(ME, transfer=True), rules.HAND_OVER),
    (COPY_OF_BMB, "74.01", rec(ME, transfer=True), rules.ThirdOfficeTransferRefused),
    (COPY_OF_BMB, "74.06", rec("74.06", deidentified=True), rules.DeidentifiedRefused),
    (HANDED_TO_KLK, "74.01", rec("74.01"), rules.UPDATE),
    (HANDED_TO_KLK, "74.06", rec("74.06"), rules.ReadOnlyCopyRefused),
    (HANDED_TO_KLK, "74.01", rec(ME, transfer=True), rules.HAND_BACK),
    (HANDED_TO_KLK, "74.06", rec(ME, transfer=True), rules.HandBackRefused),
    (HANDED_TO_KLK, "74.01", rec("74.01", deidentified=True), rules.DeidentifiedRefused),
    (DEID_OF_BMB, "74.06", rec("74.06", deidentified=True), rules.UPDATE),
    (DEID_OF_BMB, "74.01", rec("74.01", deidentified=True), rules.ReadOnlyCopyRefused),
    (DEID_OF_BMB, "74.06", rec(ME, transfer=True), rules.HAND_OVER),
    (DEID_OF_BMB, "74.01", rec(ME, transfer=True), rules.ThirdOfficeTransferRefused),
]


@pytest.mark.parametrize("held, sender, record, expected", ROWS)
def test_authority_table(held, sender, record, expected):
    if isinstance(expected, str):
        assert decide(ME, sender, record, held) == expected
    else:
        with pytest.raises(expected) as caught:
            decide(ME, sender, record, held)
        number = held.number if held is not None else record.number
        assert type(caught.value) is expected and number in caught.value.message
        assert caught.value.case_uuid == record.uuid


def test_an_unprintable_owner_is_not_echoed():
    with pytest.raises(rules.ForeignOwnerRefused) as caught:
        decide(ME, "74.06", rec("\x1b[2J74.01"), None)
    assert "\x1b" not in caught.value.message and "kantor ? sebagai pemilik" in caught.value.message


def test_additions_count_people_and_notes_by_uuid():
    local = {"victims": [{"uuid": "v1"}], "perpetrators": [{"uuid": "p1"}], "notes": []}
    remote = {"victims": [{"uuid": "v1"}], "perpetrators": [{"uuid": "p1"}, {"uuid": "p2"}],
              "reporters": [{"uuid": "r1"}], "notes": [{"uuid": "n1"}]}
    assert additions(local, remote) == {"people": 2, "notes": 1}
    assert additions(remote, local) == {}
