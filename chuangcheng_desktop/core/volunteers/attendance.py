"""Who served in an activity, planned in the attendance dialog and saved with the activity.

An :class:`AttendancePlan` is what the dialog collects: the volunteers present in the
order of the 签到表, each with typed minutes and/or 签到/签退 times. Nothing is written
until :func:`apply_attendance`, which the activity's own save calls, so cancelling the
activity throws the plan away. It adds, changes and removes service records in one
transaction; minutes come from the times when both are known and are capped by the
activity's duration unless a reason is given (core/volunteers/hours.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chuangcheng_desktop.core.storage import queries, records
from chuangcheng_desktop.core.storage.errors import FieldError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.volunteers.hours import service_minutes

TEXT = {
    "row": "第{n}行（{name}）：{message}",
}
_KEPT_FIELDS = ("minutes", "sign_in", "sign_out", "cap_reason", "sheet_row")


@dataclass
class AttendanceEntry:
    volunteer_id: str
    name: str = ""
    minutes: int | None = None
    sign_in: str = ""
    sign_out: str = ""
    cap_reason: str = ""


@dataclass
class AttendancePlan:
    """The volunteers present, in 签到表 order; ``source``/``reason`` apply to new records
    (records already saved keep theirs)."""

    entries: list[AttendanceEntry] = field(default_factory=list)
    source: str = "签到"
    reason: str = ""

    @property
    def total_minutes(self) -> int:
        return sum(entry.minutes or 0 for entry in self.entries)


ROLL_COLUMNS = ("id", "name", "id_number", "phone", "team_id", "status", "volunteer_number",
                "skills")


def attendance_roll(db: Any) -> list[dict[str, Any]]:
    """Every live volunteer (the picker's rows) by name: only the columns it shows or
    searches, so a 20,000-person roster loads in a few hundredths of a second."""
    cursor = db.execute(f"SELECT {', '.join(ROLL_COLUMNS)} FROM volunteers "
                        "WHERE deleted_at IS NULL ORDER BY name, rowid")
    return [dict(zip(ROLL_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def current_plan(ledger: Ledger, activity_id: str | None) -> AttendancePlan:
    """The attendance saved for an activity, as a plan (empty for a new activity)."""
    if not activity_id:
        return AttendancePlan()
    rows = queries.activity_attendance(ledger.db, activity_id)
    plan = AttendancePlan([AttendanceEntry(row["volunteer_id"], row["name"], row["minutes"],
                                           row["sign_in"], row["sign_out"], row["cap_reason"])
                           for row in rows])
    if rows and {row["source"] for row in rows} == {"补录"}:
        plan.source, plan.reason = "补录", rows[0]["reason"]
    return plan


def planned_records(activity: dict[str, Any], plan: AttendancePlan) -> list[dict[str, Any]]:
    """One service record per entry, in storage form, validated by core; a rejected entry
    raises :class:`ValidationError` whose message names its row and volunteer."""
    rows = []
    for number, entry in enumerate(plan.entries, start=1):
        minutes = service_minutes(activity, minutes=entry.minutes, sign_in=entry.sign_in,
                                  sign_out=entry.sign_out, cap_reason=entry.cap_reason)
        values = {"activity_id": activity.get("id") or "-", "volunteer_id": entry.volunteer_id,
                  "minutes": minutes.minutes, "sign_in": entry.sign_in, "sign_out": entry.sign_out,
                  "cap_reason": entry.cap_reason if minutes.over else "", "sheet_row": number,
                  "source": plan.source, "reason": plan.reason}
        try:
            rows.append(records.validate_record(records.SERVICE_RECORDS, values))
        except ValidationError as exc:
            raise ValidationError([
                FieldError(e.field, e.label,
                           TEXT["row"].format(n=number, name=entry.name, message=e.message))
                for e in exc.errors]) from exc
    return rows


def apply_attendance(ledger: Ledger, activity: dict[str, Any], plan: AttendancePlan) -> None:
    """Make the activity's live service records match ``plan`` (one transaction)."""
    wanted = planned_records(activity, plan)
    repo = ledger.service_records
    with ledger.db.atomic():
        existing = {row["volunteer_id"]: row
                    for row in queries.activity_attendance(ledger.db, activity["id"])}
        new = []
        for record in wanted:
            record["activity_id"] = activity["id"]
            old = existing.get(record["volunteer_id"])
            if old is None:
                new.append(record)
                continue
            changes = {name: record[name] for name in _KEPT_FIELDS if record[name] != old[name]}
            if changes:
                repo.update(old["id"], changes)
        repo.add_many(new)
        present = {record["volunteer_id"] for record in wanted}
        for volunteer_id, old in existing.items():
            if volunteer_id not in present:
                repo.soft_delete(old["id"])
