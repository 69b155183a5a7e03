"""志愿者出勤: who served in an activity, for how many minutes, 签到 or 补录 (with a reason).

The table lists the volunteers already recorded for the activity first, then those on the
roll that match the search box. Ticking a row marks the volunteer present with the
default minutes (taken from the activity's start and end time); the minutes cell can be
edited per person. 签到/补录 and the reason apply to the newly ticked volunteers; records
already saved keep theirs (only their minutes can change here). Saving adds, changes and
removes service records through the ``service_records`` repository, validated by core.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
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
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.validation import mask_id_number
from chuangcheng_desktop.core.storage import queries, records
from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.ui.forms import child, load_form

logger = logging.getLogger(__name__)

SEARCH_LIMIT = 200
DEFAULT_MINUTES = 120
COL_PRESENT, COL_NAME, COL_ID, COL_PHONE, COL_MINUTES = range(5)
TEXT = {
    "title": "志愿者出勤",
    "activity": "活动：{title}（{date}）",
    "headers": ["到场", "姓名", "身份证号", "联系电话", "服务时长（分钟）"],
    "summary": "已勾选 {count} 人，合计 {hours} 小时",
    "save": "保存出勤",
    "cancel": "取消",
    "failed": "出勤没有保存",
}


def default_minutes(activity: dict[str, Any]) -> int:
    """Minutes between the activity's start and end time, or 120 when unknown."""
    start, end = activity.get("start_time") or "", activity.get("end_time") or ""
    try:
        sh, sm = (int(part) for part in start.split(":")[:2])
        eh, em = (int(part) for part in end.split(":")[:2])
    except ValueError:
        return DEFAULT_MINUTES
    minutes = (eh * 60 + em) - (sh * 60 + sm)
    return minutes if 0 < minutes <= 1440 else DEFAULT_MINUTES


