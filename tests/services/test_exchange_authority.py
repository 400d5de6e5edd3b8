"""A trusted partner office may not rewrite your cases: bundles forged with its exported keys, refused one by one.

Three offices (Bombana 74.06, Kolaka 74.01, province 74) trust each other. Each attack is a validly signed,
correctly addressed, correctly sequenced bundle; each is refused by its own authority rule with its own message
(naming the case number) and exit code, through the service and through ``caseapp-cli``, and leaves the
receiving store exactly as it was (``canonical_dump``), with no traceback.
"""

from __future__ import annotations

import dataclasses
import uuid as uuidlib

import pytest

from caseapp.datadir import DataDir
from caseapp.domain import exchange_authority as rules
from caseapp.domain.case_json import case_to_json
from caseapp.domain.deidentify import deidentify_case_document
from caseapp.domain.errors import NotFound, PermissionDenied
from caseapp.services import attachments, cases, exchange
from caseapp.store import exchange_repo
from tests.helpers import ADMIN_PASSWORD, OFFICER_PASSWORD, add_officer, run_cli, unlock
from tests.services.exchange_forgery import exported_identity, forge, record
from tests.services.test_exchange import _case, _send, region  # noqa: F401 - the fixture

SESSION_ACTIONS = {"login", "lock"}


def _doc(session, uuid: str) -> dict:
    return case_to_json(cases.get_case(session, uuid))


def _with_new_people_and_note(doc: dict) -> dict:
    doc = dict(doc)
    doc["perpetrators"] = list(doc["perpetrators"]) + [
        {"uuid": str(uuidlib.uuid4()), "name": "Pelaku Sisipan Palsu", "sex": "L", "relationship": "tetangga"}]
    doc["notes"] = list(doc.get("notes") or []) + [
        {"uuid": str(uuidlib.uuid4()), "created_at": "2024-02-01T10:00:00", "text": "Catatan sisipan palsu",
         "author": "penyusup"}]
    return doc


# --- the attacks: each builds the situation with ordinary exchanges, then forges one bundle --------------------

def attack_handback_of_case_handed_to_third_office(s, tmp):
    """The province handed Bombana's case to Kolaka; Bombana 'hands it back' to the province."""
    bmb, klk, prov = s["74.06"], s["74.01"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "up.casebundle")
    _send(prov, klk, tmp / "hand.casebundle", case_refs=[c.uuid], transfer=True)
    forger = exported_identity(bmb, tmp / "keys-74.06")
    line = record(_doc(bmb, c.uuid), origin="74.06", owner="74", transfer=True)
    return "74", forge(forger, prov, tmp / "forged.casebundle", [line], transfer=True), rules.HandBackRefused, c


def attack_overwrite_of_read_only_copy(s, tmp):
    """Kolaka holds a de-identified read-only copy of Bombana's case; the province overwrites it."""
    bmb, klk, prov = s["74.06"], s["74.01"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    path = tmp / "deid.casebundle"
    exchange.export_bundle(bmb, "74.01", path, case_refs=[c.uuid], deidentified=True)
    exchange.import_bundle(klk, path)
    forger = exported_identity(prov, tmp / "keys-74")
    doc = dict(_doc(bmb, c.uuid), risk_level="rendah")
    line = record(doc, origin="74", owner="74")
    return "74.01", forge(forger, klk, tmp / "forged.casebundle", [line]), rules.ReadOnlyCopyRefused, c


def attack_transfer_of_third_office_case(s, tmp):
    """The province holds Bombana's case; Kolaka 'hands it over' to the province."""
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "up.casebundle")
    forger = exported_identity(s["74.01"], tmp / "keys-74.01")
    line = record(_doc(bmb, c.uuid), origin="74.01", owner="74", transfer=True)
    return "74", forge(forger, prov, tmp / "forged.casebundle", [line], transfer=True), \
        rules.ThirdOfficeTransferRefused, c


