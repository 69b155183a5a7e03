"""查看社区台账: one unit's ledgers at the 街道, read-only, with the community pages' own
filters and search (the same LedgerPage on the unit's store, opened read-only)."""

from __future__ import annotations

from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from chuangcheng_desktop.core.packages.units import UnitInfo, open_store, stores_dir
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.pages import ledger_specs
from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage

TEXT = {
    "title": "{unit}的台账（只读）",
    "note": "以下是{unit}最近一次报送包（{period}，{created}导出）中的记录，只能查看，不能修改。",
    "no_data": "{unit}还没有报送数据。",
    "tabs": (("活动台账", "ACTIVITIES"), ("志愿者花名册", "VOLUNTEERS"),
             ("问题整改台账", "PROBLEMS"), ("督查记录", "INSPECTIONS"), ("荣誉", "HONOURS")),
}


class UnitLedgersDialog(QDialog):
    def __init__(self, ledger: Ledger, unit: UnitInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TEXT["title"].format(unit=unit.name))
        self.resize(1100, 700)
        layout = QVBoxLayout(self)
        store = open_store(ledger, unit)
        self.unit_ledger = None
        self.pages: dict[str, LedgerPage] = {}
        if store is None:
            layout.addWidget(QLabel(TEXT["no_data"].format(unit=unit.name), self))
            return
        self.unit_ledger = Ledger(store, stores_dir(ledger) / unit.store_file, ledger.actor)
        latest = unit.latest or {}
        note = QLabel(TEXT["note"].format(unit=unit.name, period=latest.get("period_name", ""),
                                          created=str(latest.get("created_at", ""))[:10]), self)
        note.setWordWrap(True)
        tabs = QTabWidget(self)
        for title, spec_name in TEXT["tabs"]:
            page = LedgerPage(self.unit_ledger, getattr(ledger_specs, spec_name), tabs)
            for button in (page.add_button, page.edit_button, page.delete_button,
                           *page.io_buttons.values(), *page.action_buttons.values()):
                button.setVisible(False)  # the store is opened read-only anyway
            page.table.doubleClicked.disconnect()
            for shortcut in page.table.findChildren(QShortcut):  # Enter (edit), Delete
                shortcut.setEnabled(False)
            self.pages[page.spec.table] = page
            tabs.addTab(page, title)
        layout.addWidget(note)
        layout.addWidget(tabs, 1)
        self.finished.connect(lambda _code: self.unit_ledger.close())
