"""首页: the period's figures and 考核得分 (with its breakdown), problems that are overdue,
due within three days or due this week, activities per month, and the coming 我们的节日.
Every figure comes from ``statistics.compute_statistics``, the same numbers as the summary
and the 统计 sheet. They are computed on a worker thread (its own connection), so the
window paints at once even on a street-scale ledger; ``refreshed`` fires when they are
shown."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.figures.statistics import PeriodStatistics, compute_statistics
from chuangcheng_desktop.core.rules import festivals, workflow
from chuangcheng_desktop.core.rules.formatting import (
    format_date_cn,
    format_hours,
    format_percent,
    format_quantity,
)
from chuangcheng_desktop.core.rules.scoring import ScoreBreakdown
from chuangcheng_desktop.core.storage import clock, queries
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.models.record_table import TONES
from chuangcheng_desktop.ui.pages.ledger_page import find_io_function
from chuangcheng_desktop.ui.pages.street_home import StreetHomePanel
from chuangcheng_desktop.ui.tasks import LatestOnly
from chuangcheng_desktop.ui.widgets.bar_chart import BarChart
from chuangcheng_desktop.ui.widgets.checkpoint_panel import CheckpointPanel
from chuangcheng_desktop.ui.widgets.data_checks_panel import DataChecksPanel
from chuangcheng_desktop.ui.widgets.figure_card import figure_card
from chuangcheng_desktop.ui.widgets.new_stars import NewStarsPanel
from chuangcheng_desktop.ui.widgets.period_picker import PeriodPicker

logger = logging.getLogger(__name__)

DEFAULT_PERIOD = "全年"
RED = "#c0392b"
GREEN = "#27ae60"
TEXT = {
    "period": "统计期间：",
    "computing": "正在计算…",
    "export_all": "导出本期迎检台账…",
    "failed": "统计没有完成：{message}",
    "activities": "活动",
    "activities_detail": "参与 {people}",
    "volunteers": "注册志愿者",
    "ratio": "注册率 {ratio}（目标 {target}）",
    "ratio_unknown": "注册率：请在“设置”中填写常住人口",
    "below": "，未达标",
    "service": "服务时长",
    "service_detail": "{records}，{served}名志愿者",
    "problems": "问题整改",
    "problems_value": "发现 {found}　已整改 {done}",
    "problems_detail": "整改率 {rate}，逾期 {overdue}",
    "by_category": "活动分类",
    "by_category_empty": "本期间还没有活动",
    "chart": "每月活动次数",
    "chart_empty": "本期间还没有活动",
    "due": "逾期和即将到期的问题（双击打开）",
    "due_counts": "逾期和即将到期的问题：逾期 {overdue} 个，3天内到期 {soon} 个，本周到期 {week} 个"
                  "（双击打开）",
    "due_headers": ["整改期限", "点位", "问题描述", "状态"],
    "due_tag": "本周到期",
    "due_capped": "　共{total}个，显示前{shown}个",
    "score": "考核得分",
    "score_detail": "扣 {deduction}　加 {bonus}",
    "score_box": "考核得分明细（{rules}）",
    "score_line": "　{rule} × {count}{unit} = {points}",
    "score_deducted": "考核扣分：",
    "score_deducted_total": "　扣分合计 {points}",
    "score_added": "加分：",
    "score_added_total": "　加分合计 {points}",
    "score_net": "得分：{deduction} + {bonus} = {net}",
    "score_free": "{source}发现问题 {count}个：{source}发现不扣分",
    "score_empty": "本期间没有扣分或加分项目。",
    "festivals": "我们的节日",
    "festival_line": "{name}　{date}　{days}",
    "today": "就是今天",
    "days_left": "还有 {days} 天",
}


def _figures(path: object, period: object, today: date) -> tuple[PeriodStatistics, object]:
    """Runs on a worker thread with its own connection."""
    with Ledger.open(path, actor="") as ledger:
        return (compute_statistics(ledger.db, period, as_of=today),
                queries.due_problems(ledger.db, today))


class HomePage(QWidget):
    open_problem = Signal(str)
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
        self.export_function = find_io_function("export_all")
        self.export_button = QPushButton(TEXT["export_all"], self)
        self.export_button.setObjectName("exportAllButton")
        self.export_button.setVisible(self.export_function is not None)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setStyleSheet("color: #7f8c8d;")
        cards = [figure_card(TEXT[key], key, self)
                 for key in ("activities", "volunteers", "service", "problems", "score")]
        (self.activities_card, self.activities_value, self.activities_detail) = cards[0]
        (self.volunteers_card, self.volunteers_value, self.volunteers_detail) = cards[1]
        (self.service_card, self.service_value, self.service_detail) = cards[2]
        (self.problems_card, self.problems_value, self.problems_detail) = cards[3]
        (self.score_card, self.score_value, self.score_detail) = cards[4]
        self.score_box = QGroupBox(TEXT["score"], self)
        self.score_label = QLabel(self.score_box)
        self.category_box = QGroupBox(TEXT["by_category"], self)
        self.category_label = QLabel(self.category_box)
        self.chart_box = QGroupBox(TEXT["chart"], self)
        self.chart = BarChart(self.chart_box)
        self.due_box = QGroupBox(TEXT["due"], self)
        self.due_table = QTableWidget(self.due_box)
        self.festival_box = QGroupBox(TEXT["festivals"], self)
        self.festival_label = QLabel(self.festival_box)
        self.checkpoint_panel = CheckpointPanel(ledger, self, today=self.today)
        self.street_panel = StreetHomePanel(ledger, self, today=self.today)  # 街道 ledgers only
        self.new_stars_panel = NewStarsPanel(ledger, self)
        self.data_checks = DataChecksPanel(ledger, self.today, self)

        # configure
        self.period_picker.select_label(DEFAULT_PERIOD)
        self.category_label.setObjectName("categoryLabel")
        self.category_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.category_label.setWordWrap(True)
        self.score_label.setObjectName("scoreLabel")
        self.score_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.score_label.setWordWrap(True)
        self.festival_label.setObjectName("festivalLabel")
        self.festival_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.due_table.setColumnCount(len(TEXT["due_headers"]))
        self.due_table.setHorizontalHeaderLabels(TEXT["due_headers"])
        self.due_table.verticalHeader().setVisible(False)
        self.due_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.due_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.due_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        # connect
        self.period_picker.changed.connect(self.refresh)
        self.export_button.clicked.connect(self.export_all)
        self.due_table.itemDoubleClicked.connect(self._open_due)
        self.due_table.itemActivated.connect(self._open_due)

        # assemble
        top = QHBoxLayout()
        top.addWidget(QLabel(TEXT["period"], self))
        top.addWidget(self.period_picker)
        top.addWidget(self.status_label)
        top.addStretch(1)
        top.addWidget(self.export_button)
        figures = QHBoxLayout()
        for frame, _value, _detail in cards:
            figures.addWidget(frame, 1)
        QVBoxLayout(self.score_box).addWidget(self.score_label)
        QVBoxLayout(self.category_box).addWidget(self.category_label)
        QVBoxLayout(self.chart_box).addWidget(self.chart)
        QVBoxLayout(self.due_box).addWidget(self.due_table)
        QVBoxLayout(self.festival_box).addWidget(self.festival_label)
        grid = QGridLayout()
        grid.addWidget(self.chart_box, 0, 0)
        grid.addWidget(self.category_box, 0, 1)
        grid.addWidget(self.due_box, 1, 0)
        side = QVBoxLayout()
        side.addWidget(self.score_box, 3)
        side.addWidget(self.festival_box, 2)
        side.addWidget(self.checkpoint_panel, 3)
        side.addWidget(self.new_stars_panel, 2)
        grid.addLayout(side, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(figures)
        layout.addWidget(self.street_panel)
        layout.addWidget(self.data_checks)
        layout.addLayout(grid, 1)
        self.refresh()

    def refresh(self) -> None:
        """Compute the period's figures in the background; show them when they arrive."""
        period, today = self.period_picker.period(), self.today
        path = self.ledger.path
        self.status_label.setText(TEXT["computing"])
        self._show_festivals()
        self.checkpoint_panel.refresh()
        self.street_panel.refresh()
        self.new_stars_panel.refresh(period)
        self.data_checks.refresh()
        self._latest.start(lambda: _figures(path, period, today), self._show, self._failed)

    def _failed(self, message: str) -> None:
        self.status_label.setText(TEXT["failed"].format(message=message))

    def _show(self, result: tuple[PeriodStatistics, queries.DueProblems]) -> None:
        stats, due = result
        self.statistics = stats
        self._show_figures(stats)
        self._show_score(stats)
        self._show_categories(stats)
        self.chart.set_bars([(f"{int(m.month[5:])}月", m.activities)
                             for m in stats.activities.by_month], TEXT["chart_empty"])
        self._show_due(due)
        self.status_label.clear()
        self.refreshed.emit()

    def _show_figures(self, stats: PeriodStatistics) -> None:
        acts, vols, service, probs = (stats.activities, stats.volunteers, stats.service,
                                      stats.problems)
        self.activities_value.setText(format_quantity(acts.total, "次"))
        self.activities_detail.setText(TEXT["activities_detail"].format(
            people=format_quantity(acts.participants, "人次")))
        self.volunteers_value.setText(format_quantity(vols.registered, "人"))
        if vols.ratio is None:
            self.volunteers_detail.setText(TEXT["ratio_unknown"])
            colour = RED
        else:
            text = TEXT["ratio"].format(ratio=format_percent(vols.ratio),
                                        target=format_percent(vols.target_ratio))
            colour = GREEN if vols.meets_target else RED
            self.volunteers_detail.setText(text + ("" if vols.meets_target else TEXT["below"]))
        self.volunteers_detail.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.volunteers_value.setStyleSheet(
            f"font-size: 20pt; font-weight: bold; color: {colour};")
        self.service_value.setText(format_hours(service.total_hours))
        self.service_detail.setText(TEXT["service_detail"].format(
            records=format_quantity(service.records, "人次"), served=service.volunteers_served))
        self.problems_value.setText(TEXT["problems_value"].format(
            found=format_quantity(probs.found, "个"), done=format_quantity(probs.rectified, "个")))
        self.problems_value.setStyleSheet("font-size: 14pt; font-weight: bold; color: #2c3e50;")
        self.problems_detail.setText(TEXT["problems_detail"].format(
            rate=format_percent(probs.rectification_rate),
            overdue=format_quantity(probs.overdue, "个")))
        self.problems_detail.setStyleSheet(f"color: {RED};" if probs.overdue else "")

    def _show_score(self, stats: PeriodStatistics) -> None:
        score = stats.score
        self.score_value.setText(_points(score.net))
        colour = RED if score.net < 0 else (GREEN if score.net > 0 else "#2c3e50")
        self.score_value.setStyleSheet(f"font-size: 20pt; font-weight: bold; color: {colour};")
        self.score_detail.setText(TEXT["score_detail"].format(
            deduction=format_quantity(score.total_deduction, "分"),
            bonus=format_quantity(score.bonus, "分")))
        self.score_box.setTitle(TEXT["score_box"].format(rules=score.rule_set))
        self.score_label.setText("\n".join(score_lines(score)) or TEXT["score_empty"])

    def _show_categories(self, stats: PeriodStatistics) -> None:
        lines = [f"{name}：{format_quantity(count, '次')}"
                 for name, count in stats.activities.by_category.items()]
        self.category_label.setText("\n".join(lines) or TEXT["by_category_empty"])

    def _show_due(self, due: queries.DueProblems) -> None:
        """Due within three days first (amber, "2天后到期": still in time, and few), then
        overdue (red, "逾期N天"), then the rest of the week."""
        rows = []
        for row in [*due.overdue, *due.due_soon]:
            state, note = workflow.deadline_state(row, self.today)
            rows.append((row, state, note or TEXT["due_tag"]))
        order = {"due_soon": 0, "overdue": 1, "": 2}
        rows.sort(key=lambda item: order[item[1]])  # stable: each group keeps its order
        counts = {state: sum(1 for _row, s, _note in rows if s == state)
                  for state in ("overdue", "due_soon", "")}
        title = TEXT["due_counts"].format(
            overdue=max(counts["overdue"], due.overdue_total), soon=counts["due_soon"],
            week=counts[""])
        if due.capped:  # the list stops at 50 of each: say so
            title += TEXT["due_capped"].format(total=due.overdue_total + due.due_soon_total,
                                               shown=len(rows))
        self.due_box.setTitle(title)
        self.due_table.setRowCount(len(rows))
        for number, (row, state, note) in enumerate(rows):
            values = (format_date_cn(row["deadline"]), row["checkpoint"], row["description"],
                      f"{row['status']}（{note}）")
            tone = TONES.get(state)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row["id"])
                item.setData(Qt.ItemDataRole.UserRole + 1, state)
                if tone is not None:
                    item.setBackground(QColor(tone[0]))
                    item.setForeground(QColor(tone[1]))
                self.due_table.setItem(number, column, item)

    def _show_festivals(self) -> None:
        lines = []
        for name, when, days in festivals.upcoming_festivals(self.today):
            left = TEXT["today"] if days == 0 else TEXT["days_left"].format(days=days)
            lines.append(TEXT["festival_line"].format(name=name, date=format_date_cn(when),
                                                      days=left))
        self.festival_label.setText("\n".join(lines))

    def export_all(self) -> None:
        """迎检台账 for the period shown (the Excel helper's ``export_all``)."""
        if self.export_function is not None:
            self.export_function(self, self.ledger, self.period_picker.period())

    def _open_due(self, item: QTableWidgetItem) -> None:
        self.open_problem.emit(item.data(Qt.ItemDataRole.UserRole))


