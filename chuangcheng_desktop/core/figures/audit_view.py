"""Reading the audit log for people: filtered queries, and each change told in Chinese.

Used by the audit viewer in 设置 → 数据安全 and by its Excel export. ID numbers in old and
new values are masked, like everywhere else the user sees records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.checkpoints.publicity import PUBLICITY_SITES
from chuangcheng_desktop.core.checkpoints.register import ACTIVE, CHECKPOINTS, INACTIVE
from chuangcheng_desktop.core.rules.identity import mask_id_number
from chuangcheng_desktop.core.storage.audit import ACTION_LABELS
from chuangcheng_desktop.core.storage.records import RECORD_KINDS, REPORT_DRAFTS, UNIT_PROFILE
from chuangcheng_desktop.core.storage.settings import SETTINGS

# Kinds outside RECORD_KINDS whose rows are audited field by field.
OTHER_KINDS = {"unit_profile": UNIT_PROFILE, "report_drafts": REPORT_DRAFTS,
               "checkpoints": CHECKPOINTS, "publicity_sites": PUBLICITY_SITES}
EXTRA_TABLE_LABELS = {
    "unit_profile": UNIT_PROFILE.label,
    "report_drafts": REPORT_DRAFTS.label,
    "settings": "设置",
    "scoring_rules": "考核规则",
    # 点位 (core/checkpoints)
    "checkpoints": "点位", "checkpoint_types": "点位类型", "checklist_templates": "检查表",
    "inspection_runs": "实地测评", "run_results": "测评结果", "checkpoint_photos": "点位照片",
    "publicity_sites": "宣传阵地",
}
EXTRA_FIELD_LABELS = {
    "deleted_at": "删除时间", "purged": "彻底删除时间", "note": "说明", "count": "条数",
    "file": "文件", "full_id": "含完整身份证号", "period": "期间", "sheets": "工作表",
    "app_password_hash": "程序密码", "ledger_password": "台账密码（加密）",
    "created_at": "创建时间", "updated_at": "修改时间",
    # 点位 (core/checkpoints)
    "sponsor_unit": "包保单位", "contact_person": "负责人", "active": "状态",
    "frequency_days": "检查周期（天）", "checkpoint_type": "点位类型", "version": "版本",
    "items": "检查项数", "checkpoint": "点位", "rate": "达标率", "failed": "不合格项",
    "template_version": "检查表版本", "results": "检查结果条数",
    "date": "日期", "inspector": "测评人", "source": "来源", "kind": "类型",
    "raised": "生成问题数", "problems": "生成问题数",
}
NAME_FIELDS = {
    "teams": "name", "volunteers": "name", "activities": "title", "inspections": "area",
    "problems": "checkpoint", "honours": "title", "attachments": "original_name",
    "report_drafts": "title", "checkpoints": "name",
}
TEXT = {
    "all": "全部记录", "batch": "（批量）", "arrow": " → ", "empty": "（空）", "sep": "；",
    "moved_to_bin": "移到回收站", "restored": "从回收站恢复", "purged": "彻底删除",
    "yes": "是", "no": "否",
}
HIDDEN_FIELDS = ("id", "ids", "search_text", "created_at", "updated_at", "deleted_at")
MAX_VALUE_CHARS = 60


@dataclass
class AuditQuery:
    """Which audit rows to show; every filter is optional."""

    table: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    limit: int | None = 500
    offset: int = 0


@dataclass
class AuditLine:
    """One audit row as the viewer and the export show it."""

    at: str
    actor: str
    table: str
    table_label: str
    action: str
    action_label: str
    record: str
    change: str


def table_choices(db: Database) -> list[tuple[str, str]]:
    """(table, Chinese label) for every table that has audit rows."""
    tables = [row[0] for row in db.execute("SELECT DISTINCT table_name FROM audit_log")]
    return sorted(((t, table_label(t)) for t in tables), key=lambda pair: pair[1])


def action_choices() -> list[tuple[str, str]]:
    return list(ACTION_LABELS.items())


def table_label(table: str) -> str:
    if table in RECORD_KINDS:
        return RECORD_KINDS[table].label
    return EXTRA_TABLE_LABELS.get(table, table)


def search_audit(db: Database, query: AuditQuery) -> list[AuditLine]:
    """Audit rows matching ``query``, newest first, described in Chinese."""
    where, params = _where(query)
    # A batch row (an import) lists every new id; they are never shown, so SQLite drops
    # them (50,000 ids are 2 MB of JSON: 60 ms to parse on the GUI thread for 109 lines).
    sql = "SELECT table_name, row_id, action, actor, at, old, CASE WHEN row_id = '*' " \
          f"THEN json_remove(new, '$.ids') ELSE new END FROM audit_log{where} ORDER BY rowid DESC"
    if query.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [query.limit, query.offset]
    rows = db.execute(sql, params).fetchall()
    names = _record_names(db, [(row[0], row[1]) for row in rows])
    return [_line(row, names) for row in rows]


def count_audit(db: Database, query: AuditQuery) -> int:
    where, params = _where(query)
    return db.execute(f"SELECT count(*) FROM audit_log{where}", params).fetchone()[0]


def _where(query: AuditQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if query.table:
        clauses.append("table_name = ?")
        params.append(query.table)
    if query.action:
        clauses.append("action = ?")
        params.append(query.action)
    if query.date_from:
        clauses.append("at >= ?")
        params.append(query.date_from.isoformat())
    if query.date_to:
        clauses.append("at < ?")
        params.append((query.date_to + timedelta(days=1)).isoformat())
    for term in query.text.split():
        clauses.append("(instr(coalesce(old, ''), ?) > 0 OR instr(coalesce(new, ''), ?) > 0 "
                       "OR instr(actor, ?) > 0 OR instr(row_id, ?) > 0)")
        params += [term] * 4
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _line(row: tuple[Any, ...], names: dict[tuple[str, str], str]) -> AuditLine:
    table, row_id, action, actor, at, old_text, new_text = row
    old = json.loads(old_text) if old_text else {}
    new = json.loads(new_text) if new_text else {}
    if row_id == "*":
        record = TEXT["batch"]
    elif table == "settings":
        record = field_label(table, row_id)
    else:
        record = names.get((table, row_id)) or _name_from(table, new or old) or row_id[:8]
    return AuditLine(
        at=at.replace("T", " ")[:19], actor=actor, table=table, table_label=table_label(table),
        action=action, action_label=ACTION_LABELS.get(action, action), record=record,
        change=describe_change(table, action, old, new))


def describe_change(table: str, action: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """What changed, e.g. "状态：待整改 → 已完成；整改措施：（空） → 已清理"."""
    if action == "delete" and "purged" in new:
        return f"{TEXT['purged']}（{new.get('note', '')}）"
    if action == "delete" and set(new) <= {"deleted_at"}:
        return TEXT["moved_to_bin"]
    if action == "delete" and set(new) == {"deleted_at", "note"}:  # with a reason (作废 a 测评)
        return f"{TEXT['moved_to_bin']}（{new['note']}）"
    if action == "restore":
        return TEXT["restored"]
    if action in ("insert", "export"):
        shown = [f"{field_label(table, k)}：{_value(k, v)}" for k, v in new.items()
                 if k not in HIDDEN_FIELDS and not _blank(v)]
        return TEXT["sep"].join(shown)
    keys = [k for k in dict.fromkeys([*old, *new])
            if k not in ("search_text", "created_at", "updated_at")
            and not (k in old and k in new and old[k] == new[k])]  # context, not a change
    return TEXT["sep"].join(
        f"{field_label(table, k)}：{_value(k, old.get(k))}{TEXT['arrow']}{_value(k, new.get(k))}"
        for k in keys)


def field_label(table: str, name: str) -> str:
    kind = RECORD_KINDS.get(table) or OTHER_KINDS.get(table)
    if kind is not None and name in kind.field_names:
        return kind.spec(name).label
    if table == "settings":
        for setting in SETTINGS:
            if setting.key == name:
                return setting.label
    return EXTRA_FIELD_LABELS.get(name, name)


def _value(name: str, value: Any) -> str:
    if _blank(value):
        return TEXT["empty"]
    if name == "id_number" and isinstance(value, str):
        return mask_id_number(value)
    if name == "active" and value in (0, 1):  # a 点位's 在用/停用 (stored 1/0)
        return ACTIVE if value else INACTIVE
    if isinstance(value, bool):
        return TEXT["yes"] if value else TEXT["no"]
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value).replace("\n", " ")
    if name.endswith("_at") and len(text) >= 19 and text[10] == "T":
        text = text.replace("T", " ")
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 1] + "…"


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == {} or value == []


def _name_from(table: str, values: dict[str, Any]) -> str:
    name_field = NAME_FIELDS.get(table)
    return str(values.get(name_field) or "") if name_field else ""


def _record_names(db: Database, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The current name of each audited record (a title, a person's name …), in one query
    per table."""
    names: dict[tuple[str, str], str] = {}
    by_table: dict[str, set[str]] = {}
    for table, row_id in keys:
        if table in NAME_FIELDS and row_id != "*":
            by_table.setdefault(table, set()).add(row_id)
    for table, ids in by_table.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start:start + 500]
            for row_id, name in db.execute(
                    f"SELECT id, {NAME_FIELDS[table]} FROM {table} WHERE id IN "
                    f"({', '.join('?' for _ in chunk)})", chunk):
                if name:
                    names[(table, row_id)] = str(name)
    return names
