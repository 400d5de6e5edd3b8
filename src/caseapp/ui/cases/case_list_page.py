"""The "Kasus" section: the filtered, sortable case list, and the editors opened from it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QMenu, QTableView, QVBoxLayout, QWidget,
)

from caseapp.domain.case_list import CaseFilter
from caseapp.i18n import _
from caseapp.services import cases, drafts
from caseapp.ui import data_events
from caseapp.ui.cases.case_filter_bar import CaseFilterBar
from caseapp.ui.cases.case_list_model import COLUMNS, COUNT_CAP, UUID_ROLE, VIOLENCE, CaseListModel
from caseapp.ui.messages import show_error
from caseapp.ui.widgets import primary_button


class CaseTable(QTableView):
    """Enter opens the current case (double-click too)."""

    def __init__(self, page: "CaseListPage"):
        super().__init__(page)
        self.page = page

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.page.open_index(self.currentIndex())
            return
        super().keyPressEvent(event)


class CaseListPage(QWidget):
    """Plugs into the main window as the "Kasus" section (see ``create_page``)."""

    def __init__(self, session, parent: QWidget | None = None, *, jobs=None):
        super().__init__(parent)
        self.session, self.jobs = session, jobs
        self.setObjectName("PageSurface")
        self.editors: dict[str, QWidget] = {}
        self.draft_offer = None  # the open "Pulihkan perubahan?" question, if any
        title = QLabel(_("Kasus"), objectName="PageTitle")
        self.count_label = QLabel(objectName="caseCount")
        self.count_label.setStyleSheet("color: #4a5563; font-size: 11pt; padding-left: 10px;")
        self.new_button = primary_button(_("Kasus &baru"))
        self.new_button.setObjectName("newCaseButton")
        self.new_button.setToolTip(_("Catat pengaduan baru (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_case)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_case,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.filters = CaseFilterBar(session, self)
        self.model = CaseListModel(session, self, background=True)  # every read off the GUI thread (issue 16)
        self.table = CaseTable(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.viewport().installEventFilter(self)  # columns follow the table's width (fit_columns)
        self.fit_columns()
        # The indicator first: enabling sorting asks the model to sort by whatever it shows.
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.table.doubleClicked.connect(self.open_index)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.menu = None  # the open context menu (tests reach it here)
        self.letter_dialog = None  # the letter composer opened from the list, while open
        self.empty = QLabel(objectName="SectionHint")
        self.empty.hide()
        # While the list or its next page is read (on a worker thread: the window keeps responding), under the
        # table; the rows shown meanwhile stay until the new ones arrive.
        self.loading = QLabel(objectName="caseListLoading")
        self.loading.setStyleSheet("color: #4a5563; padding-left: 4px;")
        keep_room = self.loading.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)  # the table keeps its height when the line comes and goes
        self.loading.setSizePolicy(keep_room)
        self.loading.hide()
        self.model.on_loading = self.model.on_refreshing = self._loading_changed
        self.model.on_load_failed = lambda exc: show_error(self, exc)
        self.model.countChanged.connect(self._count_changed)
        self.filters.changed.connect(self._filter_changed)
        data_events.hub().cases_changed.connect(self.refresh)  # after an import, receipt or hand-over

        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addWidget(self.count_label)
        heading.addStretch(1)
        heading.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(heading)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.loading)
        layout.addWidget(self.empty)
        self.refresh()

    # Preferred column widths (at 100 %) and the least each may shrink to; every column stays on screen.
    COLUMN_WIDTHS = (140, 110, 150, 170, 150, 70, 260)
    COLUMN_MINIMUMS = (118, 84, 90, 90, 100, 66, 150)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            try:
                self.fit_columns()
            except Exception:  # noqa: BLE001 - an exception escaping an event filter would end the app
                pass
        return False

    def fit_columns(self) -> None:
        """All seven columns within the table's width (Tenggat included), shrinking the wide ones first."""
        available = self.table.viewport().width()
        widths = list(self.COLUMN_WIDTHS)
        excess = sum(widths) - available
        if excess > 0:
            room = [w - m for w, m in zip(widths, self.COLUMN_MINIMUMS)]
            total_room = sum(room) or 1
            widths = [max(m, w - excess * r // total_room + (1 if excess * r % total_room else 0))
                      for w, m, r in zip(widths, self.COLUMN_MINIMUMS, room)]
        header = self.table.horizontalHeader()
        for col, width in enumerate(widths[:-1]):
            header.resizeSection(col, width)

    # -- list ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if getattr(self.session, "closed", False):
            return
        try:
            self.model.set_filter(self.filters.current())
        except Exception as exc:  # noqa: BLE001 - shown as a message, never printed
            show_error(self, exc)

    def _filter_changed(self, flt: CaseFilter) -> None:
        if getattr(self.session, "closed", False):
            return
        try:
            self.model.set_filter(flt)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:  # not sortable: put the indicator back where the list really is sorted
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder
                                    if self.model.filter.descending else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
            return
        self.filters.set_sort(key, order == Qt.SortOrder.DescendingOrder)

    def _loading_changed(self, _loading: bool) -> None:
        if self.model.refreshing:
            self.loading.setText(_("Memuat kasus…"))
        elif self.model.loading:
            self.loading.setText(_("Memuat kasus berikutnya…"))
        self.loading.setVisible(self.model.refreshing or self.model.loading)
        if not self.model.refreshing and self.model.count_pending:  # the new rows are shown, their count follows
            self.count_label.setText(_("menghitung…"))
            self.empty.hide()

    def _count_changed(self, total: int) -> None:
        if self.model.total_is_exact():
            self.count_label.setText(_("1 kasus") if total == 1 else _("{n} kasus").format(n=total))
        else:
            self.count_label.setText(_("lebih dari {n} kasus").format(n=COUNT_CAP))
        flt = self.model.filter
        searching = bool(flt.text or flt.statuses or flt.violence_type or flt.officer or flt.date_from
                         or flt.date_to or flt.risk_level or flt.mine or flt.overdue)
        self.empty.setText(_("Tidak ada kasus yang cocok dengan pencarian atau filter ini.") if searching
                           else _("Belum ada kasus. Klik \"Kasus baru\" untuk mencatat pengaduan pertama."))
        self.empty.setVisible(total == 0)

    def hideEvent(self, event) -> None:
        self.filters.timer.stop()  # no search may run once the page is going away (lock)
        if self.draft_offer is not None:
            self.draft_offer.withdraw()
            self.draft_offer = None
        super().hideEvent(event)

    # -- editors ----------------------------------------------------------------------------------
    def open_index(self, index: QModelIndex) -> None:
        uuid = self.model.data(self.model.index(index.row(), 0), UUID_ROLE)
        if uuid:
            self.open_case(uuid)

    def _uuid_at(self, index: QModelIndex) -> str | None:
        return self.model.data(self.model.index(index.row(), 0), UUID_ROLE) if index.isValid() else None

    def _context_menu(self, pos) -> None:
        uuid = self._uuid_at(self.table.indexAt(pos))
        if not uuid:
            return
        self.menu = QMenu(self)
        self.menu.addAction(_("Buka kasus"), lambda: self.open_case(uuid))
        self.menu.addAction(_("Buat surat rujukan…"), lambda: self.new_letter(uuid)).setObjectName("menuNewLetter")
        self.menu.addAction(_("Cetak resume kasus…"), lambda: self.print_summary(uuid)).setObjectName("menuSummary")
        self.menu.popup(self.table.viewport().mapToGlobal(pos))

    def new_letter(self, uuid: str) -> None:
        """Buat surat rujukan for a case of the list: the letter composer, without opening the case."""
        from caseapp.ui.letters.composer import ComposerDialog

        try:
            self.letter_dialog = ComposerDialog(self.session, case_ref=uuid, parent=self)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        try:
            if self.letter_dialog.exec() == QDialog.DialogCode.Accepted:
                data_events.hub().letters_changed.emit()
        finally:
            self.letter_dialog = None

    def print_summary(self, uuid: str) -> None:
        """Cetak resume kasus for a case of the list, without opening the case."""
        from caseapp.ui.letters.case_summary_dialog import print_case_summary

        print_case_summary(self, self.session, uuid)

    def open_case(self, uuid: str):
        editor = self.editors.get(uuid)
        if editor is not None:
            editor.raise_()
            editor.activateWindow()
            return editor
        try:
            draft = drafts.draft_for_case(self.session, uuid)
            if draft is not None:  # ask first, so the editor's autosave never overwrites it
                self._offer_draft(draft)
                return None
            case = cases.get_case(self.session, uuid)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return None
        return self._show_editor(case)

    def new_case(self):
        return self._show_editor(None)

    def _show_editor(self, case):
        from caseapp.ui.cases.case_editor import CaseEditor

        editor = CaseEditor(self.session, case, parent=self)
        editor.saved.connect(self._saved)
        editor.open_other.connect(self.open_case)
        editor.finished.connect(lambda _r, e=editor: self._forget(e))
        if case is not None:
            self.editors[case.uuid] = editor
        editor.show()
        return editor

    def _offer_draft(self, info) -> None:
        from caseapp.ui.cases.draft_offer import DISCARD, RESTORE, DraftOffer

        def chosen(draft_id: str, choice: str) -> None:
            offer, self.draft_offer = self.draft_offer, None
            if offer is not None:
                offer.deleteLater()
            if choice == RESTORE:
                self.restore_draft(draft_id)
            elif choice == DISCARD:
                try:
                    drafts.discard_draft(self.session, draft_id)
                except Exception as exc:  # noqa: BLE001
                    show_error(self, exc)
                    return
                self.open_case(info.case_uuid)

        self.draft_offer = DraftOffer(info, self)
        self.draft_offer.chosen.connect(chosen)
        self.draft_offer.open()

    def restore_draft(self, draft_id: str):
        """Open the editor on an autosaved draft (its case as stored, the draft's values over it, unsaved)."""
        try:
            info, draft = drafts.load_draft(self.session, draft_id)
            if info.case_uuid in self.editors:  # already open: leave the draft for later
                return self.open_case(info.case_uuid)
            case = cases.get_case(self.session, info.case_uuid) if info.case_uuid else None
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return None
        editor = self._show_editor(case)
        editor.restore_draft(info, draft)
        return editor

    def save_drafts(self) -> None:
        """Right before a lock: every open editor with unsaved changes keeps them as a draft (never asks)."""
        for editor in self.findChildren(QWidget, "caseEditor"):
            autosave = getattr(editor, "autosave", None)
            if autosave is not None:
                autosave.save_now()

    def _saved(self, uuid: str) -> None:
        editor = self.sender()
        if isinstance(editor, QWidget) and uuid not in self.editors:
            self.editors[uuid] = editor
        self.refresh()

    def _forget(self, editor) -> None:
        for uuid, e in list(self.editors.items()):
            if e is editor:
                del self.editors[uuid]
        editor.deleteLater()

    def confirm_leave(self) -> bool:
        """Before locking or quitting: every open editor with changes asks to save; False if one cancels."""
        for editor in list(self.editors.values()) + [e for e in self.findChildren(QWidget, "caseEditor")]:
            if editor.isVisible() and not editor.maybe_save():
                return False
        return True


def create_page(context) -> CaseListPage:
    """Section factory for the main window's registry."""
    return CaseListPage(context.session, jobs=context.jobs)
