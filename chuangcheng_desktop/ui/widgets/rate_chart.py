"""A small line chart of 达标率 over time (the 点位 page), drawn with QPainter."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

LINE_COLOUR = QColor("#2980b9")
LOW_COLOUR = QColor("#c0392b")
AXIS_COLOUR = QColor("#95a5a6")
TARGET = 0.9  # the dashed line: a 达标率 below it is drawn red
MAX_POINTS = 60


class RateChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[str, float]] = []
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(110)

    def set_points(self, points: list[tuple[str, float]], empty_text: str = "") -> None:
        """(ISO date, rate 0..1) oldest first; only the newest MAX_POINTS are drawn."""
        self.points = points[-MAX_POINTS:]
        self.empty_text = empty_text
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 130)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = self.fontMetrics().height()
        label_width = self.fontMetrics().horizontalAdvance("100%") + 6
        area = QRectF(self.rect()).adjusted(label_width, 6, -8, -(line + 4))
        if not self.points:
            painter.setPen(AXIS_COLOUR)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        painter.setPen(AXIS_COLOUR)
        for value in (0.0, 0.5, 1.0):
            y = area.bottom() - area.height() * value
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.drawText(QRectF(0, y - line / 2, label_width - 4, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{value:.0%}")
        target_y = area.bottom() - area.height() * TARGET
        painter.setPen(QPen(AXIS_COLOUR, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(area.left(), target_y), QPointF(area.right(), target_y))
        step = area.width() / max(len(self.points) - 1, 1)
        spots = [QPointF(area.left() + i * step if len(self.points) > 1 else area.center().x(),
                         area.bottom() - area.height() * rate)
                 for i, (_day, rate) in enumerate(self.points)]
        painter.setPen(QPen(LINE_COLOUR, 2))
        for a, b in itertools.pairwise(spots):
            painter.drawLine(a, b)
        for spot, (_day, rate) in zip(spots, self.points, strict=True):
            painter.setBrush(LOW_COLOUR if rate < TARGET else LINE_COLOUR)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(spot, 3, 3)
        painter.setPen(AXIS_COLOUR)
        first, last = self.points[0][0], self.points[-1][0]
        painter.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), line),
                         Qt.AlignmentFlag.AlignLeft, first)
        if len(self.points) > 1:
            painter.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), line),
                             Qt.AlignmentFlag.AlignRight, last)
