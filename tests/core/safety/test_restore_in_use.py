"""Restore refuses while another process holds the ledger, and says who (fault 2)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from chuangcheng_desktop.core.safety.backup import backup_database, restore_backup
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample

HOLDER = """
import sys
from chuangcheng_desktop.core.storage.ledger import Ledger
ledger = Ledger.open(sys.argv[1])
ledger.activities.list()
print("ready", flush=True)
sys.stdin.readline()
ledger.activities.add({"title": "恢复后写入", "category": "志愿服务", "date": "2026-05-01"})
ledger.close()
"""


def _env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[3])
    return {**os.environ, "PYTHONPATH": root, "QT_QPA_PLATFORM": "offscreen"}


@pytest.fixture
def ledger_and_backup(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities"))
    backup = backup_database(path, tmp_path / "backups", now=datetime(2026, 11, 20, 18))
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities", title="备份之后"))
    return path, backup


def test_restore_is_refused_while_another_process_has_the_ledger_open(tmp_path, ledger_and_backup):
    path, backup = ledger_and_backup
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=_env())
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = subprocess.run(
            [sys.executable, "-m", "chuangcheng_desktop", "restore", str(backup.path),
             "--data-dir", str(path.parent)], capture_output=True, text=True, env=_env(),
            timeout=60)
        assert result.returncode == 1
        assert "台账正被另一个程序" in result.stderr
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(timeout=60) == 0
    finally:
        holder.kill()
    with Ledger.open(path) as ledger:  # nothing the other process wrote was lost
        titles = {row["title"] for row in ledger.activities.list()}
    assert titles == {sample("activities")["title"], "备份之后", "恢复后写入"}


def test_restore_names_the_window_that_holds_the_data_folder(tmp_path, ledger_and_backup):
    path, backup = ledger_and_backup
    window = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.readline()"],
                              stdin=subprocess.PIPE)
    try:
        (path.parent / "chuangcheng.lock").write_text(
            f"{window.pid}\nchuangcheng\n{socket.gethostname()}\n", encoding="utf-8")
        with pytest.raises(UserFacingError, match=f"一个创城台账窗口（进程号 {window.pid}）"):
            restore_backup(backup.path, path, tmp_path / "backups")
    finally:
        window.kill()
        window.wait()
    restore_backup(backup.path, path, tmp_path / "backups")  # a dead owner's lock is stale
    with Ledger.open(path) as ledger:
        assert len(ledger.activities.list()) == 1
