"""Opening the ledger at start, safely: check, recover, password, recycle bin, warnings.

1. ``startup_check`` (quick_check + foreign_key_check, read-only) before opening;
2. a database from a newer version is refused untouched, with core's Chinese message;
3. a damaged file is kept aside (``set_aside``) and the newest good backup is offered,
   with its date and record counts (or the user starts with an empty ledger, or quits);
0. an encrypted ledger is unlocked first (password or recovery key);
4. the old app password, when one is set;
5. a data folder that cannot be written opens read-only, and the window says so;
   otherwise the recycle bin is emptied of records deleted longer ago than ``recycle_bin_days``;
6. a data folder on a network share or in a cloud-synced folder gets a warning.
"""

from __future__ import annotations

import logging
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from chuangcheng_desktop import APP_NAME_CN, paths
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.safety.backup import BackupInfo, copy_new_attachments, restore_backup
from chuangcheng_desktop.core.safety.locations import storage_warning
from chuangcheng_desktop.core.safety.password import password_required
from chuangcheng_desktop.core.safety.recovery import newest_good_backup, set_aside, startup_check
from chuangcheng_desktop.core.safety.recycle import purge_recycle_bin
from chuangcheng_desktop.core.safety.safety import (
    configured_backups_dir,
    counts_text,
    default_backups_dir,
)
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger
from chuangcheng_desktop.ui.dialogs.password import PasswordPromptDialog, unlock_file

logger = logging.getLogger(__name__)

SETTINGS_BACKUP_DIR = "backup/last_dir"
TEXT = {
    "damaged_title": "台账数据库已损坏",
    "damaged": "{problem}\n\n损坏的文件已另存为“{kept}”（没有删除，可交技术人员查看）。",
    "offer": ("找到一份完好的备份：{day} {time}\n（{counts}）\n\n"
              "恢复这份备份吗？这之后录入的内容需要重新补录。"),
    "no_backup": "没有找到可用的备份。可以从空白台账重新开始，或退出后把备份文件夹找回来再打开。",
    "restore": "恢复这份备份",
    "empty": "从空白台账开始",
    "quit": "退出",
    "restored": "已从 {day} {time} 的备份恢复。",
    "restore_failed": "恢复没有成功：{message}",
    "newer_title": "需要更新版本",
    "open_failed": "无法打开台账",
    "storage_title": "数据文件夹位置不安全",
    "purge_failed": "回收站清理没有完成：%s",
    "read_only": ("数据文件夹“{folder}”是只读的，台账已以只读方式打开：可以查看、统计、导出和打印，"
                  "但不能修改。如需录入或修改，请把数据文件夹复制到有写入权限的位置，"
                  "或请管理员开放写入权限。"),
}


class Recovery(Enum):
    RESTORE = "restore"
    EMPTY = "empty"
    QUIT = "quit"


