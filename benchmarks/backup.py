"""Backup of an N-case store as a ratio to copying the database file in the same run; verify and restore times.

    .venv/bin/python benchmarks/backup.py [--cases 100000] [--seed 1] [--rounds 2]

Baseline: ``shutil.copyfile`` of caseapp.db plus an fsync of the copy (what "copy the file to the stick" costs,
without its consistency). Floor of the work issue 14 requires, each part with the fastest primitive at hand and
timed on its own, run one after the other (the sum is what one core would need; the backup may overlap parts on
two): (a) copy + fsync, (b) one SHA-256 pass over the database read in 16 MiB buffers, (c) the SQLCipher page
HMAC-SHA512 check of every page over those same buffers (``snapshot.PageVerifier``'s key derivation; the cheapest of the
ways measured on the 669 MB store: copies of precomputed inner/outer SHA-512 states, 1.08 s, against 1.39-1.43 s for
``hmac.digest`` per page and 1.0 s for two threads on the loaded 2-core VM), (d) reading the written copy back with
one SHA-256 pass. Also printed: one SHA-512 pass over the file, the compression work alone that (c) cannot go below.
The old one-line floor (copy + one SHA-256 pass) is kept as "copy+hash". Backup: ``services.backup.create_backup``
end to end (checkpoint and raw copy under the write lock, page-HMAC check, SHA-256 and MAC while writing the
container, fsync, rename, read-back by SHA-256), with the time of each stage.
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


BUFFER = 16 << 20


def read_hashed(path: Path, *, pages=None) -> tuple[float, float]:
    """Read ``path`` in big buffers with one SHA-256 pass; with ``pages`` (a PageVerifier) also check every page of
    the same buffers. Returns (read + SHA-256 seconds, page-check seconds), each timed on its own."""
    hashing = checking = 0.0
    with open(path, "rb", buffering=0) as fh:
        digest = hashlib.sha256()
        buf = bytearray(BUFFER)
        view = memoryview(buf)
        while True:
            t0 = time.perf_counter()
            n = fh.readinto(buf)
            if not n:
                hashing += time.perf_counter() - t0
                break
            digest.update(view[:n])
            t1 = time.perf_counter()
            hashing += t1 - t0
            if pages is not None:
                pages.feed(view[:n])
                checking += time.perf_counter() - t1
        digest.digest()
    if pages is not None:
        pages.finish()
    return hashing, checking


def sha512_pass(path: Path) -> float:
    started = time.perf_counter()
    with open(path, "rb", buffering=0) as fh:
        digest = hashlib.sha512()
        buf = bytearray(BUFFER)
        view = memoryview(buf)
        while n := fh.readinto(buf):
            digest.update(view[:n])
    return time.perf_counter() - started


def required_floor(src: Path, dst: Path, key: bytes) -> dict[str, float]:
    """The parts (a)-(d) of the module docstring, each timed on its own."""
    from caseapp.store import snapshot
    from caseapp.store.database import read_salt

    parts = {"copy": copy_file(src, dst)}
    parts["sha256"], parts["pages"] = read_hashed(src, pages=snapshot.PageVerifier(key, read_salt(src)))
    parts["readback"], _ = read_hashed(dst)
    return parts


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
        session = demo_store.unlock(work)
        try:
            key = bytes(session.data_key)
        finally:
            session.close()
        # The first unlock migrates an older cached store to the current schema; every figure below is on this file.
        print(f"after the first unlock: caseapp.db {work.database.stat().st_size / 1e6:.0f} MB")
        copies, floors, backups, verifies, restores = [], [], [], [], []
        parts: dict[str, list[float]] = {"copy": [], "sha256": [], "pages": [], "readback": [], "sum": []}
        sha512s = []
        for r in range(a.rounds):
            copies.append(copy_file(work.database, tmp / f"copy-{r}.db"))
            (tmp / f"copy-{r}.db").unlink()
            floors.append(floor(work.database, tmp / f"floor-{r}.db"))
            (tmp / f"floor-{r}.db").unlink()
            got = required_floor(work.database, tmp / f"req-{r}.db", key)
            (tmp / f"req-{r}.db").unlink()
            got["sum"] = sum(got.values())
            for k, v in got.items():
                parts[k].append(v)
            sha512s.append(sha512_pass(work.database))
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
            print(f"round {r + 1}: copy {copies[-1]:.2f} s, copy+hash {floors[-1]:.2f} s, required floor "
                  f"{parts['sum'][-1]:.2f} s (a copy+fsync {parts['copy'][-1]:.2f}, b SHA-256 "
                  f"{parts['sha256'][-1]:.2f}, c page HMACs {parts['pages'][-1]:.2f}, d read-back SHA-256 "
                  f"{parts['readback'][-1]:.2f}; SHA-512 pass alone {sha512s[-1]:.2f}), backup {backups[-1]:.2f} s "
                  f"(backup/copy {backups[-1] / copies[-1]:.2f}, floor/copy {parts['sum'][-1] / copies[-1]:.2f}, "
                  f"backup/floor {backups[-1] / parts['sum'][-1]:.2f}), verify {verifies[-1]:.2f} s, "
                  f"restore {restores[-1]:.2f} s, backup file {result.size / 1e6:.0f} MB", flush=True)
            shutil.rmtree(target.root)
            shutil.rmtree(out)
        med = statistics.median
        fl = med(parts["sum"])
        print("median: " + ", ".join(f"{k} {med(v):.2f} s" for k, v in parts.items()) +
              f", SHA-512 pass {med(sha512s):.2f} s")
        print(f"median: copy {med(copies):.2f} s, copy+hash {med(floors):.2f} s, required floor {fl:.2f} s, "
              f"backup {med(backups):.2f} s, backup/copy {med(backups) / med(copies):.2f} (target <= 3), "
              f"floor/copy {fl / med(copies):.2f}, backup/floor {med(backups) / fl:.2f}, "
              f"backup/copy+hash {med(backups) / med(floors):.2f}, verify (no key) {med(verifies):.2f} s, "
              f"restore {med(restores):.2f} s "
              f"(includes one Argon2id unwrap at the floor parameters)")


if __name__ == "__main__":
    main()
