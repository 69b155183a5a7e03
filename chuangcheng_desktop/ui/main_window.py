"""The main window: navigation on the left, one page at a time on the right.

Pages are built the first time they are shown (the window appears quickly even on a
street-scale ledger). A page that changed records marks the others stale; a stale page
reloads when it is shown again. Window geometry and the last page are kept in QSettings.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from chuangcheng_desktop import APP_NAME_CN
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.window_fit import install_screen_fit, place_main_window, scrollable

logger = logging.getLogger(__name__)

REPORT_MODULE = "chuangcheng_desktop.ui.report_page"
TEXT = {
    "title": APP_NAME_CN,
    "unit": "单位：{unit}",
    "unit_missing": "单位：（未填写，请在“设置”中填写单位信息）",
    "database": "数据库：{path}",
    "user": "当前使用人：{name}",
    "report_missing": "总结报告向导即将推出",
    "new": "新增记录",
    "search": "搜索",
}
PAGES = ("home", "activities", "volunteers", "inspections", "report", "recycle_bin", "settings",
         "packages")
PAGE_LABELS = {
    "home": "首页",
    "activities": "活动台账",
    "volunteers": "志愿者",
    "inspections": "督查整改",
    "report": "总结报告",
    "packages": "报送汇总",
    "recycle_bin": "回收站",
    "settings": "设置",
}
SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_PAGE = "window/page"


def _build_report_page(ledger: Ledger, parent: QWidget) -> QWidget:
    try:
        module = importlib.import_module(REPORT_MODULE)
        return module.ReportPage(ledger, parent)
    except Exception:
        logger.info("report page not available", exc_info=True)
        label = QLabel(TEXT["report_missing"], parent)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("font-size: 16pt; color: #7f8c8d;")
        return label


def _page_factories() -> dict[str, Callable[[Ledger, QWidget], QWidget]]:
    from chuangcheng_desktop.ui.pages.home import HomePage
    from chuangcheng_desktop.ui.pages.ledgers import ActivitiesPage, InspectionsPage, VolunteersPage
    from chuangcheng_desktop.ui.pages.recycle_bin import RecycleBinPage
    from chuangcheng_desktop.ui.pages.settings import SettingsPage
    from chuangcheng_desktop.ui.pages.street import StreetPage

    return {
        "home": HomePage,
        "activities": ActivitiesPage,
        "volunteers": VolunteersPage,
        "inspections": InspectionsPage,
        "report": _build_report_page,
        "packages": StreetPage,
        "recycle_bin": RecycleBinPage,
        "settings": SettingsPage,
    }


class MainWindow(QMainWindow):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.settings = settings if settings is not None else QSettings()
        self.pages: dict[str, QWidget] = {}
        self.auto_backup = None  # an ui.auto_backup.AutoBackup attached by run_app
        self._stale: set[str] = set()
        self._factories = _page_factories()
        self.start_maximised = False
        install_screen_fit()  # every dialog and wizard kept inside the screen

        # create
        self.nav = QListWidget(self)
        self.stack = QStackedWidget(self)
        self.central = QWidget(self)
        self.unit_label = QLabel(self)
        self.database_label = QLabel(TEXT["database"].format(path=ledger.path), self)
        self.user_label = QLabel(self)  # whose name every change is recorded under
        self.user_label.setObjectName("userLabel")
        self.new_action = QAction(TEXT["new"], self)
        self.search_action = QAction(TEXT["search"], self)

        # configure
        self.setWindowTitle(TEXT["title"])
        self.nav.setObjectName("navigation")
        for key in PAGES:
            item = QListWidgetItem(PAGE_LABELS[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(0, 40))
            self.nav.addItem(item)
        self.nav.setFixedWidth(self.nav.fontMetrics().horizontalAdvance("回收站回收") + 48)
        self.nav.setStyleSheet(
            "QListWidget#navigation { background: #2c3e50; color: #ecf0f1; border: none;"
            " font-size: 12pt; padding-top: 8px; }"
            "QListWidget#navigation::item { padding-left: 14px; }"
            "QListWidget#navigation::item:selected { background: #c0392b; color: white; }")
        for key in PAGES:
            placeholder = QWidget(self.stack)
            placeholder.setObjectName(f"{key}Placeholder")
            self.stack.addWidget(placeholder)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.addAction(self.new_action)
        self.addAction(self.search_action)
        for number, key in enumerate(PAGES, start=1):
            action = QAction(PAGE_LABELS[key], self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_page(k))
            self.addAction(action)
        self.update_unit_label()

        # connect
        self.nav.currentRowChanged.connect(self._on_nav)
        self.new_action.triggered.connect(self.new_record)
        self.search_action.triggered.connect(self.focus_search)

        # assemble
        layout = QHBoxLayout(self.central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(self.central)
        self.statusBar().addWidget(self.unit_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self.update_user_label()

        self._restore_settings()

    # --- pages -----------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page for ``key``, built on first use."""
        if key not in self.pages:
            index = PAGES.index(key)
            page = self._factories[key](self.ledger, self.stack)
            old = self.stack.widget(index)
            self.stack.removeWidget(old)
            old.deleteLater()
            # a page scrolls instead of forcing the window taller than a 1366×768 screen
            self.stack.insertWidget(index, scrollable(page, self.stack))
            self.pages[key] = page
            self._connect_page(key, page)
        return self.pages[key]

    def show_page(self, key: str) -> QWidget:
        self.nav.setCurrentRow(PAGES.index(key))
        return self.page(key)

    def current_key(self) -> str:
        return PAGES[max(self.nav.currentRow(), 0)]

    def current_page(self) -> QWidget:
        return self.page(self.current_key())

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        previous = self.stack.currentIndex()
        if previous != row and not self._may_leave(PAGES[previous]):
            self.nav.blockSignals(True)  # stay: e.g. 设置 with unsaved 单位信息
            self.nav.setCurrentRow(previous)
            self.nav.blockSignals(False)
            return
        key = PAGES[row]
        page = self.page(key)
        self.stack.setCurrentIndex(row)
        if key in self._stale:
            self._stale.discard(key)
            refresh = getattr(page, "refresh", None)
            if callable(refresh):
                refresh()
        self.settings.setValue(SETTINGS_PAGE, key)

    def _may_leave(self, key: str) -> bool:
        """A page with unsaved input (``confirm_leave``) asks before it is left."""
        confirm = getattr(self.pages.get(key), "confirm_leave", None)
        return confirm() if callable(confirm) else True

    def _connect_page(self, key: str, page: QWidget) -> None:
        for signal_name in ("changed", "restored"):
            signal = getattr(page, signal_name, None)
            if signal is not None:
                signal.connect(lambda k=key: self._mark_others_stale(k))
        if key == "home":
            page.open_problem.connect(self.open_problem)
            page.checkpoint_panel.open_checkpoint.connect(
                lambda cid: self.show_page("inspections").show_checkpoint(cid))
            page.street_panel.open_packages.connect(lambda: self.show_page("packages"))
        if key == "inspections":
            page.checkpoints.open_problem.connect(self.open_problem)
        if key == "settings":
            page.profile_saved.connect(self.update_unit_label)
            page.profile_saved.connect(lambda: self._mark_others_stale("settings"))
            page.user_box.saved.connect(lambda _name: self.update_user_label())

    def _mark_others_stale(self, key: str) -> None:
        self._stale.update(k for k in self.pages if k != key)

    def open_problem(self, problem_id: str) -> None:
        page = self.show_page("inspections")
        ledger_page = page.show_table("problems")
        ledger_page.open_record(problem_id)

    # --- actions ---------------------------------------------------------------------------

    def new_record(self) -> None:
        action = getattr(self.current_page(), "new_record", None)
        if callable(action):
            action()

    def focus_search(self) -> None:
        action = getattr(self.current_page(), "focus_search", None)
        if callable(action):
            action()

    def update_user_label(self) -> None:
        self.user_label.setText(TEXT["user"].format(name=self.ledger.actor))

    def update_unit_label(self) -> None:
        unit = self.ledger.profile()["unit_name"]
        self.unit_label.setText(TEXT["unit"].format(unit=unit) if unit else TEXT["unit_missing"])

    # --- settings --------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        self.start_maximised = place_main_window(self, self.settings.value(SETTINGS_GEOMETRY))
        key = self.settings.value(SETTINGS_PAGE, "home")
        self.show_page(key if key in PAGES else "home")

    def show_fitted(self) -> None:
        """Show the window inside the screen, maximised on a small screen at first start."""
        if self.start_maximised:
            self.showMaximized()
        else:
            self.show()

    def bring_forward(self) -> None:
        """Another copy of the app was started on the same data folder: show this one."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(self._may_leave(key) for key in list(self.pages)):
            event.ignore()  # unsaved input the user chose to keep editing
            return
        if self.auto_backup is not None and not self.auto_backup.close_requested():
            event.ignore()  # the backup on close runs first; it closes the window again
            return
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self.settings.setValue(SETTINGS_PAGE, self.current_key())
        self.settings.sync()
        super().closeEvent(event)
