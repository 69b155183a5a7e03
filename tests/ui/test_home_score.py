"""首页 score: 考核扣分 and 加分, a line per rule, each part summed, the sum that makes the
score; 自查 findings are listed as costing nothing."""

from __future__ import annotations

import re
from datetime import date

from chuangcheng_desktop.ui.pages.home import HomePage
from tests.conftest import sample


def _number(text):
    value = float(re.search(r"[−+-]?\d+(?:\.\d+)?(?=分$)", text).group().replace("−", "-"))
    return value


def test_score_lines_add_up_and_self_found_costs_nothing(qtbot, ledger):
    for source, found in (("上级巡查", "2026-03-02"), ("上级巡查", "2026-03-03"),
                          ("群众举报", "2026-03-04"), ("自查", "2026-03-05"),
                          ("自查", "2026-03-06")):
        ledger.problems.add(sample("problems", source=source, found_on=found,
                                   deadline="2026-03-20", checkpoint=f"点位{found}"))
    ledger.honours.add(sample("honours", level="市级", date="2026-04-01"))
    home = HomePage(ledger, today=date(2026, 6, 30))
    qtbot.addWidget(home)
    qtbot.waitUntil(lambda: home.statistics is not None, timeout=10000)
    lines = home.score_label.text().splitlines()
    minus = [line for line in lines if line.startswith("　") and "扣" in line and "×" in line]
    plus = [line for line in lines if line.startswith("　") and "加" in line and "×" in line]
    deducted = next(line for line in lines if "扣分合计" in line)
    added = next(line for line in lines if "加分合计" in line)
    assert round(sum(_number(line) for line in minus), 4) == _number(deducted)
    assert round(sum(_number(line) for line in plus), 4) == _number(added)
    net = next(line for line in lines if line.startswith("得分："))
    assert round(_number(deducted) + _number(added), 4) == _number(net)
    assert net.endswith(home.score_value.text())  # the big figure is the sum shown
    assert "自查发现问题 2个：自查发现不扣分" in lines
    assert not any("自查" in line for line in minus)
