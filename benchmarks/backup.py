"""Backup of an N-case store as a ratio to copying the database file in the same run; verify and restore times.

    .venv/bin/python benchmarks/backup.py [--cases 100000] [--seed 1] [--rounds 2]

Baseline: ``shutil.copyfile`` of caseapp.db plus an fsync of the copy (what "copy the file to the stick" costs,
without its consistency). Floor: the baseline plus one SHA-256 pass over the copy (the least any backup that is
read back and verified must do). Backup: ``services.backup.create_backup`` end to end (checkpoint and raw copy under
the write lock, page-HMAC check, SHA-256 and MAC while writing the container, fsync, rename, read-back by SHA-256),
with the time of each stage.
Everything runs on a working copy of the cached demo store, so the cache is never changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_store  # noqa: E402

from caseapp.datadir import DataDir  # noqa: E402


def copy_file(src: Path, dst: Path) -> float:
    started = time.perf_counter()
    shutil.copyfile(src, dst)
    with open(dst, "rb+") as fh:
        os.fsync(fh.fileno())
    return time.perf_counter() - started


def floor(src: Path, dst: Path) -> float:
    started = time.perf_counter()
    shutil.copyfile(src, dst)
    with open(dst, "rb+") as fh:
        os.fsync(fh.fileno())
        digest = hashlib.sha256()
        while block := fh.read(1 << 20):
            digest.update(block)
    return time.perf_counter() - started


class StageClock:
    """Records when each progress label first appears."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []

    def __call__(self, _done: int, _total: int, label: str) -> None:
        if not self.marks or self.marks[-1][0] != label:
            self.marks.append((label, time.perf_counter()))

    def summary(self, end: float) -> str:
        spans = [(lbl, (self.marks[i + 1][1] if i + 1 < len(self.marks) else end) - t)
                 for i, (lbl, t) in enumerate(self.marks)]
        return ", ".join(f"{lbl.rstrip('….')} {d:.2f} s" for lbl, d in spans if d >= 0.005)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--store", type=Path, help="an existing demo data folder (admin / the demo password) to "
                        "use instead of the cache; copied, never changed; --cases is then only a label")
    a = parser.parse_args()
    cached = DataDir(a.store) if a.store else demo_store.build(a.cases, a.seed)
    from caseapp.services import backup

    with tempfile.TemporaryDirectory(dir=os.environ.get("CASEAPP_BENCH_TMP")) as tmp:
        tmp = Path(tmp)
        work = DataDir(tmp / "office")
        work.ensure()
        for name in ("caseapp.db", "caseapp.keys"):
            shutil.copyfile(cached.root / name, work.root / name)
        size = work.database.stat().st_size
        print(f"store: {a.cases} cases, caseapp.db {size / 1e6:.0f} MB")
        copies, floors, backups, verifies, restores = [], [], [], [], []
        for r in range(a.rounds):
            copies.append(copy_file(work.database, tmp / f"copy-{r}.db"))
            (tmp / f"copy-{r}.db").unlink()
            floors.append(floor(work.database, tmp / f"floor-{r}.db"))
            (tmp / f"floor-{r}.db").unlink()
            out = tmp / f"usb-{r}"
            out.mkdir()
            session = demo_store.unlock(work)
            try:
                stages = StageClock()
                started = time.perf_counter()
                result = backup.create_backup(session, out, progress=stages)
                backups.append(time.perf_counter() - started)
                print(f"  stages: {stages.summary(started + backups[-1])}")
            finally:
                session.close()
            started = time.perf_counter()
            backup.verify_backup(result.path)
            verifies.append(time.perf_counter() - started)
            target = DataDir(tmp / f"restored-{r}")
            started = time.perf_counter()
            backup.restore_backup(target, result.path,
                                  backup.Credential(username="admin", password=demo_store.PASSWORD))
            restores.append(time.perf_counter() - started)
            print(f"round {r + 1}: copy {copies[-1]:.2f} s, floor {floors[-1]:.2f} s, backup {backups[-1]:.2f} s "
                  f"(ratio to copy {backups[-1] / copies[-1]:.2f}, to floor {backups[-1] / floors[-1]:.2f}), verify {verifies[-1]:.2f} s, restore {restores[-1]:.2f} s, "
                  f"backup file {result.size / 1e6:.0f} MB", flush=True)
            shutil.rmtree(target.root)
            shutil.rmtree(out)
        med = statistics.median
        print(f"median: copy {med(copies):.2f} s, floor {med(floors):.2f} s, backup {med(backups):.2f} s, "
              f"ratio to copy {med(backups) / med(copies):.2f} (target <= 3), to floor {med(backups) / med(floors):.2f}, "
              f"verify (no key) {med(verifies):.2f} s, restore {med(restores):.2f} s "
              f"(includes one Argon2id unwrap at the floor parameters)")


if __name__ == "__main__":
    main()
