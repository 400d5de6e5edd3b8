"""The shell's "Pertukaran Data" section opens this page."""

from __future__ import annotations

from caseapp.ui.exchange import ExchangePage, create_page


def test_section_registry_points_at_the_exchange_page(qtbot, region):
    from caseapp.ui.jobs import JobRunner
    from caseapp.ui.main_window import MainWindow
    from caseapp.ui.sections import PageContext, page_factory

    assert page_factory("exchange") is create_page
    window = MainWindow(PageContext(session=region.district, jobs=JobRunner()))
    qtbot.addWidget(window)
    assert isinstance(window.show_section("exchange"), ExchangePage)
