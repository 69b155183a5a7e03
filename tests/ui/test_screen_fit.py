"""The window fits a 1366×768 screen with a taskbar (1366×697 usable) and a 1280×720 one:
no page, dialog or wizard needs more room than that, pages scroll, the main window opens
inside the screen (maximised when the screen is small) and dialogs are kept on it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from chuangcheng_desktop.core.rules import workflow
from chuangcheng_desktop.reports.imports.importer import preview_import
from chuangcheng_desktop.ui.dialogs.password import SetPasswordDialog
from chuangcheng_desktop.ui.dialogs.problem_workflow import RecheckDialog, SubmitDialog
from chuangcheng_desktop.ui.dialogs.records import DIALOGS, open_record_dialog
from chuangcheng_desktop.ui.import_dialog import ImportDialog
from chuangcheng_desktop.ui.main_window import PAGES, MainWindow
from chuangcheng_desktop.ui.report_wizard import ReportWizard
from chuangcheng_desktop.ui.window_fit import (
    TARGET_SCREENS,
    client_limit,
    effective_minimum,
    fit_inside,
    place_main_window,
)
from tests.conftest import sample

LIMITS = [client_limit(QRect(0, 0, s.width(), s.height())) for s in TARGET_SCREENS]


def _fits(widget: QWidget) -> list[str]:
    needed = effective_minimum(widget)
    return [f"{type(widget).__name__} needs {needed.width()}×{needed.height()}, "
            f"screen gives {limit.width()}×{limit.height()}"
            for limit in LIMITS
            if needed.width() > limit.width() or needed.height() > limit.height()]


@pytest.fixture
def filled(ledger, data_dir):
    team = ledger.teams.add(sample("teams"))
    ledger.volunteers.add(sample("volunteers", team_id=team["id"]))
    activity = ledger.activities.add(sample("activities", date=date.today().isoformat()))
    inspection = ledger.inspections.add(sample("inspections"))
    problem = ledger.problems.add(sample("problems", inspection_id=inspection["id"]))
    ledger.honours.add(sample("honours"))
    return {"activities": activity, "problems": problem, "inspections": inspection,
            "teams": team}


def test_no_page_dialog_or_wizard_needs_more_than_a_small_screen(qtbot, ledger, filled,
                                                                  settings, data_dir):
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    window.show()
    problems = []
    for key in PAGES:
        window.show_page(key)
        QApplication.processEvents()
        assert isinstance(window.stack.currentWidget(), QScrollArea)
        problems += [f"{key}: {p}" for p in _fits(window)]
        # no sideways scrolling: the page itself fits beside the menu on the narrower screen
        page_width = effective_minimum(window.page(key)).width()
        room = min(limit.width() for limit in LIMITS) - window.nav.width()
        if page_width > room:
            problems.append(f"{key}: page needs {page_width} px wide, {room} px beside the menu")
    settings_page = window.page("settings")
    for tab in settings_page.tab_pages.values():
        settings_page.tabs.setCurrentWidget(tab)
        problems += [f"settings tab: {p}" for p in _fits(window)]

    dialogs: list[QWidget] = []
    for table in DIALOGS:
        dialogs.append(open_record_dialog(ledger, table, None, window))
        if table in filled:
            dialogs.append(open_record_dialog(ledger, table, filled[table]["id"], window))
    workflow.start_rectification(ledger, filled["problems"]["id"])
    dialogs.append(SubmitDialog(ledger, filled["problems"]["id"], window))
    dialogs.append(RecheckDialog(ledger, filled["problems"]["id"], window))
    activity_dialog = open_record_dialog(ledger, "activities", filled["activities"]["id"], window)
    dialogs.append(activity_dialog.open_attendance())  # the attendance picker of issue 17
    dialogs.append(SetPasswordDialog(ledger, changing=False, parent=window))
    dialogs.append(ReportWizard(ledger, parent=window))
    dialogs.append(ImportDialog(preview_import(ledger, "volunteers", _roster(data_dir)),
                                       window))
    for dialog in dialogs:
        dialog.show()
        QApplication.processEvents()
        problems += _fits(dialog)
        dialog.done(0)
    assert problems == []


def _roster(folder):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "身份证号", "联系电话"])
    sheet.append(["王芳", "女", "110101199003078515", "13800001111"])
    path = folder / "roster.xlsx"
    book.save(path)
    return path


def test_main_window_opens_maximised_inside_a_small_screen(qtbot, ledger, settings):
    small = QRect(0, 0, 1366, 697)
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    assert place_main_window(window, None, small) is True  # first start: maximised
    limit = client_limit(small)
    assert window.width() <= limit.width() and window.height() <= limit.height()

    # a geometry saved on a big monitor is pulled back onto the small screen
    window.resize(1800, 1000)
    window.move(300, 200)
    saved = window.saveGeometry()
    again = MainWindow(ledger, settings=settings)
    qtbot.addWidget(again)
    assert place_main_window(again, QByteArray(saved), small) is False
    assert again.width() <= limit.width() and again.height() <= limit.height()
    frame = again.frameGeometry()
    assert frame.left() >= 0 and frame.top() >= 0 and frame.bottom() <= small.bottom()

    big = QRect(0, 0, 1920, 1040)
    third = MainWindow(ledger, settings=settings)
    qtbot.addWidget(third)
    assert place_main_window(third, None, big) is False  # a big screen: a normal window
    assert third.size() == QSize(1280, 800)


def test_a_shown_dialog_is_kept_inside_the_screen(qtbot, ledger, settings):
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    wizard = ReportWizard(ledger, parent=window)  # asks for 980×700
    wizard.show()
    QApplication.processEvents()
    screen = wizard.screen().availableGeometry()
    limit = client_limit(screen)
    assert wizard.width() <= limit.width() and wizard.height() <= limit.height()
    fit_inside(wizard, QRect(0, 0, 1280, 720))
    assert wizard.height() <= client_limit(QRect(0, 0, 1280, 720)).height()
    wizard.done(0)


def test_a_page_taller_than_the_window_scrolls(qtbot, ledger, settings):
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    window.show()
    home = window.show_page("home")
    area = window.stack.currentWidget()
    window.resize(900, 420)  # much lower than 首页 needs
    QApplication.processEvents()
    assert window.height() <= 420 + 1
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0, timeout=3000)
    assert area.widget() is home
