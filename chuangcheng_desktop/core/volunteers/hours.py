"""Service hours from the record: an activity's duration, minutes from 签到/签退 times, and
the cap by the activity's duration (unless the user gives a reason)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chuangcheng_desktop.core.rules.validation import (
    EMPTY_REASON,
    InvalidValue,
    normalize_text,
)
from chuangcheng_desktop.core.storage.errors import FieldError

DEFAULT_MINUTES = 120  # when an activity has no start and end time


def clock_minutes(text: str) -> int | None:
    """"08:30" → 510; "" or junk → None."""
    try:
        hours, minutes = (int(part) for part in str(text).split(":")[:2])
    except ValueError:
        return None
    return hours * 60 + minutes


def activity_duration(activity: dict[str, Any]) -> int | None:
    """Minutes between the activity's start and end time, None when either is missing."""
    start = clock_minutes(activity.get("start_time") or "")
    end = clock_minutes(activity.get("end_time") or "")
    if start is None or end is None or not 0 < end - start <= 1440:
        return None
    return end - start


def default_minutes(activity: dict[str, Any]) -> int:
    """What a ticked volunteer gets: the activity's own duration, or 120 when unknown."""
    return activity_duration(activity) or DEFAULT_MINUTES


def span_minutes(sign_in: str, sign_out: str) -> int | None:
    """Minutes from 签到 to 签退, None unless both are known and 签退 is later."""
    start, end = clock_minutes(sign_in or ""), clock_minutes(sign_out or "")
    if start is None or end is None or end <= start:
        return None
    return end - start


@dataclass(frozen=True)
class ServiceMinutes:
    minutes: int
    capped: bool = False  # cut down to the activity's duration
    over: bool = False  # above the duration, kept because a reason was given


def service_minutes(activity: dict[str, Any], *, minutes: int | None = None, sign_in: str = "",
                    sign_out: str = "", cap_reason: str = "") -> ServiceMinutes:
    """The minutes a record keeps: from the times when both are known, else ``minutes``,
    else the activity's default; never more than the activity's duration unless
    ``cap_reason`` says why."""
    span = span_minutes(sign_in, sign_out)
    value = span if span is not None else (minutes or default_minutes(activity))
    duration = activity_duration(activity)
    if duration is None or value <= duration:
        return ServiceMinutes(value)
    if cap_reason.strip():
        return ServiceMinutes(value, over=True)
    return ServiceMinutes(duration, capped=True)


_HOURS_HINT = "请按“2”“2.5”“2小时”“90分钟”或“1小时30分钟”填写"
_DURATION = re.compile(
    r"(?:(?P<h>\d+(?:\.\d+)?)\s*(?:小时|个小时|时|h|hr|hours?))?\s*"
    r"(?:(?P<m>\d+)\s*(?:分钟|分|min|mins|minutes?))?")


def parse_service_hours(value: object) -> int:
    """Service time typed as hours, returned in whole minutes: 2 → 120, "2.5" → 150,
    "2小时" → 120, "90分钟" → 90, "1小时30分" → 90 (a bare number means hours)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
    else:
        text = normalize_text(value).lower().replace("半", ".5")
    if not text:
        raise InvalidValue(EMPTY_REASON)
    text = text.replace(" ", "")
    if text.startswith("."):
        text = "0" + text
    match = re.fullmatch(r"\d+(?:\.\d+)?", text)
    if match:
        minutes = round(float(text) * 60)
    else:
        match = _DURATION.fullmatch(text.replace("小时.5", ".5小时"))
        if not match or not (match["h"] or match["m"]):
            raise InvalidValue(f"无法识别“{text[:20]}”为服务时长，{_HOURS_HINT}")
        minutes = round(float(match["h"] or 0) * 60) + int(match["m"] or 0)
    if not 0 < minutes <= 24 * 60:
        raise InvalidValue("应在1分钟到24小时之间，请核对")
    return minutes



def service_record_rules(values: dict[str, Any]) -> list[FieldError]:
    """A service record's cross-field rules: 补录 needs a reason; minutes from the
    签到/签退 times when not typed, and never more than the time between them."""
    if values.get("source") == "补录" and not values.get("reason"):
        return [FieldError("reason", "补录原因", "补录原因：补录的服务记录必须写明原因")]
    if values.get("source") == "签到":
        values["reason"] = values.get("reason") or ""
    start, end = values.get("sign_in"), values.get("sign_out")
    if start and end:
        span = (clock_minutes(end) or 0) - (clock_minutes(start) or 0)
        if span <= 0:
            return [FieldError("sign_out", "签退时间", "签退时间：不晚于签到时间，请核对")]
        if not values.get("minutes"):
            values["minutes"] = span  # hours from the record, not from memory
        elif values["minutes"] > span:
            return [FieldError("minutes", "服务时长",
                               "服务时长：超过了签到到签退的时间，请核对")]
    if not values.get("minutes"):
        return [FieldError("minutes", "服务时长", "服务时长：不能为空，请填写（或填写签到、签退时间）")]
    return []
