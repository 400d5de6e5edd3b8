"""Widgets fed by the code registry: a single-choice combo, multi-check lists, and an optional date."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget,
)

from caseapp.domain.codes import CodeRegistry, default_registry
from caseapp.i18n import _
from caseapp.ui.date_field import DateField

_TIME = re.compile(r"^\s*(\d{1,2})\s*[.:]?\s*(\d{2})\s*$")

# Item data stays str: PySide6 6.12 drops a reference to None/True/False each time such a value is read back
# from a QVariant, which crashes the interpreter at exit. "" stands for "no code".


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


class OptionalDate(DateField):
    """A date that may be empty; typed as HH/BB/TTTT or 8 digits, or picked from the calendar (see ``DateField``)."""

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = True, calendar_hint=None):
        super().__init__(parent, allow_empty=allow_empty, calendar_hint=calendar_hint)


class OptionalDateTime(QWidget):
    """A date and time that may be empty: the date typed as in ``DateField``, the time as 14.30, 14:30 or 1430."""

    dateTimeChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.date = DateField(allow_empty=True)
        self.time = QLineEdit(objectName="timeEdit")
        self.time.setPlaceholderText(_("JJ.MM"))
        self.time.setMaxLength(5)
        self.time.setToolTip(_("Jam, mis. 14.30 (atau 1430). Kosong berarti pukul 00.00."))
        self.time.setMaximumWidth(self.time.fontMetrics().horizontalAdvance("00.000") + 24)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date, 1)
        row.addWidget(self.time)
        self.setFocusProxy(self.date)
        self.date.dateChanged.connect(lambda _d: self.dateTimeChanged.emit())
        self.time.textChanged.connect(self._time_typed)

    def _time_typed(self, _text: str) -> None:
        ok = self._parsed_time() is not None
        if bool(self.time.property("invalid")) == ok:
            self.time.setProperty("invalid", not ok)
            self.time.style().unpolish(self.time)
            self.time.style().polish(self.time)
        self.dateTimeChanged.emit()

    def _parsed_time(self) -> dt.time | None:
        m = _TIME.match(self.time.text())
        if not self.time.text().strip():
            return dt.time(0, 0)
        if not m:
            return None
        hour, minute = int(m.group(1)), int(m.group(2))
        return dt.time(hour, minute) if hour < 24 and minute < 60 else None

    def value(self) -> dt.datetime | None:
        day = self.date.value()
        if day is None:
            return None
        return dt.datetime.combine(day, self._parsed_time() or dt.time(0, 0))

    def set_value(self, value: dt.datetime | None) -> None:
        value = value.replace(tzinfo=None) if value is not None else None
        self.time.blockSignals(True)
        self.time.setText(value.strftime("%H.%M") if value is not None else "")
        self.time.blockSignals(False)
        self._time_typed(self.time.text())
        self.date.set_value(value.date() if value is not None else None)

    def set_now(self) -> None:
        self.set_value(dt.datetime.now().replace(second=0, microsecond=0))
