"""A hot rollback journal is rolled back, and a set-aside keeps the file with its journals (fault 4)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

from chuangcheng_desktop.core.safety.backup import backup_database, restore_backup
from chuangcheng_desktop.core.safety.integrity import check_database
from chuangcheng_desktop.core.safety.recovery import set_aside, startup_check
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample

KILLED_IN_ROLLBACK_MODE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.isolation_level = None
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("PRAGMA cache_size = 10")  # spill: the journal is synced, hence hot
conn.execute("BEGIN")
conn.execute("UPDATE activities SET content = hex(randomblob(3000))")
os._exit(9)  # killed before COMMIT
"""


def _restored_ledger(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.activities.add_many([sample("activities", title=f"活动{n}") for n in range(300)])
    backup = backup_database(path, tmp_path / "backups", now=datetime(2026, 11, 20, 18))
    restore_backup(backup.path, path, tmp_path / "backups")  # the restored file is in rollback mode
    return path


def _kill_mid_transaction(path) -> None:
    subprocess.run([sys.executable, "-c", KILLED_IN_ROLLBACK_MODE, str(path)], check=False)
    assert path.with_name(path.name + "-journal").stat().st_size > 0


def test_a_hot_journal_is_rolled_back_at_start_and_nothing_is_lost(tmp_path):
    path = _restored_ledger(tmp_path)
    _kill_mid_transaction(path)
    assert startup_check(path, tmp_path / "backups").ok
    assert not path.with_name(path.name + "-journal").exists()
    with Ledger.open(path) as ledger:
        rows = ledger.db.execute(
            "SELECT count(*), max(length(content)) FROM activities").fetchone()
    assert rows == (300, len(sample("activities")["content"]))


def test_open_and_check_roll_back_a_hot_journal(tmp_path):
    path = _restored_ledger(tmp_path)
    _kill_mid_transaction(path)
    assert check_database(path).ok
    _kill_mid_transaction(path)
    with Ledger.open(path) as ledger:
        assert ledger.db.execute("SELECT count(*) FROM activities").fetchone()[0] == 300


def test_a_leftover_journal_does_not_damage_a_restored_backup(tmp_path):
    path = _restored_ledger(tmp_path)
    backup = backup_database(path, tmp_path / "backups", now=datetime(2026, 11, 21, 18))
    _kill_mid_transaction(path)
    path.rename(tmp_path / "moved-away.db")  # as the old set-aside did, leaving the journal
    restore_backup(backup.path, path, tmp_path / "backups")
    assert not path.with_name(path.name + "-journal").exists()
    assert startup_check(path, tmp_path / "backups").ok
    assert check_database(path).ok


def test_set_aside_moves_the_journals_and_never_overwrites_an_earlier_one(tmp_path):
    path = tmp_path / "chuangcheng.db"
    moment = datetime(2026, 11, 23, 8, 15)
    kept = []
    for n in range(3):
        path.write_bytes(b"SQLite format 3\x00" + bytes([n]) * 200)
        path.with_name(path.name + "-journal").write_bytes(b"journal %d" % n)
        kept.append(set_aside(path, now=moment))
    assert len(set(kept)) == 3
    for n, file in enumerate(kept):
        assert file.read_bytes()[16] == n
        assert file.with_name(file.name + "-journal").read_bytes() == b"journal %d" % n
    assert not path.with_name(path.name + "-journal").exists()
