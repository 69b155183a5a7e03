"""星级志愿者 on the 首页 and in the roster table (a column and a filter)."""

from __future__ import annotations

from datetime import date

from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.ui.pages.home import HomePage
from chuangcheng_desktop.ui.widgets.new_stars import NewStarsPanel
from tests.conftest import sample
from tests.core.volunteers.people import valid_id_numbers


def _serve(ledger, volunteer, minutes_list, date_text):
    for minutes in minutes_list:
        activity = ledger.activities.add(sample("activities", date=date_text, start_time="",
                                                end_time=""))
        ledger.service_records.add({"activity_id": activity["id"],
                                    "volunteer_id": volunteer["id"], "minutes": minutes})


def _roster(ledger):
    names = ("张三", "李四", "王五", "赵六")
    people = [ledger.volunteers.add(sample("volunteers", name=name, id_number=number))
              for name, number in zip(names, valid_id_numbers(4), strict=True)]
    # 张三 and 李四 reach 600 h (三星) in 2026; 王五 was 三星 already; 赵六 stays below 100 h
    for person in people[:2]:
        _serve(ledger, person, [1440] * 20, "2025-11-01")  # 480 h
        _serve(ledger, person, [1440] * 5, "2026-03-01")  # +120 h = 600 h
    _serve(ledger, people[2], [1440] * 26, "2025-10-01")
    _serve(ledger, people[2], [60], "2026-03-01")
    _serve(ledger, people[3], [1440] * 4, "2026-03-01")  # 96 h
    return people


def test_home_lists_the_volunteers_who_crossed_a_threshold(qtbot, ledger):
    _roster(ledger)
    home = HomePage(ledger, today=date(2026, 6, 20))
    qtbot.addWidget(home)
    panel = home.new_stars_panel
    qtbot.waitUntil(lambda: "本期新晋" in panel.label.text(), timeout=5000)
    lines = panel.label.text().split("\n")
    assert lines[0] == "本期新晋三星级2人"
    assert lines[1] == "三星级：张三、李四"
    assert lines[2].startswith("认定标准：一星级100小时、二星级300小时、三星级600小时")


def test_the_panel_follows_the_period_and_the_thresholds(qtbot, ledger):
    from chuangcheng_desktop.core.volunteers.stars import set_thresholds

    _roster(ledger)
    panel = NewStarsPanel(ledger)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.refreshed):
        panel.refresh(parse_period("2025"))
    assert panel.label.text().startswith("本期新晋三星级1人、二星级2人\n三星级：王五\n")
    set_thresholds(ledger.db, "90/300/600/1000/1500", actor="测试员")
    with qtbot.waitSignal(panel.refreshed):
        panel.refresh(parse_period("2026H1"))
    assert panel.label.text().startswith("本期新晋三星级2人、一星级1人\n三星级：张三、李四\n"
                                         "一星级：赵六\n认定标准：一星级90小时")
