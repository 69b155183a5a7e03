"""Row sources for printed and exported ledgers: paged lists and service-hour totals.

Exports read through these functions (never ``SELECT`` in ``reports`` or ``ui``):
:func:`iter_rows` pages through a :class:`ListQuery` so a street-scale ledger is never
held in memory at once; :func:`service_by_activity` and :func:`service_hours_by_volunteer`
are the two joins the activity ledger and the service-hours table need.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlite_utils import Database

from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.repository import ListQuery, Repository

PAGE_SIZE = 5000


def iter_rows(repo: Repository, query: ListQuery, *, page_size: int = PAGE_SIZE
              ) -> Iterator[dict[str, Any]]:
    """Every row ``query`` selects (its ``limit``/``offset`` are ignored), page by page."""
    offset = 0
    while True:
        page = repo.list(dataclasses.replace(query, limit=page_size, offset=offset))
        yield from page
        if len(page) < page_size:
            return
        offset += page_size


class ServiceEntry(NamedTuple):
    volunteer_id: str
    name: str
    id_number: str
    minutes: int


def service_by_activity(db: Database, activity_ids: Sequence[str]) -> dict[str, list[ServiceEntry]]:
    """Live service records of live volunteers for each of ``activity_ids``, by name."""
    result: dict[str, list[ServiceEntry]] = {}
    for start in range(0, len(activity_ids), 500):
        chunk = list(activity_ids[start:start + 500])
        marks = ", ".join("?" for _ in chunk)
        for activity_id, volunteer_id, name, id_number, minutes in db.execute(
            "SELECT s.activity_id, s.volunteer_id, v.name, v.id_number, s.minutes "
            "FROM service_records s "
            "JOIN volunteers v ON v.id = s.volunteer_id AND v.deleted_at IS NULL "
            f"WHERE s.deleted_at IS NULL AND s.activity_id IN ({marks}) "
            "ORDER BY s.activity_id, s.rowid", chunk,
        ):
            entry = ServiceEntry(volunteer_id, name, id_number, minutes)
            if activity_id in result:
                result[activity_id].append(entry)
            else:
                result[activity_id] = [entry]
    return result


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
    None), most hours first; the same rows the statistics count."""
    where, params = "", []
    if period is not None:
        where, params = "AND a.date BETWEEN ? AND ?", [period.start_iso, period.end_iso]
    rows = db.execute(
        "SELECT v.id, v.name, v.id_number, v.team_id, count(*), "
        "coalesce(sum(s.source = '补录'), 0), sum(s.minutes), max(a.date) "
        "FROM service_records s "
        "JOIN activities a ON a.id = s.activity_id AND a.deleted_at IS NULL "
        "JOIN volunteers v ON v.id = s.volunteer_id AND v.deleted_at IS NULL "
        f"WHERE s.deleted_at IS NULL {where} "
        "GROUP BY v.id ORDER BY sum(s.minutes) DESC, v.name, v.id", params,
    ).fetchall()
    return [VolunteerHours(*row) for row in rows]


def shared_names(db: Database) -> set[str]:
    """Names that more than one live volunteer has (to be told apart by ID tail)."""
    return {row[0] for row in db.execute(
        "SELECT name FROM volunteers WHERE deleted_at IS NULL GROUP BY name HAVING count(*) > 1")}
