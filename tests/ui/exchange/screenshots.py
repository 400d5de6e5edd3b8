"""Render the import preview and the Kantor tab for docs/img (run under Xvfb: python -m tests.ui.exchange.screenshots)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import tempfile
from pathlib import Path

from caseapp.services import cases, clock, exchange, offices
from tests.helpers import make_office
from tests.ui.exchange.conftest import sample_case

OUT = Path(__file__).resolve().parents[3] / "docs" / "img"
OFFICES = (("74", "UPTD PPA Provinsi Sulawesi Tenggara"), ("74.06", "UPTD PPA Kabupaten Bombana"),
           ("74.01", "UPTD PPA Kabupaten Kolaka"), ("74.02", "UPTD PPA Kabupaten Konawe"))


def _at(days_ago: int) -> None:
    moment = dt.datetime.now().astimezone() - dt.timedelta(days=days_ago)
    clock.set_for_tests(lambda: moment)


def build(root: Path):
    """A province with three districts: Bombana sends regularly (one bundle lost), Kolaka has been silent 45 days."""
    s = {code: make_office(root / code, code=code, name=name)[1].session for code, name in OFFICES}
    for a in s:
        for b in s:
            if a != b and (a == "74" or b == "74"):
                card = offices.own_card(s[b])
                offices.trust_card(s[a], card, card.fingerprint())
    prov, bmb, klk = s["74"], s["74.06"], s["74.01"]
    _at(45)
    cases.create_case(klk, sample_case("Wa Ode Nurhayati", region="74.01.01.1001"))
    exchange.import_bundle(prov, _export(klk, root / "klk-1.casebundle"))
    _at(9)
    made = [cases.create_case(bmb, sample_case(n)) for n in ("Siti Aminah", "Nur Aisyah", "Rahmawati")]
    exchange.import_bundle(prov, _export(bmb, root / "bmb-1.casebundle"), receipt_out=root / "r1.casebundle")
    exchange.import_bundle(bmb, root / "r1.casebundle")
    _at(2)
    cases.save_case(bmb, dataclasses.replace(cases.get_case(bmb, made[0].uuid), risk_level="tinggi"))
    cases.save_case(prov, dataclasses.replace(cases.get_case(prov, made[0].uuid), risk_level="sedang"))
    cases.save_case(bmb, dataclasses.replace(cases.get_case(bmb, made[1].uuid), risk_level="rendah"))
    _export(bmb, root / "bmb-2.casebundle")  # lost on the way: the province never sees no. 2
    for name in ("Andi Fitriani", "Sitti Rahma"):
        cases.create_case(bmb, sample_case(name))
    clock.set_for_tests()
    usb = root / "FLASHDISK"
    usb.mkdir()
    third = _export(bmb, usb / "74.06-ke-74-20240305-1012.casebundle")
    return s, third


def _export(session, path: Path) -> Path:
    exchange.export_bundle(session, "74", path)
    return path


def main(out: Path = OUT) -> None:
    from PySide6.QtWidgets import QApplication

    from caseapp.ui.exchange import create_page
    from caseapp.ui.jobs import JobRunner
    from caseapp.ui.main_window import MainWindow
    from caseapp.ui.sections import PageContext, register_page
    from caseapp.ui.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="caseapp-") as tmp:
        sessions, bundle = build(Path(tmp))
        register_page("exchange", create_page)
        jobs = JobRunner()
        window = MainWindow(PageContext(session=sessions["74"], jobs=jobs))
        window.resize(1200, 900)
        window.show()
        page = window.show_section("exchange")
        page.tabs.setCurrentWidget(page.receive_tab)
        page.receive_tab.load_file(bundle)
        _settle(lambda: page.receive_tab.current is not None)
        window.grab().save(str(out / "ui-exchange-import.png"))
        page.tabs.setCurrentWidget(page.offices_tab)
        _settle()
        window.grab().save(str(out / "ui-exchange-offices.png"))
        jobs.wait()
        for session in sessions.values():
            session.close()
        window.close()


def _settle(done=lambda: True, limit_ms: int = 20000) -> None:
    """Let Qt run (jobs report back through the event loop) until ``done()``, then a little longer to paint."""
    from PySide6.QtTest import QTest

    waited = 0
    while not done() and waited < limit_ms:
        QTest.qWait(50)
        waited += 50
    QTest.qWait(300)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
