"""回头看 box 点位测评排名: the 点位 with the lowest mean 达标率 in the period (runs, mean
达标率, 不合格 items, open problems), from ``statistics.checkpoints.by_checkpoint``."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.checkpoints.figures import CheckpointFigures
from chuangcheng_desktop.core.rules.formatting import format_percent

TEXT = {
    "title": "达标率较低的点位（本期测评，前10名）",
    "headers": ["名次", "点位", "类型", "测评", "平均达标率", "不合格项", "未完成问题"],
}
LOW_RATE = 0.8
RED = QColor("#c0392b")


class CheckpointRankingBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TEXT["title"], parent)
        self.table = QTableWidget(0, len(TEXT["headers"]), self)
        self.table.setObjectName("checkpointRankingTable")
        self.table.setHorizontalHeaderLabels(TEXT["headers"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        QVBoxLayout(self).addWidget(self.table)

    def show_figures(self, figures: CheckpointFigures | None) -> None:
        ranks = figures.by_checkpoint if figures else []
        self.table.setRowCount(len(ranks))
        for number, rank in enumerate(ranks):
            values = [str(number + 1), rank.name, rank.type, f"{rank.runs}次",
                      format_percent(rank.average_rate), f"{rank.failed_items}项",
                      f"{rank.open_problems}个"]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 4 and rank.average_rate is not None and rank.average_rate < LOW_RATE:
                    item.setForeground(RED)
                self.table.setItem(number, column, item)
