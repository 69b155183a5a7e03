"""Start-up: damaged file → set aside → newest good backup offered and restored; newer
schema refused untouched; password asked; recycle bin emptied; location warned."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox

from chuangcheng_desktop.core.safety.backup import backup_database
from chuangcheng_desktop.core.safety.password import set_app_password
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.schema import MIGRATION_SET
from chuangcheng_desktop.ui import startup as startup_module
from chuangcheng_desktop.ui.startup import Recovery, StartupFlow, remember_backup_folder
from tests.conftest import sample


@pytest.fixture
def shown(monkeypatch):
    messages: list[tuple[str, str]] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind,
                            lambda parent, title, text, *a, _k=kind, **kw:
                            messages.append((_k, text)))
    return messages


@pytest.fixture
def damaged(tmp_path):
    """A data folder whose ledger was backed up (2 activities) and then damaged."""
    folder = tmp_path / "data"
    path = folder / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.activities.add_many([sample("activities", title=f"活动{n}") for n in range(2)])
    (folder / "attachments" / "ab").mkdir(parents=True)
    (folder / "attachments" / "ab" / "ab1.jpg").write_bytes(b"photo")
    backup_database(path, folder / "backups", attachments_dir=folder / "attachments",
                    now=datetime(2026, 11, 20, 18, 5))
    (folder / "attachments" / "ab" / "ab1.jpg").unlink()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])  # truncated: the PC lost power mid-copy
    return folder


def _answer(monkeypatch, choice):
    asked = []

    def ask(self, text, backup):
        asked.append((text, backup))
        return choice

    monkeypatch.setattr(StartupFlow, "ask_recovery", ask)
    return asked


def test_damaged_file_is_kept_aside_and_the_backup_restored(damaged, monkeypatch, shown):
    asked = _answer(monkeypatch, Recovery.RESTORE)
    flow = StartupFlow(damaged)
    ledger = flow.open()
    assert ledger is not None
    try:
        assert [r["title"] for r in ledger.activities.list(None)] in (["活动0", "活动1"],
                                                                     ["活动1", "活动0"])
    finally:
        ledger.close()
    text, backup = asked[0]
    assert backup.taken_at == datetime(2026, 11, 20, 18, 5) and backup.counts["activities"] == 2
    assert flow.kept.exists() and "损坏" in flow.kept.name and flow.kept.name in text
    assert flow.messages == ["已从 2026年11月20日 18:05 的备份恢复。"]
    assert (damaged / "attachments" / "ab" / "ab1.jpg").read_bytes() == b"photo"


def test_the_offer_names_the_backup_date(damaged, qtbot, monkeypatch):
    seen = []

    def exec_box(box):
        seen.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    flow = StartupFlow(damaged)
    choice = flow.ask_recovery("已损坏", startup_module.newest_good_backup(damaged / "backups"))
    assert choice is Recovery.QUIT  # closing the box quits
    assert "2026年11月20日 18:05" in seen[0] and "活动2条" in seen[0]


def test_start_empty_keeps_the_damaged_file(damaged, monkeypatch, shown):
    _answer(monkeypatch, Recovery.EMPTY)
    flow = StartupFlow(damaged)
    ledger = flow.open()
    assert ledger is not None and ledger.activities.count() == 0
    ledger.close()
    assert flow.kept.exists()


def test_quit_leaves_the_damaged_file_aside_and_opens_nothing(damaged, monkeypatch, shown):
    _answer(monkeypatch, Recovery.QUIT)
    flow = StartupFlow(damaged)
    assert flow.open() is None
    assert flow.kept.exists() and not (damaged / "chuangcheng.db").exists()


def test_backup_folder_remembered_on_this_pc_is_searched(tmp_path, monkeypatch, shown):
    folder = tmp_path / "data"
    with Ledger.open(folder / "chuangcheng.db") as ledger:
        ledger.activities.add(sample("activities"))
    usb = tmp_path / "U盘备份"
    backup_database(folder / "chuangcheng.db", usb)
    remember_backup_folder(usb)
    (folder / "chuangcheng.db").write_bytes(b"garbage" * 1000)
    asked = _answer(monkeypatch, Recovery.RESTORE)
    ledger = StartupFlow(folder).open()
    assert asked[0][1].path.parent == usb
    assert ledger.activities.count() == 1
    ledger.close()


def test_newer_schema_is_refused_untouched(tmp_path, shown):
    path = tmp_path / "data" / "chuangcheng.db"
    Ledger.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES (?, '9999_future', 'x')", [MIGRATION_SET])
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert StartupFlow(path.parent).open() is None
    assert shown[0][0] == "critical" and "更新版本" in shown[0][1]
    assert path.read_bytes() == before
    # a read-only look at a WAL database may leave an empty -wal and an -shm beside it
    extra = {p.name for p in path.parent.iterdir()} - {"chuangcheng.db"}
    assert extra <= {"chuangcheng.db-wal", "chuangcheng.db-shm"}
    wal = path.with_name("chuangcheng.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_password_is_asked_and_cancel_quits(tmp_path, monkeypatch, shown):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        set_app_password(ledger.db, "abc123", actor="甲")
    monkeypatch.setattr(StartupFlow, "ask_password", lambda self, ledger: False)
    assert StartupFlow(path.parent).open() is None
    monkeypatch.setattr(StartupFlow, "ask_password", lambda self, ledger: True)
    ledger = StartupFlow(path.parent).open()
    assert ledger is not None
    ledger.close()


def test_recycle_bin_purged_and_location_warned(tmp_path, monkeypatch, shown):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        row = ledger.activities.add(sample("activities"))
        ledger.activities.soft_delete(row["id"])
        ledger.db.execute("UPDATE activities SET deleted_at = ?",
                          [(datetime.now() - timedelta(days=40)).isoformat(timespec="seconds")])
    monkeypatch.setattr(startup_module, "storage_warning", lambda folder: "在网络共享位置上")
    ledger = StartupFlow(path.parent).open()
    try:
        assert ledger.activities.count() == 0
        assert ledger.db.execute("SELECT count(*) FROM activities").fetchone()[0] == 0
    finally:
        ledger.close()
    assert shown == [("warning", "在网络共享位置上")]
