"""Merge bases kept by reference (migration 0006): no second copy of every exchanged case, and no base ever lost.

A base refers to the case as stored; the store copies the old document into the base before the case changes.
Each test below would let a district's edit be silently overwritten (or raise a false conflict) if that copy
were missing or made at the wrong moment.
"""

import dataclasses

from caseapp.services import cases, exchange
from caseapp.store import cases_repo, exchange_repo
from tests.services.test_exchange import _case, _send, region  # noqa: F401  (fixture)


def _base_documents(session, table="sync_base"):
    return session.db.conn.execute(f"SELECT case_uuid, document FROM {table}").fetchall()


def test_exchanged_cases_keep_their_bases_by_reference_not_as_copies(region):  # noqa: F811
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    made = [cases.create_case(bmb, _case(name)) for name in ("Siti Aminah", "Wa Ode Rahma", "Nur Aisyah")]
    _send(bmb, prov, tmp / "1.casebundle")
    for session in (bmb, prov):
        rows = _base_documents(session)
        assert sorted(u for u, _doc in rows) == sorted(c.uuid for c in made)
        assert all(doc is None for _u, doc in rows)  # nothing duplicated
        assert _base_documents(session, "sync_pending") == []
    # The base reads as the shared document: an unchanged case is not sent again.
    assert exchange.export_bundle(bmb, "74", tmp / "2.casebundle").case_count == 0


def test_a_local_edit_copies_the_agreed_version_into_the_base_first(region):  # noqa: F811
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "1.casebundle")
    before = bmb.db.conn.execute("SELECT document FROM cases WHERE uuid = ?", (c.uuid,)).fetchone()[0]
    cases.save_case(bmb, dataclasses.replace(cases.get_case(bmb, c.uuid), risk_level="tinggi"))
    assert dict(_base_documents(bmb))[c.uuid] == before  # the version both offices hold, copied before the save
    assert exchange_repo.sync_base(bmb.db.conn, "74", c.uuid)["risk_level"] != "tinggi"


def test_edit_between_export_and_receipt_is_not_taken_for_agreed(region):  # noqa: F811
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    bundle = tmp / "1.casebundle"
    exchange.export_bundle(bmb, "74", bundle)
    # The district edits the case while the stick is on its way; the province never saw this value.
    cases.save_case(bmb, dataclasses.replace(cases.get_case(bmb, c.uuid), risk_level="tinggi"))
    exchange.import_bundle(prov, bundle, receipt_out=tmp / "1.receipt")
    exchange.import_bundle(bmb, tmp / "1.receipt")
    # The province changes another field and sends the case back.
    cases.save_case(prov, dataclasses.replace(cases.get_case(prov, c.uuid), competent_office="74"))
    _send(prov, bmb, tmp / "p1.casebundle")
    merged = cases.get_case(bmb, c.uuid)
    assert (merged.risk_level, merged.competent_office) == ("tinggi", "74")
    assert exchange.open_conflicts(bmb) == []


def test_case_saved_while_the_export_runs_keeps_the_sent_text_as_base(region, monkeypatch):  # noqa: F811
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    real_rows = exchange._export_rows

    def rows_then_a_save(*args, **kwargs):
        rows = real_rows(*args, **kwargs)
        # Saved after the export read the case and before it records what it sent.
        cases.save_case(bmb, dataclasses.replace(cases.get_case(bmb, c.uuid), risk_level="tinggi"))
        return rows

    monkeypatch.setattr(exchange, "_export_rows", rows_then_a_save)
    _send(bmb, prov, tmp / "1.casebundle")
    monkeypatch.setattr(exchange, "_export_rows", real_rows)
    pending_base = dict(_base_documents(bmb))[c.uuid]
    assert pending_base is not None and '"risk_level":"tinggi"' not in pending_base
    cases.save_case(prov, dataclasses.replace(cases.get_case(prov, c.uuid), competent_office="74"))
    _send(prov, bmb, tmp / "p1.casebundle")
    merged = cases.get_case(bmb, c.uuid)
    assert (merged.risk_level, merged.competent_office) == ("tinggi", "74")
    assert exchange.open_conflicts(bmb) == []
    # ... and the district's edit still goes to the province with the next bundle.
    _send(bmb, prov, tmp / "2.casebundle")
    assert cases.get_case(prov, c.uuid).risk_level == "tinggi"


def test_merged_import_keeps_what_the_sender_holds_as_base_not_the_merged_case(region):  # noqa: F811
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    c = cases.create_case(bmb, _case("Siti Aminah"))
    _send(bmb, prov, tmp / "1.casebundle")
    cases.save_case(prov, dataclasses.replace(cases.get_case(prov, c.uuid), competent_office="74"))
    cases.save_case(bmb, dataclasses.replace(cases.get_case(bmb, c.uuid), risk_level="tinggi"))
    _send(bmb, prov, tmp / "2.casebundle")
    merged = cases.get_case(prov, c.uuid)
    assert (merged.risk_level, merged.competent_office) == ("tinggi", "74")
    base = exchange_repo.sync_base(prov.db.conn, "74.06", c.uuid)
    assert (base["risk_level"], base["competent_office"]) == ("tinggi", "74.06")  # what the district holds
    # So the province's own change still travels to the district.
    assert exchange.export_bundle(prov, "74.06", tmp / "p1.casebundle").case_count == 1
    exchange.import_bundle(bmb, tmp / "p1.casebundle")
    assert cases.get_case(bmb, c.uuid).competent_office == "74"


def test_every_change_to_a_sent_case_moves_the_export_change_stamp(region):  # noqa: F811
    """The export skips re-reading the sent cases' versions only while this stamp is unchanged: a save, a hand-over
    and a removal of a case must each move it, or a pending base could refer to a version that was never sent."""
    s, tmp = region
    bmb = s["74.06"]
    a, b = (cases.create_case(bmb, _case(name)) for name in ("Siti Aminah", "Wa Ode Rahma"))
    conn = bmb.db.conn
    stamp = exchange_repo.case_change_stamp(conn)
    cases.get_case(bmb, a.uuid)
    exchange_repo.export_rows(conn, "74", uuids=[a.uuid, b.uuid])
    assert exchange_repo.case_change_stamp(conn) == stamp  # reading changes nothing
    cases.save_case(bmb, dataclasses.replace(cases.get_case(bmb, a.uuid), risk_level="tinggi"))
    assert exchange_repo.case_change_stamp(conn) != stamp
    stamp = exchange_repo.case_change_stamp(conn)
    with bmb.db.transaction() as c:
        cases_repo.set_owner(c, b.uuid, "74.06", read_only=True, handed_over_to="74")
    assert exchange_repo.case_change_stamp(conn) != stamp
    stamp = exchange_repo.case_change_stamp(conn)
    with bmb.db.transaction() as c:
        c.execute("DELETE FROM cases WHERE uuid = ?", (b.uuid,))
    assert exchange_repo.case_change_stamp(conn) != stamp


def test_export_of_unchanged_cases_keeps_every_pending_base_by_reference(region):  # noqa: F811
    s, tmp = region
    bmb = s["74.06"]
    made = [cases.create_case(bmb, _case(name)) for name in ("Siti Aminah", "Wa Ode Rahma", "Nur Aisyah")]
    exchange.export_bundle(bmb, "74", tmp / "1.casebundle")
    pending = bmb.db.conn.execute("SELECT case_uuid, version, document FROM sync_pending").fetchall()
    assert sorted(pending) == sorted((c.uuid, c.version, None) for c in made)
