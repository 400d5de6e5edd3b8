"""Every CLI command that prints case content, run by an officer who may not open the case, shows none of it.

The province holds a case from Bombana with open conflicts on the victim's name and the chronology (so
``bundle conflicts`` has names and text to show), a referral letter, and an incoming bundle with a newer version.
An officer of the province who neither created nor is assigned to the case gets exit 4 from ``case show``; no
other command may show its names or text either. The administrator, as a control, does see them.
"""

from __future__ import annotations

import dataclasses

import pytest

from caseapp.domain.case_json import case_to_json
from caseapp.domain.referral import DestinationType
from caseapp.services import cases, destinations, exchange, referrals
from tests.helpers import ADMIN_PASSWORD, OFFICER_PASSWORD, add_officer, run_cli
from tests.services.test_exchange import _case, _send, region  # noqa: F401 - the fixture

NAME = "Siti Rahasiawati"
SECRETS = ("Rahasiawati", "melapor bersama", "versi kabupaten", "versi provinsi", "Jl. Melati")


def _edit(session, uuid: str, suffix: str, chronology: str):
    case = cases.get_case(session, uuid)
    doc = case_to_json(case)
    doc["victims"][0]["name"] = f"{NAME} {suffix}"
    doc["incidents"][0]["chronology"] = f"{NAME} melapor bersama ibunya, {chronology}."
    cases.save_case(session, dataclasses.replace(cases.case_from_json(doc), version=case.version))


@pytest.fixture
def province_with_secrets(region):
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case(NAME))
    _send(bmb, prov, tmp / "1.casebundle")
    _edit(bmb, c.uuid, "Binti Ahmad", "versi kabupaten")
    _edit(prov, c.uuid, "Binti Umar", "versi provinsi")
    _send(bmb, prov, tmp / "2.casebundle")
    conflicts = exchange.open_conflicts(prov)
    assert {x.path[0] for x in conflicts} >= {"victims", "incidents"}
    dest = destinations.add_destination(prov, destinations.Destination("RSUD Bombana", DestinationType.RSUD_PUSKESMAS,
                                                                       "Jl. Poros", "dr. Ani", "0401-1"))
    letter = referrals.create_letter(prov, c.uuid, destination_id=dest.id, purpose="visum")
    cases.save_case(bmb, dataclasses.replace(cases.get_case(bmb, c.uuid), risk_level="tinggi"))
    incoming = tmp / "3.casebundle"
    exchange.export_bundle(bmb, "74", incoming)  # not imported yet: what an import preview would show
    add_officer(prov, "petugas1")
    number = cases.case_state(prov, c.uuid).case_number
    for session in s.values():
        session.close()
    return tmp, c.uuid, number, conflicts[0].id, letter.id, dest.id, incoming


def _commands(tmp, uuid, number, conflict_id, letter_id, dest_id, incoming):
    out = tmp / "out"
    return [
        ["case", "show", uuid], ["case", "show", number], ["case", "show", uuid, "--json"],
        ["case", "export-json", uuid], ["case", "list"], ["case", "list", "--json"],
        ["case", "list", "--search", "Rahasiawati"], ["case", "list", "--search", "melapor", "--json"],
        ["bundle", "conflicts"], ["bundle", "conflicts", "--json"], ["bundle", "conflicts", uuid],
        ["bundle", "conflicts", number, "--json"], ["bundle", "resolve", conflict_id, "--take", "remote"],
        ["bundle", "import", str(incoming), "--dry-run"], ["bundle", "import", str(incoming), "--dry-run", "--json"],
        ["bundle", "inspect", str(incoming)], ["bundle", "receipt", str(tmp / "1.casebundle"), "--out", str(out / "r")],
        ["bundle", "export", "--to", "74.06", "--out", str(out / "x.casebundle"), "--cases", uuid],
        ["letter", "list"], ["letter", "list", "--json"], ["letter", "list", "--search", "Rahasiawati"],
        ["letter", "render", letter_id, "--out", str(out / "surat.pdf")],
        ["letter", "create", uuid, "--destination", dest_id],
        ["office", "list"], ["audit", "list"],
    ]


def test_an_officer_who_may_not_open_the_case_sees_none_of_it_anywhere(province_with_secrets):
    tmp, uuid, number, conflict_id, letter_id, dest_id, incoming = province_with_secrets
    root = tmp / "74"
    shown = run_cli(["case", "show", uuid], data_dir=root, user="petugas1", password=OFFICER_PASSWORD)
    assert shown.returncode == 4 and "Traceback" not in shown.stderr
    leaks = []
    for args in _commands(tmp, uuid, number, conflict_id, letter_id, dest_id, incoming):
        r = run_cli(args, data_dir=root, user="petugas1", password=OFFICER_PASSWORD)
        assert "Traceback" not in r.stderr, (args, r.stderr)
        assert r.returncode in (0, 4, 5), (args, r.returncode, r.stderr)
        leaks += [(args, secret) for secret in SECRETS if secret in r.stdout or secret in r.stderr]
    assert leaks == []
    assert not (tmp / "out").exists() or not any((tmp / "out").iterdir())


def test_the_administrator_does_see_it_which_is_what_the_walk_would_catch(province_with_secrets):
    tmp, uuid, number, *_rest = province_with_secrets
    root = tmp / "74"
    for args in (["bundle", "conflicts", "--json"], ["case", "show", uuid]):
        r = run_cli(args, data_dir=root, user="admin", password=ADMIN_PASSWORD)
        assert r.returncode == 0 and "Rahasiawati" in r.stdout, args
