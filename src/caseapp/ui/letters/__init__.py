"""The "Rujukan" section: register of referral letters, composer, in-app preview, printing and batch printing."""

from __future__ import annotations


def create_page(context):
    """Section factory for the main window (``caseapp.ui.sections``)."""
    from caseapp.ui.letters.page import ReferralsPage

    return ReferralsPage(context.session, jobs=context.jobs)
