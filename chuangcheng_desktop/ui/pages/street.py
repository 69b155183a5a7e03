"""报送与汇总: the 报送包 exchange in the window.

On a community ledger: 导出报送包, 导入交办包, and the problems that came down as 街道交办.
On a 街道/镇 ledger: the 社区 list with each unit's latest package and who has not
reported for the chosen period, the side-by-side figures (sortable, ranked, with a bar
chart of one figure), the 交办 problems with the status the units sent back, and the
buttons 导入报送包 / 交办问题. Figures are computed off the GUI thread (core/packages).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.packages.by_unit import COLUMNS, missing_text, unit_figures
from chuangcheng_desktop.core.packages.tasks import (
    ASSIGNED_LABEL,
    assigned_problem_ids,
    assignment_status,
)
from chuangcheng_desktop.core.packages.units import add_planned_unit, is_street_ledger, list_units
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_number, format_percent
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.ui import packages_io
from chuangcheng_desktop.ui.tasks import LatestOnly
from chuangcheng_desktop.ui.widgets.bar_chart import BarChart
from chuangcheng_desktop.ui.widgets.period_picker import PeriodPicker

TEXT = {
    "street_title": "社区报送汇总",
    "community_title": "报送街道",
    "community_help": "每月（或每季度）把本社区的台账导出为报送包，用U盘或政务网报送街道。"
                      "街道交办的问题导入后记入“督查整改”，整改情况随下一次报送包回到街道。",
    "export": "导出报送包…",
    "import_street": "导入报送包…",
    "import_community": "导入交办包…",
    "send": "交办问题…",
    "book": "导出汇总台账…",
    "add_unit": "添加社区…",
    "add_unit_label": "社区名称（第一次报送时按名称对应；之前显示为“未报送”）：",
    "units": "社区名单",
    "compare": "数据对比",
    "tasks": "交办问题",
    "received": "街道交办的问题",
    "all_reported": "各社区均已报送{period}台账。",
    "no_units": "还没有社区报送。导入社区的报送包后，名单会自动建立。",
    "loading": "正在计算…",
    "chart_of": "图表：",
    "unit_headers": ["社区", "最新报送包期间", "导出时间", "导入时间", "本期"],
    "units_hint": "社区名单（双击一个社区查看它的台账，只读）",
    "reported": "已报送", "not_reported": "未报送", "none": "—",
    "task_headers": ["问题", "社区", "交办日期", "整改期限", "状态", "完成日期", "整改后照片"],
    "received_headers": ["问题", "发现日期", "整改期限", "状态", "来自"],
    "rank": "排名", "unit": "单位",
    "send_pick": "交办给：", "send_problems": "选择本街道巡查发现、尚未完成的问题：",
    "send_none": "请至少选择一个问题。", "send_no_units": "社区名单为空，请先导入社区的报送包。",
}


class _NumberItem(QTableWidgetItem):
    """A cell that sorts by its number (None last), shown formatted."""

    def __init__(self, value: float | None, text: str) -> None:
        super().__init__(text)
        self.value = value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine = self.value if self.value is not None else float("-inf")
        theirs = getattr(other, "value", None)
        return mine < (theirs if theirs is not None else float("-inf"))


class StreetPage(QWidget):
    changed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.latest = LatestOnly(self)
        self.figures: list[Any] = []
        # create
        self.title = QLabel(self)
        self.help = QLabel(TEXT["community_help"], self)
        self.export_button = QPushButton(TEXT["export"], self)
        self.import_button = QPushButton(self)
        self.send_button = QPushButton(TEXT["send"], self)
        self.book_button = QPushButton(TEXT["book"], self)
        self.add_unit_button = QPushButton(TEXT["add_unit"], self)
        self.period_picker = PeriodPicker(self, allow_all=False)
        self.missing_label = QLabel(self)
        self.units_table = QTableWidget(0, len(TEXT["unit_headers"]), self)
        self.compare_table = QTableWidget(0, 2 + len(COLUMNS), self)
        self.chart_combo = QComboBox(self)
        self.chart = BarChart(self)
        self.tasks_table = QTableWidget(0, len(TEXT["task_headers"]), self)
        self.received_table = QTableWidget(0, len(TEXT["received_headers"]), self)
        self.street_widgets = [self.period_picker, self.missing_label, self.units_table,
                               self.compare_table, self.chart_combo, self.chart, self.tasks_table,
                               self.send_button, self.book_button, self.add_unit_button]
        # configure
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.help.setWordWrap(True)
        self.missing_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.missing_label.setWordWrap(True)
        self.units_table.setHorizontalHeaderLabels(TEXT["unit_headers"])
        self.compare_table.setHorizontalHeaderLabels(
            [TEXT["rank"], TEXT["unit"], *(c.label for c in COLUMNS)])
        self.tasks_table.setHorizontalHeaderLabels(TEXT["task_headers"])
        self.received_table.setHorizontalHeaderLabels(TEXT["received_headers"])
        for table in (self.units_table, self.compare_table, self.tasks_table, self.received_table):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)  # read-only
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.compare_table.setSortingEnabled(True)
        for column in COLUMNS:
            self.chart_combo.addItem(column.label, column.key)
        # connect
        self.export_button.clicked.connect(lambda: packages_io.export_dialog(self, self.ledger))
        self.import_button.clicked.connect(
            lambda: packages_io.import_dialog(self, self.ledger, self._imported))
        self.send_button.clicked.connect(self.send_tasks)
        self.book_button.clicked.connect(lambda: packages_io.street_book_dialog(
            self, self.ledger, self.period_picker.period()))
        self.add_unit_button.clicked.connect(self.add_unit)
        self.units_table.cellDoubleClicked.connect(lambda row, _column: self.open_unit(row))
        self.period_picker.changed.connect(self.refresh)
        self.chart_combo.currentIndexChanged.connect(self._draw_chart)
        # assemble
        buttons = QHBoxLayout()
        for widget in (self.export_button, self.import_button, self.send_button,
                       self.book_button, self.add_unit_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.period_picker)
        chart_row = QHBoxLayout()
        chart_row.addWidget(QLabel(TEXT["chart_of"], self))
        chart_row.addWidget(self.chart_combo)
        chart_row.addStretch(1)
        self.chart_label = chart_row.itemAt(0).widget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.help)
        layout.addLayout(buttons)
        layout.addWidget(self.missing_label)
        self.sections = {}
        for key, widget in (("units", self.units_table), ("compare", self.compare_table)):
            self.sections[key] = QLabel(TEXT["units_hint" if key == "units" else key], self)
            layout.addWidget(self.sections[key])
            layout.addWidget(widget, 1)
        layout.addLayout(chart_row)
        layout.addWidget(self.chart, 1)
        for key, widget in (("tasks", self.tasks_table), ("received", self.received_table)):
            self.sections[key] = QLabel(TEXT[key], self)
            layout.addWidget(self.sections[key])
            layout.addWidget(widget, 1)
        self.refresh()

    # --- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        street = is_street_ledger(self.ledger)
        self.title.setText(TEXT["street_title" if street else "community_title"])
        self.help.setVisible(not street)
        self.import_button.setText(TEXT["import_street" if street else "import_community"])
        for widget in [*self.street_widgets, self.chart_label, self.sections["units"],
                       self.sections["compare"], self.sections["tasks"]]:
            widget.setVisible(street)
        self.received_table.setVisible(not street)
        self.sections["received"].setVisible(not street)
        if not street:
            self._fill_received()
            return
        period = self.period_picker.period()
        self.missing_label.setText(TEXT["loading"])
        database, actor = self.ledger.path, self.ledger.actor

        def work():
            with Ledger.open(database, actor=actor) as own:
                return unit_figures(own, period), assignment_status(own)

        self.latest.start(work, lambda result: self._show(period, *result),
                          self.missing_label.setText)

    def _show(self, period, figures, statuses) -> None:
        self.figures = figures
        missing = missing_text(figures, period)
        self.missing_label.setText(
            TEXT["no_units"] if not figures else
            missing or TEXT["all_reported"].format(period=period.name))
        self.missing_label.setStyleSheet(
            f"color: {'#c0392b' if missing else '#27ae60'}; font-weight: bold;")
        self._fill_units(figures)
        self._fill_compare(figures)
        self._fill_tasks(statuses)
        self._draw_chart()

    def _fill_units(self, figures) -> None:
        self.units_table.setRowCount(len(figures))
        for row, item in enumerate(figures):
            latest = item.unit.latest or {}
            cells = [item.unit.name, latest.get("period_name", TEXT["none"]),
                     _when(latest.get("created_at")), _when(latest.get("imported_at")),
                     TEXT["reported" if item.reported else "not_reported"]]
            for column, text in enumerate(cells):
                self.units_table.setItem(row, column, QTableWidgetItem(text))

    def _fill_compare(self, figures) -> None:
        self.compare_table.setSortingEnabled(False)
        self.compare_table.setRowCount(len(figures))
        for row, item in enumerate(figures):
            self.compare_table.setItem(row, 0, _NumberItem(
                -item.rank if item.rank else None, str(item.rank or TEXT["none"])))
            self.compare_table.setItem(row, 1, QTableWidgetItem(item.unit.name))
            for offset, column in enumerate(COLUMNS, start=2):
                value = item.value(column.key)
                text = (TEXT["none"] if value is None else format_percent(value)
                        if column.percent else format_number(value))
                self.compare_table.setItem(row, offset, _NumberItem(value, text))
        self.compare_table.setSortingEnabled(True)
        self.compare_table.sortItems(0, Qt.SortOrder.DescendingOrder)  # rank 1 first

    def _fill_tasks(self, statuses) -> None:
        self.tasks_table.setRowCount(len(statuses))
        for row, status in enumerate(statuses):
            problem = status.problem
            cells = [f"{problem['checkpoint']}：{problem['description']}", status.unit_name,
                     format_date_cn(status.sent_at[:10]), format_date_cn(problem["deadline"]),
                     status.status, format_date_cn(status.completed_on) if status.completed_on
                     else TEXT["none"], str(status.after_photos)]
            for column, text in enumerate(cells):
                self.tasks_table.setItem(row, column, QTableWidgetItem(text))

    def _fill_received(self) -> None:
        ids = sorted(assigned_problem_ids(self.ledger))
        rows = [self.ledger.problems.get(i, include_deleted=True) for i in ids]
        self.received_table.setRowCount(len(rows))
        for row, problem in enumerate(rows):
            cells = [f"{problem['checkpoint']}：{problem['description']}",
                     format_date_cn(problem["found_on"]), format_date_cn(problem["deadline"]),
                     problem["status"], ASSIGNED_LABEL]
            for column, text in enumerate(cells):
                self.received_table.setItem(row, column, QTableWidgetItem(text))

    def _draw_chart(self) -> None:
        key = self.chart_combo.currentData()
        column = next(c for c in COLUMNS if c.key == key)
        bars = []
        for item in self.figures:
            value = item.value(key)
            if value is not None:
                bars.append((item.unit.name, round(value * 100) if column.percent else round(value)))
        self.chart.set_bars(bars, TEXT["no_units"])

    def _imported(self) -> None:
        self.changed.emit()
        self.refresh()

    def add_unit(self) -> None:
        name, ok = QInputDialog.getText(self, TEXT["add_unit"], TEXT["add_unit_label"])
        if not ok or not name.strip():
            return
        try:
            add_planned_unit(self.ledger, name)
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["add_unit"], exc.message)
            return
        self.changed.emit()
        self.refresh()

    def open_unit(self, row: int) -> QDialog | None:
        """Drill into one unit's ledgers, read-only."""
        from chuangcheng_desktop.ui.pages.unit_ledgers import UnitLedgersDialog

        if not 0 <= row < len(self.figures):
            return None
        dialog = UnitLedgersDialog(self.ledger, self.figures[row].unit, self)
        dialog.open()
        return dialog

    # --- 交办 -------------------------------------------------------------------------------

    def send_tasks(self) -> None:
        units = list_units(self.ledger)
        if not units:
            QMessageBox.information(self, TEXT["send"], TEXT["send_no_units"])
            return
        open_problems = self.ledger.problems.list(ListQuery(
            filters={"status": [s for s in vocab.PROBLEM_STATUSES if s != vocab.PROBLEM_DONE]},
            limit=500))
        dialog = SendTasksDialog(units, open_problems, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            unit = dialog.unit()
            task = packages_io.send_dialog(self, self.ledger, unit.id, unit.name,
                                           dialog.problem_ids())
            if task is not None:
                task.succeeded.connect(lambda _result: self.refresh())


class SendTasksDialog(QDialog):
    def __init__(self, units, problems, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units = units
        self.combo = QComboBox(self)
        self.list = QListWidget(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        self.setWindowTitle(TEXT["send"])
        for unit in units:
            self.combo.addItem(unit.name, unit.id)
        for problem in problems:
            item = QListWidgetItem(f"{format_date_cn(problem['found_on'])} {problem['checkpoint']}："
                                   f"{problem['description']}（{problem['status']}）", self.list)
            item.setData(Qt.ItemDataRole.UserRole, problem["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(TEXT["send_pick"], self))
        layout.addWidget(self.combo)
        layout.addWidget(QLabel(TEXT["send_problems"], self))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def unit(self):
        return self.units[self.combo.currentIndex()]

    def problem_ids(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _accept(self) -> None:
        if not self.problem_ids():
            QMessageBox.warning(self, TEXT["send"], TEXT["send_none"])
            return
        self.accept()


def _when(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else TEXT["none"]
