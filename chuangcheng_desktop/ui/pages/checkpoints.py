"""点位 (a tab of 督查整改): the register above, the chosen 点位 in full below.

Buttons: 新增/修改 a 点位, 导入 the register from Excel (and 下载导入模板), 实地测评 (the
selected 点位; several selected make a route), 回头看, 打印空白检查表, 检查表 (edit the type's
checklist). Every
button calls the same core/reports functions as the CLI.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.checkpoints import register, runs
from chuangcheng_desktop.core.checkpoints.history import RegisterRow, register_overview
from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_percent
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.dialogs.checkpoint_edit import CheckpointDialog
from chuangcheng_desktop.ui.dialogs.checkpoint_run import RunDialog
from chuangcheng_desktop.ui.widgets.checkpoint_detail import CheckpointDetailWidget

logger = logging.getLogger(__name__)

TEXT = {
    "search": "搜索点位名称、包保单位、负责人…",
    "all_types": "全部类型",
    "active_only": "只看在用",
    "new": "新增点位",
    "edit": "修改",
    "run": "实地测评",
    "follow_up": "回头看",
    "import": "导入…",
    "template": "下载导入模板",
    "print": "打印空白检查表…",
    "checklist": "检查表…",
    "publicity": "宣传阵地…",
    "headers": ["点位名称", "类型", "包保单位", "负责人", "上次测评", "达标率", "未完成问题", "状态"],
    "inactive": "停用",
    "active": "在用",
}
LOW_RATE = 0.8
LOW = QColor("#fadbd8")


class CheckpointsPage(QWidget):
    changed = Signal()
    open_problem = Signal(str)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.today = today or clock.today()
        self.rows: list[RegisterRow] = []
        # create
        self.search_edit = QLineEdit(self)
        self.type_combo = QComboBox(self)
        self.active_check = QCheckBox(TEXT["active_only"], self)
        self.buttons = {key: QPushButton(TEXT[key], self)
                        for key in ("new", "edit", "run", "follow_up", "import", "template", "print",
                                    "checklist", "publicity")}
        self.table = QTableWidget(self)
        self.detail = CheckpointDetailWidget(ledger, self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        # configure
        self.search_edit.setPlaceholderText(TEXT["search"])
        self.search_edit.setClearButtonEnabled(True)
        self.type_combo.addItem(TEXT["all_types"], "")
        for name in register.type_names(ledger.db):
            self.type_combo.addItem(name, name)
        self.active_check.setChecked(True)
        for key, button in self.buttons.items():
            button.setObjectName(f"{key}Button")
        self.buttons["run"].setShortcut("F5")
        self.table.setObjectName("checkpointTable")
        self.table.setColumnCount(len(TEXT["headers"]))
        self.table.setHorizontalHeaderLabels(TEXT["headers"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setResizeContentsPrecision(40)
        # connect
        self.search_edit.textChanged.connect(self.refresh)
        self.type_combo.currentIndexChanged.connect(self.refresh)
        self.active_check.toggled.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._show_current)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_checkpoint())
        self.buttons["new"].clicked.connect(self.new_record)
        self.buttons["edit"].clicked.connect(self.edit_checkpoint)
        self.buttons["run"].clicked.connect(lambda: self.start_run(runs.ROUTINE))
        self.buttons["follow_up"].clicked.connect(lambda: self.start_run(runs.FOLLOW_UP))
        self.buttons["import"].clicked.connect(self.import_register)
        self.buttons["template"].clicked.connect(self.save_template)
        self.buttons["print"].clicked.connect(self.print_checklists)
        self.buttons["checklist"].clicked.connect(self.edit_checklist)
        self.buttons["publicity"].clicked.connect(self.edit_publicity)
        self.detail.open_run.connect(self.open_run)
        self.detail.open_problem.connect(self.open_problem)
        # assemble
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 2)
        top.addWidget(self.type_combo)
        top.addWidget(self.active_check)
        top.addStretch(1)
        for button in self.buttons.values():
            top.addWidget(button)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([280, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.refresh()

    # --- register --------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.selected_ids()
        self.rows = register_overview(self.ledger.db, self.today, text=self.search_edit.text(),
                                      type_name=self.type_combo.currentData() or "",
                                      active_only=self.active_check.isChecked())
        self.table.blockSignals(True)
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(self.rows))
        for number, row in enumerate(self.rows):
            values = [row.name, row.type, row.sponsor_unit, row.contact_person,
                      format_date_cn(row.last_checked) or "从未测评", format_percent(row.last_rate),
                      f"{row.open_problems}个" + (f"（逾期{row.overdue_problems}）"
                                                  if row.overdue_problems else ""),
                      TEXT["active"] if row.active else TEXT["inactive"]]
            low = row.last_rate is not None and row.last_rate < LOW_RATE
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                if low and column == 5:
                    item.setBackground(LOW)
                self.table.setItem(number, column, item)
        self.table.setUpdatesEnabled(True)
        self.table.blockSignals(False)
        self.select(keep[0] if keep else None)

    def select(self, checkpoint_id: str | None) -> None:
        for number, row in enumerate(self.rows):
            if row.id == checkpoint_id:
                self.table.selectRow(number)
                break
        else:
            self.table.clearSelection()
        self._show_current()

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.rows[r].id for r in rows if r < len(self.rows)]

    def _show_current(self) -> None:
        ids = self.selected_ids()
        self.detail.load(ids[0] if ids else None, self.today)
        for key in ("edit", "run", "follow_up", "print", "publicity"):
            self.buttons[key].setEnabled(bool(ids))

    # --- actions ---------------------------------------------------------------------------

    def new_record(self) -> None:
        dialog = CheckpointDialog(self.ledger, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self._after_change(dialog.saved["id"])

    def edit_checkpoint(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        dialog = CheckpointDialog(self.ledger, register.get_checkpoint(self.ledger, ids[0]), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self._after_change(ids[0])

    def start_run(self, kind: str) -> RunDialog | None:
        ids = self.selected_ids()
        if not ids:
            return None
        dialog = RunDialog(self.ledger, ids, kind=kind, today=self.today, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(ids[0])
        return dialog

    def open_run(self, run_id: str) -> None:
        from chuangcheng_desktop.ui.dialogs.checkpoint_record import RunRecordDialog

        dialog = RunRecordDialog(self.ledger, run_id, self)
        dialog.exec()
        if dialog.changed:  # corrected or voided there
            self._after_change(dialog.checkpoint_id)

    def import_register(self) -> None:
        from chuangcheng_desktop.ui.checkpoint_io import import_checkpoints

        import_checkpoints(self, self.ledger, on_done=lambda: self._after_change(None))

    def save_template(self) -> None:
        from chuangcheng_desktop.ui.ledger_io import save_import_template

        save_import_template(self, "checkpoints", ledger=self.ledger)

    def print_checklists(self) -> None:
        from chuangcheng_desktop.ui.checkpoint_io import save_blank_checklists

        save_blank_checklists(self, self.ledger, self.selected_ids())

    def edit_checklist(self) -> None:
        from chuangcheng_desktop.ui.dialogs.checklist_editor import ChecklistEditorDialog

        ids = self.selected_ids()
        current = register.get_checkpoint(self.ledger, ids[0])["type"] if ids else None
        if ChecklistEditorDialog(self.ledger, current, self).exec():
            self._after_change(ids[0] if ids else None)

    def edit_publicity(self) -> None:
        from chuangcheng_desktop.ui.dialogs.publicity import PublicityDialog

        ids = self.selected_ids()
        if ids and PublicityDialog(self.ledger, ids[0], today=self.today, parent=self).exec():
            self._after_change(ids[0])

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _after_change(self, checkpoint_id: str | None) -> None:
        self.refresh()
        if checkpoint_id:
            self.select(checkpoint_id)
        self.changed.emit()
