"""宣传阵地 of one 点位: the list, add a site, mark a 宣传栏's content renewed, take one down."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.checkpoints import publicity
from chuangcheng_desktop.core.checkpoints.register import get_checkpoint
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger

TEXT = {
    "title": "宣传阵地 — {name}",
    "headers": ["类型", "内容/位置", "数量", "设置日期", "撤除日期", "内容更新"],
    "kind": "类型",
    "description": "内容/位置",
    "quantity": "数量",
    "placed": "设置日期",
    "add": "添加",
    "renewed": "宣传栏内容今天已更新",
    "remove": "今天已撤除",
    "close": "关闭",
    "failed": "没有保存",
}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PublicityDialog(QDialog):
    def __init__(self, ledger: Ledger, checkpoint_id: str, *, today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.checkpoint_id = checkpoint_id
        self.today = today or date.today()
        self.changed_anything = False
        # create
        self.table = QTableWidget(0, len(TEXT["headers"]), self)
        self.kind_combo = QComboBox(self)
        self.description_edit = QLineEdit(self)
        self.quantity_spin = QSpinBox(self)
        self.placed_edit = QDateEdit(_qdate(self.today), self)
        self.add_button = QPushButton(TEXT["add"], self)
        self.renewed_button = QPushButton(TEXT["renewed"], self)
        self.remove_button = QPushButton(TEXT["remove"], self)
        self.buttons = QDialogButtonBox(self)
        self.buttons.addButton(TEXT["close"], QDialogButtonBox.ButtonRole.RejectRole)
        # configure
        self.setWindowTitle(TEXT["title"].format(name=get_checkpoint(ledger, checkpoint_id)["name"]))
        self.resize(820, 480)
        self.table.setHorizontalHeaderLabels(TEXT["headers"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.kind_combo.addItems(publicity.SITE_KINDS)
        self.quantity_spin.setRange(1, 10000)
        self.placed_edit.setCalendarPopup(True)
        self.placed_edit.setDisplayFormat("yyyy年M月d日")
        # connect
        self.add_button.clicked.connect(self.add_site)
        self.renewed_button.clicked.connect(lambda: self._change("content_changed_on"))
        self.remove_button.clicked.connect(lambda: self._change("removed_on"))
        self.buttons.rejected.connect(self._close)
        # assemble
        form = QHBoxLayout()
        for label, widget in ((TEXT["kind"], self.kind_combo),
                              (TEXT["description"], self.description_edit),
                              (TEXT["quantity"], self.quantity_spin),
                              (TEXT["placed"], self.placed_edit)):
            form.addWidget(QLabel(label, self))
            form.addWidget(widget, 2 if widget is self.description_edit else 0)
        form.addWidget(self.add_button)
        actions = QHBoxLayout()
        actions.addWidget(self.renewed_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reload()

    def reload(self) -> None:
        sites = publicity.sites_of(self.ledger, self.checkpoint_id)
        self.table.setRowCount(len(sites))
        for row, site in enumerate(sites):
            values = [site["kind"], site["description"], str(site["quantity"]),
                      format_date_cn(site["placed_on"]), format_date_cn(site["removed_on"]),
                      format_date_cn(site["content_changed_on"])]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, site["id"])
                self.table.setItem(row, column, item)

    def add_site(self) -> None:
        placed = self.placed_edit.date()
        try:
            publicity.add_site(self.ledger, {
                "checkpoint_id": self.checkpoint_id, "kind": self.kind_combo.currentText(),
                "description": self.description_edit.text(), "quantity": self.quantity_spin.value(),
                "placed_on": date(placed.year(), placed.month(), placed.day())})
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return
        self.description_edit.clear()
        self.changed_anything = True
        self.reload()

    def _change(self, field: str) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        site_id = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        try:
            publicity.update_site(self.ledger, site_id, {field: self.today})
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return
        self.changed_anything = True
        self.reload()

    def _close(self) -> None:
        if self.changed_anything:
            self.accept()
        else:
            self.reject()
