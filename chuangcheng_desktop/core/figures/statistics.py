"""Every figure of a period, computed once, for the summary, the 统计 sheet and ``stats``.

:func:`compute_statistics` reads only live records (not in the recycle bin). Its result
turns into JSON with stable English keys through :meth:`PeriodStatistics.to_dict`;
README.md documents those keys.

Definitions:
- activities, inspections, honours: those dated inside the period;
- registered volunteers: registered on or before the period's last day and not exited by
  then; the ratio is that count ÷ the unit's resident population; teams: live teams now
  (teams carry no founding date);
- service: records of live volunteers in live activities dated inside the period;
- problems: those found inside the period; *rectified* = 已完成; *overdue* = not 已完成 and
  the deadline is before ``as_of`` (today by default); *on time* = completed on or before
  the deadline.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.checkpoints.figures import CheckpointFigures, checkpoint_figures
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.rules.scoring import ScoreBreakdown, compute_score
from chuangcheng_desktop.core.volunteers.stars import star_counts

TOP_VOLUNTEERS = 10
RANKING_ROWS = 10
_UNIT_IN_NAME = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^）)]+)[）)]$")


@dataclass
class MonthCount:
    month: str  # "2026-05"
    activities: int
    participants: int


@dataclass
class ActivityFigures:
    total: int = 0
    participants: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    participants_by_category: dict[str, int] = field(default_factory=dict)
    by_festival: dict[str, int] = field(default_factory=dict)
    by_month: list[MonthCount] = field(default_factory=list)
    months_without_activities: list[str] = field(default_factory=list)


@dataclass
class VolunteerFigures:
    registered: int = 0
    new_in_period: int = 0
    exited_in_period: int = 0
    resident_population: int = 0
    ratio: float | None = None
    target_ratio: float = 0.08
    meets_target: bool | None = None
    teams: int = 0
    by_political_status: dict[str, int] = field(default_factory=dict)
    # 星级 of the volunteers on the roll now (cumulative hours, core/volunteers/stars.py)
    star_levels: dict[str, int] = field(default_factory=dict)


@dataclass
class TopVolunteer:
    volunteer_id: str
    name: str
    hours: float
    records: int


@dataclass
class ServiceFigures:
    records: int = 0
    supplementary_records: int = 0
    volunteers_served: int = 0
    total_minutes: int = 0
    total_hours: float = 0.0
    hours_per_volunteer: float | None = None
    top_volunteers: list[TopVolunteer] = field(default_factory=list)


@dataclass
class InspectionFigures:
    total: int = 0
    by_source: dict[str, int] = field(default_factory=dict)


@dataclass
class ProblemRank:
    """One row of a 回头看 ranking: most problems first."""

    name: str
    found: int
    rectified: int
    overdue: int


@dataclass
class ProblemFigures:
    found: int = 0
    rectified: int = 0
    in_progress: int = 0
    overdue: int = 0
    rectified_on_time: int = 0
    rectification_rate: float | None = None
    by_status: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    by_checkpoint: list[ProblemRank] = field(default_factory=list)
    by_responsible_unit: list[ProblemRank] = field(default_factory=list)


@dataclass
class MaterialFigure:
    name: str
    unit: str
    total: float


@dataclass
class HonourFigures:
    total: int = 0
    by_level: dict[str, int] = field(default_factory=dict)


@dataclass
class PeriodStatistics:
    period_code: str
    period_name: str
    start: str
    end: str
    as_of: str
    unit_name: str
    activities: ActivityFigures
    volunteers: VolunteerFigures
    service: ServiceFigures
    inspections: InspectionFigures
    problems: ProblemFigures
    materials: list[MaterialFigure]
    honours: HonourFigures
    score: ScoreBreakdown
    checkpoints: CheckpointFigures | None = None  # 点位测评 (core/checkpoints/figures.py)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict with stable English keys (documented in README.md)."""
        return asdict(self)


