"""Opening the database: migrations from empty, pragmas, the newer-schema guard, bad files."""

from __future__ import annotations

import sqlite3

import pytest

from chuangcheng_desktop.core.storage.database import open_database
from chuangcheng_desktop.core.storage.errors import DatabaseError, SchemaTooNewError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.schema import MIGRATION_SET, known_migration_names

DOMAIN_TABLES = {
    "unit_profile", "teams", "volunteers", "activities", "service_records", "inspections",
    "problems", "rechecks", "attachments", "honours", "audit_log", "scoring_rules",
    "report_drafts",
}


def test_migrations_create_every_table_from_an_empty_file(tmp_path):
    db = open_database(tmp_path / "new.db")
    assert set(db.table_names()) >= DOMAIN_TABLES
    applied = [row["name"] for row in db["_sqlite_migrations"].rows]
    assert applied == known_migration_names()
    for table in DOMAIN_TABLES - {"audit_log"}:
        columns = set(db[table].columns_dict)
        assert {"id", "created_at", "updated_at", "deleted_at"} <= columns, table
    db.close()


def test_pragmas_wal_full_sync_foreign_keys(tmp_path):
    db = open_database(tmp_path / "new.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()


def test_reopening_applies_nothing_twice(tmp_path):
    path = tmp_path / "l.db"
    with Ledger.open(path) as ledger:
        ledger.update_profile({"unit_name": "青松社区"})
    with Ledger.open(path) as ledger:
        assert ledger.profile()["unit_name"] == "青松社区"
        count = ledger.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert count == len(known_migration_names())


def test_newer_schema_is_refused_and_left_byte_identical(tmp_path):
    path = tmp_path / "future.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [MIGRATION_SET, "0099_from_the_future", "2030-01-01"],
    )
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError) as raised:
        Ledger.open(path)
    assert "更新版本" in raised.value.message
    assert path.read_bytes() == before
    assert not (tmp_path / "future.db-wal").exists()


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "chuangcheng.db"
    path.write_bytes(b"PK\x03\x04 this is a zip, not sqlite")
    with pytest.raises(DatabaseError) as raised:
        Ledger.open(path)
    assert "不是创城台账的数据库" in raised.value.message
    assert path.read_bytes() == b"PK\x03\x04 this is a zip, not sqlite"


def test_a_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="不是创城台账的数据库"):
        Ledger.open(path)


def test_read_only_data_folder_gets_a_chinese_message(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if (folder / "probe").parent.stat().st_mode and _writable(folder):
            pytest.skip("running as a user who can write anywhere (root)")
        with pytest.raises(DatabaseError, match="只读"):
            Ledger.open_in(folder)
    finally:
        folder.chmod(0o700)


def test_locked_database_gets_a_chinese_message(tmp_path):
    path = tmp_path / "l.db"
    with Ledger.open(path) as ledger:
        blocker = sqlite3.connect(path, timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")
        ledger.db.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(DatabaseError, match="占用"):
            ledger.update_profile({"unit_name": "青松社区"})
        blocker.rollback()
        blocker.close()
        assert ledger.profile()["unit_name"] == ""


def test_audit_log_is_append_only(ledger):
    ledger.update_profile({"unit_name": "青松社区"})
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ledger.db.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ledger.db.execute("UPDATE audit_log SET actor = 'x'")


def _writable(folder) -> bool:
    try:
        (folder / "probe").write_text("x")
    except OSError:
        return False
    (folder / "probe").unlink()
    return True
