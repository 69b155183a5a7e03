"""点位 figures against a hand-built set, and 宣传阵地 counts and stale boards."""

from __future__ import annotations

import json
from datetime import date

import pytest

from chuangcheng_desktop.cli import main
from chuangcheng_desktop.core.checkpoints import publicity, register, runs, templates
from chuangcheng_desktop.core.checkpoints.figures import checkpoint_figures
from chuangcheng_desktop.core.checkpoints.runs import FAIL, NOT_APPLICABLE, PASS, ResultDraft, RunDraft
from chuangcheng_desktop.core.checkpoints.templates import ItemDraft
from chuangcheng_desktop.core.figures.statistics import compute_statistics
from chuangcheng_desktop.core.figures.stats_text import statistics_text
from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.core.storage.errors import ValidationError


@pytest.fixture
def hand_built(ledger):
    """Market: 2 runs in Q2 (rates 1/2 and 1), alley: 1 run in Q2 (rate 0) and 1 in Q1,
    toilet: never checked, park: 停用."""
    ids = {name: register.add_checkpoint(ledger, {"name": name, "type": kind})["id"]
           for name, kind in (("市场", "农贸市场"), ("小巷", "背街小巷"), ("公厕", "公共厕所"),
                              ("公园", "公园广场"))}
    register.update_checkpoint(ledger, ids["公园"], {"active": "停用"})
    market = templates.save_version(ledger, "农贸市场", [
        ItemDraft("环境卫生", "地面干净", 1), ItemDraft("公共秩序", "不占道", 1)])
    alley = templates.save_version(ledger, "背街小巷", [
        ItemDraft("环境卫生", "无小广告", 2), ItemDraft("设施维护", "路灯亮", 1)])

    def run(name, tpl, day, *outcomes, kind=runs.ROUTINE):
        runs.save_run(ledger, RunDraft(ids[name], tpl.id, day, [
            ResultDraft(item.id, outcome) for item, outcome in zip(tpl.items, outcomes, strict=True)],
            kind=kind))

    run("市场", market, "2026-04-03", PASS, FAIL)
    run("市场", market, "2026-05-03", PASS, PASS, kind=runs.FOLLOW_UP)
    run("小巷", alley, "2026-06-30", FAIL, NOT_APPLICABLE)
    run("小巷", alley, "2026-03-31", FAIL, FAIL)  # Q1: outside the period
    return ids


def test_figures_against_a_hand_built_set(ledger, hand_built):
    f = checkpoint_figures(ledger.db, "2026-04-01", "2026-06-30")
    assert (f.registered, f.active) == (4, 3)
    assert f.by_type == {"农贸市场": 1, "背街小巷": 1, "公共厕所": 1}
    assert (f.runs, f.follow_up_runs, f.checkpoints_checked) == (3, 1, 2)
    assert f.average_rate == pytest.approx((0.5 + 1 + 0) / 3, abs=1e-4)
    assert f.failed_items == 2 and f.problems_raised == 2
    assert [(i.requirement, i.failures, i.asked) for i in f.most_failed] == [
        ("无小广告", 1, 1), ("不占道", 1, 2)]
    assert f.never_checked == ["公厕"]
    assert [(r.name, r.rate) for r in f.lowest] == [("小巷", 0.0), ("市场", 1.0)]
    assert [(r.name, r.runs, r.failed_items) for r in f.by_checkpoint] == [
        ("小巷", 1, 1), ("市场", 2, 1)]


def test_stats_text_and_json_carry_the_checkpoint_figures(ledger, hand_built, data_dir, capsys):
    stats = compute_statistics(ledger.db, parse_period("2026Q2"), as_of=date(2026, 7, 1))
    text = statistics_text(stats)
    assert "【点位测评】" in text and "测评：3次（回头看1次）" in text and "公厕" in text
    ledger.close()
    assert main(["stats", "--period", "2026Q2", "--json", "--data-dir", str(data_dir)]) == 0
    data = json.loads(capsys.readouterr().out)["checkpoints"]
    assert data["runs"] == 3 and data["never_checked"] == ["公厕"]
    assert data["most_failed"][0]["requirement"] == "无小广告"


def test_publicity_sites_counted_per_period_and_stale_boards_flagged(ledger):
    market = register.add_checkpoint(ledger, {"name": "市场", "type": "农贸市场"})["id"]
    alley = register.add_checkpoint(ledger, {"name": "小巷", "type": "背街小巷"})["id"]
    publicity.add_site(ledger, {"checkpoint_id": market, "kind": "宣传栏", "description": "东门",
                                "placed_on": "2026-01-05", "content_changed_on": "2026-03-20"})
    fresh = publicity.add_site(ledger, {"checkpoint_id": alley, "kind": "宣传栏",
                                        "placed_on": "2026-02-01", "content_changed_on": "2026-04-02"})
    publicity.add_site(ledger, {"checkpoint_id": alley, "kind": "公益广告", "quantity": 6,
                                "placed_on": "2026-05-01"})
    publicity.add_site(ledger, {"checkpoint_id": alley, "kind": "横幅", "placed_on": "2026-01-01",
                                "removed_on": "2026-03-01"})
    f = publicity.publicity_figures(ledger.db, "2026-04-01", "2026-06-30")
    assert f.sites == {"公益广告": 1, "宣传栏": 2} and f.quantity["公益广告"] == 6
    assert (f.placed_in_period, f.boards_renewed, f.checkpoints_with_sites) == (1, 1, 2)
    stale = publicity.stale_boards(ledger.db, date(2026, 4, 10))
    assert [(b.checkpoint, b.last_changed) for b in stale] == [("市场", "2026-03-20")]
    publicity.update_site(ledger, fresh["id"], {"content_changed_on": "2026-03-30"})
    assert len(publicity.stale_boards(ledger.db, date(2026, 4, 10))) == 2
    with pytest.raises(ValidationError):
        publicity.add_site(ledger, {"checkpoint_id": market, "kind": "LED屏",
                                    "placed_on": "2026-05-01", "removed_on": "2026-04-01"})
