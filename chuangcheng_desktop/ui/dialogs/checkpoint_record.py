"""One finished 测评 as it was recorded (its checklist version, every result, notes, the
problems it raised), with 保存测评记录 for the binder, 修改 (the run dialog, prefilled) and
作废 (with a reason; the run goes to the 回收站 and out of the figures)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.checkpoints.corrections import void_run
from chuangcheng_desktop.core.checkpoints.history import run_detail
from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_percent
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.dialogs.checkpoint_run import OUTCOME_COLOURS, RunDialog

TEXT = {
    "title": "测评记录 — {name} {date}",
    "head": "{name}　{date}　{kind}　测评人：{inspector}　来源：{source}　检查表第{version}版<br>"
            "达标率 <b>{rate}</b>，不合格 {failed} 项",
    "headers": ["主题", "检查内容", "分值", "结果", "备注", "整改问题"],
    "raised": "已生成",
    "retired": "（此项已停用）",
    "save": "保存测评记录…",
    "close": "关闭",
    "fix": "修改…",
    "void": "作废…",
    "void_title": "作废测评",
    "void_prompt": "作废后这次测评移到回收站，不再计入达标率等统计，可在回收站恢复。\n"
                   "请写明作废原因（必填）：",
    "void_failed": "没有作废",
    "voided": "已作废这次测评，已移到回收站。",
}


class RunRecordDialog(QDialog):
    def __init__(self, ledger: Ledger, run_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.run_id = run_id
        self.changed = False  # corrected or voided: the page reloads
        detail = run_detail(ledger.db, run_id)
        self.checkpoint_id = detail.checkpoint["id"]
        s = detail.summary
        # create
        self.head = QLabel(TEXT["head"].format(
            name=detail.checkpoint["name"], date=format_date_cn(s.date), kind=s.kind,
            inspector=s.inspector or "—", source=s.source, version=s.template_version,
            rate=format_percent(s.rate), failed=s.failed), self)
        self.table = QTableWidget(len(detail.results), len(TEXT["headers"]), self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(TEXT["save"], QDialogButtonBox.ButtonRole.ActionRole)
        self.fix_button = self.buttons.addButton(TEXT["fix"], QDialogButtonBox.ButtonRole.ActionRole)
        self.void_button = self.buttons.addButton(TEXT["void"], QDialogButtonBox.ButtonRole.ActionRole)
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
        self.fix_button.clicked.connect(self.correct)
        self.void_button.clicked.connect(self.void)
        self.buttons.rejected.connect(self.reject)
        # assemble
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def save_record(self) -> None:
        from chuangcheng_desktop.ui.checkpoint_io import save_run_record

        save_run_record(self, self.ledger, self.run_id)

    def correct(self) -> None:
        """修改: the run dialog with everything saved filled in; closes this (stale) view."""
        dialog = RunDialog(self.ledger, [], run_id=self.run_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.corrected is not None:
            self.changed = dialog.corrected.changed
            if self.changed:
                self.accept()

    def void(self) -> None:
        reason, ok = QInputDialog.getText(self, TEXT["void_title"], TEXT["void_prompt"])
        if not ok:
            return
        try:
            voided = void_run(self.ledger, self.run_id, reason)
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["void_failed"], exc.message)
            return
        self.changed = True
        QMessageBox.information(self, TEXT["void_title"],
                                "\n".join([TEXT["voided"], *voided.messages]))
        self.accept()
