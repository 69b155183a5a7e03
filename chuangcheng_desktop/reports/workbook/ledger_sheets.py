"""What each 迎检 ledger shows: its sheet name, columns and rows (no file format here).

The Excel export and the in-app print preview both use :func:`sheet_table`, so the
workbook and the printed pages carry the same title, columns and rows. Rows come from
core by date ranges in the ledger's order (``core.figures.ledger_rows``), never all at
once. A column whose field is empty for the whole period is left out (``optional``).
Phone numbers are masked like ID numbers unless the user asks for full data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from chuangcheng_desktop.core.figures.ledger_rows import (
    RecheckSummary,
    ServiceRow,
    attendance_by_activity,
    count_service_rows,
    filled_fields,
    has_attendance,
    iter_ranges,
    iter_rows,
    iter_service_rows,
    rechecks_by_problem,
    service_hours_by_volunteer,
    shared_names,
)
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.identity import mask_id_number, mask_phone
from chuangcheng_desktop.core.rules.measures import measures_text
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.volunteers.stars import star_name
from chuangcheng_desktop.reports.checkpoints import register_sheet
from chuangcheng_desktop.reports.workbook.sheet_layout import Column
from chuangcheng_desktop.reports.workbook.sheet_table import Row, SheetTable
from chuangcheng_desktop.reports.workbook.stats_sheet import statistics_table

SHEETS = ("activities", "service_records", "volunteers", "service_hours", "problems", "checkpoints",
          "statistics")
SHEET_NAMES = {
    "activities": "活动台账",
    "service_records": "志愿服务记录",
    "volunteers": "志愿者花名册",
    "service_hours": "志愿服务时长统计",
    "problems": "督查问题整改台账",
    "checkpoints": "点位台账",
    "statistics": "统计",
}
PERSONAL_SHEETS = ("volunteers", "service_hours", "checkpoints")  # full IDs and phones are audited
ALL_PERIODS = "全部期间"
NO_UNIT = "（未填写单位名称）"
UNIT_LINE = "填报单位（盖章）：{unit}"
OVERDUE_OPEN = "▲逾期未改（{days}天）"
OVERDUE_DONE = "逾期完成（{days}天）"
OVERDUE_NOTE = "　　注：标▲并加粗的行为逾期未改的问题"
RECHECK_RESULT = {True: "通过", False: "不通过"}
SERIAL = Column("序号", "center", 4.5, 6)

ACTIVITY_COLUMNS = (
    SERIAL,
    Column("活动日期", "date", 10.5, 10.5),
    Column("活动时间", "center", 8, 8, optional="start_time"),
    Column("活动名称", "text", 12, 24),
    Column("活动类别", "center", 5.5, 9),
    Column("节日", "center", 5, 5, optional="festival"),
    Column("活动地点", "text", 8, 18, optional="place"),
    Column("组织单位", "text", 8, 16, optional="organiser"),
    Column("参与人数", "int", 5.5, 5.5, optional="participant_count"),
    Column("活动内容", "text", 14, 36, optional="content"),
    Column("参与志愿者人数", "int", 7.5, 7.5, optional="attendance"),
    Column("服务总时长(小时)", "hours", 7.5, 7.5, optional="attendance"),
    Column("成效数据", "text", 8, 20, optional="measures"),
)
SERVICE_RECORD_COLUMNS = (
    Column("序号", "center", 6, 8),
    Column("日期", "date", 10.5, 10.5),
    Column("活动", "text", 24, 60),
    Column("姓名", "center", 8, 22),
    Column("服务时长(小时)", "hours", 9, 9),
    Column("签到方式", "center", 8, 8),
)
# One (header, value) per column: adding a column is one line here and one in _roster_row.
VOLUNTEER_COLUMNS = (
    SERIAL,
    Column("姓名", "center", 6, 10),
    Column("性别", "center", 4.5, 4.5, optional="gender"),
    Column("身份证号", "center", 19.5, 20),
    Column("联系电话", "center", 12, 16, optional="phone"),
    Column("政治面貌", "center", 6, 12, optional="political_status"),
    Column("服务队", "text", 10, 28, optional="team_id"),
    Column("技能特长", "text", 8, 24, optional="skills"),
    Column("注册日期", "date", 10.5, 10.5),
    Column("状态", "center", 4.5, 6),
    Column("备注", "text", 8, 24, optional="note"),
    Column("志愿者编号", "center", 8, 20, optional="volunteer_number"),
    Column("服务类别", "text", 8, 24, optional="service_category"),
    Column("累计时长(小时)", "hours", 6.5, 8),
    Column("星级", "center", 5.5, 9),
)
SERVICE_COLUMNS = (
    SERIAL,
    Column("姓名", "center", 8, 22),
    Column("身份证号", "center", 19.5, 20),
    Column("服务队", "text", 12, 28),
    Column("服务次数", "int", 6, 9),
    Column("其中补录(次)", "int", 6, 8),
    Column("服务时长(小时)", "hours", 8, 9),
    Column("最近服务日期", "date", 10.5, 11),
)
PROBLEM_COLUMNS = (
    SERIAL,
    Column("发现日期", "date", 10, 10),
    Column("问题来源", "center", 5, 9),
    Column("点位", "text", 7, 16, optional="checkpoint"),
    Column("问题类别", "center", 5, 9),
    Column("问题描述", "text", 14, 30),
    Column("责任单位", "text", 7, 14, optional="responsible_unit"),
    Column("责任人", "center", 5.5, 7, optional="responsible_person"),
    Column("整改期限", "date", 10, 10),
    Column("整改状态", "center", 5, 7),
    Column("完成日期", "date", 10, 10, optional="completed_on"),
    Column("整改措施", "text", 10, 26, optional="measures"),
    Column("复查次数", "int", 5, 5, optional="rechecks"),
    Column("最后复查", "text", 11, 11, optional="rechecks"),
    Column("销号日期", "date", 10, 10, optional="completed_on"),
    Column("逾期情况", "center", 8, 9),
)
NO_NAME = "（未填写）"
SERVICE_TOTAL = "合计"

def period_name(period: Period | None) -> str:
    return period.name if period is not None else ALL_PERIODS


def signature_line(ledger: Ledger, today: date) -> str:
    profile = ledger.profile()
    gap = "\u3000" * 6
    return (f"制表人：{profile.get('preparer') or gap}{gap}审核人：{profile.get('reviewer') or gap}"
            f"{gap}制表日期：{format_date_cn(today)}")


def unit_line(ledger: Ledger) -> str:
    return UNIT_LINE.format(unit=ledger.profile().get("unit_name") or "")


def sheet_title(ledger: Ledger, key: str, period: Period | None) -> str:
    unit = ledger.profile().get("unit_name") or NO_UNIT
    return f"{unit}{SHEET_NAMES[key]}（{period_name(period)}）"


def sheet_table(ledger: Ledger, key: str, period: Period | None, *,
                query: ListQuery | None = None, full_id: bool = False,
                today: date | None = None) -> SheetTable:
    """The rows of ledger ``key`` for ``period`` (or for the page's ``query``).

    ``full_id`` prints ID and phone numbers in full (the caller audits it)."""
    today = today or date.today()
    if key == "statistics":
        table = statistics_table(ledger, period, today)
    else:
        builder: Callable[..., SheetTable] = {
            "activities": _activities, "service_records": _service_records,
            "volunteers": _volunteers, "service_hours": _service_hours, "problems": _problems,
            "checkpoints": _checkpoints,
        }[key]
        table = builder(ledger, period, query, full_id, today)
    table.key, table.name = key, SHEET_NAMES[key]
    table.title = sheet_title(ledger, key, period if query is None else query.period or period)
    table.signature = signature_line(ledger, today)
    table.unit_line = unit_line(ledger) + (OVERDUE_NOTE if key == "problems" else "")
    return table


def _table(columns: tuple[Column, ...], count: int, rows: Iterator[Row],
           filled: set[str] | None = None) -> SheetTable:
    """The table with the optional columns that are empty for the period left out."""
    if filled is not None:
        keep = [i for i, c in enumerate(columns) if not c.optional or c.optional in filled]
        if len(keep) < len(columns):
            columns = tuple(columns[i] for i in keep)
            rows = (([values[i] for i in keep], marked) for values, marked in rows)
    return SheetTable("", "", "", columns, count, rows, "")


def _query(query: ListQuery | None, period: Period | None, order: str) -> ListQuery:
    query = query if query is not None else ListQuery(period=period, limit=None)
    return query if query.order_by is not None else dataclasses.replace(query, order_by=order)


def _filled(ledger: Ledger, table: str, columns: tuple[Column, ...], field: str,
            period: Period | None, derived: tuple[str, ...] = ()) -> set[str]:
    fields = tuple(sorted({c.optional for c in columns if c.optional} - set(derived)))
    return filled_fields(ledger.db, table, fields, field, period)


def _activities(ledger: Ledger, period: Period | None, query: ListQuery | None,
                full_id: bool, today: date) -> SheetTable:
    query = _query(query, period, "date")
    filled = _filled(ledger, "activities", ACTIVITY_COLUMNS, "date", query.period, ("attendance",))

    def rows() -> Iterator[Row]:
        serial = 0
        whole = None
        for part, records in iter_ranges(ledger.activities, query):
            if part is None:
                whole = whole or attendance_by_activity(ledger.db, query.period)
            attendance = whole if part is None else attendance_by_activity(ledger.db, part)
            for record in records:
                serial += 1
                seen = attendance.get(record["id"])
                times = "–".join(t for t in (record["start_time"], record["end_time"]) if t)
                yield [serial, record["date"], times, record["title"], record["category"],
                       record["festival"], record["place"], record["organiser"],
                       record["participant_count"], record["content"],
                       seen.volunteers if seen else "",
                       round(seen.minutes / 60, 1) if seen else "",
                       record.get("measures_text") or measures_text(record["measures"])], False

    if has_attendance(ledger.db, query.period):
        filled.add("attendance")
    return _table(ACTIVITY_COLUMNS, ledger.activities.count(query), rows(), filled)


def _service_records(ledger: Ledger, period: Period | None, query: ListQuery | None,
                     full_id: bool, today: date) -> SheetTable:
    if query is not None and query.period is not None:
        period = query.period
    shared = shared_names(ledger.db)

    def rows() -> Iterator[Row]:
        for serial, record in enumerate(iter_service_rows(ledger.db, period), start=1):
            yield [serial, record.date, record.title, volunteer_name(record, shared),
                   round(record.minutes / 60, 2), record.source], False

    return _table(SERVICE_RECORD_COLUMNS, count_service_rows(ledger.db, period), rows())


def volunteer_name(record: ServiceRow, shared: set[str]) -> str:
    """The name, with the ID number's last four digits when several volunteers share it."""
    if record.name in shared:
        return f"{record.name}(尾号{record.id_number[-4:]})"
    return record.name


def _team_names(ledger: Ledger) -> dict[str, str]:
    return {team["id"]: team["name"] for team in iter_rows(ledger.teams, ListQuery(limit=None))}


def _id_text(number: str, full_id: bool) -> str:
    return number if full_id else mask_id_number(number)


def _volunteers(ledger: Ledger, period: Period | None, query: ListQuery | None,
                full_id: bool, today: date) -> SheetTable:
    if query is None:
        # The roster at the period's end: everyone registered by then.
        since = Period.between(date(1900, 1, 1), period.end) if period is not None else None
        query = ListQuery(period=since, limit=None, order_by="registered_on")
    teams = _team_names(ledger)
    filled = _filled(ledger, "volunteers", VOLUNTEER_COLUMNS, "registered_on", query.period)

    def rows() -> Iterator[Row]:
        for serial, v in enumerate(iter_rows(ledger.volunteers, query), start=1):
            values = _roster_row(v, teams, full_id)
            values["序号"] = serial
            yield [values[c.header] for c in VOLUNTEER_COLUMNS], False

    return _table(VOLUNTEER_COLUMNS, ledger.volunteers.count(query), rows(), filled)


def _roster_row(v: dict[str, Any], teams: dict[str, str], full_id: bool) -> dict[str, Any]:
    return {
        "姓名": v["name"], "性别": v["gender"], "身份证号": _id_text(v["id_number"], full_id),
        "联系电话": v["phone"] if full_id else mask_phone(v["phone"]),
        "政治面貌": v["political_status"], "服务队": teams.get(v["team_id"] or "", ""),
        "技能特长": v["skills"], "注册日期": v["registered_on"], "状态": v["status"],
        "备注": v["note"], "志愿者编号": v["volunteer_number"], "服务类别": v["service_category"],
        "累计时长(小时)": round(v["service_minutes"] / 60, 1), "星级": star_name(v["star_level"]),
    }


def _service_hours(ledger: Ledger, period: Period | None, query: ListQuery | None,
                   full_id: bool, today: date) -> SheetTable:
    if query is not None and query.period is not None:
        period = query.period
    totals = service_hours_by_volunteer(ledger.db, period)
    teams = _team_names(ledger)

    def rows() -> Iterator[Row]:
        for serial, t in enumerate(totals, start=1):
            yield [serial, t.name, _id_text(t.id_number, full_id), teams.get(t.team_id or "", ""),
                   t.records, t.supplementary, round(t.minutes / 60, 1), t.last_date], False
        if totals:
            yield ["", SERVICE_TOTAL, "", "", sum(t.records for t in totals),
                   sum(t.supplementary for t in totals),
                   round(sum(t.minutes for t in totals) / 60, 1), ""], False

    return _table(SERVICE_COLUMNS, len(totals) + (1 if totals else 0), rows())


def _problems(ledger: Ledger, period: Period | None, query: ListQuery | None,
              full_id: bool, today: date) -> SheetTable:
    query = _query(query, period, "found_on")
    filled = _filled(ledger, "problems", PROBLEM_COLUMNS, "found_on", query.period, ("rechecks",))

    def rows() -> Iterator[Row]:
        serial = 0
        whole = None
        for part, records in iter_ranges(ledger.problems, query):
            if part is None:
                whole = whole or rechecks_by_problem(ledger.db, query.period)
            rechecks = whole if part is None else rechecks_by_problem(ledger.db, part)
            for p in records:
                serial += 1
                late, open_late = overdue_text(p, today)
                check = rechecks.get(p["id"])
                yield [serial, p["found_on"], p["source"], p["checkpoint"], p["category"],
                       p["description"], p["responsible_unit"], p["responsible_person"],
                       p["deadline"], p["status"], p["completed_on"] or "", p["measures"],
                       check.rounds if check else "", recheck_text(check),
                       closed_on(p, check), late], open_late

    if rechecks_by_problem(ledger.db, query.period):
        filled.add("rechecks")
    return _table(PROBLEM_COLUMNS, ledger.problems.count(query), rows(), filled)


def recheck_text(check: RecheckSummary | None) -> str:
    """最后复查: "2026-04-06" over "王芳 通过" (the date on its own line, so the name
    is never split)."""
    if check is None:
        return ""
    who = " ".join(p for p in (check.last_reviewer, RECHECK_RESULT[check.last_passed]) if p)
    return f"{check.last_date}\n{who}"


def closed_on(problem: dict[str, Any], check: RecheckSummary | None) -> str:
    """销号日期: the day a passed re-check closed the problem."""
    if problem["status"] == vocab.PROBLEM_DONE and check is not None and check.last_passed:
        return check.last_date
    return ""


def overdue_text(problem: dict[str, Any], today: date) -> tuple[str, bool]:
    """("▲逾期未改（N天）", True) for an open problem past its deadline,
    ("逾期完成（N天）", False) for one finished after it, else ("", False)."""
    deadline = date.fromisoformat(problem["deadline"])
    if problem["status"] != vocab.PROBLEM_DONE:
        if deadline < today:
            return OVERDUE_OPEN.format(days=(today - deadline).days), True
        return "", False
    if problem["completed_on"] and problem["completed_on"] > problem["deadline"]:
        days = (date.fromisoformat(problem["completed_on"]) - deadline).days
        return OVERDUE_DONE.format(days=days), False
    return "", False


def is_overdue(problem: dict[str, Any], today: date) -> bool:
    """Not 已完成 and today is past the deadline (DESIGN.md's definition)."""
    return problem["status"] != vocab.PROBLEM_DONE and problem["deadline"] < today.isoformat()


def _checkpoints(ledger: Ledger, period: Period | None, query: ListQuery | None,
                 full_id: bool, today: date) -> SheetTable:
    return _table(register_sheet.COLUMNS, register_sheet.checkpoint_count(ledger),
                  register_sheet.checkpoint_rows(ledger, period, today, full_id=full_id),
                  register_sheet.filled_columns(ledger))
