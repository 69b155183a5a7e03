"""What drafting reads from the ledger, gathered once per draft: :class:`DraftData`.

The figures come from ``core.statistics.compute_statistics`` (the same numbers as the
``stats`` command and the 统计 sheet); the activity list, photos and overdue problems
come from the repositories. Plus the small text helpers every section drafter uses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from chuangcheng_desktop.core.figures.statistics import PeriodStatistics, compute_statistics
from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_quantity
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery

# The section each activity category is written up in.
CATEGORY_SECTION = {
    "会议学习": "organisation",
    "宣传教育": "publicity",
    "志愿服务": "volunteer",
    "我们的节日": "festival",
    "环境整治": "environment",
    "评选表彰": "honours",
}
# The section each known activity measure is quoted in.
MEASURE_SECTION = {
    "发放宣传资料": "publicity", "张贴海报": "publicity", "悬挂横幅": "publicity",
    "设置宣传展板": "publicity", "张贴标语": "publicity", "更新宣传栏": "publicity",
    "设置公益广告": "publicity", "LED屏播放": "publicity",
    "受益群众": "volunteer", "入户走访": "volunteer", "劝导不文明行为": "volunteer",
    "清理卫生死角": "environment", "清理小广告": "environment", "清理面积": "environment",
    "清运垃圾": "environment",
}
_SPAN = {"year": "全年", "half": "半年来", "quarter": "本季度", "month": "本月", "range": "此期间"}


def section_key_of(category: str) -> str:
    return CATEGORY_SECTION.get(category, f"category:{category}")


@dataclass
class DraftData:
    ledger: Ledger
    period: Period
    as_of: date
    stats: PeriodStatistics
    profile: dict[str, Any]
    activities: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, ledger: Ledger, period: Period, as_of: date) -> DraftData:
        stats = compute_statistics(ledger.db, period, as_of=as_of)
        activities = ledger.activities.list(ListQuery(period=period, limit=None, order_by="date"))
        return cls(ledger, period, as_of, stats, ledger.profile(), activities)

    # --- words ----------------------------------------------------------------------------

    @property
    def unit(self) -> str:
        return (self.profile.get("unit_name") or "").strip()

    @property
    def span(self) -> str:
        """How a sentence inside the summary refers to the period: 全年 / 本季度 …"""
        return _SPAN[self.period.kind]

    @property
    def end_text(self) -> str:
        """The day a "截至…" figure is stated for: the period's end, or today if sooner."""
        return format_date_cn(min(self.period.end, self.as_of))

    @property
    def as_of_text(self) -> str:
        """The cut-off day of status figures (overdue, still open): the day judged."""
        return format_date_cn(self.as_of)

    # --- activities -----------------------------------------------------------------------

    def activities_of(self, section_key: str) -> list[dict[str, Any]]:
        return [a for a in self.activities if section_key_of(a["category"]) == section_key]

    @cached_property
    def activity_by_id(self) -> dict[str, dict[str, Any]]:
        return {a["id"]: a for a in self.activities}

    @cached_property
    def photos(self) -> dict[str, list[dict[str, Any]]]:
        """Photos of the period's activities: activity id → attachment rows (oldest first)."""
        wanted = set(self.activity_by_id)
        found: dict[str, list[dict[str, Any]]] = {}
        rows = self.ledger.attachments.list(ListQuery(filters={"owner_table": "activities"},
                                                      limit=None, order_by="created_at"))
        for row in rows:
            if row["owner_id"] in wanted:
                found.setdefault(row["owner_id"], []).append(row)
        return found

    def measure_sections(self) -> dict[str, str]:
        """Measure name → section key where its period total is quoted."""
        by_category: dict[str, Counter[str]] = {}
        for activity in self.activities:
            for name, value in (activity.get("measures") or {}).items():
                by_category.setdefault(name, Counter())[activity["category"]] += value
        present = {section_key_of(a["category"]) for a in self.activities}
        placed = {}
        for name, counts in by_category.items():
            key = MEASURE_SECTION.get(name)
            if key not in present:
                key = section_key_of(counts.most_common(1)[0][0])
            placed[name] = key
        return placed

    def materials_text(self, section_key: str) -> str:
        """"发放宣传资料500份、悬挂横幅2条" for the measures quoted in this section."""
        placed = self.measure_sections()
        parts = []
        for material in self.stats.materials:
            if material.total <= 0:
                continue
            key = next((k for k in placed if k == material.name
                        or k.startswith(f"{material.name}（") or k.startswith(f"{material.name}(")),
                       None)
            if key is not None and placed[key] == section_key:
                parts.append(f"{material.name}{prose_quantity(material.total, material.unit)}")
        return "、".join(parts)

    def honour_winners(self) -> list[dict[str, Any]]:
        """Honours won in the period (获评), highest level first, then by date."""
        order = {level: n for n, level in enumerate(("国家", "省", "市", "县", "街道"))}
        rows = self.ledger.honours.list(ListQuery(period=self.period, limit=None, order_by="date"))
        won = [row for row in rows if row.get("outcome", "获评") == "获评"]
        return sorted(won, key=lambda row: (order.get(row["level"], 9), row["date"]))

    # --- problems -------------------------------------------------------------------------

    @cached_property
    def overdue_problems(self) -> list[dict[str, Any]]:
        return self.ledger.problems.list(
            ListQuery(period=self.period, overdue_on=self.as_of, limit=None))


PROSE_UNITS = {"m²": "平方米", "m2": "平方米", "km": "公里"}


def prose_quantity(value: float, unit: str) -> str:
    """A figure in running text: units spelled as words (1200平方米, not 1200m²)."""
    return format_quantity(value, PROSE_UNITS.get(unit, unit))


def short_date(day: str, period: Period) -> str:
    """"5月6日" inside a one-year period, "2025年12月30日" otherwise."""
    if period.start.year == period.end.year and day[:4] == str(period.start.year):
        return f"{int(day[5:7])}月{int(day[8:10])}日"
    return format_date_cn(day)


def join_names(names: list[str], *, limit: int = 3) -> str:
    """"A、B和C" (at most ``limit`` names)."""
    names = [n for n in names if n][:limit]
    if len(names) <= 1:
        return "".join(names)
    return "、".join(names[:-1]) + "和" + names[-1]


def months_text(months: list[str]) -> str:
    """["2026-03", "2026-06"] → "3月、6月" (with the year when they span two years)."""
    years = {m[:4] for m in months}
    if len(years) == 1:
        return "、".join(f"{int(m[5:7])}月" for m in months)
    return "、".join(f"{m[:4]}年{int(m[5:7])}月" for m in months)


def quoted(title: str) -> str:
    """A title inside “…”: inner double quotes become single ones, as in print."""
    return "“" + title.strip().replace("“", "‘").replace("”", "’").strip("“”\"") + "”"


def first_clause(text: str, limit: int = 46) -> str:
    """The first sentence of an activity's content, cut at a comma when too long,
    without its closing punctuation."""
    text = " ".join((text or "").split())
    for stop in "。！？；\n":
        text = text.split(stop)[0]
    if len(text) > limit:
        cut = max(text.rfind("，", 0, limit), text.rfind("、", 0, limit))
        text = text[:cut] if cut > 12 else text[:limit]
    return text.strip("，、；： ")
