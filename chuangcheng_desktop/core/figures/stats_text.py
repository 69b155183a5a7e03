"""The period figures as a plain Chinese text table (for ``stats`` on the command line)."""

from __future__ import annotations

from chuangcheng_desktop.core.checkpoints.figures import checkpoint_lines
from chuangcheng_desktop.core.figures.statistics import PeriodStatistics
from chuangcheng_desktop.core.rules.formatting import (
    format_date_cn,
    format_hours,
    format_percent,
    format_quantity,
)


def statistics_text(stats: PeriodStatistics) -> str:
    a, v, s, i, p = stats.activities, stats.volunteers, stats.service, stats.inspections, stats.problems
    lines = [
        f"{stats.unit_name or '（未填写单位名称）'} {stats.period_name}统计",
        f"期间：{format_date_cn(stats.start)}至{format_date_cn(stats.end)}"
        f"（逾期按{format_date_cn(stats.as_of)}计）",
        "",
        "【活动】",
        _row("活动总数", format_quantity(a.total, "次")),
        _row("参与人数", format_quantity(a.participants, "人次")),
        *(_row(f"  {name}", f"{format_quantity(count, '次')}，"
               f"{format_quantity(a.participants_by_category[name], '人次')}")
          for name, count in a.by_category.items()),
        *(_row(f"  我们的节日·{name}", format_quantity(count, "次"))
          for name, count in a.by_festival.items()),
        _row("按月", "、".join(f"{int(m.month[5:])}月{m.activities}次" for m in a.by_month)),
        "",
        "【志愿者】",
        _row("期末在册志愿者", format_quantity(v.registered, "人")),
        _row("本期新注册", format_quantity(v.new_in_period, "人")),
        _row("本期退出", format_quantity(v.exited_in_period, "人")),
        _row("常住人口", format_quantity(v.resident_population, "人")
             if v.resident_population else "（未填写，无法计算注册率）"),
        _row("注册率", f"{format_percent(v.ratio)}（目标 {format_percent(v.target_ratio)}，"
             f"{_target_text(v.meets_target)}）"),
        _row("志愿服务队", format_quantity(v.teams, "支")),
        _row("星级志愿者（现在）", "、".join(f"{name}{count}人" for name, count
                                           in v.star_levels.items() if count) or "—"),
        "",
        "【志愿服务】",
        _row("服务记录", f"{format_quantity(s.records, '人次')}（其中补录 {s.supplementary_records}）"),
        _row("参与服务的志愿者", format_quantity(s.volunteers_served, "人")),
        _row("服务总时长", format_hours(s.total_hours)),
        _row("人均服务时长", format_hours(s.hours_per_volunteer)
             if s.hours_per_volunteer is not None else "—"),
        *(_row(f"  第{rank}名 {top.name}", f"{format_hours(top.hours)}，{top.records}次")
          for rank, top in enumerate(s.top_volunteers, start=1)),
        "",
        "【督查与整改】",
        _row("督查次数", format_quantity(i.total, "次")),
        *(_row(f"  {name}", format_quantity(count, "次")) for name, count in i.by_source.items()),
        _row("发现问题", format_quantity(p.found, "个")),
        _row("已整改", f"{format_quantity(p.rectified, '个')}（按期 {p.rectified_on_time}）"),
        _row("整改中", format_quantity(p.in_progress, "个")),
        _row("逾期未改", format_quantity(p.overdue, "个")),
        _row("整改率", format_percent(p.rectification_rate)),
        *(_row(f"  {name}", format_quantity(count, "个")) for name, count in p.by_category.items()),
        *(["  按点位排名（回头看）："] if p.by_checkpoint else []),
        *(_row(f"    {rank}. {r.name}", f"{r.found}个，已整改{r.rectified}个，逾期{r.overdue}个")
          for rank, r in enumerate(p.by_checkpoint, start=1)),
        *(["  按责任单位排名："] if p.by_responsible_unit else []),
        *(_row(f"    {rank}. {r.name}", f"{r.found}个，已整改{r.rectified}个，逾期{r.overdue}个")
          for rank, r in enumerate(p.by_responsible_unit, start=1)),
        "",
        f"【考核得分】（{stats.score.rule_set}）",
        _row("扣分", f"{stats.score.total_deduction:g}分"),
        _row("加分", f"{stats.score.bonus:g}分"),
        *(_row(f"  {line.rule}", f"{line.count}项，{line.points:+g}分") for line in stats.score.lines),
        "",
        "【成效数据】",
        *(_row(m.name, format_quantity(m.total, m.unit)) for m in stats.materials),
        *([] if stats.materials else ["  （本期没有记录）"]),
        "",
        "【荣誉】",
        _row("获评荣誉", format_quantity(stats.honours.total, "项")),
        *(_row(f"  {level}级", format_quantity(count, "项"))
          for level, count in stats.honours.by_level.items()),
        *checkpoint_lines(stats.checkpoints),
    ]
    return "\n".join(lines)


def _row(label: str, value: str) -> str:
    return f"  {label}：{value}"


def _target_text(meets: bool | None) -> str:
    if meets is None:
        return "未能计算"
    return "已达标" if meets else "未达标"
