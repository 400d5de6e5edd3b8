"""The page speaks English when chosen, guards a missing folder and unchosen cases, and prints the card page."""

from __future__ import annotations

from PySide6.QtCore import Qt

from caseapp.i18n import set_language


def test_page_in_english(qtbot, region, make_page):
    set_language("en")
    page = make_page(region.district)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == ["&Send", "&Receive", "C&onflicts", "O&ffices"]
    assert page.send_tab.export_button.text() == "&Create bundle"
    assert "Default scope" in page.send_tab.scope_hint.text()


def test_missing_folder_is_explained_and_nothing_runs(qtbot, region, a_case, make_page):
    page = make_page(region.district)
    tab = page.send_tab
    tab.set_destination(region.tmp / "flashdisk-yang-dicabut")
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert "Folder tujuan tidak ditemukan" in tab.error.text()
    assert not page.context.jobs.busy and not tab.panel.isVisible()


def test_chosen_cases_mode_needs_cases(qtbot, region, a_case, make_page):
    page = make_page(region.district)
    tab = page.send_tab
    tab.set_destination(region.usb)
    tab.selected.setChecked(True)
    assert not tab.export_button.isEnabled() and tab.transfer.isEnabled()
    tab.set_chosen_cases([a_case.uuid])
    assert tab.export_button.isEnabled() and tab.chosen_label.text() == "1 kasus dipilih"
    tab.incremental.setChecked(True)
    assert not tab.transfer.isEnabled() and not tab.transfer.isChecked()


def test_office_card_page_is_printed_from_memory(qtbot, region, make_page, monkeypatch):
    printed = []
    monkeypatch.setattr("caseapp.ui.pdf_print.print_pdf", lambda data, parent, title: printed.append((data, title)))
    page = make_page(region.district)
    qtbot.mouseClick(page.offices_tab.own_card.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(printed), timeout=20000)
    assert printed[0][0].startswith(b"%PDF") and printed[0][1] == "Kartu kantor"


def test_case_picker_lists_initials_and_returns_the_ticked_cases(qtbot, region, a_case):
    from caseapp.ui.exchange.case_picker import CasePickerDialog

    dialog = CasePickerDialog(region.district, [])
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    item = dialog.list.item(0)
    assert item.text().startswith(a_case.case_number) and "Siti Aminah" not in item.text()
    item.setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen() == [a_case.uuid] and dialog.count.text() == "1 kasus dipilih"
