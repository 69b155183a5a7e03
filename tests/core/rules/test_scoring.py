"""Scoring a hand-built set of problems and honours under two rule sets with known totals."""

from __future__ import annotations

from datetime import date

import pytest

from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.core.rules.scoring import (
    RuleSet,
    compute_score,
    rule_set_for,
    save_rule_set,
    tiered_example,
)


@pytest.fixture
def scored(ledger):
    def problem(found, deadline, source, checkpoint="农贸市场", category="环境卫生",
                status="待整改", completed=None):
        ledger.problems.add({"found_on": found, "deadline": deadline, "source": source,
                             "checkpoint": checkpoint, "category": category, "description": "问题",
                             "status": status, "completed_on": completed,
                             "measures": "已整改" if completed else ""})

    problem("2026-04-01", "2026-04-05", "上级巡查", status="已完成", completed="2026-04-03")  # on time
    problem("2026-04-02", "2026-04-05", "上级巡查", checkpoint="青松路", status="已完成",
            completed="2026-04-09")  # late
    problem("2026-04-10", "2026-04-12", "暗访", checkpoint="公园")  # open past deadline: late
    problem("2026-05-01", "2026-05-03", "自查", status="已完成", completed="2026-05-02")  # repeat
    problem("2026-06-20", "2026-07-20", "群众举报", checkpoint="小区")  # open, not yet due
    problem("2026-08-01", "2026-08-02", "上级巡查")  # outside Q2
    for title, level, outcome, who in [("中国好人", "国家", "获评", "张伟"),
                                       ("安徽好人", "省", "获评", "张伟"),  # same person: once
                                       ("市级好人", "市", "提名", "王芳"),
                                       ("县级好人", "县", "获评", "李娜")]:
        ledger.honours.add({"title": title, "level": level, "outcome": outcome,
                            "recipient": who, "date": "2026-05-20"})
    return ledger


def test_default_rules(scored):
    score = compute_score(scored.db, parse_period("2026Q2"), as_of=date(2026, 7, 1))
    # 4 problems × 0.1 = 0.4 (自查 costs nothing); 2 late add 0.1 each; repeat ×1 adds nothing
    assert score.total_deduction == pytest.approx(0.6)
    # 张伟 国家 3 (not also 省), 王芳 市提名 1.5, 李娜 县 1
    assert score.bonus == pytest.approx(5.5)
    assert score.net == pytest.approx(4.9)
    assert not any("自查" in line.rule for line in score.lines)
    texts = {line.rule: (line.count, line.points) for line in score.lines}
    assert texts["上级巡查发现问题，每个扣0.1分"] == (2, pytest.approx(-0.2))
    assert texts["未按期整改，扣分×2"] == (2, pytest.approx(-0.2))


def test_tiered_rules_with_repeat_multiplier(scored):
    rules = tiered_example()
    rules.repeat_multiplier = 2.0
    score = compute_score(scored.db, parse_period("2026Q2"), as_of=date(2026, 7, 1), rules=rules)
    # base: 上级巡查 2×0.3 + 暗访 0.3 + 自查 0.1 + 群众举报 0.2 = 1.2
    # late: 上级巡查 (青松路) +0.3, 暗访 +0.3 = 0.6; repeat: 自查 at 农贸市场 +0.1
    assert score.total_deduction == pytest.approx(1.9)
    assert score.bonus == pytest.approx(5.5)


def test_stored_rule_versions_apply_by_period_and_change_nothing_else(scored):
    before = scored.problems.list()
    newer = RuleSet(name="2026年新规则", effective_from="2026-07-01", late_multiplier=3.0)
    save_rule_set(scored.db, newer, actor="测试员")
    assert rule_set_for(scored.db, date(2026, 6, 30)).name == "默认规则"
    assert rule_set_for(scored.db, date(2026, 9, 30)).name == "2026年新规则"
    q2 = compute_score(scored.db, parse_period("2026Q2"), as_of=date(2026, 7, 1))
    assert q2.total_deduction == pytest.approx(0.6)
    q3 = compute_score(scored.db, parse_period("2026Q3"), as_of=date(2026, 9, 1))
    assert q3.total_deduction == pytest.approx(0.3)  # 0.1, late ×3
    assert scored.problems.list() == before
