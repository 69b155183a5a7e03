"""Add or change one 点位 of the register; a rejected field shows its message beside it.

What was typed stays in the form after a rejection; only a successful save closes it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.checkpoints import register
from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger

TEXT = {
    "new": "新增点位",
    "edit": "修改点位 — {name}",
    "save": "保存",
    "cancel": "取消",
    "frequency": "本类型检查周期：{label}",
}
LINE_FIELDS = ("name", "address", "sponsor_unit", "contact_person", "contact_phone")


class CheckpointDialog(QDialog):
    def __init__(self, ledger: Ledger, checkpoint: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.checkpoint = checkpoint
        self.saved: dict[str, Any] | None = None
        kind = register.CHECKPOINTS
        self.types = {t.name: t for t in register.checkpoint_types(ledger.db)}
        # create
        self.edits: dict[str, QWidget] = {name: QLineEdit(self) for name in LINE_FIELDS}
        self.edits["type"] = QComboBox(self)
        self.edits["active"] = QComboBox(self)
        self.edits["note"] = QPlainTextEdit(self)
        self.errors = {spec.name: QLabel(self) for spec in kind.fields}
        self.frequency_label = QLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.buttons.addButton(TEXT["save"], QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(TEXT["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        # configure
        self.setWindowTitle(TEXT["edit"].format(name=checkpoint["name"]) if checkpoint
                            else TEXT["new"])
        self.resize(520, 480)
        self.edits["type"].addItems(list(self.types))
        self.edits["active"].addItems([register.ACTIVE, register.INACTIVE])
        self.edits["note"].setFixedHeight(70)
        for name, label in self.errors.items():
            label.setObjectName(f"{name}Error")
            label.setStyleSheet("color: #c0392b;")
            label.setWordWrap(True)
            label.hide()
        if checkpoint:
            for name in LINE_FIELDS:
                self.edits[name].setText(str(checkpoint.get(name) or ""))
            self.edits["type"].setCurrentText(checkpoint["type"])
            self.edits["active"].setCurrentText(register.status_label(checkpoint["active"]))
            self.edits["note"].setPlainText(checkpoint.get("note") or "")
        # connect
        self.edits["type"].currentTextChanged.connect(self._show_frequency)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # assemble
        form = QFormLayout()
        for spec in kind.fields:
            form.addRow(spec.label, self.edits[spec.name])
            form.addRow("", self.errors[spec.name])
            if spec.name == "type":
                form.addRow("", self.frequency_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._show_frequency(self.edits["type"].currentText())

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {name: self.edits[name].text() for name in LINE_FIELDS}
        values["type"] = self.edits["type"].currentText()
        values["active"] = self.edits["active"].currentText()
        values["note"] = self.edits["note"].toPlainText()
        return values

    def _show_frequency(self, name: str) -> None:
        kind = self.types.get(name)
        self.frequency_label.setText(TEXT["frequency"].format(label=kind.frequency_label)
                                     if kind else "")

    def save(self) -> None:
        for label in self.errors.values():
            label.hide()
        try:
            if self.checkpoint:
                self.saved = register.update_checkpoint(self.ledger, self.checkpoint["id"],
                                                        self.values())
            else:
                self.saved = register.add_checkpoint(self.ledger, self.values())
        except ValidationError as exc:
            for error in exc.errors:
                label = self.errors.get(error.field)
                if label is not None:
                    label.setText(error.message)
                    label.show()
            return
        except UserFacingError as exc:
            self.errors["name"].setText(exc.message)
            self.errors["name"].show()
            return
        self.accept()
