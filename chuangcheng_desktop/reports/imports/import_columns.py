"""Which spreadsheet headers mean which field, per importable record kind.

The first header of each list is the standard one: the export writes it, the import
template uses it. Headers are compared after :func:`header_key` (spaces, "*", "（必填）"
and full-width brackets removed), so "身份证号码 *" and "服务时长（小时）" match.
"""

from __future__ import annotations

import re

from chuangcheng_desktop.core.rules.validation import normalize_text

KINDS = ("volunteers", "activities", "problems")
KIND_LABELS = {"volunteers": "志愿者花名册", "activities": "活动台账", "problems": "督查问题整改台账"}

# Fields that are not record fields but are turned into them by the importer.
TEAM = "team"              # volunteers: team name → team_id
TIME_RANGE = "time_range"  # activities: "08:30-11:30" → start_time, end_time
HELPERS = "helpers"        # activities: 参与志愿者 → service records
HOURS = "hours"            # activities: 服务时长(小时) of each listed volunteer

HEADERS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "volunteers": (
        ("name", ("姓名", "志愿者姓名", "名字")),
        ("gender", ("性别",)),
        ("id_number", ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码",
                       "公民身份证号码")),
        ("phone", ("联系电话", "手机", "手机号", "手机号码", "电话", "联系方式", "电话号码")),
        ("political_status", ("政治面貌",)),
        (TEAM, ("服务队", "所属队伍", "所属服务队", "志愿服务队", "队伍", "所在队伍")),
        ("skills", ("技能特长", "特长", "专业特长", "技能")),
        ("registered_on", ("注册日期", "注册时间", "加入日期", "登记日期", "入队日期")),
        ("status", ("状态", "在册状态")),
        ("exited_on", ("退出日期",)),
        ("note", ("备注",)),
        ("volunteer_number", ("志愿者编号", "志愿者注册编号", "注册编号", "志愿者证号",
                              "全国志愿服务信息系统编号")),
        ("service_category", ("服务类别", "志愿服务类别", "服务类型", "服务领域", "服务方向")),
    ),
    "activities": (
        ("date", ("活动日期", "日期", "开展日期")),
        (TIME_RANGE, ("活动时间", "时间", "起止时间")),
        ("start_time", ("开始时间",)),
        ("end_time", ("结束时间",)),
        ("title", ("活动名称", "活动主题", "名称", "主题")),
        ("category", ("活动类别", "类别", "活动类型", "类型")),
        ("festival", ("节日", "节日名称")),
        ("place", ("活动地点", "地点", "活动场所")),
        ("organiser", ("组织单位", "主办单位", "组织者", "承办单位", "组织部门")),
        ("participant_count", ("参与人数", "参加人数", "人数", "参与人次", "参加人次")),
        ("content", ("活动内容", "内容", "活动简介", "活动情况")),
        (HELPERS, ("参与志愿者", "志愿者", "参加志愿者", "志愿者名单", "参与志愿者名单")),
        (HOURS, ("服务时长(小时)", "服务时长", "时长(小时)", "时长", "服务时间(小时)")),
        ("measures_text", ("成效数据", "活动成效")),
    ),
    "problems": (
        ("found_on", ("发现日期", "发现时间", "日期", "督查日期", "检查日期")),
        ("source", ("问题来源", "来源", "督查来源", "督查类型")),
        ("checkpoint", ("点位", "问题点位", "点位名称", "位置", "地点")),
        ("category", ("问题类别", "类别", "问题类型", "类型")),
        ("description", ("问题描述", "存在问题", "问题", "问题内容", "具体问题")),
        ("responsible_unit", ("责任单位", "整改单位")),
        ("responsible_person", ("责任人", "整改责任人")),
        ("deadline", ("整改期限", "整改时限", "期限", "完成时限", "限期")),
        ("status", ("整改状态", "状态", "整改情况")),
        ("completed_on", ("完成日期", "整改完成日期", "完成时间", "整改完成时间")),
        ("measures", ("整改措施", "措施", "整改结果")),
        ("no_photo_reason", ("无整改后照片的原因",)),
    ),
}

# 点位 register (issue 18): imported by reports/checkpoints/import_checkpoints.py, not in KINDS.
HEADERS["checkpoints"] = (
    ("name", ("点位名称", "点位", "名称", "点位名")),
    ("type", ("点位类型", "类型", "类别", "点位类别")),
    ("address", ("地址", "地址/范围", "位置", "范围", "点位地址")),
    ("sponsor_unit", ("包保单位", "责任单位", "包联单位")),
    ("contact_person", ("负责人", "责任人", "联系人")),
    ("contact_phone", ("电话", "联系电话", "负责人电话", "手机")),
    ("active", ("状态", "是否在用")),
    ("note", ("备注",)),
)
KIND_LABELS["checkpoints"] = "点位登记簿"

REQUIRED_COLUMNS = {
    "checkpoints": ("name", "type"),
    "volunteers": ("name", "id_number"),
    "activities": ("title", "date"),
    "problems": ("description", "found_on"),
}


def header_key(text: object) -> str:
    """A header cell reduced to what identifies it."""
    key = normalize_text(text).replace("（", "(").replace("）", ")")
    key = re.sub(r"\((必填|选填|可选)\)|[*＊\s:：]", "", key)
    return key.lower()


def lookup(kind: str) -> dict[str, str]:
    """header_key → field name for ``kind``."""
    table: dict[str, str] = {}
    for field, names in HEADERS[kind]:
        for name in names:
            table.setdefault(header_key(name), field)
    return table


def standard_header(kind: str, field: str) -> str:
    for name, names in HEADERS[kind]:
        if name == field:
            return names[0]
    raise KeyError(field)


def match_headers(kind: str, cells: list[object]) -> dict[int, str]:
    """0-based column index → field for a candidate header row (first match wins)."""
    table = lookup(kind)
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        field = table.get(header_key(cell)) if cell is not None else None
        if field and field not in found.values():
            found[index] = field
    if kind == "activities" and TIME_RANGE in found.values() and "date" not in found.values():
        # "活动时间" holding the date itself, as many hand-made ledgers use it.
        index = next(i for i, f in found.items() if f == TIME_RANGE)
        found[index] = "date"
    return found
