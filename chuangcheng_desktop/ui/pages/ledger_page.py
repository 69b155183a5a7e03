"""One ledger as a page: filters, a search box, the matching count and a lazy table.

What differs between the ledgers (columns, filters, which dialog edits a row, which
Excel sheet it exports) is a :class:`LedgerSpec` from ``ledger_specs``.
"""

from __future__ import annotations

import importlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.storage import cipher, clock
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.ui.models.record_table import Column, RecordTableModel
from chuangcheng_desktop.ui.tasks import TaskCancelled
from chuangcheng_desktop.ui.widgets.period_picker import PeriodPicker

logger = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150
MAX_COLUMN_CHARS = 18
LEDGER_IO_MODULE = "chuangcheng_desktop.ui.ledger_io"
IMPORT_MODULE = "chuangcheng_desktop.ui.import_dialog"

TEXT = {
    "search": "搜索{label}（名称、地点、姓名等，空格分隔多个词）",
    "count": "共 {count} 条",
    "counting": "正在统计条数…",
    "all": "全部{label}",
    "add": "新增（Ctrl+N）",
    "edit": "编辑",
    "delete": "删除",
    "overdue_only": "只看已逾期",
    "confirm_title": "移到回收站",
    "confirm_one": "确定删除这条{label}记录吗？\n\n{record}\n\n删除后可以在“回收站”中恢复。",
    "confirm_many": "确定删除选中的 {count} 条{label}记录吗？\n删除后可以在“回收站”中恢复。",
    "failed": "操作没有完成",
    "export": "导出台账",
    "print": "打印",
    "import": "导入",
    "template": "下载导入模板",
    "unavailable": "这项功能暂时无法使用（详情已写入日志），已保存的数据没有变化。",
}

# button text → (function name, call style); looked up in IO_MODULES, first found wins
IO_MODULES = (LEDGER_IO_MODULE, IMPORT_MODULE)
_IO_BUTTONS = (
    ("export", "export_ledger", "query"),
    ("print", "print_ledger", "query"),
    ("import", "import_records", "kind"),
    ("template", "save_import_template", "template"),
)


@dataclass(frozen=True)
class FilterSpec:
    """A combo box filtering one field; ``choices(ledger)`` gives (label, value) pairs."""

    name: str
    label: str
    choices: Callable[[Ledger], list[tuple[str, Any]]]


@dataclass(frozen=True)
class PageAction:
    """An extra button of one ledger (e.g. 生成整改通知书); ``run(page)`` does the work."""

    label: str
    name: str
    run: Callable[[Any], None]
    needs_selection: bool = False


@dataclass(frozen=True)
class LedgerSpec:
    table: str
    label: str
    columns: Callable[[Ledger], list[Column]]
    open_dialog: Callable[[Ledger, str | None, QWidget], QDialog]
    filters: tuple[FilterSpec, ...] = ()
    has_period: bool = True
    overdue_filter: bool = False
    sheet: str | None = None
    column_widths: dict[int, int] = field(default_factory=dict)
    # "overdue" / "due_soon" / None per row: the table colours the row (RecordTableModel)
    row_tone: Callable[[dict[str, Any]], str | None] | None = None
    actions: tuple[PageAction, ...] = ()


class RowCounter:
    """Counts matching rows on its own connection (called on a worker thread).

    ``cancel()`` interrupts a count that a newer search made pointless, so stale counts
    do not compete with the query of the next keystroke.
    """

    def __init__(self, path: Path, table: str) -> None:
        self.path = path
        self.table = table
        self._lock = threading.Lock()
        self._running: list[sqlite3.Connection] = []

    def __call__(self, query: ListQuery) -> int:
        with Ledger.open(self.path, actor="") as ledger:
            with self._lock:
                self._running.append(ledger.db.conn)
            try:
                return ledger.repository(self.table).count(query)
            except cipher.OperationalError as exc:
                raise TaskCancelled from exc
            finally:
                with self._lock:
                    self._running.remove(ledger.db.conn)

    def cancel(self) -> None:
        with self._lock:
            for conn in self._running:
                conn.interrupt()


def _saved_id(dialog: QDialog) -> str | None:
    saved = getattr(dialog, "saved_record", None)
    return saved.get("id") if isinstance(saved, dict) else None


def find_io_function(name: str, modules: tuple[str, ...] = IO_MODULES) -> Callable[..., Any] | None:
    """A function of the Excel/print/import modules, or None when it is not there (yet)."""
    for module in modules:
        try:
            loaded = importlib.import_module(module)
        except ImportError:
            continue
        except Exception:
            logger.exception("could not import %s", module)
            continue
        function = getattr(loaded, name, None)
        if callable(function):
            return function
    return None


