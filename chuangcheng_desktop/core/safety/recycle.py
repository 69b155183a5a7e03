"""Emptying the recycle bin (回收站) of records deleted longer ago than the kept days.

A purge is a hard delete, done in one transaction with foreign keys on:
- records that cannot exist without a purged record go with it, whether or not they were
  deleted themselves: a purged activity takes its service records and photos, a purged
  volunteer their service records, a purged problem its re-checks and photos
  (a ``NOT NULL`` reference, or a photo's owner);
- a live record that only *mentions* a purged one keeps living with the mention cleared
  (a volunteer's team, an honour's volunteer or team, a problem's inspection);
- children are deleted before their parents, so every foreign key holds at every step;
- each deleted row is written to the audit log with its last content (action "delete",
  new = {"purged": …}), each cleared mention as an "update";
- a purged volunteer's personal fields (ID number, phone, birth date) are replaced by a
  marker in every audit row about them, so a purged person is gone from the live ledger.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.audit import redact_audit, redacted_values, write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso
from chuangcheng_desktop.core.storage.database import describe_sqlite_error
from chuangcheng_desktop.core.storage.errors import DatabaseError
from chuangcheng_desktop.core.storage.records import RECORD_KINDS, REPORT_DRAFTS
from chuangcheng_desktop.core.storage.settings import get_setting

logger = logging.getLogger(__name__)

PURGE_ACTOR = "回收站自动清理"
PURGE_NOTE = "回收站保留{days}天已到期，彻底删除"
CASCADE_NOTE = "所属记录已彻底删除，随之删除"
CLEARED_NOTE = "引用的记录已彻底删除，引用清空"
# Deletion order: children before parents.
PURGE_ORDER = ("attachments", "rechecks", "service_records", "honours", "problems",
               "inspections", "volunteers", "activities", "teams", "report_drafts")
PHOTO_OWNERS = ("activities", "problems")
# Personal data removed from the audit log when its record is purged (kept as a marker).
PERSONAL_FIELDS = {"volunteers": ("id_number", "phone", "birth_date")}


@dataclass
class PurgeResult:
    cutoff: str
    deleted: dict[str, int] = field(default_factory=dict)
    cleared: int = 0
    redacted: int = 0  # audit rows whose personal fields were replaced by a marker

    @property
    def total(self) -> int:
        return sum(self.deleted.values())


def purge_recycle_bin(db: Database, *, days: int | None = None, actor: str = PURGE_ACTOR,
                      now: datetime | None = None) -> PurgeResult:
    """Hard-delete what has been in the recycle bin more than ``days`` (the setting)."""
    days = get_setting(db, "recycle_bin_days") if days is None else days
    cutoff = ((now or datetime.now()) - timedelta(days=days)).isoformat(timespec="seconds")
    result = PurgeResult(cutoff)
    tables = [kind.table for kind in RECORD_KINDS.values()] + [REPORT_DRAFTS.table]
    try:
        with db.atomic():
            doomed = {table: set(_ids(db, f"SELECT id FROM {table} WHERE deleted_at IS NOT NULL "
                                          "AND deleted_at < ?", [cutoff])) for table in tables}
            result.deleted.update(_purge_runs(db, cutoff, PURGE_NOTE.format(days=days), actor))
            if not any(doomed.values()):
                return result
            reasons = {table: dict.fromkeys(ids, PURGE_NOTE.format(days=days))
                       for table, ids in doomed.items()}
            _add_dependants(db, doomed, reasons)
            result.cleared = _clear_mentions(db, doomed, actor)
            stamp = local_now_iso()
            for table in PURGE_ORDER:
                personal = PERSONAL_FIELDS.get(table, ())
                for row_id in sorted(doomed.get(table, ())):
                    old = redacted_values(_row(db, table, row_id), personal)
                    db.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
                    write_audit(db, table=table, row_id=row_id, action="delete", actor=actor,
                                old=old, new={"purged": stamp, "note": reasons[table][row_id]})
                if doomed.get(table):
                    result.deleted[table] = len(doomed[table])
                if personal and doomed.get(table):  # a purged person is gone from the log too
                    result.redacted += redact_audit(db, table=table, row_ids=doomed[table],
                                                    fields=personal, stamp=stamp)
    except cipher.Error as exc:
        raise DatabaseError(describe_sqlite_error(exc)) from exc
    logger.info("recycle bin purge: %s", result.deleted)
    return result


def _purge_runs(db: Database, cutoff: str, note: str, actor: str) -> dict[str, int]:
    """作废 实地测评 runs binned before ``cutoff``, with their results and photos (which
    cannot exist without them); each row audited with its last content. The problems a
    run raised stay: they are records of their own (their links are cleared by the
    foreign keys' ON DELETE SET NULL the other way round)."""
    runs = sorted(_ids(db, "SELECT id FROM inspection_runs WHERE deleted_at IS NOT NULL "
                           "AND deleted_at < ?", [cutoff]))
    deleted: dict[str, int] = {}
    stamp = local_now_iso()
    for run_id in runs:
        results = _ids(db, "SELECT id FROM run_results WHERE run_id = ? ORDER BY rowid", [run_id])
        photos = _ids(db, "SELECT id FROM checkpoint_photos WHERE run_id = ? OR result_id IN "
                          "(SELECT id FROM run_results WHERE run_id = ?) ORDER BY rowid",
                      [run_id, run_id])
        for table, row_ids, why in (("checkpoint_photos", photos, CASCADE_NOTE),
                                    ("run_results", results, CASCADE_NOTE),
                                    ("inspection_runs", [run_id], note)):
            for row_id in row_ids:
                old = _row(db, table, row_id)
                db.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
                write_audit(db, table=table, row_id=row_id, action="delete", actor=actor,
                            old=old, new={"purged": stamp, "note": why})
                deleted[table] = deleted.get(table, 0) + 1
    return deleted


def _references() -> list[tuple[str, str, str]]:
    """(child table, column, parent table) for every reference between record kinds."""
    return [(kind.table, column, parent)
            for kind in RECORD_KINDS.values() for column, parent in kind.references.items()]


def _required(db: Database, table: str, column: str) -> bool:
    return any(row[1] == column and row[3]
               for row in db.execute(f"PRAGMA table_info({table})").fetchall())


def _add_dependants(db: Database, doomed: dict[str, set[str]],
                    reasons: dict[str, dict[str, str]]) -> None:
    """Grow ``doomed`` with the records that cannot exist without a doomed one."""
    links = [(child, column, parent) for child, column, parent in _references()
             if _required(db, child, column)]
    grew = True
    while grew:
        grew = False
        for child, column, parent in links:
            found = _ids_in(db, child, column, doomed[parent]) - doomed[child]
            grew |= _adopt(found, child, doomed, reasons)
        for owner in PHOTO_OWNERS:
            found = _ids_in(db, "attachments", "owner_id", doomed[owner],
                            extra=("owner_table = ?", [owner])) - doomed["attachments"]
            grew |= _adopt(found, "attachments", doomed, reasons)


def _adopt(found: set[str], table: str, doomed: dict[str, set[str]],
           reasons: dict[str, dict[str, str]]) -> bool:
    if not found:
        return False
    doomed[table] |= found
    reasons[table].update(dict.fromkeys(found, CASCADE_NOTE))
    return True


def _clear_mentions(db: Database, doomed: dict[str, set[str]], actor: str) -> int:
    """Clear optional references from surviving records to doomed ones; return how many."""
    cleared = 0
    for child, column, parent in _references():
        if _required(db, child, column) or not doomed[parent]:
            continue
        for row_id in sorted(_ids_in(db, child, column, doomed[parent]) - doomed[child]):
            old_value = db.execute(f"SELECT {column} FROM {child} WHERE id = ?",
                                   [row_id]).fetchone()[0]
            db.execute(f"UPDATE {child} SET {column} = NULL, updated_at = ? WHERE id = ?",
                       [local_now_iso(), row_id])
            write_audit(db, table=child, row_id=row_id, action="update", actor=actor,
                        old={column: old_value}, new={column: None, "note": CLEARED_NOTE})
            cleared += 1
    return cleared


def _ids(db: Database, sql: str, params: list[Any]) -> list[str]:
    return [row[0] for row in db.execute(sql, params).fetchall()]


def _ids_in(db: Database, table: str, column: str, values: set[str], *,
            extra: tuple[str, list[Any]] | None = None) -> set[str]:
    found: set[str] = set()
    ordered = sorted(values)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        sql = (f"SELECT id FROM {table} WHERE {column} IN "
               f"({', '.join('?' for _ in chunk)})")
        params: list[Any] = list(chunk)
        if extra:
            sql += f" AND {extra[0]}"
            params += extra[1]
        found.update(_ids(db, sql, params))
    return found


def _row(db: Database, table: str, row_id: str) -> dict[str, Any]:
    cursor = db.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
    values = cursor.fetchone()
    row = dict(zip([c[0] for c in cursor.description], values, strict=True))
    row.pop("search_text", None)
    return row
