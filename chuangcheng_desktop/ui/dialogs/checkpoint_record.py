"""One finished 测评 as it was recorded (its checklist version, every result, notes, the
problems it raised), with 保存测评记录 for the binder."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.checkpoints.history import run_detail
from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_percent
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.dialogs.checkpoint_run import OUTCOME_COLOURS

TEXT = {
    "title": "测评记录 — {name} {date}",
    "head": "{name}　{date}　{kind}　测评人：{inspector}　来源：{source}　检查表第{version}版<br>"
            "达标率 <b>{rate}</b>，不合格 {failed} 项",
    "headers": ["主题", "检查内容", "分值", "结果", "备注", "整改问题"],
    "raised": "已生成",
    "retired": "（此项已停用）",
    "save": "保存测评记录…",
    "close": "关闭",
}


class RunRecordDialog(QDialog):
    def __init__(self, ledger: Ledger, run_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.run_id = run_id
        detail = run_detail(ledger.db, run_id)
        s = detail.summary
        # create
        self.head = QLabel(TEXT["head"].format(
            name=detail.checkpoint["name"], date=format_date_cn(s.date), kind=s.kind,
            inspector=s.inspector or "—", source=s.source, version=s.template_version,
            rate=format_percent(s.rate), failed=s.failed), self)
        self.table = QTableWidget(len(detail.results), len(TEXT["headers"]), self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(TEXT["save"], QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(TEXT["close"], QDialogButtonBox.ButtonRole.RejectRole)
        # configure
        self.setWindowTitle(TEXT["title"].format(name=detail.checkpoint["name"],
                                                 date=format_date_cn(s.date)))
        self.resize(960, 620)
        self.table.setHorizontalHeaderLabels(TEXT["headers"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, result in enumerate(detail.results):
            values = [result.theme, result.requirement + (TEXT["retired"] if result.retired else ""),
                      f"{result.weight:g}", result.outcome, result.note,
                      TEXT["raised"] if result.problem_id else ""]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setBackground(QColor(OUTCOME_COLOURS[result.outcome]))
                item.setData(Qt.ItemDataRole.UserRole, result.problem_id)
                self.table.setItem(row, column, item)
        # connect
        self.save_button.clicked.connect(self.save_record)
        self.buttons.rejected.connect(self.reject)
        # assemble
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def save_record(self) -> None:
        from chuangcheng_desktop.ui.checkpoint_io import save_run_record

        save_run_record(self, self.ledger, self.run_id)
