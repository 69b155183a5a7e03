"""Drafting the （一）（二）… sections of "主要工作及成效" from the period's figures.

Each section is written the way a clerk writes it: the totals first (times, 人次, and the
materials summed per unit — 发放宣传资料合计N份), then activities held again and again merged
into one clause ("先后组织…5次"), then at most three highlights, each one sentence built from
date, place, title and one key figure, with a verb that fits the category (会议 召开, 节日
举办 …). Activity descriptions are never pasted. Every figure clause is written only when
its number is above zero, so the text never boasts of "0次". Activities of the category
其他 are left out of the prose (they count in the opening total only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chuangcheng_desktop.core.checkpoints.figures import CheckpointFigures
from chuangcheng_desktop.core.figures.statistics import split_measure_name
from chuangcheng_desktop.core.rules.formatting import format_hours, format_percent, format_quantity
from chuangcheng_desktop.core.volunteers.stars import new_stars, new_stars_sentence
from chuangcheng_desktop.reports.summary.draft_data import (
    DraftData,
    join_names,
    prose_quantity,
    quoted,
    section_key_of,
    short_date,
)
from chuangcheng_desktop.reports.summary.draft_facts import draft_organisation_facts
from chuangcheng_desktop.reports.summary.phrases import PhrasePicker

Drafter = Callable[[DraftData, PhrasePicker], list[str]]
MAX_HIGHLIGHTS = 3
LOWEST_NAMED = 2  # 点位 named for a 达标率 below the period's mean
UNPRINTED_CATEGORIES = ("其他",)  # counted in the opening total, not written up

# The verb an activity of each category takes, and the word added after its title when
# the title does not already say what it is ("开展“文明楼道”评选", never "评选评选").
CATEGORY_VERB = {"会议学习": "召开", "评选表彰": "开展", "宣传教育": "开展", "我们的节日": "举办",
                 "志愿服务": "组织", "环境整治": "组织", "文明实践": "开展"}
CATEGORY_NOUN = {
    "评选表彰": ("评选", ("评", "选", "表彰")),
    "宣传教育": ("宣传", ("宣传", "宣讲", "教育", "讲座", "课", "展", "培训", "演练")),
    "我们的节日": ("活动", ("活动", "会", "节", "晚", "赛", "展")),
    "会议学习": ("", ()),
    "志愿服务": ("志愿服务", ("志愿", "服务", "行动", "帮扶", "走访", "引导", "督导", "劝导")),
    "环境整治": ("", ()),
    "文明实践": ("活动", ("活动", "会", "课", "宣讲", "实践", "体验", "培训", "讲座", "展")),
}


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


def activity_name(activity: dict[str, Any]) -> str:
    """The verb and the quoted title: "召开“创城工作推进会”", "开展“文明楼道”评选"."""
    category = activity.get("category") or ""
    title = quoted(activity["title"])
    noun, known = CATEGORY_NOUN.get(category, ("", ()))
    if noun and not any(word in activity["title"] for word in known):
        title += noun
    return CATEGORY_VERB.get(category, "开展") + title


def key_figure(activity: dict[str, Any], *, people: bool = True) -> str:
    """One figure of an activity: its first recorded measure, else its 人次 (unless
    ``people`` is off: the section's total already gave them)."""
    measures = [(name, value) for name, value in (activity.get("measures") or {}).items()
                if value and value > 0]
    if measures:
        name, value = measures[0]
        label, unit = split_measure_name(name)
        return f"{label}{prose_quantity(value, unit)}"
    count = activity.get("participant_count") or 0
    return f"参与{people_times(count)}" if count and people else ""


def _totals(data: DraftData, say: PhrasePicker, category: str, what: str, key: str) -> list[str]:
    """"开展宣传教育活动25次，参与843人次；累计发放宣传资料6044份、…。" plus merged repeats."""
    count = data.stats.activities.by_category.get(category, 0)
    if not count:
        return []
    people = data.stats.activities.participants_by_category.get(category, 0)
    verb = CATEGORY_VERB.get(category, "开展")
    if people:
        text = say.say("category_count", verb=verb, what=what, count=times(count),
                       people=people_times(people))
    else:
        text = say.say("category_count_no_people", verb=verb, what=what, count=times(count))
    materials = data.materials_text(key)
    if materials:
        text += say.say("materials", materials=materials)
    repeats = data.title_repeats(key)
    if repeats:
        parts = [f"{activity_name({'title': title, 'category': category})}{times(n)}"
                 for title, n, category in repeats[:2]]
        text += say.say("repeats", items="，".join(parts))
    return [text]


# --- the fixed sections ----------------------------------------------------------------


def draft_organisation(data: DraftData, say: PhrasePicker) -> list[str]:
    s = data.stats
    paragraphs = draft_organisation_facts(data, say)
    sentences = []
    meetings = s.activities.by_category.get("会议学习", 0)
    people = s.activities.participants_by_category.get("会议学习", 0)
    if meetings and people:
        sentences.append(say.say("org_meetings", count=times(meetings), people=people_times(people)))
    elif meetings:
        sentences.append(say.say("org_meetings_no_people", count=times(meetings)))
    checks = s.inspections.by_source.get("自查", 0) + s.inspections.by_source.get("领导督查", 0)
    if checks:
        sentences.append(say.say("org_selfcheck", count=times(checks)))
    if s.volunteers.teams and (sentences or paragraphs):
        sentences.append(say.say("org_teams", teams=format_quantity(s.volunteers.teams, "支")))
    if sentences:
        paragraphs.append("".join(sentences))
    return paragraphs


def draft_publicity(data: DraftData, say: PhrasePicker) -> list[str]:
    return _totals(data, say, "宣传教育", "宣传教育活动", "publicity")


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
        roll.append(say.say("volunteer_new", new=format_quantity(v.new_in_period, "人")))
    work = _totals(data, say, "志愿服务", "志愿服务活动", "volunteer")
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
    if not work and paragraphs:
        materials = data.materials_text("volunteer")
        if materials:
            paragraphs[-1] += say.say("materials", materials=materials)
    return paragraphs + work


FESTIVAL_NAMES = ("元宵", "清明", "端午", "七夕", "中秋", "重阳")


def draft_festival(data: DraftData, say: PhrasePicker) -> list[str]:
    a = data.stats.activities
    count = a.by_category.get("我们的节日", 0)
    if not count:
        return []
    festivals = [f"{name}节" if name in FESTIVAL_NAMES else name for name in a.by_festival]
    people = a.participants_by_category.get("我们的节日", 0)
    if festivals and people:
        text = say.say("festival_count", festivals="、".join(festivals), count=times(count),
                       people=people_times(people))
        materials = data.materials_text("festival")
        return [text + (say.say("materials", materials=materials) if materials else "")]
    return _totals(data, say, "我们的节日", "“我们的节日”主题活动", "festival")


def draft_environment(data: DraftData, say: PhrasePicker) -> list[str]:
    return _totals(data, say, "环境整治", "环境卫生整治行动", "environment")


def draft_inspection(data: DraftData, say: PhrasePicker) -> list[str]:
    s = data.stats
    sentences = []
    if s.inspections.total:
        sources = "、".join(f"{name}{times(n)}" for name, n in s.inspections.by_source.items())
        key = "inspection_visits" if len(s.inspections.by_source) > 1 else "inspection_visits_one"
        sentences.append(say.say(key, count=times(s.inspections.total), sources=sources))
    sentences += _checkpoint_sentences(s.checkpoints, say)
    p = s.problems
    if p.found:
        found = format_quantity(p.found, "个")
        late = p.rectified - p.rectified_on_time
        if p.rectified == p.found:
            sentences.append(say.say("inspection_all_done", found=found))
        elif p.rectified:
            sentences.append(say.say("inspection_problems", found=found,
                                     rectified=format_quantity(p.rectified, "个"),
                                     rate=format_percent(p.rectification_rate)))
        else:
            sentences.append(say.say("inspection_none_done", found=found))
        if p.rectified and late > 0:
            sentences.append(say.say("inspection_late", on_time=format_quantity(
                p.rectified_on_time, "个"), late=format_quantity(late, "个")))
        elif p.rectified:
            sentences.append(say.say("inspection_on_time"))
        if p.in_progress:
            key = ("inspection_open" if not p.overdue else "inspection_open_all_overdue"
                   if p.overdue == p.in_progress else "inspection_open_overdue")
            sentences.append(say.say(key, as_of=data.as_of_text,
                                     pending=format_quantity(p.in_progress, "个"),
                                     overdue=format_quantity(p.overdue, "个")))
        categories = "，".join(f"{name}类{format_quantity(n, '个')}"
                              for name, n in sorted(p.by_category.items(), key=lambda kv: -kv[1])
                              if name != "其他")
        if len([c for c in p.by_category if c != "其他"]) > 1:
            sentences.append(say.say("inspection_categories", categories=categories))
    return ["".join(sentences)] if sentences else []


def _checkpoint_sentences(c: CheckpointFigures | None, say: PhrasePicker) -> list[str]:
    """实地测评 of the period: 点位 checked, runs (回头看 among them), the mean 达标率, the
    failed items and the problems they raised, and up to two 点位 whose latest 达标率 is
    below that mean, lowest first."""
    if c is None or not c.runs or c.average_rate is None:
        return []
    runs = times(c.runs) + (f"（其中回头看{times(c.follow_up_runs)}）" if c.follow_up_runs else "")
    sentences = [say.say("checkpoint_runs", checked=format_quantity(c.checkpoints_checked, "个"),
                         runs=runs, rate=format_percent(c.average_rate))]
    failed = format_quantity(c.failed_items, "项")
    if not c.failed_items:
        sentences.append(say.say("checkpoint_all_passed"))
    elif c.problems_raised:
        sentences.append(say.say("checkpoint_failed", failed=failed,
                                 raised=format_quantity(c.problems_raised, "个")))
    else:
        sentences.append(say.say("checkpoint_failed_only", failed=failed))
    low = [point for point in c.lowest if point.rate is not None
           and point.rate < min(c.average_rate, 1)][:LOWEST_NAMED]
    if low:
        names = "、".join(point.name for point in low)
        sentences.append(say.say("checkpoint_lowest", names=names))
    return sentences


def draft_honours(data: DraftData, say: PhrasePicker) -> list[str]:
    paragraphs = _totals(data, say, "评选表彰", "评选表彰活动", "honours")
    h = data.stats.honours
    if h.total:
        winners = data.honour_winners()
        levels = "、".join(f"{level}级{format_quantity(n, '项')}" for level, n in h.by_level.items())
        named = "，".join(f"{row['recipient']}获评{row['level']}级{quoted(row['title'])}"
                         for row in winners[:4])
        text = say.say("honours", total=format_quantity(h.total, "项"), levels=levels)
        if named:
            text += say.say("honours_named", named=named)
        paragraphs.append(text)
        if len(paragraphs) == 2:
            paragraphs = [paragraphs[0] + paragraphs[1]]
    return paragraphs


def category_drafter(category: str) -> Drafter:
    """The drafter of a category without a fixed section (文明实践 …)."""
    what = {"文明实践": "新时代文明实践活动"}.get(category, f"{category}活动")

    def draft(data: DraftData, say: PhrasePicker) -> list[str]:
        if category in UNPRINTED_CATEGORIES:
            return []
        return _totals(data, say, category, what, f"category:{category}")

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
    reason = (f"{category}类活动只计入开头的活动总数，不单独成段" if category in UNPRINTED_CATEGORIES
              else f"本期没有{category}活动")
    return SectionSpec(key, heading, reason, category_drafter(category))


# --- highlights --------------------------------------------------------------------------


def pick_highlights(data: DraftData, activities: list[dict[str, Any]]) -> list[str]:
    """Up to three activities worth citing: with a place, photos and a description, well
    attended, from different months, none of a title held repeatedly when others exist
    (those are merged in the totals); returned in date order. ``activities`` are a
    section's (all of them, or ``DraftData.highlight_candidates``, which rank the same)."""
    if not activities:
        return []
    repeated = data.repeated_titles_of(section_key_of(activities[0]["category"]))
    single = [a for a in activities if a["title"].strip() not in repeated] or activities

    def score(a: dict[str, Any]) -> tuple:
        return (bool(a.get("place")), bool(data.photos.get(a["id"])), bool(a.get("content")),
                a.get("participant_count") or 0, a["date"], a["id"])

    ranked = sorted(single, key=score, reverse=True)
    chosen: list[dict[str, Any]] = []
    for fits in (lambda a, months: a["date"][:7] not in months, lambda a, months: True):
        for activity in ranked:
            if len(chosen) == MAX_HIGHLIGHTS:
                break
            if activity not in chosen and fits(activity, {c["date"][:7] for c in chosen}):
                chosen.append(activity)
    return [a["id"] for a in sorted(chosen, key=lambda a: (a["date"], a["id"]))]


def highlight_paragraph(data: DraftData, say: PhrasePicker, activity_ids: list[str]) -> str:
    """"其中，5月6日在青松广场开展“…”宣传，发放宣传资料300份；…。" (empty without activities)."""
    items: list[str] = []
    alone = {category for category, n in data.stats.activities.by_category.items() if n == 1}
    for activity_id in activity_ids:
        activity = data.activity_by_id.get(activity_id)
        if activity is None:
            continue
        figure = key_figure(activity, people=activity["category"] not in alone)
        values = dict(date=short_date(activity["date"], data.period), name=activity_name(activity),
                      place=activity.get("place") or "", figure=figure)
        kind = "highlight_item" + ("" if values["place"] else "_no_place") + (
            "" if figure else "_no_figure")
        items.append(say.cycle(kind, len(items), **values))
    if not items:
        return ""
    return say.say("highlight_lead") + "；".join(items) + "。"
