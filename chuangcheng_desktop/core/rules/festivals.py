"""Dates of the seven festivals of 我们的节日, computed offline.

春节、元宵、端午、七夕、中秋、重阳 are lunar dates; 清明 is a solar term. Both come
from the MIT-licensed ``lunar-python`` package, which carries its own tables and
needs no network.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from lunar_python import Lunar

from chuangcheng_desktop.core.rules import vocab

# (lunar month, lunar day) of the lunar festivals; 清明 is looked up as a solar term.
_LUNAR_DATES = {
    "春节": (1, 1),
    "元宵": (1, 15),
    "端午": (5, 5),
    "七夕": (7, 7),
    "中秋": (8, 15),
    "重阳": (9, 9),
}


@lru_cache(maxsize=64)
def _festival_dates(year: int) -> tuple[tuple[str, date], ...]:
    found: dict[str, date] = {}
    for name, (month, day) in _LUNAR_DATES.items():
        solar = Lunar.fromYmd(year, month, day).getSolar()
        found[name] = date(solar.getYear(), solar.getMonth(), solar.getDay())
    # The lunar year that starts in `year` holds the 清明 of that same solar year.
    qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    found["清明"] = date(qingming.getYear(), qingming.getMonth(), qingming.getDay())
    return tuple((name, found[name]) for name in vocab.FESTIVALS)


def festival_dates(year: int) -> dict[str, date]:
    """{festival: date} for the seven festivals of ``year``, in vocab.FESTIVALS order.

    >>> festival_dates(2026)["中秋"]
    datetime.date(2026, 9, 25)
    """
    return dict(_festival_dates(year))


def upcoming_festivals(today: date) -> list[tuple[str, date, int]]:
    """The next occurrence of each festival as (name, date, days from today), by date.

    A festival that falls on ``today`` is listed with 0 days remaining.
    """
    this_year = festival_dates(today.year)
    next_year = festival_dates(today.year + 1)
    upcoming = []
    for name in vocab.FESTIVALS:
        when = this_year[name] if this_year[name] >= today else next_year[name]
        upcoming.append((name, when, (when - today).days))
    upcoming.sort(key=lambda item: item[1])
    return upcoming