def attack_update_of_case_never_sent(s, tmp):
    """Bombana never sent this case to the province; the province 'updates' it."""
    bmb = s["74.06"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    forger = exported_identity(s["74"], tmp / "keys-74")
    line = record(dict(_doc(bmb, c.uuid), risk_level="rendah"), origin="74", owner="74.06")
    return "74.06", forge(forger, bmb, tmp / "forged.casebundle", [line]), rules.NeverSentRefused, c


def attack_new_people_and_note_for_case_never_sent(s, tmp):
    """... or adds a perpetrator and a note to it."""
    bmb = s["74.06"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    forger = exported_identity(s["74"], tmp / "keys-74")
    line = record(_with_new_people_and_note(_doc(bmb, c.uuid)), origin="74", owner="74.06")
    return "74.06", forge(forger, bmb, tmp / "forged.casebundle", [line]), rules.NeverSentRefused, c


def attack_record_owned_by_third_office(s, tmp):
    """Bombana sends the province a new case whose owner is Kolaka."""
    bmb, prov = s["74.06"], s["74"]
    c = dataclasses.replace(_case("Wa Ode Nurhayati"), case_number="74.01/2024/0099", version=1)
    forger = exported_identity(bmb, tmp / "keys-74.06")
    line = record(case_to_json(c), origin="74.06", owner="74.01")
    return "74", forge(forger, prov, tmp / "forged.casebundle", [line]), rules.ForeignOwnerRefused, c


def attack_update_of_other_owners_case(s, tmp):
    """The province holds Bombana's case (editable copy); Kolaka changes it."""
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "up.casebundle")
    forger = exported_identity(s["74.01"], tmp / "keys-74.01")
    line = record(dict(_doc(bmb, c.uuid), risk_level="rendah"), origin="74.01", owner="74.01")
    return "74", forge(forger, prov, tmp / "forged.casebundle", [line]), rules.NotOwnerRefused, c


def attack_deidentified_over_full_case(s, tmp):
    """Bombana sends a de-identified copy of a case the province holds in full (names would become labels)."""
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "up.casebundle")
    forger = exported_identity(bmb, tmp / "keys-74.06")
    line = record(deidentify_case_document(_doc(bmb, c.uuid)), origin="74.06", owner="74.06")
    return "74", forge(forger, prov, tmp / "forged.casebundle", [line], scope="deidentified"), \
        rules.DeidentifiedRefused, c


def attack_change_by_office_that_handed_the_case_over(s, tmp):
    """Kolaka handed the province's case back to it; Kolaka (with a read-only copy now) changes it anyway."""
    bmb, klk, prov = s["74.06"], s["74.01"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "up.casebundle")
    _send(prov, klk, tmp / "hand.casebundle", case_refs=[c.uuid], transfer=True)
    _send(klk, prov, tmp / "back.casebundle", case_refs=[c.uuid], transfer=True)
    forger = exported_identity(klk, tmp / "keys-74.01")
    line = record(dict(_doc(klk, c.uuid), risk_level="rendah"), origin="74.01", owner="74")
    return "74", forge(forger, prov, tmp / "forged.casebundle", [line]), rules.FormerHolderRefused, c


ATTACKS = [attack_handback_of_case_handed_to_third_office, attack_overwrite_of_read_only_copy,
           attack_transfer_of_third_office_case, attack_update_of_case_never_sent,
           attack_new_people_and_note_for_case_never_sent, attack_record_owned_by_third_office,
           attack_update_of_other_owners_case, attack_deidentified_over_full_case,
           attack_change_by_office_that_handed_the_case_over]


