"""The list of backups in 设置 → 数据安全: date, record counts and file of each backup.

The files are listed at once; their record counts (about a second per street-scale backup
that is not in the disk cache) are read on a worker thread and remembered for the session,
keyed by path, size and modification time, since a backup file never changes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.safety.backup import BackupInfo, list_backups, record_counts
from chuangcheng_desktop.core.safety.safety import counts_text
from chuangcheng_desktop.ui.tasks import Task, run_task

logger = logging.getLogger(__name__)

HEADERS = ("备份时间", "记录数", "文件")
COUNTING = "（正在读取…）"
FileKey = tuple[str, int, int]
_COUNTS: dict[FileKey, dict[str, int]] = {}


def _file_key(path: Path) -> FileKey:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), stat.st_size, stat.st_mtime_ns)


def remember_counts(info: BackupInfo) -> None:
    """A backup just taken knows its counts already."""
    if info.counts:
        _COUNTS[_file_key(info.path)] = info.counts


class BackupListTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.backups: list[BackupInfo] = []
        self.count_task: Task | None = None
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(True)
        self.setMinimumHeight(180)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

    def load(self, folder: Path) -> list[BackupInfo]:
        """Show the backups in ``folder`` (newest first, selected) and return them."""
        try:
            self.backups = list_backups(folder, counts=False)
        except OSError as exc:
            logger.warning("cannot list backups: %s", exc)
            self.backups = []
        missing = []
        for info in self.backups:
            info.counts = _COUNTS.get(_file_key(info.path), {})
            if not info.counts:
                missing.append(info.path)
        self._fill()
        if missing and self.count_task is None:
            self.count_task = run_task(lambda _progress, _cancelled: {
                _file_key(path): record_counts(path) for path in missing}, self)
            self.count_task.succeeded.connect(self._counts_read)
        return self.backups

    def selected(self) -> BackupInfo | None:
        rows = self.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def counting(self) -> bool:
        return self.count_task is not None

    def _counts_read(self, counts: dict[FileKey, dict[str, int]]) -> None:
        _COUNTS.update(counts)
        if self.count_task is not None:
            self.count_task.deleteLater()
        self.count_task = None
        for info in self.backups:
            info.counts = _COUNTS.get(_file_key(info.path), info.counts)
        self._fill()

    def _fill(self) -> None:
        selected = self.selected() if self.rowCount() else None
        self.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            when = f"{format_date_cn(info.taken_at.date())} {info.taken_at:%H:%M:%S}"
            counts = counts_text(info.counts) if info.counts else COUNTING
            for column, text in enumerate((when, counts, info.path.name)):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path) if column == 2 else text)
                self.setItem(row, column, item)
        files = [info.path for info in self.backups]
        if files:
            keep = selected is not None and selected.path in files
            self.selectRow(files.index(selected.path) if keep else 0)
