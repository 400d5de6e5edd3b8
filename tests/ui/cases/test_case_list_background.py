"""Further pages of the case list are read on a worker thread and inserted when they arrive (issue 16: deep pages
waited for the disk on the GUI thread). The rows must be the same, in order; a page read for a list that has
since changed (a search typed while it loads) must never show; locking while a page loads must stay quiet."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt

from caseapp.domain.case_list import CaseFilter
from caseapp.services import cases
from caseapp.ui.cases import case_list_model
from caseapp.ui.cases.case_list_model import NUMBER
from caseapp.ui.cases.case_list_page import CaseListPage
from tests.ui.cases.conftest import sample_case
from tests.ui.cases.driving import list_shown
from tests.ui.cases.test_case_list_scale import fetch_all


def add_cases(session, names_and_count) -> None:
    day = 0
    for name, n in names_and_count:
        for i in range(n):
            day += 1
            cases.create_case(session, sample_case(f"{name} {i}", intake=dt.date(2025, 1, 1) + dt.timedelta(days=day)))


def shown(page) -> list[str]:
    return [page.model.index(r, NUMBER).data() for r in range(page.model.rowCount())]


@pytest.fixture
def held(monkeypatch):
    """Every further page read on the worker waits for ``release`` (set) before it reads (inside the read
    connection); first pages and counts are read at once."""
    release = threading.Event()
    started = threading.Event()
    real = cases.list_cases_on

    def slow(*args, **kwargs):
        if threading.current_thread() is not threading.main_thread() and kwargs.get("after") is not None:
            started.set()
            assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(cases, "list_cases_on", slow)
    return started, release


@pytest.fixture
def held_first(monkeypatch):
    """Each first page read on the worker, in turn, waits until the test lets it go: ``gates`` holds one Event per
    first page begun (the order they were asked for), each set by the test to let that page be read."""
    gates: list[threading.Event] = []
    lock = threading.Lock()
    real = cases.list_cases_on

    def slow(*args, **kwargs):
        if threading.current_thread() is not threading.main_thread() and kwargs.get("after") is None:
            gate = threading.Event()
            with lock:
                gates.append(gate)
            assert gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(cases, "list_cases_on", slow)
    return gates


@pytest.fixture
def page(qtbot, session, monkeypatch):
    monkeypatch.setattr(case_list_model, "PAGE_SIZE", 5)
    page = CaseListPage(session)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    yield page
    page.hide()
    page.model.close()


def test_scrolling_to_the_end_shows_every_case_once_in_the_list_order(qtbot, session, monkeypatch):
    add_cases(session, [("Siti Aminah", 13), ("Wa Ode Nurma", 10)])
    monkeypatch.setattr(case_list_model, "PAGE_SIZE", 5)
    page = CaseListPage(session)
    qtbot.addWidget(page)
    page.resize(1000, 300)
    page.show()
    page.table.sortByColumn(NUMBER, Qt.SortOrder.AscendingOrder)
    list_shown(qtbot, page)
    while page.model.canFetchMore():  # as a user does: to the bottom, again once the next rows are there
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda: not page.model.loading, timeout=10_000)
    expected = [s.case_number for s in cases.list_cases(session, page.model.filter, limit=100)]
    assert len(expected) == 23 and expected == sorted(expected)
    assert shown(page) == expected
    assert page.count_label.text() == "23 kasus"
    page.model.close()


def test_the_window_says_it_is_loading_while_a_page_is_read_and_the_rows_come_after(qtbot, session, page, held):
    started, release = held
    add_cases(session, [("Siti Aminah", 12)])
    page.refresh()
    list_shown(qtbot, page)
    first = shown(page)
    assert len(first) == 5
    page.model.fetchMore()
    assert started.wait(10)
    qtbot.waitUntil(lambda: page.loading.isVisible())
    assert page.model.loading and shown(page) == first  # nothing inserted yet, and the GUI thread is free
    assert page.loading.text() == "Memuat kasus berikutnya…"
    release.set()  # (the view itself asks for pages until its height is filled: 12 rows may all come now)
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 5, timeout=10_000)
    assert not page.loading.isVisible() and shown(page)[:5] == first
    fetch_all(qtbot, page.model)
    assert shown(page) == [s.case_number for s in cases.list_cases(session, page.model.filter, limit=100)]


def test_a_search_typed_while_a_page_loads_shows_the_search_rows_never_the_old_page(qtbot, session, page, held):
    started, release = held
    add_cases(session, [("Siti Aminah", 9), ("Wa Ode Nurma", 8)])
    page.refresh()
    list_shown(qtbot, page)
    page.model.fetchMore()  # the next page of all 17 cases starts loading …
    assert started.wait(10)
    page.filters.search.setText("Nurma")  # … and the officer searches meanwhile
    page.filters.emit_changed()
    searched = [s.case_number for s in cases.list_cases(session, page.model.filter, limit=100)]
    before = shown(page)
    assert len(before) == 5 and page.count_label.text() == "17 kasus"
    qtbot.wait(100)  # the search waits for the page being read (one read at a time): the old rows stay meanwhile
    assert page.model.refreshing and shown(page) == before and page.loading.text() == "Memuat kasus…"
    assert page.count_label.text() == "17 kasus"
    release.set()  # the old page arrives now: it must be dropped; then the search's first page is read
    list_shown(qtbot, page)
    assert len(searched) == 8 and shown(page)[:5] == searched[:5]
    qtbot.wait(300)
    qtbot.waitUntil(lambda: not page.model.loading, timeout=10_000)
    assert shown(page) == searched[:len(shown(page))] and page.count_label.text() == "8 kasus"
    fetch_all(qtbot, page.model)
    assert shown(page) == searched


def test_locking_while_a_page_loads_drops_the_page_quietly(qtbot, session, page, held, monkeypatch):
    started, release = held
    errors = []
    page.model.on_load_failed = errors.append
    add_cases(session, [("Siti Aminah", 12)])
    page.refresh()
    list_shown(qtbot, page)
    page.model.fetchMore()
    assert started.wait(10)
    threading.Timer(0.2, release.set).start()
    session.close()  # waits for the read under way, then closes its connection with the store
    qtbot.wait(300)
    assert not page.model.loading and page.model.rowCount() == 5 and errors == []


def test_the_reader_sees_what_the_session_saved_and_reads_nothing_once_locked(session):
    from caseapp.services.case_list_pages import CaseListReader, ListClosed

    add_cases(session, [("Siti Aminah", 3)])
    reader = CaseListReader(session)
    assert reader.page(CaseFilter(), limit=10) == cases.list_cases(session, CaseFilter(), limit=10)
    add_cases(session, [("Wa Ode Nurma", 2)])  # written on the session's connection after the reader opened
    assert len(reader.page(CaseFilter(), limit=10)) == 5
    session.close()
    with pytest.raises(ListClosed):
        reader.page(CaseFilter(), limit=10)


def test_an_officer_scrolling_to_the_end_sees_only_the_cases_assigned_to_them(qtbot, office, monkeypatch):
    from tests.helpers import OFFICER_PASSWORD, add_officer, unlock

    data_dir, admin = office
    add_officer(admin)
    for i in range(14):
        cases.create_case(admin, sample_case(f"Siti Aminah {i}", intake=dt.date(2025, 1, 1) + dt.timedelta(days=i),
                                             officers=("petugas1",) if i % 3 else ()))
    admin.close()
    officer = unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    monkeypatch.setattr(case_list_model, "PAGE_SIZE", 3)
    page = CaseListPage(officer)
    qtbot.addWidget(page)
    page.resize(1000, 300)
    page.show()
    fetch_all(qtbot, page.model)
    expected = [s.case_number for s in cases.list_cases(officer, page.model.filter, limit=100)]
    assert len(expected) == 9 and shown(page) == expected and page.count_label.text() == "9 kasus"
    page.model.close()
    officer.close()


def open_held(qtbot, session, gates, monkeypatch):
    """The page opened with first pages held by ``held_first``: its opening's first page let go and shown."""
    monkeypatch.setattr(case_list_model, "PAGE_SIZE", 5)
    page = CaseListPage(session)
    qtbot.addWidget(page)
    page.resize(1000, 300)
    page.show()
    qtbot.waitUntil(lambda: len(gates) == 1)
    assert page.model.refreshing and page.model.rowCount() == 0 and page.loading.text() == "Memuat kasus…"
    assert page.loading.isVisible() and not page.empty.isVisible()  # no "Belum ada kasus" before the count
    gates[0].set()
    list_shown(qtbot, page)
    resets = []  # what the list showed each time its rows were replaced
    page.model.modelReset.connect(lambda: resets.append(shown(page)))
    return page, resets