def _content(session):
    """The canonical dump without the login/lock rows every CLI session adds to the audit log."""
    conn = session.db.conn
    tables = [t for t in exchange_repo.canonical_dump(conn) if t[0] != "audit_log"]
    actions = [a for (a,) in conn.execute("SELECT action FROM audit_log ORDER BY seq") if a not in SESSION_ACTIONS]
    return tables, actions


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda f: f.__name__[len("attack_"):])
def test_forged_bundle_is_refused_by_its_rule_and_changes_nothing(region, attack):
    s, tmp = region
    code, path, refusal, case = attack(s, tmp)
    target = s[code]
    # The message names the case by the number the receiving office knows it by (the record's, for a new case).
    held = exchange_repo.known_case_uuids(target.db.conn, [case.uuid])
    number = cases.case_state(target, case.uuid).case_number if held else case.case_number
    before = exchange_repo.canonical_dump(target.db.conn)
    for dry_run in (True, False):
        with pytest.raises(refusal) as caught:
            exchange.import_bundle(target, path, dry_run=dry_run, receipt_out=tmp / "r.receipt")
        assert type(caught.value) is refusal
        assert number in caught.value.message and "Paket tidak diimpor" in caught.value.message
        assert exchange_repo.canonical_dump(target.db.conn) == before
        assert not (tmp / "r.receipt").exists()

    # The same through the command line: its own exit code, one line, no traceback, nothing stored.
    tables, actions = _content(target)
    target.close()
    r = run_cli(["bundle", "import", str(path), "--receipt-out", str(tmp / "r.receipt")], data_dir=tmp / code,
                user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == refusal.exit_code, r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert r.stderr.strip().count("\n") == 0 and number in r.stderr
    assert not (tmp / "r.receipt").exists()
    again = unlock(DataDir(tmp / code))
    try:
        assert _content(again) == (tables, actions)
    finally:
        again.close(action=None)


def test_every_rule_has_its_own_exit_code_and_message():
    classes = [rules.HandBackRefused, rules.ReadOnlyCopyRefused, rules.ThirdOfficeTransferRefused,
               rules.NeverSentRefused, rules.NotOwnerRefused, rules.ForeignOwnerRefused, rules.DeidentifiedRefused,
               rules.FormerHolderRefused]
    assert len({c.exit_code for c in classes}) == len(classes)
    assert len({c.rule for c in classes}) == len(classes)
    from caseapp.bundles import errors as bundle_errors
    from caseapp.domain import errors as domain_errors

    taken = {c.exit_code for mod in (bundle_errors, domain_errors) for c in vars(mod).values()
             if isinstance(c, type) and hasattr(c, "exit_code") and not issubclass(c, rules.AuthorityRefused)}
    assert not taken & {c.exit_code for c in classes}


# --- what keeps working, and what is now shown -----------------------------------------------------------------

def test_additions_from_the_owner_show_in_the_preview_and_the_report(region):
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "1.casebundle")
    # The province adds a perpetrator and a note to Bombana's case and sends it back.
    local = cases.get_case(prov, c.uuid)
    doc = _with_new_people_and_note(case_to_json(local))
    cases.save_case(prov, dataclasses.replace(cases.case_from_json(doc), version=local.version))
    attachments.add_attachment(prov, c.uuid, file_name="visum.pdf", mime_type="application/pdf",
                               data=b"%PDF-1.4\nvisum palsu\n")
    path = tmp / "back.casebundle"
    exchange.export_bundle(prov, "74.06", path)
    plan, _opened = exchange.plan_import(bmb, path)
    [shown] = plan.additions()
    assert (shown.uuid, shown.case_number, shown.added) == (c.uuid, c.case_number, {"people": 1, "notes": 1, "attachments": 1})
    bmb.close()
    r = run_cli(["bundle", "import", str(path), "--dry-run"], data_dir=tmp / "74.06", user="admin",
                password=ADMIN_PASSWORD)
    assert r.returncode == 0, r.stderr
    assert f"Kasus {c.case_number}: paket ini akan menambahkan 1 orang, 1 catatan, 1 lampiran." in r.stdout
    assert "Pelaku Sisipan Palsu" not in r.stdout  # counts, not content
    bmb = s["74.06"] = unlock(DataDir(tmp / "74.06"))
    r = exchange.import_bundle(bmb, path)
    assert r.plan.summary()["update"] == 1 and r.plan.additions()[0].added == {"people": 1, "notes": 1, "attachments": 1}
    merged = cases.get_case(bmb, c.uuid)
    assert [p.name for p in merged.perpetrators][-1] == "Pelaku Sisipan Palsu"


