"""数据核对: records that would embarrass at an inspection, found before anything is printed.

- a volunteer serving before their registration date (注册日期);
- service hours longer than the activity lasted (its start and end time);
- an activity dated after today;
- a problem completed before it was found.

Each :class:`DataIssue` names the record to open to fix it (``table``, ``row_id``) and says
in Chinese what is wrong. 首页 lists them under 数据核对; the 迎检 export asks
“发现N处需要核对，仍然导出？”; ``check-data`` prints them. Every check reads an index
(``service_records.activity_date`` per volunteer, ``activities.date``, ...); a street-scale
ledger is checked in about 2.5 s (the hours check reads every service record of an
activity with times), so callers run it off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_number

KINDS = {
    "before_registration": "服务早于注册",
    "hours_over_activity": "时长超过活动",
    "future_activity": "活动日期在今天之后",
    "completed_before_found": "完成早于发现",
}
TEXT = {
    "before_registration": "志愿者{name}在{day}参加“{title}”，早于其注册日期{registered}",
    "hours_over_activity": "“{title}”（{day}）活动{span}小时，{name}记录服务{hours}小时，超过活动时长",
    "future_activity": "活动“{title}”的日期{day}在今天之后",
    "completed_before_found": "问题“{description}”（{checkpoint}）完成日期{done}早于发现日期{found}",
}
LIMIT = 500


@dataclass(frozen=True)
class DataIssue:
    kind: str      # a key of KINDS
    table: str     # where to fix it: volunteers | activities | problems
    row_id: str
    text: str

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def find_data_issues(db: Database, today: date, *, limit: int = LIMIT) -> list[DataIssue]:
    """Every issue (up to ``limit`` of each kind), the most recent first within a kind."""
    return [*_before_registration(db, limit), *_hours_over_activity(db, limit),
            *_future_activities(db, today, limit), *_completed_before_found(db, limit)]


def count_data_issues(db: Database, today: date) -> int:
    return len(find_data_issues(db, today))


def _before_registration(db: Database, limit: int) -> list[DataIssue]:
    rows = db.execute(
        "SELECT v.id, v.name, v.registered_on, s.activity_date, a.title "
        "FROM volunteers v CROSS JOIN service_records s INDEXED BY service_records_volunteer_figures "
        "ON s.volunteer_id = v.id AND s.deleted_at IS NULL "
        "AND s.activity_date != '' AND s.activity_date < v.registered_on "
        "JOIN activities a ON a.id = s.activity_id "
        "WHERE v.deleted_at IS NULL ORDER BY s.activity_date DESC LIMIT ?", [limit]).fetchall()
    return [DataIssue("before_registration", "volunteers", volunteer_id, TEXT["before_registration"].format(
        name=name, day=format_date_cn(day), title=title, registered=format_date_cn(registered)))
        for volunteer_id, name, registered, day, title in rows]


def _minutes(column: str) -> str:
    return f"(CAST(substr({column}, 1, 2) AS INTEGER) * 60 + CAST(substr({column}, 4, 2) AS INTEGER))"


def _hours_over_activity(db: Database, limit: int) -> list[DataIssue]:
    span = f"({_minutes('a.end_time')} - {_minutes('a.start_time')})"
    rows = db.execute(
        f"SELECT a.id, a.title, a.date, {span}, v.name, s.minutes FROM activities a "
        "CROSS JOIN service_records s ON s.activity_id = a.id AND s.deleted_at IS NULL "
        "JOIN volunteers v ON v.id = s.volunteer_id "
        "WHERE a.deleted_at IS NULL AND a.start_time != '' AND a.end_time != '' "
        f"AND s.minutes > {span} ORDER BY a.date DESC LIMIT ?", [limit]).fetchall()
    return [DataIssue("hours_over_activity", "activities", activity_id, TEXT["hours_over_activity"].format(
        title=title, day=format_date_cn(day), span=format_number(round(minutes_span / 60, 2)),
        name=name, hours=format_number(round(minutes / 60, 2))))
        for activity_id, title, day, minutes_span, name, minutes in rows]


def _future_activities(db: Database, today: date, limit: int) -> list[DataIssue]:
    rows = db.execute(
        "SELECT id, title, date FROM activities WHERE deleted_at IS NULL AND date > ? "
        "ORDER BY date DESC LIMIT ?", [today.isoformat(), limit]).fetchall()
    return [DataIssue("future_activity", "activities", activity_id,
                      TEXT["future_activity"].format(title=title, day=format_date_cn(day)))
            for activity_id, title, day in rows]


def _completed_before_found(db: Database, limit: int) -> list[DataIssue]:
    rows = db.execute(
        "SELECT id, description, checkpoint, found_on, completed_on FROM problems "
        "WHERE deleted_at IS NULL AND completed_on IS NOT NULL AND completed_on != '' "
        "AND completed_on < found_on ORDER BY found_on DESC LIMIT ?", [limit]).fetchall()
    return [DataIssue("completed_before_found", "problems", problem_id,
                      TEXT["completed_before_found"].format(
                          description=_short(description), checkpoint=checkpoint or "未填写点位",
                          done=format_date_cn(done), found=format_date_cn(found)))
            for problem_id, description, checkpoint, found, done in rows]


def _short(text: str, length: int = 16) -> str:
    return text if len(text) <= length else text[:length] + "…"
