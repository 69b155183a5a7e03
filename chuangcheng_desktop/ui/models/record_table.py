"""A lazy table over one repository: rows fetched 200 at a time as the view scrolls.

The model holds the rows fetched so far and the total count of the current query. A new
filter or sort order is a new core query (``beginResetModel/endResetModel``); scrolling
asks for more through ``canFetchMore/fetchMore``.

A keystroke in a search box must update the table quickly even on 100,000 rows, so the
first page is read at once and the count is known at once only when that page is not
full. Otherwise ``count_rows`` (given by the page: it opens its own connection) counts on
a worker thread and ``total_changed`` fires when the figure arrives; meanwhile ``total``
is None and scrolling keeps fetching.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from chuangcheng_desktop.core.storage.repository import ListQuery, Repository
from chuangcheng_desktop.ui.tasks import Task, run_task

logger = logging.getLogger(__name__)

PAGE_SIZE = 200
# Row tones (``row_tone(row)``): background and text colours of a highlighted row.
TONES = {"overdue": ("#fdecea", "#a93226"), "due_soon": ("#fff4e0", "#8a5a00")}
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One table column: header label, how a row shows, and the field it sorts by."""

    header: str
    display: Callable[[dict[str, Any]], str]
    sort_field: str | None = None
    align_right: bool = False
    width_chars: int | None = None
    stretch: bool = False


def field_column(header: str, name: str, *, sortable: bool = True, align_right: bool = False,
                 width_chars: int | None = None, stretch: bool = False) -> Column:
    """A column showing one field as text."""
    return Column(header, lambda row: _text(row.get(name)), name if sortable else None,
                  align_right, width_chars, stretch)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


_RUNNING: set[Task] = set()  # keeps background counts alive until they finish


class RecordTableModel(QAbstractTableModel):
    total_changed = Signal()

    def __init__(self, repository: Repository, columns: list[Column],
                 query: ListQuery | None = None, parent: Any = None, *,
                 count_rows: Callable[[ListQuery], int] | None = None,
                 row_tone: Callable[[dict[str, Any]], str | None] | None = None) -> None:
        super().__init__(parent)
        self.repository = repository
        self.row_tone = row_tone
        self.columns = columns
        self.count_rows = count_rows
        self._query = replace(query or ListQuery(), limit=PAGE_SIZE, offset=0)
        self._rows: list[dict[str, Any]] = []
        self._total: int | None = 0
        self._more = False
        self._generation = 0
        self.refresh()

    # --- queries ---------------------------------------------------------------------------

    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def total(self) -> int | None:
        """How many rows match the current query (not only those fetched); None while a
        background count is still running."""
        return self._total

    def set_query(self, query: ListQuery) -> None:
        """Show the rows of a new query (keeping the current sort order)."""
        self._query = replace(query, limit=PAGE_SIZE, offset=0,
                              order_by=self._query.order_by, descending=self._query.descending)
        self.refresh()

    def refresh(self) -> None:
        """Read the first page of the current query again."""
        self._generation += 1
        self._cancel_count()
        self.beginResetModel()
        self._rows = self.repository.list(replace(self._query, offset=0))
        self._more = len(self._rows) == PAGE_SIZE
        self.endResetModel()
        if not self._more:
            self._set_total(len(self._rows))
        elif self.count_rows is None:
            self._set_total(self.repository.count(self._query))
        else:
            self._total = None
            self.total_changed.emit()
            self._count_in_background()

    def _cancel_count(self) -> None:
        cancel = getattr(self.count_rows, "cancel", None)
        if callable(cancel):
            cancel()

    def _count_in_background(self) -> None:
        generation, query, count_rows = self._generation, self._query, self.count_rows
        task = run_task(lambda _progress, _cancelled: count_rows(query))
        _RUNNING.add(task)
        task.succeeded.connect(lambda total: self._counted(generation, total))
        task.finished.connect(lambda: _RUNNING.discard(task))

    def _counted(self, generation: int, total: int) -> None:
        if shiboken6.isValid(self) and generation == self._generation:
            self._set_total(total)

    def _set_total(self, total: int) -> None:
        self._total = total
        self.total_changed.emit()

    def row(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_ids(self) -> list[str]:
        return [r["id"] for r in self._rows]

    def row_of(self, row_id: str) -> int | None:
        for number, row in enumerate(self._rows):
            if row["id"] == row_id:
                return number
        return None

    # --- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = column.display(self._rows[index.row()])
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if len(text) > 20 else None
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and (
                self.row_tone is not None):
            tone = TONES.get(self.row_tone(self._rows[index.row()]) or "")
            if tone is not None:
                return QColor(tone[0] if role == Qt.ItemDataRole.BackgroundRole else tone[1])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return str(section + 1)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        if self._total is None:
            return self._more
        return len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self.repository.list(replace(self._query, offset=len(self._rows)))
        self._more = len(more) == PAGE_SIZE
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        if not self._more and self._total is None:
            self._generation += 1  # the background count is no longer needed
            self._cancel_count()
            self._set_total(len(self._rows))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        field = self.columns[column].sort_field if 0 <= column < len(self.columns) else None
        if field is None and self._query.order_by is None:
            return
        self._query = replace(self._query, order_by=field,
                              descending=order == Qt.SortOrder.DescendingOrder)
        self.refresh()
