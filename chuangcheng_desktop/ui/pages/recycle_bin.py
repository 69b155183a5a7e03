"""回收站: records deleted from any ledger, viewable and restorable."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.safety.recycle_view import (
    DeletedItem,
    deleted_items,
    restore_items,
    restored_message,
)
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.storage.settings import get_setting
from chuangcheng_desktop.ui.dialogs.records import DIALOGS, open_record_dialog
from chuangcheng_desktop.ui.models.record_table import Column, RecordTableModel
from chuangcheng_desktop.ui.pages import ledger_specs

logger = logging.getLogger(__name__)

TEXT = {
    "hint": "删除的记录先放在这里，可以查看和恢复；保留{days}天后在程序启动时彻底删除"
            "（天数可在“设置 → 数据安全”中修改）。",
    "search": "搜索回收站",
    "count": "共 {count} 条",
    "restore": "恢复",
    "view": "查看",
    "deleted_at": "删除时间",
    "failed": "没有恢复",
    "restored_title": "已恢复",
    "all": "全部（含签到记录、照片）",
    "all_headers": ["删除时间", "类别", "日期", "内容"],
}
KINDS = (
    (TEXT["all"], None),
    ("活动", ledger_specs.ACTIVITIES),
    ("志愿者", ledger_specs.VOLUNTEERS),
    ("志愿服务队", ledger_specs.TEAMS),
    ("督查", ledger_specs.INSPECTIONS),
    ("问题", ledger_specs.PROBLEMS),
    ("荣誉", ledger_specs.HONOURS),
)


def _deleted_at(row: dict) -> str:
    return (row.get("deleted_at") or "").replace("T", " ")[:16]


class RecycleBinPage(QWidget):
    restored = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindCombo")
        self.search_edit = QLineEdit(self)
        self.count_label = QLabel(self)
        self.table = QTableView(self)
        self.restore_button = QPushButton(TEXT["restore"], self)
        self.view_button = QPushButton(TEXT["view"], self)
        self.model: RecordTableModel | None = None
        self.items: list[DeletedItem] = []  # the 全部 view's rows

        for label, spec in KINDS:
            self.kind_combo.addItem(label, spec)
        self.search_edit.setPlaceholderText(TEXT["search"])
        self.search_edit.setClearButtonEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.kind_combo.currentIndexChanged.connect(self.refresh)
        self.search_edit.textChanged.connect(self.refresh)
        self.restore_button.clicked.connect(self.restore_selected)
        self.view_button.clicked.connect(self.view_selected)
        self.table.doubleClicked.connect(lambda _index: self.view_selected())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.view_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)

        top = QHBoxLayout()
        top.addWidget(self.kind_combo)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.view_button)
        buttons.addStretch(1)
        hint = QLabel(TEXT["hint"].format(days=get_setting(ledger.db, "recycle_bin_days")), self)
        hint.setStyleSheet("color: #7f8c8d;")
        buttons.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def select_kind(self, table: str) -> None:
        for index in range(self.kind_combo.count()):
            spec = self.kind_combo.itemData(index)
            if (spec.table if spec is not None else None) == table:
                self.kind_combo.setCurrentIndex(index)

    def refresh(self) -> None:
        spec = self.kind_combo.currentData()
        if spec is None:
            self._show_all()
            return
        columns = [Column(TEXT["deleted_at"], _deleted_at, "deleted_at", width_chars=9),
                   *spec.columns(self.ledger)]
        query = ListQuery(text=self.search_edit.text(), in_recycle_bin=True,
                          order_by="deleted_at", descending=True)
        self.model = RecordTableModel(self.ledger.repository(spec.table), columns, query, self)
        self.table.setModel(self.model)
        char = self.table.fontMetrics().horizontalAdvance("中")
        for number, column in enumerate(columns):
            self.table.setColumnWidth(number, (column.width_chars or 6) * char + 16)
        self.count_label.setText(TEXT["count"].format(count=self.model.total))

    def _show_all(self) -> None:
        """全部: deleted records of every kind, attendance records and photos included."""
        self.model = None
        self.items = deleted_items(self.ledger, self.search_edit.text())
        model = QStandardItemModel(len(self.items), len(TEXT["all_headers"]), self.table)
        model.setHorizontalHeaderLabels(TEXT["all_headers"])
        for number, item in enumerate(self.items):
            values = (item.deleted_at.replace("T", " ")[:16], item.kind_label,
                      format_date_cn(item.date) if item.date else "", item.name)
            for column, value in enumerate(values):
                cell = QStandardItem(value)
                cell.setEditable(False)
                model.setItem(number, column, cell)
        self.table.setModel(model)
        char = self.table.fontMetrics().horizontalAdvance("中")
        for number, width in enumerate((9, 8, 8)):
            self.table.setColumnWidth(number, width * char + 16)
        self.count_label.setText(TEXT["count"].format(count=len(self.items)))

    def selected(self) -> list[tuple[str, str]]:
        """(table, id) of the selected rows, in either view."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if self.model is None:
            return [(self.items[row].table, self.items[row].id) for row in rows]
        spec = self.kind_combo.currentData()
        return [(spec.table, self.model.row(row)["id"]) for row in rows]

    def selected_ids(self) -> list[str]:
        return [row_id for _table, row_id in self.selected()]

    def restore_selected(self) -> int:
        """Restore the selection and say what came back (or why not)."""
        chosen = self.selected()
        if not chosen:
            return 0
        restored, problems = restore_items(self.ledger, chosen)
        self.refresh()
        if restored:
            self.restored.emit()
            QMessageBox.information(self, TEXT["restored_title"], restored_message(restored))
        if problems:
            QMessageBox.warning(self, TEXT["failed"], "\n".join(problems))
        return len(restored)

    def view_selected(self) -> None:
        chosen = [(t, i) for t, i in self.selected() if t in DIALOGS]
        if not chosen:
            return
        table, row_id = chosen[0]
        dialog = open_record_dialog(self.ledger, table, row_id, self, read_only=True)
        dialog.open()
