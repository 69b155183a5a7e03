"""Table-driven tests for chuangcheng_desktop.core.rules.validation."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.identity import IdNumber, mask_id_number, parse_id_number, parse_phone
from chuangcheng_desktop.core.rules.validation import (
    InvalidValue,
    normalize_text,
    parse_amount,
    parse_choice,
    parse_count,
    parse_date,
    parse_gender,
    parse_optional_text,
    parse_required_text,
    parse_time,
)

TODAY = dt.date(2026, 5, 6)
LABELS = ("身份证号", "手机号码", "联系电话", "日期", "性别", "人数")


def with_check(first17: str) -> str:
    """Append the GB 11643 check character, derived independently of the module.

    Weight of position i (1-based, from the left) is 2**(18 - i) mod 11; the check value
    is (12 - sum mod 11) mod 11, where 10 is written as X.
    """
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17))
    value = (12 - total % 11) % 11
    return first17 + ("X" if value == 10 else str(value))


def wrong_check(valid: str) -> str:
    """``valid`` with a different (wrong) last character."""
    return valid[:17] + ("0" if valid[17] != "0" else "1")


def reject(func, *args, **kwargs) -> str:
    """Call ``func`` expecting InvalidValue; check the reason is label-free Chinese."""
    with pytest.raises(InvalidValue) as info:
        func(*args, **kwargs)
    reason = info.value.reason
    assert reason and str(info.value) == reason
    assert re.search(r"[\u4e00-\u9fff]", reason), reason
    assert not reason.startswith(tuple(label + "：" for label in LABELS)), reason
    assert isinstance(info.value, ValueError)
    return reason


# --------------------------------------------------------------------------- helper sanity


def test_check_helper_matches_known_valid_number() -> None:
    assert with_check("11010519491231002") == "11010519491231002X"


# --------------------------------------------------------------------------- normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("  abc  ", "abc"),
        ("１３８　１２３４\t\n５６７８", "138 1234 5678"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
        ("２０２６－０５／０６ ９：３０．５", "2026-05/06 9:30.5"),
        ("（一）张三、李四，王五。", "(一)张三、李四，王五。"),
        ("好！对吗？是；", "好！对吗？是；"),
        ("a\u200bb\ufeff", "ab"),
        (12, "12"),
        (12.0, "12"),
        (12.5, "12.5"),
    ],
)
def test_normalize_text(raw: object, expected: str) -> None:
    assert normalize_text(raw) == expected


# --------------------------------------------------------------------------- ID numbers

VALID_18 = [
    ("11010519491231002X", dt.date(1949, 12, 31), "女"),
    (with_check("44030420000229001"), dt.date(2000, 2, 29), "男"),
    (with_check("65010119900101123"), dt.date(1990, 1, 1), "男"),
    (with_check("81000019800615002"), dt.date(1980, 6, 15), "女"),
    (with_check("91000019000101001"), dt.date(1900, 1, 1), "男"),
    (with_check("33010620260506004"), TODAY, "女"),
]


@pytest.mark.parametrize(("number", "birth", "gender"), VALID_18)
def test_parse_id_number_valid_18(number: str, birth: dt.date, gender: str) -> None:
    assert parse_id_number(number, today=TODAY) == IdNumber(number, birth, gender, False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002x", "11010519491231002X"),
        (" 110105 19491231 002X ", "11010519491231002X"),
        ("110105-19491231-002X", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
    ],
)
def test_parse_id_number_normalises(raw: str, expected: str) -> None:
    assert parse_id_number(raw, today=TODAY).number == expected


@pytest.mark.parametrize(
    ("legacy", "birth", "gender"),
    [
        ("110105491231002", dt.date(1949, 12, 31), "女"),
        ("320102850704123", dt.date(1985, 7, 4), "男"),
        (320102850704123, dt.date(1985, 7, 4), "男"),
    ],
)
def test_parse_id_number_converts_15(legacy: object, birth: dt.date, gender: str) -> None:
    text = str(legacy)
    result = parse_id_number(legacy, today=TODAY)
    assert result == IdNumber(with_check(text[:6] + "19" + text[6:]), birth, gender, True)


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("", "不能为空"),
        ("1101051949123100", "现有16位"),
        ("110105194912310021X", "现有19位"),
        ("11010519491231002Y", "“Y”"),
        ("1101051949X231002X", "X只能出现在"),
        ("11010549123100X", "X只能出现在"),
        (wrong_check("11010519491231002X"), "最后一位应为 X"),
        (with_check("00010519491231002"), "“00”不是有效的省份代码"),
        (with_check("19010519491231002"), "“19”不是有效的省份代码"),
        (with_check("11010520230229002"), "2023年2月只有28天"),
        (with_check("11010519491301002"), "月份应为1到12"),
        (with_check("11010518991231002"), "早于1900年"),
        (with_check("11010520260507002"), "晚于今天"),
        ("110105490230002", "1949年2月只有28天"),
        (1.10105194912310e17, "Excel"),
        ("1.10105E+17", "Excel"),
    ],
)
def test_parse_id_number_rejects(raw: object, needle: str) -> None:
    assert needle in reject(parse_id_number, raw, today=TODAY)


def test_parse_id_number_checksum_reason_is_exact() -> None:
    reason = reject(parse_id_number, "110105194912310021", today=TODAY)
    assert reason == "校验码不正确（最后一位应为 X），请逐位核对号码"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("11010519491231002X", "110105********002X"),
        ("110105491231002", "110105*****1002"),
        ("", ""),
        ("12345678", "12****78"),
        ("abc", "***"),
    ],
)
def test_mask_id_number(number: str, expected: str) -> None:
    assert mask_id_number(number) == expected


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("(138)12345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("008619912345678", "19912345678"),
        (13812345678, "13812345678"),
        (13812345678.0, "13812345678"),
        ("010-12345678", "010-12345678"),
        ("(010)12345678", "010-12345678"),
        ("（010）12345678", "010-12345678"),
        ("010 1234 5678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("021-1234567", "021-1234567"),
        ("0571-88886666", "0571-88886666"),
        ("0571 8888666", "0571-8888666"),
        ("010-12345678转123", "010-12345678-123"),
        ("010-12345678-123", "010-12345678-123"),
        ("010-12345678 ext123", "010-12345678-123"),
        ("0571-88886666 EXT. 8", "0571-88886666-8"),
        ("88886666", "88886666"),
        ("8888666", "8888666"),
        ("8888-6666", "88886666"),
        ("4001234567", "400-123-4567"),
        ("400-123-4567", "400-123-4567"),
        ("800 123 4567", "800-123-4567"),
    ],
)
def test_parse_phone_valid(raw: object, expected: str) -> None:
    assert parse_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("", "不能为空"),
        ("1381234567", "手机号应为11位数字，现有10位，请核对"),
        ("138123456789", "现有12位"),
        ("12812345678", "不是有效的手机号或固定电话，请核对"),
        ("10086", "不是有效的手机号或固定电话"),
        ("12345", "不是有效的手机号或固定电话"),
        ("13812345678转12", "手机号不能带分机号"),
        ("+1 415 555 0100", "+86"),
        ("138abc45678", "“a”"),
        ("13812345678/13912345678", "只能填写一个"),
        ("010-123456", "现有6位"),
        ("0571-123456789", "现有9位"),
        ("057-88886666", "区号“057”位数不对"),
        ("010-02345678", "不是有效的手机号或固定电话"),
        ("00123456789", "不是有效的手机号或固定电话"),
        ("123456789", "不是有效的手机号或固定电话"),
    ],
)
def test_parse_phone_rejects(raw: object, needle: str) -> None:
    assert needle in reject(parse_phone, raw)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-05-06", dt.date(2026, 5, 6)),
        ("2026-5-6", dt.date(2026, 5, 6)),
        ("2026/5/6", dt.date(2026, 5, 6)),
        ("2026.5.6", dt.date(2026, 5, 6)),
        ("2026年5月6日", dt.date(2026, 5, 6)),
        ("2026年5月6号", dt.date(2026, 5, 6)),
        ("2026 年 5 月 6 日", dt.date(2026, 5, 6)),
        ("20260506", dt.date(2026, 5, 6)),
        ("2026-05-06 14:30:00", dt.date(2026, 5, 6)),
        ("2026-05-06T14:30", dt.date(2026, 5, 6)),
        ("2026年5月6日14:30", dt.date(2026, 5, 6)),
        ("  ２０２６－０５－０６  ", dt.date(2026, 5, 6)),
        ("2024-02-29", dt.date(2024, 2, 29)),
        (dt.date(2026, 5, 6), dt.date(2026, 5, 6)),
        (dt.datetime(2026, 5, 6, 14, 30), dt.date(2026, 5, 6)),
        (45000, dt.date(2023, 3, 15)),
        (45000.75, dt.date(2023, 3, 15)),
        ("45000", dt.date(2023, 3, 15)),
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),
        (73050, dt.date(2099, 12, 31)),
    ],
)
def test_parse_date_valid(raw: object, expected: dt.date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("", "不能为空"),
        ("2026-02-30", "日期“2026-02-30”不存在（2026年2月只有28天），请核对"),
        ("2024年2月30日", "2024年2月只有29天"),
        ("2026-04-31", "2026年4月只有30天"),
        ("2026-13-01", "月份应为1到12"),
        ("2026-05-00", "日应为1到31"),
        ("1899-12-31", "年份1899超出范围"),
        ("2101-01-01", "年份2101超出范围"),
        (dt.date(1850, 1, 1), "年份1850超出范围"),
        ("abc", "无法识别“abc”为日期，请按 2026-05-06 或 2026年5月6日 的格式填写"),
        ("2026-05/06", "无法识别"),
        ("26年5月6日", "无法识别"),
        (60, "1900年2月29日"),
        (0, "不是有效的Excel日期"),
        (73051, "不是有效的Excel日期"),
        (-5.5, "不是有效的Excel日期"),
        (float("nan"), "不是有效的Excel日期"),
        ("123456", "无法识别"),
        (True, "日期"),
    ],
)
def test_parse_date_rejects(raw: object, needle: str) -> None:
    assert needle in reject(parse_date, raw)


@pytest.mark.parametrize(
    ("d", "expected"),
    [(dt.date(2026, 5, 6), "2026年5月6日"), (dt.date(2025, 12, 31), "2025年12月31日")],
)
def test_format_date_cn(d: dt.date, expected: str) -> None:
    assert format_date_cn(d) == expected


# --------------------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9:30", "09:30"),
        ("09:30", "09:30"),
        ("9：30", "09:30"),
        ("9点30", "09:30"),
        ("9点30分", "09:30"),
        ("9点", "09:00"),
        ("9点半", "09:30"),
        ("14:30:00", "14:30"),
        ("0:00", "00:00"),
        ("23:59", "23:59"),
        (dt.time(8, 5, 59), "08:05"),
        (dt.datetime(2026, 5, 6, 14, 30), "14:30"),
        (0.5, "12:00"),
        (0.75, "18:00"),
        (0, "00:00"),
        (0.999988, "23:59"),
    ],
)
def test_parse_time_valid(raw: object, expected: str) -> None:
    assert parse_time(raw) == expected


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("", "不能为空"),
        ("24:00", "小时应为0到23，现为24"),
        ("9:60", "分钟应为0到59，现为60"),
        ("25点", "小时应为0到23"),
        ("9点61分", "分钟应为0到59"),
        ("9:30:75", "秒应为0到59"),
        ("上午", "无法识别“上午”为时间"),
        ("930", "无法识别"),
        (1.5, "不是有效的时间"),
        (-0.1, "不是有效的时间"),
    ],
)
def test_parse_time_rejects(raw: object, needle: str) -> None:
    assert needle in reject(parse_time, raw)


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12, 12),
        (0, 0),
        (12.0, 12),
        ("12", 12),
        ("１２", 12),
        ("12人", 12),
        ("12 人次", 12),
        ("12次", 12),
        ("12.0", 12),
        ("1,200", 1200),
        (" 300 ", 300),
    ],
)
def test_parse_count_valid(raw: object, expected: int) -> None:
    result = parse_count(raw)
    assert result == expected and type(result) is int


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (-1, "不能为负数，请填写0或正整数"),
        ("-3人", "不能为负数"),
        (12.5, "应为整数（现为12.5）"),
        ("2.5次", "应为整数"),
        ("abc", "“abc”不是数字"),
        ("十二", "不是数字"),
        ("", "不能为空"),
        (None, "不能为空"),
        ("1.2万", "不要用“万”"),
        ("0很多", "“0很多”不是确切的数字，请填写0或正整数（如 12000）"),
        ("20多人", "不是确切的数字"),
        ("100余份", "不是确切的数字"),
        ("50左右", "不是确切的数字"),
        ("30人以上", "不是确切的数字"),
        ("12,5", "不是数字"),
        (True, "数字"),
        (float("inf"), "不是有效的数字"),
    ],
)
def test_parse_count_rejects(raw: object, needle: str) -> None:
    assert needle in reject(parse_count, raw)


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12, 12.0),
        (12.5, 12.5),
        ("12.5", 12.5),
        ("1,200", 1200.0),
        ("1,234,567.89", 1234567.89),
        ("300m²", 300.0),
        ("300 m2", 300.0),
        ("300㎡", 300.0),
        ("300平方米", 300.0),
        ("１２．５元", 12.5),
        ("0", 0.0),
    ],
)
def test_parse_amount_valid(raw: object, expected: float) -> None:
    result = parse_amount(raw)
    assert result == expected and type(result) is float


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (-0.5, "不能为负数，请填写0或正数"),
        ("-12", "不能为负数"),
        ("abc", "不是数字"),
        ("约300平方米", "不是数字"),
        ("3万元", "不要用“万”"),
        ("", "不能为空"),
        (float("nan"), "不是有效的数字"),
    ],
)
def test_parse_amount_rejects(raw: object, needle: str) -> None:
    assert needle in reject(parse_amount, raw)


# --------------------------------------------------------------------------- genders


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("男", "男"),
        ("女", "女"),
        ("男性", "男"),
        ("女性", "女"),
        ("M", "男"),
        ("f", "女"),
        ("Male", "男"),
        ("FEMALE", "女"),
        (" 男 ", "男"),
        ("Ｍ", "男"),
    ],
)
def test_parse_gender_valid(raw: str, expected: str) -> None:
    assert parse_gender(raw) == expected


@pytest.mark.parametrize(
    ("raw", "needle"),
    [("", "不能为空"), (None, "不能为空"), ("未知", "“未知”不是有效的性别"), ("x", "男")],
)
def test_parse_gender_rejects(raw: object, needle: str) -> None:
    assert needle in reject(parse_gender, raw)


# --------------------------------------------------------------------------- choices

CHOICES = ("已完成", "进行中", "未开始")
SYNONYMS = {"完成": "已完成", "Done": "已完成", "在办": "进行中"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("已完成", "已完成"),
        (" 进行中 ", "进行中"),
        ("完成", "已完成"),
        ("done", "已完成"),
        ("在办", "进行中"),
    ],
)
def test_parse_choice_valid(raw: str, expected: str) -> None:
    assert parse_choice(raw, CHOICES, SYNONYMS) == expected


@pytest.mark.parametrize(
    ("raw", "synonyms", "needle"),
    [
        ("完成", None, "应为以下之一：已完成、进行中、未开始"),
        ("作废", SYNONYMS, "应为以下之一：已完成、进行中、未开始（现为“作废”）"),
        ("", SYNONYMS, "不能为空，应为以下之一：已完成、进行中、未开始"),
    ],
)
def test_parse_choice_rejects(raw: str, synonyms: dict[str, str] | None, needle: str) -> None:
    assert needle in reject(parse_choice, raw, CHOICES, synonyms)


def test_parse_choice_synonym_to_unknown_choice_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="not a choice") as info:
        parse_choice("x", CHOICES, {"x": "不存在"})
    assert not isinstance(info.value, InvalidValue)


# --------------------------------------------------------------------------- free text


@pytest.mark.parametrize(
    ("func", "raw", "kwargs", "expected"),
    [
        (parse_required_text, "  张三  ", {}, "张三"),
        (parse_required_text, "幸福 \n 小区", {}, "幸福 小区"),
        (parse_required_text, "一" * 200, {}, "一" * 200),
        (parse_required_text, "abc", {"max_length": 3}, "abc"),
        (parse_optional_text, None, {}, ""),
        (parse_optional_text, "   ", {}, ""),
        (parse_optional_text, "备注１", {}, "备注1"),
    ],
)
def test_text_valid(func, raw: object, kwargs: dict, expected: str) -> None:
    assert func(raw, **kwargs) == expected


@pytest.mark.parametrize(
    ("func", "raw", "kwargs", "expected"),
    [
        (parse_required_text, "", {}, "不能为空，请填写"),
        (parse_required_text, None, {}, "不能为空，请填写"),
        (parse_required_text, "一" * 201, {}, "不能超过200个字，现有201个字，请精简"),
        (parse_required_text, "abcd", {"max_length": 3}, "不能超过3个字，现有4个字，请精简"),
        (parse_optional_text, "字" * 2001, {}, "不能超过2000个字，现有2001个字，请精简"),
    ],
)
def test_text_rejects(func, raw: object, kwargs: dict, expected: str) -> None:
    assert reject(func, raw, **kwargs) == expected
