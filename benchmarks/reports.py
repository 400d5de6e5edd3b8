"""Benchmark: the full statistics recap and the Beranda's first paint on a store of N demo cases (default 100,000).

Run: ``.venv/bin/python benchmarks/reports.py [--cases 100000] [--rounds 5]``.

- **Recap**: ``services.reports.make_report`` over every case (all tables, one area, then per kecamatan) as a
  ratio to a single ``GROUP BY`` count in the same run (``reports_repo.group_count``: cases per office for the
  same period). Target: ≤ 5×. Three yardsticks: the ``GROUP BY`` over the ``cases`` table (what the issue names);
  the same ``GROUP BY`` over ``report_cases``, the smallest table the report-rows path reads (the yardstick before
  the summaries of migration "report_sums"); and the strict one now, the same ``GROUP BY`` count over the largest
  of the summary tables a recap of whole months reads (by rows). The recap through the report rows alone (the path
  of partial months and of users who see only their own cases) is timed too.
  Everything is timed back to back, median of the rounds; the machine is shared, so compare ratios, not
  absolute times.
- **Beranda first paint**: after unlock as an officer, the time from creating the main window (whose first
  section is the Beranda, with its queries) until the Beranda has painted once (offscreen Qt). Target: ≤ 200 ms.

The store is built once by ``benchmarks/demo_store.py`` and cached (cheap to reuse, ~2 minutes to build here).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import demo_store  # noqa: E402

PERIOD = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def recap(data_dir, rounds: int) -> dict:
    from caseapp.services import reports
    from caseapp.store import reports_repo

    session = demo_store.unlock(data_dir)
    try:
        started = time.perf_counter()
        filled = reports.ensure_rows(session)
        fill_s = time.perf_counter() - started
        conn = session.db.conn
        a, b = PERIOD[0].isoformat(), PERIOD[1].isoformat()

        def strict():
            reports_repo.group_count(conn, a, b, table="report_cases")

        sizes = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("report_case_sums", "report_people_sums", "report_code_sums")}
        largest = max(sizes, key=sizes.get)

        def sums():
            reports_repo.group_count(conn, a, b, table=largest)

        def rows_only():
            real = reports_repo._whole_months
            reports_repo._whole_months = lambda _a, _b: (None, None)
            try:
                reports.make_report(session, *PERIOD)
            finally:
                reports_repo._whole_months = real

        base, base_scan, base_sums, full, by_kec, old = [], [], [], [], [], []
        total = reports.make_report(session, *PERIOD).total_cases
        for _i in range(rounds):
            base.append(_timed(lambda: reports_repo.group_count(conn, a, b)))
            base_scan.append(_timed(strict))
            base_sums.append(_timed(sums))
            full.append(_timed(lambda: reports.make_report(session, *PERIOD)))
            by_kec.append(_timed(lambda: reports.make_report(session, *PERIOD, group="kecamatan")))
            old.append(_timed(rows_only))
        med = statistics.median
        return {"cases": total, "rows_filled_at_first_report": filled, "fill_seconds": round(fill_s, 2),
                "group_by_ms": round(med(base) * 1000, 1), "group_by_report_cases_ms": round(med(base_scan) * 1000, 1),
                "recap_ms": round(med(full) * 1000, 1), "recap_per_kecamatan_ms": round(med(by_kec) * 1000, 1),
                "ratio": round(med(full) / med(base), 2), "ratio_per_kecamatan": round(med(by_kec) / med(base), 2),
                "ratio_vs_report_cases": round(med(full) / med(base_scan), 2),
                "group_by_sums_ms": round(med(base_sums) * 1000, 2), "summary_rows": sizes, "yardstick_table": largest,
                "ratio_vs_sums": round(med(full) / med(base_sums), 2),
                "ratio_per_kecamatan_vs_sums": round(med(by_kec) / med(base_sums), 2),
                "recap_from_report_rows_ms": round(med(old) * 1000, 1),
                "rows_recap_vs_report_cases": round(med(old) / med(base_scan), 2)}
    finally:
        session.close(action="logout")


def first_paint(data_dir, rounds: int) -> dict:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from caseapp.ui import qt_runtime
    from caseapp.ui.jobs import JobRunner
    from caseapp.ui.main_window import MainWindow
    from caseapp.ui.sections import PageContext

    qt_runtime.apply()
    app = QApplication.instance() or QApplication([])
    times = []
    user = demo_store.OFFICERS[0]
    for _i in range(rounds):
        session = demo_store.unlock(data_dir, user)
        painted = []

        class Watch(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint and obj.objectName() == "PageSurface" and not painted:
                    painted.append(time.perf_counter())
                return False

        watch = Watch()
        app.installEventFilter(watch)
        started = time.perf_counter()
        window = MainWindow(PageContext(session=session, jobs=JobRunner()))
        window.resize(1280, 900)
        window.show()
        while not painted and time.perf_counter() - started < 10:
            app.processEvents()
        times.append(painted[0] - started)
        rows = window.current_page().due.table.rowCount()
        app.removeEventFilter(watch)
        window.close()
        window.deleteLater()
        app.processEvents()
        session.close(action="logout")
    return {"user": user, "due_rows_shown": rows, "first_paint_ms": round(statistics.median(times) * 1000, 1),
            "first_paint_all_ms": [round(t * 1000, 1) for t in times]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data_dir = demo_store.build(args.cases, args.seed)
    result = recap(data_dir, args.rounds)
    print(f"recap over {result['cases']} cases: {result['recap_ms']} ms; GROUP BY count over cases: "
          f"{result['group_by_ms']} ms -> ratio {result['ratio']}x (target <= 5x); per kecamatan "
          f"{result['recap_per_kecamatan_ms']} ms ({result['ratio_per_kecamatan']}x); GROUP BY count over "
          f"report_cases: {result['group_by_report_cases_ms']} ms ({result['ratio_vs_report_cases']}x); GROUP BY "
          f"count over {result['yardstick_table']} (summary rows: {result['summary_rows']}): "
          f"{result['group_by_sums_ms']} ms -> ratio "
          f"{result['ratio_vs_sums']}x (per kecamatan {result['ratio_per_kecamatan_vs_sums']}x); the same recap "
          f"from the report rows only: {result['recap_from_report_rows_ms']} ms "
          f"({result['rows_recap_vs_report_cases']}x the GROUP BY over report_cases)")
    paint = first_paint(data_dir, args.rounds)
    print(f"Beranda first paint after unlock ({paint['user']}, {paint['due_rows_shown']} due rows): "
          f"{paint['first_paint_ms']} ms median {paint['first_paint_all_ms']} (target <= 200 ms)")
    print({**result, **paint})


if __name__ == "__main__":
    main()
