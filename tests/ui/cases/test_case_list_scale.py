"""The case list's count and paging plumbing: one count when the list opens, none for a new sort order, and a
count that stops early reads as "lebih dari …" while scrolling still reaches every case."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from caseapp.services import cases
from caseapp.ui.cases import case_list_model, case_list_page
from caseapp.ui.cases.case_list_model import NUMBER, RISK
from caseapp.ui.cases.case_list_page import CaseListPage
from tests.ui.cases.conftest import sample_case
from tests.ui.cases.driving import list_shown


def fetch_all(qtbot, model) -> None:
    """Scroll to the end the way the view does: ask for the next page, wait until it has arrived (the list's
    first page and count, read on a worker thread too, first)."""
    qtbot.waitUntil(lambda: not model.refreshing and not model.count_pending, timeout=10_000)
    while model.canFetchMore():
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.loading, timeout=10_000)


def add_cases(session, n: int) -> None:
    for i in range(n):
        cases.create_case(session, sample_case(f"Siti Aminah {i}", intake=dt.date(2026, 1, 1) + dt.timedelta(days=i)))


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = cases.count_cases_on  # what the list counts with, on its worker thread

    def count(session, conn, flt, **kw):
        calls.append(flt)
        return real(session, conn, flt, **kw)

    monkeypatch.setattr(cases, "count_cases_on", count)
    return calls


def test_opening_the_list_counts_once_and_sorting_does_not_count_again(qtbot, session, counted):
    add_cases(session, 5)
    page = CaseListPage(session)
    qtbot.addWidget(page)
    list_shown(qtbot, page)
    assert len(counted) == 1 and page.count_label.text() == "5 kasus"
    page.table.sortByColumn(RISK, Qt.SortOrder.AscendingOrder)
    list_shown(qtbot, page)
    assert page.model.filter.sort == "risk_level" and len(counted) == 1
    assert page.count_label.text() == "5 kasus" and page.model.rowCount() == 5


def test_a_count_that_stops_early_says_more_than_and_scrolling_reaches_every_case(qtbot, session, monkeypatch):
    add_cases(session, 12)
    monkeypatch.setattr(case_list_model, "COUNT_CAP", 4)
    monkeypatch.setattr(case_list_page, "COUNT_CAP", 4)
    monkeypatch.setattr(case_list_model, "PAGE_SIZE", 5)
    page = CaseListPage(session)
    qtbot.addWidget(page)
    page.filters.search.setText("Siti")
    page.filters.status.setCurrentIndex(1)  # a status filter: counted row by row, so the cap applies
    page.filters.emit_changed()
    list_shown(qtbot, page)
    assert page.count_label.text() == "lebih dari 4 kasus"
    fetch_all(qtbot, page.model)
    numbers = [page.model.index(r, NUMBER).data() for r in range(page.model.rowCount())]
    assert len(numbers) == 12 and len(set(numbers)) == 12


def test_rows_held_by_the_list_are_the_service_rows_in_order_and_untracked_by_the_garbage_collector(
        qtbot, session, monkeypatch):
    """100,000 rows held as objects made every full garbage collection walk them (107 ms of CPU, issue 16): the
    model keeps them as plain tuples in page tuples, which the collector leaves alone, and shows the same rows."""
    import gc

    add_cases(session, 12)
    monkeypatch.setattr(case_list_model, "PAGE_SIZE", 5)
    page = CaseListPage(session)
    qtbot.addWidget(page)
    list_shown(qtbot, page)
    fetch_all(qtbot, page.model)
    expected = cases.list_cases(session, page.model.filter, limit=100)
    assert [page.model.summary(r) for r in range(page.model.rowCount())] == expected
    assert [page.model.index(r, NUMBER).data() for r in range(page.model.rowCount())] == \
        [s.case_number for s in expected]
    assert page.model.row_of(expected[7].uuid) == 7 and page.model.uuid_at(11) == expected[11].uuid
    for _pass in range(3):  # a tuple is untracked by a pass that finds every item untracked: rows, then pages
        gc.collect()
    assert len(page.model.rows.pages) == 3
    assert not any(gc.is_tracked(p) for p in page.model.rows.pages)
    assert not any(gc.is_tracked(r) for r in page.model.rows)