def compute_statistics(db: Database, period: Period, *, as_of: date | None = None) -> PeriodStatistics:
    """All figures of ``period`` from the live records of the ledger database ``db``."""
    as_of = as_of or date.today()
    start, end = period.start_iso, period.end_iso
    profile = _one(db, "SELECT unit_name, resident_population, volunteer_target_ratio "
                       "FROM unit_profile")
    # The period's problems, read once (a covering index) for their figures and the score.
    # Named, because without ANALYZE figures the planner takes the narrow found_on index
    # and reads every wide row (28 → 20 ms for 10,000 problems).
    problems = db.execute(
        "SELECT source, checkpoint, category, deadline, status, completed_on, responsible_unit "
        "FROM problems INDEXED BY problems_live_figures WHERE deleted_at IS NULL "
        "AND found_on BETWEEN ? AND ? ORDER BY found_on, rowid", [start, end]).fetchall()
    return PeriodStatistics(
        period_code=period.code,
        period_name=period.name,
        start=start,
        end=end,
        as_of=as_of.isoformat(),
        unit_name=profile[0],
        activities=_activities(db, period),
        volunteers=_volunteers(db, start, end, resident_population=profile[1],
                               target_ratio=profile[2]),
        service=_service(db, period),
        inspections=_inspections(db, start, end),
        problems=_problems(problems, as_of.isoformat()),
        materials=_materials(db, period),
        honours=_honours(db, start, end),
        score=compute_score(db, period, as_of=as_of, problems=[row[:6] for row in problems]),
        checkpoints=checkpoint_figures(db, start, end),
    )


def _activities(db: Database, period: Period) -> ActivityFigures:
    figures = ActivityFigures()
    by_category: Counter[str] = Counter()
    people_by_category: Counter[str] = Counter()
    by_festival: Counter[str] = Counter()
    by_month: dict[str, list[int]] = {}
    span = period.month_span
    if span:  # whole months: the monthly totals kept by triggers (core/storage/monthly_totals)
        rows = db.execute(
            "SELECT month, category, festival, activities, participants "
            "FROM activity_month_totals WHERE month BETWEEN ? AND ? AND activities != 0", span)
    else:  # grouped by day in the covering index's own order (no sort), summed by month
        rows = db.execute(
            "SELECT date, category, festival, count(*), coalesce(sum(participant_count), 0) "
            "FROM activities WHERE deleted_at IS NULL AND date BETWEEN ? AND ? "
            "GROUP BY date, category, festival", [period.start_iso, period.end_iso])
    for day, category, festival, count, people in rows:
        month = day[:7]
        by_category[category] += count
        people_by_category[category] += people
        if festival:
            by_festival[festival] += count
        totals = by_month.setdefault(month, [0, 0])
        totals[0] += count
        totals[1] += people
    for category in _ordered(by_category, vocab.ACTIVITY_CATEGORIES):
        figures.by_category[category] = by_category[category]
        figures.participants_by_category[category] = people_by_category[category]
    figures.total = sum(by_category.values())
    figures.participants = sum(people_by_category.values())
    figures.by_festival = {name: by_festival[name] for name in _ordered(by_festival, vocab.FESTIVALS)}
    for year, month in period.months():
        key = f"{year:04d}-{month:02d}"
        count, people = by_month.get(key, (0, 0))
        figures.by_month.append(MonthCount(key, count, people))
        if count == 0:
            figures.months_without_activities.append(key)
    return figures


def _volunteers(db: Database, start: str, end: str, *, resident_population: int,
                target_ratio: float) -> VolunteerFigures:
    figures = VolunteerFigures(resident_population=resident_population,
                               target_ratio=target_ratio)
    # One pass over the roster: on the roll at the end, new and exited in the period,
    # and the roll by 政治面貌.
    political: Counter[str] = Counter()
    for status, on_roll, new, exited in db.execute(
            "SELECT political_status, "
            "sum(registered_on <= ? AND (exited_on IS NULL OR exited_on > ?)), "
            "sum(registered_on BETWEEN ? AND ?), coalesce(sum(exited_on BETWEEN ? AND ?), 0) "
            "FROM volunteers WHERE deleted_at IS NULL GROUP BY political_status",
            [end, end, start, end, start, end]):
        figures.registered += on_roll
        figures.new_in_period += new
        figures.exited_in_period += exited
        if on_roll:
            political[status] = on_roll
    figures.by_political_status = {
        name: political[name] for name in _ordered(political, vocab.POLITICAL_STATUSES)}
    figures.teams = _scalar(db, "SELECT count(*) FROM teams WHERE deleted_at IS NULL", [])
    figures.star_levels = star_counts(db)
    if resident_population > 0:
        figures.ratio = round(figures.registered / resident_population, 6)
        figures.meets_target = figures.ratio >= target_ratio
    return figures


