"""Benchmark: peak resident memory with the case list open over N demo cases (offscreen GUI page if it exists).

Run: ``.venv/bin/python benchmarks/memory_case_list.py [--cases 100000] [--seed 1] [--pages 50]``. The measurement
runs in a fresh child process so that building the store does not count.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time

import demo_store


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1_048_576


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def report(label: str) -> None:
    print(f"  {label:<52} now {rss_mb():6.0f} MB   peak {peak_mb():6.0f} MB", flush=True)


def child(n: int, seed: int, pages: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data_dir = demo_store.store_path(n, seed)
    try:
        from PySide6.QtWidgets import QApplication

        from caseapp.ui.cases.case_list_page import CaseListPage
    except ImportError:
        CaseListPage = None
    from caseapp.datadir import DataDir
    from caseapp.domain.case_list import CaseFilter
    from caseapp.services import cases

    report("imports")
    app = QApplication([]) if CaseListPage is not None else None
    session = demo_store.unlock(DataDir(data_dir))
    report("unlocked (Argon2id buffer included in peak)")
    if CaseListPage is None:
        rows = []
        for p in range(pages):
            rows += cases.list_cases(session, CaseFilter(), offset=p * 100, limit=100)
        report(f"service-level list, {len(rows)} rows (no GUI page)")
    else:
        def arrived() -> None:
            """The list reads on a worker thread: run the event loop until what it asked for is shown."""
            model = page.model
            deadline = time.perf_counter() + 60
            app.processEvents()
            while (model.refreshing or model.count_pending or model.loading) and time.perf_counter() < deadline:
                app.processEvents()
                time.sleep(0.002)

        page = CaseListPage(session)
        page.resize(1280, 800)
        page.show()
        arrived()
        report(f"case list page shown ({page.model.rowCount()} rows loaded)")
        started = time.perf_counter()
        for _p in range(pages):
            page.table.scrollToBottom()
            arrived()
        report(f"scrolled {pages} times ({page.model.rowCount()} rows, {time.perf_counter() - started:.1f} s)")
        page.model.set_filter(CaseFilter(text="siti"))
        arrived()
        report(f"search 'siti' ({page.model.rowCount()} rows)")
        page.model.set_filter(CaseFilter())
        arrived()
        report("filter cleared")
    print(f"PEAK {peak_mb():.0f}", flush=True)
    session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages", type=int, default=50, help="times to scroll to the bottom (100 rows each)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.cases, args.seed, args.pages)
        return
    demo_store.build(args.cases, args.seed)
    print(f"memory_case_list: {args.cases} cases (seed {args.seed}), offscreen")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, __file__, "--child", "--cases", str(args.cases), "--seed", str(args.seed),
                          "--pages", str(args.pages)], env=env, capture_output=True, text=True, timeout=1800)
    lines = out.stdout.splitlines()
    for line in lines:
        if not line.startswith("PEAK"):
            print(line)
    peak = next((float(line.split()[1]) for line in lines if line.startswith("PEAK")), None)
    if out.returncode != 0 or peak is None:
        print("  failed:", (out.stderr.strip().splitlines() or ["?"])[-1])
        sys.exit(1)
    print(f"  peak RSS {peak:.0f} MB   [target ≤ 300 MB: {'ok' if peak <= 300 else 'MISSED'}]")


if __name__ == "__main__":
    main()
