"""What a real summary says from facts recorded once in 设置 → 文书资料 (see
``core.rules.document_facts``): 基本情况 (辖区 households, population, area, units), the
领导小组, the plans and systems issued, 经费投入 of the period, and the 主送 line.

A fact not recorded is left out — never an empty or placeholder sentence — and
:func:`missing_facts` lists it, so the wizard can show "领导小组未填写：去设置填写 / 本次手写".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chuangcheng_desktop.core.rules.formatting import format_quantity
from chuangcheng_desktop.core.storage.settings import get_setting
from chuangcheng_desktop.reports.summary.draft_data import DraftData, short_date
from chuangcheng_desktop.reports.summary.phrases import PhrasePicker

MAX_PLANS = 3


@dataclass(frozen=True)
class MissingFact:
    key: str  # the setting (or profile field) to fill in
    label: str  # "领导小组"
    section: str  # the section key whose text would use it ("intro", "organisation" …)


def fact(data: DraftData, key: str) -> Any:
    return get_setting(data.ledger.db, key)


def basic_situation(data: DraftData, say: PhrasePicker) -> str:
    """"青松社区辖区面积1.2平方公里，有居民3200户、常住人口9737人，辖区单位46家。" or ""."""
    parts = []
    area = fact(data, "area_km2")
    if area:
        parts.append(say.say("basic_area", area=format_quantity(area, "平方公里")))
    households = fact(data, "households")
    population = data.stats.volunteers.resident_population
    if households and population:
        parts.append(say.say("basic_people", households=format_quantity(households, "户"),
                             population=format_quantity(population, "人")))
    elif population:
        parts.append(say.say("basic_population", population=format_quantity(population, "人")))
    units = fact(data, "jurisdiction_units")
    if units:
        parts.append(say.say("basic_units", units=format_quantity(units, "家")))
    if not parts:
        return ""
    return (data.unit or "我单位") + "，".join(parts) + "。"


def draft_organisation_facts(data: DraftData, say: PhrasePicker) -> list[str]:
    """The 领导小组, the plans issued up to the period's end and the money spent in it."""
    sentences = []
    group = fact(data, "leading_group")
    if group:
        leaders = [m for m in group if m["role"] == "组长"]
        deputies = [m for m in group if m["role"] in ("常务副组长", "副组长")]
        members = [m for m in group if m["role"] in ("成员", "办公室主任")]

        def named(rows: list[dict[str, str]]) -> str:
            return "、".join(f"{m['post']}{m['name']}" if m["post"] else m["name"] for m in rows)

        parts = []
        if leaders:
            parts.append(f"{named(leaders)}任组长")
        if deputies:
            parts.append(f"{named(deputies)}任副组长")
        text = say.say("org_group", leaders="，".join(parts) or "主要负责人牵头",
                       members=format_quantity(len(members), "名")) if members else say.say(
            "org_group_no_members", leaders="，".join(parts) or "主要负责人牵头")
        sentences.append(text)
    end = min(data.period.end, data.as_of).isoformat()
    plans = [p for p in fact(data, "plans_issued") if p["date"] <= end]
    if plans:
        recent = plans[-MAX_PLANS:]
        titles = "、".join(f"《{p['title']}》" for p in recent)
        in_period = [p for p in recent if p["date"] >= data.period.start.isoformat()]
        if in_period:
            first = in_period[0]
            sentences.append(say.say("org_plans_dated", date=short_date(first["date"], data.period),
                                     titles=titles))
        else:
            sentences.append(say.say("org_plans", titles=titles))
    start = data.period.start.isoformat()
    money = [f for f in fact(data, "funding") if start <= f["date"] <= end]
    if money:
        total = sum(f["amount"] for f in money)
        amount = (format_quantity(round(total / 10000, 2), "万元") if total >= 10000
                  else format_quantity(total, "元"))
        uses = [f["use"] for f in money if f["use"]]
        uses = list(dict.fromkeys(uses))[:3]
        if uses:
            sentences.append(say.say("org_funding", amount=amount, uses="、".join(uses)))
        else:
            sentences.append(say.say("org_funding_no_use", amount=amount))
    return ["".join(sentences)] if sentences else []


def report_recipient(data: DraftData) -> str:
    """The 主送 line of a 工作情况汇报: the setting, else the parent unit's 创城办."""
    chosen = (fact(data, "report_recipient") or "").strip()
    if chosen:
        return chosen
    parent = (data.profile.get("parent_unit") or "").strip()
    return f"{parent}创城办" if parent else ""


def missing_facts(data: DraftData) -> list[MissingFact]:
    """Facts a complete summary would use that are not recorded yet."""
    missing = []
    if not data.profile.get("resident_population"):  # (the statistics quote the profile's)
        missing.append(MissingFact("resident_population", "常住人口", "intro"))
    if not fact(data, "households"):
        missing.append(MissingFact("households", "辖区户数", "intro"))
    if not fact(data, "leading_group"):
        missing.append(MissingFact("leading_group", "创建工作领导小组", "organisation"))
    if not fact(data, "plans_issued"):
        missing.append(MissingFact("plans_issued", "印发的实施方案和工作制度", "organisation"))
    end = min(data.period.end, data.as_of).isoformat()
    start = data.period.start.isoformat()
    if not [f for f in fact(data, "funding") if start <= f["date"] <= end]:
        missing.append(MissingFact("funding", "本期经费投入", "organisation"))
    if not report_recipient(data):
        missing.append(MissingFact("report_recipient", "主送单位", "intro"))
    return missing
