"""After an import the open case list shows the new cases by itself; the office's own bundle is explained."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.cases.driving import list_shown
from tests.ui.exchange.test_send_and_receive import TIMEOUT, _export_from, _import_on


def test_import_through_the_gui_shows_new_cases_in_the_open_case_list(qtbot, region, a_case, make_page):
    from caseapp.ui.jobs import JobRunner
    from caseapp.ui.main_window import MainWindow
    from caseapp.ui.sections import PageContext

    _export_from(qtbot, make_page(region.district), region.usb)
    bundle = next(region.usb.glob("*.casebundle"))

    jobs = JobRunner()
    window = MainWindow(PageContext(region.province, jobs))
    qtbot.addWidget(window)
    window.show()
    case_list = window.show_section("cases")
    list_shown(qtbot, case_list)  # (the list is read on a worker thread: its rows and count arrive a moment later)
    assert case_list.model.total == 0 and case_list.count_label.text() == "0 kasus"
    assert case_list.empty.isVisible()
    exchange_page = window.show_section("exchange")
    receive = _import_on(qtbot, exchange_page, bundle)
    qtbot.mouseClick(receive.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: receive.result_box.isVisible(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not jobs.busy, timeout=TIMEOUT)
    # Nothing pressed on the case list: it already lists the imported case.
    list_shown(qtbot, case_list)
    assert case_list.model.total == 1 and case_list.count_label.text() == "1 kasus"
    assert case_list.model.index(0, 0).data() == a_case.case_number
    window.show_section("cases")
    assert not case_list.empty.isVisible()
    jobs.wait(5000)


def test_importing_the_offices_own_bundle_says_whom_it_was_made_for(qtbot, region, a_case, make_page, boxes):
    district_page = make_page(region.district)
    _export_from(qtbot, district_page, region.usb)
    bundle = next(region.usb.glob("*.casebundle"))
    receive = district_page.receive_tab
    district_page.tabs.setCurrentWidget(receive)
    receive.load_file(bundle)
    qtbot.waitUntil(lambda: bool(boxes), timeout=TIMEOUT)
    kind, title, text = boxes[-1]
    assert kind == "information"
    assert text.startswith("Paket ini dibuat oleh kantor ini untuk UPTD PPA Provinsi Sulawesi Tenggara")
    assert "belum dipercaya" not in text
    assert not receive.import_button.isEnabled()
