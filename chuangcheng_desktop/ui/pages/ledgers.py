"""The ledger pages of the navigation: 活动台账, 志愿者 (花名册 + 服务队 + 荣誉), 督查整改
(问题 + 督查 + 回头看)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.pages import ledger_specs
from chuangcheng_desktop.ui.pages.checkpoints import CheckpointsPage
from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage, LedgerSpec
from chuangcheng_desktop.ui.pages.review import ReviewPage

TEXT = {
    "volunteers": "志愿者花名册",
    "teams": "志愿服务队",
    "problems": "问题整改台账",
    "inspections": "督查记录",
    "honours": "荣誉",
    "review": "回头看",
    "checkpoints": "点位",
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

    def current(self) -> QWidget:
        return self.tabs.currentWidget()

    def show_table(self, table: str) -> LedgerPage:
        page = self.pages[table]
        self.tabs.setCurrentWidget(page)
        return page

    def new_record(self) -> None:
        action = getattr(self.current(), "new_record", None)
        if callable(action):
            action()

    def focus_search(self) -> None:
        action = getattr(self.current(), "focus_search", None)
        if callable(action):
            action()

    def refresh(self) -> None:
        for page in self.pages.values():
            page.reload_filter_choices()
            page.refresh()
        for index in range(self.tabs.count()):  # other tabs (回头看)
            tab = self.tabs.widget(index)
            if tab not in self.pages.values() and callable(getattr(tab, "refresh", None)):
                tab.refresh()

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
                                  (TEXT["teams"], ledger_specs.TEAMS),
                                  (TEXT["honours"], ledger_specs.HONOURS)], parent)


class InspectionsPage(TabbedLedgerPage):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(ledger, [(TEXT["problems"], ledger_specs.PROBLEMS),
                                  (TEXT["inspections"], ledger_specs.INSPECTIONS)], parent)
        self.review = ReviewPage(ledger, self.tabs)
        self.tabs.addTab(self.review, TEXT["review"])
        self.checkpoints = CheckpointsPage(ledger, self.tabs)
        self.tabs.addTab(self.checkpoints, TEXT["checkpoints"])
        self.checkpoints.changed.connect(self._on_changed)

    def show_checkpoint(self, checkpoint_id: str) -> CheckpointsPage:
        self.tabs.setCurrentWidget(self.checkpoints)
        self.checkpoints.select(checkpoint_id)
        return self.checkpoints

    def show_review(self) -> ReviewPage:
        self.tabs.setCurrentWidget(self.review)
        return self.review
