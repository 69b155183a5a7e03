"""星级志愿者: each volunteer's cumulative recorded hours (all time, live records) and star
level, against thresholds that are a setting (default 一星 100 h … 五星 1500 h).

``volunteers.service_minutes`` and ``volunteers.star_level`` are kept by triggers inside
SQLite (migration 0011), so the roster can be filtered and sorted by them; this module
names the levels, counts them, and finds who crossed a threshold in a period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlite_utils import Database

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.settings import get_setting, set_setting

SETTING = "star_thresholds"
TEXT = {
    "new_part": "{level}{count}人",
    "new_line": "本期新晋{parts}",
    "none": "本期没有志愿者新晋星级",
    "sentence_part": "{names}达到{level}志愿者标准",
    "sentence": "本期{parts}。",
    "more": "等{count}人",
}
SENTENCE_NAMES = 5


def thresholds(db: Database) -> list[float]:
    """Hours for 一星 … 五星."""
    return list(get_setting(db, SETTING))


def set_thresholds(db: Database, hours: list[float] | str, *, actor: str) -> list[float]:
    """Store new thresholds (validated, audited); every volunteer's level follows at once."""
    return set_setting(db, SETTING, hours, actor=actor)


def star_level(minutes: float, hours: list[float]) -> int:
    """0 (未达星级) … 5: how many thresholds the minutes reach (100 h = 6000 min is 一星)."""
    return sum(minutes >= 60 * limit for limit in hours)


def star_name(level: int) -> str:
    return vocab.STAR_LEVEL_NAMES[level]


def thresholds_text(hours: list[float]) -> str:
    """"一星级100小时、二星级300小时 …"."""
    return "、".join(f"{star_name(n)}{limit:g}小时" for n, limit in enumerate(hours, start=1))


def star_counts(db: Database) -> dict[str, int]:
    """{"一星级": 12, …} over live volunteers on the roll, every level named (0 included)."""
    counts = dict(db.execute(
        "SELECT star_level, count(*) FROM volunteers WHERE deleted_at IS NULL AND status = '在册' "
        "GROUP BY star_level").fetchall())
    return {star_name(level): counts.get(level, 0) for level in range(6)}


@dataclass(frozen=True)
class NewStar:
    volunteer_id: str
    name: str
    level: int  # reached by the end of the period
    previous: int  # held before the period
    hours: float  # cumulative at the end of the period

    @property
    def level_name(self) -> str:
        return star_name(self.level)


def new_stars(db: Database, period: Period) -> list[NewStar]:
    """Volunteers whose cumulative hours crossed a threshold inside ``period`` (live
    records of live activities up to the period's end), highest level first, then by name."""
    hours = thresholds(db)
    # One pass over the covering index in volunteer order (no join); names only for the few
    # who crossed a threshold.
    rows = db.execute(
        "SELECT volunteer_id, sum(CASE WHEN activity_date < ? THEN minutes ELSE 0 END), "
        "sum(minutes) FROM service_records INDEXED BY service_records_volunteer_figures "
        "WHERE deleted_at IS NULL AND activity_date != '' AND activity_date <= ? "
        "GROUP BY volunteer_id HAVING sum(minutes) >= ? AND "
        "sum(CASE WHEN activity_date >= ? THEN minutes ELSE 0 END) > 0",
        [period.start_iso, period.end_iso, 60 * hours[0], period.start_iso]).fetchall()
    crossed = {volunteer_id: (before, total) for volunteer_id, before, total in rows
               if star_level(total, hours) > star_level(before, hours)}
    names = {}
    ids = list(crossed)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        names.update(db.execute(
            f"SELECT id, name FROM volunteers WHERE deleted_at IS NULL AND id IN "
            f"({', '.join('?' for _ in chunk)})", chunk).fetchall())
    found = [NewStar(volunteer_id, names[volunteer_id], star_level(total, hours),
                     star_level(before, hours), round(total / 60, 1))
             for volunteer_id, (before, total) in crossed.items() if volunteer_id in names]
    found.sort(key=lambda star: (-star.level, star.name))
    return found


def new_stars_line(stars: list[NewStar]) -> str:
    """"本期新晋三星级2人、一星级5人" (highest first), or a line saying there were none."""
    if not stars:
        return TEXT["none"]
    counts = Counter(star.level for star in stars)
    parts = [TEXT["new_part"].format(level=star_name(level), count=counts[level])
             for level in sorted(counts, reverse=True)]
    return TEXT["new_line"].format(parts="、".join(parts))


def new_stars_sentence(stars: list[NewStar]) -> str:
    """"本期张三、李四达到三星级志愿者标准，王五达到一星级志愿者标准。" for the summary's
    志愿服务 section ("" when nobody crossed a threshold)."""
    parts = []
    for level in sorted({star.level for star in stars}, reverse=True):
        names = [star.name for star in stars if star.level == level]
        shown = "、".join(names[:SENTENCE_NAMES])
        if len(names) > SENTENCE_NAMES:
            shown += TEXT["more"].format(count=len(names))
        parts.append(TEXT["sentence_part"].format(names=shown, level=star_name(level)))
    return TEXT["sentence"].format(parts="，".join(parts)) if parts else ""
