"""The rectification (整改) workflow of a problem: 待整改 → 整改中 → 待复查 → 已完成.

A re-check (复查) either passes (已完成, completed on the re-check date) or is rejected
with a reason (back to 整改中; the round is kept). Moving to 待复查 needs the measures
taken and at least one 整改后 photo, unless the user records why there is none. Each
step is one transaction: the re-check row, the problem's new state and their audit rows
are saved together or not at all. Status is changed only here (see ``records.PROBLEMS``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.notices import notices_for_problem
from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_date
from chuangcheng_desktop.core.storage.errors import FieldError, UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery

TODO, DOING, CHECKING, DONE = vocab.PROBLEM_STATUSES

STEP_NAMES = {
    "start": "开始整改",
    "submit": "提交复查",
    "pass": "复查通过",
    "reject": "复查不通过",
}


DUE_SOON_DAYS = 3  # "3天内到期" on 首页 and in the problem lists
DEADLINE_TEXT = {"overdue": "逾期{days}天", "today": "今天到期", "soon": "{days}天后到期"}


class WorkflowError(UserFacingError):
    """A step that the problem's current state does not allow."""


def start_rectification(ledger: Ledger, problem_id: str) -> dict[str, Any]:
    """待整改 → 整改中."""
    problem = ledger.problems.get(problem_id)
    _require(problem, TODO, "start")
    return ledger.problems.update(problem_id, {"status": DOING}, workflow=True)


def submit_for_recheck(
    ledger: Ledger, problem_id: str, *, measures: str | None = None,
    no_photo_reason: str | None = None,
) -> dict[str, Any]:
    """整改中 → 待复查: needs measures and an 整改后 photo (or the reason there is none)."""
    problem = ledger.problems.get(problem_id)
    _require(problem, DOING, "submit")
    changes: dict[str, Any] = {"status": CHECKING}
    if measures is not None:
        changes["measures"] = measures
    if no_photo_reason is not None:
        changes["no_photo_reason"] = no_photo_reason
    errors = []
    if not (changes.get("measures") or problem["measures"]).strip():
        errors.append(FieldError("measures", "整改措施", "整改措施：提交复查前请写明采取了哪些整改措施"))
    after_photos = ledger.attachments.count(ListQuery(filters={
        "owner_table": "problems", "owner_id": problem_id, "role": "整改后"}))
    if not after_photos and not (changes.get("no_photo_reason") or problem["no_photo_reason"]).strip():
        errors.append(FieldError(
            "no_photo_reason", "无整改后照片的原因",
            "整改后照片：请至少上传一张整改后照片，或写明没有照片的原因"))
    if errors:
        raise ValidationError(errors)
    return ledger.problems.update(problem_id, changes, workflow=True)


def record_recheck(
    ledger: Ledger, problem_id: str, *, day: Any, reviewer: str, passed: bool, reason: str = "",
) -> dict[str, Any]:
    """待复查 → 已完成 (passed) or → 整改中 (rejected, a reason is required)."""
    problem = ledger.problems.get(problem_id)
    _require(problem, CHECKING, "pass" if passed else "reject")
    try:
        checked_on = parse_date(day)
    except InvalidValue as exc:
        raise ValidationError.single("date", "复查日期", f"复查日期：{exc.reason}") from exc
    if checked_on < date.fromisoformat(problem["found_on"]):
        raise ValidationError.single("date", "复查日期", "复查日期：早于问题的发现日期，请核对")
    if not passed and not reason.strip():
        raise ValidationError.single("reason", "说明", "说明：复查不通过时请写明原因和整改要求")
    with ledger.db.atomic():
        ledger.rechecks.add({"problem_id": problem_id, "date": checked_on, "reviewer": reviewer,
                             "passed": passed, "reason": reason})
        if passed:
            return ledger.problems.update(
                problem_id, {"status": DONE, "completed_on": checked_on}, workflow=True)
        return ledger.problems.update(problem_id, {"status": DOING}, workflow=True)


def allowed_steps(problem: dict[str, Any]) -> list[str]:
    """The steps the problem's state allows, as keys of STEP_NAMES."""
    return {TODO: ["start"], DOING: ["submit"], CHECKING: ["pass", "reject"], DONE: []}[
        problem["status"]]


def days_overdue(problem: dict[str, Any], today: date) -> int:
    """Days an open problem is past its deadline (0 when done or not past it)."""
    if problem["status"] == DONE or not problem.get("deadline"):
        return 0
    return max((today - date.fromisoformat(problem["deadline"])).days, 0)


def deadline_state(problem: dict[str, Any], today: date) -> tuple[str, str]:
    """("overdue", "逾期3天"), ("due_soon", "今天到期" / "2天后到期") or ("", "") for an open
    problem; ("", "") for a done one. Overdue means today is after the deadline."""
    if problem["status"] == DONE or not problem.get("deadline"):
        return "", ""
    days = (date.fromisoformat(problem["deadline"]) - today).days
    if days < 0:
        return "overdue", DEADLINE_TEXT["overdue"].format(days=-days)
    if days == 0:
        return "due_soon", DEADLINE_TEXT["today"]
    if days <= DUE_SOON_DAYS:
        return "due_soon", DEADLINE_TEXT["soon"].format(days=days)
    return "", ""


