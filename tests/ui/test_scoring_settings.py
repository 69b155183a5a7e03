"""设置 → 考核规则: saving a new rule version, the tiered example, default deadlines; and the
首页 score (with its breakdown) following the rules and the honours."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from chuangcheng_desktop.core.rules.scoring import rule_set_for, rule_set_versions
from chuangcheng_desktop.core.storage.settings import get_setting
from chuangcheng_desktop.ui.main_window import MainWindow
from chuangcheng_desktop.ui.pages.settings_scoring import ScoringTab
from tests.conftest import sample

TODAY = date(2026, 6, 20)


def _tab(qtbot, ledger):
    tab = ScoringTab(ledger)
    qtbot.addWidget(tab)
    return tab


def test_saving_stores_a_new_version_and_keeps_the_old_one(qtbot, ledger, answer_yes):
    tab = _tab(qtbot, ledger)
    assert "还没有保存过规则" in tab.versions_label.text()
    assert tab.source_spins["暗访"].value() == 0.1 and tab.source_spins["自查"].value() == 0
    tab.effective_edit.setDate(QDate(2026, 1, 1))
    tab.name_edit.setText("2026年细则")
    tab.source_spins["上级巡查"].setValue(0.5)
    tab.late_spin.setValue(3)
    tab.bonus_spins[("省", "获评")].setValue(4)
    assert tab.save_rules()
    rules = rule_set_for(ledger.db, date(2026, 3, 1))
    assert (rules.name, rules.effective_from) == ("2026年细则", "2026-01-01")
    assert rules.points_for("上级巡查") == 0.5 and rules.points_for("暗访") == 0.1
    assert rules.points_for("自查") == 0 and rules.late_multiplier == 3
    assert rules.bonus["省"]["获评"] == 4
    assert rule_set_for(ledger.db, date(2025, 12, 31)).name == "默认规则"  # history kept
    assert "2026年1月1日起 2026年细则" in tab.versions_label.text()
    assert answer_yes == []
    # the same date again replaces that version, after asking
    tab.source_spins["上级巡查"].setValue(0.4)
    assert tab.save_rules()
    assert answer_yes and "替换" in answer_yes[0]
    assert rule_set_for(ledger.db, date(2026, 3, 1)).points_for("上级巡查") == 0.4
    assert rule_set_versions(ledger.db) == [("2026-01-01", "2026年细则")]


def test_tiered_example_is_loaded_but_saved_only_on_request(qtbot, ledger):
    tab = _tab(qtbot, ledger)
    qtbot.mouseClick(tab.example_button, Qt.MouseButton.LeftButton)
    assert tab.name_edit.text() == "按来源分级"
    assert [tab.source_spins[s].value() for s in ("上级巡查", "领导督查", "自查")] == [0.3, 0.2, 0.1]
    assert rule_set_versions(ledger.db) == []
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert rule_set_versions(ledger.db)[0][1] == "按来源分级"


def test_default_deadlines_are_edited_per_category_and_source(qtbot, ledger):
    tab = _tab(qtbot, ledger)
    assert tab.deadline_spins["环境卫生"].value() == 3
    assert tab.deadline_spins["媒体曝光/环境卫生"].value() == 1
    assert tab.deadline_spins["暗访/环境卫生"].text() == "同默认"
    tab.deadline_spins["宣传氛围"].setValue(10)
    tab.deadline_spins["暗访/宣传氛围"].setValue(5)
    tab.deadline_spins["媒体曝光/环境卫生"].setValue(0)
    qtbot.mouseClick(tab.save_deadlines_button, Qt.MouseButton.LeftButton)
    days = get_setting(ledger.db, "deadline_days")
    assert days["宣传氛围"] == 10 and days["暗访/宣传氛围"] == 5
    assert "媒体曝光/环境卫生" not in days
    assert tab.deadline_status.text() == "默认整改期限已保存。"


def test_home_score_follows_saved_rules_and_honours(qtbot, ledger, settings, answer_yes):
    for source in ("上级巡查", "上级巡查", "自查"):
        ledger.problems.add(sample("problems", source=source, found_on="2026-04-02",
                                   deadline="2026-04-30", status="已完成", measures="已整改",
                                   completed_on="2026-04-03"))
    ledger.honours.add(sample("honours", level="省级", date="2026-05-20"))
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    home = window.page("home")
    home.today = TODAY
    with qtbot.waitSignal(home.refreshed, timeout=5000):
        home.refresh()
    assert home.score_value.text() == "+2.3分"  # 2.5 bonus − 2 × 0.1
    assert home.score_detail.text() == "扣 0.2分　加 2.5分"
    lines = home.score_label.text().splitlines()
    assert lines == ["考核扣分：", "　上级巡查发现问题，每个扣0.1分 × 2个 = −0.2分",
                     "　扣分合计 −0.2分", "加分：", "　省级荣誉获评，每人加2.5分 × 1人 = +2.5分",
                     "　加分合计 +2.5分", "得分：−0.2分 + 2.5分 = +2.3分",
                     "自查发现问题 1个：自查发现不扣分"]
    assert home.score_box.title() == "考核得分明细（默认规则）"

    tab = window.show_page("settings").tab_pages["考核规则"]
    tab.effective_edit.setDate(QDate(2026, 1, 1))
    tab.name_edit.setText("从严")
    tab.source_spins["上级巡查"].setValue(1.5)
    tab.bonus_spins[("省", "获评")].setValue(0)
    assert tab.save_rules()
    with qtbot.waitSignal(home.refreshed, timeout=5000):
        window.show_page("home")  # stale after the save: reloads when shown
    assert home.score_value.text() == "−3分"
    assert "上级巡查发现问题，每个扣1.5分 × 2个 = −3分" in home.score_label.text()
    assert home.score_box.title() == "考核得分明细（从严）"
