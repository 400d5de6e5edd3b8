"""The case list as a lazy Qt table model: rows come from the cases service a page of 100 at a time."""

from __future__ import annotations

import datetime as dt
import queue
import threading

from dataclasses import fields, replace
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from caseapp.domain.case_list import CaseFilter, CaseSummary
from caseapp.domain.codes import default_registry
from caseapp.i18n import _, format_date, format_datetime
from caseapp.services import cases, clock
from caseapp.services.case_list_pages import CaseListReader, ListClosed

PAGE_SIZE = 100
ARRIVAL_CHECK_MS = 10  # how often the GUI thread looks for a page read on the worker thread, while one is read
COUNT_CAP = 1000  # a filtered count stops here ("lebih dari 1000 kasus"): counting 30,000 matches blocks the GUI
OVERDUE_RED = QColor("#b3261e")

# column: (header, service sort key or None when the service cannot sort by it)
COLUMNS: tuple[tuple[Callable[[], str], str | None], ...] = (
    (lambda: _("Nomor kasus"), "case_number"),
    (lambda: _("Tgl. pengaduan"), "intake_date"),
    (lambda: _("Korban"), None),
    (lambda: _("Jenis kekerasan"), None),
    (lambda: _("Tahap"), "status"),
    (lambda: _("Risiko"), "risk_level"),
    (lambda: _("Tenggat"), "due_at"),
)
NUMBER, INTAKE, VICTIMS, VIOLENCE, STATUS, RISK, DUE = range(len(COLUMNS))
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_CACHE = 512  # rows kept as CaseSummary objects for data(): at most this many at a time

# The model holds each row as a plain tuple of CaseSummary's fields, not as the CaseSummary itself. A tuple of
# strings, numbers, dates and tuples of those is untracked by Python's cyclic garbage collector; a dataclass
# instance is always tracked. With 100,000 rows held, every full collection walked 100,000 more objects and each of
# their fields: measured 107 ms of CPU (257 ms wall on the loaded benchmark machine) against 16 ms with the rows as
# tuples, and the rows' growth itself set off those full collections in the middle of a scroll page (issue 16).
_FIELDS = tuple(f.name for f in fields(CaseSummary))
_UUID = _FIELDS.index("uuid")


def _pack(row: CaseSummary) -> tuple:
    # astuple would deep-copy; the fields are immutable, so they are taken as they are
    return tuple(getattr(row, name) for name in _FIELDS)


