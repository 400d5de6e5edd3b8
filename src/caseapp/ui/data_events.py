"""One place where pages hear that stored data changed elsewhere in the app, so lists refresh by themselves.

An import, a receipt or a hand-over on the Pertukaran Data page changes cases that the Kasus and Rujukan pages may
be showing; they connect to ``hub().cases_changed`` and refresh, so nobody has to press "Semua" to see new cases.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataEvents(QObject):
    cases_changed = Signal()  # cases were added, changed or handed over (import, receipt, hand-over)
    letters_changed = Signal()  # a referral letter was written outside the Rujukan page (from a case)


_hub: DataEvents | None = None


def hub() -> DataEvents:
    global _hub
    if _hub is None:
        _hub = DataEvents()
    return _hub
