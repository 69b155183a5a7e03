"""The problem form: the problem, its photos before and after, and its rectification.

For a saved problem the 整改状态 and 完成日期 are shown, not edited: they change only
through the workflow buttons (开始整改, 提交复查, 复查), each enabled when
``workflow.allowed_steps`` allows it; the 整改过程 timeline lists what happened. For a
new problem the deadline follows ``settings.default_deadline`` of the 发现日期, 类别
and 来源 until the user types a deadline of their own.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QLineEdit, QMessageBox, QPushButton

from chuangcheng_desktop.core.rules import vocab, workflow
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_date
from chuangcheng_desktop.core.storage import clock, queries
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.settings import default_deadline
from chuangcheng_desktop.ui.dialogs.problem_workflow import RecheckDialog, SubmitDialog, TimelinePanel
from chuangcheng_desktop.ui.dialogs.record_dialog import RecordDialog
from chuangcheng_desktop.ui.forms import child
from chuangcheng_desktop.ui.widgets.checkpoint_completer import attach_checkpoint_completer
from chuangcheng_desktop.ui.widgets.photo_strip import PhotoStrip

logger = logging.getLogger(__name__)

TEXT = {
    "none": "（无）",
    "status": "当前状态：{status}",
    "status_done": "当前状态：已完成（{date}完成）",
    "overdue": "，{note}",
    "hint_new": "保存问题后，用这里的按钮推进整改：开始整改 → 提交复查 → 复查。",
    "hint_todo": "责任单位开始整改时点“开始整改”。",
    "hint_doing": "整改完成后，添加整改后照片，再点“提交复查”。",
    "hint_checking": "复查人到现场核查后点“复查”，记录通过或不通过。",
    "hint_done": "整改已完成，流程结束。",
    "locked": "整改状态只能用下方“整改流程”中的按钮改变",
    "refused": "不能进行这一步",
    "step_done": "已{step}。",
}
HINTS = {"待整改": "hint_todo", "整改中": "hint_doing", "待复查": "hint_checking",
         "已完成": "hint_done"}
RED = "#c0392b"


def _choices(values: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [(value, value) for value in values]


class ProblemDialog(RecordDialog):
    past_fields = ("found_on",)
    table = "problems"
    form_name = "problem_dialog.ui"
    # A workflow step was saved (the problem changed even if the form is then cancelled).
    record_changed = Signal()

    def setup(self) -> None:
        inspections = queries.inspection_labels(self.ledger.db)
        current = self.record.get("inspection_id")
        if current and current not in {i for i, _ in inspections}:
            inspections.append((current, current))
        self.set_choices("inspection_id", [(TEXT["none"], None), *[
            (label, row_id) for row_id, label in inspections]])
        self.set_choices("source", _choices(vocab.INSPECTION_SOURCES))
        self.set_choices("category", _choices(vocab.PROBLEM_CATEGORIES))
        self.set_choices("status", _choices(vocab.PROBLEM_STATUSES))
        attach_checkpoint_completer(self.ledger, child(self.ui, QLineEdit, "checkpoint"))
        self.before_photos = PhotoStrip(self.ledger, "problems", "整改前", self.row_id, self,
                                        read_only=self.read_only)
        self.after_photos = PhotoStrip(self.ledger, "problems", "整改后", self.row_id, self,
                                       read_only=self.read_only)
        for strip in (self.before_photos, self.after_photos):
            strip.hint.setWordWrap(True)  # the two strips stand side by side
        child(self.ui, QGroupBox, "beforeBox").layout().addWidget(self.before_photos)
        child(self.ui, QGroupBox, "afterBox").layout().addWidget(self.after_photos)
        self.timeline = TimelinePanel(self.ledger, self.row_id, self)
        child(self.ui, QGroupBox, "timelineBox").layout().addWidget(self.timeline)
        self.workflow_status = child(self.ui, QLabel, "workflowStatus")
        self.workflow_hint = child(self.ui, QLabel, "workflowHint")
        self.step_buttons = {
            "start": child(self.ui, QPushButton, "startButton"),
            "submit": child(self.ui, QPushButton, "submitButton"),
            "recheck": child(self.ui, QPushButton, "recheckButton"),
        }
        self.step_dialog: SubmitDialog | RecheckDialog | None = None
        self._deadline_by_hand = bool(self.row_id)
        self._filling_deadline = False
        if self.row_id:
            status = self.inputs["status"]
            status.setEnabled(False)
            status.setToolTip(TEXT["locked"])
            completed = self.inputs["completed_on"]
            assert isinstance(completed, QLineEdit)
            completed.setReadOnly(True)
            completed.setPlaceholderText("")
            completed.setToolTip(TEXT["locked"])
        self.step_buttons["start"].clicked.connect(self.start_rectification)
        self.step_buttons["submit"].clicked.connect(self.submit_for_recheck)
        self.step_buttons["recheck"].clicked.connect(self.recheck)
        self.after_photos.changed.connect(self._photos_changed)
        self.before_photos.changed.connect(self._photos_changed)
        if not self.row_id:
            for name in ("found_on", "category", "source"):
                widget = self.inputs[name]
                if isinstance(widget, QComboBox):
                    widget.currentIndexChanged.connect(self.fill_deadline)
                else:
                    widget.textChanged.connect(self.fill_deadline)
            self.inputs["deadline"].textChanged.connect(self._deadline_typed)
        self.update_workflow()

    def defaults(self) -> dict[str, Any]:
        found = clock.today()
        category, source = vocab.PROBLEM_CATEGORIES[0], vocab.INSPECTION_SOURCES[0]
        deadline = default_deadline(self.ledger.db, found, category, source)
        return {"found_on": found.isoformat(), "status": "待整改", "category": category,
                "source": source, "deadline": deadline.isoformat()}

    def after_save(self, record: dict[str, Any]) -> None:
        for strip in (self.before_photos, self.after_photos):
            if strip.pending:
                strip.commit(record["id"])

    # --- default deadline (new problems) -----------------------------------------------------

    def fill_deadline(self) -> None:
        """The settings' default deadline for the typed 发现日期, 类别 and 来源, until the
        user types a deadline by hand."""
        if self._deadline_by_hand:
            return
        values = self.values()
        try:
            found = parse_date(values["found_on"])
        except InvalidValue:
            return
        if not values.get("category") or not values.get("source"):
            return
        deadline = default_deadline(self.ledger.db, found, values["category"], values["source"])
        self._filling_deadline = True
        try:
            self.set_field("deadline", deadline.isoformat())
        finally:
            self._filling_deadline = False

    def _deadline_typed(self) -> None:
        if not self._filling_deadline:
            self._deadline_by_hand = True

    # --- workflow ----------------------------------------------------------------------------

    def update_workflow(self) -> None:
        """Enable the steps the saved problem's state allows; show its state and deadline."""
        record = self.record if self.row_id else None
        allowed = workflow.allowed_steps(record) if record and not self.read_only else []
        self.step_buttons["start"].setEnabled("start" in allowed)
        self.step_buttons["submit"].setEnabled("submit" in allowed)
        self.step_buttons["recheck"].setEnabled("pass" in allowed)
        for button in self.step_buttons.values():
            button.setVisible(not self.read_only)
        if record is None:
            self.workflow_status.setText("")
            self.workflow_status.setVisible(False)
            self.workflow_hint.setText(TEXT["hint_new"])
            return
        self.workflow_status.setVisible(True)
        if record["status"] == vocab.PROBLEM_DONE:
            text = TEXT["status_done"].format(date=format_date_cn(record.get("completed_on")))
        else:
            text = TEXT["status"].format(status=record["status"])
        state, note = workflow.deadline_state(record, clock.today())
        if note:
            text += TEXT["overdue"].format(note=note)
        self.workflow_status.setText(text)
        colour = RED if state == "overdue" else "#2c3e50"
        self.workflow_status.setStyleSheet(f"font-weight: bold; color: {colour};")
        self.workflow_hint.setText(TEXT[HINTS[record["status"]]])

    def start_rectification(self) -> None:
        try:
            record = workflow.start_rectification(self.ledger, self.row_id)
        except UserFacingError as exc:
            self._refused(exc)
            return
        self._stepped(record)

    def submit_for_recheck(self) -> SubmitDialog:
        values = self.values()
        dialog = SubmitDialog(self.ledger, self.row_id, self,
                              measures=values.get("measures") or "",
                              no_photo_reason=values.get("no_photo_reason") or "",
                              after_photos=self.after_photos.list.count())
        return self._open_step(dialog)

    def recheck(self) -> RecheckDialog:
        return self._open_step(RecheckDialog(self.ledger, self.row_id, self))

    def _open_step(self, dialog: SubmitDialog | RecheckDialog) -> Any:
        self.step_dialog = dialog
        dialog.finished.connect(lambda _result: self.after_photos.reload())  # added there
        dialog.accepted.connect(lambda: self._stepped(dialog.result_record))
        dialog.rejected.connect(self._reload_record)
        dialog.open()
        return dialog

    def _refused(self, exc: UserFacingError) -> None:
        QMessageBox.warning(self, TEXT["refused"], exc.message)
        self._reload_record()

    def _reload_record(self) -> None:
        """Read the problem again (another window may have moved it on)."""
        if self.row_id:
            self._stepped(self.repository.get(self.row_id), changed=False)

    def _stepped(self, record: dict[str, Any] | None, *, changed: bool = True) -> None:
        if record is None:
            return
        self.record = record
        names = ("status", "completed_on", "measures", "no_photo_reason")
        self.set_values({name: record.get(name) for name in names})
        shown = self.values()
        self._initial = {**self._initial, **{name: shown[name] for name in names}}
        self.update_workflow()
        self.timeline.reload(self.row_id)
        self.validate()
        if changed:
            self.record_changed.emit()

    def _photos_changed(self) -> None:
        if self.row_id:
            self.timeline.reload(self.row_id)

