"""设置: the unit profile (validated by core like any record) and the data folder in use,
on the first tab; other tabs (:data:`TABS`) are built by their own modules."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.storage import records
from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.forms import child, load_form
from chuangcheng_desktop.ui.widgets.current_user import CurrentUserBox

logger = logging.getLogger(__name__)

# Tabs after 单位信息: (label, module, class). Each class takes (ledger, parent); its
# optional ``restored`` signal means the ledger file was replaced (all pages reload); its
# optional ``changed`` signal means figures shown elsewhere changed (other pages reload).
TABS = (
    ("数据安全", "chuangcheng_desktop.ui.pages.settings_safety", "SafetyTab"),
    ("考核规则", "chuangcheng_desktop.ui.pages.settings_scoring", "ScoringTab"),
    ("文书资料", "chuangcheng_desktop.ui.pages.settings_documents", "DocumentsTab"),
)

TEXT = {
    "general_tab": "单位信息",
    "save": "保存单位信息",
    "revert": "还原",
    "saved": "单位信息已保存。",
    "failed": "没有保存",
    "data_dir": "数据文件夹：{folder}\n数据库文件：{path}",
    "open_folder": "打开数据文件夹",
    "ready": "修改后点“保存单位信息”。",
    "unsaved_title": "单位信息没有保存",
    "unsaved": "单位信息已修改，还没有保存。\n要保存吗？",
    "keys_title": "键盘操作",
    "keys": (
        "Ctrl+N　在当前台账新增记录\n"
        "Ctrl+F　跳到搜索框（输入即筛选，空格分隔多个词）\n"
        "Enter / 双击　编辑选中的记录；表单中按 Enter 保存，Esc 取消\n"
        "Delete　把选中的记录移到回收站（会先确认）\n"
        "Ctrl+1 … Ctrl+8　切换到 首页、活动台账、志愿者、督查整改、总结报告、回收站、设置、报送汇总"
    ),
}


class SettingsPage(QWidget):
    profile_saved = Signal()
    restored = Signal()
    changed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.kind = records.UNIT_PROFILE
        self.tabs = QTabWidget(self)
        self.general = QWidget(self.tabs)
        self.ui = load_form("settings_page.ui", self.general)
        self.inputs = {spec.name: child(self.ui, QLineEdit, spec.name) for spec in self.kind.fields}
        self.errors = {name: child(self.ui, QLabel, f"{name}_error") for name in self.inputs}
        self.summary_label = child(self.ui, QLabel, "summaryLabel")
        buttons = child(self.ui, QDialogButtonBox, "buttons")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.revert_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.folder_label = QLabel(self)
        self.open_folder_button = QPushButton(TEXT["open_folder"], self)
        self.open_folder_button.setObjectName("openFolderButton")

        self.general.layout().setContentsMargins(12, 12, 12, 12)
        self.ui.setMaximumWidth(760)
        self.general.layout().setAlignment(self.ui, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.save_button.setText(TEXT["save"])
        self.revert_button.setText(TEXT["revert"])
        folder = ledger.path.parent
        self.folder_label.setText(TEXT["data_dir"].format(folder=folder, path=ledger.path))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        box_layout = QHBoxLayout()
        box_layout.addWidget(self.folder_label, 1)
        box_layout.addWidget(self.open_folder_button)
        child(self.ui, QGroupBox, "dataBox").layout().addLayout(box_layout)
        self.user_box = CurrentUserBox(ledger, self.general)
        self.user_box.setMaximumWidth(760)
        self.general.layout().addWidget(self.user_box)
        keys_box = QGroupBox(TEXT["keys_title"], self)
        keys_label = QLabel(TEXT["keys"], keys_box)
        keys_label.setObjectName("keysLabel")
        QVBoxLayout(keys_box).addWidget(keys_label)
        keys_box.setMaximumWidth(760)
        self.general.layout().addWidget(keys_box, 0, Qt.AlignmentFlag.AlignLeft)
        self.general.layout().addStretch(1)
        self.tabs.addTab(self.general, TEXT["general_tab"])
        self.tab_pages: dict[str, QWidget] = {}
        for label, module, name in TABS:
            tab = getattr(importlib.import_module(module), name)(ledger, self.tabs)
            self.tabs.addTab(tab, label)
            self.tab_pages[label] = tab
            if hasattr(tab, "restored"):
                tab.restored.connect(self._on_restored)
            if hasattr(tab, "changed"):
                tab.changed.connect(self.changed)
        QVBoxLayout(self).addWidget(self.tabs)

        for edit in self.inputs.values():
            edit.textChanged.connect(self.validate)
            edit.returnPressed.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.load)
        self.open_folder_button.clicked.connect(self.open_data_folder)
        self.load()

    def is_dirty(self) -> bool:
        """单位信息 (or 当前使用人) typed but not saved."""
        return self.values() != self._loaded or self.user_box.is_dirty()

    def confirm_leave(self) -> bool:
        """Before leaving 设置 or closing the window: unsaved 单位信息 is saved, discarded
        or kept (leaving is cancelled) as the user answers. False: stay."""
        if not self.is_dirty():
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, TEXT["unsaved_title"], TEXT["unsaved"],
                                      buttons.Save | buttons.Discard | buttons.Cancel,
                                      buttons.Save)
        if answer == buttons.Save:
            if (not self.user_box.is_dirty() or self.user_box.save()) and (
                    self.values() == self._loaded or self.save()):
                return True
            self.tabs.setCurrentWidget(self.general)  # the message is under the field
            return False
        if answer == buttons.Discard:
            self.load()
            self.user_box.load()
            return True
        self.tabs.setCurrentWidget(self.general)
        return False

    def values(self) -> dict[str, Any]:
        return {name: edit.text() for name, edit in self.inputs.items()}

    def load(self) -> None:
        profile = self.ledger.profile()
        for name, edit in self.inputs.items():
            value = profile.get(name)
            if name == "volunteer_target_ratio" and value is not None:
                value = f"{round(float(value) * 100, 4):g}%"
            edit.setText("" if value is None else str(value))
        self._loaded = self.values()
        self.validate()

    def validate(self) -> bool:
        try:
            records.validate_record(self.kind, self.values())
        except ValidationError as exc:
            self._show(exc)
            return False
        self._show(None)
        return True

    def _show(self, error: ValidationError | None) -> None:
        for name, label in self.errors.items():
            message = error.for_field(name) if error else None
            label.setText(message or "")
            label.setVisible(bool(message))
        self.save_button.setEnabled(error is None)
        self.summary_label.setText("" if error else TEXT["ready"])

    def save(self) -> bool:
        if not self.validate():
            return False
        try:
            self.ledger.update_profile(self.values())
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return False
        self.load()
        self.summary_label.setText(TEXT["saved"])
        self.profile_saved.emit()
        return True

    def _on_restored(self) -> None:
        self.load()
        self.profile_saved.emit()
        self.restored.emit()

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ledger.path.parent)))