class StartupFlow:
    """The start-up steps; the questions are methods so tests can answer them."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.database = self.data_dir / DATABASE_FILENAME
        self.parent = parent
        self.settings = settings if settings is not None else QSettings()
        self.kept: Path | None = None
        self.messages: list[str] = []

    def open(self) -> Ledger | None:
        """Run every step; the open ledger, or None when the app should quit."""
        if not self.unlock():  # an encrypted ledger: its password (or recovery key) first
            return None
        folders = self.backup_folders()
        check = startup_check(self.database, folders[0])
        if not check.ok:
            if check.newer_schema:
                QMessageBox.critical(self.parent, TEXT["newer_title"], check.message)
                return None
            if not self.recover(check.message, check.newest_good_backup, folders):
                return None
        try:
            ledger = Ledger.open(self.database)
        except UserFacingError as exc:
            QMessageBox.critical(self.parent, TEXT["open_failed"], exc.message)
            return None
        if not self.admit(ledger):
            ledger.close()
            return None
        if getattr(ledger.db, "read_only", False):  # a folder that cannot be written
            self.messages.append(TEXT["read_only"].format(folder=self.data_dir))
        else:
            self.purge(ledger)
        return ledger

    def admit(self, ledger: Ledger) -> bool:
        """The app password (when one is set) and the storage-location warning; False to
        quit. (``ui.startup_beside`` calls this when it opens before the check.)"""
        if password_required(ledger.db) and not self.ask_password(ledger):
            return False
        warning = storage_warning(self.data_dir)
        if warning:
            QMessageBox.warning(self.parent, TEXT["storage_title"], warning)
        return True

    def backup_folders(self) -> list[Path]:
        """Where backups may be: the folder set in 设置 (read from the file without writing),
        the default folder, and the folder last used on this PC (if the file is unreadable)."""
        folders = [configured_backups_dir(self.database, self.data_dir),
                   default_backups_dir(self.data_dir)]
        remembered = self.settings.value(SETTINGS_BACKUP_DIR)
        if remembered:
            folders.append(Path(str(remembered)))
        unique: list[Path] = []
        for folder in folders:
            if folder not in unique:
                unique.append(folder)
        return unique

    def recover(self, problem: str, backup: BackupInfo | None, folders: list[Path]) -> bool:
        """Keep the damaged file aside and restore or start empty; False to quit."""
        for folder in folders[1:]:
            if backup is not None:
                break
            backup = newest_good_backup(folder)
        self.kept = set_aside(self.database)
        logger.warning("damaged ledger set aside as %s", self.kept)
        choice = self.ask_recovery(TEXT["damaged"].format(problem=problem, kept=self.kept.name),
                                   backup)
        if choice is Recovery.QUIT:
            return False
        if choice is Recovery.RESTORE and backup is not None:
            try:
                restore_backup(backup.path, self.database, backup.path.parent)
                pool = backup.path.parent / "attachments"
                if pool.is_dir():
                    copy_new_attachments(pool, paths.attachments_dir(self.data_dir))
            except (UserFacingError, OSError) as exc:
                message = exc.message if isinstance(exc, UserFacingError) else str(exc)
                QMessageBox.critical(self.parent, TEXT["damaged_title"],
                                     TEXT["restore_failed"].format(message=message))
                return False
            self.messages.append(TEXT["restored"].format(
                day=format_date_cn(backup.taken_at.date()), time=f"{backup.taken_at:%H:%M}"))
        return True

    def ask_recovery(self, text: str, backup: BackupInfo | None) -> Recovery:
        box = QMessageBox(QMessageBox.Icon.Critical, TEXT["damaged_title"], "", parent=self.parent)
        box.setWindowTitle(f"{APP_NAME_CN} — {TEXT['damaged_title']}")
        buttons = {}
        if backup is not None:
            box.setText(text + "\n\n" + TEXT["offer"].format(
                day=format_date_cn(backup.taken_at.date()), time=f"{backup.taken_at:%H:%M}",
                counts=counts_text(backup.counts)))
            buttons[box.addButton(TEXT["restore"], QMessageBox.ButtonRole.AcceptRole)] = \
                Recovery.RESTORE
        else:
            box.setText(text + "\n\n" + TEXT["no_backup"])
        buttons[box.addButton(TEXT["empty"], QMessageBox.ButtonRole.DestructiveRole)] = \
            Recovery.EMPTY
        quit_button = box.addButton(TEXT["quit"], QMessageBox.ButtonRole.RejectRole)
        buttons[quit_button] = Recovery.QUIT
        box.setEscapeButton(quit_button)
        box.exec()
        return buttons.get(box.clickedButton(), Recovery.QUIT)

    def unlock(self) -> bool:
        """True when the ledger is not encrypted or its key is (now) unlocked."""
        return unlock_file(self.database, self.parent)

    def ask_password(self, ledger: Ledger) -> bool:
        dialog = PasswordPromptDialog(ledger, self.parent)
        return dialog.exec() == PasswordPromptDialog.DialogCode.Accepted

    def purge(self, ledger: Ledger) -> None:
        try:
            result = purge_recycle_bin(ledger.db)
        except UserFacingError as exc:
            logger.warning(TEXT["purge_failed"], exc.message)
            return
        if result.total:
            logger.info("purged %d records from the recycle bin", result.total)


def remember_backup_folder(folder: Path, settings: QSettings | None = None) -> None:
    """Remember on this PC where backups went, for a start-up with an unreadable ledger."""
    (settings if settings is not None else QSettings()).setValue(SETTINGS_BACKUP_DIR,
                                                                 str(folder))
