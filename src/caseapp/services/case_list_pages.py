"""Pages and counts of the case list read off the GUI thread, on a read connection of their own.

Scrolling deep into a list of 100,000 cases reads case rows and index pages that are often no longer in memory:
on the benchmark machine a page of 100 waited 40–120 ms for the disk with 5 ms of CPU (issue 16). The case list
asks this reader for the next page from a worker thread and inserts the rows when they arrive. Its connection is
not the session's: SQLite serialises the calls on one connection, so a worker sharing it would make the GUI
thread's own queries wait for the disk too. The first page and the count of a new list (opening, a search, filter
or sort) are read here as well: on a cold disk they waited for it the same way. The connection is opened at the
first read, read-only, and closed with the store (lock, re-key) at the latest. A re-key (an administrator removed a
user) waits for a read in flight, then re-encrypts; a read asked for meanwhile waits for the re-key to finish and
opens a new connection with the new key.
"""

from __future__ import annotations

import threading

from caseapp.domain.case_list import CaseFilter, CaseSummary
from caseapp.domain.errors import CaseappError
from caseapp.i18n import _
from caseapp.services import cases
from caseapp.services.session import Session


class ListClosed(CaseappError):
    """The store was locked while a page was being read: the page is of no use any more."""


class CaseListReader:
    """``page`` and ``count`` may be called from any thread (the connection serves one read at a time); ``close``
    from any thread."""

    def __init__(self, session: Session):
        self.session = session
        self._reader = None
        self._lock = threading.Lock()  # opening and closing the connection

    def page(self, flt: CaseFilter, *, after: CaseSummary | None = None, limit: int = 100) -> list[CaseSummary]:
        """The same rows as ``cases.list_cases(session, flt, after=after, limit=limit)``."""
        with self._connection().use() as conn:
            return cases.list_cases_on(self.session, conn, flt, after=after, limit=limit)

    def count(self, flt: CaseFilter, *, cap: int | None = None) -> int:
        """The same figure as ``cases.count_cases(session, flt, cap=cap)``."""
        with self._connection().use() as conn:
            return cases.count_cases_on(self.session, conn, flt, cap=cap)

    def _connection(self):
        # A re-key in progress: wait for it, then open with the new key (the old one no longer opens the store).
        with self.session.key_change, self._lock:
            if self.session.closed:
                raise ListClosed(_("Penyimpanan sudah dikunci."))
            if self._reader is None or self._reader.closed:
                self._reader = self.session.db.reader(bytes(self.session.data_key))
            return self._reader

    def close(self) -> None:
        with self._lock:
            reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()
