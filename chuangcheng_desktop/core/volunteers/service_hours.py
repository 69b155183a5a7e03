"""志愿服务时长统计 per volunteer for a period (with the star level), and the 年度优秀志愿者
shortlist (top by hours, with a minimum) that the user can turn into 荣誉 records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from chuangcheng_desktop.core.rules.identity import mask_id_number
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.volunteers.stars import star_name

TEXT = {
    "honour_title": "{year}年度优秀志愿者",
    "honour_note": "{period}志愿服务{hours}小时（{records}次），按服务时长评选",
}
DEFAULT_SHORTLIST = 10
DEFAULT_MINIMUM_HOURS = 20.0


@dataclass(frozen=True)
class VolunteerHours:
    volunteer_id: str
    name: str
    masked_id_number: str
    volunteer_number: str
    team: str
    records: int
    minutes: int  # in the period
    total_minutes: int  # all time
    star_level: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def total_hours(self) -> float:
        return round(self.total_minutes / 60, 1)

    @property
    def star(self) -> str:
        return star_name(self.star_level)


def volunteer_hours(db: Database, period: Period, *, include_idle: bool = False
                    ) -> list[VolunteerHours]:
    """Each live volunteer's service in the period (most hours first, then name); with
    ``include_idle`` also those on the roll who served nothing in it."""
    served = {row[0]: (row[1], row[2]) for row in db.execute(
        "SELECT volunteer_id, count(*), sum(minutes) FROM service_records "
        "WHERE deleted_at IS NULL AND activity_date BETWEEN ? AND ? GROUP BY volunteer_id",
        [period.start_iso, period.end_iso])}
    teams = dict(db.execute("SELECT id, name FROM teams").fetchall())
    rows = []
    for vid, name, id_number, number, team_id, status, total, level in db.execute(
            "SELECT id, name, id_number, volunteer_number, team_id, status, service_minutes, "
            "star_level FROM volunteers WHERE deleted_at IS NULL"):
        count, minutes = served.get(vid, (0, 0))
        if not count and not (include_idle and status == "在册"):
            continue
        rows.append(VolunteerHours(vid, name, mask_id_number(id_number), number or "",
                                   teams.get(team_id or "", ""), count, minutes, total, level))
    rows.sort(key=lambda row: (-row.minutes, row.name))
    return rows


def shortlist(db: Database, period: Period, *, size: int = DEFAULT_SHORTLIST,
              minimum_hours: float = DEFAULT_MINIMUM_HOURS) -> list[VolunteerHours]:
    """The top ``size`` by hours in the period among those with at least ``minimum_hours``;
    volunteers tied with the last place are all kept."""
    return shortlist_of(volunteer_hours(db, period), size=size, minimum_hours=minimum_hours)


def shortlist_of(rows: list[VolunteerHours], *, size: int,
                 minimum_hours: float) -> list[VolunteerHours]:
    """:func:`shortlist` over rows already read (most hours first)."""
    eligible = [row for row in rows if row.minutes >= minimum_hours * 60]
    if len(eligible) <= size:
        return eligible
    cutoff = eligible[size - 1].minutes
    return [row for row in eligible if row.minutes >= cutoff]


def make_honours(ledger: Ledger, chosen: list[VolunteerHours], period: Period, *,
                 level: str = "街道", on: date | None = None) -> list[dict]:
    """One 荣誉 record (个人, 获评) per chosen volunteer, saved together."""
    year = period.end.year
    on = on or min(date.today(), period.end)
    return ledger.honours.add_many([
        {"title": TEXT["honour_title"].format(year=year), "level": level, "outcome": "获评",
         "recipient_kind": "个人", "recipient": row.name, "volunteer_id": row.volunteer_id,
         "date": on.isoformat(),
         "note": TEXT["honour_note"].format(period=period.name, hours=row.hours,
                                            records=row.records)}
        for row in chosen])
