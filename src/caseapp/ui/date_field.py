"""A date field officers can type into: 14/05/2014, 14052014, 14-05-2014 or 14.5.2014; Delete empties it; the
calendar button opens a calendar in the UI language at a sensible month (the date, a hint such as the birth date
an estimated age or NIK implies, else today).

Replaces QDateEdit, whose empty state ("—") could not be typed into and whose calendar opened at January 1900.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from PySide6.QtCore import QDate, QEvent, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget, QFrame, QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget,
)

from caseapp.i18n import _

_SEPARATED = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_DIGITS = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")
_ALLOWED = re.compile(r"^[\d/.\- ]*$")
EARLIEST = dt.date(1900, 1, 1)


def parse_typed_date(text: str) -> dt.date | None:
    """The date an officer typed (day first), or None when the text is not a whole, real date."""
    m = _SEPARATED.match(text) or _DIGITS.match(text)
    if not m:
        return None
    day, month, year = (int(g) for g in m.groups())
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return value if value >= EARLIEST else None


def _qdate(value: dt.date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate()


class _Edit(QLineEdit):
    """Delete (or Backspace over the whole text) empties the field; Alt+Down / F4 opens the calendar."""

    def __init__(self, field: "DateField"):
        super().__init__(field)
        self.field = field

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Delete and self.field.allow_empty:
            self.field.set_value(None)
            return
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
            self.field.open_calendar()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """``value()``/``set_value()`` with datetime.date (None = empty); ``dateChanged`` (QDate, null when emptied).

    While the typed text is not (yet) a date the field is marked invalid and keeps its last valid value, so a typing
    slip never silently empties a stored date.
    """

    dateChanged = Signal(QDate)

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = True,
                 calendar_hint: Callable[[], dt.date | None] | None = None):
        super().__init__(parent)
        self.allow_empty = allow_empty
        self.calendar_hint = calendar_hint
        self._value: dt.date | None = None if allow_empty else dt.date.today()
        self.edit = _Edit(self)
        self.edit.setPlaceholderText(_("HH/BB/TTTT"))
        self.edit.setMaxLength(12)
        self.edit.setToolTip(_("Ketik tanggal sebagai HH/BB/TTTT (atau 8 angka, mis. 14052014), atau pilih dari "
                               "kalender (Alt+Panah bawah). Tombol Delete mengosongkan."))
        self.button = QToolButton(self, objectName="dateCalendarButton")
        self.button.setText("▾")
        self.button.setToolTip(_("Pilih dari kalender"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 12)
        self.popup: QFrame | None = None
        self.calendar: QCalendarWidget | None = None
        self._showing = False
        # textChanged, connected before anyone else's: the value is current when others hear of the change.
        self.edit.textChanged.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self._show(self._value)

    # -- value --------------------------------------------------------------------------------------------------
    def value(self) -> dt.date | None:
        return self._value

    def set_value(self, value: dt.date | None) -> None:
        """Show ``value``; ``dateChanged`` fires when it differs from the value before (as QDateEdit.setDate)."""
        if value is None and not self.allow_empty:
            value = dt.date.today()
        changed = value != self._value
        self._value = value
        self._show(value)
        if changed:
            self.dateChanged.emit(_qdate(value))

    def date(self) -> QDate:
        return _qdate(self._value)

    def setDate(self, value: QDate) -> None:  # noqa: N802 - QDateEdit compatible
        self.set_value(value.toPython() if value.isValid() else None)

    def is_valid_text(self) -> bool:
        return not self.edit.property("invalid")

    def _show(self, value: dt.date | None) -> None:
        self._showing = True
        try:
            self.edit.setText(value.strftime("%d/%m/%Y") if value else "")
        finally:
            self._showing = False
        self._mark(False)

    def _mark(self, invalid: bool) -> None:
        if bool(self.edit.property("invalid")) != invalid:
            self.edit.setProperty("invalid", invalid)
            self.edit.style().unpolish(self.edit)
            self.edit.style().polish(self.edit)

    # -- typing ---------------------------------------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        if self._showing:
            return
        if not _ALLOWED.match(text):
            self._mark(True)
            return
        if not text.strip():
            self._mark(not self.allow_empty)
            if self.allow_empty and self._value is not None:
                self._value = None
                self.dateChanged.emit(QDate())
            return
        value = parse_typed_date(text)
        if value is None:
            self._mark(len(re.sub(r"\D", "", text)) >= 8)  # complete but not a real date
            return
        changed = value != self._value
        self._value = value
        self._show(value)  # 14052014 → 14/05/2014
        if changed:
            self.dateChanged.emit(_qdate(value))

    def _finished(self) -> None:
        text = self.edit.text()
        if not text.strip() and not self.allow_empty:
            self._show(self._value)
        elif text.strip() and parse_typed_date(text) is None:
            self._mark(True)  # left as typed, in red, for the officer to correct

    # -- calendar -------------------------------------------------------------------------------------------------
    def calendar_start(self) -> dt.date:
        """Where the calendar opens: the date, else the hint (e.g. a birth date from the NIK), else today."""
        if self._value is not None:
            return self._value
        hint = self.calendar_hint() if self.calendar_hint else None
        return hint or dt.date.today()

    def open_calendar(self) -> QCalendarWidget:
        if self.popup is None:
            self.popup = QFrame(self, Qt.WindowType.Popup)
            self.popup.setFrameShape(QFrame.Shape.StyledPanel)
            self.calendar = QCalendarWidget(self.popup, objectName="dateCalendar")
            self.calendar.setLocale(QLocale())  # the app's default locale: Indonesian in the Indonesian UI
            self.calendar.setGridVisible(True)
            self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            self.calendar.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
            self.calendar.setMinimumDate(_qdate(EARLIEST))
            self.calendar.setMinimumSize(330, 230)  # room for the day names, never "…"
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
            layout = QVBoxLayout(self.popup)
            layout.setContentsMargins(1, 1, 1, 1)
            layout.addWidget(self.calendar)
        start = self.calendar_start()
        self.calendar.setSelectedDate(_qdate(start))
        self.calendar.setCurrentPage(start.year, start.month)
        self.popup.adjustSize()
        where = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry()
        x = min(max(where.x(), screen.left()), screen.right() - self.popup.width())
        y = where.y() if where.y() + self.popup.height() <= screen.bottom() else \
            self.mapToGlobal(QPoint(0, 0)).y() - self.popup.height()
        self.popup.move(x, max(y, screen.top()))
        self.popup.show()
        self.calendar.setFocus()
        return self.calendar

    def _picked(self, value: QDate) -> None:
        if self.popup is not None:
            self.popup.hide()
        self.set_value(value.toPython())
        self.edit.setFocus()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.EnabledChange:
            self.button.setEnabled(self.isEnabled())
        super().changeEvent(event)
