"""Benchmark: importing a 25,000-case bundle into a province store that already holds 75,000 cases vs. into an empty one.

Run: ``python benchmarks/exchange_scale.py [--cases 25000] [--held 75000] [--attachments 100] [--attachment-mb 50]
[--rounds 3]``.

Issue 16: "importing a 25,000-case bundle into a store holding 75,000 cases ≤ 1.1× the same import into an empty
store". The material is built once and cached in a temporary folder keyed by the parameters
(``$CASEAPP_BENCH_SCALE_CACHE``, default ``/tmp/caseapp-bench-exchange-scale``), so reruns only time:

- a province office (74) and four district offices that trust it (throw-away keys, cheap KDF: benchmark only);
- Bombana (74.06) with ``--cases`` seeded demo cases plus ``--attachments`` random "scans" (as ``exchange.py``),
  exported once to the province: **the bundle every round imports**;
- ``province-empty``: the province store as set up, holding nothing;
- ``province-held``: the same province store after importing, with receipts, one bundle from each of three other
  districts (Kolaka 74.01, Konawe 74.02, Muna 74.03) of ``--held / 3`` demo cases each — how a province store
  grows, with every row, index, merge base, report row and audit entry an import leaves.

Each round makes a fresh copy of both stores, reads both copies' files once (the same page-cache warmth for both),
unlocks both, then imports the same bundle with a receipt (as the GUI does) into each, the order alternating from
round to round. Medians of the per-store times and of the per-round ratios are printed with the target.
A cached store of an older schema is migrated once, in the cache, before the rounds (outside any timing).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import os  # noqa: E402

TARGET = 1.1
PASSWORD = "sandi-benchmark-saja"
PROVINCE = ("74", "UPTD PPA Provinsi Sulawesi Tenggara")
DISTRICT = ("74.06", "UPTD PPA Kabupaten Bombana")
OTHERS = (("74.01", "UPTD PPA Kabupaten Kolaka"), ("74.02", "UPTD PPA Kabupaten Konawe"),
          ("74.03", "UPTD PPA Kabupaten Muna"))
CACHE = Path(os.environ.get("CASEAPP_BENCH_SCALE_CACHE", "/tmp/caseapp-bench-exchange-scale"))
# The stored material depends on these modules (the demo data and how it is stored); the schema is not part of the
# key: an older cached store is migrated once by unlocking it.
SOURCES = ("services/demo_data.py", "domain/demo_names.py", "services/cases.py", "domain/case_json.py",
           "domain/case.py")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def policy():
    from caseapp.crypto.kdf import KdfPolicy

    return KdfPolicy.insecure_for_tests()


def make_office(root: Path, code: str, name: str):
    from caseapp.datadir import DataDir
    from caseapp.domain.accounts import NewUser, OfficeLevel, Role
    from caseapp.services.setup import OfficeProfile, initialize_office

    level = OfficeLevel.PROVINSI if "." not in code else OfficeLevel.KABUPATEN
    result = initialize_office(DataDir(root), OfficeProfile(code, name, level, "Jl. Contoh No. 1", "0401-000000",
                                                             "uptdppa@example.go.id"),
                               NewUser("admin", "Admin Benchmark", Role.ADMIN), PASSWORD, kdf_policy=policy())
    return result.session


def unlock(root: Path):
    from caseapp.datadir import DataDir
    from caseapp.services.session import unlock as _unlock

    return _unlock(DataDir(root), "admin", PASSWORD, kdf_policy=policy())


def trust_both(a, b) -> None:
    from caseapp.services import offices

    for x, y in ((a, b), (b, a)):
        card = offices.own_card(y)
        offices.trust_card(x, card, card.fingerprint())


def add_scans(session, n: int, mb: float, seed: int) -> None:
    from caseapp.services import attachments, cases

    rng = random.Random(seed)
    per = int(mb * 1024 * 1024 / max(n, 1))
    uuids = [c.uuid for c in cases.list_cases(session, cases.CaseFilter(), limit=max(n, 1))]
    for i in range(n):
        attachments.add_attachment(session, uuids[i % len(uuids)], file_name=f"scan-{i:03d}.pdf",
                                   mime_type="application/pdf", data=b"%PDF-1.4\n" + rng.randbytes(per - 9))


def material_key(args) -> str:
    h = hashlib.sha256()
    for rel in SOURCES:
        h.update((ROOT / "src" / "caseapp" / rel).read_bytes())
    return (f"c{args.cases}-h{args.held}-a{args.attachments}-m{args.attachment_mb:g}-s{args.seed}"
            f"-src{h.hexdigest()[:10]}")


def build(args) -> Path:
    """The cached material for these parameters; built in a ``.partial`` folder and renamed into place."""
    from caseapp.services import demo_data, exchange

    final = CACHE / material_key(args)
    if (final / "done").exists():
        return final
    work = final.with_name(final.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started = time.perf_counter()
    province = make_office(work / "province-held", *PROVINCE)
    district = make_office(work / "district", *DISTRICT)
    trust_both(district, province)
    others = []
    for code, name in OTHERS:
        other = make_office(work / f"other-{code}", code, name)
        trust_both(other, province)
        others.append(other)
    province.close()
    shutil.copytree(work / "province-held", work / "province-empty")  # trusts every district, holds nothing
    province = unlock(work / "province-held")

    log(f"generating {args.cases} cases for {DISTRICT[0]} (+ {args.attachments} scans) …")
    demo_data.make_demo_cases(district, args.cases, seed=args.seed)
    add_scans(district, args.attachments, args.attachment_mb, args.seed)
    per = args.held // len(OTHERS)
    for i, other in enumerate(others):
        n = per if i < len(OTHERS) - 1 else args.held - per * (len(OTHERS) - 1)
        log(f"generating {n} cases for {other.office.code}, export, import into the province …")
        demo_data.make_demo_cases(other, n, seed=args.seed + 100 + i)
        path = work / f"{other.office.code}.casebundle"
        exchange.export_bundle(other, PROVINCE[0], path)
        result = exchange.import_bundle(province, path, receipt_out=work / f"{other.office.code}.receipt")
        assert result.plan.count("new") == n, result.plan.summary()
        other.close()
        path.unlink()
        shutil.rmtree(work / f"other-{other.office.code}")
    province.close()
    log("exporting the measured bundle …")
    exchange.export_bundle(district, PROVINCE[0], work / "bundle.casebundle")
    district.close()
    shutil.rmtree(work / "district")  # only the bundle is needed from here on
    (work / "build-seconds.txt").write_text(f"{time.perf_counter() - started:.1f}\n")
    (work / "done").write_text("")
    work.rename(final)
    log(f"built in {time.perf_counter() - started:.0f} s: {final}")
    return final


def migrate_cached(material: Path) -> None:
    """Bring cached stores of an older schema up to this tree's schema once (outside any timing)."""
    from caseapp.store.database import migrations

    want = len(migrations())
    stamp = material / f"schema-{want}"
    if stamp.exists():
        return
    for name in ("province-empty", "province-held"):
        log(f"opening cached {name} with this tree's schema ({want} migrations) …")
        unlock(material / name).close()
        shutil.rmtree(material / name / "backups", ignore_errors=True)
    stamp.write_text("")


