"""Benchmark: the import's own memory, apart from what the bundle reader holds (tracemalloc, Python allocations).

Run: ``python benchmarks/exchange_import_share.py --cache DIR [--cases 10000]`` after
``benchmarks/exchange_memory.py --cache DIR --cases N`` built the stores there (same --cases/--attachments/
--attachment-mb/--seed).

Issue 16: the import must hold no per-case documents beyond a small batch. Peak RSS (exchange_memory.py) also
counts the reader, which until it streams keeps the decrypted payload and every parsed record. Here the reader is
replaced by a stand-in that keeps each record as its serialized line and parses it again on every pass (as a
streaming reader hands out fresh records), and the figure is the tracemalloc peak during ``import_bundle`` above
what the stand-in holds: the part the import's own code (checks, plan, apply) adds.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

PASSWORD = "sandi-benchmark-saja"
MB = 1024 * 1024


class _StreamedRecords:
    """The opened bundle with its records kept as serialized lines only, parsed again on each ``iter_records``."""

    def __init__(self, opened):
        import orjson

        self._opened = opened
        self._lines = [orjson.dumps(r) for r in opened.iter_records()]
        if hasattr(opened, "_records"):
            opened._records = []  # today's reader: drop its parsed records (the stand-in holds the lines instead)

    def __getattr__(self, name):
        return getattr(self._opened, name)

    def iter_records(self):
        import orjson

        for line in self._lines:
            yield orjson.loads(line)


def child(store: str, bundle: str) -> int:
    import gc
    import tracemalloc

    from caseapp.crypto.kdf import KdfPolicy
    from caseapp.datadir import DataDir
    from caseapp.services import exchange
    from caseapp.services.session import unlock

    session = unlock(DataDir(Path(store)), "admin", PASSWORD, kdf_policy=KdfPolicy.insecure_for_tests())
    real_open = exchange.open_bundle
    held = {}

    def open_streamed(*args, **kwargs):
        wrapped = _StreamedRecords(real_open(*args, **kwargs))
        held["reader"] = tracemalloc.get_traced_memory()[0] - held["start"]
        tracemalloc.reset_peak()
        held["base"] = tracemalloc.get_traced_memory()[0]
        return wrapped

    exchange.open_bundle = open_streamed
    tracemalloc.start()
    held["start"] = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    result = exchange.import_bundle(session, Path(bundle))
    seconds = time.perf_counter() - start
    own = (tracemalloc.get_traced_memory()[1] - held["base"]) / MB
    gc.collect()  # the bundle is released by now (the import pauses the cyclic collector while it works)
    kept = (tracemalloc.get_traced_memory()[0] - held["start"]) / MB
    count = result.plan.count("new")
    del result
    tracemalloc.stop()
    session.close()
    print(f"{own:.1f} {held['reader'] / MB:.1f} {kept:.1f} {count} {seconds:.1f}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--attachments", type=int, default=100)
    ap.add_argument("--attachment-mb", type=float, default=50.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cache", type=Path, help="the folder given to exchange_memory.py --cache")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(*args.child)

    from caseapp.crypto.kdf import KdfPolicy
    from caseapp.datadir import DataDir
    from caseapp.services import exchange
    from caseapp.services.session import unlock

    if args.cache is None:
        ap.error("--cache is required")
    built = args.cache / f"{args.cases}-{args.attachments}-{args.attachment_mb:g}-{args.seed}"
    if not (built / "complete").exists():
        print(f"no stores built in {built}: run benchmarks/exchange_memory.py --cache {args.cache} first")
        return 2
    with tempfile.TemporaryDirectory(prefix="caseapp-bench-import-share-") as tmp:
        tmp = Path(tmp)
        shutil.copytree(built / "province", tmp / "province")
        bundle = tmp / "bundle.casebundle"
        district = unlock(DataDir(built / "district"), "admin", PASSWORD, kdf_policy=KdfPolicy.insecure_for_tests())
        exchange.export_bundle(district, "74", bundle)
        district.close()
        out = subprocess.run([sys.executable, __file__, "--child", str(tmp / "province"), str(bundle)], check=True,
                             stdout=subprocess.PIPE, text=True).stdout.split()
    own, reader, kept, count, seconds = float(out[0]), float(out[1]), float(out[2]), int(out[3]), float(out[4])
    assert count == args.cases, count
    print(f"cases: {args.cases}; import with a stand-in reader holding the records as lines ({reader:.1f} MB)")
    print(f"import's own peak above the reader: {own:7.1f} MB   (tracemalloc; {seconds:.1f} s, traced, not comparable)")
    print(f"kept after the import (the plan):   {kept:7.1f} MB   (the result returned, bundle released)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
