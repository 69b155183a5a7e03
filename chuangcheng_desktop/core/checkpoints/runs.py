"""实地测评 / 自查 runs: mark every item of a 点位's checklist 合格 / 不合格 / 不适用.

Saving a run is one transaction: an ``inspections`` row (one per run, or one shared by the
runs of a route), the run with its 达标率, one result per item, photos, and a problem for
every 不合格 item the user left ticked — linked to the 点位 (by name, through the problem
triggers), to the item and the run (``run_results.problem_id``) and to the inspection, with
the run's source and the default deadline of its category. The failed item's photos become
the problem's 整改前 photos.

达标率 = Σ weight of 合格 items ÷ Σ weight of applicable (合格 + 不合格) items; 不适用 items
count in neither. A run with nothing applicable has no 达标率 (None).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from chuangcheng_desktop.core.checkpoints.templates import ChecklistItem, Template, load_template
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.validation import (
    InvalidValue,
    parse_choice,
    parse_date,
    parse_optional_text,
)
from chuangcheng_desktop.core.storage.attachments import store_file
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_id
from chuangcheng_desktop.core.storage.errors import FieldError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.settings import default_deadline

PASS, FAIL, NOT_APPLICABLE = "合格", "不合格", "不适用"
OUTCOMES = (PASS, FAIL, NOT_APPLICABLE)
ROUTINE, FOLLOW_UP = "例行", "回头看"
RUN_KINDS = (ROUTINE, FOLLOW_UP)
DEFAULT_SOURCE = "自查"
TEXT = {
    "unmarked": "第{n}项“{text}”还没有判定，请选择合格、不合格或不适用",
    "item_note": "第{n}项“{text}”的备注：{reason}",
    "not_in_template": "检查项不属于所选检查表，请重新打开测评",
    "no_checkpoint": "点位：所选点位不存在或已删除，请重新选择",
    "inactive": "点位：“{name}”已停用，请先在点位登记簿中改为在用",
    "date": "测评日期：{reason}",
    "source": "来源：{reason}",
    "kind": "测评类型：应为“例行”或“回头看”",
    "description": "测评不合格：{requirement}",
    "area": "{names}",
    "route_note": "路线：{route}",
}


@dataclass
class ResultDraft:
    item_id: str
    outcome: str | None = None
    note: str = ""
    photos: list[Path] = field(default_factory=list)
    make_problem: bool = True


@dataclass
class RunDraft:
    checkpoint_id: str
    template_id: str
    date: Any
    results: list[ResultDraft]
    inspector: str = ""
    source: str = DEFAULT_SOURCE
    kind: str = ROUTINE
    route: str = ""
    note: str = ""


@dataclass
class SavedRun:
    run_id: str
    inspection_id: str
    rate: float | None
    failed: int
    problem_ids: list[str]


def achievement_rate(weighted: Iterable[tuple[str, float]]) -> tuple[float, float, float | None]:
    """(passed weight, applicable weight, 达标率 or None) from (outcome, weight) pairs."""
    passed = applicable = 0.0
    for outcome, weight in weighted:
        if outcome == NOT_APPLICABLE:
            continue
        applicable += weight
        if outcome == PASS:
            passed += weight
    return passed, applicable, (round(passed / applicable, 6) if applicable else None)


def new_draft(ledger: Ledger, checkpoint_id: str, template: Template, *,
              kind: str = ROUTINE, run_date: date | None = None) -> RunDraft:
    """A run to fill in: the template's active items, for a 回头看 those failed last time first."""
    items = order_items(template.active_items,
                        last_failed_keys(ledger, checkpoint_id) if kind == FOLLOW_UP else set())
    return RunDraft(checkpoint_id, template.id, run_date or date.today(),
                    [ResultDraft(item.id) for item in items], kind=kind)


def order_items(items: Sequence[ChecklistItem], failed_keys: set[str]) -> list[ChecklistItem]:
    """Items failed last time first (keeping checklist order within each group)."""
    return sorted(items, key=lambda item: (item.item_key not in failed_keys, item.position))


