"""检查表: edit the checklist of a 点位 type and how often that type is checked.

Saving makes a new version when anything changed (old runs keep the version they used);
停用 an item instead of deleting it, so past results still show it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.checkpoints import register, templates
from chuangcheng_desktop.core.checkpoints.templates import ItemDraft
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger

TEXT = {
    "title": "检查表设置",
    "type": "点位类型",
    "frequency": "检查周期（天）",
    "version": "当前为第{version}版，共{count}版；本版已用于{runs}次测评。修改后保存为新版本，"
               "以前的测评记录保持原样。",
    "headers": ["主题", "检查内容", "分值", "停用"],
    "add": "添加一项",
    "save": "保存",
    "close": "关闭",
    "failed": "检查表没有保存",
    "saved": "已保存为第{version}版。",
    "unchanged": "检查表没有改动。",
}
COL_THEME, COL_TEXT, COL_WEIGHT, COL_RETIRED = range(4)


class ChecklistEditorDialog(QDialog):
    def __init__(self, ledger: Ledger, checkpoint_type: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.types = {t.name: t for t in register.checkpoint_types(ledger.db)}
        self.template: templates.Template | None = None
        self.changed_anything = False
        # create
        self.type_combo = QComboBox(self)
        self.frequency_spin = QSpinBox(self)
        self.version_label = QLabel(self)
        self.table = QTableWidget(0, len(TEXT["headers"]), self)
        self.add_button = QPushButton(TEXT["add"], self)
        self.buttons = QDialogButtonBox(self)
        self.buttons.addButton(TEXT["save"], QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(TEXT["close"], QDialogButtonBox.ButtonRole.RejectRole)
        # configure
        self.setWindowTitle(TEXT["title"])
        self.resize(900, 620)
        self.type_combo.addItems(list(self.types))
        if checkpoint_type in self.types:
            self.type_combo.setCurrentText(checkpoint_type)
        self.frequency_spin.setRange(1, 366)
        self.version_label.setWordWrap(True)
        self.table.setHorizontalHeaderLabels(TEXT["headers"])
        self.table.verticalHeader().setVisible(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        # connect
        self.type_combo.currentTextChanged.connect(self.load)
        self.add_button.clicked.connect(lambda: self._add_row(ItemDraft("环境卫生", "", 1)))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self._close)
        # assemble
        top = QHBoxLayout()
        top.addWidget(QLabel(TEXT["type"], self))
        top.addWidget(self.type_combo)
        top.addWidget(QLabel(TEXT["frequency"], self))
        top.addWidget(self.frequency_spin)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.version_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.buttons)
        self.load(self.type_combo.currentText())

    def load(self, checkpoint_type: str) -> None:
        self.template = templates.current_template(self.ledger, checkpoint_type)
        versions = templates.template_versions(self.ledger.db, checkpoint_type)
        runs = next((v[3] for v in versions if v[0] == self.template.id), 0)
        self.version_label.setText(TEXT["version"].format(
            version=self.template.version, count=len(versions), runs=runs))
        self.frequency_spin.setValue(self.types[checkpoint_type].frequency_days)
        self.table.setRowCount(0)
        for draft in self.template.drafts():
            self._add_row(draft)

    def _add_row(self, draft: ItemDraft) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        theme = QComboBox(self.table)
        theme.addItems(templates.THEMES)
        theme.setCurrentText(draft.theme)
        self.table.setCellWidget(row, COL_THEME, theme)
        text = QTableWidgetItem(draft.requirement)
        text.setData(Qt.ItemDataRole.UserRole, draft.item_key)
        self.table.setItem(row, COL_TEXT, text)
        self.table.setItem(row, COL_WEIGHT, QTableWidgetItem(f"{draft.weight:g}"))
        retired = QTableWidgetItem()
        retired.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        retired.setCheckState(Qt.CheckState.Checked if draft.retired else Qt.CheckState.Unchecked)
        self.table.setItem(row, COL_RETIRED, retired)
        if row == self.table.rowCount() - 1 and not draft.requirement:
            self.table.setCurrentCell(row, COL_TEXT)
            self.table.editItem(text)

    def drafts(self) -> list[ItemDraft]:
        found = []
        for row in range(self.table.rowCount()):
            text = self.table.item(row, COL_TEXT)
            if not text.text().strip() and text.data(Qt.ItemDataRole.UserRole) is None:
                continue  # an added row left empty
            found.append(ItemDraft(
                self.table.cellWidget(row, COL_THEME).currentText(), text.text(),
                self.table.item(row, COL_WEIGHT).text(),
                self.table.item(row, COL_RETIRED).checkState() == Qt.CheckState.Checked,
                text.data(Qt.ItemDataRole.UserRole)))
        return found

    def save(self) -> bool:
        checkpoint_type = self.type_combo.currentText()
        try:
            if self.frequency_spin.value() != self.types[checkpoint_type].frequency_days:
                register.set_frequency(self.ledger, checkpoint_type, self.frequency_spin.value())
                self.types = {t.name: t for t in register.checkpoint_types(self.ledger.db)}
                self.changed_anything = True
            before = self.template.id if self.template else None
            saved = templates.save_version(self.ledger, checkpoint_type, self.drafts())
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return False
        if saved.id != before:
            self.changed_anything = True
            QMessageBox.information(self, TEXT["title"], TEXT["saved"].format(version=saved.version))
        self.load(checkpoint_type)
        return True

    def _close(self) -> None:
        if self.changed_anything:
            self.accept()
        else:
            self.reject()
