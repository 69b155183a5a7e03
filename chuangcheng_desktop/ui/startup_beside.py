"""The start-up check beside the window, so the window appears at once at street scale.

The full check (``startup_check``: quick_check and foreign keys, 0.76 s on a street-scale
ledger) reads the whole file. When the file is a ledger of this version with nothing to
migrate, opening it writes nothing, so :func:`open_quickly` opens it right away (the
password is still asked first; an encrypted or read-only ledger takes the usual path),
and the window is shown in a “正在检查数据…” state: visible but not editable.
:class:`CheckBeside` runs the check on a worker thread; when it passes the window is
enabled and the recycle bin is emptied of old records (a write, so only now). When it
fails, writing stays blocked: the ledger is closed and the same recovery as at a normal
start is offered, then a window opens on the recovered ledger (or the app quits). Any
other file (new, damaged header, newer or older version) takes the usual path: check
first, then open.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from chuangcheng_desktop.core.safety.recovery import audit_chain_warning, startup_check
from chuangcheng_desktop.core.storage.database import (
    applied_migration_names,
    check_is_sqlite,
    check_schema_version,
)
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.schema import known_migration_names
from chuangcheng_desktop.ui.startup import TEXT as STARTUP_TEXT
from chuangcheng_desktop.ui.startup import StartupFlow
from chuangcheng_desktop.ui.tasks import Task, run_task

logger = logging.getLogger(__name__)

TEXT = {
    "checking": "正在检查数据…（检查完成后即可录入和修改）",
    "checked": "数据检查完成",
    "audit_title": "操作记录校验未通过",
}


def can_open_before_check(flow: StartupFlow) -> bool:
    """The ledger file is a SQLite ledger of this version with no migration to run, so
    opening it writes nothing and the full check can run beside the window."""
    if not flow.database.exists() or not all(os.access(path, os.W_OK)
                                             for path in (flow.database, flow.data_dir)):
        return False  # a read-only folder takes the usual path (it says so, it never purges)
    try:
        check_is_sqlite(flow.database)
        check_schema_version(flow.database)
        return set(applied_migration_names(flow.database)) == set(known_migration_names())
    except UserFacingError:
        return False


def open_quickly(flow: StartupFlow) -> tuple[Ledger | None, bool]:
    """(ledger, check still to run beside the window), or the usual checked start."""
    if not can_open_before_check(flow):
        return flow.open(), False
    try:
        ledger = Ledger.open(flow.database)
    except UserFacingError as exc:
        logger.info("quick open failed, checking first: %s", exc.message)
        return flow.open(), False
    if not flow.admit(ledger):
        ledger.close()
        return None, False
    return ledger, True


def verify_audit_chain(window: QWidget, database: Path) -> Task:
    """Verify the audit log's hash chain on a worker once the window is editable; a broken
    chain is said (the file is kept as it is: evidence, not damage)."""
    task = run_task(lambda _progress, _cancelled: audit_chain_warning(database), window)

    def checked(warning: str) -> None:
        if warning and shiboken6.isValid(window):
            QMessageBox.warning(window, TEXT["audit_title"], warning)

    task.succeeded.connect(checked)
    return task


class CheckBeside(QObject):
    """Runs the start-up check for ``window``'s ledger on a worker thread (see module)."""

    def __init__(self, flow: StartupFlow, window: QMainWindow,
                 reopen: Callable[[Ledger], None]) -> None:
        super().__init__(window)
        self.flow = flow
        self.window = window
        self.reopen = reopen
        self.task: Task | None = None
        self.passed: bool | None = None

    def start(self) -> Task:
        self.window.setEnabled(False)
        self.window.statusBar().showMessage(TEXT["checking"])
        database, backups = self.flow.database, self.flow.backup_folders()[0]
        self.task = run_task(lambda _progress, _cancelled: startup_check(database, backups), self)
        self.task.succeeded.connect(self._checked)
        self.task.failed.connect(self._failed_to_check)
        return self.task

    def _checked(self, check) -> None:
        self.passed = check.ok
        if check.ok:
            self.window.setEnabled(True)
            self.window.statusBar().showMessage(TEXT["checked"], 3000)
            database = self.flow.database
            run_task(lambda _progress, _cancelled: self._purge(database), self)
            verify_audit_chain(self.window, database)
            return
        self.window.ledger.close()  # writing stays blocked: the window is disabled
        if check.newer_schema:
            QMessageBox.critical(self.window, STARTUP_TEXT["newer_title"], check.message)
            QApplication.instance().quit()
            return
        folders = self.flow.backup_folders()
        self.flow.parent = self.window
        if not self.flow.recover(check.message, check.newest_good_backup, folders):
            QApplication.instance().quit()
            return
        try:
            ledger = Ledger.open(self.flow.database)
        except UserFacingError as exc:
            QMessageBox.critical(self.window, STARTUP_TEXT["open_failed"], exc.message)
            QApplication.instance().quit()
            return
        self.reopen(ledger)

    def _failed_to_check(self, message: str) -> None:
        """The check could not run (the file is locked by another program): stay read-only
        and say so, as a start would."""
        self.passed = False
        QMessageBox.critical(self.window, STARTUP_TEXT["open_failed"], message)
        QApplication.instance().quit()

    def _purge(self, database) -> None:
        with Ledger.open(database) as ledger:
            self.flow.purge(ledger)
