"""SIGKILL at random moments during a backup never leaves a file that checks out as a good backup but is not."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from caseapp.services import backup, cases
from caseapp.services.backup import Credential
from caseapp.store.backup_file import BackupDamaged
from tests.helpers import REPO, make_office, unlock
from tests.services.test_exchange import _case

KILLS = 20


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_sigkill_during_backup_leaves_no_file_that_verifies_but_is_bad(tmp_path):
    data_dir, result = make_office(tmp_path / "o")
    recovery_key = result.recovery_key
    for i in range(150):
        cases.create_case(result.session, _case(f"Korban Nomor {i}"))
    result.session.close()
    out = tmp_path / "usb"
    out.mkdir()
    rng = random.Random(2026)
    finished: set[str] = set()
    outcomes = {"good": 0, "refused": 0}
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(REPO / "tests" / "services" / "backup_writer.py")],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd=REPO, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        proc.stdin.write(f"{data_dir.root} {out}")
        proc.stdin.close()
        time.sleep(rng.uniform(0.6, 1.6))
        proc.send_signal(signal.SIGKILL)
        stdout, err = proc.stdout.read(), proc.stderr.read()
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, err
        finished.update(stdout.split())
        for path in out.iterdir():
            try:
                backup.verify_backup(path)
            except BackupDamaged:
                assert path.name not in finished
                outcomes["refused"] += 1
                path.unlink()  # a torn temporary file
                continue
            # Whatever passes the quick check must be a complete, openable backup of this office.
            report = backup.verify_backup(path, Credential(recovery_key=recovery_key))
            assert report.opened and report.header.db_id == result.session.office.db_id
            outcomes["good"] += 1
    assert finished, "no backup ever finished: the test did not exercise anything"
    assert outcomes["refused"], "no kill landed while a file was being written"
    # The office itself is unharmed and its data folder holds no leftover copies after the next backup.
    with unlock(data_dir) as s:
        assert s.db.integrity_problems() == []
        backup.create_backup(s, out)
    assert not [p.name for p in data_dir.root.iterdir() if p.name.startswith(".backup-copy")]
