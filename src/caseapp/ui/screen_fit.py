"""Every window fits the screen it opens on: office laptops have 1366×768 screens, often at 125 % scaling
(1093×614 logical pixels), and their taskbar takes part of that.

``install(app)`` puts one event filter on the application: whenever a top-level window is about to be shown it is
made no larger than the screen's available area (minus room for the title bar and border the window system adds)
and moved inside it. Windows that want more room than there is (the main window, the case editor) therefore open
as large as the screen allows; forms inside them scroll while their action bars stay in view.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

# Title bar and borders the window system adds around a window's client area (Windows 10/11 at 100 %: 31 + 8 px).
FRAME_ALLOWANCE = QSize(16, 40)
FRAME_SETTLE_MS = 120
_SKIP = (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The screen area a window may use (the screen the widget is on, else the primary screen)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def room(widget: QWidget | None = None) -> QSize:
    """Largest client size that, with the window frame, fits the available area."""
    area = available_geometry(widget)
    return QSize(max(320, area.width() - FRAME_ALLOWANCE.width()), max(240, area.height() - FRAME_ALLOWANCE.height()))


def fit_window(window: QWidget, preferred: QSize | None = None) -> None:
    """Size ``window`` to ``preferred`` (else its current size) but never beyond the available area; keep it inside."""
    space = room(window)
    if window.minimumWidth() > space.width():
        window.setMinimumWidth(space.width())
    if window.minimumHeight() > space.height():
        window.setMinimumHeight(space.height())
    want = preferred if preferred is not None else window.size()
    size = QSize(min(want.width(), space.width()), min(want.height(), space.height()))
    if size != window.size():
        window.resize(size)
    keep_inside(window)


def keep_inside(window: QWidget) -> None:
    """Move ``window`` so that its frame lies inside the available area."""
    area = available_geometry(window)
    frame, inner = window.frameGeometry(), window.geometry()
    left = inner.left() - frame.left()
    top = inner.top() - frame.top()
    right = frame.right() - inner.right()
    bottom = frame.bottom() - inner.bottom()
    if frame == inner:  # not framed (yet): assume a typical frame, so the title bar stays on the screen
        left = right = bottom = FRAME_ALLOWANCE.width() // 2
        top = FRAME_ALLOWANCE.height() - bottom
    width, height = window.width() + left + right, window.height() + top + bottom
    x = min(max(frame.left() if frame != inner else inner.left() - left, area.left()), area.right() + 1 - width)
    y = min(max(frame.top() if frame != inner else inner.top() - top, area.top()), area.bottom() + 1 - height)
    x, y = max(x, area.left()), max(y, area.top())
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)  # move() places the frame's top-left corner


class ScreenFitter(QObject):
    """Application event filter: fits each top-level window as it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        try:
            if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
                kind = watched.windowType()
                if kind not in _SKIP and not watched.isMaximized() and not watched.isFullScreen():
                    fit_window(watched)
                    # Once the window system has framed the window, its title bar is known: keep it on screen too.
                    QTimer.singleShot(FRAME_SETTLE_MS, watched, lambda w=watched: _recheck(w))
        except Exception:  # noqa: BLE001 - an exception escaping an event filter would end the app
            pass
        return False


def _recheck(window: QWidget) -> None:
    if shiboken6.isValid(window) and window.isVisible() and window.frameGeometry() != window.geometry():
        keep_inside(window)


_fitter: ScreenFitter | None = None


def install(app: QApplication | None = None) -> None:
    """Fit every window shown from now on (idempotent)."""
    global _fitter
    app = app or QApplication.instance()
    if app is None or _fitter is not None:
        return
    _fitter = ScreenFitter(app)
    app.installEventFilter(_fitter)
