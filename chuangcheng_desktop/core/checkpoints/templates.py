"""测评 checklists per 点位 type, versioned so that old results read as they were.

A template *version* is a fixed list of items (theme, requirement, weight). Editing the
checklist — changing a text or weight, adding an item, retiring one — saves a new version;
the rows of older versions are never changed, and every run keeps the version it used. An
item keeps its ``item_key`` from version to version, so "failed last time" and "most failed
items" follow it across edits. A retired item stays in the new version marked ``retired``
(not asked any more, shown greyed in the editor, can be brought back).

The first time a type's checklist is needed, the shipped default (resources/checklists/)
becomes its version 1.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_amount, parse_required_text
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_id
from chuangcheng_desktop.core.storage.errors import FieldError, UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger

THEMES = ("环境卫生", "公共秩序", "公益广告与宣传", "设施维护", "文明行为", "志愿服务", "其他")
# The problem category (vocab.PROBLEM_CATEGORIES) a failed item of each theme becomes.
THEME_CATEGORY = {"环境卫生": "环境卫生", "公共秩序": "公共秩序", "公益广告与宣传": "宣传氛围",
                  "设施维护": "设施维护", "文明行为": "公共秩序", "志愿服务": "志愿服务"}
FALLBACK_TYPE = "其他"
TEXT = {
    "requirement": "第{n}项 检查内容：{reason}",
    "weight": "第{n}项 分值：{reason}",
    "weight_range": "应大于0且不超过100",
    "empty": "检查表至少要有一项在用的检查内容",
    "no_defaults": "找不到默认检查表（resources/checklists），程序文件可能不完整，请重新安装。",
}


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    item_key: str
    position: int
    theme: str
    requirement: str
    weight: float
    retired: bool = False

    @property
    def category(self) -> str:
        return THEME_CATEGORY.get(self.theme, "其他")


@dataclass(frozen=True)
class ItemDraft:
    """One row of the checklist editor: ``item_key`` None for a new item."""

    theme: str
    requirement: str
    weight: float
    retired: bool = False
    item_key: str | None = None


@dataclass
class Template:
    id: str
    checkpoint_type: str
    version: int
    created_at: str
    items: list[ChecklistItem] = field(default_factory=list)

    @property
    def active_items(self) -> list[ChecklistItem]:
        return [item for item in self.items if not item.retired]

    def drafts(self) -> list[ItemDraft]:
        return [ItemDraft(i.theme, i.requirement, i.weight, i.retired, i.item_key)
                for i in self.items]


@functools.cache
def default_checklists() -> dict[str, list[dict[str, Any]]]:
    """Type → default items, from the shipped JSON files."""
    folder = paths.resource_path("checklists")
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["type"]] = data["items"]
    if FALLBACK_TYPE not in found:
        raise UserFacingError(TEXT["no_defaults"])
    return found


def current_template(ledger: Ledger, checkpoint_type: str) -> Template:
    """The newest version of the type's checklist (version 1 from the defaults if none)."""
    row = ledger.db.execute(
        "SELECT id FROM checklist_templates WHERE checkpoint_type = ? AND deleted_at IS NULL "
        "ORDER BY version DESC LIMIT 1", [checkpoint_type]).fetchone()
    if row is not None:
        return load_template(ledger.db, row[0])
    defaults = default_checklists()
    items = defaults.get(checkpoint_type, defaults[FALLBACK_TYPE])
    drafts = [ItemDraft(i["theme"], i["requirement"], i["weight"]) for i in items]
    return _save(ledger, checkpoint_type, drafts, note="默认检查表")


def load_template(db: Database, template_id: str) -> Template:
    head = db.execute("SELECT id, checkpoint_type, version, created_at FROM checklist_templates "
                      "WHERE id = ?", [template_id]).fetchone()
    if head is None:
        raise UserFacingError("找不到该检查表版本，可能数据已损坏，请运行“检查数据库”。")
    template = Template(*head)
    template.items = [ChecklistItem(*row[:6], bool(row[6])) for row in db.execute(
        "SELECT id, item_key, position, theme, requirement, weight, retired FROM checklist_items "
        "WHERE template_id = ? ORDER BY position", [template_id])]
    return template


