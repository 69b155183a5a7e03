"""回头看: for a period, how the rectification went — rate, overdue, problems by category,
and the rankings by 点位 and by 责任单位. Every figure is ``compute_statistics``'s (the
same as the summary and the 统计 sheet), computed on a worker thread with its own
connection; ``refreshed`` fires when they are shown."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.figures.statistics import PeriodStatistics, ProblemRank, compute_statistics
from chuangcheng_desktop.core.rules.formatting import format_percent, format_quantity
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.tasks import LatestOnly
from chuangcheng_desktop.ui.widgets.checkpoint_ranking import CheckpointRankingBox
from chuangcheng_desktop.ui.widgets.figure_card import figure_card
from chuangcheng_desktop.ui.widgets.period_picker import PeriodPicker

logger = logging.getLogger(__name__)

DEFAULT_PERIOD = "全年"
RED = "#c0392b"
TEXT = {
    "period": "回头看期间：",
    "computing": "正在计算…",
    "failed": "统计没有完成：{message}",
    "found": "发现问题",
    "rectified": "已整改",
    "rectified_detail": "其中按期 {count}",
    "rate": "整改率",
    "rate_detail": "已整改 ÷ 发现",
    "overdue": "逾期未改",
    "overdue_detail": "未完成且已过整改期限",
    "in_progress": "整改中 {count}",
    "by_category": "按问题类别",
    "category_headers": ["问题类别", "问题数"],
    "by_checkpoint": "问题较多的点位（前10名）",
    "by_unit": "问题较多的责任单位（前10名）",
    "rank_headers": ["名次", "{name}", "发现", "已整改", "逾期"],
    "checkpoint": "点位",
    "unit": "责任单位",
    "no_unit": "（未填写）",
    "empty": "本期间没有发现问题。",
}


def _figures(path: object, period: Period, today: date) -> PeriodStatistics:
    """Runs on a worker thread with its own connection."""
    with Ledger.open(path, actor="") as ledger:
        return compute_statistics(ledger.db, period, as_of=today)


def _table(headers: list[str], parent: QWidget, *, stretch: int) -> QTableWidget:
    table = QTableWidget(parent)
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _item(value: object, *, right: bool = False, red: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(str(value))
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if red:
        item.setForeground(QColor(RED))
    return item


class ReviewPage(QWidget):
    refreshed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.today = today or clock.today()
        self.statistics: PeriodStatistics | None = None
        self._latest = LatestOnly(self)

        # create
        self.period_picker = PeriodPicker(self, allow_all=False, today=self.today)
        self.status_label = QLabel(self)
        figures = [figure_card(TEXT[key], key, self, value_size="18pt")
                   for key in ("found", "rectified", "rate", "overdue")]
        (_f, self.found_value, self.found_detail) = figures[0]
        (_r, self.rectified_value, self.rectified_detail) = figures[1]
        (_t, self.rate_value, self.rate_detail) = figures[2]
        (_o, self.overdue_value, self.overdue_detail) = figures[3]
        for _frame, _value, detail in figures:
            detail.setStyleSheet("color: #7f8c8d;")
        self.category_box = QGroupBox(TEXT["by_category"], self)
        self.category_table = _table(TEXT["category_headers"], self.category_box, stretch=0)
        self.checkpoint_box = QGroupBox(TEXT["by_checkpoint"], self)
        self.checkpoint_table = _table(
            [h.format(name=TEXT["checkpoint"]) for h in TEXT["rank_headers"]],
            self.checkpoint_box, stretch=1)
        self.unit_box = QGroupBox(TEXT["by_unit"], self)
        self.unit_table = _table([h.format(name=TEXT["unit"]) for h in TEXT["rank_headers"]],
                                 self.unit_box, stretch=1)

        # configure
        self.period_picker.select_label(DEFAULT_PERIOD)
        self.status_label.setStyleSheet("color: #7f8c8d;")
        self.rate_detail.setText(TEXT["rate_detail"])
        self.overdue_detail.setText(TEXT["overdue_detail"])

        # connect
        self.period_picker.changed.connect(self.refresh)

        # assemble
        top = QHBoxLayout()
        top.addWidget(QLabel(TEXT["period"], self))
        top.addWidget(self.period_picker)
        top.addWidget(self.status_label)
        top.addStretch(1)
        row = QHBoxLayout()
        for frame, _value, _detail in figures:
            row.addWidget(frame, 1)
        for box, table in ((self.category_box, self.category_table),
                           (self.checkpoint_box, self.checkpoint_table),
                           (self.unit_box, self.unit_table)):
            QVBoxLayout(box).addWidget(table)
        tables = QHBoxLayout()
        tables.addWidget(self.category_box, 2)
        tables.addWidget(self.checkpoint_box, 4)
        tables.addWidget(self.unit_box, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addLayout(tables, 1)
        self.checkpoint_ranking = CheckpointRankingBox(self)
        layout.addWidget(self.checkpoint_ranking, 1)
        self.refresh()

    def refresh(self) -> None:
        period, today = self.period_picker.period(), self.today
        path = self.ledger.path
        self.status_label.setText(TEXT["computing"])
        self._latest.start(lambda: _figures(path, period, today), self._show, self._failed)

    def _failed(self, message: str) -> None:
        self.status_label.setText(TEXT["failed"].format(message=message))

    def _show(self, stats: PeriodStatistics) -> None:
        self.statistics = stats
        p = stats.problems
        self.found_value.setText(format_quantity(p.found, "个"))
        self.found_detail.setText(TEXT["in_progress"].format(
            count=format_quantity(p.in_progress, "个")))
        self.rectified_value.setText(format_quantity(p.rectified, "个"))
        self.rectified_detail.setText(TEXT["rectified_detail"].format(
            count=format_quantity(p.rectified_on_time, "个")))
        self.rate_value.setText(format_percent(p.rectification_rate))
        self.overdue_value.setText(format_quantity(p.overdue, "个"))
        colour = RED if p.overdue else "#2c3e50"
        self.overdue_value.setStyleSheet(f"font-size: 18pt; font-weight: bold; color: {colour};")
        self.category_table.setRowCount(len(p.by_category))
        for number, (name, count) in enumerate(p.by_category.items()):
            self.category_table.setItem(number, 0, _item(name))
            self.category_table.setItem(number, 1, _item(format_quantity(count, "个"), right=True))
        self._fill_ranking(self.checkpoint_table, p.by_checkpoint)
        self._fill_ranking(self.unit_table, p.by_responsible_unit)
        self.checkpoint_ranking.show_figures(stats.checkpoints)
        self.status_label.setText("" if p.found else TEXT["empty"])
        self.refreshed.emit()

    @staticmethod
    def _fill_ranking(table: QTableWidget, ranks: list[ProblemRank]) -> None:
        table.setRowCount(len(ranks))
        for number, rank in enumerate(ranks):
            values = (_item(number + 1, right=True), _item(rank.name or TEXT["no_unit"]),
                      _item(rank.found, right=True), _item(rank.rectified, right=True),
                      _item(rank.overdue, right=True, red=rank.overdue > 0))
            for column, item in enumerate(values):
                table.setItem(number, column, item)

    def ranking_names(self, table: QTableWidget) -> list[str]:
        return [table.item(row, 1).text() for row in range(table.rowCount())]
