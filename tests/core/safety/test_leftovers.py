"""Leftovers of killed backups and restores are removed, unless someone is writing them (fault 6)."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime

from chuangcheng_desktop.core.safety.backup import backup_database, restore_backup
from chuangcheng_desktop.core.safety.recovery import startup_check
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample


def _leftover(path, *, age: float = 3600, journal: bool = False):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    files = [path]
    if journal:
        files.append(path.with_name(path.name + "-journal"))
        files[-1].write_bytes(b"\0" * 512)
    old = time.time() - age
    for file in files:
        os.utime(file, (old, old))
    return files


def _ledger(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities"))
    return path


def test_the_next_backup_removes_a_killed_backups_temp_files(tmp_path):
    path = _ledger(tmp_path)
    backups = tmp_path / "backups"
    backups.mkdir()
    files = _leftover(backups / "chuangcheng-20261101-080000.db.tmp", journal=True)
    backup_database(path, backups, now=datetime(2026, 11, 20, 18))
    assert not any(f.exists() for f in files)
    assert [p.name for p in backups.iterdir()] == ["chuangcheng-20261120-180000.db"]


def test_start_and_restore_remove_a_killed_restores_copy(tmp_path):
    path = _ledger(tmp_path)
    backup = backup_database(path, tmp_path / "backups", now=datetime(2026, 11, 20, 18))
    files = _leftover(path.with_name("chuangcheng.db.restore"))
    assert startup_check(path, tmp_path / "backups").ok
    assert not any(f.exists() for f in files)
    files = _leftover(path.with_name("chuangcheng.db.restore"))
    restore_backup(backup.path, path, tmp_path / "backups")
    assert not any(f.exists() for f in files)


def test_a_temp_file_being_written_is_kept(tmp_path):
    path = _ledger(tmp_path)
    backups = tmp_path / "backups"
    backups.mkdir()
    fresh = _leftover(backups / "chuangcheng-20261101-080000.db.tmp", age=0)[0]
    locked = _leftover(backups / "chuangcheng-20261101-090000.db.tmp")[0]
    writer = sqlite3.connect(locked)
    writer.isolation_level = None
    writer.execute("BEGIN IMMEDIATE")
    try:
        backup_database(path, backups, now=datetime(2026, 11, 20, 18))
        assert fresh.exists() and locked.exists()
    finally:
        writer.close()
