"""Drafting the （一）（二）… sections of "主要工作及成效" from the period's figures.

Each drafter returns the section's figure paragraphs, or an empty list when the period
has nothing to report for it. Every figure clause is written only when its number is
above zero, so the text never boasts of "0次". Highlight paragraphs (2–4 activities by
date, place and what was done) are added by :func:`highlight_paragraph`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chuangcheng_desktop.core.rules.formatting import (
    format_date_cn,
    format_hours,
    format_percent,
    format_quantity,
)
from chuangcheng_desktop.core.volunteers.stars import new_stars, new_stars_sentence
from chuangcheng_desktop.reports.summary.draft_data import DraftData, first_clause, join_names, quoted
from chuangcheng_desktop.reports.summary.phrases import PhrasePicker

Drafter = Callable[[DraftData, PhrasePicker], list[str]]


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str
    empty_reason: str
    draft: Drafter


def times(n: float) -> str:
    return format_quantity(n, "次")


def people_times(n: float) -> str:
    return format_quantity(n, "人次")


def _category_paragraph(data: DraftData, say: PhrasePicker, category: str, what: str) -> list[str]:
    count = data.stats.activities.by_category.get(category, 0)
    if not count:
        return []
    people = data.stats.activities.participants_by_category.get(category, 0)
    if people:
        text = say.say("category_count", span=data.span, what=what, count=times(count),
                       people=people_times(people))
    else:
        text = say.say("category_count_no_people", span=data.span, what=what, count=times(count))
    return [text]


def _with_materials(data: DraftData, say: PhrasePicker, key: str, paragraphs: list[str]) -> list[str]:
    materials = data.materials_text(key)
    if materials and paragraphs:
        paragraphs[-1] += say.say("materials", materials=materials)
    elif materials:
        paragraphs.append(say.say("materials", materials=materials))
    return paragraphs


# --- the fixed sections ----------------------------------------------------------------


def draft_organisation(data: DraftData, say: PhrasePicker) -> list[str]:
    s = data.stats
    sentences = []
    meetings = s.activities.by_category.get("会议学习", 0)
    people = s.activities.participants_by_category.get("会议学习", 0)
    if meetings and people:
        sentences.append(say.say("org_meetings", span=data.span, count=times(meetings),
                                 people=people_times(people)))
    elif meetings:
        sentences.append(say.say("org_meetings_no_people", span=data.span, count=times(meetings)))
    checks = s.inspections.by_source.get("自查", 0) + s.inspections.by_source.get("领导督查", 0)
    if checks:
        sentences.append(say.say("org_selfcheck", span=data.span, count=times(checks)))
    if not sentences:
        return []
    if s.volunteers.teams:
        sentences.append(say.say("org_teams", teams=format_quantity(s.volunteers.teams, "支")))
    return ["".join(sentences)]


def draft_publicity(data: DraftData, say: PhrasePicker) -> list[str]:
    paragraphs = _category_paragraph(data, say, "宣传教育", "宣传教育活动")
    return _with_materials(data, say, "publicity", paragraphs) if paragraphs else []


def draft_volunteer(data: DraftData, say: PhrasePicker) -> list[str]:
    s = data.stats
    v, service = s.volunteers, s.service
    roll = []
    if v.registered:
        if v.ratio is not None:
            goal = format_percent(v.target_ratio)
            target = say.say("target_met" if v.meets_target else "target_missed", goal=goal)
            roll.append(say.say(
                "volunteer_roll", end=data.end_text, registered=format_quantity(v.registered, "人"),
                population=format_quantity(v.resident_population, "人"),
                ratio=format_percent(v.ratio), target=target))
        else:
            roll.append(say.say("volunteer_roll_no_population", end=data.end_text,
                                registered=format_quantity(v.registered, "人")))
    if v.new_in_period:
        roll.append(say.say("volunteer_new", span=data.span,
                            new=format_quantity(v.new_in_period, "人")))
    work = _category_paragraph(data, say, "志愿服务", "志愿服务活动")
    if service.records and service.volunteers_served:
        sentence = say.say(
            "volunteer_service", records=people_times(service.records),
            served=format_quantity(service.volunteers_served, "名"),
            hours=format_hours(service.total_hours),
            per=format_hours(service.hours_per_volunteer or 0))
        if work:
            work[0] += sentence
        else:
            work.append(sentence)
    top = [t.name for t in service.top_volunteers[:3] if t.hours > 0]
    if work and len(top) >= 2:
        work[0] += say.say("volunteer_top", names=join_names(top))
    if work:  # 星级志愿者 who crossed a threshold this period (core/volunteers/stars.py)
        work[0] += new_stars_sentence(new_stars(data.ledger.db, data.period))
    paragraphs = ["".join(roll)] if roll else []
    if work:
        paragraphs.append(_with_materials(data, say, "volunteer", work)[0])
    elif paragraphs:
        _with_materials(data, say, "volunteer", paragraphs)
    return paragraphs


def draft_festival(data: DraftData, say: PhrasePicker) -> list[str]:
    a = data.stats.activities
    count = a.by_category.get("我们的节日", 0)
    if not count:
        return []
    festivals = [f"{name}节" if name in ("元宵", "清明", "端午", "七夕", "中秋", "重阳") else name
                 for name in a.by_festival]
    people = a.participants_by_category.get("我们的节日", 0)
    if festivals and people:
        return [say.say("festival_count", festivals="、".join(festivals), span=data.span,
                        count=times(count), people=people_times(people))]
    return _category_paragraph(data, say, "我们的节日", "“我们的节日”主题活动")


def draft_environment(data: DraftData, say: PhrasePicker) -> list[str]:
    paragraphs = _category_paragraph(data, say, "环境整治", "环境卫生整治行动")
    return _with_materials(data, say, "environment", paragraphs) if paragraphs else []


def draft_inspection(data: DraftData, say: PhrasePicker) -> list[str]:
    s = data.stats
    sentences = []
    if s.inspections.total:
        sources = "、".join(f"{name}{times(n)}" for name, n in s.inspections.by_source.items())
        sentences.append(say.say("inspection_visits", span=data.span,
                                 count=times(s.inspections.total), sources=sources))
    p = s.problems
    if p.found:
        sentences.append(say.say(
            "inspection_problems", found=format_quantity(p.found, "个"),
            rectified=format_quantity(p.rectified, "个"), rate=format_percent(p.rectification_rate)))
        if p.rectified_on_time:
            sentences.append(say.say("inspection_on_time",
                                     on_time=format_quantity(p.rectified_on_time, "个")))
        if p.in_progress:
            sentences.append(say.say("inspection_pending",
                                     pending=format_quantity(p.in_progress, "个")))
        categories = "，".join(f"{name}类{format_quantity(n, '个')}"
                              for name, n in sorted(p.by_category.items(), key=lambda kv: -kv[1]))
        if len(p.by_category) > 1:
            sentences.append(say.say("inspection_categories", categories=categories))
    return ["".join(sentences)] if sentences else []


def draft_honours(data: DraftData, say: PhrasePicker) -> list[str]:
    paragraphs = _category_paragraph(data, say, "评选表彰", "评选表彰活动")
    h = data.stats.honours
    if h.total:
        levels = "、".join(f"{level}级{format_quantity(n, '项')}" for level, n in h.by_level.items())
        paragraphs.append(say.say("honours", span=data.span, total=format_quantity(h.total, "项"),
                                  levels=levels))
        if len(paragraphs) == 2:
            paragraphs = [paragraphs[0] + paragraphs[1]]
    return _with_materials(data, say, "honours", paragraphs) if paragraphs else []


def category_drafter(category: str) -> Drafter:
    """The drafter of a category without a fixed section (文明实践, 其他 …)."""
    what = {"文明实践": "新时代文明实践活动", "其他": "其他创建活动"}.get(category, f"{category}活动")

    def draft(data: DraftData, say: PhrasePicker) -> list[str]:
        paragraphs = _category_paragraph(data, say, category, what)
        return _with_materials(data, say, f"category:{category}", paragraphs) if paragraphs else []

    return draft


FIXED_SECTIONS = (
    SectionSpec("organisation", "强化组织领导，压实创建责任",
                "本期没有会议学习活动，也没有自查或领导督查记录", draft_organisation),
    SectionSpec("publicity", "深化宣传教育，营造浓厚氛围", "本期没有宣传教育活动", draft_publicity),
    SectionSpec("volunteer", "壮大志愿服务队伍，弘扬文明新风",
                "本期没有志愿服务活动，花名册中也没有在册志愿者", draft_volunteer),
    SectionSpec("festival", "开展“我们的节日”活动，传承传统文化", "本期没有“我们的节日”主题活动",
                draft_festival),
    SectionSpec("environment", "推进环境综合整治，改善人居环境", "本期没有环境整治活动",
                draft_environment),
    SectionSpec("inspection", "狠抓督查整改，推动问题销号", "本期没有督查记录，也没有发现问题",
                draft_inspection),
)
EXTRA_HEADINGS = {
    "honours": "选树先进典型，发挥示范引领作用",
    "category:文明实践": "深化新时代文明实践，服务群众身边事",
    "category:其他": "统筹推进其他创建工作",
}


def extra_spec(key: str) -> SectionSpec:
    if key == "honours":
        return SectionSpec(key, EXTRA_HEADINGS[key], "本期没有评选表彰活动和获评荣誉", draft_honours)
    category = key.removeprefix("category:")
    heading = EXTRA_HEADINGS.get(key, f"扎实开展{category}工作")
    return SectionSpec(key, heading, f"本期没有{category}活动", category_drafter(category))


# --- highlights --------------------------------------------------------------------------


def pick_highlights(data: DraftData, activities: list[dict[str, Any]]) -> list[str]:
    """2–4 activities worth citing: well attended, with photos and a description, spread
    over different months; returned in date order."""
    if not activities:
        return []
    wanted = 4 if len(activities) >= 12 else min(3, len(activities))

    def score(a: dict[str, Any]) -> tuple:
        return (bool(a.get("place")), bool(data.photos.get(a["id"])), bool(a.get("content")),
                a.get("participant_count") or 0, a["date"], a["id"])

    ranked = sorted(activities, key=score, reverse=True)
    chosen: list[dict[str, Any]] = []
    passes = (
        lambda a, months, titles: a["date"][:7] not in months and a["title"] not in titles,
        lambda a, months, titles: a["title"] not in titles,
        lambda a, months, titles: True,
    )
    for fits in passes:
        for activity in ranked:
            if len(chosen) == wanted:
                break
            months = {c["date"][:7] for c in chosen}
            titles = {c["title"] for c in chosen}
            if activity not in chosen and fits(activity, months, titles):
                chosen.append(activity)
    return [a["id"] for a in sorted(chosen, key=lambda a: (a["date"], a["id"]))]


def highlight_paragraph(data: DraftData, say: PhrasePicker, activity_ids: list[str]) -> str:
    """"代表性活动有：2026年5月6日，在青松广场开展“…”，…；…。" (empty without activities)."""
    items: list[str] = []
    for activity_id in activity_ids:
        activity = data.activity_by_id.get(activity_id)
        if activity is None:
            continue
        done = first_clause(activity.get("content") or "")
        if not done:
            people = activity.get("participant_count") or 0
            done = f"参与群众{people_times(people)}" if people else "活动按计划顺利开展"
        values = dict(date=format_date_cn(activity["date"]), title=quoted(activity["title"])[1:-1],
                      done=done)
        if activity.get("place"):
            items.append(say.cycle("highlight_item", len(items), place=activity["place"], **values))
        else:
            items.append(say.cycle("highlight_item_no_place", len(items), **values))
    if not items:
        return ""
    return say.say("highlight_lead") + "；".join(items) + "。"