def score_lines(score: ScoreBreakdown) -> list[str]:
    """考核扣分 and 加分, a line per rule, each part summed, and the sum that gives the
    score — so the figure next to them visibly adds up; 自查 findings said to cost nothing."""
    lines: list[str] = []
    for title, total_text, lines_of, total in (
            ("score_deducted", "score_deducted_total", [x for x in score.lines if x.points < 0],
             -score.total_deduction),
            ("score_added", "score_added_total", [x for x in score.lines if x.points > 0],
             score.bonus)):
        if not lines_of:
            continue
        lines.append(TEXT[title])
        lines += [TEXT["score_line"].format(rule=line.rule, count=line.count,
                                            unit="人" if line.points > 0 else "个",
                                            points=_points(line.points)) for line in lines_of]
        lines.append(TEXT[total_text].format(points=_points(total)))
    if score.lines:
        lines.append(TEXT["score_net"].format(deduction=_points(-score.total_deduction),
                                              bonus=format_quantity(score.bonus, "分"),
                                              net=_points(score.net)))
    lines += [TEXT["score_free"].format(source=source, count=count)
              for source, count in score.not_deducted.items()]
    return lines


def _points(value: float) -> str:
    """+2分, −0.6分, 0分."""
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{format_quantity(abs(value), '分')}"
