"""操作记录: the audit log with filters (台账, 操作, date range, text) and export to Excel.

The rows are core ``AuditLine`` objects from ``core.audit_view.search_audit``; filtering is
a new core query. The table shows the newest lines (``SHOWN_LINES``); the export writes
every line that matches the filters.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.figures.audit_view import (
    AuditLine,
    AuditQuery,
    action_choices,
    count_audit,
    search_audit,
    table_choices,
    table_label,
)
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.files import next_free_path
from chuangcheng_desktop.reports.workbook.audit_export import write_audit_workbook
from chuangcheng_desktop.ui.tasks import LatestOnly
from chuangcheng_desktop.ui.widgets.export_done import offer_to_open

logger = logging.getLogger(__name__)

SHOWN_LINES = 500
TEXT = {
    "all_tables": "全部台账",
    "all_actions": "全部操作",
    "from": "从",
    "to": "到",
    "use_dates": "按日期",
    "search": "搜索内容、操作人…",
    "export": "导出Excel…",
    "refresh": "刷新",
    "count": "共 {total} 条",
    "loading": "正在读取操作记录…",
    "count_shown": "共 {total} 条（显示最近 {shown} 条，导出包含全部）",
    "export_title": "导出操作记录",
    "export_filter": "Excel 工作簿 (*.xlsx)",
    "export_name": "操作记录-{day}.xlsx",
    "exported": "已导出 {count} 条操作记录到：\n{path}",
    "export_failed": "没有导出",
    "filters_all": "全部",
}
HEADERS = ("时间", "操作人", "台账", "操作", "记录", "内容（原值 → 新值）")
FIELDS = ("at", "actor", "table_label", "action_label", "record", "change")
WIDTHS = (11, 6, 6, 4, 10, 40)
Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    """A thin model over a list of AuditLine."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[AuditLine] = []

    def set_lines(self, lines: list[AuditLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return getattr(self.lines[index.row()], FIELDS[index.column()])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


def _read_lines(database: Path, query: AuditQuery) -> tuple[list[AuditLine], int]:
    """Runs on a worker thread with its own connection."""
    with Ledger.open(database, actor="") as ledger:
        return search_audit(ledger.db, query), count_audit(ledger.db, query)


class AuditViewer(QWidget):
    loaded = Signal()  # the lines of the latest refresh are shown

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.loading = False
        self._latest = LatestOnly(self)
        # create
        self.table_combo = QComboBox(self)
        self.action_combo = QComboBox(self)
        self.use_dates = QCheckBox(TEXT["use_dates"], self)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        self.search_edit = QLineEdit(self)
        self.refresh_button = QPushButton(TEXT["refresh"], self)
        self.export_button = QPushButton(TEXT["export"], self)
        self.count_label = QLabel(self)
        self.view = QTableView(self)
        self.model = AuditTableModel(self)
        # configure
        self.table_combo.setObjectName("auditTableCombo")
        self.action_combo.setObjectName("auditActionCombo")
        self.action_combo.addItem(TEXT["all_actions"], "")
        for action, label in action_choices():
            self.action_combo.addItem(label, action)
        today = QDate.currentDate()
        for edit, day in ((self.date_from, today.addMonths(-1)), (self.date_to, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy年M月d日")
            edit.setDate(day)
            edit.setEnabled(False)
        self.search_edit.setPlaceholderText(TEXT["search"])
        self.search_edit.setClearButtonEnabled(True)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.view.setMinimumHeight(240)
        char = self.view.fontMetrics().horizontalAdvance("中")
        for column, width in enumerate(WIDTHS):
            self.view.setColumnWidth(column, width * char + 16)
        self.view.horizontalHeader().setSectionResizeMode(len(HEADERS) - 1,
                                                          QHeaderView.ResizeMode.Stretch)
        self.count_label.setStyleSheet("color: #7f8c8d;")
        # connect
        self.table_combo.currentIndexChanged.connect(self.refresh)
        self.action_combo.currentIndexChanged.connect(self.refresh)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(self.refresh)
        self.date_to.dateChanged.connect(self.refresh)
        self.search_edit.textChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self.export)
        # assemble
        filters = QHBoxLayout()
        filters.addWidget(self.table_combo)
        filters.addWidget(self.action_combo)
        filters.addWidget(self.use_dates)
        filters.addWidget(QLabel(TEXT["from"], self))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(TEXT["to"], self))
        filters.addWidget(self.date_to)
        filters.addWidget(self.search_edit, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        """Re-read the table choices (new tables may have audit rows) and the lines."""
        current = self.table_combo.currentData()
        self.table_combo.blockSignals(True)
        self.table_combo.clear()
        self.table_combo.addItem(TEXT["all_tables"], "")
        for table, label in table_choices(self.ledger.db):
            self.table_combo.addItem(label, table)
        index = self.table_combo.findData(current)
        self.table_combo.setCurrentIndex(max(index, 0))
        self.table_combo.blockSignals(False)
        self.refresh()

    def query(self) -> AuditQuery:
        dates = self.use_dates.isChecked()
        return AuditQuery(
            table=self.table_combo.currentData() or "",
            action=self.action_combo.currentData() or "",
            date_from=self.date_from.date().toPython() if dates else None,
            date_to=self.date_to.date().toPython() if dates else None,
            text=self.search_edit.text().strip(), limit=SHOWN_LINES)

    def refresh(self) -> None:
        """Read the lines matching the filters on a worker thread (a street ledger's batch
        rows are megabytes of JSON: 60–100 ms on the GUI thread); only the newest request's
        lines are shown. ``loading`` is true until they are."""
        query, database = self.query(), self.ledger.path
        self.loading = True
        self.count_label.setText(TEXT["loading"])
        self._latest.start(lambda: _read_lines(database, query), self._show, self._failed)

    def _show(self, result: tuple[list[AuditLine], int]) -> None:
        lines, total = result
        self.model.set_lines(lines)
        shown = len(lines)
        self.count_label.setText(TEXT["count"].format(total=total) if total == shown
                                 else TEXT["count_shown"].format(total=total, shown=shown))
        self.loading = False
        self.loaded.emit()

    def _failed(self, message: str) -> None:
        self.count_label.setText(message)
        self.loading = False
        self.loaded.emit()

    def filters_text(self) -> str:
        query = self.query()
        parts = []
        if query.table:
            parts.append(table_label(query.table))
        if query.action:
            parts.append(self.action_combo.currentText())
        if query.date_from and query.date_to:
            parts.append(f"{query.date_from:%Y-%m-%d}至{query.date_to:%Y-%m-%d}")
        if query.text:
            parts.append(f"含“{query.text}”")
        return "，".join(parts) or TEXT["filters_all"]

    def export(self) -> Path | None:
        start = next_free_path(Path.home() / TEXT["export_name"].format(day=f"{date.today():%Y%m%d}"))
        chosen, _ = QFileDialog.getSaveFileName(self, TEXT["export_title"], str(start),
                                                TEXT["export_filter"])
        if not chosen:
            return None
        return self.export_to(Path(chosen))

    def export_to(self, path: Path) -> Path | None:
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        lines = search_audit(self.ledger.db, replace(self.query(), limit=None))
        try:
            written = write_audit_workbook(lines, path, unit=self.ledger.profile()["unit_name"],
                                           filters=self.filters_text(), actor=self.ledger.actor)
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["export_failed"], exc.message)
            return None
        offer_to_open(self, TEXT["export_title"],
                      TEXT["exported"].format(count=len(lines), path=written), written)
        return written

    def _dates_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(checked)
        self.date_to.setEnabled(checked)
        self.refresh()
