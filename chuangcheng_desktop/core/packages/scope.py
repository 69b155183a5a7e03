"""Which rows of a ledger a package carries, by table, for all time or for one period.

The same clauses choose the rows a community exports and the rows a 街道 replaces in
that unit's store when the package arrives, so "replace the unit's data for the period"
means exactly "the rows this package would have carried".

- dated tables (activities, inspections, problems, honours): rows dated in the period,
  plus problems that came down as 街道交办 (their status must go back up) and the
  inspections the chosen problems belong to;
- dependent tables: service records of the chosen activities, re-checks of the chosen
  problems, attachments of the chosen owners (attachments of undated owners: all);
- every other record table (teams, volunteers, scoring rules, and tables added later
  such as 点位): whole, because they describe the unit now rather than events;
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

RECORD_COLUMNS = ("id", "created_at", "updated_at", "deleted_at")
LOCAL_TABLES = frozenset({
    "report_drafts", "notices", "settings", "audit_log", "units", "unit_packages",
    "assignments", "assigned_problems",
})
DATED_TABLES = {"activities": "date", "inspections": "date", "problems": "found_on",
                "honours": "date"}
CHILD_TABLES = {"service_records": ("activity_id", "activities"),
                "rechecks": ("problem_id", "problems")}


@dataclass(frozen=True)
class Clause:
    """A WHERE clause over one table, with its parameters."""

    sql: str
    params: tuple[Any, ...] = ()


def record_tables(conn: sqlite3.Connection, schema: str = "main") -> list[str]:
    """Tables with the common record columns that may travel, in creation order
    (parents before children), the unit profile first."""
    names = [row[0] for row in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
    tables = []
    for name in names:
        if name in LOCAL_TABLES or name.startswith("_"):
            continue
        columns = table_columns(conn, name, schema)
        if all(column in columns for column in RECORD_COLUMNS):
            tables.append(name)
    return tables


def table_columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def is_whole(table: str) -> bool:
    """Whether a period package carries (and replaces) the whole table."""
    return table not in DATED_TABLES and table not in CHILD_TABLES and table != "attachments"


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
