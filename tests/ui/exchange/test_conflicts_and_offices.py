"""The Konflik tab resolves a conflict; the Kantor tab shows the card and trusts a new office only on a matching fingerprint."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from caseapp.crypto.office_identity import OfficeIdentity
from caseapp.services import cases, exchange, offices
from caseapp.services.exchange import SourceStatus
from caseapp.ui.exchange.conflicts_model import ConflictsModel
from caseapp.ui.exchange.sources_model import SourcesModel
from caseapp.ui.exchange.trusted_model import TrustedOfficesModel

TIMEOUT = 20000


def _send(src, dst, path):
    exchange.export_bundle(src, dst.office.code, path)
    exchange.import_bundle(dst, path, receipt_out=path.with_suffix(".receipt"))
    exchange.import_bundle(src, path.with_suffix(".receipt"))


def _conflict(region, case):
    """Risk level set to 'tinggi' in the district and 'rendah' in the province since the last exchange."""
    d, p = region.district, region.province
    _send(d, p, region.tmp / "1.casebundle")
    cases.save_case(d, dataclasses.replace(cases.get_case(d, case.uuid), risk_level="tinggi"))
    cases.save_case(p, dataclasses.replace(cases.get_case(p, case.uuid), risk_level="rendah"))
    _send(d, p, region.tmp / "2.casebundle")


def test_conflict_view_shows_both_values_and_takes_the_other_office_value(qtbot, region, a_case, make_page, boxes):
    _conflict(region, a_case)
    page = make_page(region.province)
    assert page.tabs.tabText(page.tabs.indexOf(page.conflicts_tab)).endswith("(1)")
    page.tabs.setCurrentWidget(page.conflicts_tab)
    tab = page.conflicts_tab
    model = tab.model
    assert model.rowCount() == 1
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row == [a_case.case_number, "Tingkat risiko", "rendah", "tinggi", "UPTD PPA Kabupaten Bombana"]
    assert tab.local.toPlainText() == "rendah" and tab.remote.toPlainText() == "tinggi"
    assert tab.use_remote.isEnabled()
    qtbot.mouseClick(tab.use_remote, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=TIMEOUT)
    assert tab.empty.isVisible() and not tab.detail.isVisible()
    assert cases.get_case(region.province, a_case.uuid).risk_level == "tinggi"
    assert exchange.open_conflicts(region.province) == []
    assert page.tabs.tabText(page.tabs.indexOf(page.conflicts_tab)) == "K&onflik"
    assert boxes == []


def test_keeping_this_office_value(qtbot, region, a_case, make_page):
    _conflict(region, a_case)
    page = make_page(region.province)
    qtbot.mouseClick(page.conflicts_tab.use_local, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.conflicts_tab.model.rowCount() == 0, timeout=TIMEOUT)
    assert cases.get_case(region.province, a_case.uuid).risk_level == "rendah"


def test_offices_tab_shows_own_card_and_trusted_offices(qtbot, region, make_page, boxes):
    page = make_page(region.district)
    tab = page.offices_tab
    card = offices.own_card(region.district)
    assert tab.own_card.key_id.text() == card.key_id
    assert tab.own_card.groups.text().split() == card.fingerprint_groups().split()
    assert tab.own_card.words.text() == " · ".join(card.fingerprint_words())
    model = tab.trusted_model
    assert model.rowCount() == 1 and model.data(model.index(0, 0)) == "74"
    assert model.data(model.index(0, 3)) == "data lengkap"
    out = region.tmp / "kartu.json"
    assert tab.own_card.export_card(out) == out
    assert offices.read_card(out).fingerprint() == card.fingerprint()
    assert boxes and boxes[-1][0] == "information"


def test_trust_dialog_requires_the_fingerprint_read_by_phone(qtbot, region, make_page, tmp_path):
    page = make_page(region.province)
    other = OfficeIdentity.generate("74.01", "UPTD PPA Kabupaten Kolaka", "kabupaten")
    card_file = tmp_path / "kolaka.json"
    card_file.write_bytes(other.card().to_bytes())
    from caseapp.ui.exchange.trust_dialog import TrustCardDialog

    dialog = TrustCardDialog(region.province, page)
    qtbot.addWidget(dialog)
    assert dialog.load_card(card_file)
    assert dialog.words.text() == " · ".join(other.card().fingerprint_words())
    assert not dialog.ok_button.isEnabled()
    wrong = "0" * 64
    qtbot.keyClicks(dialog.typed, wrong)
    dialog.words_ok.setChecked(True)
    assert dialog.ok_button.isEnabled()
    dialog.trust()
    assert "tidak cocok" in dialog.error.text() and dialog.result() == 0
    assert [o.code for o in offices.trusted_offices(region.province)] == ["74.06"]
    dialog.typed.setText(other.card().fingerprint_groups())
    dialog.trust()
    assert dialog.result() == 1 and dialog.trusted.code == "74.01"
    assert dialog.trusted.default_scope == "full"  # Kolaka is one of the province's districts


def test_trust_dialog_refuses_a_damaged_card(qtbot, region, tmp_path):
    from caseapp.ui.exchange.trust_dialog import TrustCardDialog

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "caseapp-office-card"}')
    dialog = TrustCardDialog(region.province)
    qtbot.addWidget(dialog)
    assert not dialog.load_card(bad)
    assert dialog.error.text() and not dialog.ok_button.isEnabled()


def test_sources_older_than_30_days_are_red(qtmodeltester):
    model = SourcesModel()
    model.set_sources([
        SourceStatus("74.06", "Bombana", "kabupaten", 4, "2024-01-02T10:00:00", 31, [2], 0),
        SourceStatus("74.01", "Kolaka", "kabupaten", 1, "2024-02-01T10:00:00", 3, [], 1),
        SourceStatus("74.02", "Konawe", "kabupaten", None, None, None, [], 0),
    ])
    qtmodeltester.check(model)
    red = Qt.ItemDataRole.ForegroundRole
    assert model.data(model.index(0, 3), red) is not None and model.data(model.index(1, 3), red) is None
    assert model.data(model.index(0, 4)) == "2"
    assert model.data(model.index(2, 1)) == "belum pernah"


def test_models_pass_the_model_tester(qtmodeltester, region, a_case):
    _conflict(region, a_case)
    conflicts = ConflictsModel()
    conflicts.set_conflicts(exchange.open_conflicts(region.province), {"74.06": "Bombana"})
    qtmodeltester.check(conflicts)
    trusted = TrustedOfficesModel()
    trusted.set_offices(offices.trusted_offices(region.province))
    qtmodeltester.check(trusted)
