"""Starting the window: QApplication, one instance per data folder, the safe start-up
(ui/startup.py), automatic backups, and errors shown as dialogs."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QSettings, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from chuangcheng_desktop import APP_NAME_CN, paths
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.auto_backup import AutoBackup
from chuangcheng_desktop.ui.demo_mode import DemoSession
from chuangcheng_desktop.ui.main_window import MainWindow
from chuangcheng_desktop.ui.single_instance import TEXT as INSTANCE_TEXT
from chuangcheng_desktop.ui.single_instance import Claim, SingleInstance
from chuangcheng_desktop.ui.startup import StartupFlow
from chuangcheng_desktop.ui.startup_beside import CheckBeside, open_quickly, verify_audit_chain
from chuangcheng_desktop.ui.widgets.current_user import CurrentUserDialog, needs_naming

logger = logging.getLogger(__name__)


def keep_settings_in(folder: Path) -> None:
    """Window settings live in the data folder (an .ini file), like everything the app
    writes: nothing in the registry or ~/.config, and portable mode stays portable."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))


def install_chinese_translations(app: QApplication) -> bool:
    """Qt's own words (Yes/No/Cancel, file dialogs, print preview) in Chinese."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        logger.warning("Qt's Chinese translation not found in %s", folder)
        return False
    app.installTranslator(translator)
    return True


def run_app(*, data_dir: str | None = None, demo: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME_CN)
    app.setOrganizationName("chuangcheng-desktop")
    install_chinese_translations(app)
    if demo:  # a temporary folder removed on exit, or an empty --data-dir (ui/demo_mode.py)
        session = DemoSession(data_dir)
        try:
            try:
                ledger = session.open()
            except UserFacingError as exc:
                QMessageBox.critical(None, APP_NAME_CN, exc.message)
                return 1
            keep_settings_in(session.folder)
            return _run_window(app, ledger, None, demo=session)
        finally:
            session.close()
    folder = paths.init(data_dir)
    # one window per data folder: a second copy brings the first forward and writes nothing
    instance = SingleInstance(folder)
    claim = instance.claim()
    if claim is Claim.RAISED:
        logger.info("another window has %s; it was brought forward", folder)
        return 0
    if claim is Claim.IN_USE:
        QMessageBox.critical(None, APP_NAME_CN, INSTANCE_TEXT["in_use"].format(folder=folder))
        return 1
    try:
        keep_settings_in(folder)
        flow = StartupFlow(folder)  # check, recover, password, recycle bin, location warning
        try:
            # A ledger of this version opens at once; its check then runs beside the window.
            ledger, check_pending = open_quickly(flow)
        except UserFacingError as exc:
            QMessageBox.critical(None, APP_NAME_CN, exc.message)
            return 1
        if ledger is None:
            return 1
        return _run_window(app, ledger, instance, flow.messages,
                           check_beside=flow if check_pending else None)
    finally:
        instance.release()


def _run_window(app: QApplication, ledger: Ledger, instance: SingleInstance | None,
                messages: list[str] | None = None, *, demo: DemoSession | None = None,
                check_beside: StartupFlow | None = None) -> int:
    app.setWindowIcon(QIcon(str(paths.resource_path("icons", "app.png"))))
    opened, windows = [ledger], []

    def show(current: Ledger) -> MainWindow:
        window = MainWindow(current)
        if demo is not None:
            demo.mark(window)
        if instance is not None:  # not for --demo: a throw-away folder needs no backups
            instance.activation_requested.connect(window.bring_forward)
            window.auto_backup = AutoBackup(window, current)
        window.show_fitted()
        windows.append(window)
        return window

    window = show(ledger)
    if check_beside is not None:
        def reopen(recovered: Ledger) -> None:  # the check failed and recovery succeeded
            opened.append(recovered)
            verify_audit_chain(show(recovered), recovered.path)
            window.auto_backup = None  # its ledger is closed: nothing to back up on close
            window.close()
            for message in check_beside.messages:
                QMessageBox.information(None, APP_NAME_CN, message)

        window.startup_check = CheckBeside(check_beside, window, reopen)
        window.startup_check.start()
    else:  # checked before the window: the audit chain now, beside it
        verify_audit_chain(window, ledger.path)
    for message in messages or []:
        QMessageBox.information(window, APP_NAME_CN, message)
    if instance is not None and needs_naming(ledger):  # first start: who is using the app
        CurrentUserDialog(ledger, window).exec()
    try:
        return app.exec()
    finally:
        for each in opened:
            each.close()