class LedgerPage(QWidget):
    """A searchable, filterable table of one record kind with add / edit / delete."""

    changed = Signal()

    def __init__(self, ledger: Ledger, spec: LedgerSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.spec = spec
        self.repository = ledger.repository(spec.table)
        self.filter_combos: dict[str, QComboBox] = {}
        self.io_buttons: dict[str, QPushButton] = {}
        self.action_buttons: dict[str, QPushButton] = {}

        # create
        self.period_picker = PeriodPicker(self) if spec.has_period else None
        for spec_filter in spec.filters:
            combo = QComboBox(self)
            combo.setObjectName(f"{spec_filter.name}Filter")
            self.filter_combos[spec_filter.name] = combo
        self.overdue_check = QCheckBox(TEXT["overdue_only"], self) if spec.overdue_filter else None
        self.search_edit = QLineEdit(self)
        self.count_label = QLabel(self)
        self.table = QTableView(self)
        self.model = RecordTableModel(self.repository, spec.columns(ledger), self._build_query(),
                                      self, count_rows=RowCounter(ledger.path, spec.table),
                                      row_tone=spec.row_tone)
        self.add_button = QPushButton(TEXT["add"], self)
        self.edit_button = QPushButton(TEXT["edit"], self)
        self.delete_button = QPushButton(TEXT["delete"], self)
        self.search_timer = QTimer(self)
        for action in spec.actions:
            button = QPushButton(action.label, self)
            button.setObjectName(action.name)
            self.action_buttons[action.name] = button

        # configure
        self.reload_filter_choices()
        self.search_edit.setPlaceholderText(TEXT["search"].format(label=spec.label))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self._size_columns()
        self._update_count()
        self._update_buttons()

        # connect
        if self.period_picker is not None:
            self.period_picker.changed.connect(self.apply_filters)
        for combo in self.filter_combos.values():
            combo.currentIndexChanged.connect(self.apply_filters)
        if self.overdue_check is not None:
            self.overdue_check.toggled.connect(self.apply_filters)
        self.search_edit.textChanged.connect(self.search_timer.start)
        self.search_timer.timeout.connect(self.apply_filters)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.total_changed.connect(self._update_count)
        self.add_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        for action in spec.actions:
            self.action_buttons[action.name].clicked.connect(
                lambda _checked=False, a=action: self._run_action(a))
        for sequence in (QKeySequence.StandardKey.Delete,):
            QShortcut(sequence, self.table, self.delete_selected,
                      context=Qt.ShortcutContext.WidgetShortcut)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self.edit_selected,
                      context=Qt.ShortcutContext.WidgetShortcut)

        # assemble
        filters = QHBoxLayout()
        if self.period_picker is not None:
            filters.addWidget(self.period_picker)
        for combo in self.filter_combos.values():
            filters.addWidget(combo)
        if self.overdue_check is not None:
            filters.addWidget(self.overdue_check)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.count_label)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            actions.addWidget(button)
        for button in self.action_buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)
        self._add_io_buttons(actions)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

    # --- filtering -------------------------------------------------------------------------

    def reload_filter_choices(self) -> None:
        """Fill the filter combos (again, e.g. after a team was added)."""
        for spec_filter in self.spec.filters:
            combo = self.filter_combos[spec_filter.name]
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(TEXT["all"].format(label=spec_filter.label), None)
            for label, value in spec_filter.choices(self.ledger):
                combo.addItem(label, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def _build_query(self) -> ListQuery:
        filters = {name: combo.currentData() for name, combo in self.filter_combos.items()
                   if combo.currentData() is not None}
        overdue = self.overdue_check is not None and self.overdue_check.isChecked()
        return ListQuery(
            period=self.period_picker.period() if self.period_picker is not None else None,
            text=self.search_edit.text(),
            filters=filters,
            overdue_on=clock.today() if overdue else None,
        )

    def apply_filters(self) -> None:
        """Query core again with the current filters and search text."""
        self.search_timer.stop()
        self.model.set_query(self._build_query())
        self._update_count()
        self._update_buttons()

    def refresh(self) -> None:
        """Read again after changes elsewhere (columns too: e.g. a renamed team)."""
        self.model.columns = self.spec.columns(self.ledger)
        self.model.refresh()
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        total = self.model.total
        self.count_label.setText(TEXT["counting"] if total is None
                                 else TEXT["count"].format(count=total))

    # --- actions ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row(row)["id"] for row in rows]

    def select_id(self, row_id: str) -> bool:
        row = self.model.row_of(row_id)
        if row is None:
            return False
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.setCurrentIndex(self.model.index(row, 0))
        return True

    def new_record(self) -> QDialog:
        return self._open(None)

    def edit_selected(self) -> QDialog | None:
        ids = self.selected_ids()
        if not ids:
            return None
        return self._open(ids[0])

    def open_record(self, row_id: str) -> QDialog:
        return self._open(row_id)

    def _open(self, row_id: str | None) -> QDialog:
        dialog = self.spec.open_dialog(self.ledger, row_id, self)
        dialog.accepted.connect(lambda: self._after_save(_saved_id(dialog) or row_id))
        dialog.finished.connect(lambda _result: self._focus_table())
        record_changed = getattr(dialog, "record_changed", None)
        if record_changed is not None:  # a workflow step saved while the form stays open
            record_changed.connect(lambda *_args: self._after_save(row_id))
        dialog.open()
        return dialog

    def _after_save(self, row_id: str | None = None) -> None:
        """Read again; the row just saved is selected and scrolled into view."""
        self.reload_filter_choices()
        self.refresh()
        if row_id and self.select_id(row_id):
            self.table.scrollTo(self.table.currentIndex())
        self.changed.emit()

    def _focus_table(self) -> None:
        """After a form closes, the keyboard is back on the table (not the left menu)."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, self.table, lambda: self.table.setFocus(Qt.FocusReason.OtherFocusReason))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        label = self.spec.label
        question = (TEXT["confirm_one"].format(label=label, record=self.describe(ids[0]))
                    if len(ids) == 1
                    else TEXT["confirm_many"].format(count=len(ids), label=label))
        answer = QMessageBox.question(self, TEXT["confirm_title"], question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            for row_id in ids:
                self.repository.soft_delete(row_id)
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
        self.refresh()
        self.changed.emit()

    def describe(self, row_id: str) -> str:
        """The record as its row shows it: “2026年3月5日　文明交通劝导　…” (first columns)."""
        number = self.model.row_of(row_id)
        if number is None:
            return ""
        values = [str(self.model.index(number, column).data() or "")
                  for column in range(min(self.model.columnCount(), 4))]
        return "　".join(value for value in values if value)

    # --- layout helpers --------------------------------------------------------------------

    def _size_columns(self) -> None:
        """Columns as wide as their content on the first page (within limits); the text
        columns (活动名称, 问题描述, 备注) take the remaining width."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.table.fontMetrics()
        char = metrics.horizontalAdvance("中")
        stretch = [n for n, column in enumerate(self.model.columns) if column.stretch]
        header.setStretchLastSection(not stretch)
        for number, column in enumerate(self.model.columns):
            header_width = metrics.horizontalAdvance(column.header) + 36
            if number in stretch:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
                continue
            fallback = (column.width_chars or 6) * char + 16
            content = self.table.sizeHintForColumn(number) if self.model.rowCount() else 0
            width = max(header_width, content + 8 if content > 0 else fallback)
            self.table.setColumnWidth(number, min(width, MAX_COLUMN_CHARS * char))

    def _update_buttons(self) -> None:
        has_selection = bool(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)
        for action in self.spec.actions:
            if action.needs_selection:
                self.action_buttons[action.name].setEnabled(has_selection)

    def _run_action(self, action: PageAction) -> None:
        try:
            action.run(self)
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
        except Exception:
            logger.exception("%s failed", action.name)
            QMessageBox.warning(self, TEXT["failed"], TEXT["unavailable"])

    def _add_io_buttons(self, layout: QHBoxLayout) -> None:
        sheet = self.spec.sheet
        if sheet is None:
            return
        for key, name, style in _IO_BUTTONS:
            function = find_io_function(name)
            if function is None:
                continue
            button = QPushButton(TEXT[key], self)
            button.setObjectName(f"{key}Button")
            button.clicked.connect(
                lambda _checked=False, f=function, s=style: self._call_io(f, s))
            self.io_buttons[key] = button
            layout.addWidget(button)

    def _call_io(self, function: Callable[..., Any], style: str) -> None:
        sheet = self.spec.sheet
        try:
            if style == "query":
                function(self, self.ledger, sheet, self.model.query)
            elif style == "kind":
                result = function(self, self.ledger, sheet)
                finished = getattr(result, "finished", None)
                if finished is not None:  # a dialog or task still running: refresh after it
                    finished.connect(lambda *_args: self._after_save())
                else:
                    self._after_save()
            else:
                function(self, sheet)
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
        except Exception:
            logger.exception("%s failed", getattr(function, "__name__", function))
            QMessageBox.warning(self, TEXT["failed"], TEXT["unavailable"])
