"""One 点位 in full (the lower half of the 点位 page): who looks after it, its runs, the
达标率 over time, its open and overdue problems, its photos and its 宣传阵地."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.checkpoints.history import CheckpointDetail, checkpoint_detail
from chuangcheng_desktop.core.checkpoints.photos import add_checkpoint_photo
from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_percent
from chuangcheng_desktop.core.storage.attachments import attachment_file
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.widgets.photo_strip import THUMBNAIL, attachments_dir_of, thumbnail_icon
from chuangcheng_desktop.ui.widgets.rate_chart import RateChart

TEXT = {
    "none": "在上方选择一个点位查看详情",
    "info": "<b>{name}</b>（{type}，{status}）　地址：{address}　包保单位：{sponsor}　"
            "负责人：{person} {phone}",
    "runs": "测评记录（{count}次，双击查看）",
    "run_headers": ["日期", "类型", "测评人", "达标率", "不合格", "检查表"],
    "chart": "达标率变化",
    "chart_empty": "还没有测评",
    "problems": "未完成的整改问题（{count}个，逾期{overdue}个；按期限列出前100个，双击打开）",
    "problem_headers": ["整改期限", "类别", "问题描述", "状态"],
    "photos": "照片（{count}张）",
    "publicity": "宣传阵地（{count}处）",
    "publicity_headers": ["类型", "内容/位置", "数量", "设置日期", "最近更新"],
    "version": "第{version}版",
    "overdue": "（逾期）",
    "add_photo": "添加点位照片…",
    "pick": "选择照片",
    "filter": "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp)",
    "photo_failed": "照片没有添加",
}
MAX_THUMBNAILS = 24
RESIZE_PRECISION = 40  # column widths from the first rows only: fast with hundreds of runs
OVERDUE = QColor("#fadbd8")


class CheckpointDetailWidget(QWidget):
    open_run = Signal(str)
    open_problem = Signal(str)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.today = date.today()
        self.detail: CheckpointDetail | None = None
        # create
        self.info_label = QLabel(TEXT["none"], self)
        self.runs_box = QGroupBox(self)
        self.runs_table = QTableWidget(self.runs_box)
        self.chart_box = QGroupBox(TEXT["chart"], self)
        self.chart = RateChart(self.chart_box)
        self.problems_box = QGroupBox(self)
        self.problems_table = QTableWidget(self.problems_box)
        self.photos_box = QGroupBox(self)
        self.photos_list = QListWidget(self.photos_box)
        self.add_photo_button = QPushButton(TEXT["add_photo"], self.photos_box)
        self.publicity_box = QGroupBox(self)
        self.publicity_table = QTableWidget(self.publicity_box)
        # configure
        self.info_label.setObjectName("checkpointInfo")
        self.info_label.setWordWrap(True)
        for table, headers in ((self.runs_table, TEXT["run_headers"]),
                               (self.problems_table, TEXT["problem_headers"]),
                               (self.publicity_table, TEXT["publicity_headers"])):
            table.setColumnCount(len(headers))
            table.setHorizontalHeaderLabels(headers)
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
            table.horizontalHeader().setStretchLastSection(True)
        self.problems_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.photos_list.setViewMode(QListView.ViewMode.IconMode)
        self.photos_list.setIconSize(THUMBNAIL)
        self.photos_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.photos_list.setMovement(QListView.Movement.Static)
        self.photos_list.setMaximumHeight(THUMBNAIL.height() + 44)
        # connect
        self.runs_table.itemActivated.connect(
            lambda item: self.open_run.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.runs_table.itemDoubleClicked.connect(
            lambda item: self.open_run.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.photos_list.itemDoubleClicked.connect(
            lambda item: QDesktopServices.openUrl(
                QUrl.fromLocalFile(item.data(Qt.ItemDataRole.UserRole))))
        self.add_photo_button.clicked.connect(self.pick_photos)
        self.problems_table.itemDoubleClicked.connect(
            lambda item: self.open_problem.emit(item.data(Qt.ItemDataRole.UserRole)))
        # assemble
        QVBoxLayout(self.runs_box).addWidget(self.runs_table)
        QVBoxLayout(self.chart_box).addWidget(self.chart)
        QVBoxLayout(self.problems_box).addWidget(self.problems_table)
        photos_layout = QVBoxLayout(self.photos_box)
        photos_layout.addWidget(self.photos_list)
        photos_layout.addWidget(self.add_photo_button, 0, Qt.AlignmentFlag.AlignLeft)
        QVBoxLayout(self.publicity_box).addWidget(self.publicity_table)
        grid = QGridLayout()
        grid.addWidget(self.runs_box, 0, 0)
        grid.addWidget(self.chart_box, 0, 1)
        grid.addWidget(self.problems_box, 1, 0)
        grid.addWidget(self.publicity_box, 1, 1)
        grid.addWidget(self.photos_box, 2, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.info_label)
        layout.addLayout(grid, 1)
        self.show_detail(None)

    def load(self, checkpoint_id: str | None, today: date) -> None:
        self.today = today
        self.show_detail(checkpoint_detail(self.ledger.db, checkpoint_id, today)
                         if checkpoint_id else None)

    def show_detail(self, detail: CheckpointDetail | None) -> None:
        self.detail = detail
        c = detail.checkpoint if detail else {}
        if not detail or not c:
            self.info_label.setText(TEXT["none"])
            for table in (self.runs_table, self.problems_table, self.publicity_table):
                table.setRowCount(0)
            self.photos_list.clear()
            self.chart.set_points([], TEXT["chart_empty"])
            self._titles(0, 0, 0, 0, 0)
            self.add_photo_button.setEnabled(False)
            return
        self.add_photo_button.setEnabled(True)
        self.info_label.setText(TEXT["info"].format(
            name=c["name"], type=c["type"], status="在用" if c["active"] else "停用",
            address=c["address"] or "—", sponsor=c["sponsor_unit"] or "—",
            person=c["contact_person"] or "—", phone=c["contact_phone"]))
        self._fill(self.runs_table, [
            (r.id, [format_date_cn(r.date), r.kind, r.inspector, format_percent(r.rate),
                    f"{r.failed}项", TEXT["version"].format(version=r.template_version)], False)
            for r in detail.runs])
        self.chart.set_points(detail.rate_series, TEXT["chart_empty"])
        self._fill(self.problems_table, [
            (p["id"], [format_date_cn(p["deadline"]) + (TEXT["overdue"] if p["overdue"] else ""),
                       p["category"], p["description"], p["status"]], p["overdue"])
            for p in detail.open_problems])
        self._fill(self.publicity_table, [
            (s["id"], [s["kind"], s["description"], str(s["quantity"]),
                       format_date_cn(s["placed_on"]), format_date_cn(s["content_changed_on"])],
             False) for s in detail.publicity])
        self._show_photos(detail)
        self._titles(len(detail.runs), detail.open_count, detail.overdue,
                     len(detail.photos), len(detail.publicity))

    def pick_photos(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, TEXT["pick"], str(Path.home()), TEXT["filter"])
        self.add_photos(files)

    def add_photos(self, files: list[str]) -> None:
        if not self.detail or not files:
            return
        checkpoint_id = self.detail.checkpoint["id"]
        for file in files:
            try:
                add_checkpoint_photo(self.ledger, attachments_dir_of(self.ledger), checkpoint_id,
                                     Path(file), taken_on=self.today)
            except UserFacingError as exc:
                QMessageBox.warning(self, TEXT["photo_failed"], exc.message)
        self.load(checkpoint_id, self.today)

    def _titles(self, runs: int, problems: int, overdue: int, photos: int, sites: int) -> None:
        self.runs_box.setTitle(TEXT["runs"].format(count=runs))
        self.problems_box.setTitle(TEXT["problems"].format(count=problems, overdue=overdue))
        self.photos_box.setTitle(TEXT["photos"].format(count=photos))
        self.publicity_box.setTitle(TEXT["publicity"].format(count=sites))

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, list[str], bool]]) -> None:
        table.setUpdatesEnabled(False)
        table.setRowCount(len(rows))
        for number, (row_id, values, flagged) in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row_id)
                if flagged:
                    item.setBackground(OVERDUE)
                table.setItem(number, column, item)
        table.setUpdatesEnabled(True)

    def _show_photos(self, detail: CheckpointDetail) -> None:
        self.photos_list.clear()
        folder = attachments_dir_of(self.ledger)
        for photo in detail.photos[:MAX_THUMBNAILS]:
            path = attachment_file(folder, photo)
            item = QListWidgetItem(thumbnail_icon(path), photo["caption"][:10] or photo["original_name"])
            item.setToolTip(f"{format_date_cn(photo['taken_on'])} {photo['caption']}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.photos_list.addItem(item)

