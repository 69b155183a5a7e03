"""Side-by-side figures of a 街道's units for one period (``stats --by-unit``, 社区对比).

Each unit's figures are :func:`compute_statistics` run on that unit's store, the same
code and the same rows as the community's own ``stats``, so the two always agree.
Units are ranked by score (bonus − deductions), then rectification rate, then activities.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from chuangcheng_desktop.core.figures.statistics import PeriodStatistics, compute_statistics
from chuangcheng_desktop.core.packages.units import UnitInfo, list_units, open_store
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[PeriodStatistics], float | int | None]
    percent: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("activities", "活动（次）", lambda s: s.activities.total),
    Column("participants", "参与（人次）", lambda s: s.activities.participants),
    Column("volunteers", "注册志愿者（人）", lambda s: s.volunteers.registered),
    Column("volunteer_ratio", "注册率", lambda s: s.volunteers.ratio, percent=True),
    Column("service_hours", "服务时长（小时）", lambda s: s.service.total_hours),
    Column("problems", "问题（个）", lambda s: s.problems.found),
    Column("rectification_rate", "整改率", lambda s: s.problems.rectification_rate, percent=True),
    Column("overdue", "逾期（个）", lambda s: s.problems.overdue),
    # 点位 测评 (core/checkpoints, when present in this version): mean 达标率 of the period
    Column("checkpoint_rate", "点位达标率",
           lambda s: getattr(getattr(s, "checkpoints", None), "average_rate", None), percent=True),
    Column("score", "得分", lambda s: s.score.net),
)


@dataclass
class UnitFigures:
    unit: UnitInfo
    statistics: PeriodStatistics | None  # None: no package yet
    reported: bool  # a package of this unit covers the whole period
    rank: int | None = None

    def value(self, key: str) -> float | int | None:
        if self.statistics is None:
            return None
        return next(c for c in COLUMNS if c.key == key).value(self.statistics)


def covers(package: dict[str, Any], period: Period) -> bool:
    if not package.get("period_start"):
        return True
    return package["period_start"] <= period.start_iso and package["period_end"] >= period.end_iso


def reporting(ledger: Ledger, period: Period) -> list[tuple[UnitInfo, bool]]:
    """Every unit, and whether a package of it covers the whole ``period`` (cheap: no stores)."""
    reported = {row[0] for row in ledger.db.execute(
        "SELECT unit_id FROM unit_packages WHERE period_start IS NULL "
        "OR (period_start <= ? AND period_end >= ?)", [period.start_iso, period.end_iso])}
    return [(unit, unit.id in reported) for unit in list_units(ledger)]


def unit_figures(ledger: Ledger, period: Period, *, as_of: date | None = None) -> list[UnitFigures]:
    """Every unit's figures for ``period``, ranked (units without data are unranked)."""
    result = []
    for unit, reported in reporting(ledger, period):
        store = open_store(ledger, unit)
        statistics = None
        if store is not None:
            try:
                statistics = compute_statistics(store, period, as_of=as_of)
            finally:
                store.close()
        result.append(UnitFigures(unit, statistics, reported))
    ranked = sorted((f for f in result if f.statistics is not None), key=_rank_key)
    for position, figures in enumerate(ranked, start=1):
        figures.rank = position
    return result


def _rank_key(figures: UnitFigures) -> tuple:
    s = figures.statistics
    return (-s.score.net, -(s.problems.rectification_rate or 0), -s.activities.total,
            figures.unit.name)


def missing_text(figures: list[UnitFigures], period: Period) -> str:
    """“3个社区尚未报送2026年10月台账：…” or '' when every unit has reported."""
    missing = [f.unit.name for f in figures if not f.reported]
    if not missing:
        return ""
    return f"{len(missing)}个社区尚未报送{period.name}台账：{'、'.join(missing)}"


def by_unit_dict(figures: list[UnitFigures], period: Period) -> dict[str, Any]:
    """JSON form (``stats --by-unit --json``): per unit its key figures and full statistics."""
    return {
        "period_code": period.code, "period_name": period.name,
        "missing": [f.unit.name for f in figures if not f.reported],
        "units": [{
            "unit_id": f.unit.id, "unit_name": f.unit.name, "rank": f.rank,
            "reported": f.reported,
            "latest_package": None if f.unit.latest is None else {
                "period_name": f.unit.latest["period_name"],
                "created_at": f.unit.latest["created_at"],
                "imported_at": f.unit.latest["imported_at"]},
            "figures": {c.key: f.value(c.key) for c in COLUMNS},
            "statistics": f.statistics.to_dict() if f.statistics else None,
        } for f in figures],
    }


def by_unit_text(figures: list[UnitFigures], period: Period) -> str:
    from chuangcheng_desktop.core.rules.formatting import format_number, format_percent

    lines = [f"各社区{period.name}数据对比"]
    header = ["排名", "单位", *(c.label for c in COLUMNS)]
    lines.append("\t".join(header))
    for f in sorted(figures, key=lambda f: (f.rank is None, f.rank or 0, f.unit.name)):
        cells = [str(f.rank or "—"), f.unit.name]
        for column in COLUMNS:
            value = f.value(column.key)
            cells.append("—" if value is None else
                         format_percent(value) if column.percent else format_number(value))
        lines.append("\t".join(cells))
    missing = missing_text(figures, period)
    if missing:
        lines.append(missing)
    return "\n".join(lines)
