"""Benchmark: peak memory (RSS high-water mark) and time of the bundle reader alone, at a given number of cases.

Run: ``python benchmarks/bundle_read_memory.py [--cases 10000 50000] [--attachments 100] [--attachment-mb 50]
[--rounds 3] [--old-ref main]``.

Issue 16: the reader's memory must be a constant plus the largest attachment, whatever the number of cases. For
each size, builds a district → province data bundle once (the setup of ``exchange_memory.py``: seeded demo cases
and attachments; cached in the temp folder, with the province's keys and the district's card, so a second run
reuses it), then, each in a fresh Python process, reads ``VmHWM`` from ``/proc/self/status`` after:

* ``imports``: importing the reader and loading the keys only (the fixed cost);
* ``new``: ``open_bundle`` + iterating all records twice + reading every attachment, with this tree's reader;
* ``old``: the same with the reader of ``--old-ref`` (``git show REF:src/caseapp/bundles/reader.py`` loaded as a
  separate module over this tree's other bundle modules; skipped with ``--old-ref ''``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from exchange_memory import TARGET_MB, _vm_hwm_mb, build_offices, run_child  # noqa: E402


def _load_reader(which: str, cache: Path):
    if which == "old":
        spec = importlib.util.spec_from_file_location("caseapp_old_reader", cache.parent / "old_reader.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    from caseapp.bundles import reader
    return reader


def child(which: str, cache: str) -> int:
    cache = Path(cache)
    reader = _load_reader(which, cache)
    from caseapp.crypto.office_identity import OfficeCard, OfficeIdentity

    keys = json.loads((cache / "province-keys.json").read_text())
    identities = [OfficeIdentity.from_private_dict(d) for d in keys]
    card = OfficeCard.from_bytes((cache / "district.card").read_bytes())
    records = attachments = 0
    t_open = t_iter = 0.0
    if which != "imports":
        start = time.perf_counter()
        opened = reader.open_bundle(cache / "bundle.casebundle", identities, [card])
        t_open = time.perf_counter() - start
        start = time.perf_counter()
        for _pass in range(2):  # a check pass and an apply pass, as the import does
            records = sum(1 for _r in opened.iter_records())
        t_iter = time.perf_counter() - start
        for sha in opened.attachment_hashes:
            attachments += len(opened.attachment(sha)) > 0
        if hasattr(opened, "close"):
            opened.close()
    print(f"{_vm_hwm_mb():.1f} {records} {attachments} {t_open:.2f} {t_iter:.2f}")
    return 0


def _run(which: str, cache: Path) -> tuple[float, int, int, float, float]:
    out = subprocess.run([sys.executable, __file__, "--child", which, str(cache)], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2]), float(out[3]), float(out[4])


def build(cache: Path, n_cases: int, n_attachments: int, attachment_mb: float, seed: int) -> None:
    """The bundle, the province's identities (throw-away keys, 0600) and the district's card, in ``cache``."""
    from caseapp.services import offices

    work = cache / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    district, province = build_offices(work, n_cases, n_attachments, attachment_mb, seed)
    keys = [i.to_private_dict() for i in offices.all_identities(province)]
    card = offices.own_card(district).to_bytes()
    district.close()
    province.close()
    run_child("export", work / "district", work / "bundle.casebundle")
    fd = os.open(cache / "province-keys.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(keys, fh)
    (cache / "district.card").write_bytes(card)
    os.replace(work / "bundle.casebundle", cache / "bundle.casebundle")
    shutil.rmtree(work)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, nargs="+", default=[10_000, 50_000])
    ap.add_argument("--attachments", type=int, default=100)
    ap.add_argument("--attachment-mb", type=float, default=50.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=1, help="fresh processes per reader; the fastest times and the "
                    "highest peak are shown")
    ap.add_argument("--old-ref", default="main", help="git ref of the reader to compare with ('' to skip)")
    ap.add_argument("--child", nargs=2, metavar=("WHICH", "CACHE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(*args.child)

    base = Path(tempfile.gettempdir()) / "caseapp-bench-bundle-read"
    base.mkdir(exist_ok=True)
    kinds = ["imports", "new"]
    if args.old_ref:
        old = subprocess.run(["git", "-C", str(ROOT), "show", f"{args.old_ref}:src/caseapp/bundles/reader.py"],
                             check=True, capture_output=True, text=True).stdout
        (base / "old_reader.py").write_text(old)
        kinds.append("old")
    rows = []
    for n in args.cases:
        cache = base / f"{n}-cases-{args.attachments}-att-{args.attachment_mb:g}mb-seed{args.seed}"
        if not (cache / "bundle.casebundle").exists():
            print(f"building the {n}-case bundle (cached in {cache}) …", flush=True)
            build(cache, n, args.attachments, args.attachment_mb, args.seed)
        size_mb = (cache / "bundle.casebundle").stat().st_size / 1024 / 1024
        for which in kinds:
            runs = [_run(which, cache) for _round in range(args.rounds)]
            mb = max(r[0] for r in runs)
            t_open, t_iter = min(r[3] for r in runs), min(r[4] for r in runs)
            for _mb, records, atts, _o, _i in runs:
                if which != "imports":
                    assert records == n and atts == args.attachments, (which, records, atts)
            rows.append((n, size_mb, which, mb, t_open, t_iter))
            print(f"{n:>7} cases ({size_mb:6.1f} MB bundle)  {which:8} peak RSS {mb:7.1f} MB   open {t_open:6.2f} s   "
                  f"2 x iterate {t_iter:6.2f} s", flush=True)
    print(f"\n(target for the whole import: <= {TARGET_MB} MB; the 'new' reader should not grow with the cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
