"""Parse and normalise single field values: dates, times, counts, choices, text.

ID numbers and phones have their own module, ``identity``, built on the helpers here.

This is the one place where a raw value typed by the user or read from an Excel cell
becomes a clean Python value. Every rejection raises :class:`InvalidValue`; its
``reason`` is a short Chinese sentence (what is wrong and what to do) *without* the
field label, which the caller prefixes, e.g. ``"身份证号：" + error.reason``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal


class InvalidValue(ValueError):
    """A value was rejected; ``reason`` is the Chinese explanation (no field label)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


EMPTY_REASON = "不能为空，请填写"

# --------------------------------------------------------------------------- text

# Full-width ASCII (U+FF01..U+FF5E) → half-width, except Chinese sentence punctuation
# (，！；？) that belongs to prose; ideographic space → space; zero-width chars dropped.
_KEEP_FULL_WIDTH = "，！；？"
_TRANSLATION: dict[int, int | None] = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP_FULL_WIDTH
}
_TRANSLATION[0x3000] = 0x20
_TRANSLATION.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff")))
# For prose only full-width digits and letters are converted.
_PROSE_TRANSLATION: dict[int, int | None] = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code).isalnum()
}
_PROSE_TRANSLATION[0x3000] = 0x20
_PROSE_TRANSLATION.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff")))
# Control characters break every document (XML cannot hold C0 controls) and bidi
# overrides can make text display in another order than it is stored: both are dropped
# from every value (tab, line feed and carriage return are whitespace, handled above).
_INVISIBLE_CONTROLS = [c for c in range(0x20) if chr(c) not in "\t\n\r"] + [0x7F] + [
    *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
_TRANSLATION.update(dict.fromkeys(_INVISIBLE_CONTROLS))
_PROSE_TRANSLATION.update(dict.fromkeys(_INVISIBLE_CONTROLS))


def normalize_text(value: object) -> str:
    """Text form of ``value``: full-width digits/letters → half-width, spaces collapsed.

    ``None`` becomes ""; an integral float (as Excel stores numbers) loses its ".0".
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).translate(_TRANSLATION).split())


def _digits_only(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def _shown(text: str, limit: int = 20) -> str:
    """``text`` shortened for quoting inside a reason."""
    return text if len(text) <= limit else text[:limit] + "…"


def _plain_number(number: float | Decimal) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return str(number)


# --------------------------------------------------------------------------- dates


def _build_date(year: int, month: int, day: int, shown: str, what: str = "日期") -> dt.date:
    """``date(year, month, day)`` or InvalidValue naming why that day does not exist."""
    if not 1 <= month <= 12:
        why = f"月份应为1到12，现为{month}"
    else:
        days = calendar.monthrange(year, month)[1]
        if 1 <= day <= days:
            return dt.date(year, month, day)
        why = f"日应为1到{days}" if day < 1 else f"{year}年{month}月只有{days}天"
    raise InvalidValue(f"{what}“{_shown(shown)}”不存在（{why}），请核对")


def _check_year(year: int) -> None:
    if not 1900 <= year <= 2100:
        raise InvalidValue(f"年份{year}超出范围（应在1900到2100年之间），请核对")


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 73050  # 2099-12-31


def _from_excel_serial(serial: float) -> dt.date:
    """Excel 1900 date system; serial 60 is Excel's non-existent 1900-02-29."""
    if not (math.isfinite(serial) and 1 <= serial < _EXCEL_MAX_SERIAL + 1):
        raise InvalidValue(
            f"数字{_plain_number(serial)}不是有效的Excel日期（应在1到{_EXCEL_MAX_SERIAL}之间），"
            "请按 2026-05-06 的格式填写"
        )
    days = int(serial)
    if days == 60:
        raise InvalidValue("Excel日期序号60对应1900年2月29日，这一天并不存在，请核对")
    return _EXCEL_EPOCH + dt.timedelta(days=days + (1 if days < 60 else 0))


_TIME_SUFFIX = r"(?:(?:T|\s+|(?<=[日号]))\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_FORMS = tuple(
    re.compile(pattern + _TIME_SUFFIX, re.ASCII)
    for pattern in (
        r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})",
        r"(?P<y>\d{4}) ?年 ?(?P<m>\d{1,2}) ?月 ?(?P<d>\d{1,2}) ?[日号]?",
        r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})",
    )
)
_SERIAL_TEXT = re.compile(r"\d{1,5}(?:\.\d+)?", re.ASCII)
# dates as people type them for a day near today: “11月29日” (this year), “29日” (this month)
_MONTH_DAY = re.compile(r"(?P<m>\d{1,2}) ?月 ?(?P<d>\d{1,2}) ?[日号]?", re.ASCII)
_DAY_ONLY = re.compile(r"(?P<d>\d{1,2}) ?[日号]", re.ASCII)
_RELATIVE_DAYS = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2}


