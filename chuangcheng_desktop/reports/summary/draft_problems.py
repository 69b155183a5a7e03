"""Drafting "存在的问题" and "下一步工作打算" from what the ledger shows.

Each point is one paragraph: a short lead sentence (printed in bold) and its detail.
Data-driven points come first: problems rectified late or still overdue, the volunteer
ratio below target, a problem category that clearly dominates. The wording follows the
size of the figure (个别 for 1–2, 部分 for a handful, the number beyond), "主要集中在…"
only when a few 点位 hold most of them, and the status counts (still open, overdue) are
not restated here with other numbers: they are stated once, with their cut-off date, in
the 督查整改 section. Management signals (补录 shares, empty months, 0 inspections)
belong on the 首页, not in a document for superiors. Every next step answers one of
the problems; general points fill in when the data shows few.
"""

from __future__ import annotations

from collections import Counter

from chuangcheng_desktop.core.rules.formatting import format_percent, format_quantity
from chuangcheng_desktop.reports.summary.draft_data import DraftData, join_names
from chuangcheng_desktop.reports.summary.phrases import PhrasePicker

MIN_POINTS = 2
CATEGORY_MIN_COUNT = 3
CATEGORY_MIN_SHARE = 0.4  # a category "较为集中" only above this share of all problems
CONCENTRATION_SHARE = 0.6  # "主要集中在…" only when the top 点位 hold this share


def amount_word(n: int) -> str:
    """个别 for 1–2, 部分 for a handful (3–5), 较多 beyond."""
    if n <= 2:
        return "个别"
    if n <= 5:
        return "部分"
    return "较多"


def concentration(names: list[str]) -> str:
    """"，主要集中在A和B等点位" when at most two 点位 hold most of ``names``, else ""."""
    spots = Counter(name for name in names if name)
    if len(names) < 3 or not spots:
        return ""
    top = spots.most_common(2)
    held = sum(count for _name, count in top)
    if held / len(names) < CONCENTRATION_SHARE or top[0][1] < 2:
        return ""
    return f"，主要集中在{join_names([name for name, _ in top])}等点位"


def draft_problems_and_steps(data: DraftData, say: PhrasePicker) -> tuple[list[str], list[str]]:
    s = data.stats
    problems: list[str] = []
    steps: list[str] = []
    p = s.problems
    late_done = p.rectified - p.rectified_on_time
    if p.overdue:
        where = concentration([row.get("checkpoint") or "" for row in data.overdue_problems])
        key = "problem_overdue" if where else "problem_overdue_plain"
        problems.append(say.say(key, word=amount_word(p.overdue), where=where))
        steps.append(say.say("next_overdue"))
    elif late_done > 0:
        problems.append(say.say("problem_late", word=amount_word(late_done)))
        steps.append(say.say("next_late"))
    v = s.volunteers
    if v.registered and v.ratio is not None and v.meets_target is False:
        goal = format_percent(v.target_ratio)
        problems.append(say.say("problem_ratio", goal=goal, ratio=format_percent(v.ratio)))
        steps.append(say.say("next_ratio", goal=goal))
    if p.found and p.by_category:
        category, count = max(((c, n) for c, n in p.by_category.items() if c != "其他"),
                              key=lambda kv: kv[1], default=("", 0))
        if count >= CATEGORY_MIN_COUNT and count / p.found >= CATEGORY_MIN_SHARE:
            problems.append(say.say("problem_categories", category=category,
                                    count=format_quantity(count, "个"),
                                    share=format_percent(count / p.found)))
            steps.append(say.say("next_categories", category=category))
    while len(problems) < MIN_POINTS:
        problems.append(say.say("problem_general"))
    while len(steps) < MIN_POINTS + 1:
        steps.append(say.say("next_general"))
    return _unique(problems), _unique(steps)


def _unique(points: list[str]) -> list[str]:
    seen: list[str] = []
    for point in points:
        if point not in seen:
            seen.append(point)
    return seen
