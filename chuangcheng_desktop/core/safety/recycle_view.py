"""回收站 全部: every deleted record of every kind (service records — attendance — and
photos too), newest first, each named the way a person recognises it; and restoring a
mixed selection with a sentence saying what came back."""

from __future__ import annotations

from dataclasses import dataclass

from chuangcheng_desktop.core.checkpoints.corrections import restore_run
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.records import RECORD_KINDS

# what names one deleted record: SQL giving (id, deleted_at, date, name) per table
_NAMES = {
    "activities": "SELECT id, deleted_at, date, title FROM activities",
    "volunteers": "SELECT id, deleted_at, '', name FROM volunteers",
    "teams": "SELECT id, deleted_at, '', name FROM teams",
    "inspections": "SELECT id, deleted_at, date, source || ' ' || area FROM inspections",
    "problems": "SELECT id, deleted_at, found_on, checkpoint || '：' || description FROM problems",
    "honours": "SELECT id, deleted_at, date, recipient || ' ' || title FROM honours",
    "service_records": (
        "SELECT s.id, s.deleted_at, coalesce(a.date, ''), coalesce(v.name, '（志愿者）') || ' 参加“' "
        "|| coalesce(a.title, '（活动）') || '” ' || round(s.minutes / 60.0, 2) || '小时' "
        "FROM service_records s LEFT JOIN activities a ON a.id = s.activity_id "
        "LEFT JOIN volunteers v ON v.id = s.volunteer_id"),
    "rechecks": ("SELECT r.id, r.deleted_at, r.date, '复查 ' || coalesce(p.checkpoint, '') "
                 "FROM rechecks r LEFT JOIN problems p ON p.id = r.problem_id"),
    "attachments": "SELECT id, deleted_at, taken_on, role || ' ' || original_name FROM attachments",
    "inspection_runs": ("SELECT r.id, r.deleted_at, r.date, coalesce(c.name, '') FROM inspection_runs r "
                        "LEFT JOIN checkpoints c ON c.id = r.checkpoint_id"),
}
KIND_LABELS = {table: kind.label for table, kind in RECORD_KINDS.items()}
KIND_LABELS["service_records"] = "服务记录（签到）"
KIND_LABELS["inspection_runs"] = "实地测评"
MAX_NAMED = 8
TEXT = {
    "restored": "已恢复 {count} 条：{names}",
    "more": "等",
    "none": "没有恢复任何记录。",
}


@dataclass(frozen=True)
class DeletedItem:
    table: str
    id: str
    deleted_at: str
    date: str
    name: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.table, self.table)

    @property
    def description(self) -> str:
        """“活动 2026年3月5日 文明交通劝导”."""
        shown_date = format_date_cn(self.date) if self.date else ""
        return " ".join(part for part in (self.kind_label, shown_date, self.name) if part)


def _select(table: str) -> str:
    alias = {"service_records": "s", "rechecks": "r", "inspection_runs": "r"}.get(table)
    column = f"{alias}.deleted_at" if alias else "deleted_at"
    return f"SELECT '{table}', * FROM ({_NAMES[table]} WHERE {column} IS NOT NULL)"


def deleted_items(ledger: Ledger, text: str = "", *, limit: int = 2000) -> list[DeletedItem]:
    """Deleted records of every kind, newest deletion first; ``text`` narrows by name."""
    sql = " UNION ALL ".join(_select(table) for table in _NAMES)
    rows = ledger.db.execute(f"SELECT * FROM ({sql}) ORDER BY 3 DESC LIMIT ?", [limit]).fetchall()
    items = [DeletedItem(table, row_id, deleted_at or "", day or "", name or "")
             for table, row_id, deleted_at, day, name in rows]
    words = text.split()
    return [item for item in items if all(word in item.description for word in words)]


def item_of(ledger: Ledger, table: str, row_id: str) -> DeletedItem | None:
    """One record (deleted or not) named like the 全部 list names it."""
    row = ledger.db.execute(f"SELECT * FROM ({_NAMES[table]}) WHERE id = ?", [row_id]).fetchone()
    if row is None:
        return None
    return DeletedItem(table, row[0], row[1] or "", row[2] or "", row[3] or "")


def restore_items(ledger: Ledger, items: list[tuple[str, str]]) -> tuple[list[DeletedItem], list[str]]:
    """Restore (table, id) pairs; returns what came back and the messages of what could not."""
    restored: list[DeletedItem] = []
    problems: list[str] = []
    for table, row_id in items:
        try:
            if table == "inspection_runs":  # not a RecordKind: restored by its own module
                restore_run(ledger, row_id)
            else:
                ledger.repository(table).restore(row_id)
        except UserFacingError as exc:
            problems.append(exc.message)
            continue
        item = item_of(ledger, table, row_id)
        if item is not None:
            restored.append(item)
    return restored, problems


def restored_message(restored: list[DeletedItem]) -> str:
    """“已恢复 2 条：活动 2026年3月5日 文明交通劝导；服务记录（签到）…”."""
    if not restored:
        return TEXT["none"]
    names = "；".join(item.description for item in restored[:MAX_NAMED])
    if len(restored) > MAX_NAMED:
        names += TEXT["more"]
    return TEXT["restored"].format(count=len(restored), names=names)
