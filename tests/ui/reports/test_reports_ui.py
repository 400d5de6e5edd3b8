"""Beranda after unlock and the Laporan page, driven through real widgets."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from caseapp.services import cases, demo_data, reports
from caseapp.services.session import unlock
from tests.ui.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD, unlock_as


@pytest.fixture
def seeded(office, data_dir, kdf_policy):
    """60 invented cases, assigned to the officer 'siti' (the only officer)."""
    with unlock(data_dir, "admin", ADMIN_PASSWORD, kdf_policy=kdf_policy) as s:
        demo_data.make_demo_cases(s, 60, seed=5, today=dt.date.today())
    return data_dir


def test_beranda_is_the_first_page_and_a_due_row_opens_its_case(qtbot, seeded, make_controller, kdf_policy):
    controller = make_controller()
    unlock_as(qtbot, controller, "siti", OFFICER_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    window = controller.main_window
    page = window.current_page()
    assert page.objectName() == "PageSurface" and page.findChild(type(page.due), "home_due") is page.due
    session = controller.session
    now = dt.datetime.now().isoformat(timespec="minutes")
    mine = [s for s in cases.list_cases(session, cases.CaseFilter(mine=True), limit=1000)
            if s.due_at is not None and s.status != "selesai"
            and s.due_at.isoformat(timespec="minutes") < (dt.date.today() + dt.timedelta(days=1)).isoformat()]
    assert page.due.table.rowCount() == min(50, len(mine)) > 0
    shown = {page.due.table.item(r, 0).text() for r in range(page.due.table.rowCount())}
    assert shown <= {s.case_number for s in mine}
    overdue = [r for r in page.due.rows if r.overdue]
    assert all(r.when < now for r in overdue)
    # Activating a row opens the case in the Kasus section.
    item = page.due.table.item(0, 0)
    page.due.table.setCurrentItem(item)
    page.due.table.itemActivated.emit(item)
    cases_page = window.show_section("cases")
    assert page.due.rows[0].target in cases_page.editors
    for editor in list(cases_page.editors.values()):
        editor.close()


def test_laporan_shows_dashboard_numbers_tables_and_simfoni(qtbot, seeded, make_controller, tmp_path):
    controller = make_controller()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    page = controller.main_window.show_section("reports")
    assert page.findChild(type(page.tabs), "reportTabs") is page.tabs  # not the placeholder any more
    qtbot.waitUntil(lambda: page.report is not None and not page.loading, timeout=20000)
    page.date_from.setDate(page.date_from.date().addYears(-10))
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert page.loading and not page.show_button.isEnabled()  # computed on the worker
    qtbot.waitUntil(lambda: not page.loading, timeout=20000)
    expected = reports.make_report(controller.session, *page.period(), group="kecamatan")
    assert f"<b>{expected.total_cases}</b> kasus" in page.summary.text()
    # The numbers behind the area chart, one click away.
    assert not page.areas.table.isVisible()
    page.tabs.setCurrentIndex(0)
    qtbot.mouseClick(page.areas.numbers_button, Qt.MouseButton.LeftButton)
    assert page.areas.table.isVisibleTo(page.areas) and not page.areas.chart.isVisibleTo(page.areas)
    status = expected.table("status")
    numbers = {page.areas.table.verticalHeaderItem(r).text(): int(page.areas.table.item(r, 0).text())
               for r in range(page.areas.table.rowCount())}
    assert numbers == {label: status.column_totals[code] for code, label in expected.areas}
    # The Tabel tab: the police clock table with exact figures.
    page.tabs.setCurrentIndex(1)
    page.table_choice.setCurrentIndex(page.table_choice.findData("police"))
    police = expected.table("police")
    last = page.table_view.columnCount() - 1
    assert int(page.table_view.item(0, last).text()) == police.row_total("tepat_waktu")
    # SIMFONI-PPA: mark the first pending case.
    page.tabs.setCurrentIndex(2)
    before = page.pending.rowCount()
    assert before == 60
    page.pending.selectRow(0)
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    assert page.pending.rowCount() == before - 1
    # Export: an XLSX with the same totals, small numbers hidden.
    path = page.export("xlsx", path=str(tmp_path / "laporan.xlsx"))
    wb = load_workbook(io.BytesIO(path.read_bytes()))
    summary = {row[0]: row[1] for row in wb.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    assert summary["Jumlah kasus"] == expected.total_cases
    values = [c for ws in wb.worksheets[1:] for row in ws.iter_rows(min_row=5, values_only=True) for c in row[1:]]
    assert not any(isinstance(v, int) and 0 < v < 5 for v in values) and "<5" in values


def test_trend_per_area_numbers_add_up_to_the_monthly_totals(qtbot, seeded, make_controller):
    controller = make_controller()
    unlock_as(qtbot, controller, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    page = controller.main_window.show_section("reports")
    qtbot.waitUntil(lambda: page.report is not None and not page.loading, timeout=20000)
    t = page.trend
    assert len(t.areas) > 1 and page.area_lines.isVisibleTo(page)
    for month, total in t.month_totals.items():
        assert sum(t.area_months[a].get(month, 0) for a in t.area_months) == total
    table = page.area_lines.table
    assert 1 <= table.columnCount() <= 5 and table.rowCount() == 24
