"""Benchmark: GUI start to the unlock window, frozen one-folder build vs the same code run from the source tree.

Run after ``bash packaging/linux/build.sh``:
``.venv/bin/python benchmarks/startup_frozen.py [--frozen dist/caseapp/caseapp] [--repeats 7]``.
Both sides use the real entry point with CASEAPP_STARTUP_PROBE=1 (caseapp/app.py), offscreen, on the same empty
office; runs alternate so machine load affects both alike. The first run of each side is reported apart (the
nearest to a cold start that can be had without dropping the page cache), then the median of the rest.
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

ROOT = Path(__file__).resolve().parents[1]


def make_office(root: Path) -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    from caseapp.crypto.kdf import KdfPolicy
    from caseapp.datadir import DataDir
    from caseapp.domain.accounts import NewUser, OfficeLevel, Role
    from caseapp.services.setup import OfficeProfile, initialize_office

    result = initialize_office(DataDir(root), OfficeProfile("74.06", "UPTD PPA Kabupaten Bombana", OfficeLevel.KABUPATEN),
                               NewUser("admin", "Administrator", Role.ADMIN), "sandi-benchmark-rahasia",
                               kdf_policy=KdfPolicy.floor())
    result.session.close(action="logout")
    return root


def start_seconds(cmd: list[str], env: dict) -> float:
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    words = out.stdout.split()
    if out.returncode != 0 or words[:2] != ["caseapp-startup", "UnlockWindow"]:
        raise RuntimeError(f"{cmd[0]} exited {out.returncode}: {out.stdout.strip()} {out.stderr.strip()[-300:]}")
    return float(words[2]) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / "caseapp" / "caseapp")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    if not args.frozen.exists():
        sys.exit(f"{args.frozen} not found: run bash packaging/linux/build.sh first")
    with tempfile.TemporaryDirectory(prefix="caseapp-bench-") as tmp:
        office = make_office(Path(tmp) / "office")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CASEAPP_")}
        env.update(QT_QPA_PLATFORM="offscreen", CASEAPP_DATA_DIR=str(office), CASEAPP_STARTUP_PROBE="1")
        source_env = dict(env, PYTHONPATH=str(ROOT / "src"))
        frozen, source = [], []
        for _i in range(args.repeats):
            frozen.append(start_seconds([str(args.frozen)], env))
            source.append(start_seconds([sys.executable, "-m", "caseapp"], source_env))
    ms = lambda x: f"{x * 1000:.0f} ms"  # noqa: E731
    f_rest, s_rest = statistics.median(frozen[1:] or frozen), statistics.median(source[1:] or source)
    print(f"GUI start to the unlock window, offscreen, {args.repeats} runs each (alternating)")
    print(f"  first run   frozen {ms(frozen[0])}   source {ms(source[0])}   ratio {frozen[0] / source[0]:.2f}")
    print(f"  median rest frozen {ms(f_rest)}   source {ms(s_rest)}   ratio {f_rest / s_rest:.2f}")


if __name__ == "__main__":
    main()
