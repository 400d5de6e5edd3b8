"""The receive tab: what a bundle adds to a case held here is in the preview; an overstepping bundle is refused."""

from __future__ import annotations

import dataclasses
import uuid as uuidlib

from caseapp.domain.case_json import case_to_json
from caseapp.services import cases, exchange
from caseapp.services.cases import case_from_json
from caseapp.store import exchange_repo
from tests.services.exchange_forgery import exported_identity, forge, record

TIMEOUT = 20000


def _load(qtbot, page, path):
    tab = page.receive_tab
    page.tabs.setCurrentWidget(tab)
    tab.load_file(path)
    return tab


def test_people_and_notes_added_to_a_held_case_show_in_the_preview(qtbot, region, a_case, make_page, boxes):
    d, p = region.district, region.province
    path = region.tmp / "1.casebundle"
    exchange.export_bundle(d, "74", path)
    exchange.import_bundle(p, path, receipt_out=region.tmp / "1.receipt")
    exchange.import_bundle(d, region.tmp / "1.receipt")
    local = cases.get_case(p, a_case.uuid)
    doc = case_to_json(local)
    doc["perpetrators"].append({"uuid": str(uuidlib.uuid4()), "name": "Pelaku Kedua", "sex": "L",
                                "relationship": "tetangga"})
    cases.save_case(p, dataclasses.replace(case_from_json(doc), version=local.version))
    back = region.usb / "back.casebundle"
    exchange.export_bundle(p, "74.06", back)
    page = make_page(d)
    tab = _load(qtbot, page, back)
    qtbot.waitUntil(lambda: tab.preview.isVisible(), timeout=TIMEOUT)
    assert tab.preview.additions.isVisible()
    assert tab.preview.additions.text() == f"Kasus {a_case.case_number}: paket ini akan menambahkan 1 orang."
    assert "Pelaku Kedua" not in tab.preview.additions.text()


def test_change_to_a_case_never_sent_is_refused_with_its_message(qtbot, region, a_case, make_page, boxes):
    d, p = region.district, region.province
    forger = exported_identity(p, region.tmp / "keys-74")
    doc = dict(case_to_json(cases.get_case(d, a_case.uuid)), risk_level="rendah")
    path = forge(forger, d, region.usb / "forged.casebundle", [record(doc, origin="74", owner="74.06")])
    before = exchange_repo.canonical_dump(d.db.conn)
    page = make_page(d)
    tab = _load(qtbot, page, path)
    qtbot.waitUntil(lambda: bool(boxes), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not page.context.jobs.busy, timeout=TIMEOUT)
    kind, _title, text = boxes[0]
    assert kind == "warning" and a_case.case_number in text and "tidak pernah dikirim ke 74" in text
    assert not tab.preview.isVisible() and not tab.import_button.isVisible()
    assert exchange_repo.canonical_dump(d.db.conn) == before
    assert cases.get_case(d, a_case.uuid).risk_level != "rendah"
