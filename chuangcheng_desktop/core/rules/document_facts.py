"""Facts the documents need that the ledgers do not hold, recorded once in 设置 → 文书资料:
the 领导小组, the plans and systems issued (实施方案, 工作制度 … with dates), 经费投入 (dated,
so each period sums its own), 辖区 figures for 基本情况, the 主送 line of a 工作情况汇报, and
who issues 整改通知书 (name, role, 抄送).

Each is one setting (``core.storage.settings``); this module parses what the user typed —
one entry a line — and says in Chinese which line is wrong.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from chuangcheng_desktop.core.rules.validation import InvalidValue

LEADING_ROLES = ("组长", "常务副组长", "副组长", "成员", "办公室主任")
ISSUER_ROLES = ("社区（村）", "街道（乡镇）创城办", "区（县）创城办", "其他单位")
_DATE = re.compile(r"^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$")


def _lines(value: Any) -> list[str] | list[dict]:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                raise InvalidValue("格式无法识别") from exc
        return [line.strip() for line in text.splitlines() if line.strip()]
    raise InvalidValue("格式无法识别")


def parse_day(text: str) -> str:
    match = _DATE.match(text.strip())
    if not match:
        raise InvalidValue(f"“{text}”不是日期（如 2026-02-10）")
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError as exc:
        raise InvalidValue(f"“{text}”不是有效日期") from exc


def parse_leading_group(value: Any) -> list[dict[str, str]]:
    """"组长 王建国 社区党委书记" a line → [{"role", "name", "post"}]."""
    members = []
    for number, entry in enumerate(_lines(value), start=1):
        if isinstance(entry, dict):
            role, name, post = entry.get("role", ""), entry.get("name", ""), entry.get("post", "")
        else:
            parts = entry.split()
            if len(parts) < 2:
                raise InvalidValue(f"第{number}行请写“职务 姓名 单位职务”，如“组长 王建国 社区党委书记”")
            role, name, post = parts[0], parts[1], " ".join(parts[2:])
        if role not in LEADING_ROLES:
            raise InvalidValue(f"第{number}行的“{role}”应为{'、'.join(LEADING_ROLES)}之一")
        if not name.strip():
            raise InvalidValue(f"第{number}行缺少姓名")
        members.append({"role": role, "name": name.strip(), "post": post.strip()})
    return members


def parse_dated_titles(value: Any) -> list[dict[str, str]]:
    """"2026-02-10 青松社区创建文明城市工作实施方案" a line → [{"date", "title"}]."""
    entries = []
    for number, entry in enumerate(_lines(value), start=1):
        if isinstance(entry, dict):
            day, title = entry.get("date", ""), entry.get("title", "")
        else:
            day, _, title = entry.partition(" ")
        try:
            day = parse_day(day)
        except InvalidValue as exc:
            raise InvalidValue(f"第{number}行：{exc.reason}") from exc
        title = title.strip().strip("《》")
        if not title:
            raise InvalidValue(f"第{number}行缺少文件名称")
        entries.append({"date": day, "title": title})
    return sorted(entries, key=lambda e: e["date"])


def parse_funding(value: Any) -> list[dict[str, Any]]:
    """"2026-03-01 12000 公益广告制作" a line (元) → [{"date", "amount", "use"}]."""
    entries = []
    for number, entry in enumerate(_lines(value), start=1):
        if isinstance(entry, dict):
            day, amount, use = entry.get("date", ""), entry.get("amount", ""), entry.get("use", "")
        else:
            parts = entry.split(maxsplit=2)
            if len(parts) < 2:
                raise InvalidValue(
                    f"第{number}行请写“日期 金额（元） 用途”，如“2026-03-01 12000 公益广告制作”")
            day, amount, use = parts[0], parts[1], parts[2] if len(parts) > 2 else ""
        try:
            day = parse_day(day)
            amount = float(str(amount).replace(",", "").removesuffix("元"))
        except ValueError as exc:
            raise InvalidValue(f"第{number}行的金额“{amount}”不是数字") from exc
        except InvalidValue as exc:
            raise InvalidValue(f"第{number}行：{exc.reason}") from exc
        if amount <= 0:
            raise InvalidValue(f"第{number}行的金额应大于0")
        entries.append({"date": day, "amount": amount, "use": use.strip()})
    return sorted(entries, key=lambda e: e["date"])


def parse_issuer_role(value: Any) -> str:
    text = str(value or "").strip() or ISSUER_ROLES[0]
    if text not in ISSUER_ROLES:
        raise InvalidValue(f"应为{'、'.join(ISSUER_ROLES)}之一")
    return text


def parse_optional_number(value: Any) -> float:
    text = str(value if value is not None else "").strip()
    if not text:
        return 0
    try:
        number = float(text)
    except ValueError as exc:
        raise InvalidValue(f"“{text}”不是数字") from exc
    if number < 0:
        raise InvalidValue("不能小于0")
    return int(number) if number == int(number) else number


def self_reference(issuer: str) -> str:
    """How the issuer names itself in the first person: 我办, 我社区, 我街道 …"""
    for ending, word in (("办", "我办"), ("办公室", "我办"), ("社区", "我社区"), ("村", "我村"),
                         ("街道", "我街道"), ("镇", "我镇"), ("乡", "我乡")):
        if issuer.endswith(ending):
            return word
    return "我单位"