def test_handover_and_handback_still_work_and_a_handed_over_copy_stays_read_only(region):
    s, tmp = region
    bmb, klk, prov = s["74.06"], s["74.01"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "1.casebundle")
    _send(prov, klk, tmp / "2.casebundle", case_refs=[c.uuid], transfer=True)
    # Kolaka, holding the case now, edits it and sends it to the province: the province's copy follows, read-only.
    cases.save_case(klk, dataclasses.replace(cases.get_case(klk, c.uuid), risk_level="tinggi"))
    _send(klk, prov, tmp / "3.casebundle", case_refs=[c.uuid])
    state = cases.case_state(prov, c.uuid)
    assert state.read_only and state.handed_over_to == "74.01"
    assert cases.get_case(prov, c.uuid).risk_level == "tinggi"
    # Kolaka hands it back: the province owns and edits it again.
    result = _send(klk, prov, tmp / "4.casebundle", case_refs=[c.uuid], transfer=True)
    assert result.transfer
    state = cases.case_state(prov, c.uuid)
    assert not state.read_only and state.owner_office == "74" and state.handed_over_to is None
    cases.save_case(prov, dataclasses.replace(cases.get_case(prov, c.uuid), risk_level="rendah"))


# --- access ----------------------------------------------------------------------------------------------------

def _conflict_at_province(s, tmp):
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "1.casebundle")
    cases.save_case(bmb, dataclasses.replace(cases.get_case(bmb, c.uuid), risk_level="tinggi"))
    cases.save_case(prov, dataclasses.replace(cases.get_case(prov, c.uuid), risk_level="rendah"))
    _send(bmb, prov, tmp / "2.casebundle")
    assert len(exchange.open_conflicts(prov)) == 1
    return c


def test_conflicts_follow_the_rule_of_opening_the_case(region):
    s, tmp = region
    prov = s["74"]
    c = _conflict_at_province(s, tmp)
    add_officer(prov, "petugas1")
    add_officer(prov, "petugas2", "Petugas Dua")
    stored = cases.get_case(prov, c.uuid)
    cases.save_case(prov, dataclasses.replace(stored, assigned_officers=("petugas2",)))
    conflict_id = exchange.open_conflicts(prov)[0].id
    prov.close()
    outsider = unlock(DataDir(tmp / "74"), "petugas1", OFFICER_PASSWORD)
    try:
        assert exchange.open_conflicts(outsider) == []
        with pytest.raises(PermissionDenied):
            exchange.open_conflicts(outsider, c.uuid)
        with pytest.raises((PermissionDenied, NotFound)):
            exchange.resolve_conflict(outsider, conflict_id, "remote")
    finally:
        outsider.close()
    assigned = unlock(DataDir(tmp / "74"), "petugas2", OFFICER_PASSWORD)
    try:
        [seen] = exchange.open_conflicts(assigned)
        assert seen.case_uuid == c.uuid and seen.local == "rendah"
    finally:
        assigned.close()


def test_write_receipt_needs_the_exchange_role_and_an_imported_bundle(region):
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    cases.create_case(bmb, _case("Siti Aminah"))
    path = tmp / "1.casebundle"
    exported = exchange.export_bundle(bmb, "74", path)
    # Not imported yet: no receipt, whoever asks.
    with pytest.raises(NotFound):
        exchange.write_receipt(prov, exported.bundle_hash, "74.06", 1, tmp / "early.receipt")
    assert not (tmp / "early.receipt").exists()
    exchange.import_bundle(prov, path)
    # A made-up bundle, or the right hash with another sender or sequence: refused.
    for bundle_hash, sender, seq in (("cd" * 32, "74.06", 1), (exported.bundle_hash, "74.01", 1),
                                     (exported.bundle_hash, "74.06", 2)):
        with pytest.raises(NotFound):
            exchange.write_receipt(prov, bundle_hash, sender, seq, tmp / "made-up.receipt")
    assert not (tmp / "made-up.receipt").exists()
    add_officer(prov, "petugas1")
    prov.close()
    officer = unlock(DataDir(tmp / "74"), "petugas1", OFFICER_PASSWORD)
    try:
        with pytest.raises(PermissionDenied):
            exchange.write_receipt(officer, exported.bundle_hash, "74.06", 1, tmp / "officer.receipt")
    finally:
        officer.close()
    assert not (tmp / "officer.receipt").exists()
    # The supervisor or admin gets the receipt of a bundle really imported, and the district accepts it.
    prov = unlock(DataDir(tmp / "74"))
    try:
        exchange.write_receipt(prov, exported.bundle_hash, "74.06", 1, tmp / "ok.receipt")
    finally:
        prov.close()
    assert exchange.import_bundle(bmb, tmp / "ok.receipt").plan.acknowledged == (1, exported.bundle_hash)