def last_failed_keys(ledger: Ledger, checkpoint_id: str) -> set[str]:
    """The item keys that failed in the 点位's latest run."""
    row = ledger.db.execute(
        "SELECT id FROM inspection_runs WHERE checkpoint_id = ? AND deleted_at IS NULL "
        "ORDER BY date DESC, created_at DESC LIMIT 1", [checkpoint_id]).fetchone()
    if row is None:
        return set()
    return {key for (key,) in ledger.db.execute(
        "SELECT i.item_key FROM run_results r JOIN checklist_items i ON i.id = r.item_id "
        "WHERE r.run_id = ? AND r.outcome = ?", [row[0], FAIL])}


def save_run(ledger: Ledger, draft: RunDraft, attachments_dir: Path | None = None,
             *, inspection_id: str | None = None) -> SavedRun:
    """Check and save one run (see the module docstring); returns what was created."""
    return save_route(ledger, [draft], attachments_dir, inspection_id=inspection_id)[0]


def save_route(ledger: Ledger, drafts: Sequence[RunDraft], attachments_dir: Path | None = None,
               *, inspection_id: str | None = None) -> list[SavedRun]:
    """Save the runs of a route (several 点位 in one outing) under one inspection, all or none."""
    checked = [_check(ledger, draft) for draft in drafts]
    stored = {path: store_file(attachments_dir, path)
              for draft in drafts for result in draft.results for path in result.photos
              } if attachments_dir is not None else {}
    saved: list[SavedRun] = []
    with ledger.db.atomic():
        if inspection_id is None and checked:
            first = checked[0]
            inspection_id = ledger.inspections.add({
                "date": first.date, "source": first.source, "inspector": first.draft.inspector,
                "area": TEXT["area"].format(names="、".join(c.checkpoint["name"] for c in checked))[:100],
                "note": TEXT["route_note"].format(route=first.draft.route) if first.draft.route else "",
            })["id"]
        for run in checked:
            saved.append(_insert(ledger, run, inspection_id or "", stored))
    return saved


@dataclass
class _Checked:
    draft: RunDraft
    checkpoint: dict[str, Any]
    template: Template
    items: dict[str, ChecklistItem]
    date: str
    source: str


def _check(ledger: Ledger, draft: RunDraft) -> _Checked:
    db = ledger.db
    errors: list[FieldError] = []
    row = db.execute("SELECT id, name, sponsor_unit, contact_person, active FROM checkpoints "
                     "WHERE id = ? AND deleted_at IS NULL", [draft.checkpoint_id]).fetchone()
    if row is None:
        raise ValidationError.single("checkpoint_id", "点位", TEXT["no_checkpoint"])
    checkpoint = dict(zip(("id", "name", "sponsor_unit", "contact_person", "active"), row,
                          strict=True))
    if not checkpoint["active"]:
        errors.append(FieldError("checkpoint_id", "点位", TEXT["inactive"].format(name=row[1])))
    try:
        run_date = parse_date(draft.date).isoformat()
    except InvalidValue as exc:
        errors.append(FieldError("date", "测评日期", TEXT["date"].format(reason=exc.reason)))
        run_date = ""
    try:
        source = parse_choice(draft.source, vocab.INSPECTION_SOURCES)
    except InvalidValue as exc:
        errors.append(FieldError("source", "来源", TEXT["source"].format(reason=exc.reason)))
        source = DEFAULT_SOURCE
    if draft.kind not in RUN_KINDS:
        errors.append(FieldError("kind", "测评类型", TEXT["kind"]))
    template = load_template(db, draft.template_id)
    items = {item.id: item for item in template.items}
    for n, result in enumerate(draft.results, start=1):
        item = items.get(result.item_id)
        if item is None:
            errors.append(FieldError("results", "检查项", TEXT["not_in_template"]))
            break
        if result.outcome not in OUTCOMES:
            errors.append(FieldError("results", "检查项", TEXT["unmarked"].format(
                n=n, text=item.requirement[:20])))
        try:
            result.note = parse_optional_text(result.note, max_length=500)
        except InvalidValue as exc:  # a note too long: say which item, as for a correction
            errors.append(FieldError("results", "检查项", TEXT["item_note"].format(
                n=n, text=item.requirement[:20], reason=exc.reason)))
    if errors:
        raise ValidationError(errors)
    return _Checked(draft, checkpoint, template, items, run_date, source)


