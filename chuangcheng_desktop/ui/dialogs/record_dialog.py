"""The add / edit / view dialog shared by every record kind.

Each kind has a Designer form ``forms/<kind>_dialog.ui`` whose input widgets are named
after the record's fields (``title``, ``date`` …) with a ``<field>_error`` label under
each. On every edit the typed values go through ``records.validate_record`` (core is the
one place with the rules); its messages appear under the fields and the 保存 button stays
disabled until the record is valid. Enter saves; Esc asks before throwing away typing.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_date
from chuangcheng_desktop.core.storage import clock, records
from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.forms import child, load_form
from chuangcheng_desktop.ui.widgets.date_popup import attach_calendar, is_date_field

logger = logging.getLogger(__name__)

TEXT = {
    "new": "新增{label}",
    "edit": "编辑{label}",
    "view": "查看{label}",
    "save": "保存",
    "cancel": "取消",
    "close": "关闭",
    "pending": "还需处理：{fields}",
    "ready": "填写完成，按 Enter 或点“保存”。",
    "discard_title": "放弃修改",
    "discard": "已填写的内容还没有保存，确定要放弃吗？",
    "failed": "没有保存",
    "future_title": "日期在今天之后",
    "future": "{label}“{day}”在今天之后，确定吗？",
}
Choices = list[tuple[str, Any]]


class RecordDialog(QDialog):
    """Subclasses set ``table`` and ``form_name`` and fill combo boxes in ``setup``."""

    table = ""
    form_name = ""
    # date fields where a day after today is asked about (an activity held, a problem found)
    past_fields: tuple[str, ...] = ()

    def __init__(self, ledger: Ledger, row_id: str | None = None,
                 parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.kind = records.RECORD_KINDS[self.table]
        self.repository = ledger.repository(self.table)
        self.row_id = row_id
        self.read_only = read_only
        self.record: dict[str, Any] = (
            self.repository.get(row_id, include_deleted=read_only) if row_id else {})
        self.saved_record: dict[str, Any] | None = None
        self.inputs: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.touched: set[str] = set()
        self.last_errors: ValidationError | None = None

        # create
        self.ui = load_form(self.form_name, self)
        self.layout().setContentsMargins(12, 12, 12, 12)
        self.buttons = child(self.ui, QDialogButtonBox, "buttons")
        self.summary_label = child(self.ui, QLabel, "summaryLabel")
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        for spec in self.kind.fields:
            widget = self.ui.findChild(QWidget, spec.name)
            if widget is None:
                continue
            self.inputs[spec.name] = widget
            self.error_labels[spec.name] = child(self.ui, QLabel, f"{spec.name}_error")
            if isinstance(widget, QLineEdit) and is_date_field(spec.name) and not read_only:
                attach_calendar(widget)  # a calendar button inside every date box

        # configure
        label = self.kind.label
        mode = "view" if read_only else ("edit" if row_id else "new")
        self.setWindowTitle(TEXT[mode].format(label=label))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.save_button.setText(TEXT["save"])
        self.save_button.setDefault(True)
        cancel.setText(TEXT["close"] if read_only else TEXT["cancel"])
        self.setup()
        self.set_values(self.record or self.defaults())
        for error_label in self.error_labels.values():
            error_label.setVisible(False)
        if read_only:
            self._make_read_only()

        # connect
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for name, widget in self.inputs.items():
            self._connect_change(name, widget)

        self._initial = self.values()
        self.validate()
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.setFocus()

    # --- hooks for subclasses --------------------------------------------------------------

    def setup(self) -> None:
        """Fill combo boxes, add extra widgets (photos, attendance)."""

    def defaults(self) -> dict[str, Any]:
        """Values of a new record."""
        return {}

    def after_save(self, record: dict[str, Any]) -> None:
        """Called once the record is saved (e.g. to attach photos picked before saving)."""

    def format_value(self, name: str, value: Any) -> str:
        """How a stored value is shown in a text box."""
        return "" if value is None else str(value)

    # --- values ----------------------------------------------------------------------------

    def set_choices(self, name: str, choices: Choices) -> None:
        combo = self.inputs[name]
        assert isinstance(combo, QComboBox)
        combo.clear()
        for label, value in choices:
            combo.addItem(label, value)

    def values(self) -> dict[str, Any]:
        """What the form holds now, as raw values for ``validate_record``."""
        values: dict[str, Any] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QLineEdit):
                values[name] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentData()
        return values

    def set_values(self, values: dict[str, Any]) -> None:
        for name, widget in self.inputs.items():
            if name not in values:
                continue
            value = values[name]
            if isinstance(widget, QLineEdit):
                widget.setText(self.format_value(name, value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(self.format_value(name, value))
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index < 0 and value in (None, ""):
                    index = widget.findData(None if value == "" else "")
                widget.setCurrentIndex(max(index, 0))

    def set_field(self, name: str, value: Any) -> None:
        """Put a value into one input as if typed (used by tests and helpers)."""
        self.set_values({name: value})

    def is_dirty(self) -> bool:
        return not self.read_only and self.values() != self._initial

    # --- validation ------------------------------------------------------------------------

    def validate(self) -> bool:
        """Ask core whether the form's values make a valid record; show its messages."""
        merged = {**{n: self.record.get(n) for n in self.kind.field_names}, **self.values()}
        try:
            records.validate_record(self.kind, merged)
        except ValidationError as exc:
            self.last_errors = exc
        else:
            self.last_errors = None
        self._show_errors(self.last_errors)
        valid = self.last_errors is None
        self.save_button.setEnabled(valid and not self.read_only)
        return valid

    def error_text(self, name: str) -> str:
        """The message shown under a field ("" when none is shown)."""
        label = self.error_labels.get(name)
        return label.text() if label is not None and label.isVisible() else ""

    def _show_errors(self, error: ValidationError | None) -> None:
        pending: list[str] = []
        shown: dict[str, str] = {}
        for field_error in error.errors if error else []:
            empty_untouched = (field_error.field not in self.touched
                               and field_error.message.endswith("不能为空，请填写"))
            if field_error.field in self.error_labels and not empty_untouched:
                shown.setdefault(field_error.field, field_error.message)
            elif field_error.field not in self.error_labels:
                shown.setdefault("", field_error.message)
            pending.append(field_error.label)
        for name, label in self.error_labels.items():
            label.setText(shown.get(name, ""))
            label.setVisible(name in shown)
        if self.read_only:
            self.summary_label.clear()
        elif pending:
            other = shown.get("", "")
            text = TEXT["pending"].format(fields="、".join(dict.fromkeys(pending)))
            self.summary_label.setText(f"{text}\n{other}" if other else text)
        else:
            self.summary_label.setText(TEXT["ready"])

    def _connect_change(self, name: str, widget: QWidget) -> None:
        def changed(*_args: Any) -> None:
            self.touched.add(name)
            self.validate()

        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.textChanged.connect(changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(changed)

    # --- save / cancel ---------------------------------------------------------------------

    def confirm_dates(self) -> bool:
        """A day after today in ``past_fields`` is asked about: "日期在今天之后，确定吗？"."""
        values = self.values()
        for name in self.past_fields:
            try:
                day = parse_date(values.get(name))
            except InvalidValue:
                continue
            if day > clock.today() and day.isoformat() != self.record.get(name):
                answer = QMessageBox.question(self, TEXT["future_title"], TEXT["future"].format(
                    label=self.kind.spec(name).label, day=format_date_cn(day.isoformat())))
                if answer != QMessageBox.StandardButton.Yes:
                    self.inputs[name].setFocus()
                    return False
        return True

    def save(self) -> None:
        if self.read_only or not self.validate() or not self.confirm_dates():
            return
        try:
            if self.row_id:
                record = self.repository.update(self.row_id, self.values())
            else:
                record = self.repository.add(self.values())
        except ValidationError as exc:
            self.touched.update(self.inputs)
            self._show_errors(exc)
            self.save_button.setEnabled(False)
            return
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return
        self.saved_record = record
        self.row_id = record["id"]
        self.record = record
        try:
            self.after_save(record)
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
        self._initial = self.values()
        self.accept()

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(self, TEXT["discard_title"], TEXT["discard"])
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    def _make_read_only(self) -> None:
        self.save_button.setVisible(False)
        for widget in self.inputs.values():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(True)
            else:
                widget.setEnabled(False)
