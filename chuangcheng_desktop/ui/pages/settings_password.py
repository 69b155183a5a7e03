"""设置 → 数据安全 → 台账密码: set, change or remove the ledger password.

The dialogs (ui/dialogs/password.py) ask and check what is typed; the work itself —
encrypting or decrypting the whole ledger file (seconds at street scale), or re-wrapping
the data key — runs on a worker thread through ``ui.tasks.run_with_progress``, with the
core functions of ``core/safety/encryption.py`` that the ``password`` command uses too.
A re-encryption replaces the ledger file, so the window's connection is closed and the
window held first, then reopened whether it worked or not: the shape of a restore
(settings_safety.py). There is no 取消: the old file stays whole until the verified copy
is renamed over it, and a task stopped at that point would leave the window unsure which
file it has; the dialog says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout

from chuangcheng_desktop.core.safety import encryption
from chuangcheng_desktop.core.safety.backup import Progress
from chuangcheng_desktop.core.safety.password import password_required, set_app_password
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.ui.dialogs.password import RecoveryKeyDialog, SetPasswordDialog, UnlockDialog
from chuangcheng_desktop.ui.tasks import Task, run_with_progress

TEXT = {
    "box": "台账密码（加密）",
    "on": "已设置：台账和之后的备份都已加密，每次打开都要输入密码（或恢复密钥）。",
    "gate": "已设置旧版程序密码（台账没有加密）。点“修改密码”可改为加密的台账密码。",
    "off": "未设置：台账没有加密，打开程序不需要密码。",
    "set": "设置密码…",
    "change": "修改密码…",
    "remove": "取消密码",
    "remove_question": "取消后台账不再加密，打开程序不再需要密码。确定取消吗？",
    "remove_prompt": "请输入当前密码（或恢复密钥）以取消密码、解密台账。",
    "saved": "台账密码已保存。",
    "removed": "台账密码已取消，台账已解密。",
    "encrypting": "正在加密台账…",
    "decrypting": "正在解除加密…",
    "changing": "正在修改密码…",
    "starting": "正在准备…",
    "no_cancel": "（台账越大越久；这一步不能中途取消，请稍候。出错时台账保持原样。）",
    "failed": "台账密码没有改动",
}


class PasswordBox(QGroupBox):
    """The password group of the 数据安全 tab (``owner``: the SafetyTab, whose ledger,
    busy check, window hold, status line and audit viewer it uses).

    ``finished(bool)`` after a set / change / remove ended (True: done)."""

    finished = Signal(bool)

    def __init__(self, owner: Any) -> None:
        super().__init__(TEXT["box"], owner)
        self.owner = owner
        self.task: Task | None = None  # the last one started (for tests)
        self.running = False
        # create
        self.label = QLabel(self)
        self.set_button = QPushButton(self)
        self.remove_button = QPushButton(TEXT["remove"], self)
        # configure
        self.label.setWordWrap(True)
        # connect
        self.set_button.clicked.connect(self.set_password)
        self.remove_button.clicked.connect(self.remove_password)
        # assemble
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addLayout(buttons)

    @property
    def ledger(self) -> Any:
        return self.owner.ledger

    def load(self) -> None:
        encrypted = cipher.is_encrypted(self.ledger.path)
        has_password = encrypted or password_required(self.ledger.db)
        self.label.setText(TEXT["on" if encrypted else "gate" if has_password else "off"])
        self.set_button.setText(TEXT["change" if has_password else "set"])
        self.remove_button.setEnabled(has_password and not self.running)
        self.set_button.setEnabled(not self.running)

    def set_password(self) -> bool:
        """Ask the new password (and the current one); encrypt or re-wrap on a worker."""
        if self.owner._busy():
            return False
        changing = cipher.is_encrypted(self.ledger.path) or password_required(self.ledger.db)
        dialog = SetPasswordDialog(self.ledger, changing=changing, parent=self)
        if dialog.exec() != SetPasswordDialog.DialogCode.Accepted:
            return False
        database, actor = self.ledger.path, self.ledger.actor
        current, new = dialog.current, dialog.new_password
        if dialog.encrypted:  # the data key re-wrapped: the ledger file stays as it is
            self._run("changing", lambda _progress: encryption.change_password(
                database, current, new, actor=actor), replaces_file=False)
        else:  # also an old app-password gate: it becomes an encryption password
            def encrypted(recovery_key: str) -> None:
                encryption.clear_old_gate(self.ledger)
                RecoveryKeyDialog(recovery_key, self).exec()  # shown this once

            self._run("encrypting", lambda progress: encryption.set_password(
                database, new, actor=actor, progress=progress), replaces_file=True,
                done=encrypted)
        return True

    def remove_password(self) -> bool:
        """Ask the current password, then decrypt on a worker (or drop an old gate)."""
        answer = QMessageBox.question(self, TEXT["box"], TEXT["remove_question"],
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes or self.owner._busy():
            return False
        if not cipher.is_encrypted(self.ledger.path):
            set_app_password(self.ledger.db, None, actor=self.ledger.actor)
            self._done("removed")
            return True
        prompt = UnlockDialog(self.ledger.path, self, title=TEXT["box"],
                              prompt=TEXT["remove_prompt"])
        if prompt.exec() != UnlockDialog.DialogCode.Accepted:
            return False
        database, actor, secret = self.ledger.path, self.ledger.actor, prompt.secret
        self._run("decrypting", lambda progress: encryption.remove_password(
            database, secret, actor=actor, progress=progress), replaces_file=True)
        return True

    def _run(self, kind: str, call: Callable[[Progress], Any], *, replaces_file: bool,
             done: Callable[[Any], None] | None = None) -> Task:
        title = TEXT[kind]

        def work(progress: Progress, _cancelled: Callable[[], bool]) -> Any:
            def report(percent: int, step: str) -> None:
                progress(percent, f"{title}\n{step}\n{TEXT['no_cancel']}")

            report(1, TEXT["starting"])
            return call(report)

        self.running = True
        self.load()
        if replaces_file:
            self.owner._hold_window(True)
            self.ledger.close()

        def reopen() -> None:
            self.running = False
            if replaces_file:
                self.ledger.reconnect()
                self.owner._hold_window(False)

        def succeeded(result: Any) -> None:
            reopen()
            if done is not None:
                done(result)
            self._done("removed" if kind == "decrypting" else "saved")

        def failed(_message: str) -> None:  # run_with_progress shows the message
            reopen()
            self.load()
            self.finished.emit(False)

        task = self.task = run_with_progress(self, work, succeeded,
                                             f"{title}\n{TEXT['no_cancel']}", TEXT["failed"],
                                             cancellable=False)
        task.failed.connect(failed)
        return task

    def _done(self, message: str) -> None:
        self.load()
        self.owner.audit.reload()
        self.owner.status_label.setStyleSheet("")
        self.owner.status_label.setText(TEXT[message])
        self.finished.emit(True)
