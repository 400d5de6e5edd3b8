"""Render the Beranda, the Laporan dashboard at a district and at the province, and the printed report for docs/img
(run under Xvfb: xvfb-run python -m tests.ui.reports.screenshots)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from caseapp.services import clock, demo_data, exchange, offices, report_exports, reports
from tests.helpers import OFFICER_PASSWORD, add_officer, make_office, unlock

OUT = Path(__file__).resolve().parents[3] / "docs" / "img"
OFFICES = (("74", "UPTD PPA Provinsi Sulawesi Tenggara"), ("74.06", "UPTD PPA Kabupaten Bombana"),
           ("74.01", "UPTD PPA Kabupaten Kolaka"))


def build(root: Path):
    """A province and two districts with invented cases; Bombana last sent its bundle 12 days ago."""
    made = {code: make_office(root / code, code=code, name=name) for code, name in OFFICES}
    s = {code: result.session for code, (_dd, result) in made.items()}
    for a in s:
        for b in s:
            if a != b:
                card = offices.own_card(s[b])
                offices.trust_card(s[a], card, card.fingerprint())
    add_officer(s["74.06"], "petugas1", "Wa Ode Sitti Rahma")
    today = dt.date.today()
    demo_data.make_demo_cases(s["74.06"], 600, seed=21, today=today)
    demo_data.make_demo_cases(s["74.01"], 350, seed=22, today=today)
    moment = dt.datetime.now().astimezone() - dt.timedelta(days=12)
    clock.set_for_tests(lambda: moment)
    for code in ("74.06", "74.01"):
        exchange.export_bundle(s[code], "74", root / f"{code}.casebundle")
        exchange.import_bundle(s["74"], root / f"{code}.casebundle")
    clock.set_for_tests()
    return made, s


def _shot(widget, name: str, out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    page = getattr(getattr(widget, "current_page", lambda: None)(), "loading", None)
    while page:
        QApplication.processEvents()
        page = widget.current_page().loading
    for _i in range(5):
        QApplication.processEvents()
    widget.grab().save(str(out / name))
    print(out / name)


def main(out: Path = OUT) -> None:
    from PySide6.QtWidgets import QApplication

    from caseapp.ui import qt_runtime
    from caseapp.ui.jobs import JobRunner
    from caseapp.ui.main_window import MainWindow
    from caseapp.ui.sections import PageContext
    from caseapp.ui.style import apply_style

    qt_runtime.apply()
    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="caseapp-") as tmp:
        made, s = build(Path(tmp))
        s["74.06"].close()
        officer = unlock(made["74.06"][0], "petugas1", OFFICER_PASSWORD)
        jobs = JobRunner()
        window = MainWindow(PageContext(session=officer, jobs=jobs))
        window.resize(1280, 900)
        window.show()
        _shot(window, "ui-home.png", out)
        officer.close()
        window.close()
        bmb = unlock(made["74.06"][0])
        window = MainWindow(PageContext(session=bmb, jobs=jobs))
        window.resize(1280, 1000)
        window.show()
        window.show_section("reports")
        _shot(window, "ui-reports-district.png", out)
        window.close()
        window = MainWindow(PageContext(session=s["74"], jobs=jobs))
        window.resize(1280, 1000)
        window.show()
        page = window.show_section("reports")
        page.monthly.numbers_button.setChecked(False)
        _shot(window, "ui-reports-province.png", out)
        _shot(page.area_lines, "ui-reports-area-trend.png", out)
        page.areas.numbers_button.setChecked(True)
        _shot(page.areas, "ui-reports-numbers.png", out)
        window.close()
        year = dt.date.today().year - 1
        report = reports.make_report(s["74"], dt.date(year, 1, 1), dt.date(year, 12, 31), group="office")
        pdf = Path(tmp) / "laporan.pdf"
        pdf.write_bytes(report_exports.export(s["74"], report, "pdf"))
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", str(pdf), str(out / "report-print")],
                       check=True)
        for f in sorted(out.glob("report-print*.png")):
            print(f)
        bmb.close()
        for code in ("74", "74.01"):
            s[code].close()


if __name__ == "__main__":
    main()
