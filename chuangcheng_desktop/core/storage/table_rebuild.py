"""Change a table's CHECK constraint inside a migration (SQLite cannot ALTER a CHECK).

The table is rebuilt from its own stored SQL with one piece of text replaced, so columns
added by earlier migrations (of any helper) are kept; its indexes are created again and
the triggers that mention it are dropped first and created again afterwards (SQLite would
refuse to rename a table while a trigger names a missing one).
"""

from __future__ import annotations

from sqlite_utils import Database


def rebuild_with(db: Database, table: str, old: str, new: str) -> None:
    """Rebuild ``table`` with ``old`` replaced by ``new`` in its CREATE TABLE statement."""
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                     [table]).fetchone()[0]
    if old not in sql:
        raise RuntimeError(f"{table}: expected {old!r} in its definition")
    indexes = [row[0] for row in db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        [table])]
    triggers = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
        "(tbl_name = ? OR instr(sql, ?) > 0)", [table, table]).fetchall()
    for name, _sql in triggers:
        db.execute(f"DROP TRIGGER {name}")
    temporary = f"_{table}_rebuilt"
    head = f"CREATE TABLE {table}"
    if not sql.startswith(head):
        raise RuntimeError(f"{table}: unexpected definition")
    db.execute(f"CREATE TABLE {temporary}" + sql[len(head):].replace(old, new, 1))
    columns = ", ".join(row[1] for row in db.execute(f"PRAGMA table_info({table})"))
    db.execute(f"INSERT INTO {temporary} ({columns}) SELECT {columns} FROM {table}")
    db.execute(f"DROP TABLE {table}")
    db.execute(f"ALTER TABLE {temporary} RENAME TO {table}")
    for statement in indexes:
        db.execute(statement)
    for _name, statement in triggers:
        db.execute(statement)
