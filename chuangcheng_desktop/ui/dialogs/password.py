"""The ledger password: asked at start, and set / changed / removed in 设置 → 数据安全.

Setting it encrypts the ledger (``core/safety/encryption.py``, on a worker thread started by
ui/pages/settings_password.py) and shows the recovery key once (:class:`RecoveryKeyDialog`,
with 打印). :class:`UnlockDialog` opens an encrypted ledger at start with the password or the
recovery key. Ledgers from before encryption may still have the old app-password gate
(``core/safety/password.py``): it is still asked (:class:`PasswordPromptDialog`) and can be
changed into an encryption password.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop import APP_NAME_CN
from chuangcheng_desktop.core.safety import encryption
from chuangcheng_desktop.core.safety.password import MIN_LENGTH, verify_app_password
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError
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
    "hint": ("设置后台账和之后的每份备份都加密保存，每次打开都要输入这个密码。密码至少{min}位。"
             "设置时会显示一次恢复密钥：忘记密码时用它打开台账；密码和恢复密钥都没有时，数据无法打开。"),
    "unlock_title": "{app} — 台账已加密",
    "unlock": ("台账已加密，请输入密码。\n忘记密码时，可在这里输入恢复密钥。"
               "没有密码和恢复密钥，台账的数据无法打开。"),
    "unlock_wrong": "密码（或恢复密钥）不正确，台账没有打开（还可以试 {left} 次）。",
    "secret": "密码或恢复密钥",
    "recovery_title": "请保存恢复密钥",
    "recovery": ("台账已加密。下面是恢复密钥，只显示这一次：请抄下或打印，和电脑分开妥善保管。\n"
                 "忘记密码时，用恢复密钥打开台账。密码和恢复密钥都没有时，数据将无法打开。"),
    "print": "打印…",
    "saved": "我已保存好",
    "print_title": "{app} 台账恢复密钥",
    "other_key": ("这份备份是用另一个密码加密的（例如取消密码后又重新设置过）。"
                  "请输入当时的密码或恢复密钥。"),
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


def _ok_cancel(dialog: QDialog, on_ok: Callable[[], object]) -> QDialogButtonBox:
    """确定/取消 under a password dialog: 确定 runs ``on_ok`` (which accepts when the input
    is right), 取消 closes."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(TEXT["ok"])
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(TEXT["cancel"])
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PasswordPromptDialog(QDialog):
    """Asked at start when a password is set; accepted only with the right password."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.attempts = 0
        self.password_edit = _password_edit(self)
        self.error_label = QLabel(self)
        buttons = _ok_cancel(self, self.check)

        self.setWindowTitle(TEXT["prompt_title"].format(app=APP_NAME_CN))
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setVisible(False)


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
    """Set a new password, or change it (the current one is asked first and checked).

    Accepted with ``new_password`` (and ``current``); settings_safety.py then encrypts or
    re-wraps the key on a worker thread and shows the recovery key."""

    def __init__(self, ledger: Ledger, *, changing: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.changing = changing
        self.encrypted = False  # after save(): the ledger was encrypted already (a change)
        self.current = ""
        self.new_password = ""
        self.current_edit = _password_edit(self)
        self.new_edit = _password_edit(self)
        self.again_edit = _password_edit(self)
        self.error_label = QLabel(self)
        hint = QLabel(TEXT["hint"].format(min=MIN_LENGTH), self)
        buttons = _ok_cancel(self, self.save)

        self.setWindowTitle(TEXT["change_title" if changing else "set_title"])
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #7f8c8d;")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)


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
        """Check what was typed (the current password too); accepted when it is all right.
        The caller then does the work off the GUI thread (encrypting takes seconds)."""
        encrypted = cipher.is_encrypted(self.ledger.path)
        current = self.current_edit.text()
        if self.changing and not encrypted and not verify_app_password(self.ledger.db, current):
            self._error(TEXT["current_wrong"])
            return
        if not self.new_edit.text():
            self._error(TEXT["empty"].format(min=MIN_LENGTH))
            return
        if self.new_edit.text() != self.again_edit.text():
            self._error(TEXT["mismatch"])
            return
        try:
            encryption.check_new_password(self.new_edit.text())
            if encrypted:  # a wrong current password is said here, before any work starts
                encryption.unlock(self.ledger.path, current)
        except ValidationError as exc:
            self._error(exc.message)
            return
        except UserFacingError as exc:
            self._error(TEXT["current_wrong"] if exc.message == encryption.TEXT["wrong"]
                        else exc.message)
            return
        self.encrypted, self.current, self.new_password = encrypted, current, self.new_edit.text()
        self.accept()

    def _error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)


class UnlockDialog(QDialog):
    """At start, for an encrypted ledger: the password or the recovery key unlocks it."""

    def __init__(self, database: Path, parent: QWidget | None = None, *,
                 title: str = "", prompt: str = "") -> None:
        super().__init__(parent)
        self.database = Path(database)
        self.attempts = 0
        self.secret = ""
        self.password_edit = _password_edit(self)
        self.error_label = QLabel(self)
        buttons = _ok_cancel(self, self.check)
        label = QLabel(prompt or TEXT["unlock"], self)

        self.setWindowTitle(title or TEXT["unlock_title"].format(app=APP_NAME_CN))
        label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)


        form = QFormLayout()
        form.addRow(TEXT["secret"], self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def check(self) -> None:
        try:
            encryption.unlock(self.database, self.password_edit.text())
        except UserFacingError as exc:
            self.attempts += 1
            if self.attempts >= MAX_ATTEMPTS:
                self.reject()
                return
            wrong = exc.message == encryption.TEXT["wrong"]
            self.error_label.setText(TEXT["unlock_wrong"].format(left=MAX_ATTEMPTS - self.attempts)
                                     if wrong else exc.message)
            self.error_label.setVisible(True)
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self.secret = self.password_edit.text()
        self.accept()


class RecoveryKeyDialog(QDialog):
    """The recovery key, shown once, with 打印."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recovery_key = recovery_key
        text = QLabel(TEXT["recovery"], self)
        self.key_label = QLabel(recovery_key, self)
        self.print_button = QPushButton(TEXT["print"], self)
        done = QPushButton(TEXT["saved"], self)

        self.setWindowTitle(TEXT["recovery_title"])
        text.setWordWrap(True)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(16)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.print_button.clicked.connect(self.print_key)
        done.clicked.connect(self.accept)

        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.key_label)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    def print_document(self) -> QTextDocument:
        document = QTextDocument(self)
        document.setHtml(
            f"<h2>{TEXT['print_title'].format(app=APP_NAME_CN)}</h2>"
            f"<p>{TEXT['recovery']}</p><p style='font-size:20pt; font-family:monospace'>"
            f"<b>{self.recovery_key}</b></p>")
        return document

    def print_key(self) -> bool:
        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        self.print_document().print_(printer)
        return True


def unlock_file(path: Path, parent: QWidget | None = None, *, backup: bool = False) -> bool:
    """True when ``path`` is plain or its key is unlocked, asking for its password if needed
    (the ledger at start; a backup encrypted under an earlier password)."""
    if not cipher.is_encrypted(path):
        return True
    try:
        cipher.file_key(path)
        return True
    except cipher.PasswordRequiredError:
        dialog = UnlockDialog(path, parent, prompt=TEXT["other_key"] if backup else "")
        return dialog.exec() == UnlockDialog.DialogCode.Accepted