def test_a_search_typed_while_an_earlier_search_loads_shows_only_the_latest_search(qtbot, session, monkeypatch,
                                                                                  held_first):
    gates = held_first
    add_cases(session, [("Siti Aminah", 9), ("Wa Ode Nurma", 8)])
    page, resets = open_held(qtbot, session, gates, monkeypatch)
    everything = shown(page)
    assert page.count_label.text() == "17 kasus"
    page.filters.search.setFocus()
    qtbot.keyClicks(page.filters.search, "Siti")
    qtbot.waitUntil(lambda: len(gates) == 2, timeout=5000)  # the pause after typing: "Siti" is being read …
    page.filters.search.selectAll()
    qtbot.keyClicks(page.filters.search, "Nurma")  # … and the officer types another search meanwhile
    qtbot.wait(400)  # (past the pause: "Nurma" waits for the "Siti" read under way)
    assert page.model.filter.text == "Nurma" and page.filters.search.hasFocus()
    assert shown(page) == everything and page.count_label.text() == "17 kasus" and page.model.refreshing
    gates[1].set()  # the "Siti" page arrives now: it must be dropped, and its count never read
    qtbot.waitUntil(lambda: len(gates) == 3, timeout=5000)
    assert shown(page) == everything and page.count_label.text() == "17 kasus"
    gates[2].set()
    list_shown(qtbot, page)
    nurma = [s.case_number for s in cases.list_cases(session, page.model.filter, limit=100)]
    assert len(nurma) == 8 and shown(page) == nurma[:len(shown(page))] and len(shown(page)) >= 5
    assert page.count_label.text() == "8 kasus" and not page.loading.isVisible()
    assert resets == [nurma[:5]]  # never a "Siti" row, not even for a moment
    assert page.filters.search.hasFocus() and page.filters.search.text() == "Nurma"
    page.model.close()


