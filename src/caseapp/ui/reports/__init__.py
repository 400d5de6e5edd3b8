"""The "Laporan" section: dashboards with trends, every statistics table, the SIMFONI-PPA recap and exports."""

from __future__ import annotations


def create_page(context):
    """Section factory for the main window (``caseapp.ui.sections``)."""
    from caseapp.ui.reports.page import ReportsPage

    return ReportsPage(context)
