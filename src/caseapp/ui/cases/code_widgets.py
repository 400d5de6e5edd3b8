"""Widgets fed by the code registry: a single-choice combo, multi-check lists, and an optional date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QVBoxLayout, QWidget,
)

from caseapp.domain.codes import CodeRegistry, default_registry
from caseapp.i18n import _

# Item data stays str: PySide6 6.12 drops a reference to None/True/False each time such a value is read back
# from a QVariant, which crashes the interpreter at exit. "" stands for "no code".
_NONE_DATE = QDate(1900, 1, 1)
_NONE_DATETIME = QDateTime(_NONE_DATE, QTime(0, 0))


class CodeCombo(QComboBox):
    """Choose one code of a list (offered entries, plus the current value even if it was deactivated)."""

    def __init__(self, list_name: str, *, blank: str | None = "—", registry: CodeRegistry | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.list_name, self.registry = list_name, registry or default_registry()
        self.blank = blank
        self._fill()

    def _fill(self, keep: str | None = None) -> None:
        self.blockSignals(True)
        self.clear()
        if self.blank is not None:
            self.addItem(self.blank, "")
        for entry in self.registry.offered(self.list_name):
            self.addItem(entry.label(), entry.code)
        if keep is not None and self.findData(keep) < 0:
            self.addItem(self.registry.label(self.list_name, keep), keep)
        self.blockSignals(False)

    def value(self) -> str | None:
        return self.currentData() or None

    def set_value(self, code: str | None) -> None:
        if code and self.findData(code) < 0:
            self._fill(keep=code)
        self.setCurrentIndex(self.findData(code) if code else 0)


class ChoiceCombo(QComboBox):
    """A combo of fixed (value, label) pairs, e.g. yes / no / unknown."""

    def __init__(self, choices: list[tuple[object, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.values = [value for value, _label in choices]  # kept in Python, not as item data (see above)
        for _value, label in choices:
            self.addItem(label)

    def value(self):
        return self.values[self.currentIndex()] if 0 <= self.currentIndex() < len(self.values) else None

    def set_value(self, value) -> None:
        for i, known in enumerate(self.values):
            if known is value or (known == value and type(known) is type(value)):
                self.setCurrentIndex(i)
                return


class CodeChecks(QWidget):
    """Several codes of a list as check boxes; sub-codes sit under their parent and need it ticked."""

    changed = Signal()

    def __init__(self, list_name: str, *, columns: int = 2, registry: CodeRegistry | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.list_name, self.registry = list_name, registry or default_registry()
        self.boxes: dict[str, QCheckBox] = {}
        self._children: dict[str, list[str]] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        top = [e for e in self.registry.offered(list_name) if e.parent is None]
        # Columns balanced by rows (a parent and its sub-codes stay together): "Seksual" alone has many sub-codes.
        rows = [1 + len(self.registry.offered(list_name, parent=e.code)) for e in top]
        per_column = -(-sum(rows) // columns)
        column_of, filled, n = [], 0, 0
        for count in rows:
            if filled >= per_column and n < columns - 1:
                n, filled = n + 1, 0
            column_of.append(n)
            filled += count
        self.columns = [QVBoxLayout() for _n in range(columns)]
        for column in self.columns:
            column.setSpacing(3)
            row.addLayout(column)
        row.addStretch(1)
        for n, entry in enumerate(top):
            column = self.columns[column_of[n]]
            column.addWidget(self._box(entry.code, entry.label()))
            for child in self.registry.offered(list_name, parent=entry.code):
                indent = QHBoxLayout()
                indent.setContentsMargins(22, 0, 0, 0)
                indent.addWidget(self._box(child.code, child.label()))
                column.addLayout(indent)
                self._children.setdefault(entry.code, []).append(child.code)
        for column in self.columns:
            column.addStretch(1)
        for parent_code in self._children:
            self.boxes[parent_code].toggled.connect(lambda _on, p=parent_code: self._sync_children(p))
            self._sync_children(parent_code)

    def _box(self, code: str, label: str) -> QCheckBox:
        box = QCheckBox(label)
        box.setObjectName(f"code_{code}")
        box.toggled.connect(self.changed)
        self.boxes[code] = box
        return box

    def _sync_children(self, parent_code: str) -> None:
        on = self.boxes[parent_code].isChecked()
        for code in self._children[parent_code]:
            self.boxes[code].setEnabled(on)
            if not on:
                self.boxes[code].setChecked(False)

    def value(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.boxes.items() if box.isChecked())

    def set_value(self, codes) -> None:
        codes = set(codes or ())
        for code in codes - set(self.boxes):  # a deactivated code still on an old record
            self.columns[-1].insertWidget(self.columns[-1].count() - 1,
                                          self._box(code, self.registry.label(self.list_name, code)))
        parents_first = sorted(self.boxes, key=lambda c: c in {k for v in self._children.values() for k in v})
        for code in parents_first:
            self.boxes[code].setChecked(code in codes)


class OptionalDate(QDateEdit):
    """A date that may be empty: the earliest date stands for 'not filled in' and shows a dash."""

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = True):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self.allow_empty = allow_empty
        if allow_empty:
            self.setMinimumDate(_NONE_DATE)
            self.setSpecialValueText("—")
            self.setDate(_NONE_DATE)
        else:
            self.setDate(QDate.currentDate())
        self.setToolTip(_("Ketik tanggal sebagai HH/BB/TTTT atau pilih dari kalender."))

    def value(self) -> dt.date | None:
        if self.allow_empty and self.date() == _NONE_DATE:
            return None
        return self.date().toPython()

    def set_value(self, value: dt.date | None) -> None:
        if value is None:
            self.setDate(_NONE_DATE if self.allow_empty else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))


class OptionalDateTime(QDateTimeEdit):
    """A date and time that may be empty (the earliest value shows a dash)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.setMinimumDateTime(_NONE_DATETIME)
        self.setSpecialValueText("—")
        self.setDateTime(_NONE_DATETIME)

    def value(self) -> dt.datetime | None:
        if self.dateTime() == _NONE_DATETIME:
            return None
        return self.dateTime().toPython().replace(second=0, microsecond=0)

    def set_value(self, value: dt.datetime | None) -> None:
        if value is None:
            self.setDateTime(_NONE_DATETIME)
        else:
            value = value.replace(tzinfo=None)
            self.setDateTime(QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute)))

    def set_now(self) -> None:
        self.setDateTime(QDateTime.currentDateTime())
