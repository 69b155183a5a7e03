"""ID numbers (GB 11643) and phone numbers: parse, check and mask.

Field validators like those of ``validation`` (the one place every other field kind is
parsed), built on its helpers: a rejection raises :class:`validation.InvalidValue` with a
short Chinese reason and no field label.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from chuangcheng_desktop.core.rules.validation import (
    EMPTY_REASON,
    InvalidValue,
    _build_date,
    _digits_only,
    normalize_text,
)

# --------------------------------------------------------------------------- ID numbers

_PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83", "91",
})  # fmt: skip
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID_SHAPE = "应为18位（或旧式15位）数字，最后一位可以是X"
_ID_LOST = "号码被Excel当成了数字，后几位已丢失；请把该列设为“文本”格式后重新输入号码"


@dataclass(frozen=True)
class IdNumber:
    """A valid 18-character resident ID number and what it encodes."""

    number: str
    birth_date: dt.date
    gender: str  # "男" / "女"
    converted_from_15: bool


def id_check_char(first17: str) -> str:
    """The 18th character (GB 11643 checksum) for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def _id_shape_error(text: str) -> InvalidValue:
    bad = re.search(r"[^0-9X]", text)
    if bad:
        return InvalidValue(f"含有无效字符“{bad.group()}”，{_ID_SHAPE}，请核对")
    if len(text) in (15, 18):
        return InvalidValue("X只能出现在18位号码的最后一位，请核对")
    return InvalidValue(f"{_ID_SHAPE}，现有{len(text)}位，请核对")


def _id_birth_date(digits: str, today: dt.date) -> dt.date:
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if year < 1900:
        raise InvalidValue(f"出生日期“{digits}”早于1900年，请核对号码")
    birth = _build_date(year, month, day, digits, "出生日期")
    if birth > today:
        raise InvalidValue(f"出生日期“{digits}”晚于今天，请核对号码")
    return birth


_ID_SPACING = re.compile(r"[\s-]")
_ID_EXPONENT = re.compile(r"\d(?:\.\d+)?E\+?\d+", re.ASCII)
_ID_SHAPE_RE = re.compile(r"\d{17}[\dX]|\d{15}", re.ASCII)


def id_number_facts(number: str) -> tuple[dt.date, str]:
    """(birth date, gender) encoded in an ID number that :func:`parse_id_number` already
    returned: read off its digits without checking it again."""
    return (dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
            "男" if int(number[16]) % 2 else "女")


def parse_id_number(value: object, *, today: dt.date | None = None) -> IdNumber:
    """A resident ID number (GB 11643-1999); 15-digit legacy numbers are converted to 18."""
    if isinstance(value, float) and abs(value) >= 2**53:
        raise InvalidValue(_ID_LOST)
    text = _ID_SPACING.sub("", normalize_text(value)).upper()
    if not text:
        raise InvalidValue(EMPTY_REASON)
    if _ID_EXPONENT.fullmatch(text):
        raise InvalidValue(_ID_LOST)
    if not _ID_SHAPE_RE.fullmatch(text):
        raise _id_shape_error(text)
    if text[:2] not in _PROVINCES:
        raise InvalidValue(f"前两位“{text[:2]}”不是有效的省份代码，请核对号码")
    legacy = len(text) == 15
    first17 = text[:6] + "19" + text[6:] if legacy else text[:17]
    birth = _id_birth_date(first17[6:14], today or dt.date.today())
    check = id_check_char(first17)
    if not legacy and text[17] != check:
        raise InvalidValue(f"校验码不正确（最后一位应为 {check}），请逐位核对号码")
    gender = "男" if int(first17[16]) % 2 else "女"
    return IdNumber(first17 + check, birth, gender, legacy)


def mask_id_number(number: str) -> str:
    """``110101********1234`` for display; short junk is masked completely."""
    if not number:
        return ""
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[-4:]
    if len(number) == 15:
        return number[:6] + "*" * 5 + number[-4:]
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]


# --------------------------------------------------------------------------- phones

_NOT_PHONE = "不是有效的手机号或固定电话，请核对"
_EXTENSION = re.compile(r"(?P<main>.*?) ?(?:转|分机|ext\.?|x) ?(?P<ext>\d{1,6})", re.I | re.A)


def _mobile(digits: str, extension: str) -> str:
    if extension:
        raise InvalidValue("手机号不能带分机号，请删去分机号")
    if re.fullmatch(r"1[3-9]\d{9}", digits, re.ASCII):
        return digits
    if re.match(r"1[3-9]", digits):
        raise InvalidValue(f"手机号应为11位数字，现有{len(digits)}位，请核对")
    raise InvalidValue(_NOT_PHONE)


def _landline(groups: list[str], extension: str) -> str:
    """``groups`` are the digit runs as typed; the first starts with the area code."""
    first = groups[0]
    if first[1] == "0":
        raise InvalidValue(_NOT_PHONE)
    area_length = 3 if first[1] in "12" else 4
    if len(first) < area_length:
        raise InvalidValue(f"区号“{first}”位数不对（010、02X为3位，其他区号为4位，如0571），请核对")
    rest = ([first[area_length:]] if len(first) > area_length else []) + groups[1:]
    number, *tail = rest or [""]
    if len(number) < 7 and tail and len(number + tail[0]) in (7, 8):
        number += tail.pop(0)  # "010 1234 5678"
    if len(tail) == 1 and not extension and len(tail[0]) <= 6:
        extension = tail.pop()  # "010-12345678-123"
    if tail:
        raise InvalidValue(_NOT_PHONE)
    if len(number) not in (7, 8):
        raise InvalidValue(f"固定电话号码（不含区号）应为7到8位数字，现有{len(number)}位，请核对")
    if number.startswith("0"):
        raise InvalidValue(_NOT_PHONE)
    return f"{first[:area_length]}-{number}" + (f"-{extension}" if extension else "")


def parse_phone(value: object) -> str:
    """A mobile (``13812345678``), landline (``010-12345678[-123]``), local number
    (``88886666``) or 400/800 service number (``400-123-4567``)."""
    text = normalize_text(value)
    if not text:
        raise InvalidValue(EMPTY_REASON)
    if re.search(r"[/、,，;；|]", text):
        raise InvalidValue("只能填写一个电话号码，请只保留一个")
    match = _EXTENSION.fullmatch(text)
    main, extension = (match["main"], match["ext"]) if match else (text, "")
    bad = re.search(r"[^0-9 ()+-]", main)
    if bad:
        raise InvalidValue(
            f"含有无效字符“{bad.group()}”，请只填写数字（可用空格、短横线或括号分隔）"
        )
    digits = _digits_only(main)
    if "+" in main:
        if not re.match(r"\(?\+86", main):
            raise InvalidValue("只支持中国大陆的号码（+86），请核对")
        return _mobile(digits[2:], extension)
    if digits.startswith("0086"):
        return _mobile(digits[4:], extension)
    if digits.startswith("861") and len(digits) == 13:
        return _mobile(digits[2:], extension)
    if digits.startswith("1"):
        return _mobile(digits, extension)
    if len(digits) == 10 and digits[:3] in ("400", "800") and not extension:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if digits.startswith("0") and len(digits) > 2:
        return _landline(re.findall(r"[0-9]+", main), extension)
    if len(digits) in (7, 8):
        return digits + (f"-{extension}" if extension else "")
    raise InvalidValue(_NOT_PHONE)


def mask_phone(number: str) -> str:
    """``138****5678`` for display and for files that leave the office; any other number
    keeps its first 3 and last 4 digits (``057*****1234``), a short one is masked whole."""
    digits = re.sub(r"\D", "", number or "")
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
