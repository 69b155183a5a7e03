"""What each kind of record is: its fields, their Chinese labels, and how each is validated.

This is the one place where a record's fields are checked. Single values are parsed
by ``validation``; the rules that involve two fields (a deadline before the finding
date, a 补录 without a reason, gender against the ID number) live here, per kind.
The repository, the forms and the Excel import all call :func:`validate_record`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from chuangcheng_desktop.core.checkpoints.problem_links import create_named_checkpoints
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.identity import id_number_facts, parse_id_number, parse_phone
from chuangcheng_desktop.core.rules.measures import (
    measures_from_text,
    measures_text,
    parse_measures,
    parse_measures_text,
)
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
    parse_sha256,
    parse_time,
)
from chuangcheng_desktop.core.storage.errors import FieldError, ValidationError
from chuangcheng_desktop.core.volunteers.hours import service_record_rules
from chuangcheng_desktop.core.volunteers.roster import parse_service_categories

Parser = Callable[[Any], Any]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    parse: Parser
    required: bool = False
    default: Any = ""
    searchable: bool = False


@dataclass(frozen=True)
class RecordKind:
    """A record table: its fields and how lists of it are filtered and ordered."""

    table: str
    label: str
    fields: tuple[FieldSpec, ...]
    period_field: str | None = None
    filter_fields: tuple[str, ...] = ()
    default_order: str = "created_at DESC"
    cross_check: Callable[[dict[str, Any]], list[FieldError]] | None = None
    json_fields: tuple[str, ...] = ()
    # Columns kept by the database (triggers), shown and sortable but never written here.
    derived_fields: tuple[str, ...] = ()
    references: Mapping[str, str] = field(default_factory=dict)
    # Fields an ordinary edit may not change: only the workflow (core/workflow.py) does.
    workflow_fields: tuple[str, ...] = ()
    workflow_message: str = ""
    # Called by the repository in the write's transaction before validated rows are written:
    # (repository, rows, audit note of a bulk write or None) — a problem's new 点位.
    before_write: Callable[[Any, list[dict[str, Any]], str | None], Any] | None = None

    def spec(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields)

    @property
    def search_fields(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields if spec.searchable)


# --- single-field parsers, in storage form -------------------------------------------------


def _text(max_length: int = 200) -> Parser:
    return lambda value: parse_required_text(value, max_length=max_length)


def _line(max_length: int) -> Parser:
    return lambda value: parse_optional_text(value, max_length=max_length)


def _paragraphs(max_length: int) -> Parser:
    return lambda value: parse_optional_text(value, max_length=max_length, multiline=True)


def _iso_date(value: Any) -> str:
    return parse_date(value).isoformat()


def _choice(choices: tuple[str, ...], synonyms: Mapping[str, str] | None = None) -> Parser:
    return lambda value: parse_choice(value, choices, synonyms)


def _ratio(value: Any) -> float:
    text = normalize_text(value)
    percent = text.endswith("%")
    number = parse_amount(text.rstrip("%"))
    if percent or number > 1:
        number = number / 100
    if not 0 < number <= 1:
        raise InvalidValue("应为0到1之间的比例，如 0.08 或 8%，请核对")
    return round(number, 6)


def _minutes(value: Any) -> int:
    minutes = parse_count(value)
    if not 0 < minutes <= 24 * 60:
        raise InvalidValue("应在1到1440分钟（24小时）之间，请核对")
    return minutes


def _flag(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    text = normalize_text(value)
    if text in ("1", "是", "通过", "合格", "true", "True"):
        return 1
    if text in ("0", "否", "不通过", "未通过", "不合格", "false", "False"):
        return 0
    raise InvalidValue("应为“通过”或“不通过”")


# --- cross-field rules -------------------------------------------------------------------


def _volunteer_rules(values: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    number = values.get("id_number")
    if number:
        birth_date, gender = id_number_facts(number)  # the field's parse checked it
        typed_gender = values.get("gender")
        if typed_gender and typed_gender != gender:
            errors.append(FieldError(
                "gender", "性别",
                f"性别：身份证号显示为{gender}，与填写的“{typed_gender}”不符，请核对",
            ))
        values["gender"] = gender
        values["birth_date"] = birth_date.isoformat()
    if values.get("status") == "退出":
        if not values.get("exited_on"):
            values["exited_on"] = date.today().isoformat()
    else:
        values["exited_on"] = None
    if values.get("exited_on") and values.get("registered_on") and (
        values["exited_on"] < values["registered_on"]
    ):
        errors.append(FieldError("exited_on", "退出日期", "退出日期：早于注册日期，请核对"))
    return errors


def _activity_rules(values: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    if values.get("category") == "我们的节日" and not values.get("festival"):
        errors.append(FieldError(
            "festival", "节日", "节日：类别为“我们的节日”时请选择是哪个节日",
        ))
    start, end = values.get("start_time"), values.get("end_time")
    if start and end and end < start:
        errors.append(FieldError("end_time", "结束时间", "结束时间：早于开始时间，请核对"))
    # 成效数据: the text as typed is kept and the figures for statistics are read out of
    # it; figures given on their own (the demo, an update of the figures only) are written
    # out as the text instead
    text, figures = values.get("measures_text"), values.get("measures")
    if text and (not figures or figures == measures_from_text(text)):
        values["measures"] = measures_from_text(text)
    elif figures:
        values["measures_text"] = measures_text(figures)
    return errors


def _problem_rules(values: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    found, deadline = values.get("found_on"), values.get("deadline")
    if found and deadline and deadline < found:
        errors.append(FieldError(
            "deadline", "整改期限", "整改期限：早于发现日期，请填写发现日期当天或之后的日期",
        ))
    completed = values.get("completed_on")
    if values.get("status") == vocab.PROBLEM_DONE:
        if not values.get("measures"):
            errors.append(FieldError(
                "measures", "整改措施", "整改措施：标记为已完成前请填写采取的整改措施",
            ))
        if not completed:
            errors.append(FieldError(
                "completed_on", "完成日期", "完成日期：标记为已完成时请填写完成日期",
            ))
    elif completed:
        values["completed_on"] = None
    if completed and found and completed < found and values.get("status") == vocab.PROBLEM_DONE:
        errors.append(FieldError("completed_on", "完成日期", "完成日期：早于发现日期，请核对"))
    return errors


# --- the record kinds --------------------------------------------------------------------

UNIT_PROFILE = RecordKind(
    table="unit_profile", label="单位信息",
    fields=(
        FieldSpec("unit_name", "单位名称", _line(60)),
        FieldSpec("parent_unit", "所属街道（乡镇）", _line(60)),
        FieldSpec("resident_population", "常住人口", parse_count, default=0),
        FieldSpec("volunteer_target_ratio", "志愿者注册率目标", _ratio, default=0.08),
        FieldSpec("preparer", "制表人", _line(30)),
        FieldSpec("reviewer", "审核人", _line(30)),
        FieldSpec("contact_phone", "联系电话", parse_phone),
        FieldSpec("unit_level", "单位层级", _choice(vocab.UNIT_LEVELS), default="社区"),
    ),
)

TEAMS = RecordKind(
    table="teams", label="志愿服务队",
    fields=(
        FieldSpec("name", "队伍名称", _text(60), required=True, searchable=True),
        FieldSpec("category", "服务类别", _choice(vocab.TEAM_CATEGORIES), required=True),
        FieldSpec("leader", "队长", _line(30), searchable=True),
        FieldSpec("leader_phone", "队长电话", parse_phone),
        FieldSpec("note", "备注", _paragraphs(500), searchable=True),
    ),
    filter_fields=("category",), default_order="name",
)

VOLUNTEERS = RecordKind(
    table="volunteers", label="志愿者",
    fields=(
        FieldSpec("name", "姓名", _text(30), required=True, searchable=True),
        FieldSpec("id_number", "身份证号", lambda v: parse_id_number(v).number, required=True,
                  searchable=True),
        FieldSpec("gender", "性别", parse_gender),
        FieldSpec("birth_date", "出生日期", _iso_date),
        FieldSpec("phone", "联系电话", parse_phone, searchable=True),
        FieldSpec("political_status", "政治面貌",
                  _choice(vocab.POLITICAL_STATUSES, vocab.POLITICAL_STATUS_SYNONYMS),
                  default="群众"),
        FieldSpec("skills", "技能特长", _line(200), searchable=True),
        FieldSpec("team_id", "所属服务队", _line(36), default=None),
        FieldSpec("volunteer_number", "志愿者编号", _line(40), searchable=True),
        FieldSpec("service_category", "服务类别", parse_service_categories),
        FieldSpec("registered_on", "注册日期", _iso_date, required=True),
        FieldSpec("status", "状态", _choice(vocab.VOLUNTEER_STATUSES), default="在册"),
        FieldSpec("exited_on", "退出日期", _iso_date, default=None),
        FieldSpec("note", "备注", _paragraphs(500)),
    ),
    period_field="registered_on",
    filter_fields=("status", "team_id", "gender", "political_status", "star_level"),
    default_order="registered_on DESC, name",
    cross_check=_volunteer_rules,
    derived_fields=("service_minutes", "star_level"),
    references={"team_id": "teams"},
)

ACTIVITIES = RecordKind(
    table="activities", label="活动",
    fields=(
        FieldSpec("title", "活动名称", _text(100), required=True, searchable=True),
        FieldSpec("category", "活动类别", _choice(vocab.ACTIVITY_CATEGORIES), required=True),
        FieldSpec("festival", "节日", _choice(vocab.FESTIVALS, vocab.FESTIVAL_SYNONYMS)),
        FieldSpec("date", "活动日期", _iso_date, required=True),
        FieldSpec("start_time", "开始时间", parse_time),
        FieldSpec("end_time", "结束时间", parse_time),
        FieldSpec("place", "活动地点", _line(100), searchable=True),
        FieldSpec("organiser", "组织单位", _line(100), searchable=True),
        FieldSpec("participant_count", "参与人数", parse_count, default=0),
        FieldSpec("content", "活动内容", _paragraphs(4000), searchable=True),
        FieldSpec("measures_text", "成效数据", parse_measures_text),
        FieldSpec("measures", "成效数据", parse_measures, default={}),
    ),
    period_field="date",
    filter_fields=("category", "festival"),
    default_order="date DESC, start_time DESC",
    cross_check=_activity_rules,
    json_fields=("measures",),
)

SERVICE_RECORDS = RecordKind(
    table="service_records", label="服务记录",
    fields=(
        FieldSpec("activity_id", "活动", _text(36), required=True),
        FieldSpec("volunteer_id", "志愿者", _text(36), required=True),
        FieldSpec("minutes", "服务时长（分钟）", _minutes, default=None),
        FieldSpec("role", "承担工作", _line(60), searchable=True),
        FieldSpec("source", "记录方式", _choice(vocab.SERVICE_SOURCES), default="签到"),
        FieldSpec("reason", "补录原因", _paragraphs(200), searchable=True),
        FieldSpec("sign_in", "签到时间", parse_time),
        FieldSpec("sign_out", "签退时间", parse_time),
        FieldSpec("cap_reason", "超出活动时长的原因", _line(200)),
        FieldSpec("sheet_row", "签到表序号", parse_count, default=0),
    ),
    filter_fields=("activity_id", "volunteer_id", "source"),
    cross_check=service_record_rules,
    references={"activity_id": "activities", "volunteer_id": "volunteers"},
)

INSPECTIONS = RecordKind(
    table="inspections", label="督查",
    fields=(
        FieldSpec("date", "督查日期", _iso_date, required=True),
        FieldSpec("source", "督查来源", _choice(vocab.INSPECTION_SOURCES), required=True),
        FieldSpec("inspector", "督查人/单位", _line(60), searchable=True),
        FieldSpec("area", "督查区域", _line(100), searchable=True),
        FieldSpec("note", "备注", _paragraphs(1000), searchable=True),
    ),
    period_field="date", filter_fields=("source",), default_order="date DESC",
)

PROBLEMS = RecordKind(
    table="problems", label="问题",
    fields=(
        FieldSpec("inspection_id", "所属督查", _line(36), default=None),
        FieldSpec("source", "问题来源", _choice(vocab.INSPECTION_SOURCES), required=True),
        FieldSpec("found_on", "发现日期", _iso_date, required=True),
        FieldSpec("checkpoint", "点位", _text(100), required=True, searchable=True),
        FieldSpec("category", "问题类别", _choice(vocab.PROBLEM_CATEGORIES), required=True),
        FieldSpec("description", "问题描述", _text(1000), required=True, searchable=True),
        FieldSpec("responsible_unit", "责任单位", _line(100), searchable=True),
        FieldSpec("responsible_person", "责任人", _line(30), searchable=True),
        FieldSpec("deadline", "整改期限", _iso_date, required=True),
        FieldSpec("status", "整改状态", _choice(vocab.PROBLEM_STATUSES), default="待整改"),
        FieldSpec("measures", "整改措施", _paragraphs(2000), searchable=True),
        FieldSpec("completed_on", "完成日期", _iso_date, default=None),
        FieldSpec("no_photo_reason", "无整改后照片的原因", _line(200)),
    ),
    period_field="found_on",
    filter_fields=("category", "status", "source", "inspection_id", "responsible_unit"),
    default_order="found_on DESC",
    cross_check=_problem_rules,
    references={"inspection_id": "inspections"},
    workflow_fields=("status", "completed_on"),
    workflow_message="整改状态：请用“开始整改”“提交复查”“复查”按钮改变状态，不能直接修改",
    before_write=create_named_checkpoints,
)

RECHECKS = RecordKind(
    table="rechecks", label="复查",
    fields=(
        FieldSpec("problem_id", "问题", _text(36), required=True),
        FieldSpec("date", "复查日期", _iso_date, required=True),
        FieldSpec("reviewer", "复查人", _line(30), searchable=True),
        FieldSpec("passed", "复查结果", _flag, required=True),
        FieldSpec("reason", "说明", _paragraphs(500), searchable=True),
    ),
    period_field="date", filter_fields=("problem_id", "passed"), default_order="date",
    references={"problem_id": "problems"},
)

ATTACHMENTS = RecordKind(
    table="attachments", label="照片",
    fields=(
        FieldSpec("sha256", "文件指纹", parse_sha256, required=True),
        FieldSpec("original_name", "原文件名", _line(255), searchable=True),
        FieldSpec("size", "文件大小", parse_count, default=0),
        FieldSpec("taken_on", "拍摄日期", _iso_date, default=None),
        FieldSpec("owner_table", "所属台账", _choice(("activities", "problems")), required=True),
        FieldSpec("owner_id", "所属记录", _text(36), required=True),
        FieldSpec("role", "照片类型", _choice(vocab.ATTACHMENT_ROLES), default="现场照片"),
    ),
    filter_fields=("owner_table", "owner_id", "role"), default_order="created_at",
)

HONOURS = RecordKind(
    table="honours", label="荣誉",
    fields=(
        FieldSpec("title", "荣誉名称", _text(100), required=True, searchable=True),
        FieldSpec("level", "级别", _choice(vocab.HONOUR_LEVELS, vocab.HONOUR_LEVEL_SYNONYMS),
                  required=True),
        FieldSpec("outcome", "获评/提名", _choice(vocab.HONOUR_OUTCOMES), default="获评"),
        FieldSpec("recipient_kind", "个人/集体", _choice(vocab.RECIPIENT_KINDS), default="个人"),
        FieldSpec("recipient", "获得者", _text(60), required=True, searchable=True),
        FieldSpec("volunteer_id", "志愿者", _line(36), default=None),
        FieldSpec("team_id", "服务队", _line(36), default=None),
        FieldSpec("date", "获得日期", _iso_date, required=True),
        FieldSpec("note", "备注", _paragraphs(500), searchable=True),
    ),
    period_field="date", filter_fields=("level", "outcome"), default_order="date DESC",
    references={"volunteer_id": "volunteers", "team_id": "teams"},
)

def _answers(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise InvalidValue("内容已损坏，无法读取") from exc
    if not isinstance(value, Mapping):
        raise InvalidValue("内容格式不对")
    return dict(value)


REPORT_KINDS = ("工作总结", "工作情况汇报", "半年总结", "年度总结")

# A saved state of the summary wizard (not a ledger: kept out of RECORD_KINDS).
REPORT_DRAFTS = RecordKind(
    table="report_drafts", label="总结草稿",
    fields=(
        FieldSpec("kind", "文稿类型", _choice(REPORT_KINDS), required=True),
        FieldSpec("period", "期间", _text(40), required=True),
        FieldSpec("title", "标题", _line(200), searchable=True),
        FieldSpec("answers", "草稿内容", _answers, default={}),
        FieldSpec("exported_path", "导出文件", _line(1000)),
        FieldSpec("exported_at", "导出时间", _line(40), default=None),
    ),
    filter_fields=("kind", "period"), default_order="updated_at DESC",
    json_fields=("answers",),
)

RECORD_KINDS: dict[str, RecordKind] = {
    kind.table: kind
    for kind in (TEAMS, VOLUNTEERS, ACTIVITIES, SERVICE_RECORDS, INSPECTIONS, PROBLEMS, RECHECKS,
                 ATTACHMENTS, HONOURS)
}


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, Mapping | list | tuple):
        return len(value) == 0
    return normalize_text(value) == ""


def validate_record(kind: RecordKind, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check every field of one record and return it in storage form.

    Raises :class:`ValidationError` listing *every* rejected field (in form order), each
    with a Chinese message that names the field and says what to do.
    """
    cleaned: dict[str, Any] = {}
    errors: list[FieldError] = []
    for spec in kind.fields:
        raw = values.get(spec.name)
        if is_empty(raw):
            if spec.required:
                errors.append(FieldError(spec.name, spec.label, f"{spec.label}：不能为空，请填写"))
            cleaned[spec.name] = spec.default() if callable(spec.default) else _copy(spec.default)
            continue
        try:
            cleaned[spec.name] = spec.parse(raw)
        except InvalidValue as exc:
            errors.append(FieldError(spec.name, spec.label, f"{spec.label}：{exc.reason}"))
    if not errors and kind.cross_check is not None:
        errors.extend(kind.cross_check(cleaned))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _copy(default: Any) -> Any:
    return dict(default) if isinstance(default, dict) else default
