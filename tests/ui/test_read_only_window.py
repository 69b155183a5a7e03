"""The window on a data folder that cannot be written: opened read-only, and it says so (fault 14)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from chuangcheng_desktop.ui.startup import StartupFlow
from tests.core.storage.test_read_only_folder import read_only_data  # noqa: F401 - fixture


def test_the_window_opens_read_only_and_says_so(qtbot, read_only_data):  # noqa: F811
    flow = StartupFlow(read_only_data, settings=QSettings(str(read_only_data.parent / "s.ini"),
                                                          QSettings.Format.IniFormat))
    ledger = flow.open()
    try:
        assert ledger is not None and ledger.db.read_only
        assert any("只读方式打开" in message for message in flow.messages)
    finally:
        ledger.close()


def test_no_automatic_backup_is_attempted_in_read_only_mode(qtbot, read_only_data):  # noqa: F811
    from chuangcheng_desktop.core.storage.ledger import Ledger
    from chuangcheng_desktop.ui.auto_backup import AutoBackup
    from chuangcheng_desktop.ui.main_window import MainWindow

    with Ledger.open_in(read_only_data) as ledger:
        window = MainWindow(ledger, settings=QSettings(str(read_only_data.parent / "w.ini"),
                                                       QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        auto = AutoBackup(window, ledger, show_errors=False)
        assert ledger.db.read_only and not auto.needed()
        assert auto.backup_if_changed() is None
        assert auto.close_requested()
