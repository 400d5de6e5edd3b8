"""Benchmark: unlock time split into Argon2id and the rest (empty store), and GUI cold start vs a bare PySide6 window.

Run: ``.venv/bin/python benchmarks/foundation.py [--repeats 5]``. Uses the product KDF policy (calibrated on this
machine unless CASEAPP_KDF_CALIBRATE=0), so the split shows what an officer waits for.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import demo_store

PASSWORD = demo_store.PASSWORD

BARE_WINDOW = """
import sys, time
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
w = QLabel("caseapp")
w.resize(420, 360)
w.show()
app.processEvents()
print(time.time(), flush=True)
"""

# Runs the real entry point; QApplication.exec is replaced by a loop that stops once the unlock window is shown.
APP_TO_UNLOCK = """
import sys, time
import PySide6.QtWidgets as qtw

class _App(qtw.QApplication):
    def exec(self):
        from caseapp.ui.unlock_window import UnlockWindow
        deadline = time.time() + 60
        while time.time() < deadline:
            self.processEvents()
            if any(isinstance(w, UnlockWindow) and w.isVisible() for w in self.topLevelWidgets()):
                self.processEvents()
                print(time.time(), flush=True)
                return 0
        return 1

qtw.QApplication = _App
from caseapp.app import main
sys.exit(main([sys.argv[0]]))
"""

# Fallback while caseapp.app is not available: import and show the unlock window directly.
UNLOCK_WINDOW_ONLY = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from caseapp.datadir import DataDir
from caseapp.ui.jobs import JobRunner
from caseapp.ui.unlock_window import UnlockWindow
app = QApplication(sys.argv)
w = UnlockWindow(DataDir(Path(sys.argv[1])), JobRunner())
w.show()
app.processEvents()
print(time.time(), flush=True)
"""


def make_empty_office(root: Path):
    from caseapp.crypto.kdf import KdfPolicy
    from caseapp.datadir import DataDir
    from caseapp.domain.accounts import NewUser, OfficeLevel, Role
    from caseapp.services.setup import OfficeProfile, initialize_office

    data_dir = DataDir(root)
    result = initialize_office(
        data_dir, OfficeProfile("74.06", "UPTD PPA Kabupaten Bombana", OfficeLevel.KABUPATEN, "Kasipute", "", ""),
        NewUser("admin", "Administrator", Role.ADMIN), PASSWORD, kdf_policy=KdfPolicy.product())
    result.session.close(action="logout")
    return data_dir


def time_unlock(data_dir, repeats: int) -> dict:
    """Total unlock time and, inside it, the time spent in Argon2id (measured by wrapping KdfParams.derive)."""
    from caseapp.crypto import kdf
    from caseapp.crypto.keyslots import KeySlotFile
    from caseapp.services.session import unlock

    params = KeySlotFile.load(data_dir.keyslots).password_slot("admin").kdf
    spent: list[float] = []
    original = kdf.KdfParams.derive

    def timed(self, password):
        t = time.perf_counter()
        try:
            return original(self, password)
        finally:
            spent.append(time.perf_counter() - t)

    totals, kdfs = [], []
    kdf.KdfParams.derive = timed
    try:
        for _i in range(repeats):
            spent.clear()
            t0 = time.perf_counter()
            session = unlock(data_dir, "admin", PASSWORD)
            totals.append(time.perf_counter() - t0)
            kdfs.append(sum(spent))
            session.close()
    finally:
        kdf.KdfParams.derive = original
    return {"params": params, "total": totals, "kdf": kdfs, "rest": [t - k for t, k in zip(totals, kdfs)]}


def startup_seconds(code: str, env: dict, *args: str) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120)
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "no output")
    return float(out.stdout.strip().splitlines()[-1]) - start


def gui_entry() -> tuple[str, str]:
    try:
        import caseapp.app  # noqa: F401
        import caseapp.ui.controller  # noqa: F401
        return "caseapp.app:main", APP_TO_UNLOCK
    except ImportError:
        return "caseapp.ui.unlock_window (caseapp.app not available)", UNLOCK_WINDOW_ONLY


def ms(x: float) -> str:
    return f"{x * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="caseapp-bench-") as tmp:
        data_dir = make_empty_office(Path(tmp) / "office")
        res = time_unlock(data_dir, args.repeats)
        p = res["params"]
        kdf_med, rest_med = statistics.median(res["kdf"]), statistics.median(res["rest"])
        print(f"foundation: unlock of an empty store, {args.repeats} runs "
              f"(Argon2id {p.memory_kib // 1024} MiB, {p.iterations} passes, {p.lanes} lanes)")
        print(f"  total  median {ms(statistics.median(res['total']))}")
        print(f"  Argon2id key derivation  median {ms(kdf_med)}")
        print(f"  rest (key file, X25519 unwrap, SQLCipher open, checks, audit entry)  median {ms(rest_med)}, "
              f"max {ms(max(res['rest']))}   [target ≤ 200 ms: {'ok' if rest_med <= 0.2 else 'MISSED'}]")

        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CASEAPP_DATA_DIR": str(data_dir.root),
               "PYTHONPATH": str(demo_store.ROOT / "src")}
        label, code = gui_entry()
        try:
            bare, app = [], []
            for _i in range(args.repeats):  # alternate, so machine load affects both alike
                bare.append(startup_seconds(BARE_WINDOW, env))
                app.append(startup_seconds(code, env, str(data_dir.root)))
        except RuntimeError as exc:
            print(f"  GUI cold start: skipped ({label} failed: {exc})")
            return
        b, a = statistics.median(bare), statistics.median(app)
        print(f"  GUI cold start to the unlock window ({label}), offscreen, {args.repeats} runs:")
        print(f"    bare PySide6 window  median {ms(b)}")
        print(f"    caseapp              median {ms(a)}   ratio {a / b:.2f}")


if __name__ == "__main__":
    main()
