"""What drafting reads from the ledger, gathered once per draft: :class:`DraftData`.

The figures come from ``core.statistics.compute_statistics`` (the same numbers as the
``stats`` command and the 统计 sheet); the activity list, photos and overdue problems
come from the repositories. Plus the small text helpers every section drafter uses.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
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
    """Everything a draft reads, fetched lazily and at most once.

    The figures are the statistics (computed once in :meth:`load`). Activities are read
    per section in one indexed query each (``activities_of``), never all at once; measure
    placement and photos are aggregated in SQL. ``activities`` (every activity of the
    period) is still available, but drafting does not need it.
    """

    ledger: Ledger
    period: Period
    as_of: date
    profile: dict[str, Any]
    _by_section: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)
    _read: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    _repeats: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, ledger: Ledger, period: Period, as_of: date) -> DraftData:
        return cls(ledger, period, as_of, ledger.profile())

    @cached_property
    def stats(self) -> PeriodStatistics:
        """Every figure of the period (``compute_statistics``), computed once, when first
        needed: the wizard's missing-facts prompt reads the profile and settings only."""
        return compute_statistics(self.ledger.db, self.period, as_of=self.as_of)

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

    @cached_property
    def activities(self) -> list[dict[str, Any]]:
        """Every live activity of the period, oldest first (not used by drafting itself)."""
        return self.ledger.activities.list(
            ListQuery(period=self.period, limit=None, order_by="date"))

    def activities_of(self, section_key: str) -> list[dict[str, Any]]:
        """The period's activities written up in this section, oldest first (one query
        over the category/date index, read once per draft)."""
        if section_key not in self._by_section:
            categories = self._categories_of(section_key)
            self._by_section[section_key] = self._select(
                f"category IN ({', '.join('?' for _ in categories)})", categories)
        return self._by_section[section_key]

    def highlight_candidates(self, section_key: str) -> list[dict[str, Any]]:
        """The few activities of a section that ``pick_highlights`` can choose from, in
        date order: whatever it would pick from ``activities_of(section_key)`` it picks
        from these (a test keeps the two in step).

        The section's activities are ranked in SQL by the same score (place, photos,
        description, participants, date, id, best first) and one pass keeps the top 12,
        the first activity of each of the top 8 titles, and per month the first of its
        top 4 titles: enough for 4 picks spread over months and titles, and at least 12
        whenever the section has 12, so it asks for the same number.
        """
        categories = self._categories_of(section_key)
        cursor = self.ledger.db.execute(
            "SELECT id, date, title FROM activities WHERE deleted_at IS NULL "
            f"AND date BETWEEN ? AND ? AND category IN ({', '.join('?' for _ in categories)}) "
            "ORDER BY place != '' DESC, id IN (SELECT owner_id FROM attachments "
            "WHERE owner_table = 'activities' AND deleted_at IS NULL) DESC, "
            "content != '' DESC, participant_count DESC, date DESC, id DESC",
            [*self._span_params(), *categories])
        repeated = self.repeated_titles_of(section_key)
        if repeated:  # pick_highlights leaves out titles held repeatedly (merged in the totals)
            counts = self.stats.activities.by_category
            held = sum(counts.get(c, 0) for c in categories)
            if held > sum(n for _title, n, _category in self.title_repeats(section_key)):
                cursor = [row for row in cursor if row[2].strip() not in repeated]
        kept: list[str] = []
        titles: set[str] = set()
        month_titles: set[tuple[str, str]] = set()
        per_month: Counter[str] = Counter()
        for rank, (activity_id, day, title) in enumerate(cursor, start=1):
            keep = rank <= 12
            if title not in titles:
                titles.add(title)
                keep = keep or len(titles) <= 8
            if (day[:7], title) not in month_titles:
                month_titles.add((day[:7], title))
                per_month[day[:7]] += 1
                keep = keep or per_month[day[:7]] <= 4
            if keep:
                kept.append(activity_id)
        rows = []
        for start in range(0, len(kept), 500):
            chunk = kept[start:start + 500]
            rows += self._select(f"id IN ({', '.join('?' for _ in chunk)})", chunk)
        return sorted(rows, key=lambda a: (a["date"], a["id"]))

    def title_repeats(self, section_key: str) -> list[tuple[str, int, str]]:
        """(title, times, category) of the activities of a section held under one title at
        least twice, most frequent first (merged into "先后开展…N次")."""
        if section_key not in self._repeats:
            categories = self._categories_of(section_key)
            self._repeats[section_key] = [(title, n, category) for title, n, category, _first in
                                          self.ledger.db.execute(
                "SELECT trim(title), count(*), min(category), min(date) FROM activities "
                "WHERE deleted_at IS NULL AND date BETWEEN ? AND ? "
                f"AND category IN ({', '.join('?' for _ in categories)}) "
                "GROUP BY trim(title) HAVING count(*) >= 2 ORDER BY count(*) DESC, min(date)",
                [*self._span_params(), *categories])]
        return self._repeats[section_key]

    def repeated_titles_of(self, section_key: str) -> set[str]:
        return {title for title, _n, _category in self.title_repeats(section_key)}

    @cached_property
    def activity_by_id(self) -> Mapping[str, dict[str, Any]]:
        """Activity id → activity, for activities of the period; looked up on demand."""
        return _ActivityLookup(self)

    @cached_property
    def photos(self) -> dict[str, list[dict[str, Any]]]:
        """Photos of the period's activities: activity id → attachment rows (oldest first)."""
        cursor = self.ledger.db.execute(
            "SELECT p.* FROM attachments p JOIN activities a ON a.id = p.owner_id "
            "WHERE p.owner_table = 'activities' AND p.deleted_at IS NULL "
            "AND a.deleted_at IS NULL AND a.date BETWEEN ? AND ? "
            "ORDER BY p.created_at, p.rowid", self._span_params())
        columns = [c[0] for c in cursor.description]
        found: dict[str, list[dict[str, Any]]] = {}
        for values in cursor:
            row = dict(zip(columns, values, strict=True))
            row.pop("search_text", None)
            found.setdefault(row["owner_id"], []).append(row)
        return found

    def measure_sections(self) -> dict[str, str]:
        """Measure name → section key where its period total is quoted."""
        return dict(self._measure_sections)

    @cached_property
    def _measure_sections(self) -> dict[str, str]:
        # Measure names come from the trigger-kept activity_measures index; only a measure
        # whose usual section has no activities needs the category that used it most (a tie
        # goes to the category whose activity came first, as when counted in date order).
        present = {section_key_of(c) for c, n in self.stats.activities.by_category.items() if n}
        names = [row[0] for row in self.ledger.db.execute(
            "SELECT DISTINCT name FROM activity_measures WHERE date BETWEEN ? AND ?",
            self._span_params())]
        placed = {name: MEASURE_SECTION[name] for name in names
                  if MEASURE_SECTION.get(name) in present}
        others = [name for name in names if name not in placed]
        if others:
            best: dict[str, tuple[float, str, str]] = {}
            for name, category, total, first in self.ledger.db.execute(
                    "SELECT j.key, a.category, sum(j.value), min(a.date) "
                    "FROM activities a, json_each(a.measures) j "
                    "WHERE a.deleted_at IS NULL AND a.date BETWEEN ? AND ? "
                    f"AND j.key IN ({', '.join('?' for _ in others)}) "
                    "GROUP BY j.key, a.category", [*self._span_params(), *others]):
                if name not in best or (-total, first) < (-best[name][0], best[name][2]):
                    best[name] = (total, category, first)
            placed.update((name, section_key_of(best[name][1])) for name in others
                          if name in best)
        return placed

    def materials_text(self, section_key: str) -> str:
        """"发放宣传资料500份、悬挂横幅2条" for the measures quoted in this section."""
        placed = self._measure_sections
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

    # --- internals ------------------------------------------------------------------------

    def _span_params(self) -> list[str]:
        return [self.period.start_iso, self.period.end_iso]

    def _categories_of(self, section_key: str) -> list[str]:
        named = [c for c in self.stats.activities.by_category if section_key_of(c) == section_key]
        if section_key.startswith("category:"):
            named.append(section_key.removeprefix("category:"))
        return sorted(set(named) | {c for c, k in CATEGORY_SECTION.items() if k == section_key})

    def _select(self, condition: str, params: list[Any]) -> list[dict[str, Any]]:
        """Live activities of the period matching ``condition``, oldest first, as the
        activity repository returns them (measures decoded)."""
        cursor = self.ledger.db.execute(
            f"SELECT {_ACTIVITY_COLUMNS} FROM activities "
            f"WHERE deleted_at IS NULL AND date BETWEEN ? AND ? AND {condition} "
            "ORDER BY date, rowid", [*self._span_params(), *params])
        columns = [c[0] for c in cursor.description]
        rows = []
        for values in cursor:
            row = dict(zip(columns, values, strict=True))
            row["measures"] = json.loads(row["measures"]) if row["measures"] else {}
            rows.append(self._read.setdefault(row["id"], row))
        return rows


_ACTIVITY_COLUMNS = ", ".join((
    "id", "created_at", "updated_at", "deleted_at", "title", "category", "festival", "date",
    "start_time", "end_time", "place", "organiser", "participant_count", "content", "measures"))


class _ActivityLookup(Mapping[str, dict[str, Any]]):
    """``data.activity_by_id``: activities of the period fetched by id when asked for,
    reusing those a section already read."""

    def __init__(self, data: DraftData) -> None:
        self._data = data
        self._missing: set[str] = set()

    def __getitem__(self, activity_id: str) -> dict[str, Any]:
        read = self._data._read
        if (activity_id not in read and activity_id not in self._missing
                and not self._data._select("id = ?", [activity_id])):
            self._missing.add(activity_id)
        if activity_id in self._missing:
            raise KeyError(activity_id)
        return read[activity_id]

    def __iter__(self) -> Iterator[str]:
        return iter([a["id"] for a in self._data.activities])

    def __len__(self) -> int:
        return self._data.stats.activities.total


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
