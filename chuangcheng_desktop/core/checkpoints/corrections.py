"""Correcting a saved 实地测评 run, and voiding (作废) / restoring one.

``correct_run`` changes a run's date, 测评人, 来源, note and any item's result or note (and
may add photos) in one transaction, recomputes what the run stores (达标率, weights, failed,
raised) and writes one audit row for the run saying every change old → new.

The problems a run raised follow its items:
- an item corrected to 不合格 raises a problem exactly as saving a run does (unless the user
  unticked 生成问题), its photos becoming the problem's 整改前 photos;
- an item corrected away from 不合格 whose problem is still 待整改 (nobody has worked on it)
  moves that problem to the 回收站 (restorable; audited like any deletion) and unlinks it;
- a problem already 整改中 / 待复查 / 已完成 is never touched: it stays linked and the result
  tells the user to handle it in the 问题整改台账 if it is wrong.

A voided run gets ``deleted_at`` (so every figure, which counts live runs only, drops it), an
audit row with the reason, and appears in the 回收站 (core/safety/recycle_view.py), where
``restore_run`` brings it back. Its problems are left as they are (they are records of their
own; the message says how many are still open).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chuangcheng_desktop.core.checkpoints.runs import (
    FAIL,
    OUTCOMES,
    ResultDraft,
    RunDraft,
    achievement_rate,
    problem_values,
)
from chuangcheng_desktop.core.checkpoints.runs import TEXT as RUN_TEXT
from chuangcheng_desktop.core.checkpoints.templates import load_template
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.validation import (
    InvalidValue,
    parse_choice,
    parse_date,
    parse_optional_text,
    parse_required_text,
)
from chuangcheng_desktop.core.storage.attachments import store_file
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_id
from chuangcheng_desktop.core.storage.errors import (
    FieldError,
    RecordNotFoundError,
    UserFacingError,
    ValidationError,
)
from chuangcheng_desktop.core.storage.ledger import Ledger

OPEN_STATUS = vocab.PROBLEM_STATUSES[0]  # 待整改
TEXT = {
    "missing": "找不到该测评记录，可能已作废或删除。",
    "date": "测评日期：{reason}",
    "inspector": "测评人：{reason}",
    "source": "来源：{reason}",
    "note": "备注：{reason}",
    "item_note": RUN_TEXT["item_note"],
    "outcome": "第{n}项“{text}”的结果应为合格、不合格或不适用",
    "not_in_run": "检查项不属于这次测评，请重新打开",
    "reason": "作废原因：{reason}",
    "no_checkpoint": "这次测评的点位已删除，请先恢复点位再恢复测评",
    "result": "第{n}项 {text}",
    "recycled": "第{n}项“{text}”已改为{outcome}，它生成的整改问题（待整改）已移到回收站，"
                "如需要可从回收站恢复。",
    "kept": "第{n}项“{text}”已改为{outcome}，但它的整改问题已是“{status}”，没有改动；"
            "如该问题有误，请到问题整改台账处理。",
    "raised": "第{n}项“{text}”改为不合格，已生成整改问题。",
    "dates_kept": "测评日期已改，但已生成的 {count} 个整改问题的发现日期和整改期限没有改动；"
                  "如需改正，请到问题整改台账修改。",
    "open_problems": "这次测评生成的整改问题还有 {count} 个未完成，仍在问题整改台账中；"
                     "如也是误录，请到问题整改台账删除。",
}
RUN_FIELDS = {"date": "测评日期", "inspector": "测评人", "source": "来源", "note": "备注"}


@dataclass
class RunCorrection:
    """What to change; ``None`` (or an item left out of ``results``) means unchanged."""

    date: Any = None
    inspector: str | None = None
    source: str | None = None
    note: str | None = None
    results: list[ResultDraft] = field(default_factory=list)


@dataclass
class CorrectedRun:
    run_id: str
    changed: bool
    rate: float | None
    failed: int
    raised_ids: list[str] = field(default_factory=list)
    recycled_ids: list[str] = field(default_factory=list)
    kept_ids: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


@dataclass
class VoidedRun:
    run_id: str
    open_problems: int
    messages: list[str] = field(default_factory=list)


@dataclass
class SavedResult:
    """What a saved item already has: its problem (if any) and how many photos."""

    problem_id: str | None
    photos: int


def draft_of_run(ledger: Ledger, run_id: str) -> tuple[RunDraft, dict[str, SavedResult]]:
    """A live run as the run dialog edits it (results in checklist order), and per item what
    it already has. Photos already saved are not in the draft (``photos`` holds new ones)."""
    run = _run_row(ledger, run_id)
    rows = ledger.db.execute(
        "SELECT r.item_id, r.outcome, r.note, r.problem_id, (SELECT count(*) FROM checkpoint_photos p "
        "WHERE p.result_id = r.id AND p.deleted_at IS NULL) FROM run_results r "
        "JOIN checklist_items i ON i.id = r.item_id WHERE r.run_id = ? ORDER BY i.position",
        [run_id]).fetchall()
    draft = RunDraft(run["checkpoint_id"], run["template_id"], run["date"],
                     [ResultDraft(item_id, outcome, note, make_problem=problem_id is not None)
                      for item_id, outcome, note, problem_id, _ in rows],
                     inspector=run["inspector"], source=run["source"], kind=run["kind"],
                     route=run["route"], note=run["note"])
    return draft, {item_id: SavedResult(problem_id, photos)
                   for item_id, _o, _n, problem_id, photos in rows}


def _run_row(ledger: Ledger, run_id: str, *, live: bool = True) -> dict[str, Any]:
    cursor = ledger.db.execute(
        "SELECT * FROM inspection_runs WHERE id = ? AND (deleted_at IS NULL) = ?", [run_id, live])
    row = cursor.fetchone()
    if row is None:
        raise RecordNotFoundError(TEXT["missing"])
    return dict(zip([c[0] for c in cursor.description], row, strict=True))


def correct_run(ledger: Ledger, run_id: str, changes: RunCorrection,
                attachments_dir: Path | None = None) -> CorrectedRun:
    """Check and write the corrections (see the module docstring); all or nothing."""
    db = ledger.db
    run = _run_row(ledger, run_id)
    template = load_template(db, run["template_id"])
    items = {item.id: item for item in template.items}
    stored_results = {row[0]: dict(zip(("item_id", "id", "outcome", "note", "problem_id"), row,
                                       strict=True)) for row in db.execute(
        "SELECT item_id, id, outcome, note, problem_id FROM run_results WHERE run_id = ?",
        [run_id])}
    order = {item_id: n for n, item_id in enumerate(
        sorted(stored_results, key=lambda i: items[i].position), start=1)}
    new_head, errors = _check_head(run, changes)
    wanted: list[tuple[ResultDraft, dict[str, Any]]] = []
    for draft in changes.results:
        saved = stored_results.get(draft.item_id)
        if saved is None:
            errors.append(FieldError("results", "检查项", TEXT["not_in_run"]))
            break
        n, text = order[draft.item_id], items[draft.item_id].requirement[:20]
        if draft.outcome not in OUTCOMES:
            errors.append(FieldError("results", "检查项", TEXT["outcome"].format(n=n, text=text)))
        try:
            draft.note = parse_optional_text(draft.note, max_length=500)
        except InvalidValue as exc:
            errors.append(FieldError("results", "检查项", TEXT["item_note"].format(
                n=n, text=text, reason=exc.reason)))
        wanted.append((draft, saved))
    if errors:
        raise ValidationError(errors)
    stored_files = {path: store_file(attachments_dir, path)
                    for draft, _ in wanted for path in draft.photos} if attachments_dir else {}
    if any(draft.photos for draft, _ in wanted) and attachments_dir is None:
        raise UserFacingError("照片：没有可用的附件文件夹，照片没有保存")

    result = CorrectedRun(run_id, False, run["rate"], run["failed"])
    old_audit: dict[str, Any] = {}
    new_audit: dict[str, Any] = {}
    for name, value in new_head.items():
        if value != run[name]:
            old_audit[name], new_audit[name] = run[name], value
    checkpoint = dict(zip(("name", "sponsor_unit", "contact_person"), db.execute(
        "SELECT name, sponsor_unit, contact_person FROM checkpoints WHERE id = ?",
        [run["checkpoint_id"]]).fetchone(), strict=True))
    now = local_now_iso()
    with db.atomic():
        if new_audit:
            db.execute(f"UPDATE inspection_runs SET {', '.join(f'{k} = ?' for k in new_audit)} "
                       "WHERE id = ?", [*new_audit.values(), run_id])
        run_date = new_head["date"]
        for draft, saved in wanted:
            item = items[draft.item_id]
            n, text = order[draft.item_id], item.requirement[:20]
            label = TEXT["result"].format(n=n, text=text)
            if draft.outcome != saved["outcome"]:
                old_audit[f"{label} 结果"], new_audit[f"{label} 结果"] = saved["outcome"], draft.outcome
            if draft.note != saved["note"]:
                old_audit[f"{label} 备注"], new_audit[f"{label} 备注"] = saved["note"], draft.note
            db.execute("UPDATE run_results SET outcome = ?, note = ? WHERE id = ?",
                       [draft.outcome, draft.note, saved["id"]])
            problem_id = _follow_problem(ledger, draft, saved, n, text, result)
            if problem_id != saved["problem_id"]:
                old_audit[f"{label} 整改问题"] = saved["problem_id"]
                new_audit[f"{label} 整改问题"] = problem_id
            if problem_id is None and draft.outcome == FAIL and draft.make_problem:
                problem_id = _raise(ledger, run, checkpoint, item, draft, saved, run_date)
                db.execute("UPDATE run_results SET problem_id = ? WHERE id = ?",
                           [problem_id, saved["id"]])
                result.raised_ids.append(problem_id)
                result.messages.append(TEXT["raised"].format(n=n, text=text))
                old_audit[f"{label} 整改问题"], new_audit[f"{label} 整改问题"] = None, problem_id
            if draft.photos:
                _add_photos(ledger, run, saved["id"], item.requirement, draft.photos,
                            stored_files, run_date, now, problem_id)
                new_audit[f"{label} 照片"] = "、".join(Path(p).name for p in draft.photos)
        if not new_audit:
            return result
        passed, applicable, rate = achievement_rate(
            (outcome, items[item_id].weight) for item_id, outcome in db.execute(
                "SELECT item_id, outcome FROM run_results WHERE run_id = ?", [run_id]))
        failed, raised = db.execute(
            "SELECT coalesce(sum(outcome = ?), 0), count(problem_id) FROM run_results "
            "WHERE run_id = ?", [FAIL, run_id]).fetchone()
        for name, value in (("rate", rate), ("failed", failed), ("raised", raised)):
            if value != run[name]:
                old_audit[name], new_audit[name] = run[name], value
        inspector = new_head["inspector"]
        db.execute(
            "UPDATE inspection_runs SET passed_weight = ?, applicable_weight = ?, rate = ?, "
            "failed = ?, raised = ?, updated_at = ?, search_text = ? WHERE id = ?",
            [passed, applicable, rate, failed, raised, now,
             f"{checkpoint['name']}\n{inspector}".lower(), run_id])
        if "date" in new_audit and raised:
            result.messages.append(TEXT["dates_kept"].format(count=raised))
        old_audit["checkpoint"] = new_audit["checkpoint"] = checkpoint["name"]
        write_audit(db, table="inspection_runs", row_id=run_id, action="update",
                    actor=ledger.actor, old=old_audit, new=new_audit)
    result.changed, result.rate, result.failed = True, rate, failed
    return result


def _check_head(run: dict[str, Any], changes: RunCorrection) -> tuple[dict[str, Any], list[FieldError]]:
    """The run's date, 测评人, 来源 and note after the corrections, and what was wrong."""
    head = {name: run[name] for name in RUN_FIELDS}
    errors: list[FieldError] = []
    checks = (
        ("date", changes.date, lambda v: parse_date(v).isoformat()),
        ("inspector", changes.inspector, lambda v: parse_optional_text(v, max_length=50)),
        ("source", changes.source, lambda v: parse_choice(v, vocab.INSPECTION_SOURCES)),
        ("note", changes.note, lambda v: parse_optional_text(v, max_length=500, multiline=True)),
    )
    for name, value, parse in checks:
        if value is None:
            continue
        try:
            head[name] = parse(value)
        except InvalidValue as exc:
            errors.append(FieldError(name, RUN_FIELDS[name], TEXT[name].format(reason=exc.reason)))
    return head, errors


