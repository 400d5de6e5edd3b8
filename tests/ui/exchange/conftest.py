"""Exchange-page fixtures: a district and its province trusting each other, a case, pages and recorded message boxes."""

from __future__ import annotations

import pytest

from caseapp.services import cases, offices
from caseapp.services.cases import case_from_json
from tests.helpers import make_office


def sample_case(name: str = "Siti Aminah", region: str = "74.06.01.1007"):
    victim = {"name": name, "sex": "P", "birth_date": "2012-03-04", "region_code": region, "phone": "",
              "street": "Jl. Melati No. 3"}
    return case_from_json({"intake_date": "2024-01-22", "channel": "datang_langsung", "victims": [victim],
                           "perpetrators": [{"name": "Pelaku " + name, "sex": "L", "relationship": "tetangga"}],
                           "violence_types": ["seksual"], "incident_date": "2024-01-20", "place": "rumah_tangga",
                           "chronology": f"{name} melapor bersama ibunya."})


class Offices:
    def __init__(self, district, province, tmp_path):
        self.district, self.province, self.tmp = district, province, tmp_path
        self.usb = tmp_path / "usb"
        self.usb.mkdir()


@pytest.fixture
def region(tmp_path):
    """Bombana (74.06) and Sulawesi Tenggara province (74), each trusting the other through the service."""
    _dd, district = make_office(tmp_path / "74.06", code="74.06", name="UPTD PPA Kabupaten Bombana")
    _dd, province = make_office(tmp_path / "74", code="74", name="UPTD PPA Provinsi Sulawesi Tenggara",
                                admin_full_name="La Ode Admin Provinsi")
    d, p = district.session, province.session
    for a, b in ((d, p), (p, d)):
        card = offices.own_card(b)
        offices.trust_card(a, card, card.fingerprint())
    yield Offices(d, p, tmp_path)
    for s in (d, p):
        if not s.closed:
            s.close()


@pytest.fixture
def a_case(region):
    return cases.create_case(region.district, sample_case())


@pytest.fixture
def make_page(qtbot):
    """Build an ExchangePage for a session, with its own JobRunner; waits for jobs before the session closes."""
    from caseapp.ui.exchange import ExchangePage
    from caseapp.ui.jobs import JobRunner
    from caseapp.ui.sections import PageContext

    made = []

    def make(session):
        jobs = JobRunner()
        page = ExchangePage(PageContext(session=session, jobs=jobs))
        qtbot.addWidget(page)
        page.resize(1000, 760)
        page.show()
        made.append(jobs)
        return page

    yield make
    for jobs in made:
        jobs.cancel_all()
        jobs.wait(10000)


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes are recorded instead of shown: a list of (kind, title, text)."""
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(("warning", title, text)))
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: shown.append(("information", title, text)))
    return shown
