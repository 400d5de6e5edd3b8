"""Charts drawn with QPainter (QtCharts is not part of PySide6-Essentials): black on white, series told apart by
fill pattern and line style so they read the same on a black-and-white printout; every chart card has a button
that shows the numbers behind it as a table."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from caseapp.i18n import _

PATTERNS = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.Dense6Pattern,
            Qt.BrushStyle.CrossPattern, Qt.BrushStyle.Dense3Pattern, Qt.BrushStyle.FDiagPattern,
            Qt.BrushStyle.HorPattern, Qt.BrushStyle.DiagCrossPattern, Qt.BrushStyle.VerPattern,
            Qt.BrushStyle.Dense5Pattern, Qt.BrushStyle.NoBrush)
LINE_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine,
               Qt.PenStyle.DashDotDotLine)
INK = QColor(30, 30, 30)
GRID = QColor(210, 210, 210)


def brush(i: int) -> QBrush:
    style = PATTERNS[i % len(PATTERNS)]
    return QBrush(QColor(70, 70, 70) if style == Qt.BrushStyle.SolidPattern else INK, style)


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.labels: list[str] = []
        self.series: list[tuple[str, list[int]]] = []
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(640, 260)

    def set_data(self, labels: list[str], series: list[tuple[str, list[int]]]) -> None:
        self.labels, self.series = list(labels), [(n, list(v)) for n, v in series]
        self.update()

    def peak(self) -> int:
        return 1

    def _frame(self, p: QPainter) -> QRectF:
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        legend_h = 18 * ((len(self.series) + 3) // 4) if len(self.series) > 1 else 0
        area = QRectF(44, 10, max(10, self.width() - 56), max(10, self.height() - 44 - legend_h))
        peak = self.peak()
        p.setFont(QFont(self.font().family(), 8))
        for k in range(5):
            y = area.bottom() - area.height() * k / 4
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.setPen(INK)
            p.drawText(QRectF(0, y - 8, area.left() - 4, 16), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       str(round(peak * k / 4)))
        p.setPen(QPen(INK, 1))
        p.drawLine(area.bottomLeft(), area.bottomRight())
        p.drawLine(area.bottomLeft(), area.topLeft())
        return area

    def _x_labels(self, p: QPainter, area: QRectF, step: float) -> None:
        every = max(1, int(len(self.labels) * 46 / max(area.width(), 1)) + 1)
        p.setPen(INK)
        for i, text in enumerate(self.labels):
            if i % every == 0:
                p.drawText(QRectF(area.left() + i * step - 20 + step / 2, area.bottom() + 3, 40, 14),
                           Qt.AlignmentFlag.AlignHCenter, text)

    def _legend(self, p: QPainter, area: QRectF, line: bool) -> None:
        if len(self.series) < 2:
            return
        col_w = max(120.0, (self.width() - 20) / 4)
        for i, (name, _values) in enumerate(self.series):
            x = 10 + (i % 4) * col_w
            y = area.bottom() + 22 + (i // 4) * 18
            if line:
                p.setPen(QPen(INK, 2, LINE_STYLES[i % len(LINE_STYLES)]))
                p.drawLine(QPointF(x, y + 7), QPointF(x + 22, y + 7))
            else:
                p.setPen(QPen(INK, 1))
                p.setBrush(brush(i))
                p.drawRect(QRectF(x, y + 1, 14, 12))
                p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(INK)
            p.drawText(QRectF(x + 26, y, col_w - 30, 16), Qt.AlignmentFlag.AlignVCenter, name)


class StackedBars(_Chart):
    """Bars per label, stacked by series (e.g. cases per month by violence type)."""

    def peak(self) -> int:
        totals = [sum(v[i] for _n, v in self.series) for i in range(len(self.labels))]
        return max(totals + [1])

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        area = self._frame(p)
        if self.labels:
            step = area.width() / len(self.labels)
            peak = self.peak()
            for i in range(len(self.labels)):
                base = area.bottom()
                for k, (_name, values) in enumerate(self.series):
                    h = area.height() * values[i] / peak
                    if h <= 0:
                        continue
                    p.setPen(QPen(INK, 1))
                    p.fillRect(QRectF(area.left() + i * step + step * 0.15, base - h, step * 0.7, h),
                               Qt.GlobalColor.white)
                    p.setBrush(brush(k))
                    p.drawRect(QRectF(area.left() + i * step + step * 0.15, base - h, step * 0.7, h))
                    base -= h
            p.setBrush(Qt.BrushStyle.NoBrush)
            self._x_labels(p, area, step)
        self._legend(p, area, line=False)
        p.end()


class Lines(_Chart):
    """One line per series, told apart by dash style and point markers."""

    def peak(self) -> int:
        return max([x for _n, v in self.series for x in v] + [1])

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._frame(p)
        if self.labels:
            step = area.width() / len(self.labels)
            peak = self.peak()
            for k, (_name, values) in enumerate(self.series):
                p.setPen(QPen(INK, 2, LINE_STYLES[k % len(LINE_STYLES)]))
                pts = [QPointF(area.left() + i * step + step / 2, area.bottom() - area.height() * v / peak)
                       for i, v in enumerate(values)]
                for a, b in zip(pts, pts[1:]):
                    p.drawLine(a, b)
                p.setPen(QPen(INK, 1))
                for pt in pts:
                    if k % 2:
                        p.setBrush(Qt.GlobalColor.white)
                    else:
                        p.setBrush(INK)
                    p.drawEllipse(pt, 2.5, 2.5)
            p.setBrush(Qt.BrushStyle.NoBrush)
            self._x_labels(p, area, step)
        self._legend(p, area, line=True)
        p.end()


class HorizontalBars(QWidget):
    """One bar per area (kecamatan or district), its value written at the end of the bar."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.items: list[tuple[str, int]] = []

    def set_data(self, items: list[tuple[str, int]]) -> None:
        self.items = list(items)
        self.setMinimumHeight(20 * max(1, len(self.items)) + 10)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 20 * max(1, len(self.items)) + 10)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        peak = max([v for _l, v in self.items] + [1])
        label_w, right = 170.0, 40.0
        width = max(10.0, self.width() - label_w - right)
        p.setFont(QFont(self.font().family(), 9))
        for i, (label, value) in enumerate(self.items):
            y = 5 + i * 20
            p.setPen(INK)
            p.drawText(QRectF(0, y, label_w - 6, 18), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            w = width * value / peak
            p.setBrush(brush(0))
            p.drawRect(QRectF(label_w, y + 3, w, 12))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawText(QRectF(label_w + w + 4, y, right, 18), Qt.AlignmentFlag.AlignVCenter, str(value))
        p.end()


class ChartCard(QFrame):
    """A titled chart with a "Lihat angka" button that shows the numbers behind it."""

    def __init__(self, title: str, chart: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.chart = chart
        self.title = QLabel(title, objectName="SectionTitle")
        self.numbers_button = QPushButton(_("Lihat angka"), objectName="chartNumbersButton")
        self.numbers_button.setCheckable(True)
        self.numbers_button.toggled.connect(self._toggle)
        self.table = QTableWidget(objectName="chartNumbers")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.hide()
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.numbers_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(chart)
        layout.addWidget(self.table)

    def set_numbers(self, row_labels: list[str], columns: list[str], values: list[list[int]]) -> None:
        self.table.clear()
        self.table.setRowCount(len(row_labels))
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setVerticalHeaderLabels(row_labels)
        for r, row in enumerate(values):
            for c, v in enumerate(row):
                item = QTableWidgetItem(str(v))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.setMinimumHeight(min(320, 26 * (len(row_labels) + 1) + 4))

    def _toggle(self, on: bool) -> None:
        self.table.setVisible(on)
        self.chart.setVisible(not on)
        self.numbers_button.setText(_("Lihat grafik") if on else _("Lihat angka"))
