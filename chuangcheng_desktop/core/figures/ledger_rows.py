"""Row sources for printed and exported ledgers, read by key ranges in one ordered pass.

Exports read through these functions (never ``SELECT`` in ``reports`` or ``ui``). A ledger
ordered by its date (活动日期, 注册日期, 发现日期) is read as consecutive date ranges of about
:data:`RANGE_ROWS` rows each (:func:`date_ranges`), each range one indexed query in the
ledger's order: no ``OFFSET`` paging that re-reads what came before, no ``IN`` lists of ids,
and never the whole street-scale ledger in memory. What a range's rows need from other
tables (attendance per activity, re-checks per problem) is read for the same date range
in one grouped query.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlite_utils import Database

from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.repository import ListQuery, Repository

RANGE_ROWS = 4000
EARLIEST = date(1900, 1, 1)
LATEST = date(9999, 12, 31)


def date_ranges(db: Database, table: str, field: str, period: Period | None,
                *, rows: int = RANGE_ROWS) -> list[Period]:
    """Consecutive date ranges covering the live rows of ``table`` in ``period`` (all time
    when None), each holding about ``rows`` rows (a single day may hold more)."""
    where, params = "deleted_at IS NULL", []
    if period is not None:
        where += f" AND {field} BETWEEN ? AND ?"
        params = [period.start_iso, period.end_iso]
    counts = db.execute(
        f"SELECT {field}, count(*) FROM {table} WHERE {where} GROUP BY {field} ORDER BY {field}",
        params).fetchall()
    ranges: list[Period] = []
    start: str | None = None
    held = 0
    for day, count in counts:
        if not day:
            continue
        if start is None:
            start = day
        held += count
        if held >= rows:
            ranges.append(_between(start, day))
            start, held = None, 0
    if start is not None:
        ranges.append(_between(start, counts[-1][0]))
    return ranges


def _between(first: str, last: str) -> Period:
    return Period.between(date.fromisoformat(first[:10]), date.fromisoformat(last[:10]))


def iter_rows(repo: Repository, query: ListQuery) -> Iterator[dict[str, Any]]:
    """Every row ``query`` selects (its ``limit``/``offset`` are ignored), in its order.

    Sorted by the kind's date ascending (how ledgers print), the rows are read date range
    by date range; any other order is one query (the page's own sort of a filtered list).
    """
    field = repo.kind.period_field
    if field is None or query.order_by != field or query.descending:
        yield from repo.list(dataclasses.replace(query, limit=None, offset=0))
        return
    for part in date_ranges(repo.db, repo.kind.table, field, query.period):
        yield from repo.list(dataclasses.replace(query, period=part, limit=None, offset=0))


def iter_ranges(repo: Repository, query: ListQuery) -> Iterator[tuple[Period | None, list[dict]]]:
    """Like :func:`iter_rows`, a list of rows per date range with the range (None when
    the query's order is not by date and all rows come as one list)."""
    field = repo.kind.period_field
    if field is None or query.order_by != field or query.descending:
        yield None, repo.list(dataclasses.replace(query, limit=None, offset=0))
        return
    for part in date_ranges(repo.db, repo.kind.table, field, query.period):
        yield part, repo.list(dataclasses.replace(query, period=part, limit=None, offset=0))


class Attendance(NamedTuple):
    volunteers: int
    minutes: int


def attendance_by_activity(db: Database, period: Period | None) -> dict[str, Attendance]:
    """Live service records of live volunteers per live activity dated in ``period``."""
    where, params = "", []
    if period is not None:
        where, params = "AND a.date BETWEEN ? AND ?", [period.start_iso, period.end_iso]
    return {activity_id: Attendance(count, minutes) for activity_id, count, minutes in db.execute(
        "SELECT a.id, count(*), sum(s.minutes) FROM activities a "
        "JOIN service_records s ON s.activity_id = a.id AND s.deleted_at IS NULL "
        "JOIN volunteers v ON v.id = s.volunteer_id AND v.deleted_at IS NULL "
        f"WHERE a.deleted_at IS NULL {where} GROUP BY a.id", params)}


class ServiceRow(NamedTuple):
    date: str
    title: str
    name: str
    id_number: str
    minutes: int
    source: str


def iter_service_rows(db: Database, period: Period | None) -> Iterator[ServiceRow]:
    """One row per volunteer per activity (志愿服务记录), in the activity ledger's order
    (date, then the activity, then the order the attendance was recorded)."""
    for part in date_ranges(db, "activities", "date", period):
        yield from (ServiceRow(*row) for row in db.execute(
            "SELECT a.date, a.title, v.name, v.id_number, s.minutes, s.source FROM activities a "
            "JOIN service_records s ON s.activity_id = a.id AND s.deleted_at IS NULL "
            "JOIN volunteers v ON v.id = s.volunteer_id AND v.deleted_at IS NULL "
            "WHERE a.deleted_at IS NULL AND a.date BETWEEN ? AND ? "
            "ORDER BY a.date, a.rowid, s.rowid", [part.start_iso, part.end_iso]))


def _live_service(period: Period | None) -> tuple[str, list[str]]:
    """Live service records of live volunteers in live activities of ``period``, read from
    the covering index in volunteer order (``activity_date`` is '' while the activity is
    in the recycle bin): the rows the statistics count, without a join."""
    where = ("FROM service_records INDEXED BY service_records_volunteer_figures "
             "WHERE deleted_at IS NULL AND activity_date != '' "
             "AND volunteer_id NOT IN (SELECT id FROM volunteers WHERE deleted_at IS NOT NULL)")
    if period is None:
        return where, []
    return where + " AND activity_date BETWEEN ? AND ?", [period.start_iso, period.end_iso]


def count_service_rows(db: Database, period: Period | None) -> int:
    """How many rows :func:`iter_service_rows` gives."""
    where, params = _live_service(period)
    return db.execute(f"SELECT count(*) {where}", params).fetchone()[0]


def has_attendance(db: Database, period: Period | None) -> bool:
    """Whether any live activity of ``period`` has a live service record."""
    where, params = _live_service(period)
    return bool(db.execute(f"SELECT EXISTS(SELECT 1 {where})", params).fetchone()[0])


class RecheckSummary(NamedTuple):
    rounds: int
    last_date: str
    last_reviewer: str
    last_passed: bool


def rechecks_by_problem(db: Database, period: Period | None) -> dict[str, RecheckSummary]:
    """Re-check rounds of the live problems found in ``period``: how many, and the last."""
    where, params = "", []
    if period is not None:
        where, params = "AND p.found_on BETWEEN ? AND ?", [period.start_iso, period.end_iso]
    result: dict[str, RecheckSummary] = {}
    for problem_id, day, reviewer, passed in db.execute(
        "SELECT p.id, r.date, r.reviewer, r.passed FROM problems p "
        "JOIN rechecks r ON r.problem_id = p.id AND r.deleted_at IS NULL "
        f"WHERE p.deleted_at IS NULL {where} ORDER BY p.id, r.date, r.rowid", params,
    ):
        rounds = result[problem_id].rounds + 1 if problem_id in result else 1
        result[problem_id] = RecheckSummary(rounds, day, reviewer or "", bool(passed))
    return result


def filled_fields(db: Database, table: str, fields: tuple[str, ...], period_field: str,
                  period: Period | None) -> set[str]:
    """Which of ``fields`` hold a value (not '', NULL, 0 or '{}') in some live row of
    ``period``: the columns worth printing."""
    where, params = "deleted_at IS NULL", []
    if period is not None:
        where += f" AND {period_field} BETWEEN ? AND ?"
        params = [period.start_iso, period.end_iso]
    checks = ", ".join(
        f"EXISTS(SELECT 1 FROM {table} WHERE {where} AND coalesce({name}, '') "
        f"NOT IN ('', 0, '{{}}', '[]'))" for name in fields)
    row = db.execute(f"SELECT {checks}", params * len(fields)).fetchone()
    return {name for name, present in zip(fields, row, strict=True) if present}


@dataclass(frozen=True)
class VolunteerHours:
    volunteer_id: str
    name: str
    id_number: str
    team_id: str | None
    records: int
    supplementary: int
    minutes: int
    last_date: str


def service_hours_by_volunteer(db: Database, period: Period | None) -> list[VolunteerHours]:
    """Service totals per live volunteer in live activities of ``period`` (all time when
    None), most hours first, then by name; the same rows the statistics count (one
    covering-index scan, joined to the names and sorted inside SQLite: a sort of 20,000
    rows in Python holds the interpreter lock ~45 ms, which the window feels)."""
    where, params = _live_service(period)
    return [VolunteerHours(*row) for row in db.execute(
        "SELECT t.volunteer_id, v.name, v.id_number, v.team_id, t.records, t.supplementary, "
        "t.minutes, t.last_date FROM (SELECT volunteer_id, count(*) AS records, "
        "coalesce(sum(source = '补录'), 0) AS supplementary, sum(minutes) AS minutes, "
        f"max(activity_date) AS last_date {where} GROUP BY volunteer_id) AS t "
        "JOIN volunteers v ON v.id = t.volunteer_id AND v.deleted_at IS NULL "
        "ORDER BY t.minutes DESC, v.name, t.volunteer_id", params)]


def shared_names(db: Database) -> set[str]:
    """Names that more than one live volunteer has (to be told apart by ID tail)."""
    return {row[0] for row in db.execute(
        "SELECT name FROM volunteers WHERE deleted_at IS NULL GROUP BY name HAVING count(*) > 1")}
