"""The start-up check runs beside a window shown at once: not editable until it passes;
a failed check keeps writing blocked and offers recovery, then a window on the result."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QMessageBox

from chuangcheng_desktop.core.safety.backup import backup_database
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.main_window import MainWindow
from chuangcheng_desktop.ui.startup import Recovery, StartupFlow
from chuangcheng_desktop.ui.startup_beside import CheckBeside, can_open_before_check, open_quickly
from tests.conftest import sample


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "data"
    with Ledger.open(folder / "chuangcheng.db") as ledger:
        ledger.activities.add_many([sample("activities", title=f"活动{n}", content="内容" * 200)
                                    for n in range(300)])
    return folder


def test_a_healthy_ledger_opens_at_once_and_is_editable_after_the_check(qtbot, folder):
    flow = StartupFlow(folder)
    ledger, pending = open_quickly(flow)
    assert pending and ledger is not None
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.show()
    reopened = []
    check = CheckBeside(flow, window, reopened.append)
    check.start()
    assert not window.isEnabled() and "正在检查数据" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: check.passed is not None, timeout=10000)
    assert check.passed and window.isEnabled() and not reopened
    ledger.close()


def test_a_ledger_needing_a_migration_or_missing_is_checked_first(tmp_path, folder):
    assert not can_open_before_check(StartupFlow(tmp_path / "empty"))
    with Ledger.open(folder / "chuangcheng.db") as ledger, ledger.db.atomic():
        ledger.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0010_search_fts'")
    assert not can_open_before_check(StartupFlow(folder))


def test_damage_found_beside_the_window_blocks_writing_and_offers_recovery(
        qtbot, folder, monkeypatch):
    path = folder / "chuangcheng.db"
    backup_database(path, folder / "backups", now=datetime(2026, 11, 20, 18, 5))
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 40960] = b"\xff" * 40960  # pages in the middle overwritten
    path.write_bytes(bytes(data))
    asked = []
    monkeypatch.setattr(StartupFlow, "ask_recovery",
                        lambda self, text, backup: asked.append(backup) or Recovery.RESTORE)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(str(a)))
    flow = StartupFlow(folder)
    ledger, pending = open_quickly(flow)
    assert pending
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.show()
    reopened: list[Ledger] = []
    check = CheckBeside(flow, window, reopened.append)
    check.start()
    qtbot.waitUntil(lambda: bool(reopened), timeout=10000)
    assert check.passed is False and not window.isEnabled()
    assert asked and asked[0] is not None and flow.kept is not None and flow.kept.exists()
    assert reopened[0].activities.count() == 300
    reopened[0].close()


def test_a_broken_audit_chain_is_said_after_editing_is_enabled(qtbot, folder, monkeypatch):
    """The chain is verified on a worker once the check passed (it no longer delays
    editing), and a broken chain is said; the window stays editable."""
    import sqlite3

    database = folder / "chuangcheng.db"
    conn = sqlite3.connect(database)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = '别人' WHERE rowid = (SELECT min(rowid) FROM audit_log)")
    conn.commit()
    conn.close()
    warned = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: warned.append((title, text)))
    flow = StartupFlow(folder)
    ledger, pending = open_quickly(flow)
    assert pending  # the check runs beside the window
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.show()
    check = CheckBeside(flow, window, lambda _ledger: None)
    check.start()
    qtbot.waitUntil(lambda: bool(warned), timeout=10000)
    assert check.passed and window.isEnabled()
    assert warned[0][0] == "操作记录校验未通过" and "第 1 条" in warned[0][1]
    ledger.close()
