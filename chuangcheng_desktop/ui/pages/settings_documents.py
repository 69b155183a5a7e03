"""设置 → 文书资料: facts the 工作总结 and the 整改通知书 need, recorded once (the
``DOCUMENT_SETTINGS`` of ``core.storage.settings``): 辖区 figures, 领导小组, the plans and
systems issued, 经费投入, the 主送 line, who issues notices (name, role, 抄送) and the
文书版头 file. Lists are typed one entry a line; core validates each value and its
message shows under the field. The same widget opens from the summary wizard's
"去设置填写" prompt (:class:`DocumentFactsDialog`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.rules.document_facts import ISSUER_ROLES
from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.settings import DOCUMENT_SETTINGS, get_setting, set_setting

TEXT = {
    "save": "保存文书资料",
    "saved": "文书资料已保存，生成总结和通知书时使用。",
    "failed": "有填写不正确的地方，请按红字修改后再保存。",
    "browse": "选择…",
    "clear": "不用版头",
    "letterhead_filter": "Word 文档 (*.docx)",
    "dialog_title": "文书资料",
}
LIST_KEYS = ("leading_group", "plans_issued", "funding")


def as_lines(key: str, value: Any) -> str:
    """A stored list shown one entry a line, as the user typed it."""
    if key == "leading_group":
        return "\n".join(" ".join(p for p in (m["role"], m["name"], m["post"]) if p) for m in value)
    if key == "plans_issued":
        return "\n".join(f"{e['date']} {e['title']}" for e in value)
    if key == "funding":
        return "\n".join(f"{e['date']} {e['amount']:g} {e['use']}".rstrip() for e in value)
    return "" if value in (None, 0) else str(value)


class DocumentsTab(QWidget):
    changed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.inputs: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        for setting in DOCUMENT_SETTINGS:
            if setting.key in LIST_KEYS:
                edit: Any = QPlainTextEdit(form_widget)
                edit.setPlaceholderText(setting.help)
                edit.setMinimumHeight(80)
            elif setting.key == "notice_issuer_role":
                edit = QComboBox(form_widget)
                edit.addItems(ISSUER_ROLES)
            else:
                edit = QLineEdit(form_widget)
                edit.setPlaceholderText(setting.help)
            edit.setObjectName(setting.key)
            edit.setToolTip(setting.help)
            self.inputs[setting.key] = edit
            error = QLabel(form_widget)
            error.setStyleSheet("color: #b03a2e")
            error.setWordWrap(True)
            error.hide()
            self.errors[setting.key] = error
            holder = QWidget(form_widget)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            if setting.key == "letterhead_docx":
                row = QHBoxLayout()
                browse = QPushButton(TEXT["browse"], holder)
                clear = QPushButton(TEXT["clear"], holder)
                browse.clicked.connect(self.choose_letterhead)
                clear.clicked.connect(lambda: self.inputs["letterhead_docx"].setText(""))
                row.addWidget(edit, 1)
                row.addWidget(browse)
                row.addWidget(clear)
                column.addLayout(row)
            else:
                column.addWidget(edit)
            column.addWidget(error)
            form.addRow(setting.label, holder)
        self.status = QLabel(self)
        self.save_button = QPushButton(TEXT["save"], self)
        self.save_button.setObjectName("saveDocumentsButton")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        self.save_button.clicked.connect(self.save)
        self.load()

    def load(self) -> None:
        for key, edit in self.inputs.items():
            value = get_setting(self.ledger.db, key)
            if isinstance(edit, QComboBox):
                edit.setCurrentText(value)
            elif isinstance(edit, QPlainTextEdit):
                edit.setPlainText(as_lines(key, value))
            else:
                edit.setText(as_lines(key, value))

    def values(self) -> dict[str, str]:
        values = {}
        for key, edit in self.inputs.items():
            if isinstance(edit, QComboBox):
                values[key] = edit.currentText()
            elif isinstance(edit, QPlainTextEdit):
                values[key] = edit.toPlainText()
            else:
                values[key] = edit.text()
        return values

    def save(self) -> bool:
        """Store every field that validates; the others keep their message. True when all did."""
        failed = False
        for key, value in self.values().items():
            try:
                set_setting(self.ledger.db, key, value, actor=self.ledger.actor)
                self.errors[key].hide()
            except ValidationError as exc:
                failed = True
                self.errors[key].setText(exc.errors[0].message)
                self.errors[key].show()
        self.status.setText(TEXT["failed"] if failed else TEXT["saved"])
        if not failed:
            self.load()
            self.changed.emit()
        return not failed

    def choose_letterhead(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, TEXT["browse"], "", TEXT["letterhead_filter"])
        if path:
            self.inputs["letterhead_docx"].setText(path)


class DocumentFactsDialog(QDialog):
    """文书资料 in a dialog (from the summary wizard's "去设置填写")."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TEXT["dialog_title"])
        self.tab = DocumentsTab(ledger, self)
        self.tab.save_button.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tab)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(640, 620)

    def accept(self) -> None:
        if self.tab.save():
            super().accept()
