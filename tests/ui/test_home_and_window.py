"""首页 figures equal the core statistics; the main window's navigation, keys and settings."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.core.figures.statistics import compute_statistics
from chuangcheng_desktop.core.rules.formatting import format_hours, format_percent
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.ui.main_window import PAGES, MainWindow
from chuangcheng_desktop.ui.models.record_table import TONES
from chuangcheng_desktop.ui.pages.home import HomePage
from chuangcheng_desktop.ui.pages.settings import SettingsPage
from tests.conftest import sample
from tests.ui.conftest import type_text

TODAY = date(2026, 6, 20)


@pytest.fixture
def demo_ledger(ledger, data_dir):
    generate_demo_data(ledger, paths.attachments_dir(data_dir), scale="community", seed=1,
                       today=TODAY)
    return ledger


def test_dashboard_figures_equal_core_statistics(qtbot, demo_ledger):
    home = HomePage(demo_ledger, today=TODAY)
    qtbot.addWidget(home)
    for label in ("全年", "上半年", "本季度"):
        home.period_picker.select_label(label)
        period = home.period_picker.period()
        qtbot.waitUntil(lambda p=period: home.statistics is not None
                        and home.statistics.period_code == p.code, timeout=5000)
        stats = compute_statistics(demo_ledger.db, period, as_of=TODAY)
        assert home.activities_value.text() == f"{stats.activities.total}次"
        assert home.activities_detail.text() == f"参与 {stats.activities.participants}人次"
        assert home.volunteers_value.text() == f"{stats.volunteers.registered}人"
        assert format_percent(stats.volunteers.ratio) in home.volunteers_detail.text()
        assert home.service_value.text() == format_hours(stats.service.total_hours)
        assert home.problems_value.text() == (
            f"发现 {stats.problems.found}个　已整改 {stats.problems.rectified}个")
        assert f"逾期 {stats.problems.overdue}个" in home.problems_detail.text()
        for category, count in stats.activities.by_category.items():
            assert f"{category}：{count}次" in home.category_label.text()
        assert [value for _, value in home.chart.bars] == [
            m.activities for m in stats.activities.by_month]
    assert stats.activities.total > 0 and stats.problems.found > 0


def test_ratio_below_target_is_red_and_festivals_listed(qtbot, ledger):
    ledger.update_profile({"resident_population": 1000, "volunteer_target_ratio": "8%"})
    ledger.volunteers.add(sample("volunteers"))
    home = HomePage(ledger, today=TODAY)
    qtbot.addWidget(home)
    qtbot.waitUntil(lambda: home.statistics is not None, timeout=5000)
    assert "未达标" in home.volunteers_detail.text()
    assert "#c0392b" in home.volunteers_detail.styleSheet()
    text = home.festival_label.text()
    assert "端午　2027年6月9日" in text or "端午" in text
    assert "中秋　2026年9月25日　还有 97 天" in text


def test_overdue_problem_listed_and_opens(qtbot, ledger, settings):
    problem = ledger.problems.add(sample("problems", found_on="2026-06-01",
                                         deadline="2026-06-05"))
    urgent = ledger.problems.add(sample("problems", checkpoint="北门", found_on="2026-06-18",
                                        deadline="2026-06-22"))
    soon = ledger.problems.add(sample("problems", checkpoint="东门", found_on="2026-06-18",
                                      deadline="2026-06-24"))
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    home = window.page("home")
    home.today = TODAY
    with qtbot.waitSignal(home.refreshed, timeout=5000):
        home.refresh()
    table = home.due_table
    assert table.rowCount() == 3
    # due within three days first (still in time), then overdue, then later this week
    assert table.item(0, 3).text() == "待整改（2天后到期）"
    assert table.item(0, 0).data(Qt.ItemDataRole.UserRole) == urgent["id"]
    assert table.item(0, 1).background().color() == QColor(TONES["due_soon"][0])
    assert table.item(1, 3).text() == "待整改（逾期15天）"
    assert table.item(1, 3).background().color() == QColor(TONES["overdue"][0])
    assert table.item(2, 3).text() == "待整改（本周到期）"
    assert table.item(2, 0).data(Qt.ItemDataRole.UserRole) == soon["id"]
    assert "逾期 1 个，3天内到期 1 个，本周到期 1 个" in home.due_box.title()
    home._open_due(table.item(1, 1))
    assert window.current_key() == "inspections"
    dialog = window.page("inspections").show_table("problems").findChild(QDialog)
    assert dialog is not None and dialog.row_id == problem["id"]


def test_window_navigation_keys_and_remembered_page(qtbot, ledger, settings):
    ledger.update_profile({"unit_name": "青松社区"})
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "首页", "活动台账", "志愿者", "督查整改", "总结报告", "回收站", "设置", "报送汇总"]
    for key in PAGES:
        window.show_page(key)
        assert window.stack.currentWidget().widget() is window.page(key)
    # report page: the wizard's page, or the placeholder when it is not there yet
    report = window.page("report")
    if isinstance(report, QLabel):
        assert report.text() == "总结报告向导即将推出"

    window.show_page("activities")
    page = window.page("activities")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.findChild(QDialog)
    assert dialog is not None and dialog.isVisible() and dialog.kind.table == "activities"
    dialog.done(0)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "volunteers"
    window.resize(760, 520)
    closed_size = window.size()
    window.close()

    again = MainWindow(ledger, settings=QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.current_key() == "volunteers"
    assert settings.value("window/geometry")
    assert again.size().height() == closed_size.height()  # (width: the test screen is narrow)
    assert "青松社区" in again.unit_label.text()
    assert str(ledger.path) in again.database_label.text()


def test_a_change_on_one_page_refreshes_the_others(qtbot, ledger, settings, answer_yes):
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    activities = window.show_page("activities")
    home = window.show_page("home")
    qtbot.waitUntil(lambda: home.statistics is not None, timeout=5000)
    before = home.statistics.activities.total
    window.show_page("activities")
    ledger.activities.add(sample("activities", date=date.today().isoformat()))
    activities.refresh()
    activities.table.selectRow(0)
    activities.changed.emit()
    with qtbot.waitSignal(home.refreshed, timeout=5000):
        window.show_page("home")
    assert home.statistics.activities.total == before + 1


def test_settings_page_validates_saves_and_updates_status_bar(qtbot, ledger, settings,
                                                              no_warnings):
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    page.inputs["resident_population"].clear()
    type_text(qtbot, page.inputs["resident_population"], "-5")
    assert not page.save_button.isEnabled()
    assert page.errors["resident_population"].text().startswith("常住人口：")
    page.inputs["resident_population"].clear()
    type_text(qtbot, page.inputs["resident_population"], "12000")
    page.inputs["unit_name"].clear()
    type_text(qtbot, page.inputs["unit_name"], "青松社区")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    profile = ledger.profile()
    assert profile["unit_name"] == "青松社区" and profile["resident_population"] == 12000
    assert window.unit_label.text() == "单位：青松社区"
    assert str(ledger.path.parent) in page.folder_label.text()
    assert no_warnings == []


def test_period_picker_presets(qtbot):
    from chuangcheng_desktop.ui.widgets.period_picker import PeriodPicker

    picker = PeriodPicker(today=TODAY)
    qtbot.addWidget(picker)
    assert picker.period() is None
    picker.select_label("本季度")
    assert picker.period() == Period.quarter(2026, 2)
    picker.select_label("全年")
    assert picker.period() == Period.year_of(2026)
