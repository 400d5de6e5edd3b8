"""A section over a list of records (victims, assessments, services…): a list on the left, a form on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from caseapp.domain.case import Case
from caseapp.i18n import _
from caseapp.ui.cases.fields import watch
from caseapp.ui.cases.sections.base import EditorSection, split_index


class RepeatingSection(EditorSection):
    """Subclasses give ``entries(case)``, ``with_entries(case, entries)``, ``new_entry()``, ``summary(entry)``,
    build their form in ``build_form()`` (returning the widget) and move values with ``show_entry`` /
    ``read_entry``. ``is_blank`` entries are left out of the case (a fresh empty record)."""

    min_entries = 0
    watches_itself = True

    def __init__(self, editor, parent: QWidget | None = None):
        super().__init__(editor, parent)
        self.items: list = []
        self.current = -1
        self._loading = False
        self._row_of_path: list[int] = []
        self.list = QListWidget(objectName=f"{type(self).__name__}List")
        self.list.setFixedWidth(190)
        self.add_button = QPushButton(self.add_label(), objectName=f"{type(self).__name__}Add")
        self.remove_button = QPushButton(_("Hapus"), objectName=f"{type(self).__name__}Remove")
        self.add_button.clicked.connect(self.add_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        left = QVBoxLayout()
        buttons = QHBoxLayout()  # above the list: in view however tall the form beside it is
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)
        left.addWidget(self.list, 1)
        self.form_host = QWidget()
        self.empty_hint = QLabel(self.empty_text(), objectName="SectionHint")
        self.empty_hint.setWordWrap(True)
        right = QVBoxLayout(self.form_host)
        right.setContentsMargins(0, 0, 0, 0)
        self.form_widget = self.build_form()
        right.addWidget(self.form_widget)
        right.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addLayout(left)
        row.addWidget(self.form_host, 1)
        self.layout_.addWidget(self.empty_hint)
        self.layout_.addLayout(row, 1)
        self.list.currentRowChanged.connect(self._row_changed)
        watch(self.form_widget, self._form_changed)

    # -- to override -----------------------------------------------------------------------------------
    def add_label(self) -> str:
        return _("&Tambah")

    def empty_text(self) -> str:
        return _("Belum ada data. Klik \"Tambah\".")

    def entries(self, case: Case) -> list:
        raise NotImplementedError

    def with_entries(self, case: Case, entries: list) -> Case:
        raise NotImplementedError

    def new_entry(self):
        raise NotImplementedError

    def summary(self, entry) -> str:
        raise NotImplementedError

    def build_form(self) -> QWidget:
        raise NotImplementedError

    def show_entry(self, entry) -> None:
        raise NotImplementedError

    def read_entry(self, entry):
        raise NotImplementedError

    def is_blank(self, entry) -> bool:
        return False

    def form_message(self, key: str, text: str, warning: bool) -> QWidget | None:
        form = self.form_widget
        if hasattr(form, "has") and form.has(key):
            return form.show_warning(key, text) if warning else form.show_error(key, text)
        return None

    def clear_form_messages(self) -> None:
        if hasattr(self.form_widget, "clear_messages"):
            self.form_widget.clear_messages()

    # -- list handling -------------------------------------------------------------------------------
    def load(self, case: Case) -> None:
        self.items = list(self.entries(case))
        while len(self.items) < self.min_entries:
            self.items.append(self.new_entry())
        self.current = -1
        self._rebuild_list(0 if self.items else -1)

    def _rebuild_list(self, select: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for n, entry in enumerate(self.items):
            item = QListWidgetItem(self._label(n, entry))
            item.setData(Qt.ItemDataRole.UserRole, n)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.current = -1
        self.list.setCurrentRow(select)
        self._row_changed(select)

    def _label(self, n: int, entry) -> str:
        return f"{n + 1}. {self.summary(entry) or _('(belum diisi)')}"

    def _row_changed(self, row: int) -> None:
        self.commit()
        self.current = row
        has = 0 <= row < len(self.items)
        self.form_host.setVisible(has)
        self.empty_hint.setVisible(not has)
        self.remove_button.setEnabled(has and len(self.items) > self.min_entries)
        if has:
            self.clear_form_messages()
            self._loading = True
            try:
                self.show_entry(self.items[row])
            finally:
                self._loading = False

    def _form_changed(self) -> None:
        if self._loading:
            return
        if 0 <= self.current < len(self.items):
            self.items[self.current] = self.read_entry(self.items[self.current])
            item = self.list.item(self.current)
            if item is not None:
                item.setText(self._label(self.current, self.items[self.current]))
        self.changed.emit()

    def commit(self) -> None:
        if 0 <= self.current < len(self.items):
            self.items[self.current] = self.read_entry(self.items[self.current])

    def add_entry(self) -> None:
        self.commit()
        self.items.append(self.new_entry())
        self._rebuild_list(len(self.items) - 1)
        self.form_widget.setFocus()
        self.focus_first()
        self.changed.emit()

    def focus_first(self) -> None:
        self.form_widget.focusNextChild()

    def remove_entry(self) -> None:
        if not 0 <= self.current < len(self.items) or len(self.items) <= self.min_entries:
            return
        del self.items[self.current]
        self.current = -1
        self._rebuild_list(min(self.list.currentRow(), len(self.items) - 1))
        self.changed.emit()

    def apply(self, case: Case) -> Case:
        self.commit()
        kept = [(n, e) for n, e in enumerate(self.items) if not self.is_blank(e)]
        self._row_of_path = [n for n, _e in kept]
        return self.with_entries(case, [e for _n, e in kept])

    def select(self, row: int) -> None:
        if 0 <= row < len(self.items) and row != self.current:
            self.list.setCurrentRow(row)

    def show_message(self, path: str, text: str, *, warning: bool = False) -> QWidget | None:
        top = path.split("[")[0].split(".")[0]
        index, rest = split_index(path[len(top):])
        if index is not None:
            row = self._row_of_path[index] if index < len(self._row_of_path) else index
            self.select(row)
            widget = self.form_message(rest, text, warning)
            if widget is not None:
                return widget
        self.show_section_message(text)
        return self.list

    def clear_messages(self) -> None:
        super().clear_messages()
        self.clear_form_messages()
