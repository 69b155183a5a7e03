"""Ledger-wide settings: each declared once here (key, Chinese label, default, rule).

The settings page is built from :data:`SETTINGS`; every value is validated by its
``parse`` and each change is audited. Values are stored as JSON in the ``settings`` table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.rules import document_facts as facts
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_count, parse_optional_text
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso
from chuangcheng_desktop.core.storage.errors import ValidationError


def _count_between(low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        number = parse_count(value)
        if not low <= number <= high:
            raise InvalidValue(f"应在{low}到{high}之间")
        return number
    return parse


def _deadline_days(value: Any) -> dict[str, int]:
    """{"环境卫生": 3, "上级巡查/环境卫生": 2, …}: days per category, or per source/category."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise InvalidValue("格式无法识别") from exc
    if not isinstance(value, dict):
        raise InvalidValue("格式无法识别")
    cleaned = {}
    for key, days in value.items():
        source, _, category = key.rpartition("/")
        if category not in vocab.PROBLEM_CATEGORIES or (
                source and source not in vocab.INSPECTION_SOURCES):
            raise InvalidValue(f"“{key}”不是问题类别（或“来源/类别”）")
        try:
            cleaned[key] = _count_between(1, 365)(days)
        except InvalidValue as exc:
            raise InvalidValue(f"“{key}”的天数{exc.reason}") from exc
    return cleaned


def _star_thresholds(value: Any) -> list[float]:
    """五档星级的累计时长（小时），从低到高: [100, 300, 600, 1000, 1500] or "100/300/600/1000/1500"."""
    if isinstance(value, str):
        text = value
        for mark in ("，", ",", "、", "；", ";", " "):
            text = text.replace(mark, "/")
        value = [part for part in text.split("/") if part.strip()]
    if not isinstance(value, list | tuple) or len(value) != 5:
        raise InvalidValue("请填写五个数字（一星到五星），如 100/300/600/1000/1500")
    hours = []
    for part in value:
        try:
            number = float(str(part).strip().removesuffix("小时"))
        except ValueError as exc:
            raise InvalidValue(f"“{part}”不是数字") from exc
        hours.append(int(number) if number.is_integer() else number)
    if hours[0] <= 0 or any(b <= a for a, b in pairwise(hours)):
        raise InvalidValue("应大于0且从一星到五星逐级增加")
    return hours


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    default: Any
    parse: Callable[[Any], Any]
    help: str = ""


def _text(limit: int) -> Callable[[Any], str]:
    return lambda v: parse_optional_text(v, max_length=limit)


# 设置 → 文书资料: facts the 工作总结 and the 整改通知书 need (core/rules/document_facts.py).
DOCUMENT_SETTINGS: tuple[Setting, ...] = (
    Setting("households", "辖区户数", 0, facts.parse_optional_number, "写入总结的基本情况"),
    Setting("area_km2", "辖区面积（平方公里）", 0, facts.parse_optional_number, "写入总结的基本情况"),
    Setting("jurisdiction_units", "辖区单位（家）", 0, facts.parse_optional_number,
            "辖区内机关、企事业单位和门店等，写入总结的基本情况"),
    Setting("leading_group", "创建工作领导小组", [], facts.parse_leading_group,
            "一行一人：职务 姓名 单位职务，如“组长 王建国 社区党委书记”"),
    Setting("plans_issued", "印发的方案和制度", [], facts.parse_dated_titles,
            "一行一个：日期 文件名称，如“2026-02-10 青松社区创建文明城市工作实施方案”"),
    Setting("funding", "经费投入", [], facts.parse_funding,
            "一行一笔：日期 金额（元） 用途，如“2026-03-01 12000 公益广告制作”；总结按期间合计"),
    Setting("report_recipient", "工作情况汇报的主送单位", "", _text(60),
            "留空则为所属街道的创城办"),
    Setting("notice_issuer", "整改通知书的发文单位", "", _text(60), "留空则为本单位名称"),
    Setting("notice_issuer_role", "发文单位的身份", facts.ISSUER_ROLES[0], facts.parse_issuer_role,
            "决定通知书的语气和逾期处理措施"),
    Setting("notice_cc", "整改通知书抄送", "", _text(120), "留空则不印抄送行"),
    Setting("letterhead_docx", "文书版头（Word 文件）", "", _text(500),
            "选择含红头、发文字号行或徽标的 .docx，放在通知书和汇报的开头；留空用内置格式"),
)


SETTINGS: tuple[Setting, ...] = (
    Setting("backup_dir", "备份文件夹", "", lambda v: parse_optional_text(v, max_length=500),
            "留空则备份到数据文件夹下的 backups；可以选第二块硬盘或U盘上的文件夹"),
    Setting("backup_interval_minutes", "自动备份间隔（分钟）", 30, _count_between(5, 1440),
            "有改动时每隔这么久自动备份一次，关闭程序时也会备份"),
    Setting("recycle_bin_days", "回收站保留天数", 30, _count_between(1, 3650),
            "删除的记录在回收站里保留这么多天，之后彻底删除"),
    Setting("deadline_days", "默认整改期限（天）",
            {"环境卫生": 3, "公共秩序": 3, "宣传氛围": 7, "设施维护": 7, "志愿服务": 7, "其他": 7,
             "上级巡查/环境卫生": 3, "媒体曝光/环境卫生": 1},
            _deadline_days, "按问题类别（或“来源/类别”）设置发现后几天内完成整改"),
    *DOCUMENT_SETTINGS,
    Setting("star_thresholds", "志愿者星级认定时长（小时）", [100, 300, 600, 1000, 1500],
            _star_thresholds, "累计志愿服务时长达到这些小时数，分别认定为一星级到五星级"),
    Setting("current_user", "当前使用人", "", lambda v: parse_optional_text(v, max_length=30),
            "每一处修改都记在这个名字下（审计日志、整改过程）；留空则用电脑的登录名"),
)
_BY_KEY = {setting.key: setting for setting in SETTINGS}
PASSWORD_KEY = "app_password_hash"  # set through core/password.py, never shown


def get_setting(db: Database, key: str) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return _BY_KEY[key].default if key in _BY_KEY else None
    return json.loads(row[0])


def set_setting(db: Database, key: str, value: Any, *, actor: str) -> Any:
    """Validate and store one setting; returns the stored value."""
    if key in _BY_KEY:
        setting = _BY_KEY[key]
        try:
            value = setting.parse(value)
        except InvalidValue as exc:
            raise ValidationError.single(key, setting.label, f"{setting.label}：{exc.reason}") from exc
    elif key != PASSWORD_KEY:
        raise KeyError(key)
    old = get_setting(db, key)
    with db.atomic():
        db.execute("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                   "updated_at = excluded.updated_at",
                   [key, json.dumps(value, ensure_ascii=False), local_now_iso()])
        shown = (lambda v: "（已设置）" if v else "（未设置）") if key == PASSWORD_KEY else (lambda v: v)
        write_audit(db, table="settings", row_id=key, action="update", actor=actor,
                    old={key: shown(old)}, new={key: shown(value)})
    return value


def default_deadline(db: Database, found_on: date, category: str, source: str) -> date:
    """The deadline a new problem gets unless the user types another one."""
    days = get_setting(db, "deadline_days")
    count = days.get(f"{source}/{category}", days.get(category, 7))
    return found_on + timedelta(days=count)