def test_a_sort_clicked_while_the_list_loads_ends_sorted_the_latest_way(qtbot, session, monkeypatch, held_first):
    gates = held_first
    add_cases(session, [("Siti Aminah", 9), ("Wa Ode Nurma", 8)])
    page, resets = open_held(qtbot, session, gates, monkeypatch)
    page.table.sortByColumn(NUMBER, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: len(gates) == 2, timeout=5000)  # ascending is being read …
    page.table.sortByColumn(NUMBER, Qt.SortOrder.DescendingOrder)  # … and the header clicked again
    gates[1].set()
    qtbot.waitUntil(lambda: len(gates) == 3, timeout=5000)
    gates[2].set()
    list_shown(qtbot, page)
    numbers = [s.case_number for s in cases.list_cases(session, page.model.filter, limit=100)]
    assert page.model.filter.sort == "case_number" and page.model.filter.descending
    assert numbers == sorted(numbers, reverse=True) and shown(page) == numbers[:len(shown(page))]
    assert resets == [numbers[:5]]  # the ascending page was dropped
    assert page.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert page.count_label.text() == "17 kasus"
    page.model.close()


def test_an_officers_first_page_has_only_their_cases_and_enter_opens_the_selected_one(qtbot, office, monkeypatch):
    from tests.helpers import OFFICER_PASSWORD, add_officer, unlock

    data_dir, admin = office
    add_officer(admin)
    theirs = set()
    for i in range(14):
        stored = cases.create_case(admin, sample_case(f"Siti Aminah {i}", intake=dt.date(2025, 1, 1)
                                                      + dt.timedelta(days=i), officers=("petugas1",) if i % 3 else ()))
        if i % 3:
            theirs.add(stored.case_number)
    admin.close()
    officer = unlock(data_dir, "petugas1", OFFICER_PASSWORD)
    monkeypatch.setattr(case_list_model, "PAGE_SIZE", 3)
    page = CaseListPage(officer)
    qtbot.addWidget(page)
    page.resize(1000, 120)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    assert len(theirs) == 9 and set(shown(page)) <= theirs
    list_shown(qtbot, page)
    assert set(shown(page)) <= theirs and page.count_label.text() == "9 kasus"
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert list(page.editors) == [page.model.uuid_at(0)] and page.editors[page.model.uuid_at(0)].case.case_number \
        in theirs
    for editor in list(page.editors.values()):
        editor.close()
    page.model.close()
    officer.close()


def test_the_rows_of_a_search_show_before_its_count_and_the_count_label_follows_when_it_arrives(qtbot, session, monkeypatch):
    add_cases(session, [("Siti Aminah", 9), ("Wa Ode Nurma", 8)])
    monkeypatch.setattr(case_list_model, "PAGE_SIZE", 5)
    page = CaseListPage(session)
    qtbot.addWidget(page)
    page.resize(1000, 300)
    page.show()
    list_shown(qtbot, page)
    assert page.count_label.text() == "17 kasus"
    gate = threading.Event()
    real = cases.count_cases_on

    def slow_count(*args, **kwargs):
        assert gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(cases, "count_cases_on", slow_count)
    page.filters.search.setText("Nurma")
    page.filters.emit_changed()
    qtbot.waitUntil(lambda: not page.model.refreshing, timeout=10_000)
    nurma = [s.case_number for s in cases.list_cases(session, page.model.filter, limit=100)]
    assert shown(page)[:5] == nurma[:5] and page.model.count_pending
    assert page.count_label.text() == "menghitung…"  # the figure is not there yet (nor the old one)
    gate.set()
    list_shown(qtbot, page)
    assert page.count_label.text() == "8 kasus"
    page.model.close()


def test_a_search_that_cannot_be_read_says_so_and_leaves_no_rows_of_the_previous_list(qtbot, session, page,
                                                                                        monkeypatch):
    errors = []
    page.model.on_load_failed = errors.append
    add_cases(session, [("Siti Aminah", 3)])
    page.refresh()
    list_shown(qtbot, page)
    assert page.model.rowCount() == 3

    def broken(*args, **kwargs):
        raise cases.CaseappError("Data tidak dapat dibaca.")

    monkeypatch.setattr(cases, "list_cases_on", broken)
    page.filters.search.setText("Nurma")
    page.filters.emit_changed()
    list_shown(qtbot, page)
    assert [str(e) for e in errors] == ["Data tidak dapat dibaca."]
    assert page.model.rowCount() == 0 and not page.loading.isVisible()
