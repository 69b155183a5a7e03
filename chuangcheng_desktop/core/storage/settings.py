"""Ledger-wide settings: each declared once here (key, Chinese label, default, rule).

The settings page is built from :data:`SETTINGS`; every value is validated by its
``parse`` and each change is audited. Values are stored as JSON in the ``settings`` table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

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


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    default: Any
    parse: Callable[[Any], Any]
    help: str = ""


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