def _insert(ledger: Ledger, run: _Checked, inspection_id: str, stored: dict) -> SavedRun:
    db, draft = ledger.db, run.draft
    now = local_now_iso()
    passed, applicable, rate = achievement_rate(
        (r.outcome or "", run.items[r.item_id].weight) for r in draft.results)
    failed = [r for r in draft.results if r.outcome == FAIL]
    run_id = new_id()
    db.execute(
        "INSERT INTO inspection_runs (id, created_at, updated_at, checkpoint_id, template_id, date, "
        "inspector, source, kind, route, inspection_id, passed_weight, applicable_weight, rate, "
        "failed, note, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, now, now, draft.checkpoint_id, draft.template_id, run.date, draft.inspector,
         run.source, draft.kind, draft.route, inspection_id or None, passed, applicable, rate,
         len(failed), draft.note, f"{run.checkpoint['name']}\n{draft.inspector}".lower()])
    result_ids = [new_id() for _ in draft.results]
    db.conn.executemany(
        "INSERT INTO run_results (id, run_id, item_id, outcome, note) VALUES (?, ?, ?, ?, ?)",
        [[rid, run_id, r.item_id, r.outcome, r.note]
         for rid, r in zip(result_ids, draft.results, strict=True)])
    to_raise = [(rid, r) for rid, r in zip(result_ids, draft.results, strict=True)
                if r.outcome == FAIL and r.make_problem]
    problems = ledger.problems.add_many([
        problem_values(db, inspection_id=inspection_id, source=run.source, run_date=run.date,
                       checkpoint=run.checkpoint, item=run.items[r.item_id], note=r.note)
        for _, r in to_raise])
    db.execute("UPDATE inspection_runs SET raised = ? WHERE id = ?", [len(problems), run_id])
    db.conn.executemany("UPDATE run_results SET problem_id = ? WHERE id = ?",
                        [[p["id"], rid] for p, (rid, _) in zip(problems, to_raise, strict=True)])
    problem_of = {rid: p["id"] for p, (rid, _) in zip(problems, to_raise, strict=True)}
    photos, problem_photos = [], []
    for rid, result in zip(result_ids, draft.results, strict=True):
        for path in result.photos:
            file = stored[path]
            photos.append([new_id(), now, now, draft.checkpoint_id, run_id, rid, file.sha256,
                           Path(path).name, file.size, run.date, run.items[result.item_id].requirement[:60]])
            if rid in problem_of:
                problem_photos.append({"sha256": file.sha256, "original_name": Path(path).name,
                                       "size": file.size, "taken_on": run.date,
                                       "owner_table": "problems", "owner_id": problem_of[rid],
                                       "role": "整改前"})
    db.conn.executemany(
        "INSERT INTO checkpoint_photos (id, created_at, updated_at, checkpoint_id, run_id, result_id, "
        "sha256, original_name, size, taken_on, caption) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        photos)
    if problem_photos:
        ledger.attachments.add_many(problem_photos)
    write_audit(db, table="inspection_runs", row_id=run_id, action="insert", actor=ledger.actor,
                new={"checkpoint": run.checkpoint["name"], "date": run.date, "kind": draft.kind,
                     "rate": rate, "failed": len(failed), "problems": len(problems),
                     "template_version": run.template.version})
    return SavedRun(run_id, inspection_id, rate, len(failed), [p["id"] for p in problems])


def problem_values(db: Any, *, inspection_id: str | None, source: str, run_date: str,
                   checkpoint: dict[str, Any], item: ChecklistItem, note: str) -> dict[str, Any]:
    """The problem a 不合格 item raises (saving a run, or correcting one to 不合格)."""
    return {
        "inspection_id": inspection_id or None,
        "source": source,
        "found_on": run_date,
        "checkpoint": checkpoint["name"],
        "category": item.category,
        "description": _description(item, note),
        "responsible_unit": checkpoint["sponsor_unit"],
        "responsible_person": checkpoint["contact_person"],
        "deadline": default_deadline(db, date.fromisoformat(run_date), item.category, source),
    }


def _description(item: ChecklistItem, note: str) -> str:
    text = TEXT["description"].format(requirement=item.requirement)
    return f"{text}：{note}" if note else text
