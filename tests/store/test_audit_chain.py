"""The audit log is append-only and hash-chained; `audit verify` names the first broken entry."""

import pytest

from caseapp.store.database import IntegrityError
from tests.helpers import ADMIN_PASSWORD, make_office, run_cli, unlock


@pytest.fixture
def office(tmp_path):
    data_dir, result = make_office(tmp_path / "o")
    for i in range(5):
        result.session.audit("case_viewed", "case", f"id-{i}")
    result.session.close()
    return data_dir


def _tamper(data_dir, *sql):
    s = unlock(data_dir)
    with s.db.transaction() as c:
        c.execute("DROP TRIGGER audit_log_no_update")
        c.execute("DROP TRIGGER audit_log_no_delete")
        for stmt in sql:
            c.execute(stmt)
    s.close(action=None)


def test_triggers_refuse_update_and_delete(office):
    s = unlock(office)
    with pytest.raises(IntegrityError):
        with s.db.transaction() as c:
            c.execute("UPDATE audit_log SET action = 'x' WHERE seq = 1")
    with pytest.raises(IntegrityError):
        with s.db.transaction() as c:
            c.execute("DELETE FROM audit_log WHERE seq = 2")
    s.close()


def test_intact_chain_verifies(office):
    r = run_cli(["audit", "verify"], data_dir=office.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 0, r.stderr
    assert "utuh" in r.stdout


def test_changed_row_is_named(office):
    _tamper(office, "UPDATE audit_log SET record_id = 'id-x' WHERE seq = 4")
    r = run_cli(["audit", "verify"], data_dir=office.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 20
    assert "#4" in r.stdout and "diubah" in r.stdout


def test_changed_row_with_recomputed_hash_breaks_the_next_link(office):
    from caseapp.store.audit_log import entry_hash

    s = unlock(office)
    seq, ts, actor, action, rtype, rid, prev = s.db.conn.execute(
        "SELECT seq, ts, actor, action, record_type, record_id, prev_hash FROM audit_log WHERE seq = 3").fetchone()
    s.close(action=None)
    forged = entry_hash(prev, seq, ts, actor, action, rtype, "forged")
    _tamper(office, f"UPDATE audit_log SET record_id = 'forged', hash = '{forged}' WHERE seq = 3")
    r = run_cli(["audit", "verify"], data_dir=office.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 20 and "#4" in r.stdout


def test_deleted_row_is_named(office):
    _tamper(office, "DELETE FROM audit_log WHERE seq = 3")
    r = run_cli(["audit", "verify"], data_dir=office.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 20
    assert "#3" in r.stdout and "hilang" in r.stdout


def test_entries_hold_no_names(office):
    s = unlock(office)
    rows = s.db.conn.execute("SELECT actor, action, record_type, record_id FROM audit_log").fetchall()
    s.close()
    flat = " ".join(" ".join(r) for r in rows)
    assert "Wa Ode" not in flat and "Bombana" not in flat


def test_entries_logged_in_one_batch_chain_like_single_entries(office):
    """An import logs thousands of cases at once; the batch must chain exactly as entries written one by one."""
    from caseapp.store import audit_log

    s = unlock(office)
    try:
        with s.db.transaction() as c:
            s.audit_many([("case_imported", "case", f"batch-{i}") for i in range(50)], conn=c)
        s.audit("case_viewed", "case", "after-batch")
        report = audit_log.verify(s.db.conn, s.office.db_id)
        assert report.ok
        recent = audit_log.entries(s.db.conn, limit=52)
        assert [e.record_id for e in recent[:3]] == ["after-batch", "batch-49", "batch-48"]
        assert recent[1].seq == recent[2].seq + 1 and recent[1].prev_hash == recent[2].hash
    finally:
        s.close()
