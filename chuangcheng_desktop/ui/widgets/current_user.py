"""当前使用人: who is using the app, named at first start and in 设置. The name is the actor
of every change (audit log, 整改过程); the computer login is only the fallback."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger, current_user, named_user

logger = logging.getLogger(__name__)

TEXT = {
    "title": "当前使用人",
    "ask": "请填写您的姓名。\n之后每一处新增、修改、删除都记在这个名字下（审计日志、整改过程），"
           "换人使用时可在“设置”中修改。",
    "placeholder": "如：张丽（留空则记为电脑登录名“{login}”）",
    "ok": "确定",
    "later": "以后再说",
    "box": "当前使用人",
    "save": "保存使用人",
    "hint": "每一处修改都记在这个名字下；留空则记为电脑登录名“{login}”。",
    "saved": "已保存：之后的修改记为“{name}”。",
    "failed": "没有保存：{message}",
}


def needs_naming(ledger: Ledger) -> bool:
    """Nobody has been named on this ledger yet (first start)."""
    return not named_user(ledger.db)


class CurrentUserDialog(QDialog):
    """Asked once at first start: who is using the app."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.name_edit = QLineEdit(self)
        self.error_label = QLabel(self)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(TEXT["ok"], QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(TEXT["later"], QDialogButtonBox.ButtonRole.RejectRole)
        self.setWindowTitle(TEXT["title"])
        self.name_edit.setObjectName("currentUserEdit")
        self.name_edit.setPlaceholderText(TEXT["placeholder"].format(login=current_user()))
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.setVisible(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        ask = QLabel(TEXT["ask"], self)
        ask.setWordWrap(True)
        layout.addWidget(ask)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        try:
            self.ledger.set_current_user(self.name_edit.text())
        except UserFacingError as exc:
            self.error_label.setText(exc.message)
            self.error_label.setVisible(True)
            return
        self.accept()


class CurrentUserBox(QGroupBox):
    """The 当前使用人 line in 设置."""

    saved = Signal(str)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(TEXT["box"], parent)
        self.ledger = ledger
        self.name_edit = QLineEdit(self)
        self.save_button = QPushButton(TEXT["save"], self)
        self.message_label = QLabel(self)
        self.name_edit.setObjectName("currentUserEdit")
        self.save_button.setObjectName("saveCurrentUserButton")
        self.message_label.setWordWrap(True)
        self.save_button.clicked.connect(self.save)
        self.name_edit.returnPressed.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message_label)
        self.load()

    def load(self) -> None:
        self.name_edit.setText(named_user(self.ledger.db))
        self.message_label.setText(TEXT["hint"].format(login=current_user()))

    def is_dirty(self) -> bool:
        return self.name_edit.text().strip() != named_user(self.ledger.db)

    def save(self) -> bool:
        try:
            name = self.ledger.set_current_user(self.name_edit.text())
        except UserFacingError as exc:
            self.message_label.setText(TEXT["failed"].format(message=exc.message))
            return False
        self.name_edit.setText(name)
        self.message_label.setText(TEXT["saved"].format(name=self.ledger.actor))
        self.saved.emit(self.ledger.actor)
        return True
