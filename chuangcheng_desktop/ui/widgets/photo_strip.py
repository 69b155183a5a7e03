"""Photos of one record and role (现场照片, 整改前, 整改后): thumbnails, add, remove, open.

Photos are added with the 添加照片 button or by dropping image files on the strip. They
are copied into the data folder (content-addressed, ``core.attachments``), so the
original file may later be moved or deleted. Before the record exists (a new record)
picked files wait in ``pending`` and are stored by :meth:`commit` after the save.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage import attachments
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery

logger = logging.getLogger(__name__)

THUMBNAIL = QSize(96, 72)
TEXT = {
    "add": "添加照片…",
    "remove": "移除",
    "hint": "可把照片拖到这里；双击打开",
    "pick": "选择照片",
    "filter": "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp)",
    "failed": "照片没有添加",
    "missing": "找不到照片文件（数据文件夹中的照片可能被移动或删除了）：{path}",
    "count": "{count} 张",
    "pending": "（保存后存入）",
}


def attachments_dir_of(ledger: Ledger) -> Path:
    """The photo store beside the ledger's database file."""
    return paths.attachments_dir(ledger.path.parent)


class PhotoList(QListWidget):
    """Icon list that accepts image files dropped on it."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(THUMBNAIL)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setSpacing(4)
        # after setMovement: a static QListView turns drops off on its viewport
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setMinimumHeight(THUMBNAIL.height() + 44)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)


class PhotoStrip(QWidget):
    changed = Signal()

    def __init__(self, ledger: Ledger, owner_table: str, role: str, owner_id: str | None = None,
                 parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.owner_table = owner_table
        self.role = role
        self.owner_id = owner_id
        self.pending: list[Path] = []
        self.store = attachments_dir_of(ledger)

        self.list = PhotoList(self)
        self.add_button = QPushButton(TEXT["add"], self)
        self.remove_button = QPushButton(TEXT["remove"], self)
        self.hint = QLabel(TEXT["hint"], self)

        self.hint.setStyleSheet("color: #7f8c8d;")
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)
        self.list.setAcceptDrops(not read_only)
        self.list.viewport().setAcceptDrops(not read_only)

        self.add_button.clicked.connect(self.pick_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.files_dropped.connect(self.add_files)
        self.list.itemDoubleClicked.connect(self.open_item)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.reload()

    def rows(self) -> list[dict[str, Any]]:
        if not self.owner_id:
            return []
        return self.ledger.attachments.list(ListQuery(
            filters={"owner_table": self.owner_table, "owner_id": self.owner_id,
                     "role": self.role}, limit=None))

    def reload(self) -> None:
        self.list.clear()
        for row in self.rows():
            path = attachments.attachment_file(self.store, row)
            self._add_item(path, row["original_name"], row["id"])
        for path in self.pending:
            self._add_item(path, path.name + TEXT["pending"], None)

    def _add_item(self, path: Path, name: str, attachment_id: str | None) -> None:
        item = QListWidgetItem(self._thumbnail(path), name)
        item.setData(Qt.ItemDataRole.UserRole, attachment_id)
        item.setData(Qt.ItemDataRole.UserRole + 1, str(path))
        item.setToolTip(name)
        self.list.addItem(item)

    @staticmethod
    def _thumbnail(path: Path) -> QIcon:
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        return QIcon(QPixmap.fromImage(image)) if not image.isNull() else QIcon()

    def pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, TEXT["pick"], "", TEXT["filter"])
        if files:
            self.add_files(files)

    def add_files(self, files: list[str]) -> None:
        problems = []
        for name in files:
            source = Path(name)
            try:
                attachments.check_image(source)
                if self.owner_id:
                    attachments.attach_file(self.ledger, self.store, source,
                                            owner_table=self.owner_table,
                                            owner_id=self.owner_id, role=self.role)
                else:
                    self.pending.append(source)
            except UserFacingError as exc:
                problems.append(exc.message)
        self.reload()
        self.changed.emit()
        if problems:
            QMessageBox.warning(self, TEXT["failed"], "\n".join(problems))

    def commit(self, owner_id: str) -> None:
        """Store the photos picked before the record existed, now that it does."""
        self.owner_id = owner_id
        pending, self.pending = self.pending, []
        for source in pending:
            attachments.attach_file(self.ledger, self.store, source, owner_table=self.owner_table,
                                    owner_id=owner_id, role=self.role)
        self.reload()

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            attachment_id = item.data(Qt.ItemDataRole.UserRole)
            if attachment_id:
                self.ledger.attachments.soft_delete(attachment_id)
            else:
                path = Path(item.data(Qt.ItemDataRole.UserRole + 1))
                self.pending = [p for p in self.pending if p != path]
        self.reload()
        self.changed.emit()

    def open_item(self, item: QListWidgetItem) -> None:
        path = Path(item.data(Qt.ItemDataRole.UserRole + 1))
        if not path.exists():
            QMessageBox.warning(self, TEXT["failed"], TEXT["missing"].format(path=path))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


thumbnail_icon = PhotoStrip._thumbnail  # a photo as a THUMBNAIL-sized icon (点位 page too)
