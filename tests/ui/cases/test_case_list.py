"""The case list: lazy paging under the model tester, sorting, filters, quick views and what an officer sees."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from caseapp.domain.case_list import CaseFilter
from caseapp.services import cases, clock
from caseapp.ui.cases.case_list_model import DUE, NUMBER, PAGE_SIZE, STATUS, VICTIMS, VIOLENCE, CaseListModel
from caseapp.ui.cases.case_list_page import CaseListPage
from tests.helpers import add_officer, unlock
from tests.ui.cases.conftest import sample_case
from tests.ui.cases.driving import choose, click, list_shown, type_into

NAMES = ["Siti Aminah", "Rina Marlina", "Wa Ode Nur", "Nur Aisyah", "Dewi Lestari", "Fitri Handayani"]


def many_cases(session, n: int) -> None:
    start = dt.date.today() - dt.timedelta(days=n + 5)
    for i in range(n):
        types = ("seksual",) if i % 7 == 0 else ("fisik", "psikis") if i % 2 else ("penelantaran",)
        cases.create_case(session, sample_case(f"{NAMES[i % len(NAMES)]} {i}", types=types,
                                               intake=start + dt.timedelta(days=i), birth=None))


@pytest.fixture
def page(qtbot, session):
    page = CaseListPage(session)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    yield page
    page.hide()


def test_model_fetches_pages_lazily_and_passes_the_model_tester(qtbot, qtmodeltester, session):
    many_cases(session, PAGE_SIZE + 30)
    model = CaseListModel(session)
    model.refresh()
    assert model.total == PAGE_SIZE + 30 and model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    qtmodeltester.check(model, force_py=True)
    model.fetchMore()
    assert model.rowCount() == PAGE_SIZE + 30 and not model.canFetchMore()
    qtmodeltester.check(model, force_py=True)
    numbers = [model.index(r, NUMBER).data() for r in range(model.rowCount())]
    assert len(set(numbers)) == len(numbers)


def test_columns_show_initials_labels_and_red_overdue_deadlines(qtbot, page, session):
    cases.create_case(session, sample_case("Siti Aminah", types=("seksual",),
                                           intake=dt.date.today() - dt.timedelta(days=5)))
    page.refresh()
    list_shown(qtbot, page)
    model = page.model
    assert model.index(0, VICTIMS).data() == "S.A. (anak)"
    assert model.index(0, VIOLENCE).data() == "Seksual"
    assert model.index(0, STATUS).data() == "Pengaduan"
    assert "terlambat" in model.index(0, DUE).data()
    assert model.index(0, DUE).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert page.count_label.text() == "1 kasus"


def test_header_click_sorts_through_the_service(qtbot, page, session):
    many_cases(session, 12)
    page.refresh()
    list_shown(qtbot, page)
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(NUMBER) + 20
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 10))
    assert page.model.filter.sort == "case_number"
    list_shown(qtbot, page)
    first = [page.model.index(r, NUMBER).data() for r in range(page.model.rowCount())]
    assert len(first) == 12 and first == sorted(first) or first == sorted(first, reverse=True)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 10))
    list_shown(qtbot, page)
    second = [page.model.index(r, NUMBER).data() for r in range(page.model.rowCount())]
    assert second == first[::-1]
    # Victims cannot be sorted by the service: clicking leaves the order alone.
    x = header.sectionViewportPosition(VICTIMS) + 20
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 10))
    assert page.model.filter.sort == "case_number"
    assert header.sortIndicatorSection() == NUMBER


def test_filters_and_quick_views(qtbot, page, session):
    many_cases(session, 14)
    page.refresh()
    list_shown(qtbot, page)
    assert page.model.total == 14
    choose(qtbot, page.filters.violence, "Seksual")
    list_shown(qtbot, page)
    assert page.model.total == 2 and page.count_label.text() == "2 kasus"
    click(qtbot, page.filters.reset_button)
    list_shown(qtbot, page)
    assert page.model.total == 14
    choose(qtbot, page.filters.status, "Asesmen")
    list_shown(qtbot, page)
    assert page.model.total == 0 and page.empty.isVisible()
    click(qtbot, page.filters.reset_button)
    list_shown(qtbot, page)
    page.filters.date_from.set_value(dt.date.today() - dt.timedelta(days=7))
    list_shown(qtbot, page)
    assert 0 < page.model.total < 14
    click(qtbot, page.filters.reset_button)
    list_shown(qtbot, page)
    click(qtbot, page.filters.views.button(2))  # Terlambat: the sexual-violence cases past 3×24 h
    list_shown(qtbot, page)
    assert page.model.filter.overdue and page.model.total == 2
    click(qtbot, page.filters.views.button(1))  # Kasus saya: the admin created them all
    list_shown(qtbot, page)
    assert page.model.filter.mine and page.model.total == 14


def test_search_waits_for_a_pause_then_searches_names_nik_and_chronology(qtbot, page, session):
    many_cases(session, 6)
    page.refresh()
    list_shown(qtbot, page)
    type_into(qtbot, page.filters.search, "Lestari")
    assert page.model.total == 6  # not yet: debounced
    qtbot.waitUntil(lambda: page.model.total == 1 and page.model.rowCount() == 1, timeout=2000)
    page.filters.search.clear()
    qtbot.waitUntil(lambda: page.model.total == 6 and page.model.rowCount() == 6, timeout=2000)


def test_officer_sees_only_own_and_assigned_cases(qtbot, office, tmp_path):
    data_dir, admin = office
    add_officer(admin, "petugas1", "Petugas Satu")
    cases.create_case(admin, sample_case("Siti Aminah", officers=("petugas1",)))
    cases.create_case(admin, sample_case("Rina Marlina"))
    cases.create_case(admin, sample_case("Wa Ode Nur"))
    admin.close()
    officer = unlock(data_dir, "petugas1", "sandi-petugas-rahasia")
    try:
        mine = cases.create_case(officer, sample_case("Nur Aisyah"))
        page = CaseListPage(officer)
        qtbot.addWidget(page)
        list_shown(qtbot, page)
        assert page.model.total == 2
        initials = {page.model.index(r, VICTIMS).data() for r in range(page.model.rowCount())}
        assert initials == {"S.A. (anak)", "N.A. (anak)"}
        assert not page.filters.officer.isVisibleTo(page)
        editor = page.open_case(mine.uuid)
        assert editor is not None and editor.case.case_number == mine.case_number
        page.hide()
    finally:
        officer.close()


def test_new_case_button_and_enter_open_editors(qtbot, page, session):
    from caseapp.ui.cases.case_editor import CaseEditor

    stored = cases.create_case(session, sample_case("Dewi Lestari"))
    page.refresh()
    list_shown(qtbot, page)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert stored.uuid in page.editors
    click(qtbot, page.new_button)
    assert any(e.case.case_number is None for e in page.findChildren(CaseEditor))


def test_english_labels(qtbot, session):
    from caseapp.i18n import set_language

    set_language("en")
    cases.create_case(session, sample_case("Siti Aminah"))
    page = CaseListPage(session)
    qtbot.addWidget(page)
    list_shown(qtbot, page)
    assert page.model.headerData(NUMBER, Qt.Orientation.Horizontal) == "Case number"
    assert page.count_label.text() == "1 case"
    assert page.model.index(0, VICTIMS).data() == "S.A. (child)"


def test_overdue_is_computed_against_the_service_clock(qtbot, session):
    cases.create_case(session, sample_case("Siti Aminah", types=("seksual",), intake=dt.date.today()))
    model = CaseListModel(session)
    model.refresh()
    assert "terlambat" not in model.index(0, DUE).data()
    later = clock.now() + dt.timedelta(days=5)
    clock.set_for_tests(lambda: later)
    try:
        model.refresh()
        assert "terlambat" in model.index(0, DUE).data()
        assert cases.count_cases(session, CaseFilter(overdue=True)) == 1
    finally:
        clock.set_for_tests()
