"""Import templates (下载导入模板): standard headers, an example row, drop-down lists."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
from sqlite_utils import Database
from xlsxwriter.utility import xl_col_to_name

from chuangcheng_desktop.core.checkpoints.register import ACTIVE, INACTIVE, type_names
from chuangcheng_desktop.core.checkpoints.schema_sql import DEFAULT_TYPES
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.reports.files import write_atomically
from chuangcheng_desktop.reports.imports.import_columns import HEADERS, KIND_LABELS, KINDS

TEMPLATE_ROWS = 2000
TITLE = "{label}导入模板（第1行为示例，可删除；带下拉箭头的列请从列表中选择）"
UNKNOWN = "没有“{kind}”的导入模板，只有志愿者、活动、问题、点位四种。"
TEMPLATE_KINDS = (*KINDS, "checkpoints")  # the 点位 register: reports/checkpoints/import_checkpoints
FILE_NAMES = {kind: f"{KIND_LABELS[kind]}导入模板.xlsx" for kind in TEMPLATE_KINDS}

EXAMPLES = {
    "volunteers": {"姓名": "李秀英", "性别": "女", "身份证号": "33010219850612028X",
                   "联系电话": "138 1234 5678", "政治面貌": "中共党员", "服务队": "青松环保志愿服务队",
                   "技能特长": "垃圾分类宣传", "注册日期": "2026-01-10", "状态": "在册"},
    "activities": {"活动日期": "2026-03-05", "活动时间": "08:30-11:30", "活动名称": "文明交通劝导",
                   "活动类别": "志愿服务", "活动地点": "青松路口", "组织单位": "青松社区",
                   "参与人数": 20, "活动内容": "在路口劝导行人文明过马路",
                   "参与志愿者": "李秀英、王建国", "服务时长(小时)": 3,
                   "成效数据": "发放宣传资料 200份"},
    "problems": {"发现日期": "2026-04-02", "问题来源": "上级巡查", "点位": "农贸市场北门",
                 "问题类别": "环境卫生", "问题描述": "垃圾桶满溢，周边有散落垃圾",
                 "责任单位": "物业公司", "责任人": "赵强", "整改期限": "2026-04-05",
                 "整改状态": "待整改"},
    "checkpoints": {"点位名称": "青松农贸市场", "点位类型": "农贸市场", "地址": "青松路18号",
                    "包保单位": "区市场监管局", "负责人": "王建国", "电话": "138 1234 5678",
                    "状态": ACTIVE, "备注": ""},
}
CHOICES = {
    "volunteers": {"性别": ("男", "女"), "政治面貌": vocab.POLITICAL_STATUSES,
                   "状态": vocab.VOLUNTEER_STATUSES},
    "activities": {"活动类别": vocab.ACTIVITY_CATEGORIES, "节日": vocab.FESTIVALS},
    "problems": {"问题来源": vocab.INSPECTION_SOURCES, "问题类别": vocab.PROBLEM_CATEGORIES,
                 "整改状态": vocab.PROBLEM_STATUSES},
    # 点位类型: the ledger's own types when written for a ledger (see write_template's ``db``)
    "checkpoints": {"点位类型": tuple(name for name, _ in DEFAULT_TYPES), "状态": (ACTIVE, INACTIVE)},
}
SKIPPED = {"start_time", "end_time", "exited_on", "no_photo_reason"}


def template_headers(kind: str) -> list[str]:
    return [names[0] for field, names in HEADERS[kind] if field not in SKIPPED]


def write_template(kind: str, out_path: Path | str, *, db: Database | None = None) -> Path:
    """Write the import template of ``kind`` ("volunteers" | "activities" | "problems" |
    "checkpoints"); with ``db``, the 点位类型 list is that ledger's types."""
    if kind not in TEMPLATE_KINDS:
        raise UserFacingError(UNKNOWN.format(kind=kind))
    headers = template_headers(kind)
    choices: dict[str, Sequence[str]] = dict(CHOICES[kind])
    if kind == "checkpoints" and db is not None:
        choices["点位类型"] = type_names(db)

    def write(temp: Path) -> None:
        book = xlsxwriter.Workbook(str(temp), {"strings_to_formulas": False,
                                               "strings_to_numbers": False})
        sheet = book.add_worksheet(KIND_LABELS[kind])
        note = book.add_format({"font_name": "宋体", "italic": True, "font_color": "#7F7F7F"})
        head = book.add_format({"font_name": "宋体", "bold": True, "border": 1,
                                "bg_color": "#D9E1F2", "align": "center"})
        text = book.add_format({"font_name": "宋体", "num_format": "@", "border": 1})
        sheet.write_string(0, 0, TITLE.format(label=KIND_LABELS[kind]), note)
        for column, header in enumerate(headers):
            sheet.write_string(1, column, header, head)
            sheet.set_column(column, column, max(10, len(header) * 2 + 4), text)
            value = EXAMPLES[kind].get(header, "")
            if isinstance(value, str):
                sheet.write_string(2, column, value, text)
            else:
                sheet.write_number(2, column, value, text)
            listed = choices.get(header)
            # Excel holds a typed-in list of at most 255 characters: a ledger with very many
            # 点位类型 gets no drop-down (the import still checks the type)
            if listed and len("可选：" + "、".join(listed)) <= 255:
                sheet.data_validation(2, column, TEMPLATE_ROWS, column, {
                    "validate": "list", "source": list(listed),
                    "error_title": "请从列表中选择", "error_message": "可选：" + "、".join(listed),
                })
        sheet.freeze_panes(2, 0)
        sheet.autofilter(f"A2:{xl_col_to_name(len(headers) - 1)}2")
        book.close()

    return write_atomically(out_path, write)
