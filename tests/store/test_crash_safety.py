"""SIGKILL at random moments during writes never corrupts the store or loses a committed write."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from caseapp.store.database import Database
from caseapp.store import audit_log
from tests.helpers import REPO, make_office

KILLS = 60


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_sigkill_during_writes(tmp_path):
    data_dir, result = make_office(tmp_path / "o")
    key = bytes(result.session.data_key).hex()
    db_id = result.session.office.db_id
    result.session.close()
    rng = random.Random(1234)
    committed: set[int] = set()
    next_n = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "store" / "crash_writer.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        )
        proc.stdin.write(f"{data_dir.root} {key} {next_n}")
        proc.stdin.close()
        time.sleep(rng.uniform(0.25, 0.9))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.stdout.read(), proc.stderr.read()
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, err
        numbers = [int(x) for x in out.split()]
        committed.update(numbers)
        next_n = (max(numbers) + 1 if numbers else next_n) + 100_000  # next run never collides with a torn one
    db = Database.open(data_dir.database, bytes.fromhex(key))
    try:
        assert db.integrity_problems() == []
        present = {int(k.split("-")[1]) for (k,) in db.conn.execute("SELECT key FROM settings WHERE key LIKE 'crash-%'")}
        assert committed, "the writer never committed: the test did not exercise anything"
        assert committed <= present
        assert audit_log.verify(db.conn, db_id).ok
    finally:
        db.close()
