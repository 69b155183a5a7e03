"""The audit log cannot be forged unnoticed (fault 10)."""

from __future__ import annotations

import sqlite3

import pytest

from chuangcheng_desktop.core.safety.integrity import check_database
from chuangcheng_desktop.core.safety.recovery import audit_chain_warning, startup_check
from chuangcheng_desktop.core.storage.audit_chain import verify_chain
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample


@pytest.fixture
def audited(tmp_path):
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path, actor="测试员") as ledger:
        for n in range(5):
            ledger.activities.add(sample("activities", title=f"活动{n}"))
    return path


def _raw(path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    return conn


def test_an_intact_log_verifies(audited):
    report = check_database(audited)
    assert report.ok
    assert "操作日志完好（5条" in "\n".join(report.lines)


def test_insert_or_replace_of_an_existing_row_is_refused(audited):
    conn = _raw(audited)
    row_id = conn.execute("SELECT id FROM audit_log ORDER BY rowid LIMIT 1 OFFSET 2").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("INSERT OR REPLACE INTO audit_log (id, table_name, row_id, action, actor, at) "
                     "VALUES (?, 'activities', 'x', 'delete', '伪造', '2026-01-01T00:00:00')",
                     [row_id])
    assert conn.execute("SELECT actor FROM audit_log WHERE id = ?", [row_id]).fetchone()[0] == "测试员"


def test_a_row_rewritten_with_the_triggers_dropped_is_found_with_its_position(audited, tmp_path):
    conn = _raw(audited)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = '别人' WHERE rowid = "
                 "(SELECT rowid FROM audit_log ORDER BY rowid LIMIT 1 OFFSET 2)")
    report = check_database(audited)
    assert not report.ok
    assert any("第 3 条" in line for line in report.lines)
    assert startup_check(audited, tmp_path / "backups").ok  # kept, never set aside
    assert "第 3 条" in audit_chain_warning(audited)  # and said, once the window is up


def test_a_deleted_row_breaks_the_chain_at_the_next(audited):
    conn = _raw(audited)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE rowid = "
                 "(SELECT rowid FROM audit_log ORDER BY rowid LIMIT 1 OFFSET 1)")
    assert verify_chain(conn).first_broken == 2


def test_dropping_a_guard_is_reported_even_when_nothing_changed(audited):
    conn = _raw(audited)
    conn.execute("DROP TRIGGER audit_log_no_replace")
    report = verify_chain(conn)
    assert not report.ok and "audit_log_no_replace" in report.message


def test_a_ledger_from_before_the_chain_is_chained_when_opened(tmp_path):
    from chuangcheng_desktop.core.storage.schema import MIGRATION_SET

    path = tmp_path / "old.db"
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities"))
    conn = _raw(path)  # undo 0008 as an older version would have left it
    conn.execute("DROP TRIGGER audit_log_no_replace")
    conn.execute("DROP TRIGGER audit_log_no_update")
    for column in ("digest", "hash", "redacted_at"):
        conn.execute(f"ALTER TABLE audit_log DROP COLUMN {column}")
    conn.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                 "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
    conn.execute("DELETE FROM _sqlite_migrations WHERE migration_set = ? AND name = ?",
                 [MIGRATION_SET, "0008_audit_hash_chain"])
    conn.close()
    with Ledger.open(path) as ledger:
        ledger.activities.add(sample("activities", title="之后"))
        assert verify_chain(ledger.db.conn).ok
        assert verify_chain(ledger.db.conn).rows == 2
