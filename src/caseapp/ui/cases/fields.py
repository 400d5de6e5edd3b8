"""A form whose rows carry their own inline message (red error or amber warning) under the field."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QComboBox, QDateTimeEdit, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
    QVBoxLayout, QWidget,
)

from caseapp.domain.entry_limits import TEXT_LIMITS

ERROR_STYLE = "color: #b3261e; font-size: 9pt;"
WARNING_STYLE = "color: #8a5a00; font-size: 9pt;"


class LengthLimit(QObject):
    """Typing or pasting may not make a line longer than ``limit`` characters (the length the case rules allow for
    its field, ``domain/entry_limits.py``): such an edit is undone as a whole. Unlike ``setMaxLength``, a longer text
    put there by the program (a case saved before the limits existed) is not cut off unseen: it stays, can be
    shortened, and saving it names the field. (A QValidator cannot do this: Qt stops refusing edits once the text
    it holds is invalid.)"""

    def __init__(self, edit: QLineEdit, limit: int):
        super().__init__(edit)
        self._edit = edit
        self.limit = limit
        self._text = edit.text()  # the text before the edit being checked
        edit.textEdited.connect(self._edited)     # only the officer's own edits; emitted before textChanged
        edit.textChanged.connect(self._changed)   # every change (read from the widget: after an edit is undone
                                                  # here, Qt still reports the edited text)

    def _changed(self, _text: str) -> None:
        self._text = self._edit.text()

    def _edited(self, text: str) -> None:
        before = self._text
        if len(text) > self.limit and len(text) > len(before):
            cursor = max(0, self._edit.cursorPosition() - (len(text) - len(before)))
            self._edit.setText(before)
            self._edit.setCursorPosition(cursor)


def limit_length(edit: QLineEdit, key: str) -> None:
    """Hold a one-line field to the length its case JSON key ``key`` allows (no limit for a key not in the table)."""
    limit = TEXT_LIMITS.get(key)
    if limit is not None and edit.findChild(LengthLimit) is None:
        LengthLimit(edit, limit)


class FieldForm(QWidget):
    """Rows keyed by a field name (the last part of a validation path, e.g. ``nik`` or ``guardian.nik``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setVerticalSpacing(8)
        self.form.setHorizontalSpacing(14)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.widgets: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}

    def add(self, key: str, label: str, widget: QWidget, *, hint: str = "") -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        message = QLabel(objectName=f"msg_{key}")
        message.setWordWrap(True)
        message.hide()
        column.addWidget(message)
        if hint:
            hint_label = QLabel(hint, objectName="HintLabel")
            hint_label.setWordWrap(True)
            column.addWidget(hint_label)
        self.form.addRow(label, box)
        buddy = self.form.labelForField(box)
        if isinstance(buddy, QLabel):
            buddy.setBuddy(widget)
        widget.setObjectName(widget.objectName() or f"field_{key}")
        if isinstance(widget, QLineEdit):
            limit_length(widget, key)
        self.widgets[key] = widget
        self.messages[key] = message
        return widget

    def add_row(self, label: str, widget: QWidget) -> None:
        self.form.addRow(label, widget)

    def has(self, key: str) -> bool:
        return key in self.widgets

    def show_error(self, key: str, text: str) -> QWidget | None:
        return self._show(key, text, ERROR_STYLE, invalid=True)

    def show_warning(self, key: str, text: str) -> QWidget | None:
        return self._show(key, text, WARNING_STYLE, invalid=False)

    def _show(self, key: str, text: str, style: str, *, invalid: bool) -> QWidget | None:
        label, widget = self.messages.get(key), self.widgets.get(key)
        if label is None:
            return None
        label.setStyleSheet(style)
        label.setText(text)
        label.setVisible(bool(text))
        widget.setProperty("invalid", invalid and bool(text))
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        return widget

    def clear_message(self, key: str) -> None:
        self._show(key, "", ERROR_STYLE, invalid=False)

    def clear_messages(self) -> None:
        for key in self.messages:
            self.clear_message(key)


def watch(root: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` whenever any input under ``root`` changes (for the unsaved mark and live displays)."""
    def relay(*_args) -> None:
        callback()

    for w in root.findChildren(QWidget):
        if isinstance(w, QLineEdit):
            w.textChanged.connect(relay)
        elif isinstance(w, QPlainTextEdit):
            w.textChanged.connect(relay)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(relay)
        elif isinstance(w, QAbstractButton) and w.isCheckable():
            w.toggled.connect(relay)
        elif isinstance(w, QDateTimeEdit):
            w.dateTimeChanged.connect(relay)
        elif isinstance(w, QAbstractSpinBox) and hasattr(w, "valueChanged"):
            w.valueChanged.connect(relay)
