"""Which rows of a ledger a package carries, by table, for all time or for one period.

The same clauses choose the rows a community exports and the rows a 街道 replaces in
that unit's store when the package arrives, so "replace the unit's data for the period"
means exactly "the rows this package would have carried".

- dated tables (activities, inspections, problems, honours): rows dated in the period,
  plus problems that came down as 街道交办 (their status must go back up) and the
  inspections the chosen problems belong to;
- dependent tables: service records of the chosen activities, re-checks of the chosen
  problems, attachments of the chosen owners (attachments of undated owners: all);
- every other table (teams, volunteers, scoring rules, and tables added later such as
  点位 and their 测评 results, with or without the record columns): whole, because they
  describe the unit now, or because this module does not know how to date them;
- local tables (drafts, notices issued, settings, the audit log, the 街道's own unit
  bookkeeping) never leave the machine.
Rows in the recycle bin travel too (flagged by ``deleted_at``), so every figure that
skips them comes out the same at the 街道.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.monthly_totals import MONTHLY_TOTAL_TABLES

RECORD_COLUMNS = ("id", "created_at", "updated_at", "deleted_at")
LOCAL_TABLES = frozenset({
    "report_drafts", "notices", "settings", "audit_log", "units", "unit_packages",
    "assignments", "assigned_problems",
})
# Kept by triggers from other tables (0007, 0016): copying them too would count twice.
DERIVED_TABLES = frozenset({"activity_measures", *MONTHLY_TOTAL_TABLES})
DATED_TABLES = {"activities": "date", "inspections": "date", "problems": "found_on",
                "honours": "date"}
CHILD_TABLES = {"service_records": ("activity_id", "activities"),
                "rechecks": ("problem_id", "problems")}


# Chinese names of tables that are not record kinds of core/storage/records.py (for
# counts and previews); any other table shows under its own name.
TABLE_LABELS = {
    "unit_profile": "单位信息", "scoring_rules": "考核规则", "checkpoints": "点位",
    "checkpoint_types": "点位类型", "checklist_templates": "测评表", "checklist_items": "测评项目",
    "inspection_runs": "点位测评", "run_results": "测评结果", "checkpoint_photos": "点位照片",
    "publicity_sites": "公益广告阵地", "proofs": "志愿服务记录证明",
}


def table_label(table: str) -> str:
    from chuangcheng_desktop.core.storage.records import RECORD_KINDS

    return RECORD_KINDS[table].label if table in RECORD_KINDS else TABLE_LABELS.get(table, table)


@dataclass(frozen=True)
class Clause:
    """A WHERE clause over one table, with its parameters."""

    sql: str
    params: tuple[Any, ...] = ()


def travelling_tables(conn: sqlite3.Connection, schema: str = "main") -> list[str]:
    """Every table a package may carry, parents before children (by their foreign keys,
    then creation order), the unit profile first: all tables but SQLite's own, the
    migration log, :data:`LOCAL_TABLES` and :data:`DERIVED_TABLES`. So tables that other
    features add (点位, 测评 results, …) travel without being named here."""
    rows = conn.execute(
        f"SELECT name, sql FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY rowid").fetchall()
    # Virtual tables (the FTS5 search indexes, 0010) and their shadow tables are kept by
    # triggers from the records, like DERIVED_TABLES.
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    names = [name for name, _ in rows if name not in virtual
             and not any(name.startswith(f"{v}_") for v in virtual)]
    tables = [name for name in names if not name.startswith("_")
              and name not in LOCAL_TABLES and name not in DERIVED_TABLES]
    parents = {table: {row[2] for row in conn.execute(
        f"PRAGMA {schema}.foreign_key_list({table})")} & set(tables) - {table}
        for table in tables}
    ordered: list[str] = []
    while len(ordered) < len(tables):  # parents first; a cycle falls back to creation order
        ready = [t for t in tables if t not in ordered and parents[t] <= set(ordered)]
        ordered.append(ready[0] if ready else next(t for t in tables if t not in ordered))
    ordered.sort(key=lambda t: t != "unit_profile")
    return ordered


def is_record_table(conn: sqlite3.Connection, table: str, schema: str = "main") -> bool:
    """Whether ``table`` has the record columns (UUID id, timestamps, recycle bin)."""
    columns = table_columns(conn, table, schema)
    return all(column in columns for column in RECORD_COLUMNS)


def table_columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def scope_clauses(period: Period | None, *, assigned: bool = True) -> dict[str, Clause]:
    """The rows of each dated/dependent table a package for ``period`` carries; tables
    not named here travel whole. ``assigned`` adds the 街道交办 problems (a community
    ledger has the ``assigned_problems`` table filled; a store's is empty)."""
    if period is None:
        return {}
    span = (period.start_iso, period.end_iso)
    problems_sql = "found_on BETWEEN ? AND ?"
    if assigned:
        problems_sql += " OR id IN (SELECT problem_id FROM assigned_problems)"
    clauses = {
        "activities": Clause("date BETWEEN ? AND ?", span),
        "problems": Clause(problems_sql, span),
        "honours": Clause("date BETWEEN ? AND ?", span),
    }
    problems = clauses["problems"]
    clauses["inspections"] = Clause(
        f"date BETWEEN ? AND ? OR id IN (SELECT inspection_id FROM problems WHERE {problems.sql})",
        span + problems.params)
    for table, (column, parent) in CHILD_TABLES.items():
        owner = clauses[parent]
        clauses[table] = Clause(f"{column} IN (SELECT id FROM {parent} WHERE {owner.sql})",
                                owner.params)
    dated_owners = ("activities", "problems")
    attachment_sql = [f"owner_table NOT IN ({', '.join(repr(t) for t in dated_owners)})"]
    params: tuple[Any, ...] = ()
    for owner in dated_owners:
        attachment_sql.append(f"(owner_table = '{owner}' AND owner_id IN "
                              f"(SELECT id FROM {owner} WHERE {clauses[owner].sql}))")
        params += clauses[owner].params
    clauses["attachments"] = Clause(" OR ".join(attachment_sql), params)
    return clauses


def clause_for(table: str, clauses: dict[str, Clause]) -> Clause:
    return clauses.get(table, Clause("1"))
