"""The default answers of the summary wizard: :func:`build_default_context`.

The wizard and the ``report`` command both start here, so the command line writes
exactly what the wizard proposes. :func:`redraft_section` is the wizard's "重新生成".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.formatting import format_quantity
from chuangcheng_desktop.core.rules.periods import Period, parse_period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.summary.context import ReportContext, ReportSection
from chuangcheng_desktop.reports.summary.draft_data import DraftData, section_key_of
from chuangcheng_desktop.reports.summary.draft_facts import (
    MissingFact,
    basic_situation,
    missing_facts,
    report_recipient,
)
from chuangcheng_desktop.reports.summary.draft_problems import draft_problems_and_steps
from chuangcheng_desktop.reports.summary.draft_sections import (
    FIXED_SECTIONS,
    SectionSpec,
    extra_spec,
    highlight_paragraph,
    pick_highlights,
)
from chuangcheng_desktop.reports.summary.phrases import PhrasePicker, fixed
from chuangcheng_desktop.reports.summary.street_section import (
    STREET_KEY,
    fill_street_section,
    street_section,
)

MAX_DEFAULT_PHOTOS = 12
TOPIC = "创建文明城市"


def default_kind(period: Period) -> str:
    return {"year": "年度总结", "half": "半年总结"}.get(period.kind, "工作总结")


def propose_title(unit: str, period: Period, kind: str) -> str:
    """"青松社区2026年上半年创建文明城市工作总结"."""
    ending = "工作情况汇报" if kind == "工作情况汇报" else "工作总结"
    return f"{unit}{period.name}{TOPIC}{ending}"


def section_specs(data: DraftData) -> list[SectionSpec]:
    """The fixed sections, then one per other activity category that has activities
    (and 选树典型 when honours were won)."""
    specs = list(FIXED_SECTIONS)
    fixed_keys = {spec.key for spec in specs}
    extra = []
    for category in vocab.ACTIVITY_CATEGORIES:
        key = section_key_of(category)
        if key not in fixed_keys and data.stats.activities.by_category.get(category):
            extra.append(key)
    if data.stats.honours.total and "honours" not in extra:
        extra.append("honours")
    order = {"honours": 0}
    extra.sort(key=lambda k: order.get(k, 1))
    return specs + [extra_spec(key) for key in extra]


def spec_for(data: DraftData, key: str) -> SectionSpec:
    for spec in section_specs(data):
        if spec.key == key:
            return spec
    return extra_spec(key)


def build_default_context(ledger: Ledger, period: Period | str, *, today: date | None = None,
                          kind: str | None = None, seed: int = 0) -> ReportContext:
    """Draft the whole summary of ``period`` from the ledger, as the wizard proposes it."""
    period = parse_period(period) if isinstance(period, str) else period
    today = today or date.today()
    data = DraftData.load(ledger, period, today)
    kind = kind or default_kind(period)
    context = ReportContext(
        kind=kind, period_code=period.code, period_name=period.name, unit_name=data.unit,
        title=propose_title(data.unit, period, kind), signature_date=today.isoformat(),
        as_of=today.isoformat(), seed=seed,
        recipient=report_recipient(data) if kind == "工作情况汇报" else "")
    say = PhrasePicker(seed)
    context.intro = _draft_intro(data, say, kind)
    photos_left = MAX_DEFAULT_PHOTOS
    for spec in section_specs(data):
        section = ReportSection(key=spec.key, heading=spec.heading)
        _fill_section(section, spec, data, PhrasePicker(seed, used=say.used), cited=None)
        say.used.update(section.phrase_ids)
        if section.enabled:
            section.photo_ids = _default_photos(data, section.cited_activity_ids)[:photos_left]
            photos_left -= len(section.photo_ids)
        context.sections.append(section)
    context.problems, context.next_steps = draft_problems_and_steps(data, say)
    street = street_section(ledger, period, today, data.profile)  # 街道/镇 ledgers: the units (issue 19)
    if street is not None:
        context.sections.insert(0, street)
    return context


def redraft_section(context: ReportContext, ledger: Ledger, key: str) -> ReportSection:
    """Draft one section again ("重新生成"), phrased differently from before and from the
    other sections. The activities the user chose to cite are kept (when still in the
    period); photos of activities no longer cited are dropped."""
    period = parse_period(context.period_code)
    if key == STREET_KEY:
        return fill_street_section(context.section(key), ledger, period,
                                   date.fromisoformat(context.as_of))
    data = DraftData.load(ledger, period, date.fromisoformat(context.as_of))
    section = context.section(key)
    used = {pid for other in context.sections if other.key != key for pid in other.phrase_ids}
    section.variant += 1
    say = PhrasePicker(context.seed, used=used, offset=section.variant)
    cited = [a for a in section.cited_activity_ids if a in data.activity_by_id] or None
    _fill_section(section, spec_for(data, key), data, say, cited=cited)
    section.edited = False
    if not section.enabled:
        section.photo_ids = []
    else:
        keep = {p["id"] for a in section.cited_activity_ids for p in data.photos.get(a, [])}
        section.photo_ids = [p for p in section.photo_ids if p in keep]
    return section


def redraft_problems(context: ReportContext, ledger: Ledger) -> ReportContext:
    """Draft 存在问题 and 下一步打算 again (the user's own points are replaced)."""
    period = parse_period(context.period_code)
    data = DraftData.load(ledger, period, date.fromisoformat(context.as_of))
    context.problems, context.next_steps = draft_problems_and_steps(data, PhrasePicker(context.seed))
    return context


def redraft_intro(context: ReportContext, ledger: Ledger) -> ReportContext:
    """Draft the opening paragraph and the 主送 line again (after facts were filled in)."""
    data = DraftData.load(ledger, parse_period(context.period_code),
                          date.fromisoformat(context.as_of))
    context.intro = _draft_intro(data, PhrasePicker(context.seed), context.kind)
    context.recipient = report_recipient(data) if context.kind == "工作情况汇报" else ""
    return context


def section_candidates(ledger: Ledger, context: ReportContext, key: str) -> list[dict[str, Any]]:
    """The activities a section may cite (for the wizard's picker), each with its photos
    under ``"photos"``; oldest first."""
    data = DraftData.load(ledger, parse_period(context.period_code),
                          date.fromisoformat(context.as_of))
    return [{**activity, "photos": data.photos.get(activity["id"], [])}
            for activity in data.activities_of(key)]


def _fill_section(section: ReportSection, spec: SectionSpec, data: DraftData, say: PhrasePicker,
                  *, cited: list[str] | None) -> None:
    paragraphs = spec.draft(data, say)
    if not paragraphs:
        section.enabled, section.reason = False, spec.empty_reason
        section.paragraphs, section.cited_activity_ids = [], []
        section.phrase_ids = list(say.chosen)
        return
    section.enabled, section.reason = True, ""
    section.cited_activity_ids = cited if cited is not None else pick_highlights(
        data, data.highlight_candidates(spec.key))
    highlight = highlight_paragraph(data, say, section.cited_activity_ids)
    section.paragraphs = paragraphs + ([highlight] if highlight else [])
    section.phrase_ids = list(say.chosen)


def _default_photos(data: DraftData, activity_ids: list[str]) -> list[str]:
    """The first photo of each cited activity."""
    return [data.photos[a][0]["id"] for a in activity_ids if data.photos.get(a)]


def _draft_intro(data: DraftData, say: PhrasePicker, kind: str) -> list[str]:
    """基本情况 (when recorded), then the lead, the period's totals and the closing clause."""
    parent = (data.profile.get("parent_unit") or "").strip()
    parent = f"{parent}创城办" if parent else "上级创建办"
    unit = data.unit or "我单位"
    text = say.say("intro_lead", period=data.period.name, unit=unit, parent=parent)
    a = data.stats.activities
    if a.total and a.participants:
        text += say.say("intro_figures", activities=format_quantity(a.total, "次"),
                        participants=format_quantity(a.participants, "人次"))
    basics = basic_situation(data, say)
    return [basics + text + fixed("intro_close", kind)]


def missing_facts_of(ledger: Ledger, context: ReportContext) -> list[MissingFact]:
    """The recorded-once facts this summary would use but are not recorded (for the
    wizard's prompts: "领导小组未填写：去设置填写 / 本次手写")."""
    data = DraftData.load(ledger, parse_period(context.period_code),
                          date.fromisoformat(context.as_of))
    missing = missing_facts(data)
    if context.kind != "工作情况汇报":
        missing = [m for m in missing if m.key != "report_recipient"]
    return missing
