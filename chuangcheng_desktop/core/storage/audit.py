"""The append-only audit log: one row per change, written in the change's own transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.storage.audit_chain import (  # noqa: F401 - ACTION_LABELS re-exported
    ACTION_LABELS,
    chain_hash,
    content_digest,
    last_hash,
)
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_id


def write_audit(
    db: Database,
    *,
    table: str,
    row_id: str,
    action: str,
    actor: str,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
) -> None:
    """Append one audit row, chained to the one before it (core/storage/audit_chain.py).

    Call inside the transaction that makes the change (write transactions begin
    IMMEDIATE, so no other writer can append between reading the last hash and this row).
    """
    content = [new_id(), table, row_id, action, actor, local_now_iso(), _dump(old), _dump(new)]
    digest = content_digest(content)
    db.execute(
        "INSERT INTO audit_log (id, table_name, row_id, action, actor, at, old, new, digest, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [*content, digest, chain_hash(last_hash(db.conn), digest)],
    )


def list_audit(
    db: Database, *, table: str | None = None, row_id: str | None = None, limit: int = 200,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Audit rows, newest first, optionally for one table or one record."""
    where, params = [], []
    if table:
        where.append("table_name = ?")
        params.append(table)
    if row_id:
        where.append("row_id = ?")
        params.append(row_id)
    sql = "SELECT * FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY rowid DESC LIMIT ? OFFSET ?"
    rows = db.execute(sql, [*params, limit, offset])
    columns = [c[0] for c in rows.description]
    result = []
    for values in rows.fetchall():
        row = dict(zip(columns, values, strict=True))
        row["old"] = json.loads(row["old"]) if row["old"] else None
        row["new"] = json.loads(row["new"]) if row["new"] else None
        result.append(row)
    return result


def _dump(values: Mapping[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(dict(values), ensure_ascii=False, sort_keys=True, default=str)


REDACTED = "（已隐去）"


def redact_audit(db: Database, *, table: str, row_ids: set[str] | list[str],
                 fields: tuple[str, ...], stamp: str) -> int:
    """Replace ``fields`` in the audit rows about ``row_ids`` by a marker (a purged person's
    personal data); each such row is marked ``redacted_at`` and keeps its place in the hash
    chain. Call inside the purge's transaction. Returns how many rows were redacted."""
    ordered = sorted(row_ids)
    changed = 0
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        rows = db.execute(
            "SELECT rowid, old, new FROM audit_log WHERE redacted_at IS NULL AND table_name = ? "
            f"AND row_id IN ({', '.join('?' for _ in chunk)})", [table, *chunk]).fetchall()
        for rowid, old, new in rows:
            old_r, new_r = _redacted(old, fields), _redacted(new, fields)
            if (old_r, new_r) == (old, new):
                continue
            db.execute("UPDATE audit_log SET old = ?, new = ?, redacted_at = ? WHERE rowid = ?",
                       [old_r, new_r, stamp, rowid])
            changed += 1
    return changed


def redacted_values(values: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """``values`` with ``fields`` that hold something replaced by the marker."""
    return {k: (REDACTED if k in fields and v not in (None, "") else v) for k, v in values.items()}


def _redacted(text: str | None, fields: tuple[str, ...]) -> str | None:
    if not text:
        return text
    values = json.loads(text)
    if not isinstance(values, dict) or not any(
            values.get(f) not in (None, "", REDACTED) for f in fields):
        return text
    return _dump(redacted_values(values, fields))
