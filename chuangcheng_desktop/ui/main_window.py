"""The main window. For now a shell: the ledgers' pages arrive with the window issue."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from chuangcheng_desktop import APP_NAME_CN
from chuangcheng_desktop.core.ledger import Ledger

TEXT = {
    "title": APP_NAME_CN,
    "welcome": "创城台账：活动、志愿者、督查整改一处记录，总结和台账一键生成。",
    "placeholder": "各台账页面正在建设中。现在可以用命令行查看统计：chuangcheng stats --period 2026H1",
    "unit": "单位：{unit}",
    "unit_missing": "单位：（未填写，请在“设置”中填写单位信息）",
    "database": "数据库：{path}",
}


class MainWindow(QMainWindow):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.setWindowTitle(TEXT["title"])
        self.resize(1100, 720)

        welcome = QLabel(TEXT["welcome"])
        welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        welcome.setWordWrap(True)
        placeholder = QLabel(TEXT["placeholder"])
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setWordWrap(True)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addStretch(1)
        layout.addWidget(welcome)
        layout.addWidget(placeholder)
        layout.addStretch(1)
        self.setCentralWidget(central)

        unit = ledger.profile()["unit_name"]
        self.unit_label = QLabel(TEXT["unit"].format(unit=unit) if unit else TEXT["unit_missing"])
        self.database_label = QLabel(TEXT["database"].format(path=ledger.path))
        self.statusBar().addWidget(self.unit_label)
        self.statusBar().addPermanentWidget(self.database_label)
