"""A restore source passes the same checks as the start-up (fault 12)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from chuangcheng_desktop.core.safety.backup import backup_database, restore_backup, verify_backup
from chuangcheng_desktop.core.safety.recovery import newest_good_backup, startup_check
from chuangcheng_desktop.core.storage.errors import DatabaseError
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample


def test_a_backup_with_broken_references_is_refused_and_not_offered(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        activity = ledger.activities.add(sample("activities"))
        volunteer = ledger.volunteers.add(sample("volunteers"))
        ledger.service_records.add({"activity_id": activity["id"],
                                    "volunteer_id": volunteer["id"], "minutes": 60})
    backup = backup_database(path, tmp_path / "backups", now=datetime(2026, 11, 20, 18))
    conn = sqlite3.connect(backup.path)  # foreign keys off: as a faulty tool would
    conn.execute("DELETE FROM volunteers")
    conn.commit()
    conn.close()
    verify_backup(backup.path)  # integrity_check alone says ok
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="引用了不存在的记录"):
        restore_backup(backup.path, path, tmp_path / "backups")
    assert path.read_bytes() == before
    assert startup_check(path, tmp_path / "backups").ok
    assert newest_good_backup(tmp_path / "backups") is None
