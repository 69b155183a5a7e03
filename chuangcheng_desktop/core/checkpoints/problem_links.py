"""The 点位 a problem names: one not yet in the register becomes a 点位 of type 其他,
created and audited in the problem's own transaction like every other record.

Called by the problems repository before it writes problem rows (``records.PROBLEMS``'s
``before_write``). The triggers of migration 0018 then only link ``problems.checkpoint_id``
to the live 点位 of that name (``schema_sql.LINK_TRIGGERS``). The 点位 used to be created by
those triggers, with no audit row: the audit log's hash chain is computed in Python
(core/storage/audit_chain.py) and a trigger knows no actor, so creation lives here.

Only core.storage.audit and clock are imported, so the repository may call this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_ids

TYPE = "其他"  # the type of a 点位 first named by a problem (the user sorts it later)
# the 点位 register's searchable fields (register.CHECKPOINTS), all empty but name and type
_EMPTY_SEARCHED = ("address", "sponsor_unit", "contact_person")
_CHUNK = 500


def link_name(value: Any) -> str:
    """The 点位 name a problem's 点位 text links to (as the triggers' ``trim``)."""
    return str(value or "").strip(" ")


def create_named_checkpoints(repo: Any, records: Iterable[dict[str, Any]],
                             summary: str | None = None) -> list[str]:
    """Create the 点位 that ``records`` (problems about to be written by ``repo``) name and
    the register lacks; return their ids. Each gets its own audit row in ``repo.actor``'s
    name, or, with ``summary`` (a bulk write's audit note), one row listing them all."""
    db, actor = repo.db, repo.actor
    wanted = list(dict.fromkeys(name for r in records if (name := link_name(r.get("checkpoint")))))
    known: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        known.update(row[0] for row in db.execute(
            f"SELECT name FROM checkpoints WHERE deleted_at IS NULL AND name IN "
            f"({', '.join('?' for _ in chunk)})", chunk))
    missing = [name for name in wanted if name not in known]
    if not missing:
        return []
    now = local_now_iso()
    created = [{"id": cid, "created_at": now, "updated_at": now, "deleted_at": None,
                "name": name, "type": TYPE, "address": "", "sponsor_unit": "",
                "contact_person": "", "contact_phone": "", "active": 1, "note": ""}
               for cid, name in zip(new_ids(len(missing)), missing, strict=True)]
    db.conn.executemany(
        "INSERT INTO checkpoints (id, created_at, updated_at, name, type, search_text) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(c["id"], now, now, c["name"], TYPE, search_text(c["name"])) for c in created])
    if summary is None:
        for checkpoint in created:
            write_audit(db, table="checkpoints", row_id=checkpoint["id"], action="insert",
                        actor=actor, new=checkpoint)
    else:
        write_audit(db, table="checkpoints", row_id="*", action="insert", actor=actor,
                    new={"count": len(created), "note": summary,
                         "ids": [c["id"] for c in created]})
    return [c["id"] for c in created]


def search_text(name: str) -> str:
    """What the register's repository would store as ``search_text`` for such a 点位."""
    return "\n".join([name, TYPE, *("" for _ in _EMPTY_SEARCHED)]).lower()


BACKFILL_ACTOR = "系统（升级补记）"
BACKFILL_NOTE = "升级前由督查问题的点位名称自动建立、当时未记入操作日志的点位"


def audit_unaudited_checkpoints(db: Any) -> int:
    """One audit row listing the 点位 no audit row names yet (made by the old triggers or by
    migration 0012 from old problems); returns how many (migration 0018)."""
    ids = [row[0] for row in db.execute(
        "SELECT id FROM checkpoints WHERE id NOT IN (SELECT row_id FROM audit_log "
        "WHERE table_name = 'checkpoints') AND id NOT IN (SELECT j.value FROM audit_log a, "
        "json_each(a.new, '$.ids') j WHERE a.table_name = 'checkpoints' AND a.row_id = '*' "
        "AND json_valid(a.new)) ORDER BY rowid")]
    if ids:
        write_audit(db, table="checkpoints", row_id="*", action="insert", actor=BACKFILL_ACTOR,
                    new={"count": len(ids), "note": BACKFILL_NOTE, "ids": ids})
    return len(ids)
