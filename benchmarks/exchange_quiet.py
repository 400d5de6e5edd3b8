"""Benchmark: an export with nothing to send at N cases, against an unlock of the same store, in the same run.

Run: ``.venv/bin/python benchmarks/exchange_quiet.py [--cases 100000] [--seed 1] [--rounds 5] [--baseline-src DIR]``.

A copy of the cached demo store (district 74.06, see demo_store.py) and a throw-away province office (74) that
trust each other; every case of the district is then acknowledged by the province: its merge base for 74 is the
case as stored (what importing the province's receipt for a bundle with every case leaves behind, written here
directly instead of exporting and importing 100,000 cases). Each round, back to back: unlock the district (the
product's floor Argon2id, open, checks: the "unlock check"), then ``exchange.export_bundle`` to 74, which finds
nothing to send and writes an empty, signed bundle. The first export after the set-up also decides what is
quiet; later ones find the store unchanged since. Ratios are medians of the per-round ratios.

``--baseline-src DIR``: the same rounds with another source tree (e.g. an export of ``main``), on the store that
tree builds, in a child process of the same run, rounds alternating with this tree's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CASEAPP_BENCH_CACHE", "/tmp/caseapp-bench-cache")

import demo_store  # noqa: E402

TARGET = 1.5


def setup(store: Path, work: Path) -> Path:
    """A copy of ``store`` whose every case the province 74 has acknowledged; returns the copy's folder."""
    from caseapp.crypto.kdf import KdfPolicy
    from caseapp.datadir import DataDir
    from caseapp.domain.accounts import NewUser, OfficeLevel, Role
    from caseapp.services import offices
    from caseapp.services.setup import OfficeProfile, initialize_office
    from caseapp.store import cases_repo, exchange_repo

    district_dir = work / "district"
    shutil.copytree(store, district_dir, ignore=shutil.ignore_patterns("plain-copy.db*"))
    province = initialize_office(
        DataDir(work / "province"), OfficeProfile("74", "UPTD PPA Provinsi Sulawesi Tenggara", OfficeLevel.PROVINSI,
                                                  "Kendari", "", ""),
        NewUser("admin", "Admin Benchmark", Role.ADMIN), "sandi-benchmark-saja",
        kdf_policy=KdfPolicy.insecure_for_tests()).session
    district = demo_store.unlock(DataDir(district_dir))
    try:
        for a, b in ((district, province), (province, district)):
            card = offices.own_card(b)
            offices.trust_card(a, card, card.fingerprint())
        conn = district.db.conn
        versions = exchange_repo.case_versions(conn, cases_repo.case_uuids(conn))
        with district.db.transaction() as c:
            exchange_repo.set_sync_base_many(c, "74", [(u, v, None) for u, v in versions.items()])
    finally:
        district.close()
        province.close()
    return district_dir


def child(args) -> None:
    """One round in this process: unlock, export; prints the times as JSON."""
    from caseapp.datadir import DataDir
    from caseapp.services import exchange

    data_dir = DataDir(Path(args.store))
    t0 = time.perf_counter()
    session = demo_store.unlock(data_dir)
    unlock_s = time.perf_counter() - t0
    try:
        out = Path(args.store).parent / f"quiet-{time.monotonic_ns()}.casebundle"
        t0 = time.perf_counter()
        result = exchange.export_bundle(session, "74", out)
        export_s = time.perf_counter() - t0
        out.unlink()
    finally:
        session.close()
    print("RESULT " + json.dumps({"unlock": unlock_s, "export": export_s, "cases": result.case_count}), flush=True)


def run(script_args: list[str], src: str | None) -> dict:
    env = {**os.environ, "CASEAPP_BENCH_SRC": src or os.environ.get("CASEAPP_BENCH_SRC", "")}
    out = subprocess.run([sys.executable, __file__, *script_args], env=env, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    sys.exit(f"child failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline-src", default=None)
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        store = demo_store.build(args.cases, args.seed)
        print("RESULT " + json.dumps({"dir": str(setup(store.root, Path(args.work)))}), flush=True)
        return
    if args.child:
        child(args)
        return

    sides = [("this tree", None)] + ([(f"baseline {args.baseline_src}", args.baseline_src)] if args.baseline_src else [])
    with tempfile.TemporaryDirectory(prefix="caseapp-bench-quiet-") as tmp:
        dirs = {}
        for n, (label, src) in enumerate(sides):
            work = Path(tmp) / f"side{n}"
            work.mkdir()
            t0 = time.perf_counter()
            dirs[label] = run(["--setup", "--cases", str(args.cases), "--seed", str(args.seed), "--work", str(work)],
                              src)["dir"]
            print(f"{label}: set up in {time.perf_counter() - t0:.0f} s", flush=True)
        results: dict[str, list[dict]] = {label: [] for label, _s in sides}
        for _r in range(args.rounds + 1):  # round 0: the first export after the set-up (decides what is quiet)
            for label, src in sides:
                results[label].append(run(["--child", "--store", dirs[label]], src))
    print(f"exchange_quiet: {args.cases} cases (seed {args.seed}), every case acknowledged by the peer; "
          f"{args.rounds} rounds after the first")
    for label, _src in sides:
        first, rest = results[label][0], results[label][1:]
        assert all(r["cases"] == 0 for r in results[label]), "something was sent"
        ratios = [r["export"] / r["unlock"] for r in rest]
        exports = ", ".join(f"{r['export'] * 1000:.0f}" for r in rest)
        unlocks = ", ".join(f"{r['unlock'] * 1000:.0f}" for r in rest)
        ratio_text = ", ".join(f"{x:.2f}" for x in ratios)
        med = statistics.median(ratios)
        print(f"  {label}:")
        print(f"    first export after the set-up: {first['export'] * 1000:.0f} ms "
              f"(unlock {first['unlock'] * 1000:.0f} ms, ratio {first['export'] / first['unlock']:.2f})")
        print(f"    export with nothing to send: median {statistics.median(r['export'] for r in rest) * 1000:.0f} ms "
              f"(rounds: {exports})")
        print(f"    unlock check:                median {statistics.median(r['unlock'] for r in rest) * 1000:.0f} ms "
              f"(rounds: {unlocks})")
        flag = ("ok" if med <= TARGET else "MISSED") if label == "this tree" else "baseline"
        print(f"    ratio export / unlock: median {med:.2f} (rounds {ratio_text})"
              f"   [target ≤ {TARGET}: {flag}]")


if __name__ == "__main__":
    main()
