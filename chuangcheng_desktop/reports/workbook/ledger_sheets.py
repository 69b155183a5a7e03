"""What each 迎检 ledger shows: its sheet name, columns and rows (no file format here).

The Excel export and the in-app print preview both use :func:`sheet_table`, so the
workbook and the printed pages carry the same title, columns and rows. Rows come from
the repositories page by page (``core.ledger_rows``), never all at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from chuangcheng_desktop.core.figures.ledger_rows import (
    ServiceEntry,
    iter_rows,
    service_by_activity,
    service_hours_by_volunteer,
    shared_names,
)
from chuangcheng_desktop.core.figures.statistics import PeriodStatistics, ProblemRank, compute_statistics
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.formatting import format_number, format_percent
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.rules.scoring import ScoreBreakdown
from chuangcheng_desktop.core.rules.validation import mask_id_number
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.volunteers.stars import star_name
from chuangcheng_desktop.reports.workbook.xlsx_book import Column

SHEETS = ("activities", "volunteers", "service_hours", "problems", "statistics")
SHEET_NAMES = {
    "activities": "活动台账",
    "volunteers": "志愿者花名册",
    "service_hours": "志愿服务时长统计",
    "problems": "督查问题整改台账",
    "statistics": "统计",
}
ALL_PERIODS = "全部期间"
NO_UNIT = "（未填写单位名称）"
OVERDUE_TEXT = "逾期{days}天"
SERIAL = Column("序号", "center", 5, 6)

ACTIVITY_COLUMNS = (
    SERIAL,
    Column("活动日期", "date", 11, 11),
    Column("活动时间", "center", 8, 12),
    Column("活动名称", "text", 14, 28),
    Column("活动类别", "center", 9, 10),
    Column("节日", "center", 5, 6),
    Column("活动地点", "text", 10, 20),
    Column("组织单位", "text", 10, 18),
    Column("参与人数", "int", 8, 9),
    Column("活动内容", "text", 20, 40),
    Column("参与志愿者", "text", 12, 30),
    Column("服务时长(小时)", "hours", 9, 10),
    Column("成效数据", "text", 10, 24),
)
VOLUNTEER_COLUMNS = (
    SERIAL,
    Column("姓名", "center", 8, 10),
    Column("性别", "center", 5, 6),
    Column("身份证号", "center", 20, 20),
    Column("联系电话", "center", 13, 16),
    Column("政治面貌", "center", 10, 12),
    Column("服务队", "text", 12, 28),
    Column("技能特长", "text", 10, 24),
    Column("注册日期", "date", 11, 11),
    Column("状态", "center", 5, 6),
    Column("备注", "text", 8, 24),
    Column("志愿者编号", "center", 10, 20),
    Column("服务类别", "text", 10, 24),
    Column("累计时长(小时)", "hours", 9, 10),
    Column("星级", "center", 8, 9),
)
SERVICE_COLUMNS = (
    SERIAL,
    Column("姓名", "center", 8, 10),
    Column("身份证号", "center", 20, 20),
    Column("服务队", "text", 12, 28),
    Column("服务次数", "int", 8, 9),
    Column("其中补录(次)", "int", 8, 12),
    Column("服务时长(小时)", "hours", 10, 14),
    Column("最近服务日期", "date", 12, 13),
)
PROBLEM_COLUMNS = (
    SERIAL,
    Column("发现日期", "date", 11, 11),
    Column("问题来源", "center", 9, 10),
    Column("点位", "text", 10, 20),
    Column("问题类别", "center", 9, 10),
    Column("问题描述", "text", 16, 32),
    Column("责任单位", "text", 10, 18),
    Column("责任人", "center", 7, 9),
    Column("整改期限", "date", 11, 11),
    Column("整改状态", "center", 9, 9),
    Column("完成日期", "date", 11, 11),
    Column("整改措施", "text", 14, 32),
    Column("逾期情况", "center", 9, 10),
)
STAT_COLUMNS = (SERIAL, Column("类别", "center", 12, 14), Column("项目", "text", 20, 30),
                Column("数值", "text", 16, 40))
MONTH_COLUMNS = (SERIAL, Column("月份", "center", 10, 12), Column("活动次数", "int", 10, 30),
                 Column("参与人数", "int", 10, 40))
MONTH_TITLE = "按月统计"
RANK_TITLES = {"checkpoint": "回头看：问题较多的点位", "unit": "回头看：问题较多的责任单位"}
RANK_COLUMNS = {key: (Column("名次", "center", 5, 6), Column(name, "text", 12, 14),
                      Column("问题数", "text", 20, 30), Column("整改情况", "text", 16, 40))
                for key, name in (("checkpoint", "点位"), ("unit", "责任单位"))}
NO_NAME = "（未填写）"
SERVICE_TOTAL = "合计"

Row = tuple[list[Any], bool]


@dataclass
class ExtraTable:
    """A smaller table further down a sheet (统计: by month, the 回头看 rankings)."""

    title: str
    columns: tuple[Column, ...]
    rows: list[Row]


@dataclass
class SheetTable:
    """One ledger ready to write or print: title, columns, row count and a row stream."""

    key: str
    name: str
    title: str
    columns: tuple[Column, ...]
    count: int
    rows: Iterator[Row]
    signature: str
    extras: list[ExtraTable] = dataclasses.field(default_factory=list)


def period_name(period: Period | None) -> str:
    return period.name if period is not None else ALL_PERIODS


def signature_line(ledger: Ledger, today: date) -> str:
    profile = ledger.profile()
    gap = "\u3000" * 6
    return (f"制表人：{profile.get('preparer') or gap}{gap}审核人：{profile.get('reviewer') or gap}"
            f"{gap}制表日期：{today.isoformat()}")


def sheet_title(ledger: Ledger, key: str, period: Period | None) -> str:
    unit = ledger.profile().get("unit_name") or NO_UNIT
    return f"{unit}{SHEET_NAMES[key]}（{period_name(period)}）"


def sheet_table(ledger: Ledger, key: str, period: Period | None, *,
                query: ListQuery | None = None, full_id: bool = False,
                today: date | None = None) -> SheetTable:
    """The rows of ledger ``key`` for ``period`` (or for the page's ``query``)."""
    today = today or date.today()
    builder = {
        "activities": _activities, "volunteers": _volunteers, "service_hours": _service_hours,
        "problems": _problems, "statistics": _statistics,
    }[key]
    table = builder(ledger, period, query, full_id, today)
    table.key, table.name = key, SHEET_NAMES[key]
    table.title = sheet_title(ledger, key, period if query is None else query.period or period)
    table.signature = signature_line(ledger, today)
    return table


def _empty(columns: tuple[Column, ...], count: int, rows: Iterator[Row]) -> SheetTable:
    return SheetTable("", "", "", columns, count, rows, "")


def _query(query: ListQuery | None, period: Period | None) -> ListQuery:
    return query if query is not None else ListQuery(period=period, limit=None)


def _activities(ledger: Ledger, period: Period | None, query: ListQuery | None,
                full_id: bool, today: date) -> SheetTable:
    query = _query(query, period)
    if query.order_by is None:
        query = dataclasses.replace(query, order_by="date")

    def rows() -> Iterator[Row]:
        serial = 0
        shared = shared_names(ledger.db)
        page: list[dict[str, Any]] = []
        for record in iter_rows(ledger.activities, query):
            page.append(record)
            if len(page) == 1000:
                yield from _activity_page(ledger, page, serial, shared)
                serial += len(page)
                page = []
        yield from _activity_page(ledger, page, serial, shared)

    return _empty(ACTIVITY_COLUMNS, ledger.activities.count(query), rows())


def _activity_page(ledger: Ledger, page: list[dict[str, Any]], serial: int,
                   shared: set[str]) -> Iterator[Row]:
    service = service_by_activity(ledger.db, [record["id"] for record in page])
    for offset, record in enumerate(page, start=1):
        entries = service.get(record["id"], [])
        minutes = {entry.minutes for entry in entries}
        uniform = len(minutes) <= 1
        names = "、".join(helper_text(e, shared, with_hours=not uniform) for e in entries)
        hours: Any = round(minutes.pop() / 60, 2) if uniform and minutes else ""
        times = "-".join(t for t in (record["start_time"], record["end_time"]) if t)
        yield [serial + offset, record["date"], times, record["title"], record["category"],
               record["festival"], record["place"], record["organiser"],
               record["participant_count"], record["content"], names, hours,
               record.get("measures_text") or measures_text(record["measures"])], False


def helper_text(entry: ServiceEntry, shared: set[str], *, with_hours: bool) -> str:
    """"张三", "张三(2.5小时)", or for a name several volunteers share "张三(尾号1234)"
    / "张三(尾号1234，2.5小时)": what the importer reads back."""
    notes = []
    if entry.name in shared:
        notes.append(f"尾号{entry.id_number[-4:]}")
    if with_hours:
        notes.append(f"{format_number(round(entry.minutes / 60, 2))}小时")
    return f"{entry.name}({'，'.join(notes)})" if notes else entry.name


def measures_text(measures: dict[str, float]) -> str:
    """{"发放宣传资料": 200} → "发放宣传资料 200份" (what the importer reads back)."""
    parts = []
    for name, number in measures.items():
        unit = vocab.MEASURE_UNITS.get(name, "")
        parts.append(f"{name} {format_number(number)}{unit}")
    return "；".join(parts)


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

    def rows() -> Iterator[Row]:
        for serial, v in enumerate(iter_rows(ledger.volunteers, query), start=1):
            yield [serial, v["name"], v["gender"], _id_text(v["id_number"], full_id), v["phone"],
                   v["political_status"], teams.get(v["team_id"] or "", ""), v["skills"],
                   v["registered_on"], v["status"], v["note"], v["volunteer_number"],
                   v["service_category"], round(v["service_minutes"] / 60, 1),
                   star_name(v["star_level"])], False

    return _empty(VOLUNTEER_COLUMNS, ledger.volunteers.count(query), rows())


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

    return _empty(SERVICE_COLUMNS, len(totals) + (1 if totals else 0), rows())


def _problems(ledger: Ledger, period: Period | None, query: ListQuery | None,
              full_id: bool, today: date) -> SheetTable:
    query = _query(query, period)
    if query.order_by is None:
        query = dataclasses.replace(query, order_by="found_on")

    def rows() -> Iterator[Row]:
        for serial, p in enumerate(iter_rows(ledger.problems, query), start=1):
            overdue = is_overdue(p, today)
            late = ""
            if overdue:
                late = OVERDUE_TEXT.format(days=(today - date.fromisoformat(p["deadline"])).days)
            yield [serial, p["found_on"], p["source"], p["checkpoint"], p["category"],
                   p["description"], p["responsible_unit"], p["responsible_person"],
                   p["deadline"], p["status"], p["completed_on"] or "", p["measures"],
                   late], overdue

    return _empty(PROBLEM_COLUMNS, ledger.problems.count(query), rows())


def is_overdue(problem: dict[str, Any], today: date) -> bool:
    """Not 已完成 and today is past the deadline (DESIGN.md's definition)."""
    return problem["status"] != vocab.PROBLEM_DONE and problem["deadline"] < today.isoformat()


def _statistics(ledger: Ledger, period: Period | None, query: ListQuery | None,
                full_id: bool, today: date) -> SheetTable:
    if period is None:
        period = Period.year_of(today.year)
    stats = compute_statistics(ledger.db, period, as_of=today)
    items = statistics_items(stats)
    rows = [([serial, group, label, value], False)
            for serial, (group, label, value) in enumerate(items, start=1)]
    months = [([serial, f"{int(m.month[:4])}年{int(m.month[5:])}月", m.activities,
                m.participants], False)
              for serial, m in enumerate(stats.activities.by_month, start=1)]
    table = _empty(STAT_COLUMNS, len(rows), iter(rows))
    table.extras = [ExtraTable(MONTH_TITLE, MONTH_COLUMNS, months),
                    _ranking("checkpoint", stats.problems.by_checkpoint),
                    _ranking("unit", stats.problems.by_responsible_unit)]
    return table


def _ranking(key: str, ranks: list[ProblemRank]) -> ExtraTable:
    """The 回头看 ranking (core's order: most problems first, then most overdue)."""
    rows = [([place, rank.name or NO_NAME, f"{rank.found}个",
              f"已整改{rank.rectified}个，逾期{rank.overdue}个"], rank.overdue > 0)
            for place, rank in enumerate(ranks, start=1)]
    return ExtraTable(RANK_TITLES[key], RANK_COLUMNS[key], rows)


def statistics_items(stats: PeriodStatistics) -> list[tuple[str, str, str]]:
    """(类别, 项目, 数值) lines of the 统计 sheet, from core statistics."""
    a, v, s, i, p = (stats.activities, stats.volunteers, stats.service, stats.inspections,
                     stats.problems)
    items = [
        ("活动", "活动总数", f"{a.total}次"),
        ("活动", "参与人数", f"{a.participants}人次"),
        *(("活动", f"其中：{name}", f"{count}次，{a.participants_by_category[name]}人次")
          for name, count in a.by_category.items()),
        *(("活动", f"我们的节日·{name}", f"{count}次") for name, count in a.by_festival.items()),
        ("志愿者", "期末在册志愿者", f"{v.registered}人"),
        ("志愿者", "本期新注册", f"{v.new_in_period}人"),
        ("志愿者", "本期退出", f"{v.exited_in_period}人"),
        ("志愿者", "常住人口", f"{v.resident_population}人" if v.resident_population else "未填写"),
        ("志愿者", "注册率", f"{format_percent(v.ratio)}（目标{format_percent(v.target_ratio)}）"),
        ("志愿者", "志愿服务队", f"{v.teams}支"),
        *(("志愿者", f"政治面貌·{name}", f"{count}人")
          for name, count in v.by_political_status.items()),
        ("志愿服务", "服务记录", f"{s.records}人次（其中补录{s.supplementary_records}人次）"),
        ("志愿服务", "参与服务的志愿者", f"{s.volunteers_served}人"),
        ("志愿服务", "服务总时长", f"{format_number(s.total_hours)}小时"),
        ("志愿服务", "人均服务时长", f"{format_number(s.hours_per_volunteer)}小时"
         if s.hours_per_volunteer is not None else "—"),
        ("督查整改", "督查次数", f"{i.total}次"),
        *(("督查整改", f"督查来源·{name}", f"{count}次") for name, count in i.by_source.items()),
        ("督查整改", "发现问题", f"{p.found}个"),
        ("督查整改", "已整改", f"{p.rectified}个（按期{p.rectified_on_time}个）"),
        ("督查整改", "整改中", f"{p.in_progress}个"),
        ("督查整改", "逾期未改", f"{p.overdue}个"),
        ("督查整改", "整改率", format_percent(p.rectification_rate)),
        *(("成效数据", m.name, f"{format_number(m.total)}{m.unit}") for m in stats.materials),
        ("荣誉", "获评荣誉", f"{stats.honours.total}项"),
        *_score_items(stats.score),
    ]
    return items


def _score_items(score: ScoreBreakdown) -> list[tuple[str, str, str]]:
    """The 考核得分 lines: the rules applied, each line, the totals."""
    group = "考核得分"
    items = [(group, "适用规则", score.rule_set)]
    for line in score.lines:
        if line.points < 0:
            items.append((group, line.rule, f"{line.count}个，扣{format_number(-line.points)}分"))
        else:
            items.append((group, line.rule, f"{line.count}人，加{format_number(line.points)}分"))
    items += [(group, "扣分合计", f"{format_number(score.total_deduction)}分"),
              (group, "加分合计", f"{format_number(score.bonus)}分"),
              (group, "考核得分（加分−扣分）", f"{format_number(score.net)}分")]
    return items
