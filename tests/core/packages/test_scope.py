"""Which tables travel, and in which order (parents before children, whatever was added later)."""

from __future__ import annotations

import sqlite3

from chuangcheng_desktop.core.packages.scope import travelling_tables


def test_parents_first_local_and_derived_tables_stay_and_any_other_table_travels():
    conn = sqlite3.connect(":memory:")
    for sql in (
        "CREATE TABLE problems (id TEXT PRIMARY KEY, created_at, updated_at, deleted_at)",
        "CREATE TABLE unit_profile (id TEXT PRIMARY KEY, created_at, updated_at, deleted_at)",
        # added later by another feature: a parent of problems, and a table without ids
        "CREATE TABLE checkpoints (id TEXT PRIMARY KEY, created_at, updated_at, deleted_at)",
        "ALTER TABLE problems ADD COLUMN checkpoint_id TEXT REFERENCES checkpoints(id)",
        "CREATE TABLE checkpoint_types (name TEXT PRIMARY KEY, frequency_days INTEGER)",
        "CREATE TABLE run_results (id TEXT PRIMARY KEY, problem_id TEXT REFERENCES problems(id))",
        "CREATE TABLE activity_measures (activity_id TEXT, name TEXT, value REAL)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)",
        "CREATE TABLE audit_log (id TEXT PRIMARY KEY)",
        "CREATE TABLE _sqlite_migrations (name TEXT)",
    ):
        conn.execute(sql)
    tables = travelling_tables(conn)
    assert tables[0] == "unit_profile"
    assert set(tables) == {"unit_profile", "problems", "checkpoints", "checkpoint_types",
                           "run_results"}
    assert tables.index("checkpoints") < tables.index("problems") < tables.index("run_results")
