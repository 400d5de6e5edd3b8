"""An export with nothing to send is answered from indexes — and every change after it is still sent.

The quick answer ("nothing changed since an export found nothing to send") must never hide a case: each test
changes the store one way after a quiet export and checks that the next bundle carries exactly that case.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from caseapp.services import cases, exchange
from caseapp.store import exchange_repo
from tests.services.test_exchange import _case, _send, region  # noqa: F401 - the fixture


def _export(src, path):
    return exchange.export_bundle(src, "74", path)


def _edit(session, uuid):
    case = cases.get_case(session, uuid)
    cases.save_case(session, dataclasses.replace(case, risk_level="tinggi" if case.risk_level != "tinggi" else "rendah"))


def _sent(prov, tmp, src, name):
    """Export to the province, import it there with a receipt, acknowledge: the uuids the bundle carried."""
    path = tmp / name
    res = _export(src, path)
    plan = exchange.import_bundle(prov, path, dry_run=True)
    receipt = path.with_suffix(".receipt")
    exchange.import_bundle(prov, path, receipt_out=receipt)
    exchange.import_bundle(src, receipt)
    return res.case_count, {cp.uuid for cp in plan.plan.cases}


@pytest.fixture
def quiet(region):  # noqa: F811
    """Bombana with three cases, all sent and acknowledged, then an export that found nothing (the quiet mark)."""
    s, tmp = region
    bmb, prov = s["74.06"], s["74"]
    made = [cases.create_case(bmb, _case(name)) for name in ("Siti Aminah", "Rina Marlina", "Nur Aisyah")]
    assert _sent(prov, tmp, bmb, "bmb-1.casebundle")[0] == 3
    assert _export(bmb, tmp / "bmb-2.casebundle").case_count == 0
    assert exchange_repo.quiet_mark(bmb.db.conn, "74") is not None
    return bmb, prov, tmp, made


def test_a_quiet_export_stays_empty_and_reads_no_case_document(quiet):
    bmb, _prov, tmp, _made = quiet
    statements = []
    bmb.db.conn.set_trace_callback(statements.append)
    try:
        assert _export(bmb, tmp / "bmb-3.casebundle").case_count == 0
    finally:
        bmb.db.conn.set_trace_callback(None)
    reads_documents = re.compile(r"c\.document\b|SELECT[^()]*\bdocument\b[^()]*FROM cases\b")
    assert statements and not [s for s in statements if reads_documents.search(s)]


def test_an_edited_case_is_sent_after_a_quiet_export(quiet):
    bmb, prov, tmp, made = quiet
    _edit(bmb, made[1].uuid)
    count, sent = _sent(prov, tmp, bmb, "bmb-3.casebundle")
    assert (count, sent) == (1, {made[1].uuid})
    assert _export(bmb, tmp / "bmb-4.casebundle").case_count == 0


def test_a_new_case_is_sent_after_a_quiet_export(quiet):
    bmb, prov, tmp, _made = quiet
    new = cases.create_case(bmb, _case("Dewi Lestari"))
    assert _sent(prov, tmp, bmb, "bmb-3.casebundle") == (1, {new.uuid})


def test_a_case_changed_by_an_import_is_sent_back_after_a_quiet_export(quiet):
    bmb, prov, tmp, made = quiet
    # The province edits a case and sends it to Bombana; Bombana's copy changes (a merge), so Bombana owes the
    # province nothing new for it — but a case Bombana then edits must go out.
    _edit(prov, made[0].uuid)
    _send(prov, bmb, tmp / "prov-1.casebundle", case_refs=[made[0].uuid])
    _edit(bmb, made[2].uuid)
    count, sent = _sent(prov, tmp, bmb, "bmb-3.casebundle")
    assert made[2].uuid in sent


def test_every_write_that_could_make_a_case_sendable_changes_the_quiet_state(quiet):
    """The quick answer relies on these: an edit, a new case, a change of owner or hand-over, a new base."""
    from caseapp.store import cases_repo

    bmb, _prov, _tmp, made = quiet
    conn = bmb.db.conn

    def state():
        return exchange_repo.quiet_state(conn, "74", "74.06")

    before = state()
    with bmb.db.transaction() as c:
        cases_repo.set_owner(c, made[0].uuid, "74.06", read_only=True, handed_over_to="74.01")
    assert state() not in (None, before)
    before = state()
    cases.create_case(bmb, _case("Dewi Lestari"))
    assert state() not in (None, before)
    before = state()
    other = cases.create_case(bmb, _case("Fitri Handayani")).uuid
    before = state()
    with bmb.db.transaction() as c:
        exchange_repo.set_sync_base(c, "74", other, 1, None)
    assert state() not in (None, before)
    with bmb.db.transaction() as c:  # a base holding its own copy: no quick answer at all
        exchange_repo.set_sync_base(c, "74", made[1].uuid, 1, {"uuid": made[1].uuid})
    assert state() is None
