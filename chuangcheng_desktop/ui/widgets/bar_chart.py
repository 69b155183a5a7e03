"""A small vertical bar chart drawn with QPainter (activities per month on 首页)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOUR = QColor("#c0392b")
AXIS_COLOUR = QColor("#95a5a6")
TEXT_COLOUR = QColor("#2c3e50")


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int]] = []
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)

    def set_bars(self, bars: list[tuple[str, int]], empty_text: str = "") -> None:
        self.bars = bars
        self.empty_text = empty_text
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(8, line + 6, -8, -(line + 6))
        if not self.bars or max(value for _, value in self.bars) == 0:
            painter.setPen(AXIS_COLOUR)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        highest = max(value for _, value in self.bars)
        slot = area.width() / len(self.bars)
        bar_width = max(slot * 0.6, 2.0)
        painter.setPen(AXIS_COLOUR)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        for number, (label, value) in enumerate(self.bars):
            x = area.left() + number * slot + (slot - bar_width) / 2
            height = area.height() * value / highest
            bar = QRectF(x, area.bottom() - height, bar_width, height)
            painter.fillRect(bar, BAR_COLOUR)
            painter.setPen(TEXT_COLOUR)
            value_box = QRectF(area.left() + number * slot, bar.top() - line - 2, slot, line)
            painter.drawText(value_box, Qt.AlignmentFlag.AlignCenter, str(value))
            label_box = QRectF(area.left() + number * slot, area.bottom() + 3, slot, line)
            painter.drawText(label_box, Qt.AlignmentFlag.AlignCenter, label)
