"""志愿者出勤: who served in an activity, for how long, 签到 or 补录 (with a reason).

The picker lists every live volunteer on the roll (searchable by name, phone, the last
digits of the ID number or the 志愿者编号; the count is shown, nothing is cut off), the
ones present first in the order of the 签到表. Ticking a row marks the volunteer present
with the default hours, which are the activity's own duration. Hours are typed as hours
(2, 2.5, “2小时”, “90分钟”), or come from the 签到/签退 times; core caps them by the
activity's duration unless a reason is typed. 全部到场 asks first, naming the count.

The dialog writes nothing: 确定 hands an :class:`AttendancePlan` to the activity dialog,
which saves it together with the activity (core.volunteers.attendance.apply_attendance),
so cancelling the activity throws the attendance away too.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_hours
from chuangcheng_desktop.core.rules.validation import InvalidValue
from chuangcheng_desktop.core.storage import records
from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.volunteers.attendance import (
    AttendancePlan,
    attendance_roll,
    planned_records,
)
from chuangcheng_desktop.core.volunteers.hours import default_minutes, parse_service_hours
from chuangcheng_desktop.ui.forms import child, load_form
from chuangcheng_desktop.ui.models.attendance_table import (
    COL_CAP,
    COL_NAME,
    COL_PRESENT,
    AttendanceTableModel,
    hours_text,
)

logger = logging.getLogger(__name__)

DIALOG_SIZE = (960, 600)
TEXT = {
    "title": "志愿者出勤",
    "activity": "活动：{title}（{date}{time}）",
    "activity_time": "，{start}–{end}，活动时长{hours}",
    "count": "花名册共 {total} 人，列出 {shown} 人",
    "summary": "已勾选 {count} 人，合计 {hours} 小时",
    "summary_capped": "；其中 {capped} 人超过活动时长，已按活动时长计",
    "ok": "确定",
    "cancel": "取消",
    "all_title": "全部到场",
    "all_question": "把列表中的 {count} 名志愿者全部标记为到场吗？",
    "all_question_search": "把搜索“{text}”列出的 {count} 名志愿者全部标记为到场吗？",
    "failed": "出勤有误",
    "no_team": "（按服务队加入）",
    "team_added": "已按签到表顺序加入“{team}”的 {count} 名成员",
    "bad_default": "默认时长：{reason}",
}


class AttendanceDialog(QDialog):
    """``activity`` holds the activity's values as typed (it may not be saved yet);
    ``plan`` the attendance so far. On accept, :attr:`plan` holds the new plan."""

    def __init__(self, ledger: Ledger, activity: dict[str, Any], plan: AttendancePlan,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.activity = activity
        self.plan = plan
        roll = attendance_roll(ledger.db)
        self.roll_size = len(roll)
        self.default = default_minutes(activity)

        # create
        self.ui = load_form("attendance_dialog.ui", self)
        self.layout().setContentsMargins(12, 12, 12, 12)
        self.search_edit = child(self.ui, QLineEdit, "searchEdit")
        self.table = child(self.ui, QTableView, "volunteerTable")
        self.all_button = child(self.ui, QPushButton, "allPresentButton")
        self.clear_button = child(self.ui, QPushButton, "clearButton")
        self.count_label = child(self.ui, QLabel, "countLabel")
        self.team_combo = child(self.ui, QComboBox, "teamCombo")
        self.team_button = child(self.ui, QPushButton, "addTeamButton")
        self.hours_edit = child(self.ui, QLineEdit, "defaultHours")
        self.source_combo = child(self.ui, QComboBox, "source")
        self.reason_edit = child(self.ui, QLineEdit, "reason")
        self.reason_error = child(self.ui, QLabel, "reason_error")
        self.summary_label = child(self.ui, QLabel, "summaryLabel")
        self.buttons = child(self.ui, QDialogButtonBox, "buttons")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.model = AttendanceTableModel(activity, roll, [e for e in plan.entries],
                                          self.default, self)

        # configure
        self.setWindowTitle(TEXT["title"])
        self.setWindowModality(Qt.WindowModality.WindowModal)
        child(self.ui, QLabel, "activityLabel").setText(self._activity_text())
        self.hours_edit.setText(hours_text(self.default))
        for source in vocab.SERVICE_SOURCES[:2]:  # 导入 is the importer's own
            self.source_combo.addItem(source, source)
        self.source_combo.setCurrentText(plan.source if plan.source in ("签到", "补录") else "签到")
        self.reason_edit.setText(plan.reason)
        self.team_combo.addItem(TEXT["no_team"], None)
        for team in ledger.teams.list(ListQuery(limit=None)):
            self.team_combo.addItem(team["name"], team["id"])
        self.save_button.setText(TEXT["ok"])
        # Enter in the search box ticks the one volunteer found (typing a signed sheet in
        # order: name, Enter, name, Enter …); it must not close the dialog.
        self.search_edit.installEventFilter(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(TEXT["cancel"])
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CAP, QHeaderView.ResizeMode.Interactive)

        # connect
        self.search_edit.textChanged.connect(self.model.refilter)
        self.search_edit.textChanged.connect(self._update_summary)
        self.model.changed.connect(self._update_summary)
        self.model.rejected.connect(self._show_problem)
        self.all_button.clicked.connect(self.mark_all_present)
        self.clear_button.clicked.connect(self.clear_all)
        self.team_button.clicked.connect(self.add_team)
        self.hours_edit.editingFinished.connect(self._default_changed)
        self.source_combo.currentIndexChanged.connect(self.validate)
        self.reason_edit.textChanged.connect(self.validate)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        self.resize(DIALOG_SIZE[0], DIALOG_SIZE[1])  # fits 1366×697 and 1280×720
        self._update_summary()
        self.validate()
        self.search_edit.setFocus()

    def _activity_text(self) -> str:
        activity = self.activity
        time = ""
        start, end = activity.get("start_time") or "", activity.get("end_time") or ""
        if start and end:
            time = TEXT["activity_time"].format(start=start, end=end,
                                                hours=format_hours(self.default / 60))
        return TEXT["activity"].format(title=activity.get("title") or "",
                                       date=format_date_cn(activity.get("date")), time=time)

    # --- table -----------------------------------------------------------------------------

    def row_of(self, volunteer_id: str) -> int | None:
        try:
            return self.model.rows.index(volunteer_id)
        except ValueError:
            return None

    def set_present(self, row: int, present: bool) -> None:
        self.model.setData(self.model.index(row, COL_PRESENT),
                           (Qt.CheckState.Checked if present else Qt.CheckState.Unchecked).value,
                           Qt.ItemDataRole.CheckStateRole)

    def set_cell(self, row: int, column: int, text: str) -> bool:
        """Type into a cell as the editor would (used by tests and the keyboard)."""
        return self.model.setData(self.model.index(row, column), text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search_edit and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.tick_found()
            return True
        return super().eventFilter(watched, event)

    def tick_found(self) -> None:
        """The only volunteer not yet ticked among those found: ticked, next in sheet order."""
        missing = [vid for vid in self.model.rows if vid not in self.model.present]
        if self.search_edit.text().strip() and len(missing) == 1:
            self.model.add_many(missing)
            self.search_edit.clear()

    def mark_all_present(self) -> None:
        """Every listed volunteer present, after a question naming how many."""
        rows = list(self.model.rows)
        missing = [vid for vid in rows if vid not in self.model.present]
        if not missing:
            return
        text = self.search_edit.text().strip()
        question = (TEXT["all_question_search"].format(text=text, count=len(rows)) if text
                    else TEXT["all_question"].format(count=len(rows)))
        answer = QMessageBox.question(self, TEXT["all_title"], question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.model.add_many(missing)

    def clear_all(self) -> None:
        self.model.clear()

    def add_team(self) -> None:
        """A team's members in name order: the order of a 签到表 pre-filled with that team."""
        team_id = self.team_combo.currentData()
        if not team_id:
            return
        members = [vid for vid, info in self.model.roll.items()
                   if info.get("team_id") == team_id and info.get("status") != "退出"]
        count = self.model.add_many(members)
        self.model.refilter(self.search_edit.text())
        self.summary_label.setText(self.summary_label.text() + "；" + TEXT["team_added"].format(
            team=self.team_combo.currentText(), count=count))

    def _default_changed(self) -> None:
        try:
            self.model.default_minutes = parse_service_hours(self.hours_edit.text())
        except InvalidValue as exc:
            self._show_problem(TEXT["bad_default"].format(reason=exc.reason))
            self.hours_edit.setText(hours_text(self.model.default_minutes))

    def _show_problem(self, message: str) -> None:
        self.reason_error.setText(message)
        self.reason_error.setVisible(True)

    def _update_summary(self) -> None:
        entries = self.model.ordered_entries()
        kept = [self.model.entry_minutes(entry) for entry in entries]
        minutes = sum(k.minutes for k in kept)
        text = TEXT["summary"].format(count=len(entries), hours=round(minutes / 60, 1))
        capped = sum(k.capped for k in kept)
        if capped:
            text += TEXT["summary_capped"].format(capped=capped)
        self.summary_label.setText(text)
        self.count_label.setText(TEXT["count"].format(total=self.roll_size,
                                                      shown=self.model.rowCount()))

    # --- validation and accept -------------------------------------------------------------

    def current_plan(self) -> AttendancePlan:
        return AttendancePlan([e for e in self.model.ordered_entries()],
                              self.source_combo.currentData(), self.reason_edit.text().strip())

    def validate(self) -> bool:
        """Core checks a record with this source and reason (补录 needs a reason)."""
        probe = {"activity_id": "-", "volunteer_id": "-", "minutes": 60,
                 "source": self.source_combo.currentData(), "reason": self.reason_edit.text()}
        try:
            records.validate_record(records.SERVICE_RECORDS, probe)
        except ValidationError as exc:
            self._show_problem(exc.for_field("reason") or exc.message)
            self.save_button.setEnabled(False)
            return False
        self.reason_error.setVisible(False)
        self.save_button.setEnabled(True)
        return True

    def save(self) -> None:
        if not self.validate():
            return
        plan = self.current_plan()
        try:
            planned_records(self.activity, plan)
        except ValidationError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return
        self.plan = plan
        self.accept()