def template_versions(db: Database, checkpoint_type: str) -> list[tuple[str, int, str, int]]:
    """(template id, version, created_at, runs using it), newest first."""
    return [tuple(row) for row in db.execute(
        "SELECT t.id, t.version, t.created_at, (SELECT count(*) FROM inspection_runs r "
        "WHERE r.template_id = t.id AND r.deleted_at IS NULL) FROM checklist_templates t "
        "WHERE t.checkpoint_type = ? AND t.deleted_at IS NULL ORDER BY t.version DESC",
        [checkpoint_type])]


def save_version(ledger: Ledger, checkpoint_type: str, drafts: Sequence[ItemDraft], *,
                 note: str = "") -> Template:
    """Save the edited checklist as a new version (or return the current one if unchanged)."""
    current = current_template(ledger, checkpoint_type)
    cleaned = validate_drafts(drafts)
    if [(d.item_key, d.theme, d.requirement, d.weight, d.retired) for d in cleaned] == [
            (d.item_key, d.theme, d.requirement, d.weight, d.retired) for d in current.drafts()]:
        return current
    return _save(ledger, checkpoint_type, cleaned, note=note)


def retire_item(ledger: Ledger, checkpoint_type: str, item_key: str,
                retired: bool = True) -> Template:
    """A new version with one item retired (or brought back)."""
    current = current_template(ledger, checkpoint_type)
    drafts = [ItemDraft(d.theme, d.requirement, d.weight,
                        retired if d.item_key == item_key else d.retired, d.item_key)
              for d in current.drafts()]
    return save_version(ledger, checkpoint_type, drafts,
                        note=("停用" if retired else "恢复") + "一项")


def validate_drafts(drafts: Sequence[ItemDraft]) -> list[ItemDraft]:
    errors: list[FieldError] = []
    cleaned: list[ItemDraft] = []
    for n, draft in enumerate(drafts, start=1):
        try:
            requirement = parse_required_text(draft.requirement, max_length=200)
        except InvalidValue as exc:
            errors.append(FieldError("requirement", "检查内容",
                                     TEXT["requirement"].format(n=n, reason=exc.reason)))
            continue
        try:
            weight = parse_amount(draft.weight)
            if not 0 < weight <= 100:
                raise InvalidValue(TEXT["weight_range"])
        except InvalidValue as exc:
            errors.append(FieldError("weight", "分值", TEXT["weight"].format(n=n, reason=exc.reason)))
            continue
        theme = draft.theme if draft.theme in THEMES else "其他"
        cleaned.append(ItemDraft(theme, requirement, weight, bool(draft.retired), draft.item_key))
    if not errors and not any(not d.retired for d in cleaned):
        errors.append(FieldError("items", "检查内容", TEXT["empty"]))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save(ledger: Ledger, checkpoint_type: str, drafts: Sequence[ItemDraft], *,
          note: str) -> Template:
    db = ledger.db
    now = local_now_iso()
    template_id = new_id()
    with db.atomic():
        version = db.execute("SELECT coalesce(max(version), 0) + 1 FROM checklist_templates "
                             "WHERE checkpoint_type = ?", [checkpoint_type]).fetchone()[0]
        db.execute("INSERT INTO checklist_templates (id, created_at, updated_at, checkpoint_type, "
                   "version, note) VALUES (?, ?, ?, ?, ?, ?)",
                   [template_id, now, now, checkpoint_type, version, note])
        db.conn.executemany(
            "INSERT INTO checklist_items (id, created_at, updated_at, template_id, item_key, "
            "position, theme, requirement, weight, retired) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[new_id(), now, now, template_id, d.item_key or new_id(), position, d.theme,
              d.requirement, float(d.weight), int(d.retired)]
             for position, d in enumerate(drafts, start=1)])
        write_audit(db, table="checklist_templates", row_id=template_id, action="insert",
                    actor=ledger.actor, new={"checkpoint_type": checkpoint_type,
                                             "version": version, "items": len(drafts),
                                             "note": note})
    return load_template(db, template_id)