def parse_date(value: object, *, today: dt.date | None = None) -> dt.date:
    """A date from a date/datetime, an Excel serial number, or common Chinese date text;
    also “今天/昨天/前天”, “11月29日” (this year) and “29日” (this month) against ``today``."""
    if isinstance(value, bool):
        raise InvalidValue("应填写日期，请按 2026-05-06 的格式填写")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        _check_year(value.year)
        return value
    if isinstance(value, int | float):
        return _from_excel_serial(value)
    text = normalize_text(value)
    if not text:
        raise InvalidValue(EMPTY_REASON)
    if _SERIAL_TEXT.fullmatch(text):
        return _from_excel_serial(float(text))
    near = _near_date(text, today or dt.date.today())
    if near is not None:
        return near
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            year = int(match["y"])
            _check_year(year)
            return _build_date(year, int(match["m"]), int(match["d"]), text)
    raise InvalidValue(
        f"无法识别“{_shown(text)}”为日期，请按 2026-05-06 或 2026年5月6日 的格式填写"
    )


def _near_date(text: str, today: dt.date) -> dt.date | None:
    if text in _RELATIVE_DAYS:
        return today + dt.timedelta(days=_RELATIVE_DAYS[text])
    match = _MONTH_DAY.fullmatch(text)
    if match:
        return _build_date(today.year, int(match["m"]), int(match["d"]), text)
    match = _DAY_ONLY.fullmatch(text)
    if match:
        return _build_date(today.year, today.month, int(match["d"]), text)
    return None


# --------------------------------------------------------------------------- times

_TIME_FORMS = (
    re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?", re.ASCII),
    re.compile(r"(?P<h>\d{1,2}) ?[点时](?: ?(?P<m>\d{1,2}) ?分?|(?P<half>半))?", re.ASCII),
)
_TIME_HINT = "请按 9:30 或 9点30分 的格式填写"


def _in_range(number: int, highest: int, unit: str) -> int:
    if number > highest:
        raise InvalidValue(f"{unit}应为0到{highest}，现为{number}，请核对")
    return number


