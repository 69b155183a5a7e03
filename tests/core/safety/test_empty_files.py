"""A 0-byte file is never taken for a ledger (fault 3)."""

from __future__ import annotations

from datetime import datetime

import pytest

from chuangcheng_desktop.core.safety.backup import backup_database, restore_backup
from chuangcheng_desktop.core.safety.recovery import startup_check
from chuangcheng_desktop.core.storage.errors import DatabaseError
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample


def _ledger(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities"))
    return path


def test_a_0_byte_restore_source_is_refused_and_the_ledger_kept(tmp_path):
    path = _ledger(tmp_path)
    before = path.read_bytes()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(DatabaseError, match="空文件"):
        restore_backup(empty, path, tmp_path / "backups")
    assert path.read_bytes() == before
    with Ledger.open(path) as ledger:
        assert len(ledger.activities.list()) == 1


def test_an_sqlite_file_without_a_ledger_is_refused_as_a_restore_source(tmp_path):
    import sqlite3

    path = _ledger(tmp_path)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("PRAGMA user_version = 1").close()
    with pytest.raises(DatabaseError):
        restore_backup(other, path, tmp_path / "backups")


def test_a_0_byte_ledger_with_a_backup_is_damage_and_the_backup_offered(tmp_path):
    path = _ledger(tmp_path)
    backup = backup_database(path, tmp_path / "backups", now=datetime(2026, 11, 20, 18))
    path.write_bytes(b"")
    check = startup_check(path, tmp_path / "backups")
    assert not check.ok
    assert "0 字节" in check.message
    assert check.newest_good_backup.path == backup.path


def test_a_0_byte_ledger_without_backups_starts_new(tmp_path):
    path = tmp_path / "chuangcheng.db"
    path.write_bytes(b"")
    assert startup_check(path, tmp_path / "backups").ok
