"""Issue 9, audit log tail: deleting the newest entries is reported at unlock and by `audit verify`;
a crash between a commit and its seal is no false alarm; partner-held heads expose a rewritten history."""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from caseapp.services import audit, audit_tail
from caseapp.store import audit_log
from caseapp.store.database import Database
from tests.helpers import ADMIN_PASSWORD, REPO, make_office, run_cli, unlock


@pytest.fixture
def office(tmp_path):
    data_dir, result = make_office(tmp_path / "o")
    for i in range(5):
        result.session.audit("case_viewed", "case", f"id-{i}")
    key = bytes(result.session.data_key)
    result.session.close()
    return data_dir, key


def _as_attacker(data_dir, key, *sql):
    """What someone holding the data key does with plain SQLCipher, bypassing the app (and its seal)."""
    db = Database.open(data_dir.database, key)
    db.conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    db.conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    for stmt in sql:
        db.conn.execute(stmt)
    db.close()


def _count(data_dir, key) -> int:
    db = Database.open(data_dir.database, key)
    try:
        return db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        db.close()


def test_unsealed_intact_log_opens_without_warning_and_verifies(office):
    data_dir, _key = office
    s = unlock(data_dir)
    assert s.audit_warning == "" and s.tail_check.status == "ok"
    assert audit.verify_chain(s).ok
    s.close()


