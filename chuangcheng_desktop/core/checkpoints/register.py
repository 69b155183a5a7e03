"""The 点位 register: each 点位 with its type, address, 包保单位, 负责人 and 在用/停用.

A 点位 is a record kind like the others (validated by ``validate_record``, saved through a
:class:`Repository`, every change audited). Its type must be one of ``checkpoint_types``,
which also holds how often a 点位 of that type should be checked (农贸市场 weekly …).
Renaming a 点位 renames it on its problems too, so a problem's free-text 点位 and its link
(``problems.checkpoint_id``, kept by triggers) always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.rules.identity import parse_phone
from chuangcheng_desktop.core.rules.validation import (
    InvalidValue,
    normalize_text,
    parse_optional_text,
    parse_required_text,
)
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso
from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.records import PROBLEMS, FieldSpec, RecordKind, validate_record
from chuangcheng_desktop.core.storage.repository import ListQuery, Repository

ACTIVE, INACTIVE = "在用", "停用"
OTHER_TYPE = "其他"
FREQUENCY_LABELS = {7: "每周", 14: "每两周", 30: "每月", 90: "每季度"}
TEXT = {
    "bad_type": "点位类型：“{value}”不是已有的类型，请从 {types} 中选择",
    "dup_name": "点位名称：登记簿中已有“{name}”，请换一个名称或直接修改原点位",
    "active": "应为“在用”或“停用”",
    "days": "检查周期：应在1到366天之间",
}


def _active(value: Any) -> int:
    if isinstance(value, bool | int) and value in (0, 1):
        return int(value)
    text = normalize_text(value)
    if text in (ACTIVE, "是", "1", "启用", "正常"):
        return 1
    if text in (INACTIVE, "否", "0", "撤销", "取消"):
        return 0
    raise InvalidValue(TEXT["active"])


CHECKPOINTS = RecordKind(
    table="checkpoints", label="点位",
    fields=(
        FieldSpec("name", "点位名称", lambda v: parse_required_text(v, max_length=100),
                  required=True, searchable=True),
        FieldSpec("type", "点位类型", lambda v: parse_required_text(v, max_length=20),
                  required=True, searchable=True),
        FieldSpec("address", "地址/范围", lambda v: parse_optional_text(v, max_length=200),
                  searchable=True),
        FieldSpec("sponsor_unit", "包保单位", lambda v: parse_optional_text(v, max_length=100),
                  searchable=True),
        FieldSpec("contact_person", "负责人", lambda v: parse_optional_text(v, max_length=30),
                  searchable=True),
        FieldSpec("contact_phone", "联系电话", parse_phone),
        FieldSpec("active", "状态", _active, default=1),
        FieldSpec("note", "备注", lambda v: parse_optional_text(v, max_length=500, multiline=True)),
    ),
    filter_fields=("type", "active", "sponsor_unit"),
    default_order="active DESC, type, name",
)


@dataclass(frozen=True)
class CheckpointType:
    name: str
    frequency_days: int

    @property
    def frequency_label(self) -> str:
        return FREQUENCY_LABELS.get(self.frequency_days, f"每{self.frequency_days}天")


def checkpoint_types(db: Database) -> list[CheckpointType]:
    return [CheckpointType(name, days) for name, days in db.execute(
        "SELECT name, frequency_days FROM checkpoint_types ORDER BY position, name")]


def type_names(db: Database) -> list[str]:
    return [t.name for t in checkpoint_types(db)]


def set_frequency(ledger: Ledger, type_name: str, days: int) -> None:
    """How often 点位 of ``type_name`` should be checked (a new type is added at the end)."""
    if not 1 <= int(days) <= 366:
        raise ValidationError.single("frequency_days", "检查周期", TEXT["days"])
    type_name = parse_required_text(type_name, max_length=20)
    old = ledger.db.execute("SELECT frequency_days FROM checkpoint_types WHERE name = ?",
                            [type_name]).fetchone()
    with ledger.db.atomic():
        ledger.db.execute(
            "INSERT INTO checkpoint_types (name, frequency_days, position, updated_at) "
            "VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM checkpoint_types), ?) "
            "ON CONFLICT(name) DO UPDATE SET frequency_days = excluded.frequency_days, "
            "updated_at = excluded.updated_at", [type_name, int(days), local_now_iso()])
        write_audit(ledger.db, table="checkpoint_types", row_id=type_name, action="update",
                    actor=ledger.actor, old={"frequency_days": old[0] if old else None},
                    new={"frequency_days": int(days)})


def repository(ledger: Ledger) -> Repository:
    """The 点位 repository on this ledger's database (cheap: no state but the kind)."""
    return Repository(ledger.db, CHECKPOINTS, ledger.actor)


