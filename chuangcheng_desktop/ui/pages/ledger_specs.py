"""What each ledger page shows: columns, filters, dialog and Excel sheet per record kind."""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from chuangcheng_desktop.core.rules import vocab, workflow
from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_hours
from chuangcheng_desktop.core.rules.identity import mask_id_number
from chuangcheng_desktop.core.storage import clock, queries
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.volunteers.stars import star_name
from chuangcheng_desktop.ui.dialogs.records import open_record_dialog
from chuangcheng_desktop.ui.models.record_table import Column, field_column
from chuangcheng_desktop.ui.pages.ledger_page import FilterSpec, LedgerSpec, PageAction

TEXT = {
    "deadline_note": "（{note}）",
    "people": "{count}人",
    "level": "{level}级",
    "notice": "生成整改通知书…",
    "handover": "打印交办单…",
    "closing": "复查销号单…",
    "photos": "照片台账…",
}
NOTICE_MODULE = "chuangcheng_desktop.ui.notice_export"
VOLUNTEER_SERVICE_MODULE = "chuangcheng_desktop.ui.volunteer_service"
VOLUNTEER_ACTIONS = (("星级标准…", "starThresholdsButton", "edit_thresholds", False),
                     ("志愿服务记录证明…", "proofButton", "issue_proofs", True),
                     ("时长统计与优秀志愿者…", "serviceHoursButton", "service_hours", False))
PRINTABLE_MODULE = "chuangcheng_desktop.ui.printable_export"


def _printable(name: str) -> Any:
    return lambda page: getattr(importlib.import_module(PRINTABLE_MODULE), name)(page)


PROBLEM_PRINTABLES = (
    PageAction(TEXT["handover"], "handoverButton", _printable("print_handover"), True),
    PageAction(TEXT["closing"], "closingButton", _printable("print_closing"), True))
ACTIVITY_PRINTABLES = (PageAction(TEXT["photos"], "photoLedgerButton", _printable("print_photo_ledger")),)


def _vocab(values: tuple[str, ...]) -> Any:
    return lambda _ledger: [(value, value) for value in values]


def _teams(ledger: Ledger) -> list[tuple[str, Any]]:
    return [(team["name"], team["id"]) for team in ledger.teams.list(ListQuery(limit=None))]


def _date_column(header: str, name: str) -> Column:
    return Column(header, lambda row: format_date_cn(row.get(name)), name, width_chars=8)


def _dialog(table: str):
    def open_dialog(ledger: Ledger, row_id: str | None, parent: QWidget) -> QDialog:
        return open_record_dialog(ledger, table, row_id, parent)
    return open_dialog


def _time_span(row: dict[str, Any]) -> str:
    start, end = row.get("start_time") or "", row.get("end_time") or ""
    return f"{start}–{end}" if start and end else start or end


def _activity_columns(_ledger: Ledger) -> list[Column]:
    return [
        _date_column("活动日期", "date"),
        field_column("活动名称", "title", width_chars=16, stretch=True),
        field_column("活动类别", "category", width_chars=6),
        field_column("节日", "festival", width_chars=3),
        Column("时间", _time_span, "start_time", width_chars=7),
        field_column("活动地点", "place", width_chars=10),
        field_column("组织单位", "organiser", width_chars=8),
        Column("参与人数", lambda row: TEXT["people"].format(count=row["participant_count"]),
               "participant_count", align_right=True, width_chars=5),
    ]


def _volunteer_columns(ledger: Ledger) -> list[Column]:
    names = queries.team_names(ledger.db)
    return [
        field_column("姓名", "name", width_chars=5),
        field_column("性别", "gender", width_chars=2),
        Column("身份证号", lambda row: mask_id_number(row["id_number"]), None, width_chars=11),
        field_column("联系电话", "phone", width_chars=8),
        field_column("政治面貌", "political_status", width_chars=6),
        Column("所属服务队", lambda row: names.get(row.get("team_id") or "", ""), None,
               width_chars=10),
        _date_column("注册日期", "registered_on"),
        field_column("状态", "status", width_chars=3),
        field_column("技能特长", "skills", width_chars=10),
        Column("累计时长", lambda row: format_hours(row.get("service_minutes", 0) / 60),
               "service_minutes", align_right=True, width_chars=6),
        Column("星级", lambda row: star_name(row.get("star_level", 0)), "star_level",
               width_chars=5),
    ]


def _volunteer_action(function: str):
    return lambda page: getattr(importlib.import_module(VOLUNTEER_SERVICE_MODULE), function)(page)


def _team_columns(_ledger: Ledger) -> list[Column]:
    return [
        field_column("队伍名称", "name", width_chars=14),
        field_column("服务类别", "category", width_chars=6),
        field_column("队长", "leader", width_chars=5),
        field_column("队长电话", "leader_phone", width_chars=8),
        field_column("备注", "note", sortable=False, width_chars=20, stretch=True),
    ]


