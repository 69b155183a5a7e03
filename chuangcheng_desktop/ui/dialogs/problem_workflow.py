"""The steps of a problem's rectification in the problem form: 提交复查 and 复查 dialogs, and
the 整改过程 timeline.

Each step calls ``core.workflow`` (the one place with the rules); a rejected field shows
core's message under that field and the dialog stays open; a step the problem's state
does not allow (it changed meanwhile) is refused with core's message.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.rules import workflow
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.forms import child, load_form
from chuangcheng_desktop.ui.notice_export import TEXT as NOTICE_TEXT
from chuangcheng_desktop.ui.notice_export import reprint_from_timeline
from chuangcheng_desktop.ui.widgets.date_popup import attach_calendar
from chuangcheng_desktop.ui.widgets.photo_strip import PhotoStrip

logger = logging.getLogger(__name__)

TEXT = {
    "submit_title": "提交复查",
    "recheck_title": "复查",
    "ok_submit": "提交复查",
    "ok_recheck": "保存复查结果",
    "cancel": "取消",
    "refused": "不能进行这一步",
    "photos": "已上传整改后照片 {count} 张。",
    "no_photos": "还没有整改后照片：请在下面“添加照片”，或写明没有照片的原因。",
    "passed": "通过（问题整改完成）",
    "failed": "不通过（退回整改）",
    "timeline_headers": ["时间", "经过"],
    "photo_count": "（{count}张照片）",
    "empty": "保存后，这里按时间列出发现、通知、每次状态变化和复查。",
}
KIND_COLOURS = {"found": "#2c3e50", "notice": "#2471a3", "status": "#7d6608",
                "recheck": "#1e8449", "photo": "#6c3483"}
REJECTED_COLOUR = "#c0392b"


class StepDialog(QDialog):
    """A small form whose inputs are named after core's field names (``<field>_error``
    labels under them); :meth:`run_step` calls core and returns the updated problem."""

    form_name = ""
    fields: tuple[str, ...] = ()

    def __init__(self, ledger: Ledger, problem_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.problem_id = problem_id
        self.result_record: dict[str, Any] | None = None
        self.ui = load_form(self.form_name, self)
        self.layout().setContentsMargins(12, 12, 12, 12)
        self.inputs = {name: self.ui.findChild(QWidget, name) for name in self.fields}
        self.errors = {name: child(self.ui, QLabel, f"{name}_error") for name in self.fields}
        self.summary_label = child(self.ui, QLabel, "summaryLabel")
        self.buttons = child(self.ui, QDialogButtonBox, "buttons")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(TEXT["cancel"])
        self.ok_button.setDefault(True)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        for label in self.errors.values():
            label.setVisible(False)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)

    def text(self, name: str) -> str:
        widget = self.inputs[name]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QLineEdit):
            return widget.text()
        return ""

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if label.isVisible() else ""

    def show_errors(self, error: ValidationError | None) -> None:
        for name, label in self.errors.items():
            message = error.for_field(name) if error else None
            label.setText(message or "")
            label.setVisible(bool(message))
        other = [e.message for e in error.errors if e.field not in self.errors] if error else []
        self.summary_label.setText("\n".join(other))

    def run_step(self) -> dict[str, Any]:
        raise NotImplementedError

    def confirm(self) -> None:
        try:
            self.result_record = self.run_step()
        except ValidationError as exc:
            self.show_errors(exc)
            return
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["refused"], exc.message)
            self.reject()
            return
        self.accept()


class SubmitDialog(StepDialog):
    """整改中 → 待复查: the measures taken, and why there is no 整改后 photo if there is none."""

    form_name = "submit_dialog.ui"
    fields = ("measures", "no_photo_reason")

    def __init__(self, ledger: Ledger, problem_id: str, parent: QWidget | None = None, *,
                 measures: str = "", no_photo_reason: str = "", after_photos: int = 0) -> None:
        super().__init__(ledger, problem_id, parent)
        self.setWindowTitle(TEXT["submit_title"])
        self.ok_button.setText(TEXT["ok_submit"])
        self.inputs["measures"].setPlainText(measures)
        self.inputs["no_photo_reason"].setText(no_photo_reason)
        self.photo_label = child(self.ui, QLabel, "photoLabel")
        # the 整改后 photo is added right here (saved with the problem at once)
        self.after_photos = PhotoStrip(ledger, "problems", "整改后", problem_id, self)
        self.after_photos.hint.setWordWrap(True)
        layout = self.ui.layout()
        layout.insertWidget(layout.indexOf(self.photo_label) + 1, self.after_photos)
        self.after_photos.changed.connect(self._photos_changed)
        self._photos_changed()
        self.inputs["measures"].setFocus()

    def _photos_changed(self) -> None:
        count = self.after_photos.list.count()
        self.photo_label.setText(TEXT["photos"].format(count=count) if count
                                 else TEXT["no_photos"])
        self.photo_label.setStyleSheet("" if count else f"color: {REJECTED_COLOUR};")
        for name in ("no_photo_reason_label", "no_photo_reason"):
            self.ui.findChild(QWidget, name).setVisible(not count)

    def run_step(self) -> dict[str, Any]:
        return workflow.submit_for_recheck(
            self.ledger, self.problem_id, measures=self.text("measures"),
            no_photo_reason=self.text("no_photo_reason"))


class RecheckDialog(StepDialog):
    """待复查 → 已完成 (通过) or back to 整改中 (不通过, with the reason)."""

    form_name = "recheck_dialog.ui"
    fields = ("date", "reviewer", "passed", "reason")

    def __init__(self, ledger: Ledger, problem_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ledger, problem_id, parent)
        self.setWindowTitle(TEXT["recheck_title"])
        self.ok_button.setText(TEXT["ok_recheck"])
        self.inputs["date"].setText(clock.today().isoformat())
        attach_calendar(self.inputs["date"])
        self.inputs["reviewer"].setText(workflow.last_reviewer(ledger))  # remembered
        combo: QComboBox = self.inputs["passed"]
        combo.addItem(TEXT["passed"], True)
        combo.addItem(TEXT["failed"], False)
        self.inputs["reviewer"].setFocus()

    def set_passed(self, passed: bool) -> None:
        combo: QComboBox = self.inputs["passed"]
        combo.setCurrentIndex(combo.findData(passed))

    def run_step(self) -> dict[str, Any]:
        return workflow.record_recheck(
            self.ledger, self.problem_id, day=self.text("date"),
            reviewer=self.text("reviewer").strip(), passed=bool(self.inputs["passed"].currentData()),
            reason=self.text("reason"))


class TimelinePanel(QWidget):
    """整改过程: what happened to the problem, oldest first (``core.workflow.timeline``)."""

    def __init__(self, ledger: Ledger, problem_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.problem_id = problem_id
        self.events: list[workflow.TimelineEvent] = []
        self.table = QTableWidget(self)
        self.empty_label = QLabel(TEXT["empty"], self)
        self.table.setObjectName("timelineTable")
        self.table.setColumnCount(2)
        self.table.setHorizontalHeaderLabels(TEXT["timeline_headers"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)  # one line per event; the full text is the tooltip
        self.table.setMinimumHeight(150)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #7f8c8d;")
        self.reprint_button = QPushButton(self)  # 重印通知书（存档副本）
        self.reprint_button.setObjectName("reprintNoticeButton")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.reprint_button, 0, Qt.AlignmentFlag.AlignRight)
        self.reprint_button.clicked.connect(self.reprint_notice)
        self.reload()

    def notice_numbers(self) -> list[str]:
        return [event.ref for event in self.events if event.kind == "notice" and event.ref]

    def reprint_notice(self) -> None:
        reprint_from_timeline(self, self.ledger, self.notice_numbers())

    def texts(self) -> list[str]:
        """The 经过 column as shown (for tests and screenshots)."""
        return [self.table.item(row, 1).text() for row in range(self.table.rowCount())]

    def reload(self, problem_id: str | None = None) -> None:
        self.problem_id = problem_id or self.problem_id
        self.events = workflow.timeline(self.ledger, self.problem_id) if self.problem_id else []
        self.table.setVisible(bool(self.events))
        self.empty_label.setVisible(not self.events)
        self.reprint_button.setText(NOTICE_TEXT["reprint"])
        self.reprint_button.setVisible(bool(self.notice_numbers()))
        self.table.setRowCount(len(self.events))
        for row, event in enumerate(self.events):
            when = format_date_cn(event.at)
            if len(event.at) > 10:
                when += f" {event.at[11:16]}"
            text = event.text
            if event.photos:
                text += TEXT["photo_count"].format(count=len(event.photos))
            colour = KIND_COLOURS.get(event.kind, "#2c3e50")
            if event.kind == "recheck" and "不通过" in event.text:
                colour = REJECTED_COLOUR
            for column, value in enumerate((when, text)):
                item = QTableWidgetItem(value)
                item.setForeground(QColor(colour))
                item.setToolTip(value)
                self.table.setItem(row, column, item)