def _follow_problem(ledger: Ledger, draft: ResultDraft, saved: dict[str, Any], n: int, text: str,
                    result: CorrectedRun) -> str | None:
    """An item no longer 不合格: its untouched problem goes to the 回收站, a worked-on one stays."""
    problem_id = saved["problem_id"]
    if problem_id is None or draft.outcome == FAIL:
        return problem_id
    row = ledger.db.execute("SELECT status FROM problems WHERE id = ? AND deleted_at IS NULL",
                            [problem_id]).fetchone()
    if row is None:  # already deleted by hand: just let go of the link
        ledger.db.execute("UPDATE run_results SET problem_id = NULL WHERE id = ?", [saved["id"]])
        return None
    if row[0] == OPEN_STATUS:
        ledger.problems.soft_delete(problem_id)
        ledger.db.execute("UPDATE run_results SET problem_id = NULL WHERE id = ?", [saved["id"]])
        result.recycled_ids.append(problem_id)
        result.messages.append(TEXT["recycled"].format(n=n, text=text, outcome=draft.outcome))
        return None
    result.kept_ids.append(problem_id)
    result.messages.append(TEXT["kept"].format(n=n, text=text, outcome=draft.outcome, status=row[0]))
    return problem_id


def _raise(ledger: Ledger, run: dict[str, Any], checkpoint: dict[str, Any], item: Any,
           draft: ResultDraft, saved: dict[str, Any], run_date: str) -> str:
    """A problem for an item corrected to 不合格; the result's photos become its 整改前 photos."""
    problem = ledger.problems.add(problem_values(
        ledger.db, inspection_id=run["inspection_id"], source=run["source"], run_date=run_date,
        checkpoint=checkpoint, item=item, note=draft.note))
    photos = [dict(zip(("sha256", "original_name", "size", "taken_on"), row, strict=True))
              for row in ledger.db.execute(
        "SELECT sha256, original_name, size, taken_on FROM checkpoint_photos "
        "WHERE result_id = ? AND deleted_at IS NULL", [saved["id"]])]
    if photos:
        ledger.attachments.add_many([{**photo, "owner_table": "problems",
                                      "owner_id": problem["id"], "role": "整改前"}
                                     for photo in photos])
    return problem["id"]


