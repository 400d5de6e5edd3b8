"""A layout that places its items left to right and wraps to a new line when the width runs out.

Used for toolbars and filter bars, so that on a 1366×768 laptop (or at 125 % scaling) no button is pushed past
the right edge of the window: what does not fit goes to the next line.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Items keep their size hints (an item with a horizontal Expanding policy takes the rest of its line)."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 8, line_spacing: int = 8):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing, self._line_spacing = spacing, line_spacing
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout API ----------------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt API
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt API
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt API
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    # An exception escaping a C++ virtual override aborts the process under PySide6: these never raise.
    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        try:
            return self._place(QRect(0, 0, width, 0), apply=False)
        except Exception:  # noqa: BLE001
            return self.sizeHint().height()

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt API
        super().setGeometry(rect)
        try:
            self._place(rect, apply=True)
        except Exception:  # noqa: BLE001 - a mis-placed button beats a crashed app
            pass

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """One line holding everything (what the layout would like on a wide screen)."""
        width = sum(i.sizeHint().width() for i in self._visible()) + self._spacing * max(0, len(self._visible()) - 1)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt API
        """As narrow as the widest single item: everything else wraps."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # -- placing ------------------------------------------------------------------------------------------
    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _place(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            w = min(item.sizeHint().width(), area.width())
            if lines[-1] and used + self._spacing + w > area.width():
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + w
            lines[-1].append(item)
        y = area.y()
        for line in lines:
            if not line:
                continue
            height = max(i.sizeHint().height() for i in line)
            widths = [min(i.sizeHint().width(), area.width()) for i in line]
            spare = area.width() - sum(widths) - self._spacing * (len(line) - 1)
            growing = [n for n, i in enumerate(line) if _expands(i)]
            for n in growing:
                widths[n] += spare // len(growing)
            x = area.x()
            for item, w in zip(line, widths):
                if apply:
                    h = height if item.sizeHint().height() >= height - 2 else item.sizeHint().height()
                    item.setGeometry(QRect(QPoint(x, y + (height - h) // 2), QSize(w, h)))
                x += w + self._spacing
            y += height + self._line_spacing
        return y - self._line_spacing - area.y() + m.top() + m.bottom() if any(lines) else m.top() + m.bottom()


def _expands(item: QLayoutItem) -> bool:
    widget = item.widget()
    if widget is None:
        return False
    return bool(widget.sizePolicy().horizontalPolicy().value & QSizePolicy.PolicyFlag.ExpandFlag.value)
