"""The 街道 工作总结's section on its communities, drafted from every unit's figures.

On a 街道/镇 ledger the summary wizard (and ``report``) gets one more section, first:
the units' totals for the period, the best units by rank, the lagging ones (lowest rank,
most overdue problems, lowest rectification rate) and the units that have not reported.
The figures are those of ``stats --by-unit``; nothing else in the wizard changes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chuangcheng_desktop.core.packages.by_unit import UnitFigures, unit_figures
from chuangcheng_desktop.core.packages.units import STREET_LEVELS
from chuangcheng_desktop.core.rules.formatting import format_hours, format_percent, format_quantity
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.summary.context import ReportSection

STREET_KEY = "street_units"
HEADING = "统筹辖区社区创建，比学赶超整体推进"
EMPTY_REASON = "还没有社区报送本期数据"
BEST = 3


def street_section(ledger: Ledger, period: Period, today: date,
                   profile: dict[str, Any] | None = None) -> ReportSection | None:
    """The section for a 街道/镇 ledger (None on a community ledger). ``profile``: the unit
    profile when the caller has already read it."""
    level = (profile if profile is not None else ledger.profile()).get("unit_level")
    if level not in STREET_LEVELS:
        return None
    section = ReportSection(key=STREET_KEY, heading=HEADING)
    fill_street_section(section, ledger, period, today)
    return section


def fill_street_section(section: ReportSection, ledger: Ledger, period: Period,
                        today: date) -> ReportSection:
    every_unit = unit_figures(ledger, period, as_of=today)
    figures = [f for f in every_unit if f.statistics is not None]
    section.paragraphs = street_paragraphs(figures, period, unreported=[
        f.unit.name for f in every_unit if not f.reported])
    section.enabled = bool(figures)
    section.reason = "" if figures else EMPTY_REASON
    section.edited = False
    return section


def street_paragraphs(figures: list[UnitFigures], period: Period, *,
                      unreported: list[str]) -> list[str]:
    if not figures:
        return []
    stats = [f.statistics for f in figures]
    activities = sum(s.activities.total for s in stats)
    participants = sum(s.activities.participants for s in stats)
    volunteers = sum(s.volunteers.registered for s in stats)
    hours = sum(s.service.total_hours for s in stats)
    found = sum(s.problems.found for s in stats)
    rectified = sum(s.problems.rectified for s in stats)
    overdue = sum(s.problems.overdue for s in stats)
    first = (f"{period.name}，辖区{len(figures)}个社区共开展创建活动"
             f"{format_quantity(activities, '次')}、参与群众{format_quantity(participants, '人次')}，"
             f"注册志愿者{format_quantity(volunteers, '人')}，志愿服务时长{format_hours(hours)}；"
             f"各级督查发现问题{format_quantity(found, '个')}，已整改"
             f"{format_quantity(rectified, '个')}")
    if found:
        first += f"，整改率{format_percent(rectified / found)}"
    first += "。"
    if overdue:
        first += f"目前仍有{format_quantity(overdue, '个')}问题逾期未整改。"
    paragraphs = [first]
    ranked = sorted((f for f in figures if f.rank), key=lambda f: f.rank)
    if len(ranked) >= 2:
        best = ranked[:min(BEST, len(ranked) // 2 or 1)]
        lagging = ranked[-min(BEST, len(ranked) // 2 or 1):]
        text = (f"从综合测评看，{'、'.join(f.unit.name for f in best)}工作扎实、成效明显，位居前列；"
                f"{'、'.join(f.unit.name for f in lagging)}相对落后")
        weak = [f for f in lagging if f.statistics.problems.overdue
                or (f.statistics.problems.rectification_rate or 1) < 0.8]
        if weak:
            details = "，".join(
                f"{f.unit.name}逾期问题{format_quantity(f.statistics.problems.overdue, '个')}、"
                f"整改率{format_percent(f.statistics.problems.rectification_rate)}" for f in weak)
            text += f"（{details}）"
        paragraphs.append(text + "，街道将加强督导，推动后进赶先进。")
    if unreported:
        paragraphs.append(f"截至目前，{'、'.join(unreported)}尚未报送{period.name}台账，"
                          "相关数据未纳入以上统计。")
    return paragraphs
