"""Drafting "存在的问题" and "下一步工作打算" from what the ledger shows.

Each point is one paragraph: a short lead sentence (printed in bold) and its detail.
Data-driven points come first: overdue problems, problems still open, the volunteer
ratio below target, months without activities, the most frequent problem categories,
many 补录 service records. Every next step answers one of the problems; general points
fill in when the data shows few.
"""

from __future__ import annotations

from collections import Counter

from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_percent, format_quantity
from chuangcheng_desktop.reports.summary.draft_data import DraftData, join_names, months_text
from chuangcheng_desktop.reports.summary.phrases import PhrasePicker

MIN_POINTS = 2
SUPPLEMENTARY_SHARE = 0.1  # 补录 above this share of service records is worth a word
CATEGORY_MIN_COUNT = 2


def draft_problems_and_steps(data: DraftData, say: PhrasePicker) -> tuple[list[str], list[str]]:
    s = data.stats
    problems: list[str] = []
    steps: list[str] = []
    p = s.problems
    if p.overdue:
        spots = Counter(row["checkpoint"] for row in data.overdue_problems if row.get("checkpoint"))
        top = [name for name, _ in spots.most_common(2)]
        where = f"，主要集中在{join_names(top)}等点位" if top else ""
        problems.append(say.say("problem_overdue", overdue=format_quantity(p.overdue, "个"),
                                as_of=format_date_cn(data.as_of), where=where or "，"))
        steps.append(say.say("next_overdue"))
    pending = p.in_progress - p.overdue
    if pending > 0:
        problems.append(say.say("problem_pending", pending=format_quantity(pending, "个")))
        steps.append(say.say("next_pending"))
    v = s.volunteers
    if v.registered and v.ratio is not None and v.meets_target is False:
        goal = format_percent(v.target_ratio)
        problems.append(say.say("problem_ratio", end=data.end_text, goal=goal,
                                registered=format_quantity(v.registered, "人"),
                                ratio=format_percent(v.ratio)))
        steps.append(say.say("next_ratio", goal=goal))
    empty_months = _past_months(data)
    if empty_months and s.activities.total:
        problems.append(say.say("problem_months", months=months_text(empty_months)))
        steps.append(say.say("next_months"))
    if p.found and p.by_category:
        category, count = max(p.by_category.items(), key=lambda kv: kv[1])
        if count >= CATEGORY_MIN_COUNT:
            problems.append(say.say("problem_categories", category=category,
                                    count=format_quantity(count, "个"),
                                    share=format_percent(count / p.found)))
            steps.append(say.say("next_categories", category=category))
    records = s.service.records
    if records and s.service.supplementary_records / records > SUPPLEMENTARY_SHARE:
        problems.append(say.say("problem_supplementary",
                                count=format_quantity(s.service.supplementary_records, "条")))
        steps.append(say.say("next_supplementary"))
    while len(problems) < MIN_POINTS:
        problems.append(say.say("problem_general"))
    while len(steps) < MIN_POINTS + 1:
        steps.append(say.say("next_general"))
    return _unique(_tidy(problems)), _unique(steps)


def _past_months(data: DraftData) -> list[str]:
    """Months without activities that have already ended (a month still running is no gap)."""
    today = data.as_of.isoformat()[:7]
    return [m for m in data.stats.activities.months_without_activities if m < today]


def _tidy(points: list[str]) -> list[str]:
    return [point.replace("，，", "，").replace("，。", "。") for point in points]


def _unique(points: list[str]) -> list[str]:
    seen: list[str] = []
    for point in points:
        if point not in seen:
            seen.append(point)
    return seen
