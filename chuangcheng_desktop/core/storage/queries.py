"""Read-only lists the window needs that a single repository cannot give.

Plain SQL over the ledger database; each function returns plain dicts or dataclasses
and reads live records only (not those in the recycle bin). No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.rules import vocab


@dataclass
class VolunteerService:
    """A volunteer's service: totals and one dict per record (newest activity first)."""

    volunteer_id: str
    total_minutes: int = 0
    activities: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total_hours(self) -> float:
        return round(self.total_minutes / 60, 1)


def volunteer_service(db: Database, volunteer_id: str) -> VolunteerService:
    """Every live service record of a volunteer in a live activity, with the activity."""
    cursor = db.execute(
        "SELECT s.id, s.activity_id, a.title, a.date, a.category, s.minutes, s.role, s.source, "
        "s.reason FROM service_records s "
        "JOIN activities a ON a.id = s.activity_id AND a.deleted_at IS NULL "
        "WHERE s.deleted_at IS NULL AND s.volunteer_id = ? "
        "ORDER BY a.date DESC, a.start_time DESC",
        [volunteer_id],
    )
    records = _dicts(cursor)
    return VolunteerService(
        volunteer_id=volunteer_id,
        total_minutes=sum(r["minutes"] for r in records),
        activities=len({r["activity_id"] for r in records}),
        records=records,
    )


def activity_attendance(db: Database, activity_id: str) -> list[dict[str, Any]]:
    """The live service records of an activity, with the volunteer's name and ID number, in
    the order of the 签到表 (rows without a sheet number last, by name)."""
    cursor = db.execute(
        "SELECT s.id, s.volunteer_id, v.name, v.id_number, v.phone, s.minutes, s.role, s.source, "
        "s.reason, s.sign_in, s.sign_out, s.cap_reason, s.sheet_row, v.team_id "
        "FROM service_records s JOIN volunteers v ON v.id = s.volunteer_id "
        "WHERE s.deleted_at IS NULL AND v.deleted_at IS NULL AND s.activity_id = ? "
        "ORDER BY s.sheet_row = 0, s.sheet_row, v.name",
        [activity_id],
    )
    return _dicts(cursor)


def attendance_counts(db: Database, activity_ids: list[str]) -> dict[str, tuple[int, int]]:
    """{activity id: (service records, minutes)} for the given activities."""
    if not activity_ids:
        return {}
    marks = ", ".join("?" for _ in activity_ids)
    rows = db.execute(
        f"SELECT activity_id, count(*), sum(minutes) FROM service_records "
        f"WHERE deleted_at IS NULL AND activity_id IN ({marks}) GROUP BY activity_id",
        activity_ids,
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


@dataclass
class DueProblems:
    overdue: list[dict[str, Any]]
    due_soon: list[dict[str, Any]]
    # how many there are in all (the lists stop at ``limit``)
    overdue_total: int = 0
    due_soon_total: int = 0

    @property
    def capped(self) -> bool:
        return (self.overdue_total > len(self.overdue)
                or self.due_soon_total > len(self.due_soon))


def due_problems(db: Database, today: date, *, within_days: int = 7,
                 limit: int = 50) -> DueProblems:
    """Open problems past their deadline (oldest deadline first), and those due from today
    to ``within_days`` days ahead (nearest first)."""
    columns = ("id, checkpoint, category, description, responsible_unit, deadline, status, "
               "found_on")
    base = f"SELECT {columns} FROM problems WHERE deleted_at IS NULL AND status != ? "
    overdue = _dicts(db.execute(
        base + "AND deadline < ? ORDER BY deadline, found_on LIMIT ?",
        [vocab.PROBLEM_DONE, today.isoformat(), limit]))
    soon = _dicts(db.execute(
        base + "AND deadline BETWEEN ? AND ? ORDER BY deadline, found_on LIMIT ?",
        [vocab.PROBLEM_DONE, today.isoformat(),
         (today + timedelta(days=within_days)).isoformat(), limit]))
    count = "SELECT count(*) FROM problems WHERE deleted_at IS NULL AND status != ? "
    overdue_total, soon_total = len(overdue), len(soon)
    if overdue_total == limit:
        overdue_total = db.execute(count + "AND deadline < ?",
                                   [vocab.PROBLEM_DONE, today.isoformat()]).fetchone()[0]
    if soon_total == limit:
        soon_total = db.execute(count + "AND deadline BETWEEN ? AND ?", [
            vocab.PROBLEM_DONE, today.isoformat(),
            (today + timedelta(days=within_days)).isoformat()]).fetchone()[0]
    return DueProblems(overdue=overdue, due_soon=soon, overdue_total=overdue_total,
                       due_soon_total=soon_total)


def team_names(db: Database) -> dict[str, str]:
    """{team id: name} for every team, live or not (old rows may point to a deleted team)."""
    return dict(db.execute("SELECT id, name FROM teams").fetchall())


def inspection_labels(db: Database, limit: int = 300) -> list[tuple[str, str]]:
    """(id, "2026-04-02 上级巡查 区创城办") for recent live inspections, newest first."""
    rows = db.execute(
        "SELECT id, date, source, inspector FROM inspections WHERE deleted_at IS NULL "
        "ORDER BY date DESC LIMIT ?", [limit]).fetchall()
    return [(row[0], " ".join(part for part in row[1:] if part)) for row in rows]


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]
