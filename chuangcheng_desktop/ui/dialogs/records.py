"""The record dialogs of each ledger: activities, volunteers, teams, inspections, problems."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
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
from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.volunteers.attendance import (
    AttendancePlan,
    apply_attendance,
    current_plan,
    planned_records,
)
from chuangcheng_desktop.core.volunteers.stars import star_name
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
    "attendance_pending": "出勤 {count} 人，合计 {hours}（尚未保存：点“保存”时与活动一起保存，"
                          "点“取消”则不保存）",
    "sheet_photos": "签到表照片或扫描件",
    "sheet_count": "签到表照片：{count} 张",
    "sheet_button": "签到表照片…",
    "close": "关闭",
    "print_sheet": "打印签到表…",
    "attendance_failed": "出勤有误，活动没有保存",
    "service_summary": "累计服务 {hours}，参加活动 {activities} 次，服务记录 {records} 条；"
                       "星级：{star}",
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
        self.attendance_plan: AttendancePlan | None = None  # unsaved attendance, if any
        # 签到表 photos in a small window of their own, so the form stays short (1366×697)
        self.sheet_dialog = QDialog(self)
        self.sheet_dialog.setWindowTitle(TEXT["sheet_photos"])
        self.sheet_photos = PhotoStrip(self.ledger, "activities", "签到表", self.row_id,
                                       self.sheet_dialog, read_only=self.read_only)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self.sheet_dialog)
        close.rejected.connect(self.sheet_dialog.close)
        sheet_layout = QVBoxLayout(self.sheet_dialog)
        sheet_layout.addWidget(self.sheet_photos)
        sheet_layout.addWidget(close)
        self.sheet_count = QLabel(self)
        self.sheet_photos_button = QPushButton(TEXT["sheet_button"], self)
        self.sheet_photos_button.setObjectName("sheetPhotosButton")
        self.sheet_photos_button.clicked.connect(self.sheet_dialog.open)
        self.sheet_photos.changed.connect(self._update_sheet_count)
        self.sheet_button = QPushButton(TEXT["print_sheet"], self)
        self.sheet_button.setObjectName("signinSheetButton")
        self.sheet_button.clicked.connect(self.print_signin_sheet)
        box = _box(self, "attendanceBox")
        box.layout().addWidget(self.attendance_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attendance_button)
        buttons.addWidget(self.sheet_button)
        box.layout().addLayout(buttons)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_count, 1)
        sheet_row.addWidget(self.sheet_photos_button)
        box.layout().addLayout(sheet_row)
        self._update_sheet_count()
        self.update_attendance()

    def _update_sheet_count(self) -> None:
        self.sheet_count.setText(TEXT["sheet_count"].format(count=self.sheet_photos.list.count()))

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
        if self.attendance_plan is not None:
            self.attendance_label.setText(TEXT["attendance_pending"].format(
                count=len(self.attendance_plan.entries),
                hours=format_hours(self.attendance_plan.total_minutes / 60)))
            return
        rows = queries.activity_attendance(self.ledger.db, self.row_id) if self.row_id else []
        minutes = sum(row["minutes"] for row in rows)
        self.attendance_label.setText(TEXT["attendance_summary"].format(
            count=len(rows), hours=format_hours(minutes / 60)))

    def activity_values(self) -> dict[str, Any]:
        """The activity as typed now (times parsed when valid), for the attendance picker."""
        values = {**self.record, **self.values(), "id": self.row_id}
        for name in ("start_time", "end_time"):
            try:
                values[name] = self.kind.spec(name).parse(values[name]) if values[name] else ""
            except ValueError:
                values[name] = ""
        return values

    def open_attendance(self) -> AttendanceDialog:
        plan = self.attendance_plan or current_plan(self.ledger, self.row_id)
        dialog = AttendanceDialog(self.ledger, self.activity_values(), plan, self)
        dialog.accepted.connect(lambda: self._attendance_chosen(dialog.plan))
        dialog.open()
        self.attendance_dialog = dialog
        return dialog

    def print_signin_sheet(self) -> None:
        from chuangcheng_desktop.ui.volunteer_service import print_signin_sheet

        print_signin_sheet(self, self.ledger, self.activity_values())

    def _attendance_chosen(self, plan: AttendancePlan) -> None:
        self.attendance_plan = plan
        self.update_attendance()

    def is_dirty(self) -> bool:
        return super().is_dirty() or self.attendance_plan is not None

    def save(self) -> None:
        """The attendance is checked against the activity as saved (times may have changed)
        before anything is written, so the two are saved together or not at all."""
        if self.attendance_plan is not None and self.validate():
            try:
                planned_records(self.activity_values(), self.attendance_plan)
            except ValidationError as exc:
                QMessageBox.warning(self, TEXT["attendance_failed"], exc.message)
                return
        super().save()

    def after_save(self, record: dict[str, Any]) -> None:
        if self.photos.pending:
            self.photos.commit(record["id"])
        if self.sheet_photos.pending:
            self.sheet_photos.commit(record["id"])
        if self.attendance_plan is not None:
            apply_attendance(self.ledger, record, self.attendance_plan)
            self.attendance_plan = None


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
            records=len(service.records),
            star=star_name(ledger.volunteers.get(volunteer_id)["star_level"])))
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
