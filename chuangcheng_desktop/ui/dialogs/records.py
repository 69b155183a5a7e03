"""The record dialogs of each ledger: activities, volunteers, teams, inspections, problems."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_hours
from chuangcheng_desktop.core.rules.measures import measures_text
from chuangcheng_desktop.core.storage import clock, queries
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.ui.dialogs.attendance import AttendanceDialog
from chuangcheng_desktop.ui.dialogs.problem import ProblemDialog
from chuangcheng_desktop.ui.dialogs.record_dialog import Choices, RecordDialog
from chuangcheng_desktop.ui.forms import child
from chuangcheng_desktop.ui.widgets.photo_strip import PhotoStrip

logger = logging.getLogger(__name__)

TEXT = {
    "none": "（无）",
    "auto": "（按身份证号自动识别）",
    "attendance": "登记出勤…",
    "attendance_summary": "已登记 {count} 人，合计 {hours}",
    "attendance_new": "保存活动后即可登记志愿者出勤。",
    "service_summary": "累计服务 {hours}，参加活动 {activities} 次，服务记录 {records} 条",
    "service_new": "保存后，这里显示该志愿者的服务时长和服务记录。",
    "service_headers": ["活动日期", "活动名称", "时长", "方式"],
}


def vocab_choices(values: tuple[str, ...], *, blank: str | None = None) -> Choices:
    choices: Choices = [(blank, "")] if blank is not None else []
    return choices + [(value, value) for value in values]


def _box(dialog: RecordDialog, name: str) -> QGroupBox:
    return child(dialog.ui, QGroupBox, name)


class ActivityDialog(RecordDialog):
    table = "activities"
    form_name = "activity_dialog.ui"
    past_fields = ("date",)

    def setup(self) -> None:
        self.set_choices("category", vocab_choices(vocab.ACTIVITY_CATEGORIES))
        self.set_choices("festival", vocab_choices(vocab.FESTIVALS, blank=TEXT["none"]))
        self.photos = PhotoStrip(self.ledger, "activities", "现场照片", self.row_id, self,
                                 read_only=self.read_only)
        _box(self, "photoBox").layout().addWidget(self.photos)
        self.attendance_label = QLabel(self)
        self.attendance_label.setWordWrap(True)
        self.attendance_button = QPushButton(TEXT["attendance"], self)
        self.attendance_button.setObjectName("attendanceButton")
        self.attendance_button.clicked.connect(self.open_attendance)
        self.attendance_button.setVisible(not self.read_only)
        box = _box(self, "attendanceBox")
        box.layout().addWidget(self.attendance_label)
        box.layout().addWidget(self.attendance_button)
        self.update_attendance()

    def defaults(self) -> dict[str, Any]:
        return {"date": clock.today().isoformat(), "category": vocab.ACTIVITY_CATEGORIES[0]}

    def format_value(self, name: str, value: Any) -> str:
        if name == "measures" and isinstance(value, dict):  # the text as the user typed it
            return self.record.get("measures_text") or measures_text(value)
        return super().format_value(name, value)

    def values(self) -> dict[str, Any]:
        values = super().values()
        if "measures" in values:  # kept as typed; core reads the figures out of it
            values["measures_text"] = values["measures"]
        return values

    def update_attendance(self) -> None:
        if not self.row_id:
            self.attendance_label.setText(TEXT["attendance_new"])
            self.attendance_button.setEnabled(False)
            return
        rows = queries.activity_attendance(self.ledger.db, self.row_id)
        minutes = sum(row["minutes"] for row in rows)
        self.attendance_label.setText(TEXT["attendance_summary"].format(
            count=len(rows), hours=format_hours(minutes / 60)))
        self.attendance_button.setEnabled(True)

    def open_attendance(self) -> AttendanceDialog:
        dialog = AttendanceDialog(self.ledger, self.row_id, self)
        dialog.accepted.connect(self.update_attendance)
        dialog.open()
        self.attendance_dialog = dialog
        return dialog

    def after_save(self, record: dict[str, Any]) -> None:
        if self.photos.pending:
            self.photos.commit(record["id"])


class VolunteerServicePanel(QWidget):
    """A volunteer's total hours, activities served and service records."""

    def __init__(self, ledger: Ledger, volunteer_id: str | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("serviceSummary")
        self.summary_label.setWordWrap(True)
        self.table = QTableWidget(self)
        self.table.setColumnCount(len(TEXT["service_headers"]))
        self.table.setHorizontalHeaderLabels(TEXT["service_headers"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table)
        if volunteer_id is None:
            self.summary_label.setText(TEXT["service_new"])
            self.table.setVisible(False)
            return
        service = queries.volunteer_service(ledger.db, volunteer_id)
        self.service = service
        self.summary_label.setText(TEXT["service_summary"].format(
            hours=format_hours(service.total_hours), activities=service.activities,
            records=len(service.records)))
        self.table.setRowCount(len(service.records))
        for number, row in enumerate(service.records):
            for column, value in enumerate((format_date_cn(row["date"]), row["title"],
                                            format_hours(row["minutes"] / 60),
                                            row["source"])):
                self.table.setItem(number, column, QTableWidgetItem(value))


class VolunteerDialog(RecordDialog):
    """The one place where the full ID number is shown (the volunteer's own form)."""

    table = "volunteers"
    form_name = "volunteer_dialog.ui"

    def setup(self) -> None:
        self.set_choices("gender", [(TEXT["auto"], ""), ("男", "男"), ("女", "女")])
        self.set_choices("political_status", vocab_choices(vocab.POLITICAL_STATUSES))
        self.set_choices("status", vocab_choices(vocab.VOLUNTEER_STATUSES))
        teams = self.ledger.teams.list(ListQuery(limit=None))
        self.set_choices("team_id", [(TEXT["none"], None)]
                         + [(team["name"], team["id"]) for team in teams])
        self.service_panel = VolunteerServicePanel(self.ledger, self.row_id, self)
        _box(self, "serviceBox").layout().addWidget(self.service_panel)

    def defaults(self) -> dict[str, Any]:
        return {"registered_on": clock.today().isoformat(), "status": "在册",
                "political_status": "群众", "gender": ""}


class TeamDialog(RecordDialog):
    table = "teams"
    form_name = "team_dialog.ui"

    def setup(self) -> None:
        self.set_choices("category", vocab_choices(vocab.TEAM_CATEGORIES))


class InspectionDialog(RecordDialog):
    table = "inspections"
    form_name = "inspection_dialog.ui"

    def setup(self) -> None:
        self.set_choices("source", vocab_choices(vocab.INSPECTION_SOURCES))

    def defaults(self) -> dict[str, Any]:
        return {"date": clock.today().isoformat()}


class HonourDialog(RecordDialog):
    """荣誉 (好人, 优秀志愿者, 文明单位 …): feeds the 考核 bonus and the summary."""

    table = "honours"
    form_name = "honour_dialog.ui"

    def setup(self) -> None:
        self.set_choices("level", [(HONOUR_LEVEL_LABELS[level], level)
                                   for level in vocab.HONOUR_LEVELS])
        self.set_choices("outcome", vocab_choices(vocab.HONOUR_OUTCOMES))
        self.set_choices("recipient_kind", vocab_choices(vocab.RECIPIENT_KINDS))
        volunteers = self.ledger.volunteers.list(ListQuery(limit=None, order_by="name"))
        self.set_choices("volunteer_id", [(TEXT["none"], None)] + [
            (row["name"], row["id"]) for row in volunteers])
        teams = self.ledger.teams.list(ListQuery(limit=None))
        self.set_choices("team_id", [(TEXT["none"], None)]
                         + [(team["name"], team["id"]) for team in teams])

    def defaults(self) -> dict[str, Any]:
        return {"date": clock.today().isoformat(), "level": "市", "outcome": "获评",
                "recipient_kind": "个人"}


HONOUR_LEVEL_LABELS = {"国家": "国家级", "省": "省级", "市": "市级", "县": "县（区）级",
                       "街道": "街道（乡镇）级"}

DIALOGS: dict[str, type[RecordDialog]] = {
    cls.table: cls
    for cls in (ActivityDialog, VolunteerDialog, TeamDialog, InspectionDialog, ProblemDialog,
                HonourDialog)
}


def open_record_dialog(ledger: Ledger, table: str, row_id: str | None,
                       parent: QWidget | None = None, *, read_only: bool = False) -> RecordDialog:
    return DIALOGS[table](ledger, row_id, parent, read_only=read_only)