class _Rows:
    """The rows, one tuple per page: a tuple of untracked tuples is itself untracked, so a full collection visits
    one list item per page (1,000 at 100,000 rows) instead of one per row. Every page but the last holds
    ``page_size`` rows (a short page is the end of the list)."""

    def __init__(self, page_size: int):
        self.page_size = page_size
        self.pages: list[tuple] = []
        self.count = 0

    def add(self, rows: list[tuple]) -> None:
        if self.pages and len(self.pages[-1]) < self.page_size:
            raise ValueError("a page after a short page")
        page = tuple(rows)  # untracked by the first collection that finds its rows untracked
        if page:
            self.pages.append(page)
            self.count += len(page)

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, n: int) -> tuple:
        if n < 0:
            n += self.count
        if not 0 <= n < self.count:
            raise IndexError(n)
        return self.pages[n // self.page_size][n % self.page_size]

    def __iter__(self):
        for page in self.pages:
            yield from page


class _Requests:
    """What the worker threads share with the GUI thread: plain Python only, never Qt.

    ``latest`` is the generation of the newest request (written by the GUI thread only); ``turn`` lets one read at
    a time go ahead, in the order the threads reach it, so a request superseded while it waited is skipped
    without reading anything (typing a search quickly starts several, and only the last one matters).
    """

    def __init__(self):
        self.latest = 0
        self.turn = threading.Lock()
        self.arrivals: queue.SimpleQueue = queue.SimpleQueue()


def _read_first(reader: CaseListReader, requests: _Requests, generation: int, flt: CaseFilter, size: int,
                recount: bool) -> None:
    """On a worker thread: the first page, then (with ``recount``) the count, each left for the GUI thread as soon
    as it is read (touches nothing of Qt). Nothing is read for a request that a newer one has superseded."""
    with requests.turn:
        for kind in ("first", "count") if recount else ("first",):
            if generation != requests.latest:
                return
            try:
                result = reader.page(flt, limit=size) if kind == "first" else reader.count(flt, cap=COUNT_CAP)
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never printed
                result = exc
            requests.arrivals.put((generation, kind, None, result))
            if isinstance(result, BaseException):
                return


def _read_page(reader: CaseListReader, requests: _Requests, generation: int, first: int, flt: CaseFilter,
               after: CaseSummary, size: int) -> None:
    """On a worker thread: read a further page and leave it for the GUI thread (touches nothing of Qt)."""
    with requests.turn:
        if generation != requests.latest:
            return
        try:
            result = reader.page(flt, after=after, limit=size)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never printed
            result = exc
        requests.arrivals.put((generation, "more", first, result))


def victim_text(row: CaseSummary) -> str:
    """'S.A. (anak)': initials only, never a name."""
    text = row.victim_initials or "—"
    if row.child_victim:
        text += " " + _("(anak)")
    return text


class CaseListModel(QAbstractTableModel):
    """``set_filter`` restarts the list; the view pulls further pages through canFetchMore/fetchMore.

    With ``background`` (the page's model), every read is made on a worker thread with a connection of its own
    (``services.case_list_pages``), so the GUI thread never waits on SQL for the list (issue 16):

    - a restart (opening, a search, filter or sort) keeps the rows shown until the new first page arrives, then
      replaces them (``refreshing`` is true meanwhile); the count follows in its own arrival (``count_pending``
      until then), and ``countChanged`` is emitted when it is there;
    - a further page is inserted when it arrives; ``loading`` is true meanwhile.

    Every restart supersedes the ones before it: a first page, count or further page read for an older one is
    dropped (and one not begun yet is not read at all), so the rows and count shown are always the latest
    request's. Without ``background``, everything is read at once on the calling thread.
    """

    countChanged = Signal(int)

    def __init__(self, session, parent=None, *, background: bool = False):
        super().__init__(parent)
        self.session = session
        self.registry = default_registry()
        self.filter = CaseFilter()
        self.rows = _Rows(PAGE_SIZE)  # CaseSummary fields, in order (see _pack); read them with summary()
        self._summaries: dict[int, CaseSummary] = {}
        self.total = 0
        self.loaded = False   # set_filter/refresh has run once: until then a sort only records the order
        self._more = False    # the last page was full: there may be more rows
        self.now = clock.now().replace(tzinfo=None)
        self.reader = CaseListReader(session) if background else None
        self.loading = False  # a further page is being read on the worker thread
        self.refreshing = False  # a restart's first page is being read: the rows shown are the previous ones
        self.count_pending = False  # a restart's count is being read: ``total`` is the previous one
        # Told when ``loading`` changes, and of a page that could not be read (the page shows it). Plain callables,
        # not Qt signals: in PySide6 6.12 every Python-side ``emit`` drops one reference to ``True`` (measured: -100
        # after 100 emits, even with nothing connected), and Python aborts once it reaches zero; two signals per
        # page would have spent 2,000 of the few thousand a session has on one scroll to the end of 100,000 cases.
        self.on_loading: Callable[[bool], None] | None = None
        self.on_refreshing: Callable[[bool], None] | None = None
        self.on_load_failed: Callable[[BaseException], None] | None = None
        self._generation = 0  # raised by every restart: a page read for an older one is dropped
        # The worker threads never touch Qt: they put (generation, kind, first row, result or exception) in
        # ``_requests.arrivals`` and the GUI thread takes them on a timer (a QTimer's timeout is emitted by Qt,
        # which does not have the problem above).
        self._requests = _Requests()
        self._arrival_check = QTimer(self, interval=ARRIVAL_CHECK_MS)
        self._arrival_check.timeout.connect(self._take_arrivals)

    # -- loading ---------------------------------------------------------------------------------
    def set_filter(self, flt: CaseFilter, *, recount: bool = True) -> None:
        self.filter = flt
        self.refresh(recount=recount)

    def refresh(self, *, recount: bool = True) -> None:
        """Reload the first page; ``recount=False`` keeps the total (a new sort order holds the same cases).

        With a background reader this only asks for the page (and the count): they arrive later."""
        self._generation += 1
        self._requests.latest = self._generation
        self._set_loading(False)
        if self.reader is not None:
            recount = recount or not self.loaded or self.count_pending  # a superseded count is read again
            self.now = clock.now().replace(tzinfo=None)
            self.loaded = True
            self.count_pending = recount
            self._set_refreshing(True)
            job = (self.reader, self._requests, self._generation, self.filter, PAGE_SIZE, recount)
            threading.Thread(target=_read_first, args=job, name="caseapp-case-list-first", daemon=True).start()
            self._arrival_check.start()
            return
        self.beginResetModel()
        try:
            self.now = clock.now().replace(tzinfo=None)
            if recount or not self.loaded:
                # Exact for the usual views (all, own cases, a search alone); else it stops above COUNT_CAP.
                self.total = cases.count_cases(self.session, self.filter, cap=COUNT_CAP)
            rows = _Rows(PAGE_SIZE)
            rows.add([_pack(r) for r in cases.list_cases(self.session, self.filter, limit=PAGE_SIZE)])
            self.rows = rows
            self._summaries.clear()
            self._more = len(self.rows) == PAGE_SIZE
            self.loaded = True
        finally:
            self.endResetModel()
        self.countChanged.emit(self.total)

    def total_is_exact(self) -> bool:
        """False when the count stopped early: the list holds more than ``COUNT_CAP`` cases."""
        return self.total != COUNT_CAP + 1

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        if parent.isValid() or not self._more or self.refreshing:
            return False
        return self.count_pending or len(self.rows) < self.total or not self.total_is_exact()

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or not self.rows or self.loading or self.refreshing or not self._more:
            return
        # Keyset paging: the next page starts after the last row shown (an index range at any depth).
        after, size = self.summary(len(self.rows) - 1), self.rows.page_size
        if self.reader is None:
            self._add_page(cases.list_cases(self.session, self.filter, after=after, limit=size))
            return
        self._set_loading(True)
        job = (self.reader, self._requests, self._generation, len(self.rows), self.filter, after, size)
        threading.Thread(target=_read_page, args=job, name="caseapp-case-list-page", daemon=True).start()
        self._arrival_check.start()

    def _take_arrivals(self) -> None:
        while True:
            try:
                generation, kind, first, result = self._requests.arrivals.get_nowait()
            except queue.Empty:
                break
            if kind == "more":
                self._page_arrived(generation, first, result)
            else:
                self._restart_arrived(generation, kind, result)
        if not (self.loading or self.refreshing or self.count_pending):
            self._arrival_check.stop()

    def _restart_arrived(self, generation: int, kind: str, result) -> None:
        """A restart's first page or count, on the GUI thread."""
        if generation != self._generation:
            return  # read for a request that a newer one has superseded
        if isinstance(result, BaseException):
            self.count_pending = False
            self._more = False
            if isinstance(result, ListClosed) or getattr(self.session, "closed", False):
                self._set_refreshing(False)
                return  # locked meanwhile: nothing to show, nothing to report
            if kind == "first":  # the rows shown are another request's: none rather than those
                self.beginResetModel()
                self.rows = _Rows(PAGE_SIZE)
                self._summaries.clear()
                self.endResetModel()
            self._set_refreshing(False)
            if self.on_load_failed is not None:
                self.on_load_failed(result)
            return
        if kind == "count":
            self.count_pending = False
            self.total = result
            self.countChanged.emit(self.total)
            return
        self.beginResetModel()
        try:
            rows = _Rows(PAGE_SIZE)
            rows.add([_pack(r) for r in result])
            self.rows = rows
            self._summaries.clear()
            self._more = len(self.rows) == rows.page_size
        finally:
            self.endResetModel()
        self._set_refreshing(False)

    def _page_arrived(self, generation: int, first: int, result) -> None:
        if generation != self._generation:
            return  # read for a list that has since been restarted
        self._set_loading(False)
        if first != len(self.rows):
            return  # (cannot happen: one page is read at a time, and only a restart changes the rows otherwise)
        if isinstance(result, ListClosed) or getattr(self.session, "closed", False):
            return  # locked meanwhile: nothing to show, nothing to report
        if isinstance(result, BaseException):
            self._more = False  # no endless retries on every scroll; the next refresh starts again
            if self.on_load_failed is not None:
                self.on_load_failed(result)
            return
        self._add_page(result)

    def _add_page(self, more: list[CaseSummary]) -> None:
        self._more = len(more) == self.rows.page_size
        if not more:
            if self.total_is_exact() and not self.count_pending:
                self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.add([_pack(r) for r in more])
        self.endInsertRows()

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            if self.on_loading is not None:
                self.on_loading(loading)

    def _set_refreshing(self, refreshing: bool) -> None:
        if refreshing != self.refreshing:
            self.refreshing = refreshing
            if self.on_refreshing is not None:
                self.on_refreshing(refreshing)

    def close(self) -> None:
        """Drop any page being read and close the reader's connection (the store closes it too, when locked)."""
        self._generation += 1
        self._requests.latest = self._generation
        self._set_loading(False)
        self._set_refreshing(False)
        self.count_pending = False
        self._arrival_check.stop()
        if self.reader is not None:
            self.reader.close()

    def summary(self, row: int) -> CaseSummary:
        """The row as a CaseSummary (built when asked; a few hundred are kept for painting)."""
        found = self._summaries.get(row)
        if found is None:
            if len(self._summaries) >= SUMMARY_CACHE:
                self._summaries.clear()
            found = self._summaries[row] = CaseSummary(*self.rows[row])
        return found

    # -- Qt model ----------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][0]()
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1] is None:
                return _("Kolom ini tidak dapat diurutkan.")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.summary(index.row()), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == UUID_ROLE:
            return row.uuid
        overdue = row.overdue(self.now)
        if role == Qt.ItemDataRole.ForegroundRole and col == DUE and overdue:
            return QBrush(OVERDUE_RED)
        if role == Qt.ItemDataRole.FontRole and col == DUE and overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == DUE and self._serve_at_once(row):
                return _("Risiko tinggi: tangani segera, saat pengaduan diterima.")
            if col == DUE and overdue:
                return _("Tenggat sudah lewat.")
            if col == VIOLENCE:
                return self._text(row, col)
            if row.read_only:
                return _("Kasus ini sudah dilimpahkan dan hanya dapat dibaca.")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (INTAKE, DUE):
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        return None

    def _serve_at_once(self, row: CaseSummary) -> bool:
        """A new complaint whose risk level means "serve at once" (response within 0 hours): its deadline is the
        intake itself, so it reads "segera", not "(terlambat)" the moment it is saved."""
        if row.status != "pengaduan" or not row.risk_level or row.due_at is None:
            return False
        entry = self.registry["risk_level"].get(row.risk_level)
        hours = entry.extra.get("response_hours") if entry is not None else None
        return hours == 0 and row.due_at.date() <= row.intake_date + dt.timedelta(days=1)

    def _text(self, row: CaseSummary, col: int) -> str:
        if col == NUMBER:
            return row.case_number
        if col == INTAKE:
            return format_date(row.intake_date, long=False)
        if col == VICTIMS:
            return victim_text(row)
        if col == VIOLENCE:
            return ", ".join(self.registry.label("violence_type", c) for c in row.violence_types)
        if col == STATUS:
            return self.registry.label("case_status", row.status)
        if col == RISK:
            return self.registry.label("risk_level", row.risk_level) if row.risk_level else "—"
        if col == DUE:
            if row.due_at is None or row.status == "selesai":
                return ""
            if self._serve_at_once(row):
                return _("segera (risiko tinggi)")
            text = format_datetime(row.due_at)
            return text + "  " + _("(terlambat)") if row.overdue(self.now) else text
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the service's: columns it cannot sort by are ignored. The count stays (same cases)."""
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][1] is None:
            return
        flt = replace(self.filter, sort=COLUMNS[column][1], descending=order == Qt.SortOrder.DescendingOrder)
        if not self.loaded:
            self.filter = flt  # the view enabling sorting before the page's first load: that load uses it
            return
        self.set_filter(flt, recount=False)

    def sort_column(self) -> int:
        for n, (_title, key) in enumerate(COLUMNS):
            if key == self.filter.sort:
                return n
        return INTAKE

    def uuid_at(self, row: int) -> str | None:
        return self.rows[row][_UUID] if 0 <= row < len(self.rows) else None

    def row_of(self, uuid: str) -> int:
        return next((n for n, r in enumerate(self.rows) if r[_UUID] == uuid), -1)
