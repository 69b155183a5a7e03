"""The audit log's hash chain: every row carries a digest of its content and a hash
chained over the previous row's hash, so a rewritten, removed or inserted row shows.

- ``digest`` = SHA-256 of the row's content (id, table, record, action, actor, time,
  old, new) in a canonical JSON form;
- ``hash`` = SHA-256 of the previous row's ``hash`` (rowid order; "" before the first)
  and this row's ``digest``.

:func:`verify_chain` recomputes both and names the first row where they disagree. Triggers
refuse UPDATE and DELETE, and an INSERT that would REPLACE an existing row. The one update
allowed is the redaction of a purged person's personal fields (``redacted_at`` set once,
digest and hash kept): the chain still holds, and the row says it was redacted.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

ACTION_LABELS = {
    "insert": "新增", "update": "修改", "delete": "删除", "restore": "恢复", "export": "导出",
}
CONTENT_COLUMNS = ("id", "table_name", "row_id", "action", "actor", "at", "old", "new")
TRIGGER_NAMES = ("audit_log_no_update", "audit_log_no_delete", "audit_log_no_replace")
_SAME_EXCEPT_CONTENT = " AND ".join(
    f"NEW.{column} IS OLD.{column}"
    for column in ("id", "table_name", "row_id", "action", "actor", "at", "digest", "hash"))
TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    f"WHEN NOT (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND {_SAME_EXCEPT_CONTENT}) "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
    "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id OR rowid = NEW.rowid) "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)

TEXT = {
    "ok": "操作日志完好（{count}条，逐条校验通过）。",
    "redacted": "其中 {count} 条已按“彻底删除”隐去个人信息（有标记）。",
    "broken": ("操作日志从第 {number} 条（{at}，{action} {table}）起校验不符："
               "这条或它之前的记录被改动、删除或插入过。请从备份恢复，或交技术人员查看。"),
    "unguarded": "操作日志的防篡改保护（{names}）已被移除，日志可能被改动过。",
}


def content_digest(values: tuple[Any, ...] | list[Any]) -> str:
    """The digest of one row's content, given in CONTENT_COLUMNS order."""
    text = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain_hash(previous: str, digest: str) -> str:
    return hashlib.sha256(f"{previous}:{digest}".encode("ascii")).hexdigest()


def last_hash(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT hash FROM audit_log ORDER BY rowid DESC LIMIT 1").fetchone()
    return row[0] if row else ""


@dataclass
class ChainReport:
    ok: bool
    rows: int
    redacted: int = 0
    message: str = ""
    first_broken: int | None = None  # 1-based position in the log


def verify_chain(conn: sqlite3.Connection) -> ChainReport:
    """Recompute the chain over the whole log (read-only); the first row that breaks it."""
    missing = [name for name in TRIGGER_NAMES if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", [name]).fetchone()]
    previous = ""
    rows = redacted = 0
    columns = ", ".join(CONTENT_COLUMNS)
    cursor = conn.execute(
        f"SELECT {columns}, digest, hash, redacted_at FROM audit_log ORDER BY rowid")
    for values in cursor:
        rows += 1
        content, digest, stored, redacted_at = values[:8], values[8], values[9], values[10]
        if redacted_at is not None:
            redacted += 1
        elif content_digest(content) != digest:
            return _broken(rows, content, redacted)
        if chain_hash(previous, digest) != stored:
            return _broken(rows, content, redacted)
        previous = stored
    if missing:
        return ChainReport(False, rows, redacted,
                           TEXT["unguarded"].format(names="、".join(missing)))
    message = TEXT["ok"].format(count=rows)
    if redacted:
        message += TEXT["redacted"].format(count=redacted)
    return ChainReport(True, rows, redacted, message)


def _broken(number: int, content: tuple[Any, ...], redacted: int) -> ChainReport:
    return ChainReport(False, number, redacted, TEXT["broken"].format(
        number=number, at=content[5], action=ACTION_LABELS.get(content[3], content[3]),
        table=content[1]), first_broken=number)


def chain_existing_rows(conn: sqlite3.Connection) -> None:
    """Give every row its digest and hash (the migration; UPDATE must be allowed)."""
    previous = ""
    columns = ", ".join(CONTENT_COLUMNS)
    updates = []
    for values in conn.execute(f"SELECT rowid, {columns} FROM audit_log ORDER BY rowid"):
        digest = content_digest(values[1:])
        previous = chain_hash(previous, digest)
        updates.append((digest, previous, values[0]))
    conn.executemany("UPDATE audit_log SET digest = ?, hash = ? WHERE rowid = ?", updates)
