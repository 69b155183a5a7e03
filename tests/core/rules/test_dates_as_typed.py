"""Dates as people type them for a day near today."""

from __future__ import annotations

from datetime import date

import pytest

from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_date

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(("text", "day"), [
    ("今天", TODAY), ("今日", TODAY), ("昨天", date(2026, 11, 29)), ("前天", date(2026, 11, 28)),
    ("11月29日", date(2026, 11, 29)), ("3月5号", date(2026, 3, 5)), ("１１月２９日", date(2026, 11, 29)),
    ("29日", date(2026, 11, 29)), ("5号", date(2026, 11, 5)),
    ("2026-11-29", date(2026, 11, 29)), ("2025年1月2日", date(2025, 1, 2)),
])
def test_near_dates(text, day):
    assert parse_date(text, today=TODAY) == day


@pytest.mark.parametrize("text", ["31日", "2月30日", "13月1日"])
def test_days_that_do_not_exist_say_why(text):
    with pytest.raises(InvalidValue) as caught:
        parse_date(text, today=TODAY)
    assert "不存在" in caught.value.reason
