"""The 总结报告 page: start a new summary, resume a draft, open an exported document."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.summary.drafts import DraftInfo, delete_draft, list_drafts
from chuangcheng_desktop.ui.report_wizard import ReportWizard, draft_new_in_background
from chuangcheng_desktop.ui.widgets.export_done import open_path

TEXT = {
    "title": "总结报告",
    "intro": "工作总结按台账数据自动起草，可逐段修改，导出为符合公文格式的 Word 文档。"
             "向导中的每一步都会自动保存，下次可以接着写。",
    "new": "新建总结",
    "drafts": "草稿（双击继续编辑）",
    "resume": "继续编辑",
    "delete": "删除草稿",
    "exports": "已导出的文档（双击打开）",
    "open": "打开文档",
    "open_folder": "打开所在文件夹",
    "draft_item": "{title}　{period}　最后修改 {updated}",
    "export_item": "{name}　导出于 {at}",
    "missing": "{name}　（文件已被移动或删除）",
    "confirm_delete": "把草稿“{title}”移到回收站吗？",
    "untitled": "（无标题）",
    "no_drafts": "还没有草稿。点右上角“新建总结”，向导会按台账数据起草全文，每一段都可以修改。",
    "no_exports": "还没有导出的文档。在向导最后一步“预览与导出”保存的 Word 文档会列在这里。",
}


class ReportPage(QWidget):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.wizard: ReportWizard | None = None

        heading = QLabel(TEXT["title"])
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        intro = QLabel(TEXT["intro"])
        intro.setWordWrap(True)
        self.new_button = QPushButton(TEXT["new"])
        self.draft_list = QListWidget()
        self.resume_button = QPushButton(TEXT["resume"])
        self.delete_button = QPushButton(TEXT["delete"])
        self.export_list = QListWidget()
        self.open_button = QPushButton(TEXT["open"])
        self.open_folder_button = QPushButton(TEXT["open_folder"])

        self.new_button.clicked.connect(self.new_draft)
        self.resume_button.clicked.connect(self._resume_selected)
        self.draft_list.itemDoubleClicked.connect(lambda _item: self._resume_selected())
        self.delete_button.clicked.connect(self._delete_selected)
        self.open_button.clicked.connect(lambda: self._open_selected(folder=False))
        self.open_folder_button.clicked.connect(lambda: self._open_selected(folder=True))
        self.export_list.itemDoubleClicked.connect(lambda _item: self._open_selected(folder=False))

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(QLabel(TEXT["drafts"]))
        layout.addWidget(self.draft_list, 2)
        layout.addLayout(_row(self.resume_button, self.delete_button))
        layout.addWidget(QLabel(TEXT["exports"]))
        layout.addWidget(self.export_list, 1)
        layout.addLayout(_row(self.open_button, self.open_folder_button))
        self.refresh()

    def refresh(self) -> None:
        self.draft_list.clear()
        self.export_list.clear()
        for info in list_drafts(self.ledger):
            item = QListWidgetItem(TEXT["draft_item"].format(
                title=info.title or TEXT["untitled"], period=info.period,
                updated=info.updated_at.replace("T", " ")[:16]))
            item.setData(Qt.ItemDataRole.UserRole, info)
            self.draft_list.addItem(item)
        for info in list_drafts(self.ledger, exported_only=True):
            name = Path(info.exported_path).name
            text = (TEXT["export_item"].format(name=name, at=(info.exported_at or "").replace("T", " ")[:16])
                    if info.exported_file_exists else TEXT["missing"].format(name=name))
            item = QListWidgetItem(text)
            item.setToolTip(info.exported_path)
            item.setData(Qt.ItemDataRole.UserRole, info)
            self.export_list.addItem(item)
        for widget, text in ((self.draft_list, TEXT["no_drafts"]),
                             (self.export_list, TEXT["no_exports"])):
            if widget.count() == 0:
                hint = QListWidgetItem(text)
                hint.setFlags(Qt.ItemFlag.NoItemFlags)
                widget.addItem(hint)
        has_drafts = self.draft_list.item(0).data(Qt.ItemDataRole.UserRole) is not None
        has_exports = self.export_list.item(0).data(Qt.ItemDataRole.UserRole) is not None
        self.resume_button.setEnabled(has_drafts)
        self.delete_button.setEnabled(has_drafts)
        self.open_button.setEnabled(has_exports)
        self.open_folder_button.setEnabled(has_exports)

    def new_draft(self) -> None:
        """新建总结: draft on a worker thread (seconds at street scale), then open it."""
        self.new_button.setEnabled(False)
        task = draft_new_in_background(self, self.ledger, self.open_wizard)
        task.finished.connect(lambda: self.new_button.setEnabled(True))

    def open_wizard(self, draft_id: str | None) -> ReportWizard:
        self.wizard = ReportWizard(self.ledger, draft_id, self)
        self.wizard.saved.connect(lambda _id: self.refresh())
        self.wizard.export_page.exported.connect(lambda _path: self.refresh())
        self.wizard.finished.connect(lambda _result: self.refresh())
        self.wizard.open()
        return self.wizard

    def _selected(self, widget: QListWidget) -> DraftInfo | None:
        item = widget.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _resume_selected(self) -> None:
        info = self._selected(self.draft_list)
        if info is not None:
            self.open_wizard(info.id)

    def _delete_selected(self) -> None:
        info = self._selected(self.draft_list)
        if info is None:
            return
        answer = QMessageBox.question(self, TEXT["title"], TEXT["confirm_delete"].format(
            title=info.title or TEXT["untitled"]))
        if answer == QMessageBox.StandardButton.Yes:
            delete_draft(self.ledger, info.id)
            self.refresh()

    def _open_selected(self, *, folder: bool) -> None:
        info = self._selected(self.export_list)
        if info is None or not info.exported_file_exists:
            return
        open_path(self, Path(info.exported_path), folder=folder)


def _row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row