def read_once(folder: Path) -> int:
    """Read every file of a store folder once (so both stores start from the same page-cache warmth)."""
    total = 0
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            with open(p, "rb") as fh:
                while chunk := fh.read(8 << 20):
                    total += len(chunk)
    return total


def io_calls() -> tuple[int, int]:
    """(read, write) system calls of this process so far (Linux; SQLite reads and writes a page per call)."""
    try:
        fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines() if line)
        return int(fields["syscr"]), int(fields["syscw"])
    except (OSError, KeyError, ValueError):
        return 0, 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=25_000, help="cases in the imported bundle")
    ap.add_argument("--held", type=int, default=75_000, help="cases the province store already holds")
    ap.add_argument("--attachments", type=int, default=100)
    ap.add_argument("--attachment-mb", type=float, default=50.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--build-only", action="store_true", help="build (or find) the cached material and stop")
    ap.add_argument("--cache-mb", type=int, default=0,
                    help="experiment: set both stores' SQLite page cache to this many MB before importing "
                         "(0: the store's own setting)")
    ap.add_argument("--profile", metavar="FILE", help="cProfile the import into the held store (first round) to FILE")
    args = ap.parse_args()

    from caseapp.services import exchange

    material = build(args)
    migrate_cached(material)
    if args.build_only:
        print(material)
        return 0
    bundle = material / "bundle.casebundle"
    rounds = []
    with tempfile.TemporaryDirectory(prefix="caseapp-bench-scale-", dir=CACHE) as tmp:
        tmp = Path(tmp)
        for r in range(args.rounds):
            order = ("empty", "held") if r % 2 == 0 else ("held", "empty")
            times: dict[str, float] = {}
            for which in ("empty", "held"):
                shutil.rmtree(tmp / which, ignore_errors=True)
                shutil.copytree(material / f"province-{which}", tmp / which)
            sizes = {which: read_once(tmp / which) for which in ("empty", "held")}
            sessions = {which: unlock(tmp / which) for which in ("empty", "held")}
            if args.cache_mb:
                for s in sessions.values():
                    s.db.conn.execute(f"PRAGMA cache_size = -{args.cache_mb * 1000}")
            for which in order:
                session = sessions[which]
                profiler = None
                if args.profile and which == "held" and r == 0:
                    import cProfile

                    profiler = cProfile.Profile()
                    profiler.enable()
                io_before = io_calls()
                start = time.perf_counter()
                result = exchange.import_bundle(session, bundle, receipt_out=tmp / f"receipt-{which}")
                times[which] = time.perf_counter() - start
                io_after = io_calls()
                times[f"reads_{which}"] = io_after[0] - io_before[0]
                times[f"writes_{which}"] = io_after[1] - io_before[1]
                if profiler is not None:
                    profiler.disable()
                    profiler.dump_stats(args.profile)
                assert result.plan.count("new") == args.cases, result.plan.summary()
            for s in sessions.values():
                s.close()
            rounds.append({**times, "ratio": times["held"] / times["empty"],
                           "mb_empty": sizes["empty"] / 2**20, "mb_held": sizes["held"] / 2**20})
            log(f"  round {r + 1} ({' then '.join(order)}): empty {times['empty']:.2f} s, "
                f"held {times['held']:.2f} s, ratio {times['held'] / times['empty']:.3f}")

    def med(key):
        return statistics.median(r[key] for r in rounds)

    ratio = med("ratio")
    if args.cache_mb:
        print(f"(experiment: page cache of both stores set to {args.cache_mb} MB)")
    print(f"bundle: {args.cases} cases + {args.attachments} attachments ({args.attachment_mb:g} MB), "
          f"{bundle.stat().st_size / 2**20:.1f} MB; province store holding {args.held} cases: "
          f"{rounds[0]['mb_held']:.0f} MB (empty: {rounds[0]['mb_empty']:.1f} MB); medians of {len(rounds)} rounds")
    print(f"import into the empty store:       {med('empty'):7.2f} s   "
          f"(rounds: {', '.join(format(r['empty'], '.2f') for r in rounds)})")
    print(f"import into the store of {args.held}: {med('held'):7.2f} s   "
          f"(rounds: {', '.join(format(r['held'], '.2f') for r in rounds)})")
    print(f"read / write system calls during the import (the bundle's and the store's pages): empty "
          f"{med('reads_empty') / 1000:.0f}k / {med('writes_empty') / 1000:.0f}k, held "
          f"{med('reads_held') / 1000:.0f}k / {med('writes_held') / 1000:.0f}k")
    print(f"ratio held / empty:                {ratio:7.3f}x  (target <= {TARGET}x) "
          f"{'OK' if ratio <= TARGET else 'OVER TARGET'}   "
          f"(per round: {', '.join(format(r['ratio'], '.3f') for r in rounds)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