def _service(db: Database, period: Period) -> ServiceFigures:
    # Records of volunteers in the recycle bin do not count (usually there are none, and
    # then the filter is left out). A period of whole months reads the monthly totals kept
    # by triggers (130,000 rows for 366,000 records at street scale); any other span scans
    # the covering index in volunteer order (service_records.activity_date is kept by
    # triggers, '' while the activity is in the recycle bin): no join, no sort.
    live_volunteers = ("volunteer_id NOT IN (SELECT id FROM volunteers WHERE deleted_at IS NOT NULL)"
                       if _scalar(db, "SELECT EXISTS (SELECT 1 FROM volunteers "
                                      "WHERE deleted_at IS NOT NULL)", []) else "1")
    span = period.month_span
    if span:
        per_volunteer = db.execute(
            "SELECT volunteer_id, sum(records), sum(minutes), sum(supplementary) "
            f"FROM service_month_totals WHERE month BETWEEN ? AND ? AND {live_volunteers} "
            "GROUP BY volunteer_id HAVING sum(records) > 0", span).fetchall()
    else:
        per_volunteer = db.execute(
            "SELECT volunteer_id, count(*), sum(minutes), coalesce(sum(source = '补录'), 0) "
            "FROM service_records INDEXED BY service_records_volunteer_figures "
            f"WHERE deleted_at IS NULL AND activity_date BETWEEN ? AND ? AND {live_volunteers} "
            "GROUP BY volunteer_id", [period.start_iso, period.end_iso]).fetchall()
    minutes = sum(row[2] for row in per_volunteer)
    figures = ServiceFigures(
        records=sum(row[1] for row in per_volunteer),
        supplementary_records=sum(row[3] for row in per_volunteer),
        volunteers_served=len(per_volunteer), total_minutes=minutes,
        total_hours=_hours(minutes))
    if per_volunteer:
        figures.hours_per_volunteer = round(minutes / 60 / len(per_volunteer), 1)
    # Rank by minutes; ties by name, so fetch the names of everyone tied with the 10th.
    ranked = per_volunteer
    if len(ranked) > TOP_VOLUNTEERS:
        cutoff = heapq.nlargest(TOP_VOLUNTEERS, (row[2] for row in ranked))[-1]
        ranked = [row for row in ranked if row[2] >= cutoff]
    names = dict(db.execute(
        f"SELECT id, name FROM volunteers WHERE id IN ({', '.join('?' for _ in ranked)})",
        [row[0] for row in ranked]).fetchall()) if ranked else {}
    ranked.sort(key=lambda row: (-row[2], names[row[0]]))
    figures.top_volunteers = [
        TopVolunteer(volunteer_id, names[volunteer_id], _hours(total), count)
        for volunteer_id, count, total, _ in ranked[:TOP_VOLUNTEERS]
    ]
    return figures


def _inspections(db: Database, start: str, end: str) -> InspectionFigures:
    counts = dict(db.execute(
        "SELECT source, count(*) FROM inspections WHERE deleted_at IS NULL "
        "AND date BETWEEN ? AND ? GROUP BY source", [start, end]).fetchall())
    by_source = {name: counts[name] for name in _ordered(counts, vocab.INSPECTION_SOURCES)}
    return InspectionFigures(total=sum(by_source.values()), by_source=by_source)