def test_deleting_the_newest_entry_is_warned_at_unlock_and_recorded(office):
    data_dir, key = office
    before = _count(data_dir, key)
    _as_attacker(data_dir, key, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
    s = unlock(data_dir)
    assert s.tail_check.status == "shorter"
    assert "Entri terbaru mungkin telah dihapus" in s.audit_warning
    assert f"seharusnya ada setidaknya {before} entri, sekarang hanya {before - 1}" in s.audit_warning
    alarms = audit_tail.recorded_alarms(s.db.conn)
    assert [a.record_id for a in alarms] == [f"shorter:{before}:{before - 1}"]
    assert not audit.verify_chain(s).ok
    s.close()
    # The evidence stays in the log: a later unlock (seal renewed) is quiet, but verify still reports it.
    s = unlock(data_dir)
    assert s.audit_warning == ""
    result = audit.verify_chain(s)
    assert result.chain.ok and not result.ok and len(result.alarms) == 1
    s.close()


def test_cli_audit_verify_reports_a_deleted_newest_entry(office):
    data_dir, key = office
    r = run_cli(["audit", "verify"], data_dir=data_dir.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 0 and "utuh" in r.stdout, r.stdout + r.stderr
    _as_attacker(data_dir, key, "DELETE FROM audit_log WHERE seq >= (SELECT max(seq) - 1 FROM audit_log)")
    r = run_cli(["audit", "verify"], data_dir=data_dir.root, user="admin", password=ADMIN_PASSWORD)
    assert r.returncode == 20, r.stdout + r.stderr
    assert "Log audit RUSAK" in r.stdout and "Entri terbaru mungkin telah dihapus" in r.stdout
    assert "peringatan:" in r.stderr and "Traceback" not in r.stderr


def test_replacing_the_newest_entry_is_reported_as_altered(office):
    data_dir, key = office
    db = Database.open(data_dir.database, key)
    seq, prev = db.conn.execute("SELECT seq, prev_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    db.close()
    forged = audit_log.entry_hash(prev, seq, "2024-01-01T00:00:00+08:00", "admin", "lock", "", "")
    _as_attacker(data_dir, key, f"DELETE FROM audit_log WHERE seq = {seq}",
                 "INSERT INTO audit_log (seq, ts, actor, action, record_type, record_id, prev_hash, hash) VALUES "
                 f"({seq}, '2024-01-01T00:00:00+08:00', 'admin', 'lock', '', '', '{prev}', '{forged}')")
    s = unlock(data_dir)
    assert s.tail_check.status == "diverged" and "mungkin telah diubah" in s.audit_warning
    assert audit_log.verify(s.db.conn, s.office.db_id).ok  # the chain alone would say "intact"
    s.close()


def test_removing_or_forging_the_seal_is_warned(office):
    data_dir, _key = office
    data = json.loads(data_dir.keyslots.read_text())
    data["audit_seal"]["count"] += 3
    data_dir.keyslots.write_text(json.dumps(data))
    s = unlock(data_dir)
    assert s.tail_check.status == "seal_invalid" and "dipalsukan" in s.audit_warning
    s.close()
    data = json.loads(data_dir.keyslots.read_text())
    del data["audit_seal"]
    data_dir.keyslots.write_text(json.dumps(data))
    s = unlock(data_dir)
    assert s.tail_check.status == "seal_removed" and "hilang" in s.audit_warning
    s.close()


def test_a_key_file_that_is_only_behind_is_no_false_alarm(office):
    data_dir, _key = office
    older = data_dir.root.parent / "older.keys"
    shutil.copy(data_dir.keyslots, older)
    s = unlock(data_dir)
    for i in range(3):
        s.audit("case_viewed", "case", f"later-{i}")
    s.close()
    shutil.copy(older, data_dir.keyslots)  # as if every seal after these commits had been lost in a crash
    s = unlock(data_dir)
    assert s.tail_check.status == "ok" and s.audit_warning == ""
    assert audit.verify_chain(s).ok
    s.close()


def test_a_crash_between_commit_and_seal_is_no_false_alarm(office):
    data_dir, _key = office
    s = unlock(data_dir)
    s.db.after_commit = None  # the process dies right after COMMIT, before the seal is written
    s.audit("case_viewed", "case", "last-before-crash")
    s.db.conn.close()
    s.lock.release()
    s = unlock(data_dir)
    assert s.tail_check.status == "ok" and s.audit_warning == ""
    assert "last-before-crash" in [e.record_id for e in audit_log.entries(s.db.conn, limit=3)]
    s.close()


def test_a_rekey_renews_the_seal_under_the_new_data_key(office):
    from caseapp.services import accounts

    data_dir, _key = office
    s = unlock(data_dir)
    s.db.after_commit = None  # crash right after the re-key, before its own audit entry is sealed
    accounts.rekey(s)
    s.db.conn.close()
    s.lock.release()
    s = unlock(data_dir)
    assert s.tail_check.status == "ok" and s.audit_warning == ""
    s.close()


def test_sigkill_while_committing_never_raises_a_false_alarm(office):
    data_dir, _key = office
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]))
    rng = random.Random(9)
    for _round in range(6):
        proc = subprocess.Popen([sys.executable, "-m", "tests.services.audit_seal_writer", str(data_dir.root)],
                                cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "open"
        for _ in range(rng.randint(1, 40)):
            proc.stdout.readline()
        time.sleep(rng.random() * 0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        s = unlock(data_dir)
        assert s.tail_check.status == "ok", s.tail_check
        assert audit.verify_chain(s).ok
        s.close()


def test_heads_a_partner_kept_expose_a_rewritten_history(office, tmp_path):
    """Bundles carry the sender's audit head; a rewrite that re-chains every hash no longer contains it."""
    from caseapp.services.audit import HeadsFile, PartnerHead

    data_dir, key = office
    s = unlock(data_dir)
    seq, head = audit_log.head(s.db.conn, s.office.db_id)
    code = s.office.code
    s.close()
    heads = HeadsFile(code, "74", [PartnerHead("data", 1, "2024-05-01T10:00:00+08:00", head)])
    s = unlock(data_dir)
    assert audit.verify_chain(s, heads).ok
    s.close()

    # An administrator with the data key rewrites entry 3 and recomputes every hash after it, then re-seals
    # through the app: chain and seal agree, only the partner's head can tell.
    db = Database.open(data_dir.database, key)
    rows = db.conn.execute("SELECT seq, ts, actor, action, record_type, record_id FROM audit_log ORDER BY seq").fetchall()
    db_id = db.conn.execute("SELECT db_id FROM office").fetchone()[0]
    db.close()
    prev, stmts = audit_log.genesis_hash(db_id), ["DELETE FROM audit_log"]
    for rseq, ts, actor, action, rtype, rid in rows:
        rid = "disembunyikan" if rseq == 3 else rid
        h = audit_log.entry_hash(prev, rseq, ts, actor, action, rtype, rid)
        stmts.append("INSERT INTO audit_log (seq, ts, actor, action, record_type, record_id, prev_hash, hash) "
                     f"VALUES ({rseq}, '{ts}', '{actor}', '{action}', '{rtype}', '{rid}', '{prev}', '{h}')")
        prev = h
    _as_attacker(data_dir, key, *stmts)
    s = unlock(data_dir)  # the seal's head no longer matches: diverged (the admin could re-seal; see below)
    assert s.tail_check.status == "diverged"
    s.close()
    s = unlock(data_dir)
    assert audit_log.verify(s.db.conn, s.office.db_id).ok
    result = audit.verify_chain(s, heads)
    assert not result.heads.ok and result.heads.missing[0].bundle_seq == 1
    s.close()


def test_a_rekey_interrupted_after_the_database_changed_key_is_no_false_alarm(office, monkeypatch):
    from caseapp.crypto.keyslots import KeySlotFile
    from caseapp.services import accounts

    data_dir, _key = office
    s = unlock(data_dir)
    s.db.after_commit = None
    monkeypatch.setattr(KeySlotFile, "keep_only_generation",
                        lambda self, g: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):  # the database has the new key; the key file holds both
        accounts.rekey(s)
    monkeypatch.undo()
    s.db.conn.close()
    s.lock.release()
    for _ in range(2):  # the first unlock finishes the re-key, the second checks the renewed seal
        s = unlock(data_dir)
        assert s.keyfile.generation == 2 and s.tail_check.status == "ok", s.tail_check
        s.close(action=None)