class AttendanceDialog(QDialog):
    def __init__(self, ledger: Ledger, activity_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.activity = ledger.activities.get(activity_id)
        self.existing = {row["volunteer_id"]: row
                         for row in queries.activity_attendance(ledger.db, activity_id)}
        # volunteer id → {"name", "id_number", "phone", "minutes"}
        self.present: dict[str, dict[str, Any]] = {
            vid: {"name": row["name"], "id_number": row["id_number"], "phone": row["phone"],
                  "minutes": row["minutes"]}
            for vid, row in self.existing.items()}
        self._filling = False

        self.ui = load_form("attendance_dialog.ui", self)
        self.layout().setContentsMargins(12, 12, 12, 12)
        self.search_edit = child(self.ui, QLineEdit, "searchEdit")
        self.table = child(self.ui, QTableWidget, "volunteerTable")
        self.all_button = child(self.ui, QPushButton, "allPresentButton")
        self.clear_button = child(self.ui, QPushButton, "clearButton")
        self.minutes_spin = child(self.ui, QSpinBox, "minutesSpin")
        self.source_combo = child(self.ui, QComboBox, "source")
        self.reason_edit = child(self.ui, QLineEdit, "reason")
        self.reason_error = child(self.ui, QLabel, "reason_error")
        self.summary_label = child(self.ui, QLabel, "summaryLabel")
        self.buttons = child(self.ui, QDialogButtonBox, "buttons")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)

        self.setWindowTitle(TEXT["title"])
        self.setWindowModality(Qt.WindowModality.WindowModal)
        child(self.ui, QLabel, "activityLabel").setText(TEXT["activity"].format(
            title=self.activity["title"], date=format_date_cn(self.activity["date"])))
        self.minutes_spin.setValue(default_minutes(self.activity))
        for source in vocab.SERVICE_SOURCES:
            self.source_combo.addItem(source, source)
        sources = {row["source"] for row in self.existing.values()}
        if sources == {"补录"}:
            self.source_combo.setCurrentText("补录")
            self.reason_edit.setText(next(iter(self.existing.values()))["reason"])
        self.save_button.setText(TEXT["save"])
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(TEXT["cancel"])
        self.table.setColumnCount(len(TEXT["headers"]))
        self.table.setHorizontalHeaderLabels(TEXT["headers"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)

        self.search_edit.textChanged.connect(self.fill_table)
        self.table.itemChanged.connect(self._on_item_changed)
        self.all_button.clicked.connect(self.mark_all_present)
        self.clear_button.clicked.connect(self.clear_all)
        self.source_combo.currentIndexChanged.connect(self.validate)
        self.reason_edit.textChanged.connect(self.validate)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        self.fill_table()
        self.validate()
        self.search_edit.setFocus()

    # --- table -----------------------------------------------------------------------------

    def fill_table(self) -> None:
        """Checked volunteers first, then the roll's matches for the search text."""
        found = self.ledger.volunteers.list(ListQuery(
            text=self.search_edit.text(), filters={"status": "在册"}, order_by="name",
            limit=SEARCH_LIMIT))
        rows: list[tuple[str, dict[str, Any]]] = []
        text = self.search_edit.text().strip()
        for vid, info in self.present.items():
            if not text or text in info["name"]:
                rows.append((vid, info))
        for volunteer in found:
            if volunteer["id"] not in self.present:
                rows.append((volunteer["id"], volunteer))
        self._filling = True
        self.table.setRowCount(len(rows))
        for number, (vid, info) in enumerate(rows):
            present = vid in self.present
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                           | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.UserRole, vid)
            self.table.setItem(number, COL_PRESENT, check)
            for column, value in ((COL_NAME, info["name"]),
                                  (COL_ID, mask_id_number(info["id_number"])),
                                  (COL_PHONE, info.get("phone") or "")):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(number, column, item)
            minutes = self.present[vid]["minutes"] if present else ""
            item = QTableWidgetItem(str(minutes))
            item.setData(Qt.ItemDataRole.UserRole, info)
            self.table.setItem(number, COL_MINUTES, item)
        self._filling = False
        self._update_summary()

    def row_of(self, volunteer_id: str) -> int | None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, COL_PRESENT).data(Qt.ItemDataRole.UserRole) == volunteer_id:
                return row
        return None

    def set_present(self, row: int, present: bool) -> None:
        self.table.item(row, COL_PRESENT).setCheckState(
            Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)

    def mark_all_present(self) -> None:
        for row in range(self.table.rowCount()):
            self.set_present(row, True)

    def clear_all(self) -> None:
        for row in range(self.table.rowCount()):
            self.set_present(row, False)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        row = item.row()
        vid = self.table.item(row, COL_PRESENT).data(Qt.ItemDataRole.UserRole)
        minutes_item = self.table.item(row, COL_MINUTES)
        info = minutes_item.data(Qt.ItemDataRole.UserRole)
        self._filling = True
        if item.column() == COL_PRESENT:
            if item.checkState() == Qt.CheckState.Checked:
                self.present[vid] = {"name": info["name"], "id_number": info["id_number"],
                                     "phone": info.get("phone") or "",
                                     "minutes": self.minutes_spin.value()}
                minutes_item.setText(str(self.minutes_spin.value()))
            else:
                self.present.pop(vid, None)
                minutes_item.setText("")
        elif item.column() == COL_MINUTES and vid in self.present:
            try:
                self.present[vid]["minutes"] = int(item.text())
            except ValueError:
                item.setText(str(self.present[vid]["minutes"]))
        self._filling = False
        self._update_summary()

    def _update_summary(self) -> None:
        minutes = sum(info["minutes"] for info in self.present.values())
        self.summary_label.setText(TEXT["summary"].format(
            count=len(self.present), hours=round(minutes / 60, 1)))

    # --- validation and save ---------------------------------------------------------------

    def _record(self, volunteer_id: str, minutes: int) -> dict[str, Any]:
        return {"activity_id": self.activity["id"], "volunteer_id": volunteer_id,
                "minutes": minutes, "source": self.source_combo.currentData(),
                "reason": self.reason_edit.text()}

    def validate(self) -> bool:
        """Core checks one record with this source and reason (补录 needs a reason)."""
        try:
            records.validate_record(records.SERVICE_RECORDS, self._record("-", 60))
        except ValidationError as exc:
            message = exc.for_field("reason") or exc.message
            self.reason_error.setText(message)
            self.reason_error.setVisible(True)
            self.save_button.setEnabled(False)
            return False
        self.reason_error.setVisible(False)
        self.save_button.setEnabled(True)
        return True

    def save(self) -> None:
        if not self.validate():
            return
        repo = self.ledger.service_records
        try:
            new = [self._record(vid, info["minutes"]) for vid, info in self.present.items()
                   if vid not in self.existing]
            repo.add_many(new)
            for vid, row in self.existing.items():
                if vid not in self.present:
                    repo.soft_delete(row["id"])
                elif self.present[vid]["minutes"] != row["minutes"]:
                    repo.update(row["id"], {"minutes": self.present[vid]["minutes"]})
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return
        self.accept()
