"""Reporting periods (季度、半年、年度、月份、自定义起止日期): dates, Chinese names, codes.

This is the one place that turns a period into dates and a name. The CLI, the
statistics, the UI period picker and the report titles all go through it.

* ``parse_period("2026Q3")`` / ``parse_period("2026年第三季度")`` → :class:`Period`
* ``Period.quarter(2026, 3).name`` → ``"2026年第三季度"``; ``.code`` → ``"2026Q3"``
* ``parse_period(p.code) == p`` and ``parse_period(p.name) == p`` hold for every period.

No Qt, stdlib only.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta

from chuangcheng_desktop.core.rules.validation import InvalidValue, normalize_text, parse_date
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.errors import UserFacingError

KINDS = ("quarter", "half", "year", "month", "range")
MIN_YEAR = 2000
MAX_YEAR = 2100

_CN_QUARTER = {1: "一", 2: "二", 3: "三", 4: "四"}
_HALF_NAME = {1: "上半年", 2: "下半年"}
FORMATS_HINT = (
    "可用格式：2026、2026H1、2026H2、2026Q3、2026-05、2026-03-01..2026-05-31"
    "（也可写“2026年第三季度”“2026年上半年”“2026年度”“2026年5月”）"
)


class PeriodError(UserFacingError):
    """A period the user typed (or a program asked for) that does not exist."""


def quarter_of(d: date) -> int:
    """1–4: the quarter ``d`` falls in."""
    return (d.month - 1) // 3 + 1


def half_of(d: date) -> int:
    """1 (上半年) or 2 (下半年)."""
    return 1 if d.month <= 6 else 2


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _check_year(year: int) -> None:
    if not (MINYEAR <= year <= MAXYEAR):
        raise PeriodError(f"年份“{year}”无效。")


@dataclass(frozen=True)
class Period:
    """An inclusive date span ``start..end`` of one ``kind`` (see :data:`KINDS`).

    ``year``/``number`` identify calendar periods (``number`` is the quarter 1–4,
    half 1–2 or month 1–12; None for a year); both are None for a ``"range"``.
    Build with the classmethods rather than directly.
    """

    start: date
    end: date
    kind: str
    year: int | None = None
    number: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.end < self.start:
            raise PeriodError(
                f"结束日期早于开始日期：{self.start.isoformat()} 至 {self.end.isoformat()}，"
                "请检查起止日期。"
            )

    # ----------------------------------------------------------- constructors
    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        _check_year(year)
        if q not in (1, 2, 3, 4):
            raise PeriodError(f"季度应为第一至第四季度（Q1–Q4），不能是“{q}”。")
        first = 3 * q - 2
        return cls(date(year, first, 1), _month_end(year, first + 2), "quarter", year, q)

    @classmethod
    def half(cls, year: int, h: int) -> Period:
        _check_year(year)
        if h not in (1, 2):
            raise PeriodError(f"半年应为上半年（H1）或下半年（H2），不能是“{h}”。")
        first = 1 if h == 1 else 7
        return cls(date(year, first, 1), _month_end(year, first + 5), "half", year, h)

    @classmethod
    def year_of(cls, year: int) -> Period:
        _check_year(year)
        return cls(date(year, 1, 1), date(year, 12, 31), "year", year, None)

    @classmethod
    def month(cls, year: int, m: int) -> Period:
        _check_year(year)
        if not (1 <= m <= 12):
            raise PeriodError(f"月份应为 1–12，不能是“{m}”。")
        return cls(date(year, m, 1), _month_end(year, m), "month", year, m)

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        """Start..end inclusive. A span that is exactly a month, quarter, half or
        year comes back as that kind, so its name reads naturally."""
        start = start.date() if isinstance(start, datetime) else start
        end = end.date() if isinstance(end, datetime) else end
        if start.day == 1 and start.year == end.year:
            y, m = start.year, start.month
            candidates = [cls.month(y, m)]
            if m % 3 == 1:
                candidates.append(cls.quarter(y, m // 3 + 1))
            if m in (1, 7):
                candidates.append(cls.half(y, 1 if m == 1 else 2))
            if m == 1:
                candidates.append(cls.year_of(y))
            for candidate in candidates:
                if candidate.end == end:
                    return candidate
        return cls(start, end, "range")

    # ------------------------------------------------------------------ names
    @property
    def name(self) -> str:
        """Full Chinese name: 2026年第三季度 / 2026年上半年 / 2026年度 / 2026年5月 /
        2026年3月1日至5月31日."""
        if self.kind == "range":
            s, e = self.start, self.end
            tail = f"{e.month}月{e.day}日"
            if e.year != s.year:
                tail = f"{e.year}年{tail}"
            return f"{s.year}年{s.month}月{s.day}日至{tail}"
        if self.kind == "year":
            return f"{self.year}年度"
        return f"{self.year}年{self.short_name}"

    @property
    def short_name(self) -> str:
        """Name without the year: 第三季度 / 上半年 / 全年 / 5月 (a range: its full name)."""
        if self.kind == "quarter":
            return f"第{_CN_QUARTER[self.number]}季度"
        if self.kind == "half":
            return _HALF_NAME[self.number]
        if self.kind == "year":
            return "全年"
        if self.kind == "month":
            return f"{self.number}月"
        return self.name

    @property
    def code(self) -> str:
        """Machine form: 2026Q3 / 2026H1 / 2026 / 2026-05 / 2026-03-01..2026-05-31."""
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        if self.kind == "half":
            return f"{self.year}H{self.number}"
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        return f"{self.start_iso}..{self.end_iso}"

    def __str__(self) -> str:
        return self.name

    # ------------------------------------------------------------------ dates
    @property
    def start_iso(self) -> str:
        return self.start.isoformat()

    @property
    def end_iso(self) -> str:
        return self.end.isoformat()

    @property
    def days(self) -> int:
        """Number of days, both ends included."""
        return (self.end - self.start).days + 1

    def contains(self, d: date) -> bool:
        if isinstance(d, datetime):
            d = d.date()
        return self.start <= d <= self.end

    def months(self) -> list[tuple[int, int]]:
        """Every (year, month) the period touches, in order."""
        out: list[tuple[int, int]] = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    @property
    def month_span(self) -> tuple[str, str] | None:
        """("2026-01", "2026-12") when the period is whole calendar months (every kind but
        most ranges), so monthly totals can stand for its records; None otherwise."""
        if self.start.day != 1 or self.end != _month_end(self.end.year, self.end.month):
            return None
        return self.start_iso[:7], self.end_iso[:7]

    def previous(self) -> Period:
        """The period just before, of the same kind and length (2026Q1 → 2025Q4).
        For a range: the same number of days ending the day before ``start``."""
        y, n = self.year, self.number
        if self.kind == "quarter":
            return Period.quarter(y - 1, 4) if n == 1 else Period.quarter(y, n - 1)
        if self.kind == "half":
            return Period.half(y - 1, 2) if n == 1 else Period.half(y, 1)
        if self.kind == "year":
            return Period.year_of(y - 1)
        if self.kind == "month":
            return Period.month(y - 1, 12) if n == 1 else Period.month(y, n - 1)
        end = self.start - timedelta(days=1)
        return Period.between(end - timedelta(days=self.days - 1), end)


# ------------------------------------------------------------------- parsing
_SEPARATOR = re.compile(r"\.{2,}|…+|~|〜|至|到|—+|–")
_YEAR = re.compile(r"(\d{4})(?:年|年度|年全年|全年)?")
_HALF = re.compile(r"(\d{4})(?:[Hh](\d+)|年?(上|下)半年度?)")
_QUARTER = re.compile(r"(\d{4})(?:年?[Qq](\d+)|年?第?([一二三四五六七八九十\d]+)季度?)")
_MONTH = re.compile(r"(\d{4})(?:[-/.]|年)(\d{1,2})(?:月份?)?")
_DATE = re.compile(r"(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?|(\d{4})(\d{2})(\d{2})")
_DATE_NO_YEAR = re.compile(r"(\d{1,2})(?:[-/.]|月)(\d{1,2})日?")
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4}


class _Bad(Exception):
    """Internal: why a text is not a period (the reason clause of the message)."""


def _year(text: str) -> int:
    year = int(text)
    if not (MIN_YEAR <= year <= MAX_YEAR):
        raise _Bad(f"年份应在 {MIN_YEAR}–{MAX_YEAR} 之间")
    return year


def _parse_date(text: str, default_year: int | None = None) -> date:
    """One end of a range: a full date (validation.parse_date does the reading), or with
    ``default_year`` also a date without a year (5月31日, 5-31)."""
    if default_year is not None and (m := _DATE_NO_YEAR.fullmatch(text)):
        text = f"{default_year}年{m.group(1)}月{m.group(2)}日"
    elif not _DATE.fullmatch(text):
        raise _Bad(f"“{text}”不是日期（例如 2026-03-01 或 2026/3/1）")
    try:
        day = parse_date(text)
    except InvalidValue as exc:
        raise _Bad(exc.reason) from None
    _year(str(day.year))
    return day


def _parse(s: str) -> Period:
    parts = _SEPARATOR.split(s)
    if len(parts) == 2:
        start = _parse_date(parts[0])
        end = _parse_date(parts[1], default_year=start.year)
        if end < start:
            raise _Bad(f"结束日期（{end.isoformat()}）早于开始日期（{start.isoformat()}）")
        return Period.between(start, end)
    if len(parts) > 2:
        raise _Bad("起止日期只能有一个分隔符")
    if m := _YEAR.fullmatch(s):
        return Period.year_of(_year(m.group(1)))
    if m := _HALF.fullmatch(s):
        year = _year(m.group(1))
        if m.group(3):
            return Period.half(year, 1 if m.group(3) == "上" else 2)
        if m.group(2) not in ("1", "2"):
            raise _Bad("半年应为 H1（上半年）或 H2（下半年）")
        return Period.half(year, int(m.group(2)))
    if m := _QUARTER.fullmatch(s):
        year = _year(m.group(1))
        raw = m.group(2) or m.group(3)
        q = _CN_DIGIT.get(raw) or (int(raw) if raw.isdigit() else 0)
        if not (1 <= q <= 4):
            raise _Bad("季度应为 Q1–Q4（第一至第四季度）")
        return Period.quarter(year, q)
    if m := _MONTH.fullmatch(s):
        year = _year(m.group(1))
        month = int(m.group(2))
        if not (1 <= month <= 12):
            raise _Bad("月份应为 1–12")
        return Period.month(year, month)
    if _DATE.fullmatch(s):
        raise _Bad("只有一个日期；自定义期间请写起止两个日期")
    raise _Bad("格式不对")


def parse_period(text: str) -> Period:
    """Parse what a user (or the CLI) typed into a :class:`Period`.

    Accepts codes (2026, 2026H1, 2026Q3, 2026-05, 2026-03-01..2026-05-31; the range
    separator may also be ``~`` or ``至``, dates also 2026/3/1) and Chinese names
    (2026年上半年, 2026年第三季度, 2026年三季度, 2026年度, 2026年全年, 2026年,
    2026年5月). Full-width characters and spaces are fine. Years 2000–2100.
    Raises :class:`PeriodError` with a Chinese message otherwise.
    """
    shown = (text or "").strip()
    if not shown:
        raise PeriodError(f"请填写期间。{FORMATS_HINT}")
    s = re.sub(r"\s+", "", normalize_text(shown))
    try:
        return _parse(s)
    except _Bad as exc:
        raise PeriodError(f"无法识别的期间“{shown}”：{exc}。{FORMATS_HINT}") from None


# ------------------------------------------------------------- current/presets
def current_period(kind: str, today: date | None = None) -> Period:
    """The period of ``kind`` ("quarter" | "half" | "year" | "month") containing today."""
    d = today or clock.today()
    if kind == "quarter":
        return Period.quarter(d.year, quarter_of(d))
    if kind == "half":
        return Period.half(d.year, half_of(d))
    if kind == "year":
        return Period.year_of(d.year)
    if kind == "month":
        return Period.month(d.year, d.month)
    raise ValueError(f"current_period: unknown kind {kind!r}")


def preset_periods(today: date | None = None) -> list[tuple[str, Period]]:
    """Choices for the UI period picker, as (Chinese label, period)."""
    d = today or clock.today()
    this_quarter = current_period("quarter", d)
    return [
        ("本月", current_period("month", d)),
        ("本季度", this_quarter),
        ("上半年", Period.half(d.year, 1)),
        ("下半年", Period.half(d.year, 2)),
        ("全年", Period.year_of(d.year)),
        ("上季度", this_quarter.previous()),
    ]
