"""How figures are written for people: 24次, 312人次, 1248小时, 8.4%, 2026年6月30日."""

from __future__ import annotations

from datetime import date


def format_number(value: float) -> str:
    """12 → "12", 12.5 → "12.5", 1248.0 → "1248" (no thousands separators, as 公文 write)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def format_quantity(value: float, unit: str) -> str:
    """A number with its unit: format_quantity(24, "次") → "24次"."""
    return f"{format_number(value)}{unit}"


def format_hours(hours: float) -> str:
    """1248.0 → "1248小时", 12.5 → "12.5小时"."""
    return format_quantity(round(hours, 1), "小时")


def format_percent(ratio: float | None, *, digits: int = 1) -> str:
    """0.084 → "8.4%", 1 → "100%", None → "—"."""
    if ratio is None:
        return "—"
    text = f"{ratio * 100:.{digits}f}".rstrip("0").rstrip(".")
    return f"{text}%"


def format_date_cn(value: str | date | None) -> str:
    """A date (or ISO text "2026-06-30") → "2026年6月30日" (no leading zeros); empty → ""."""
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{day.year}年{day.month}月{day.day}日"
