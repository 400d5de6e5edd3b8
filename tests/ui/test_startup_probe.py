"""The startup probe the packaging checks use: the real GUI entry point starts, shows its first window, quits."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import REPO, make_office


def _start_gui(data_dir) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEAPP_")}
    env.update(QT_QPA_PLATFORM="offscreen", CASEAPP_DATA_DIR=str(data_dir), CASEAPP_STARTUP_PROBE="1",
               PYTHONPATH=str(REPO / "src"))
    return subprocess.run([sys.executable, "-m", "caseapp"], env=env, capture_output=True, text=True, timeout=120)


def test_initialised_office_starts_to_the_unlock_window(tmp_path):
    data_dir, result = make_office(tmp_path / "office")
    result.session.close()
    r = _start_gui(data_dir.root)
    assert r.returncode == 0, r.stderr
    word, window, _when = r.stdout.split()
    assert (word, window) == ("caseapp-startup", "UnlockWindow")


def test_empty_folder_starts_to_the_setup_wizard_and_writes_nothing(tmp_path):
    r = _start_gui(tmp_path / "fresh")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[:2] == ["caseapp-startup", "SetupWizard"]
    assert not (tmp_path / "fresh").exists()