def parse_time(value: object) -> str:
    """A time of day as zero-padded ``HH:MM`` (seconds are dropped)."""
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 0 <= value < 1:  # also rejects NaN
            raise InvalidValue(f"数字{_plain_number(value)}不是有效的时间，{_TIME_HINT}")
        minutes = min(round(value * 86400) // 60, 24 * 60 - 1)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = normalize_text(value)
    if not text:
        raise InvalidValue(EMPTY_REASON)
    for form in _TIME_FORMS:
        match = form.fullmatch(text)
        if match:
            hour = _in_range(int(match["h"]), 23, "小时")
            parts = match.groupdict()
            minute = 30 if parts.get("half") else _in_range(int(parts["m"] or 0), 59, "分钟")
            _in_range(int(parts.get("s") or 0), 59, "秒")
            return f"{hour:02d}:{minute:02d}"
    raise InvalidValue(f"无法识别“{_shown(text)}”为时间，{_TIME_HINT}")


# --------------------------------------------------------------------------- numbers

_NUMBER = re.compile(
    r"(?P<num>[+-]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?)"
    r" ?(?P<unit>[A-Za-z]{1,4}[²³23]?|㎡|[\u4e00-\u9fff]{1,4})?",
    re.ASCII,
)
_MAGNITUDES = "十百千万亿"
# Words of a guess, not a unit: "0很多", "20多人", "100余份", "50左右", "30人以上", "约…".
_APPROXIMATE = "多余约很几若左右上下来"


def _number(value: object, wanted: str, *, exact: bool = False) -> Decimal:
    """A finite number from a number or text such as "1,200", "12人次", "300平方米";
    ``exact`` refuses a guess such as "0很多" or "20多人" (the rest would be read as a unit)."""
    if isinstance(value, bool):
        raise InvalidValue(f"应填写数字，请填写{wanted}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValue(f"不是有效的数字，请填写{wanted}")
        return Decimal(repr(value))
    text = normalize_text(value)
    if not text:
        raise InvalidValue(f"不能为空，请填写{wanted}（没有请填0）")
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise InvalidValue(f"“{_shown(text)}”不是数字，请填写{wanted}")
    if match["unit"] and any(char in _MAGNITUDES for char in match["unit"]):
        raise InvalidValue("请直接写出完整的数字，不要用“万”“千”等单位（如 12000）")
    if exact and match["unit"] and any(char in _APPROXIMATE for char in match["unit"]):
        raise InvalidValue(f"“{_shown(text)}”不是确切的数字，请填写{wanted}（如 12000）")
    return Decimal(re.sub("[,，]", "", match["num"]))


def parse_count(value: object) -> int:
    """A non-negative whole number; a trailing unit such as 人/人次/次 is ignored."""
    number = _number(value, "0或正整数", exact=True)
    if number < 0:
        raise InvalidValue("不能为负数，请填写0或正整数")
    if number != number.to_integral_value():
        raise InvalidValue(f"应为整数（现为{number}），请填写0或正整数")
    return int(number)


def parse_amount(value: object) -> float:
    """A non-negative number such as an area or a sum; a trailing unit is ignored."""
    number = _number(value, "0或正数")
    if number < 0:
        raise InvalidValue("不能为负数，请填写0或正数")
    return float(number)


# --------------------------------------------------------------------------- choices

_GENDERS = {
    "男": "男", "男性": "男", "m": "男", "male": "男",
    "女": "女", "女性": "女", "f": "女", "female": "女",
}  # fmt: skip


def parse_gender(value: object) -> str:
    """``男`` or ``女`` from 男/女/男性/女性/M/F/male/female (any case)."""
    text = normalize_text(value)
    gender = _GENDERS.get(text.casefold())
    if gender:
        return gender
    if not text:
        raise InvalidValue("不能为空，请填写“男”或“女”")
    raise InvalidValue(f"“{_shown(text)}”不是有效的性别，请填写“男”或“女”")


def parse_choice(
    value: object, choices: Sequence[str], synonyms: Mapping[str, str] | None = None
) -> str:
    """One of ``choices``; ``synonyms`` maps other spellings to a choice. Case-insensitive."""
    text = normalize_text(value)
    if text in choices:
        return text
    lookup = {normalize_text(key).casefold(): target for key, target in (synonyms or {}).items()}
    lookup.update({normalize_text(choice).casefold(): choice for choice in choices})
    found = lookup.get(text.casefold()) if text else None
    if found is not None:
        if found not in choices:
            raise ValueError(f"synonym for {text!r} maps to {found!r}, which is not a choice")
        return found
    allowed = "、".join(choices)
    if not text:
        raise InvalidValue(f"不能为空，应为以下之一：{allowed}")
    raise InvalidValue(f"应为以下之一：{allowed}（现为“{_shown(text)}”）")


# --------------------------------------------------------------------------- free text


def _within_length(text: str, max_length: int) -> str:
    if len(text) > max_length:
        raise InvalidValue(f"不能超过{max_length}个字，现有{len(text)}个字，请精简")
    return text


def clean_prose(value: object, *, multiline: bool = False) -> str:
    """Text a person wrote (names, places, contents), kept as written.

    Unlike :func:`normalize_text`, Chinese punctuation （）：，、。 stays full-width; only
    full-width digits and letters become half-width and zero-width characters go. A
    single-line value has its whitespace collapsed; a multi-line one keeps its line breaks.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).translate(_PROSE_TRANSLATION)
    if not multiline:
        return " ".join(text.split())
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def parse_required_text(value: object, *, max_length: int = 200) -> str:
    """Single-line, non-empty text of at most ``max_length`` characters."""
    text = clean_prose(value)
    if not text:
        raise InvalidValue(EMPTY_REASON)
    return _within_length(text, max_length)


def parse_optional_text(value: object, *, max_length: int = 2000, multiline: bool = False) -> str:
    """Text of at most ``max_length`` characters; may be empty; may keep line breaks."""
    return _within_length(clean_prose(value, multiline=multiline), max_length)


# --------------------------------------------------------------------------- fingerprints

_SHA256 = re.compile(r"[0-9a-f]{64}")


def is_sha256(value: object) -> bool:
    """True for a SHA-256 fingerprint as the attachment store names files: 64 hex digits."""
    return isinstance(value, str) and _SHA256.fullmatch(value) is not None


def parse_sha256(value: object) -> str:
    """A file fingerprint: 64 hexadecimal digits (upper case accepted, stored lower case)."""
    text = normalize_text(value).lower()
    if not text:
        raise InvalidValue(EMPTY_REASON)
    if not is_sha256(text):
        raise InvalidValue(f"“{_shown(text)}”不是有效的文件指纹（应为64位十六进制数字）")
    return text
