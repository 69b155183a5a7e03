"""Automatic backups while the window is open: every N minutes of use and on close,
only when something changed, off the GUI thread, with progress in the status bar.

Whether anything changed is decided by core (the audit log's change marker against the
newest backup), so a backup taken from 设置 → 数据安全 or the command line counts too.
A failed backup shows in red in the status bar and in a message; it is never silent.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStatusBar

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.safety.backup import Progress
from chuangcheng_desktop.core.safety.safety import BackupResult, backup_needed, backups_dir_for, take_backup
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.settings import get_setting
from chuangcheng_desktop.ui.startup import remember_backup_folder
from chuangcheng_desktop.ui.tasks import Task, run_task

logger = logging.getLogger(__name__)

TEXT = {
    "running": "正在自动备份… {percent}%",
    "done": "已自动备份（{day} {time}）",
    "failed_status": "自动备份失败，请查看提示",
    "failed_title": "自动备份没有成功",
    "failed": "{message}\n\n台账数据本身没有受影响。请在“设置 → 数据安全”中检查备份文件夹。",
    "closing": "正在备份，备份完成后自动关闭…",
}
OK_STYLE = "color: #27ae60;"
FAILED_STYLE = "color: #c0392b; font-weight: bold;"


class AutoBackup(QObject):
    """Attach to a main window: ``AutoBackup(window, ledger)``."""

    started = Signal()
    succeeded = Signal(object)  # BackupResult
    failed = Signal(str)

    def __init__(self, window: QMainWindow, ledger: Ledger, *, data_dir: Path | None = None,
                 show_errors: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.ledger = ledger
        self.data_dir = Path(data_dir) if data_dir else ledger.path.parent
        self.show_errors = show_errors
        self.task: Task | None = None
        self.last_error = ""
        self._close_after = False
        self.timer = QTimer(self)
        self.label = QLabel(window)
        self.label.setObjectName("backupStatus")

        self.timer.setSingleShot(False)
        self.apply_interval()
        self.timer.timeout.connect(self.backup_if_changed)
        status: QStatusBar = window.statusBar()
        status.addPermanentWidget(self.label)
        self.timer.start()

    def apply_interval(self) -> None:
        """Re-read ``backup_interval_minutes`` (after 设置 changed it)."""
        minutes = int(get_setting(self.ledger.db, "backup_interval_minutes"))
        self.timer.setInterval(minutes * 60 * 1000)

    def backups_dir(self) -> Path:
        return backups_dir_for(self.ledger.db, self.data_dir)

    def needed(self) -> bool:
        if getattr(self.ledger.db, "read_only", False):  # read-only mode: nothing can change
            return False
        try:
            return backup_needed(self.ledger.db, self.backups_dir())
        except Exception:  # a closed ledger during restore, an unreadable folder …
            logger.exception("could not decide whether a backup is needed")
            return False

    @property
    def running(self) -> bool:
        return self.task is not None

    def backup_if_changed(self) -> Task | None:
        if self.running or not self.needed():
            return None
        return self.backup_now()

    def backup_now(self) -> Task:
        """Start a backup (and rotation) on a worker thread; returns its task."""
        if self.task is not None:
            return self.task
        database, folder = self.ledger.path, self.backups_dir()
        attachments = paths.attachments_dir(self.data_dir)

        def work(progress: Progress, _cancelled) -> BackupResult:
            return take_backup(database, folder, attachments_dir=attachments, progress=progress)

        self.task = run_task(work, self)
        self.task.progress.connect(self._on_progress)
        self.task.succeeded.connect(self._on_succeeded)
        self.task.failed.connect(self._on_failed)
        task = self.task
        self.task.finished.connect(lambda: self._on_finished(task))  # its own completion only
        self.label.setStyleSheet("")
        self.label.setText(TEXT["running"].format(percent=0))
        self.started.emit()
        return self.task

    # --- closing ---------------------------------------------------------------------------

    def close_requested(self) -> bool:
        """Called by the window's closeEvent: True when it may close now; otherwise a
        backup is running (or was started) and the window is closed again when it ends."""
        if self._close_after and not self.running:
            return True
        if not self.running and not self.needed():
            return True
        self._close_after = True
        self.timer.stop()
        if not self.running:
            self.backup_now()
        self.label.setText(TEXT["closing"])
        return False

    # --- results ---------------------------------------------------------------------------

    def _on_progress(self, percent: int, _step: str) -> None:
        self.label.setText(TEXT["running"].format(percent=percent))

    def _on_succeeded(self, result: BackupResult) -> None:
        self.last_error = ""
        remember_backup_folder(result.info.path.parent)
        taken = result.info.taken_at
        self.label.setStyleSheet(OK_STYLE)
        self.label.setText(TEXT["done"].format(day=format_date_cn(taken.date()),
                                               time=f"{taken:%H:%M}"))
        self.succeeded.emit(result)

    def _on_failed(self, message: str) -> None:
        self.last_error = message
        logger.warning("automatic backup failed: %s", message)
        self.label.setStyleSheet(FAILED_STYLE)
        self.label.setText(TEXT["failed_status"])
        self.label.setToolTip(message)
        self.failed.emit(message)
        if self.show_errors:
            QMessageBox.warning(self.window, TEXT["failed_title"],
                                TEXT["failed"].format(message=message))

    def _on_finished(self, task: Task) -> None:
        if task is not self.task:
            return
        task.deleteLater()
        self.task = None
        if self._close_after:
            self.window.close()
