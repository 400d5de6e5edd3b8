"""Benchmark: peak memory (RSS high-water mark) of an export and of an import, at a given number of cases.

Run: ``python benchmarks/exchange_memory.py [--cases 10000] [--attachments 100] [--attachment-mb 50]``.

Issue 16's target: peak RSS of export and of import ≤ 200 MB, for 10,000 and for 50,000 cases alike. Sets up a
district with seeded demo cases and attachments and an empty province (throw-away offices in a temp folder, cheap
key-derivation parameters), then runs the export (district → province) and the import (with a receipt) each in a
fresh Python process and reads that process's ``VmHWM`` from ``/proc/self/status`` when the work is done. Also
reports the same figure for a process that only unlocks the store (the fixed cost: interpreter, libraries, keys).

``--cache DIR`` keeps the built stores for the next run (the 50,000-case setup takes long); with the environment
variable ``BENCH_TRACEMALLOC=1`` the export and import also report their tracemalloc peak (Python allocations made
during the work only, which shows which part of the peak each step holds; slower, so the seconds are not comparable).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

TARGET_MB = 200
PASSWORD = "sandi-benchmark-saja"


def _vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def child(action: str, store: str, bundle: str) -> int:
    from caseapp.crypto.kdf import KdfPolicy
    from caseapp.datadir import DataDir
    from caseapp.services import exchange
    from caseapp.services.session import unlock

    session = unlock(DataDir(Path(store)), "admin", PASSWORD, kdf_policy=KdfPolicy.insecure_for_tests())
    traced = bool(os.environ.get("BENCH_TRACEMALLOC"))
    if traced:
        import tracemalloc
        tracemalloc.start()
    start = time.perf_counter()
    if action == "export":
        count = exchange.export_bundle(session, "74", Path(bundle)).case_count
    elif action == "import":
        count = exchange.import_bundle(session, Path(bundle), receipt_out=Path(bundle + ".receipt")).plan.count("new")
    else:
        count = 0
    seconds = time.perf_counter() - start
    peak_traced = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if traced else -1.0
    session.close()
    print(f"{_vm_hwm_mb():.1f} {count} {seconds:.2f} {peak_traced:.1f}")
    return 0


def run_child(action: str, store: Path, bundle: Path) -> tuple[float, int, float, float]:
    out = subprocess.run([sys.executable, __file__, "--child", action, str(store), str(bundle)], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]), float(out[2]), float(out[3])


def build(root: Path, args) -> None:
    """Set up the district (seeded demo cases and attachments) and the empty province in ``root``."""
    root.mkdir(parents=True)
    district, province = build_offices(root, args.cases, args.attachments, args.attachment_mb, args.seed)
    district.close()
    province.close()
    (root / "complete").write_text("ok\n")


def build_offices(tmp: Path, n_cases: int, n_attachments: int, attachment_mb: float, seed: int):
    """A district (``tmp/district``) with seeded demo cases and attachments and an empty province
    (``tmp/province``), each trusting the other; returns their open sessions (district, province)."""
    from exchange import make_office
    from caseapp.services import attachments, cases, demo_data, offices

    district = make_office(tmp / "district", "74.06", "UPTD PPA Kabupaten Bombana")
    province = make_office(tmp / "province", "74", "UPTD PPA Provinsi Sulawesi Tenggara")
    for a, b in ((district, province), (province, district)):
        card = offices.own_card(b)
        offices.trust_card(a, card, card.fingerprint())
    print(f"generating {n_cases} demo cases …", flush=True)
    demo_data.make_demo_cases(district, n_cases, seed=seed)
    rng = random.Random(seed)
    per = int(attachment_mb * 1024 * 1024 / max(n_attachments, 1))
    uuids = [c.uuid for c in cases.list_cases(district, cases.CaseFilter(), limit=n_attachments)]
    for i in range(n_attachments):
        attachments.add_attachment(district, uuids[i % len(uuids)], file_name=f"scan-{i:03d}.pdf",
                                   mime_type="application/pdf", data=b"%PDF-1.4\n" + rng.randbytes(per - 9))
    return district, province


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--attachments", type=int, default=100)
    ap.add_argument("--attachment-mb", type=float, default=50.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cache", type=Path, default=None,
                    help="keep the built district and empty province stores in this folder and reuse them on the "
                         "next run with the same --cases/--attachments/--attachment-mb/--seed (setup is slow)")
    ap.add_argument("--child", nargs=3, metavar=("ACTION", "STORE", "BUNDLE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(*args.child)

    key = f"{args.cases}-{args.attachments}-{args.attachment_mb:g}-{args.seed}"
    with tempfile.TemporaryDirectory(prefix="caseapp-bench-exchange-mem-") as tmp:
        tmp = Path(tmp)
        built = args.cache / key if args.cache else tmp / "built"
        if not (built / "complete").exists():
            shutil.rmtree(built, ignore_errors=True)
            build(built, args)
        else:
            print(f"reusing the stores built in {built}", flush=True)
        # The import goes into a fresh copy of the empty province store, so a cached setup can be measured again.
        shutil.copytree(built / "province", tmp / "province")
        district_dir = built / "district"
        bundle = tmp / "bombana-ke-provinsi.casebundle"
        base_mb, _n, _s, _t = run_child("unlock", district_dir, bundle)
        export_mb, exported, export_s, export_t = run_child("export", district_dir, bundle)
        size_mb = bundle.stat().st_size / 1024 / 1024
        import_mb, imported, import_s, import_t = run_child("import", tmp / "province", bundle)
        assert exported == imported == args.cases, (exported, imported)

    print()
    print(f"cases: {args.cases}, attachments: {args.attachments} ({args.attachment_mb:.0f} MB), bundle {size_mb:.1f} MB")
    print(f"unlock only:  peak RSS {base_mb:7.1f} MB")
    for name, mb, s, t in (("export", export_mb, export_s, export_t), ("import", import_mb, import_s, import_t)):
        print(f"{name + ':':13} peak RSS {mb:7.1f} MB   ({s:.1f} s)   (target <= {TARGET_MB} MB) "
              f"{'OK' if mb <= TARGET_MB else 'OVER TARGET'}"
              + (f"   tracemalloc peak {t:.1f} MB (Python allocations during the work)" if t >= 0 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