def _inspection_columns(_ledger: Ledger) -> list[Column]:
    return [
        _date_column("督查日期", "date"),
        field_column("督查来源", "source", width_chars=5),
        field_column("督查人/单位", "inspector", width_chars=10),
        field_column("督查区域", "area", width_chars=14),
        field_column("备注", "note", sortable=False, width_chars=20, stretch=True),
    ]


def _problem_status(row: dict[str, Any]) -> str:
    """"待整改（逾期3天）", "整改中（2天后到期）", "已完成"."""
    _state, note = workflow.deadline_state(row, clock.today())
    return row["status"] + (TEXT["deadline_note"].format(note=note) if note else "")


def _problem_tone(row: dict[str, Any]) -> str | None:
    """Overdue rows red, rows due within three days amber (see RecordTableModel)."""
    return workflow.deadline_state(row, clock.today())[0] or None


def _notice_action(page: Any) -> None:
    importlib.import_module(NOTICE_MODULE).generate_notices(page)


def _problem_columns(_ledger: Ledger) -> list[Column]:
    return [
        _date_column("发现日期", "found_on"),
        field_column("点位", "checkpoint", width_chars=10),
        field_column("问题类别", "category", width_chars=5),
        field_column("问题描述", "description", width_chars=18, stretch=True),
        field_column("问题来源", "source", width_chars=5),
        field_column("责任单位", "responsible_unit", width_chars=8),
        field_column("责任人", "responsible_person", width_chars=4),
        _date_column("整改期限", "deadline"),
        Column("整改状态", _problem_status, "status", width_chars=10),
        _date_column("完成日期", "completed_on"),
    ]


def _honour_columns(_ledger: Ledger) -> list[Column]:
    return [
        _date_column("获得日期", "date"),
        field_column("荣誉名称", "title", width_chars=14, stretch=True),
        Column("级别", lambda row: TEXT["level"].format(level=row["level"]), "level",
               width_chars=4),
        field_column("获评/提名", "outcome", width_chars=4),
        field_column("获得者", "recipient", width_chars=8),
        field_column("个人/集体", "recipient_kind", width_chars=4),
        field_column("备注", "note", sortable=False, width_chars=16),
    ]


ACTIVITIES = LedgerSpec(
    table="activities", label="活动", columns=_activity_columns,
    open_dialog=_dialog("activities"), sheet="activities", actions=ACTIVITY_PRINTABLES,
    filters=(FilterSpec("category", "类别", _vocab(vocab.ACTIVITY_CATEGORIES)),
             FilterSpec("festival", "节日", _vocab(vocab.FESTIVALS))),
)
VOLUNTEERS = LedgerSpec(
    table="volunteers", label="志愿者", columns=_volunteer_columns,
    open_dialog=_dialog("volunteers"), sheet="volunteers",
    filters=(FilterSpec("status", "状态", _vocab(vocab.VOLUNTEER_STATUSES)),
             FilterSpec("team_id", "服务队", _teams),
             FilterSpec("political_status", "政治面貌", _vocab(vocab.POLITICAL_STATUSES)),
             FilterSpec("star_level", "星级",
                        lambda _ledger: list(zip(vocab.STAR_LEVEL_NAMES, range(6), strict=True)))),
    actions=tuple(PageAction(label, name, _volunteer_action(function), needs_selection=selection)
                  for label, name, function, selection in VOLUNTEER_ACTIONS),
)
TEAMS = LedgerSpec(
    table="teams", label="志愿服务队", columns=_team_columns, open_dialog=_dialog("teams"),
    has_period=False, filters=(FilterSpec("category", "服务类别", _vocab(vocab.TEAM_CATEGORIES)),),
)
INSPECTIONS = LedgerSpec(
    table="inspections", label="督查", columns=_inspection_columns,
    open_dialog=_dialog("inspections"),
    filters=(FilterSpec("source", "来源", _vocab(vocab.INSPECTION_SOURCES)),),
)
PROBLEMS = LedgerSpec(
    table="problems", label="问题", columns=_problem_columns, open_dialog=_dialog("problems"),
    sheet="problems", overdue_filter=True, row_tone=_problem_tone,
    actions=(PageAction(TEXT["notice"], "noticeButton", _notice_action, needs_selection=True),
             *PROBLEM_PRINTABLES),
    filters=(FilterSpec("status", "状态", _vocab(vocab.PROBLEM_STATUSES)),
             FilterSpec("category", "类别", _vocab(vocab.PROBLEM_CATEGORIES)),
             FilterSpec("source", "来源", _vocab(vocab.INSPECTION_SOURCES))),
)
HONOURS = LedgerSpec(
    table="honours", label="荣誉", columns=_honour_columns, open_dialog=_dialog("honours"),
    filters=(FilterSpec("level", "级别", _vocab(vocab.HONOUR_LEVELS)),
             FilterSpec("outcome", "获评/提名", _vocab(vocab.HONOUR_OUTCOMES))),
)
