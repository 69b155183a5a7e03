"""The 统计 sheet as separate blocks, each with its own small header (no print-title row
repeated over unrelated tables): 活动, 志愿者, 志愿服务, 督查整改, 成效数据, 荣誉, 考核得分,
按月统计 and the two 回头看 rankings. Figures come from core statistics, the same numbers
the summary and ``stats`` use. A figure that would read as bad news without its context
(督查次数 0 while problems were registered without an inspection) says what it means.
"""

from __future__ import annotations

from datetime import date

from chuangcheng_desktop.core.figures.statistics import PeriodStatistics, ProblemRank, compute_statistics
from chuangcheng_desktop.core.rules.formatting import format_number, format_percent
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.rules.scoring import ScoreBreakdown
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.workbook.sheet_layout import Column
from chuangcheng_desktop.reports.workbook.sheet_table import SheetTable
from chuangcheng_desktop.reports.workbook.xlsx_book import Block

ITEM_COLUMNS = (Column("序号", "center", 4.5, 6), Column("项目", "text", 16, 30),
                Column("数值", "text", 16, 40))
MONTH_COLUMNS = (Column("序号", "center", 4.5, 6), Column("月份", "center", 10, 30),
                 Column("活动次数", "int", 10, 40), Column("参与人数", "int", 10, 20))
MONTH_TITLE = "按月统计"
RANK_TITLES = {"checkpoint": "回头看：问题较多的点位", "unit": "回头看：问题较多的责任单位"}
RANK_COLUMNS = {key: (Column("名次", "center", 4.5, 6), Column(name, "text", 12, 30),
                      Column("问题数", "text", 10, 40), Column("整改情况", "text", 16, 20))
                for key, name in (("checkpoint", "点位"), ("unit", "责任单位"))}
NUMERALS = "一二三四五六七八九十"
NO_NAME = "（未填写）"
NO_INSPECTIONS = "未单独登记督查（{found}个问题为直接登记或导入）"


def statistics_table(ledger: Ledger, period: Period | None, today: date) -> SheetTable:
    if period is None:
        period = Period.year_of(today.year)
    stats = compute_statistics(ledger.db, period, as_of=today)
    blocks = statistics_blocks(stats)
    count = sum(len(b.rows) for b in blocks)
    return SheetTable("", "", "", ITEM_COLUMNS, count, iter(()), "", blocks=blocks)


def statistics_blocks(stats: PeriodStatistics) -> list[Block]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for group, label, value in statistics_items(stats):
        groups.setdefault(group, []).append((label, value))
    blocks = []
    for number, (group, items) in enumerate(groups.items()):
        title = f"{NUMERALS[number]}、{group}"
        rows = [([serial, label, value], False) for serial, (label, value) in enumerate(items, 1)]
        blocks.append(Block(title, ITEM_COLUMNS, rows))
    months = [([serial, f"{int(m.month[:4])}年{int(m.month[5:])}月", m.activities,
                m.participants], False)
              for serial, m in enumerate(stats.activities.by_month, start=1)]
    blocks.append(Block(MONTH_TITLE, MONTH_COLUMNS, months))
    blocks.append(_ranking("checkpoint", stats.problems.by_checkpoint))
    blocks.append(_ranking("unit", stats.problems.by_responsible_unit))
    return [b for b in blocks if b.rows]


def _ranking(key: str, ranks: list[ProblemRank]) -> Block:
    """The 回头看 ranking (core's order: most problems first, then most overdue)."""
    rows = [([place, rank.name or NO_NAME, f"{rank.found}个",
              f"已整改{rank.rectified}个，逾期{rank.overdue}个"], rank.overdue > 0)
            for place, rank in enumerate(ranks, start=1)]
    return Block(RANK_TITLES[key], RANK_COLUMNS[key], rows)


def statistics_items(stats: PeriodStatistics) -> list[tuple[str, str, str]]:
    """(类别, 项目, 数值) lines of the 统计 sheet, from core statistics, in block order."""
    a, v, s, i, p = (stats.activities, stats.volunteers, stats.service, stats.inspections,
                     stats.problems)
    inspections = (f"{i.total}次" if i.total or not p.found
                   else NO_INSPECTIONS.format(found=p.found))
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
        ("督查整改", "督查次数", inspections),
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
