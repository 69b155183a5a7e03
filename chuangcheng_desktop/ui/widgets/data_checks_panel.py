"""首页 panel 数据核对: records that would embarrass at an inspection, each a click away
from its form (``core.figures.data_checks``). The check runs on a worker thread with its
own connection; the panel hides itself when there is nothing to check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from chuangcheng_desktop.core.figures.data_checks import DataIssue, find_data_issues
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.tasks import LatestOnly

TEXT = {
    "title": "数据核对：发现{count}处需要核对（单击打开修改）",
    "line": "【{label}】{text}",
}
VISIBLE_LINES = 4  # the panel stays small on 首页; the list scrolls
PAGE_OF_TABLE = {"activities": "activities", "volunteers": "volunteers", "problems": "inspections"}


def _issues(path: Path, actor: str, today: date) -> list[DataIssue]:
    with Ledger.open(path, actor=actor) as own:
        return find_data_issues(own.db, today)


class DataChecksPanel(QGroupBox):
    """The list of 数据核对 issues; ``open_record(table, row_id)`` on a click."""

    open_record = Signal(str, str)
    checked = Signal(int)

    def __init__(self, ledger: Ledger, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.today = ledger, today
        self.issues: list[DataIssue] = []
        self._latest = LatestOnly(self)
        self.list = QListWidget(self)
        self.list.setObjectName("dataChecksList")
        self.list.setMaximumHeight(self.list.fontMetrics().height() * VISIBLE_LINES + 8)
        self.setObjectName("dataChecksPanel")
        self.setVisible(False)
        self.list.itemClicked.connect(self._open)
        self.list.itemActivated.connect(self._open)
        QVBoxLayout(self).addWidget(self.list)

    def refresh(self) -> None:
        path, actor, today = self.ledger.path, self.ledger.actor, self.today
        self._latest.start(lambda: _issues(path, actor, today), self.show_issues,
                           lambda message: None)

    def show_issues(self, issues: list[DataIssue]) -> None:
        self.issues = issues
        self.list.clear()
        for issue in issues:
            item = QListWidgetItem(TEXT["line"].format(label=issue.label, text=issue.text))
            item.setData(Qt.ItemDataRole.UserRole, (issue.table, issue.row_id))
            self.list.addItem(item)
        self.setTitle(TEXT["title"].format(count=len(issues)))
        self.setVisible(bool(issues))
        self.checked.emit(len(issues))

    def _open(self, item: QListWidgetItem) -> None:
        table, row_id = item.data(Qt.ItemDataRole.UserRole)
        self.open_record.emit(table, row_id)
        open_in_window(self.window(), table, row_id)


def open_in_window(window: QWidget, table: str, row_id: str) -> None:
    """Show the ledger page of ``table`` in the main window and open the record's form."""
    show_page = getattr(window, "show_page", None)
    if show_page is None:
        return
    page = show_page(PAGE_OF_TABLE[table])
    show_table = getattr(page, "show_table", None)
    if callable(show_table):
        page = show_table(table)
    open_record = getattr(page, "open_record", None)
    if callable(open_record):
        open_record(row_id)
