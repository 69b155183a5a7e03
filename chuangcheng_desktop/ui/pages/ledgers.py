"""The ledger pages of the navigation: 活动台账, 志愿者 (花名册 + 服务队), 督查整改 (问题 + 督查)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from chuangcheng_desktop.core.ledger import Ledger
from chuangcheng_desktop.ui.pages import ledger_specs
from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage, LedgerSpec

TEXT = {
    "volunteers": "志愿者花名册",
    "teams": "志愿服务队",
    "problems": "问题整改台账",
    "inspections": "督查记录",
}


class TabbedLedgerPage(QWidget):
    """Several ledgers as tabs; keyboard actions go to the visible one."""

    changed = Signal()

    def __init__(self, ledger: Ledger, tabs: list[tuple[str, LedgerSpec]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.pages: dict[str, LedgerPage] = {}
        for title, spec in tabs:
            page = LedgerPage(ledger, spec, self.tabs)
            page.changed.connect(self._on_changed)
            self.pages[spec.table] = page
            self.tabs.addTab(page, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def current(self) -> LedgerPage:
        return self.tabs.currentWidget()

    def show_table(self, table: str) -> LedgerPage:
        page = self.pages[table]
        self.tabs.setCurrentWidget(page)
        return page

    def new_record(self) -> None:
        self.current().new_record()

    def focus_search(self) -> None:
        self.current().focus_search()

    def refresh(self) -> None:
        for page in self.pages.values():
            page.reload_filter_choices()
            page.refresh()

    def _on_changed(self) -> None:
        for page in self.pages.values():
            page.reload_filter_choices()
        self.changed.emit()


class ActivitiesPage(LedgerPage):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(ledger, ledger_specs.ACTIVITIES, parent)


class VolunteersPage(TabbedLedgerPage):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(ledger, [(TEXT["volunteers"], ledger_specs.VOLUNTEERS),
                                  (TEXT["teams"], ledger_specs.TEAMS)], parent)


class InspectionsPage(TabbedLedgerPage):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(ledger, [(TEXT["problems"], ledger_specs.PROBLEMS),
                                  (TEXT["inspections"], ledger_specs.INSPECTIONS)], parent)
