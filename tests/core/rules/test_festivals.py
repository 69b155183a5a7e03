from datetime import date

import pytest

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.festivals import festival_dates, upcoming_festivals

KNOWN = {
    2025: {
        "春节": date(2025, 1, 29), "元宵": date(2025, 2, 12), "清明": date(2025, 4, 4),
        "端午": date(2025, 5, 31), "七夕": date(2025, 8, 29), "中秋": date(2025, 10, 6),
        "重阳": date(2025, 10, 29),
    },
    2026: {
        "春节": date(2026, 2, 17), "元宵": date(2026, 3, 3), "清明": date(2026, 4, 5),
        "端午": date(2026, 6, 19), "七夕": date(2026, 8, 19), "中秋": date(2026, 9, 25),
        "重阳": date(2026, 10, 18),
    },
}


@pytest.mark.parametrize("year", sorted(KNOWN))
def test_known_festival_dates(year: int) -> None:
    assert festival_dates(year) == KNOWN[year]


def test_festivals_are_in_vocabulary_order() -> None:
    assert tuple(festival_dates(2026)) == vocab.FESTIVALS


def test_result_is_a_fresh_dict() -> None:
    festival_dates(2026)["春节"] = date(2000, 1, 1)
    assert festival_dates(2026)["春节"] == date(2026, 2, 17)


def test_upcoming_from_mid_year() -> None:
    upcoming = upcoming_festivals(date(2026, 6, 19))
    assert [name for name, _, _ in upcoming] == [
        "端午", "七夕", "中秋", "重阳", "春节", "元宵", "清明",
    ]
    assert upcoming[0] == ("端午", date(2026, 6, 19), 0)
    assert upcoming[1] == ("七夕", date(2026, 8, 19), 61)
    by_name = {name: when for name, when, _ in upcoming}
    assert by_name["春节"].year == 2027
    assert by_name["清明"].year == 2027


def test_upcoming_at_new_year() -> None:
    upcoming = upcoming_festivals(date(2026, 1, 1))
    assert upcoming[0] == ("春节", date(2026, 2, 17), 47)
    assert [when for _, when, _ in upcoming] == sorted(KNOWN[2026].values())
    assert all(days == (when - date(2026, 1, 1)).days for _, when, days in upcoming)
