"""Idle auto-lock: an application-wide event filter restarts a timer on every mouse or keyboard input."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

ACTIVITY_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
})


class IdleLock(QObject):
    """Emits ``timed_out`` after ``interval_ms`` without user input while started."""

    timed_out = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(interval_ms)))
        self.timer.timeout.connect(self.timed_out)
        self._installed = False

    @staticmethod
    def minutes_to_ms(minutes: int) -> int:
        return int(minutes) * 60_000

    def set_interval(self, interval_ms: int) -> None:
        self.timer.setInterval(max(1, int(interval_ms)))
        if self.timer.isActive():
            self.timer.start()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS and self.timer.isActive():
            self.timer.start()
        return False
