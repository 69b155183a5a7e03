"""Starting the window: QApplication, opening the ledger, and errors shown as dialogs."""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from chuangcheng_desktop import APP_NAME_CN, paths
from chuangcheng_desktop.core.errors import UserFacingError
from chuangcheng_desktop.core.ledger import Ledger
from chuangcheng_desktop.ui.main_window import MainWindow

logger = logging.getLogger(__name__)


def open_demo_ledger() -> Ledger:
    """A fresh community-scale demo ledger in a new temporary folder."""
    from chuangcheng_desktop.core.demo import generate_demo_data

    folder = Path(tempfile.mkdtemp(prefix="chuangcheng-demo-"))
    paths.init(folder)
    ledger = Ledger.open_in(folder)
    generate_demo_data(ledger, paths.attachments_dir(folder), scale="community")
    return ledger


def run_app(*, data_dir: str | None = None, demo: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME_CN)
    app.setOrganizationName("chuangcheng-desktop")
    try:
        if demo:
            ledger = open_demo_ledger()
        else:
            paths.init(data_dir)
            ledger = Ledger.open_in(paths.data_dir())
    except UserFacingError as exc:
        QMessageBox.critical(None, APP_NAME_CN, exc.message)
        return 1
    window = MainWindow(ledger)
    window.show()
    try:
        return app.exec()
    finally:
        ledger.close()