def _problems(rows: list[tuple[Any, ...]], as_of: str) -> ProblemFigures:
    """Figures of the period's problems, from rows (source, checkpoint, category, deadline,
    status, completed_on, responsible_unit) read once by :func:`compute_statistics`."""
    figures = ProblemFigures()
    done = vocab.PROBLEM_DONE
    by_status: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    ranks: dict[int, dict[str, list[int]]] = {1: {}, 6: {}}  # checkpoint, responsible unit
    for source, checkpoint, category, deadline, status, completed_on, unit in rows:
        finished = status == done
        late = not finished and deadline is not None and deadline < as_of
        figures.rectified += finished
        figures.rectified_on_time += bool(finished and completed_on is not None
                                          and deadline is not None and completed_on <= deadline)
        figures.overdue += late
        by_status[status] += 1
        by_category[category] += 1
        by_source[source] += 1
        for index, name in ((1, checkpoint), (6, unit)):
            counts = ranks[index].setdefault(name, [0, 0, 0])
            counts[0] += 1
            counts[1] += finished
            counts[2] += late
    figures.found = len(rows)
    figures.in_progress = figures.found - figures.rectified
    if figures.found:
        figures.rectification_rate = round(figures.rectified / figures.found, 6)
    for counts, order, target in ((by_status, vocab.PROBLEM_STATUSES, figures.by_status),
                                  (by_category, vocab.PROBLEM_CATEGORIES, figures.by_category),
                                  (by_source, vocab.INSPECTION_SOURCES, figures.by_source)):
        target.update({name: counts[name] for name in _ordered(counts, order)})
    for index, target in ((1, figures.by_checkpoint), (6, figures.by_responsible_unit)):
        ranked = sorted(ranks[index].items(), key=lambda item: (-item[1][0], -item[1][2], item[0]))
        target.extend(ProblemRank(name or "（未填写）", found, finished, late)
                      for name, (found, finished, late) in ranked[:RANKING_ROWS])
    return figures


def _materials(db: Database, period: Period) -> list[MaterialFigure]:
    totals: Counter[str] = Counter()
    span = period.month_span
    if span:  # whole months: the monthly totals kept by triggers
        rows = db.execute("SELECT name, total FROM measure_month_totals "
                          "WHERE month BETWEEN ? AND ? AND entries != 0", span)
    else:  # per day in the index's order (no sort), summed here
        rows = db.execute("SELECT name, sum(value) FROM activity_measures "
                          "WHERE date BETWEEN ? AND ? GROUP BY date, name",
                          [period.start_iso, period.end_iso])
    for name, value in rows:
        totals[name] += value
    figures = []
    for key in _ordered(totals, tuple(vocab.MEASURE_UNITS)):
        name, unit = split_measure_name(key)
        # rounded first: sums kept by adding and taking away leave float residue (0.1 − 0.1)
        figures.append(MaterialFigure(name=name, unit=unit, total=_number(round(totals[key], 6))))
    return figures


def split_measure_name(key: str) -> tuple[str, str]:
    """("发放宣传资料", "份") for a known measure; ("植树", "棵") for "植树（棵）"."""
    if key in vocab.MEASURE_UNITS:
        return key, vocab.MEASURE_UNITS[key]
    match = _UNIT_IN_NAME.match(key)
    if match:
        return match["name"], match["unit"]
    return key, ""


def _honours(db: Database, start: str, end: str) -> HonourFigures:
    counts = dict(db.execute(
        "SELECT level, count(*) FROM honours WHERE deleted_at IS NULL "
        "AND outcome = '获评' AND date BETWEEN ? AND ? GROUP BY level", [start, end]).fetchall())
    by_level = {name: counts[name] for name in _ordered(counts, vocab.HONOUR_LEVELS)}
    return HonourFigures(total=sum(by_level.values()), by_level=by_level)


def _ordered(counts: dict[str, Any], order: tuple[str, ...]) -> list[str]:
    """Keys of ``counts`` in vocabulary order, unknown keys after them by name."""
    known = [name for name in order if name in counts]
    return known + sorted(name for name in counts if name not in order)


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def _number(value: float) -> float:
    return int(value) if float(value).is_integer() else round(value, 2)


def _one(db: Database, sql: str, params: list[Any] | None = None) -> tuple[Any, ...]:
    return db.execute(sql, params or []).fetchone()


def _scalar(db: Database, sql: str, params: list[Any]) -> int:
    return db.execute(sql, params).fetchone()[0]
