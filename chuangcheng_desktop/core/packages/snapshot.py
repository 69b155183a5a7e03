"""Copy the rows a package carries from one database into another of the same schema.

Used both ways: a community writes its rows into a fresh ``ledger.sqlite`` (masking ID
numbers and phones unless full data was chosen), and a 街道 copies a package's rows into
that unit's store. Columns are matched by name, so a package written by an older app
version (fewer columns) still loads; missing columns take their defaults.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from chuangcheng_desktop.core.packages.scope import (
    Clause,
    clause_for,
    is_record_table,
    table_columns,
    travelling_tables,
)
from chuangcheng_desktop.core.rules.identity import mask_id_number, mask_phone
from chuangcheng_desktop.core.storage.database import open_database
from chuangcheng_desktop.core.storage.records import RECORD_KINDS

Progress = Callable[[int, str], None]
COPYING = "正在整理报送数据：{table}（{rows}条）…"
OTHER_TABLES = "其他资料"

# Masked ID numbers (110101********1234) of two people may coincide, so copies that
# hold masked data (package snapshots, a 街道's unit stores) drop this unique index.
_UNIQUE_ID_INDEX = "volunteers_live_id_number"


def open_copy(path: Path) -> Database:
    """Open (creating if needed) a package snapshot or unit store: the app's schema,
    foreign keys off (the rows come from a ledger that kept them), no unique ID index."""
    db = open_database(path)
    db.execute(f"DROP INDEX IF EXISTS {_UNIQUE_ID_INDEX}")
    db.conn.commit()
    db.execute("PRAGMA foreign_keys = OFF")
    return db


def close_copy(db: Database) -> None:
    """Leave a single self-contained file (no -wal beside it) and close it."""
    db.conn.commit()
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()


CHUNK_ROWS = 2000


def copy_rows(source: sqlite3.Connection, target: sqlite3.Connection, table: str,
              clause: Clause, *, mask: bool = False, source_schema: str = "main",
              on_chunk: Callable[[int], None] | None = None) -> int:
    """Insert the rows of ``source_schema.table`` matching ``clause`` into ``target``'s
    table (same-named columns). Returns how many rows were copied.

    Copied ``CHUNK_ROWS`` at a time, calling ``on_chunk(rows so far)`` after each: a
    worker thread reporting progress there lets the window in (one fetchall and one
    executemany of 366,000 rows kept it out for over 100 ms at a time)."""
    target_columns = set(table_columns(target, table))
    columns = [c for c in table_columns(source, table, source_schema) if c in target_columns]
    if not columns:
        return 0
    cursor = source.execute(
        f"SELECT {', '.join(columns)} FROM {source_schema}.{table} WHERE ({clause.sql})",
        clause.params)
    insert = (f"INSERT INTO {table} ({', '.join(columns)}) "
              f"VALUES ({', '.join('?' for _ in columns)})")
    copied = 0
    while rows := cursor.fetchmany(CHUNK_ROWS):
        target.executemany(insert, _masked(columns, rows) if mask else rows)
        copied += len(rows)
        if on_chunk is not None:
            on_chunk(copied)
    return copied


def write_rows(source: Database, target: Database, clauses: dict[str, Clause], *,
               mask: bool, progress: Progress | None = None) -> dict[str, int]:
    """Copy every travelling table's chosen rows into a new ``target`` (emptied first of
    what its migrations seeded, such as the unit profile row or default checklists);
    return live rows per table. ``progress(percent, step)`` follows the tables."""
    tables = [t for t in travelling_tables(source.conn)
              if t in set(travelling_tables(target.conn))]
    for table in reversed(tables):
        target.execute(f"DELETE FROM {table}")
    for number, table in enumerate(tables):
        def copied(rows: int, number: int = number, table: str = table) -> None:
            if progress is not None:
                kind = RECORD_KINDS.get(table)
                progress(100 * number // len(tables), COPYING.format(
                    table=kind.label if kind else OTHER_TABLES, rows=rows))
        copy_rows(source.conn, target.conn, table, clause_for(table, clauses), mask=mask,
                  on_chunk=copied)
    return live_counts(target.conn, tables)


def live_counts(conn: sqlite3.Connection, tables: list[str], schema: str = "main") -> dict[str, int]:
    """Rows per table outside the recycle bin (all rows of tables without one)."""
    return {table: conn.execute(
        f"SELECT count(*) FROM {schema}.{table}"
        + (" WHERE deleted_at IS NULL" if is_record_table(conn, table, schema) else "")
    ).fetchone()[0] for table in tables if table != "unit_profile"}


def _is_phone(column: str) -> bool:
    return column == "phone" or column.endswith("_phone")


def _masked(columns: list[str], rows: list[tuple]) -> list[tuple]:
    maskers = {index: (mask_id_number if column == "id_number" else mask_phone)
               for index, column in enumerate(columns)
               if column == "id_number" or _is_phone(column)}
    if not maskers:
        return rows
    search = columns.index("search_text") if "search_text" in columns else None
    result = []
    for row in rows:
        values = list(row)
        for index, masker in maskers.items():
            original = values[index]
            if not original:
                continue
            values[index] = masker(str(original))
            if search is not None and values[search]:
                values[search] = values[search].replace(str(original).lower(),
                                                        values[index].lower())
        result.append(tuple(values))
    return result
