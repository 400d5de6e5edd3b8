"""A store filled before the SIMFONI/TPKS code lists opens with this version, and every old record reads the same.

The fixture was written once by ``make_pre_codes_store.py`` running the previous version (see its docstring):
demo cases, a case carrying every code this change retired or relabelled, and an office's own code-list
additions, one of which reuses a label the new lists ship.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from caseapp.datadir import DataDir
from caseapp.domain.case_json import case_to_json
from caseapp.domain.case_list import CaseFilter
from caseapp.services import cases
from caseapp.services.audit import verify_chain
from caseapp.services.code_lists import registry
from caseapp.store.database import migrations
from tests.helpers import unlock
from tests.store.make_pre_codes_store import FIXTURE, OLD_CODES_CASE, OWN_CODE_CASE, canonical_dump

OLD_UUID, OWN_UUID = OLD_CODES_CASE["uuid"], OWN_CODE_CASE["uuid"]


@pytest.fixture
def old_store(tmp_path):
    work = tmp_path / "office"
    work.mkdir()
    for name in ("caseapp.db", "caseapp.keys"):
        shutil.copyfile(FIXTURE / name, work / name)
    session = unlock(DataDir(work))
    yield session
    session.close()


def test_every_old_record_reads_the_same(old_store):
    session = old_store
    assert session.db.conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations())
    before = json.loads((FIXTURE / "canonical.json").read_text(encoding="utf-8"))
    after = json.loads(json.dumps(canonical_dump(session)))
    assert sorted(after) == sorted(before) and len(before) == 32
    for uuid, old in before.items():
        new = after[uuid]
        assert new["document"] == old["document"], uuid
        assert new["version"] == old["version"], uuid
        if uuid == OWN_UUID:
            # the office's own sub-type of "seksual" now starts the 3×24-hour police clock: intake 20 Nov 08:00
            assert old["row"]["due_at"] is None and new["row"]["due_at"] == "2026-11-23T08:00:00"
            new["row"]["due_at"] = None
        assert new["row"] == old["row"], uuid
    assert verify_chain(session).ok


def test_the_case_list_no_longer_shows_titles_of_old_records(old_store):
    rows = {r.uuid: r for r in cases.list_cases(old_store, CaseFilter(), limit=1000)}
    assert rows[OLD_UUID].victim_initials == "H."          # was "W.O.H." for "Wa Ode Hasniah"
    assert rows[OWN_UUID].victim_initials == "S.A."        # was "H.S.A." for "Hj. Siti Aminah"
    # refreshed once: a second unlock finds nothing left to change
    assert cases.refresh_list_columns(old_store) == 0


def test_the_offices_own_additions_still_apply_over_the_new_lists(old_store):
    reg = registry(old_store)
    assert reg.is_valid("violence_type", "pelecehan_fisik_kantor")
    assert reg.inherited("violence_type", "pelecehan_fisik_kantor", "police_clock") is True
    assert reg.label("violence_type", "trafikking", "id") == "Perdagangan orang (TPPO)"
    assert not reg["violence_type"].get("trafikking_narkoba").active    # retired, though the office re-listed it
    assert reg.label("relationship", "kakek", "id") == "Kakek"           # the shipped code of the same name
    assert reg.label("channel", "email", "id") == "Pos-el"


def test_an_old_record_with_retired_codes_can_still_be_edited_and_saved(old_store):
    case = cases.get_case(old_store, OLD_UUID)
    assert "trafikking_narkoba" in case.violence_types and case.victims[0].education == "tk"
    saved = cases.save_case(old_store, replace(case, risk_level="tinggi"))
    reread = cases.get_case(old_store, OLD_UUID)
    assert reread.version == saved.version and reread.risk_level == "tinggi"
    assert reread.victims[0].disability_types == ("melihat", "mengingat", "mengurus_diri")


def test_old_records_exchange_with_an_office_on_this_version(old_store, tmp_path):
    """The old store's cases, retired codes and all, go to a province on this version and read the same there."""
    from caseapp.services import exchange, offices
    from tests.helpers import make_office

    _dd, result = make_office(tmp_path / "prov", code="74", name="UPTD PPA Provinsi Sulawesi Tenggara")
    province = result.session
    try:
        for a, b in ((old_store, province), (province, old_store)):
            card = offices.own_card(b)
            offices.trust_card(a, card, card.fingerprint())
        before = json.loads((FIXTURE / "canonical.json").read_text(encoding="utf-8"))
        # the office's own code is not in the province's lists: such records wait until the province adds it
        sent = sorted(u for u in before if u != OWN_UUID)
        path = tmp_path / "old-to-province.casebundle"
        assert exchange.export_bundle(old_store, "74", path, case_refs=sent).case_count == len(sent)
        exchange.import_bundle(province, path, receipt_out=tmp_path / "receipt")
        for uuid in sent:
            received = json.loads(json.dumps(case_to_json(cases.get_case(province, uuid))))
            assert received == before[uuid]["document"], uuid
    finally:
        province.close()