@dataclass
class TimelineEvent:
    at: str  # ISO date or timestamp, for ordering
    kind: str  # found | notice | status | recheck | photo
    text: str
    photos: list[dict[str, Any]] = field(default_factory=list)
    seq: int = 0  # the audit log's order, for events saved in the same second
    ref: str = ""  # a notice's number (its archive copy can be reprinted)


def timeline(ledger: Ledger, problem_id: str) -> list[TimelineEvent]:
    """What happened to a problem, in time order: found, notices, each state change, each
    re-check, the 整改后 photos; every entry names the person (who found or recorded it,
    who changed it, the 复查人)."""
    problem = ledger.problems.get(problem_id, include_deleted=True)
    photos = ledger.attachments.list(ListQuery(
        filters={"owner_table": "problems", "owner_id": problem_id}, limit=None))
    inspector = ""
    if problem.get("inspection_id"):
        row = ledger.db.execute("SELECT inspector FROM inspections WHERE id = ?",
                                [problem["inspection_id"]]).fetchone()
        inspector = row[0] if row else ""
    recorder, seq = _inserted(ledger, "problems", problem_id)
    found_by = f"（督查人：{inspector}）" if inspector else _who(recorder, "记录人")
    events = [TimelineEvent(problem["found_on"], "found",
                            f"发现问题（{problem['source']}）：{problem['description']}{found_by}",
                            [p for p in photos if p["role"] == "整改前"], seq)]
    for notice in notices_for_problem(ledger.db, problem_id):
        notice_id = ledger.db.execute("SELECT id FROM notices WHERE number = ?",
                                      [notice.number]).fetchone()
        actor, seq = _inserted(ledger, "notices", notice_id[0]) if notice_id else ("", 0)
        events.append(TimelineEvent(notice.issued_on, "notice",
                                    f"发出{notice.kind}（{notice.number}）{_who(actor, '发出人')}",
                                    ref=notice.number, seq=seq))
    changes = ledger.db.execute(
        "SELECT rowid, at, actor, action, old, new FROM audit_log WHERE table_name = 'problems' "
        "AND row_id = ? AND action = 'update' ORDER BY rowid", [problem_id]).fetchall()
    for rowid, at, actor, _action, old_json, new_json in changes:
        row = {"rowid": rowid, "at": at, "actor": actor}
        old, new = json.loads(old_json or "{}") or {}, json.loads(new_json or "{}") or {}
        if "status" in new and old.get("status") != new["status"]:
            events.append(TimelineEvent(row["at"], "status", f"{old.get('status', '')} → "
                                        f"{new['status']}{_who(row['actor'], '操作人')}",
                                        seq=row["rowid"]))
    for recheck in ledger.rechecks.list(ListQuery(filters={"problem_id": problem_id}, limit=None)):
        verdict = "复查通过" if recheck["passed"] else f"复查不通过：{recheck['reason']}"
        recorder, seq = _inserted(ledger, "rechecks", recheck["id"])
        reviewer = recheck["reviewer"] or recorder
        # a re-check recorded on its own day sorts at the time it was saved
        at = recheck["created_at"] if recheck["created_at"][:10] == recheck["date"] \
            else recheck["date"]
        events.append(TimelineEvent(at, "recheck", verdict + _who(reviewer, "复查人"), seq=seq))
    after = [p for p in photos if p["role"] == "整改后"]
    if after:
        actor, seq = _inserted(ledger, "attachments", after[0]["id"])
        events.append(TimelineEvent(after[0]["created_at"], "photo",
                                    f"上传整改后照片{_who(actor, '上传人')}", after, seq))
    return sorted(events, key=lambda event: (event.at[:10], event.at[11:19], event.seq))


def last_reviewer(ledger: Ledger) -> str:
    """The 复查人 of the latest re-check, offered for the next one."""
    row = ledger.db.execute("SELECT reviewer FROM rechecks WHERE deleted_at IS NULL "
                            "AND reviewer != '' ORDER BY created_at DESC, rowid DESC LIMIT 1"
                            ).fetchone()
    return row[0] if row else ""


def _inserted(ledger: Ledger, table: str, row_id: str) -> tuple[str, int]:
    """Who saved a record first, and where that is in the audit log."""
    row = ledger.db.execute(
        "SELECT actor, rowid FROM audit_log WHERE table_name = ? AND row_id = ? "
        "AND action = 'insert' ORDER BY rowid LIMIT 1", [table, row_id]).fetchone()
    return (row[0], row[1]) if row else ("", 0)


def _who(name: str, role: str) -> str:
    return f"（{role}：{name}）" if name else f"（{role}：未记录）"


def _require(problem: dict[str, Any], status: str, step: str) -> None:
    if problem["status"] != status:
        allowed = "、".join(STEP_NAMES[s] for s in allowed_steps(problem)) or "无（已完成）"
        raise WorkflowError(
            f"该问题当前为“{problem['status']}”，不能“{STEP_NAMES[step]}”。"
            f"现在可以进行的操作：{allowed}。")
