"""Start-up check: truncated and bit-flipped files are detected and routed to recovery."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from chuangcheng_desktop.core.safety.backup import backup_database
from chuangcheng_desktop.core.safety.recovery import set_aside, startup_check
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.schema import MIGRATION_SET
from tests.conftest import sample


def _ledger_with_backup(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.activities.add_many([sample("activities", title=f"活动{n}") for n in range(400)])
    backup = backup_database(path, tmp_path / "backups", now=datetime(2026, 11, 20, 18))
    return path, backup


def test_a_healthy_file_passes(tmp_path):
    path, _ = _ledger_with_backup(tmp_path)
    assert startup_check(path, tmp_path / "backups").ok


def test_truncated_file_is_detected_and_the_backup_offered(tmp_path):
    path, backup = _ledger_with_backup(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    check = startup_check(path, tmp_path / "backups")
    assert not check.ok
    assert "损坏" in check.message
    assert check.newest_good_backup.path == backup.path


def test_bit_flipped_file_is_detected(tmp_path):
    path, _ = _ledger_with_backup(tmp_path)
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, len(data), 4096):  # flip bits in every page but the header
        data[offset + 100] ^= 0xFF
    path.write_bytes(bytes(data))
    assert not startup_check(path, tmp_path / "backups").ok


def test_set_aside_keeps_the_damaged_file(tmp_path):
    path, _ = _ledger_with_backup(tmp_path)
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    kept = set_aside(path, now=datetime(2026, 11, 23, 8, 15))
    assert kept.name == "chuangcheng.损坏-20261123-081500.db"
    assert kept.exists() and not path.exists()


def test_newer_schema_is_reported_as_such_and_untouched(tmp_path):
    path, _ = _ledger_with_backup(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES (?, '9999_future', 'x')", [MIGRATION_SET])
    conn.commit()
    conn.close()
    before = path.read_bytes()
    check = startup_check(path, tmp_path / "backups")
    assert not check.ok and check.newer_schema
    assert path.read_bytes() == before


def test_a_file_locked_by_another_program_is_not_called_damaged(tmp_path, monkeypatch):
    import pytest

    from chuangcheng_desktop.core.storage import database as database_module
    from chuangcheng_desktop.core.storage.errors import DatabaseError

    path, _ = _ledger_with_backup(tmp_path)
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("DELETE FROM settings")
    try:
        with pytest.raises(DatabaseError, match="占用"):
            startup_check(path, tmp_path / "backups")
    finally:
        holder.rollback()
        holder.close()
    assert path.exists() and startup_check(path, tmp_path / "backups").ok
