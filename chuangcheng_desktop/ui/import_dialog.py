"""导入 preview: every row with its outcome, rejected rows highlighted with the reason,
the duplicate choice (skip / update), 跳过错误行, and confirm. Reading and saving run on
worker threads (``ui.tasks``) that open their own ``Ledger``."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.imports.import_columns import KIND_LABELS
from chuangcheng_desktop.reports.imports.import_errors import (
    preview_summary,
    result_report,
    rows_to_fix,
)
from chuangcheng_desktop.reports.imports.importer import commit_import, preview_import
from chuangcheng_desktop.reports.imports.outcomes import DUPLICATE, REJECTED, ImportPreview
from chuangcheng_desktop.ui.tasks import run_with_progress

logger = logging.getLogger(__name__)

TEXT = {
    "open": "选择要导入的 Excel 文件",
    "filter": "Excel 工作簿 (*.xlsx);;所有文件 (*)",
    "reading": "正在读取并检查…",
    "title": "导入{label} — 预览",
    "status": {"ok": "可导入", REJECTED: "有错误", DUPLICATE: "重复"},
    "row": "行号",
    "outcome": "结果",
    "reason": "原因及处理办法",
    "skip_invalid": "跳过错误行（只导入正确的行，错误清单另存为 .xlsx）",
    "dup_skip": "重复的志愿者：跳过（保留花名册中的原记录）",
    "dup_update": "重复的志愿者：用文件中的内容更新原记录",
    "confirm": "确认导入",
    "cancel": "取消",
    "failed": "导入失败",
    "done": "导入完成",
    "saving": "正在导入…",
    "blocked": "有错误行时请先修改文件，或勾选“跳过错误行”。",
    "to_fix": "需要修改的行（{count}行；勾选“跳过错误行”导入后，这些行连同原因另存为错误文件，"
              "改好后可以直接再导入）：",
}
REJECTED_COLOR = QColor("#FFC7CE")
DUPLICATE_COLOR = QColor("#FFEB9C")


class ImportPreviewTableModel(QAbstractTableModel):
    """Rows of an ImportPreview: row number, outcome, the file's columns, the reason."""

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        # the reason next to the outcome: readable without scrolling right
        self.headers = [TEXT["row"], TEXT["outcome"], TEXT["reason"], *preview.headers]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.preview.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        outcome = self.preview.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.BackgroundRole:
            if outcome.status == REJECTED:
                return REJECTED_COLOR
            if outcome.status == DUPLICATE:
                return DUPLICATE_COLOR
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return str(outcome.row)
        if column == 1:
            return TEXT["status"][outcome.status]
        if column == 2:  # core's messages already name the field (“性别：…”)
            return "；".join(issue.message for issue in outcome.issues)
        value = outcome.cells.get(self.headers[column])
        return "" if value is None else str(value)


class ImportDialog(QDialog):
    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        # create
        self.summary = QLabel(preview_summary(preview))
        self.fix_label = QLabel(TEXT["to_fix"].format(count=len(preview.rejected)))
        self.fix_list = QListWidget()
        self.fix_list.setObjectName("rowsToFix")
        self.fix_list.addItems(rows_to_fix(preview))
        self.table = QTableView()
        self.model = ImportPreviewTableModel(preview, self)
        self.skip_invalid = QCheckBox(TEXT["skip_invalid"])
        self.duplicates = QComboBox()
        self.buttons = QDialogButtonBox()
        self.confirm = self.buttons.addButton(TEXT["confirm"], QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(TEXT["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        # configure
        self.setWindowTitle(TEXT["title"].format(label=KIND_LABELS[preview.kind]))
        self.resize(1000, 600)
        self.summary.setWordWrap(True)
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(2, 360)
        self.fix_list.setWordWrap(True)
        self.fix_list.setMaximumHeight(self.fix_list.fontMetrics().height() * 7)
        self.fix_label.setWordWrap(True)
        for widget in (self.fix_label, self.fix_list):
            widget.setVisible(bool(preview.rejected))
        self.duplicates.addItems([TEXT["dup_skip"], TEXT["dup_update"]])
        self.duplicates.setVisible(bool(preview.duplicates))
        self.skip_invalid.setVisible(bool(preview.rejected))
        # connect
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.skip_invalid.toggled.connect(self._update)
        # assemble
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.fix_label, self.fix_list, self.table, self.skip_invalid,
                       self.duplicates, self.buttons):
            layout.addWidget(widget)
        self._update()

    def _update(self) -> None:
        blocked = bool(self.preview.rejected) and not self.skip_invalid.isChecked()
        nothing = not self.preview.accepted and not self.preview.duplicates
        self.confirm.setEnabled(not blocked and not nothing)
        self.confirm.setToolTip(TEXT["blocked"] if blocked else "")

    @property
    def update_duplicates(self) -> bool:
        return self.duplicates.currentIndex() == 1


def start_import(parent: QWidget, ledger: Ledger, kind: str, path: str | None = None):
    """Ask for a file, read and check it on a worker thread, then show the preview."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, TEXT["open"], str(Path.home()), TEXT["filter"])
        if not path:
            return None
    database, actor = ledger.path, ledger.actor

    def read(progress, is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            return preview_import(own, kind, path, progress=progress)

    return run_with_progress(parent, read, lambda preview: show_preview(parent, ledger, preview),
                              TEXT["reading"], TEXT["failed"])


def show_preview(parent: QWidget, ledger: Ledger, preview: ImportPreview):
    dialog = ImportDialog(preview, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    skip, update = dialog.skip_invalid.isChecked(), dialog.update_duplicates
    dialog.deleteLater()  # its table model holds every checked row; the parent page lives on
    if not accepted:
        return None
    database, actor = ledger.path, ledger.actor

    def save(progress, is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            return commit_import(own, preview, skip_invalid=skip, update_duplicates=update,
                                 progress=progress)

    def done(result: object) -> None:
        _refresh(parent)  # the ledger list shows the imported rows
        QMessageBox.information(parent, TEXT["done"], result_report(result))

    return run_with_progress(parent, save, done, TEXT["saving"], TEXT["failed"])


def _refresh(page: QWidget) -> None:
    """The page the import was started from reads its rows again (and tells the others)."""
    refresh = getattr(page, "refresh", None)
    if callable(refresh):
        refresh()
    changed = getattr(page, "changed", None)
    if changed is not None and hasattr(changed, "emit"):
        changed.emit()
