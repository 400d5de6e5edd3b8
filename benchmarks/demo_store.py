"""Benchmark helper: an office store filled with N seeded demo cases, built once and cached per (N, seed)."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# CASEAPP_BENCH_SRC: another source tree (e.g. a checkout of an older revision) to measure a baseline with.
SRC = Path(os.environ.get("CASEAPP_BENCH_SRC") or ROOT / "src")
sys.path.insert(0, str(SRC))

from caseapp.crypto.kdf import KdfPolicy  # noqa: E402
from caseapp.datadir import DataDir  # noqa: E402

CACHE = Path(os.environ.get("CASEAPP_BENCH_CACHE", Path(__file__).resolve().parent / ".cache"))
PASSWORD = "sandi-benchmark-admin"
OFFICE_CODE = "74.06"
POLICY = KdfPolicy.floor()  # the product's minimum Argon2id parameters (64 MiB, 3 passes), without calibration
OFFICERS = ("petugas1", "petugas2", "petugas3", "konselor1", "psikolog1")


def schema_version() -> int:
    from caseapp.store.database import migrations

    return len(migrations())


# The stored bytes depend on these modules: any change to them builds a new store instead of reusing a stale one.
SOURCES = ("services/demo_data.py", "domain/demo_names.py", "services/cases.py", "store/cases_repo.py",
           "domain/case_json.py", "domain/case.py")


def source_hash() -> str:
    import hashlib

    h = hashlib.sha256()
    for rel in SOURCES:
        h.update((SRC / "caseapp" / rel).read_bytes())
    return h.hexdigest()[:10]


def store_path(n: int, seed: int) -> Path:
    return CACHE / f"cases-n{n}-s{seed}-schema{schema_version()}-src{source_hash()}"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def build(n: int, seed: int) -> DataDir:
    """The cached data directory for (n, seed); built into a temporary folder and renamed into place."""
    final = store_path(n, seed)
    if (final / "caseapp.db").exists():
        return DataDir(final)
    from caseapp.domain.accounts import NewUser, OfficeLevel, Role
    from caseapp.services.accounts import add_user
    from caseapp.services.demo_data import make_demo_cases
    from caseapp.services.setup import OfficeProfile, initialize_office

    partial = final.with_name(final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    data_dir = DataDir(partial)
    log(f"building {n} demo cases (seed {seed}) in {partial} …")
    started = time.perf_counter()
    result = initialize_office(
        data_dir, OfficeProfile(OFFICE_CODE, "UPTD PPA Kabupaten Bombana", OfficeLevel.KABUPATEN, "Kasipute", "", ""),
        NewUser("admin", "Administrator Benchmark", Role.ADMIN), PASSWORD, kdf_policy=POLICY)
    session = result.session
    try:
        for name in OFFICERS:
            add_user(session, NewUser(name, name.title(), Role.OFFICER), PASSWORD)
        step = max(1, n // 20)

        def progress(done: int, total: int) -> None:
            if done % step < 1000 or done == total:
                rate = done / (time.perf_counter() - started)
                log(f"  {done}/{total} cases ({rate:.0f}/s)")

        make_demo_cases(session, n, seed=seed, progress=progress)
    finally:
        session.close(action="logout")
    elapsed = time.perf_counter() - started
    (partial / "build-seconds.txt").write_text(f"{elapsed:.1f}\n")
    partial.rename(final)
    log(f"built in {elapsed:.0f} s")
    return DataDir(final)


def unlock(data_dir: DataDir, user: str = "admin"):
    from caseapp.services.session import unlock as _unlock

    return _unlock(data_dir, user, PASSWORD, kdf_policy=POLICY)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    a = parser.parse_args()
    print(build(a.cases, a.seed).root)