def validate_checkpoint(db: Database, values: Mapping[str, Any], *,
                        own_id: str | None = None) -> dict[str, Any]:
    """``validate_record`` plus the rules that need the database: a known type, a free name."""
    record = validate_record(CHECKPOINTS, values)
    types = type_names(db)
    if record["type"] not in types:
        raise ValidationError.single("type", "点位类型", TEXT["bad_type"].format(
            value=record["type"], types="、".join(types)))
    clash = db.execute("SELECT id FROM checkpoints WHERE name = ? AND deleted_at IS NULL "
                       "AND id != ?", [record["name"], own_id or ""]).fetchone()
    if clash:
        raise ValidationError.single("name", "点位名称", TEXT["dup_name"].format(name=record["name"]))
    return record


def add_checkpoint(ledger: Ledger, values: Mapping[str, Any]) -> dict[str, Any]:
    validate_checkpoint(ledger.db, values)
    return repository(ledger).add(values)


def update_checkpoint(ledger: Ledger, checkpoint_id: str,
                      changes: Mapping[str, Any]) -> dict[str, Any]:
    repo = repository(ledger)
    with ledger.db.atomic():
        old = repo.get(checkpoint_id)
        validate_checkpoint(ledger.db, {**old, **changes}, own_id=checkpoint_id)
        new = repo.update(checkpoint_id, changes)
        if new["name"] != old["name"]:
            renamed = _rename_on_problems(ledger.db, checkpoint_id, new["name"])
            if renamed:
                write_audit(ledger.db, table="problems", row_id="*", action="update",
                            actor=ledger.actor, old={"checkpoint": old["name"]},
                            new={"checkpoint": new["name"], "count": renamed})
    return new


def _rename_on_problems(db: Database, checkpoint_id: str, name: str) -> int:
    """Write the new name into the 点位 text of the 点位's problems (and their search text)."""
    fields = PROBLEMS.search_fields
    cursor = db.execute(f"SELECT id, {', '.join(fields)} FROM problems WHERE checkpoint_id = ?",
                        [checkpoint_id])
    rows = []
    for row in cursor.fetchall():
        values = dict(zip(fields, row[1:], strict=True))
        values["checkpoint"] = name
        rows.append([name, "\n".join(str(values[f] or "") for f in fields).lower(), row[0]])
    db.conn.executemany("UPDATE problems SET checkpoint = ?, search_text = ? WHERE id = ?", rows)
    return len(rows)


def get_checkpoint(ledger: Ledger, checkpoint_id: str) -> dict[str, Any]:
    return repository(ledger).get(checkpoint_id)


def list_checkpoints(ledger: Ledger, *, text: str = "", type_name: str = "",
                     active_only: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
    filters: dict[str, Any] = {"type": type_name}
    if active_only:
        filters["active"] = 1
    return repository(ledger).list(ListQuery(text=text, filters=filters, limit=limit))


def checkpoint_by_name(db: Database, name: str) -> dict[str, Any] | None:
    cursor = db.execute("SELECT id, name, type FROM checkpoints WHERE name = ? "
                        "AND deleted_at IS NULL", [normalize_text(name)])
    row = cursor.fetchone()
    return None if row is None else {"id": row[0], "name": row[1], "type": row[2]}


def status_label(active: int) -> str:
    return ACTIVE if active else INACTIVE
