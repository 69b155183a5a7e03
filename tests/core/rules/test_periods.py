"""Tests for chuangcheng_desktop.core.rules.periods."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from chuangcheng_desktop.core.rules.periods import (
    Period,
    PeriodError,
    current_period,
    half_of,
    parse_period,
    preset_periods,
    quarter_of,
)
from chuangcheng_desktop.core.storage.errors import UserFacingError

D = date

Q3 = Period.quarter(2026, 3)
H1, H2 = Period.half(2026, 1), Period.half(2026, 2)
Y = Period.year_of(2026)
M5 = Period.month(2026, 5)
SPRING = Period.between(D(2026, 3, 1), D(2026, 5, 31))
WINTER = Period.between(D(2025, 12, 1), D(2026, 2, 28))
ONE_DAY = Period.between(D(2026, 6, 15), D(2026, 6, 15))

# (period, kind, start, end, code)
KIND_CASES = [
    (Period.quarter(2026, 1), "quarter", "2026-01-01", "2026-03-31", "2026Q1"),
    (Period.quarter(2026, 2), "quarter", "2026-04-01", "2026-06-30", "2026Q2"),
    (Q3, "quarter", "2026-07-01", "2026-09-30", "2026Q3"),
    (Period.quarter(2026, 4), "quarter", "2026-10-01", "2026-12-31", "2026Q4"),
    (H1, "half", "2026-01-01", "2026-06-30", "2026H1"),
    (H2, "half", "2026-07-01", "2026-12-31", "2026H2"),
    (Y, "year", "2026-01-01", "2026-12-31", "2026"),
    (M5, "month", "2026-05-01", "2026-05-31", "2026-05"),
    (Period.month(2026, 12), "month", "2026-12-01", "2026-12-31", "2026-12"),
    (SPRING, "range", "2026-03-01", "2026-05-31", "2026-03-01..2026-05-31"),
    (WINTER, "range", "2025-12-01", "2026-02-28", "2025-12-01..2026-02-28"),
    (ONE_DAY, "range", "2026-06-15", "2026-06-15", "2026-06-15..2026-06-15"),
]

# (period, name, short_name)
NAME_CASES = [
    (Period.quarter(2026, 1), "2026年第一季度", "第一季度"),
    (Period.quarter(2026, 2), "2026年第二季度", "第二季度"),
    (Q3, "2026年第三季度", "第三季度"),
    (Period.quarter(2026, 4), "2026年第四季度", "第四季度"),
    (H1, "2026年上半年", "上半年"),
    (H2, "2026年下半年", "下半年"),
    (Y, "2026年度", "全年"),
    (M5, "2026年5月", "5月"),
    (Period.month(2026, 12), "2026年12月", "12月"),
    (SPRING, "2026年3月1日至5月31日", "2026年3月1日至5月31日"),
    (WINTER, "2025年12月1日至2026年2月28日", "2025年12月1日至2026年2月28日"),
    (ONE_DAY, "2026年6月15日至6月15日", "2026年6月15日至6月15日"),
]
ALL_PERIODS = [case[0] for case in KIND_CASES] + [
    Period.quarter(2028, 1),
    Period.month(2028, 2),
    Period.between(D(2028, 2, 1), D(2028, 2, 28)),
]


@pytest.mark.parametrize(("period", "kind", "start", "end", "code"), KIND_CASES)
def test_kind_dates_and_code(period, kind, start, end, code):
    assert period.kind == kind
    assert (period.start, period.end) == (date.fromisoformat(start), date.fromisoformat(end))
    assert (period.start_iso, period.end_iso) == (start, end)
    assert period.code == code
    assert period.days == (period.end - period.start).days + 1


@pytest.mark.parametrize(("period", "name", "short"), NAME_CASES)
def test_names(period, name, short):
    assert period.name == name
    assert str(period) == name
    assert period.short_name == short


def test_year_and_number():
    assert (Period.quarter(2026, 3).year, Period.quarter(2026, 3).number) == (2026, 3)
    assert (Period.half(2026, 2).year, Period.half(2026, 2).number) == (2026, 2)
    assert (Period.year_of(2026).year, Period.year_of(2026).number) == (2026, None)
    assert (Period.month(2026, 5).year, Period.month(2026, 5).number) == (2026, 5)
    r = Period.between(D(2026, 3, 1), D(2026, 5, 31))
    assert (r.year, r.number) == (None, None)


@pytest.mark.parametrize("period", ALL_PERIODS, ids=lambda p: p.code)
def test_round_trip_code_and_name(period):
    assert parse_period(period.code) == period
    assert parse_period(period.name) == period
    assert hash(parse_period(period.code)) == hash(period)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026", Period.year_of(2026)),
        ("2026H1", Period.half(2026, 1)),
        ("2026h2", Period.half(2026, 2)),
        ("2026Q3", Period.quarter(2026, 3)),
        ("2026q3", Period.quarter(2026, 3)),
        ("2026-05", Period.month(2026, 5)),
        ("2026-5", Period.month(2026, 5)),
        ("2026/05", Period.month(2026, 5)),
        ("2026-03-01..2026-05-31", Period.between(D(2026, 3, 1), D(2026, 5, 31))),
        ("2026-03-01~2026-05-31", Period.between(D(2026, 3, 1), D(2026, 5, 31))),
        ("2026-03-01至2026-05-31", Period.between(D(2026, 3, 1), D(2026, 5, 31))),
        ("2026/3/1..2026/5/31", Period.between(D(2026, 3, 1), D(2026, 5, 31))),
        ("2026.3.1 ~ 2026.5.31", Period.between(D(2026, 3, 1), D(2026, 5, 31))),
        ("2026年3月1日至2026年5月31日", Period.between(D(2026, 3, 1), D(2026, 5, 31))),
        ("2026年上半年", Period.half(2026, 1)),
        ("2026年下半年", Period.half(2026, 2)),
        ("2026年第三季度", Period.quarter(2026, 3)),
        ("2026年三季度", Period.quarter(2026, 3)),
        ("2026年第3季度", Period.quarter(2026, 3)),
        ("2026年度", Period.year_of(2026)),
        ("2026年全年", Period.year_of(2026)),
        ("2026年", Period.year_of(2026)),
        ("2026年5月", Period.month(2026, 5)),
        # full-width digits/letters and surrounding (also ideographic) spaces
        ("  ２０２６Ｑ３ ", Period.quarter(2026, 3)),
        ("\u3000２０２６年第一季度\u3000", Period.quarter(2026, 1)),
        (
            "２０２６－０３－０１～２０２６－０５－３１",
            Period.between(D(2026, 3, 1), D(2026, 5, 31)),
        ),
        ("2000", Period.year_of(2000)),
        ("2100Q4", Period.quarter(2100, 4)),
    ],
)
def test_parse_accepted_forms(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 5, 1), D(2026, 5, 31), Period.month(2026, 5)),
        (D(2026, 7, 1), D(2026, 9, 30), Period.quarter(2026, 3)),
        (D(2026, 1, 1), D(2026, 6, 30), Period.half(2026, 1)),
        (D(2026, 7, 1), D(2026, 12, 31), Period.half(2026, 2)),
        (D(2026, 1, 1), D(2026, 12, 31), Period.year_of(2026)),
        (D(2028, 2, 1), D(2028, 2, 29), Period.month(2028, 2)),
    ],
)
def test_between_normalises_calendar_spans(start, end, expected):
    period = Period.between(start, end)
    assert period == expected
    assert period.kind == expected.kind
    assert parse_period(f"{start.isoformat()}..{end.isoformat()}") == expected


def test_between_accepts_datetimes():
    p = Period.between(datetime(2026, 3, 1, 8, 30), datetime(2026, 3, 10, 17, 0))
    assert (p.start, p.end, p.kind) == (D(2026, 3, 1), D(2026, 3, 10), "range")


@pytest.mark.parametrize(
    ("period", "end"),
    [
        (Period.quarter(2028, 1), D(2028, 3, 31)),
        (Period.month(2028, 2), D(2028, 2, 29)),
        (Period.month(2026, 2), D(2026, 2, 28)),
        (Period.month(2100, 2), D(2100, 2, 28)),  # 2100 is not a leap year
        (Period.half(2028, 1), D(2028, 6, 30)),
    ],
)
def test_leap_years(period, end):
    assert period.end == end


def test_leap_year_day_counts():
    assert Period.year_of(2028).days == 366
    assert Period.year_of(2026).days == 365
    assert Period.quarter(2028, 1).days == 91
    assert Period.quarter(2026, 1).days == 90
    assert parse_period("2028-02-01..2028-02-29") == Period.month(2028, 2)


def test_range_across_year_end():
    p = parse_period("2025-12-01..2026-02-28")
    assert p.kind == "range"
    assert p.months() == [(2025, 12), (2026, 1), (2026, 2)]
    assert p.days == 31 + 31 + 28
    assert p.contains(D(2025, 12, 31)) and p.contains(D(2026, 1, 1))
    assert not p.contains(D(2025, 11, 30)) and not p.contains(D(2026, 3, 1))


@pytest.mark.parametrize(
    ("period", "months"),
    [
        (Period.quarter(2026, 3), [(2026, 7), (2026, 8), (2026, 9)]),
        (Period.month(2026, 5), [(2026, 5)]),
        (Period.half(2026, 2), [(2026, m) for m in range(7, 13)]),
        (Period.year_of(2026), [(2026, m) for m in range(1, 13)]),
        (Period.between(D(2026, 3, 15), D(2026, 4, 2)), [(2026, 3), (2026, 4)]),
        (Period.between(D(2026, 3, 15), D(2026, 3, 16)), [(2026, 3)]),
    ],
)
def test_months(period, months):
    assert period.months() == months


@pytest.mark.parametrize(
    ("d", "inside"),
    [
        (D(2026, 6, 30), False),
        (D(2026, 7, 1), True),
        (D(2026, 9, 30), True),
        (D(2026, 10, 1), False),
        (datetime(2026, 9, 30, 23, 59), True),
    ],
)
def test_contains(d, inside):
    assert Period.quarter(2026, 3).contains(d) is inside


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period.quarter(2026, 1), Period.quarter(2025, 4)),
        (Period.quarter(2026, 3), Period.quarter(2026, 2)),
        (Period.half(2026, 1), Period.half(2025, 2)),
        (Period.half(2026, 2), Period.half(2026, 1)),
        (Period.year_of(2026), Period.year_of(2025)),
        (Period.month(2026, 1), Period.month(2025, 12)),
        (Period.month(2026, 3), Period.month(2026, 2)),
        (
            Period.between(D(2026, 3, 1), D(2026, 3, 10)),
            Period.between(D(2026, 2, 19), D(2026, 2, 28)),
        ),
        (
            Period.between(D(2026, 1, 5), D(2026, 1, 10)),
            Period.between(D(2025, 12, 30), D(2026, 1, 4)),
        ),
    ],
)
def test_previous(period, expected):
    assert period.previous() == expected


def test_previous_range_keeps_length():
    p = parse_period("2026-03-01..2026-05-31")
    prev = p.previous()
    assert prev.days == p.days
    assert prev.end == D(2026, 2, 28)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2026Q5", "季度应为 Q1–Q4"),
        ("2026Q0", "季度应为 Q1–Q4"),
        ("2026年第五季度", "季度应为 Q1–Q4"),
        ("2026H3", "半年应为 H1"),
        ("abc", "格式不对"),
        ("1999", "年份应在 2000–2100 之间"),
        ("2101H1", "年份应在 2000–2100 之间"),
        ("1999-12-01..2000-01-31", "年份应在 2000–2100 之间"),
        ("2026-05-31..2026-03-01", "结束日期（2026-03-01）早于开始日期（2026-05-31）"),
        ("2026-13", "月份应为 1–12"),
        ("2026年0月", "月份应为 1–12"),
        ("2026-02-30..2026-03-31", "日期“2026-02-30”不存在"),
        ("2026-03-01..foo", "不是日期"),
        ("2026-03-01", "只有一个日期"),
        ("2026-03-01..2026-04-01..2026-05-01", "只能有一个分隔符"),
        ("26Q1", "格式不对"),
    ],
)
def test_bad_inputs(text, fragment):
    with pytest.raises(PeriodError) as info:
        parse_period(text)
    message = info.value.message
    assert isinstance(info.value, UserFacingError)
    assert f"无法识别的期间“{text}”" in message
    assert fragment in message
    assert "可用格式：2026、2026H1、2026H2、2026Q3" in message


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_empty_input(text):
    with pytest.raises(PeriodError, match="请填写期间") as info:
        parse_period(text)
    assert "可用格式" in info.value.message


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda: Period.quarter(2026, 5), "季度应为"),
        (lambda: Period.quarter(2026, 0), "季度应为"),
        (lambda: Period.half(2026, 3), "半年应为"),
        (lambda: Period.month(2026, 13), "月份应为 1–12"),
        (lambda: Period.between(D(2026, 5, 31), D(2026, 3, 1)), "结束日期早于开始日期"),
    ],
)
def test_constructor_errors(make, fragment):
    with pytest.raises(PeriodError, match=fragment):
        make()


@pytest.mark.parametrize(
    ("d", "q", "h"),
    [
        (D(2026, 1, 1), 1, 1),
        (D(2026, 3, 31), 1, 1),
        (D(2026, 4, 1), 2, 1),
        (D(2026, 6, 30), 2, 1),
        (D(2026, 7, 1), 3, 2),
        (D(2026, 9, 30), 3, 2),
        (D(2026, 10, 1), 4, 2),
        (D(2026, 12, 31), 4, 2),
    ],
)
def test_quarter_and_half_of(d, q, h):
    assert quarter_of(d) == q
    assert half_of(d) == h


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("quarter", Period.quarter(2026, 2)),
        ("half", Period.half(2026, 1)),
        ("year", Period.year_of(2026)),
        ("month", Period.month(2026, 5)),
    ],
)
def test_current_period(kind, expected):
    assert current_period(kind, D(2026, 5, 20)) == expected


def test_current_period_defaults_to_today():
    assert current_period("month").contains(date.today())


def test_current_period_unknown_kind():
    with pytest.raises(ValueError):
        current_period("week", D(2026, 5, 20))


def test_preset_periods():
    presets = preset_periods(D(2026, 2, 10))
    labels = [label for label, _ in presets]
    assert labels == ["本月", "本季度", "上半年", "下半年", "全年", "上季度"]
    assert dict(presets) == {
        "本月": Period.month(2026, 2),
        "本季度": Period.quarter(2026, 1),
        "上半年": Period.half(2026, 1),
        "下半年": Period.half(2026, 2),
        "全年": Period.year_of(2026),
        "上季度": Period.quarter(2025, 4),
    }


def test_periods_are_frozen():
    p = Period.quarter(2026, 3)
    with pytest.raises(AttributeError):
        p.year = 2027  # type: ignore[misc]