def _add_photos(ledger: Ledger, run: dict[str, Any], result_id: str, requirement: str,
                paths: Sequence[Path], stored: dict, run_date: str, now: str,
                problem_id: str | None) -> None:
    rows, problem_photos = [], []
    for path in paths:
        file = stored[path]
        rows.append([new_id(), now, now, run["checkpoint_id"], run["id"], result_id, file.sha256,
                     Path(path).name, file.size, run_date, requirement[:60]])
        if problem_id:
            problem_photos.append({"sha256": file.sha256, "original_name": Path(path).name,
                                   "size": file.size, "taken_on": run_date,
                                   "owner_table": "problems", "owner_id": problem_id,
                                   "role": "整改前"})
    ledger.db.conn.executemany(
        "INSERT INTO checkpoint_photos (id, created_at, updated_at, checkpoint_id, run_id, result_id, "
        "sha256, original_name, size, taken_on, caption) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows)
    if problem_photos:
        ledger.attachments.add_many(problem_photos)


def void_run(ledger: Ledger, run_id: str, reason: str) -> VoidedRun:
    """作废: the run goes to the 回收站 (out of every figure), with the reason in the audit log."""
    try:
        reason = parse_required_text(reason, max_length=200)
    except InvalidValue as exc:
        raise ValidationError.single("reason", "作废原因",
                                     TEXT["reason"].format(reason=exc.reason)) from None
    db = ledger.db
    with db.atomic():
        run = _run_row(ledger, run_id)
        now = local_now_iso()
        db.execute("UPDATE inspection_runs SET deleted_at = ?, updated_at = ? WHERE id = ?",
                   [now, now, run_id])
        name = db.execute("SELECT name FROM checkpoints WHERE id = ?",
                          [run["checkpoint_id"]]).fetchone()[0]
        write_audit(db, table="inspection_runs", row_id=run_id, action="delete",
                    actor=ledger.actor, old={"deleted_at": None, "checkpoint": name,
                                             "date": run["date"], "rate": run["rate"]},
                    new={"deleted_at": now, "note": reason})
        open_problems = db.execute(
            "SELECT count(*) FROM run_results r JOIN problems p ON p.id = r.problem_id "
            "WHERE r.run_id = ? AND p.deleted_at IS NULL AND p.status != ?",
            [run_id, vocab.PROBLEM_DONE]).fetchone()[0]
    voided = VoidedRun(run_id, open_problems)
    if open_problems:
        voided.messages.append(TEXT["open_problems"].format(count=open_problems))
    return voided


def restore_run(ledger: Ledger, run_id: str) -> None:
    """Bring a voided run back from the 回收站 (it counts in the figures again)."""
    db = ledger.db
    with db.atomic():
        run = _run_row(ledger, run_id, live=False)
        live = db.execute("SELECT 1 FROM checkpoints WHERE id = ? AND deleted_at IS NULL",
                          [run["checkpoint_id"]]).fetchone()
        if live is None:
            raise UserFacingError(TEXT["no_checkpoint"])
        db.execute("UPDATE inspection_runs SET deleted_at = NULL, updated_at = ? WHERE id = ?",
                   [local_now_iso(), run_id])
        write_audit(db, table="inspection_runs", row_id=run_id, action="restore",
                    actor=ledger.actor, old={"deleted_at": run["deleted_at"]},
                    new={"deleted_at": None})
