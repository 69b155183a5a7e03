"""The app password: asked at start, and set / changed / removed in 设置 → 数据安全.

Checking and storing are core's (``core/password.py``: salted scrypt hash in the ledger).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop import APP_NAME_CN
from chuangcheng_desktop.core.safety.password import MIN_LENGTH, set_app_password, verify_app_password
from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger

MAX_ATTEMPTS = 5
TEXT = {
    "prompt_title": "{app} — 请输入密码",
    "prompt": "本台账设置了程序密码。请输入密码后使用。",
    "password": "密码",
    "wrong": "密码不对，请重新输入（还可以试 {left} 次）。",
    "set_title": "设置程序密码",
    "change_title": "修改程序密码",
    "current": "当前密码",
    "new": "新密码",
    "again": "再输一遍",
    "hint": "每次打开程序时都要输入这个密码。密码至少{min}位；忘记密码将无法打开台账，请妥善保管。",
    "current_wrong": "当前密码不对。",
    "mismatch": "两次输入的新密码不一样。",
    "empty": "请输入新密码（至少{min}位）。",
    "ok": "确定",
    "cancel": "取消",
}
ERROR_STYLE = "color: #c0392b;"


def _password_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class PasswordPromptDialog(QDialog):
    """Asked at start when a password is set; accepted only with the right password."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.attempts = 0
        self.password_edit = _password_edit(self)
        self.error_label = QLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(TEXT["ok"])
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(TEXT["cancel"])

        self.setWindowTitle(TEXT["prompt_title"].format(app=APP_NAME_CN))
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setVisible(False)

        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(TEXT["password"], self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(TEXT["prompt"], self))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def check(self) -> None:
        if verify_app_password(self.ledger.db, self.password_edit.text()):
            self.accept()
            return
        self.attempts += 1
        if self.attempts >= MAX_ATTEMPTS:
            self.reject()
            return
        self.error_label.setText(TEXT["wrong"].format(left=MAX_ATTEMPTS - self.attempts))
        self.error_label.setVisible(True)
        self.password_edit.clear()
        self.password_edit.setFocus()


class SetPasswordDialog(QDialog):
    """Set a new password, or change it (the current one is asked first)."""

    def __init__(self, ledger: Ledger, *, changing: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.changing = changing
        self.current_edit = _password_edit(self)
        self.new_edit = _password_edit(self)
        self.again_edit = _password_edit(self)
        self.error_label = QLabel(self)
        hint = QLabel(TEXT["hint"].format(min=MIN_LENGTH), self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(TEXT["ok"])
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(TEXT["cancel"])

        self.setWindowTitle(TEXT["change_title" if changing else "set_title"])
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #7f8c8d;")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)

        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        if changing:
            form.addRow(TEXT["current"], self.current_edit)
        else:
            self.current_edit.setVisible(False)
        form.addRow(TEXT["new"], self.new_edit)
        form.addRow(TEXT["again"], self.again_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        if self.changing and not verify_app_password(self.ledger.db, self.current_edit.text()):
            self._error(TEXT["current_wrong"])
            return
        if not self.new_edit.text():
            self._error(TEXT["empty"].format(min=MIN_LENGTH))
            return
        if self.new_edit.text() != self.again_edit.text():
            self._error(TEXT["mismatch"])
            return
        try:
            set_app_password(self.ledger.db, self.new_edit.text() or None, actor=self.ledger.actor)
        except ValidationError as exc:
            self._error(exc.message)
            return
        self.accept()

    def _error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)
