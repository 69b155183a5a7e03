"""点位 register, migration of free-text checkpoints, templates, runs → problems, 达标率, schedule."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest
from sqlite_utils import Database

from chuangcheng_desktop.core.checkpoints import register, runs, templates
from chuangcheng_desktop.core.checkpoints.history import checkpoint_detail, run_detail
from chuangcheng_desktop.core.checkpoints.runs import FAIL, NOT_APPLICABLE, PASS, ResultDraft, RunDraft
from chuangcheng_desktop.core.checkpoints.schedule import due_checks, schedule
from chuangcheng_desktop.core.checkpoints.templates import ItemDraft
from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.storage.schema import migrations
from tests.conftest import sample


def _market(ledger, **overrides):
    return register.add_checkpoint(ledger, {
        "name": "青松农贸市场", "type": "农贸市场", "address": "青松路18号",
        "sponsor_unit": "区市场监管局", "contact_person": "周敏", "contact_phone": "13912345678",
        **overrides})


def _three_item_template(ledger, checkpoint_type="农贸市场"):
    return templates.save_version(ledger, checkpoint_type, [
        ItemDraft("环境卫生", "地面干净", 3),
        ItemDraft("公共秩序", "不占道经营", 2),
        ItemDraft("公益广告与宣传", "公益广告完好", 1),
    ])


# --- migration -------------------------------------------------------------------------------


def test_migration_gives_every_existing_problem_its_checkpoint(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    migrations.apply(Database(conn), stop_before="0012_checkpoints")
    rows = [("p1", "农贸市场北门", None), ("p2", " 农贸市场北门 ", None), ("p3", "幸福小区3栋", None),
            ("p4", "青松公厕", "2026-05-01T10:00:00")]  # p4 is in the recycle bin
    for pid, checkpoint, deleted in rows:
        conn.execute(
            "INSERT INTO problems (id, created_at, updated_at, deleted_at, source, found_on, "
            "checkpoint, category, description, deadline) VALUES (?, '2026-04-01T09:00:00', "
            "'2026-04-01T09:00:00', ?, '自查', '2026-04-01', ?, '环境卫生', '垃圾', '2026-04-03')",
            [pid, deleted, checkpoint])
    conn.commit()
    conn.close()

    with Ledger.open(path, actor="测试员") as ledger:
        linked = dict(ledger.db.execute(
            "SELECT p.id, c.name FROM problems p JOIN checkpoints c ON c.id = p.checkpoint_id"))
        types = {row[0] for row in ledger.db.execute("SELECT type FROM checkpoints")}
        count = ledger.db.execute("SELECT count(*) FROM checkpoints").fetchone()[0]
        texts = dict(ledger.db.execute("SELECT id, checkpoint FROM problems"))
    assert linked == {"p1": "农贸市场北门", "p2": "农贸市场北门", "p3": "幸福小区3栋",
                      "p4": "青松公厕"}
    assert count == 3 and types == {"其他"}
    assert texts["p2"] == " 农贸市场北门 "  # the text typed stays as it was


def test_a_new_problem_links_to_the_checkpoint_of_that_name_or_creates_one(ledger):
    market = _market(ledger)
    linked = ledger.problems.add(sample("problems", checkpoint="青松农贸市场"))
    fresh = ledger.problems.add(sample("problems", checkpoint="新开的便民市场"))
    link = dict(ledger.db.execute("SELECT id, checkpoint_id FROM problems"))
    assert link[linked["id"]] == market["id"]
    created = register.checkpoint_by_name(ledger.db, "新开的便民市场")
    assert created is not None and created["type"] == "其他"
    assert link[fresh["id"]] == created["id"]


def test_renaming_a_checkpoint_renames_it_on_its_problems(ledger):
    market = _market(ledger)
    problem = ledger.problems.add(sample("problems", checkpoint="青松农贸市场"))
    register.update_checkpoint(ledger, market["id"], {"name": "青松综合市场"})
    assert ledger.problems.get(problem["id"])["checkpoint"] == "青松综合市场"
    assert ledger.db.execute("SELECT checkpoint_id FROM problems").fetchone()[0] == market["id"]
    assert ledger.db.execute("SELECT count(*) FROM checkpoints").fetchone()[0] == 1
    assert [p["id"] for p in ledger.problems.list(ListQuery(text="综合市场"))] == [problem["id"]]


def test_register_rejects_an_unknown_type_and_a_duplicate_name(ledger):
    _market(ledger)
    with pytest.raises(ValidationError) as dup:
        _market(ledger)
    assert "已有“青松农贸市场”" in dup.value.message
    with pytest.raises(ValidationError) as bad:
        _market(ledger, name="别的市场", type="菜场")
    assert "点位类型" in bad.value.message and "农贸市场" in bad.value.message


# --- templates -------------------------------------------------------------------------------


def test_default_checklists_cover_at_least_ten_types_with_weights():
    defaults = templates.default_checklists()
    assert len(defaults) >= 10
    for items in defaults.values():
        assert len(items) >= 5
        assert all(item["weight"] > 0 and item["requirement"] for item in items)
        assert {item["theme"] for item in items} <= set(templates.THEMES)


def test_first_use_makes_version_one_and_edits_make_new_versions(ledger):
    first = templates.current_template(ledger, "公共厕所")
    assert first.version == 1 and len(first.active_items) == len(
        templates.default_checklists()["公共厕所"])
    same = templates.save_version(ledger, "公共厕所", first.drafts())
    assert same.id == first.id  # nothing changed, no new version
    drafts = first.drafts()
    drafts[0] = ItemDraft(drafts[0].theme, "便池地面每日冲洗两次以上", 4, False, drafts[0].item_key)
    second = templates.save_version(ledger, "公共厕所", [*drafts, ItemDraft("其他", "新增一项", 1)])
    assert second.version == 2 and second.items[0].item_key == first.items[0].item_key
    assert len(second.items) == len(first.items) + 1


def test_retiring_an_item_keeps_old_results_intact(ledger):
    market = _market(ledger)
    v1 = _three_item_template(ledger)
    saved = runs.save_run(ledger, RunDraft(market["id"], v1.id, "2026-03-02", [
        ResultDraft(v1.items[0].id, PASS), ResultDraft(v1.items[1].id, FAIL),
        ResultDraft(v1.items[2].id, PASS)]))
    v2 = templates.retire_item(ledger, "农贸市场", v1.items[1].item_key)
    assert [i.requirement for i in v2.active_items] == ["地面干净", "公益广告完好"]
    assert v2.items[1].retired
    old = run_detail(ledger.db, saved.run_id)
    assert [(r.requirement, r.outcome, r.retired) for r in old.results] == [
        ("地面干净", PASS, False), ("不占道经营", FAIL, False), ("公益广告完好", PASS, False)]
    assert old.summary.template_version == v1.version and old.summary.rate == pytest.approx(4 / 6)
    with pytest.raises(ValidationError):
        templates.save_version(ledger, "农贸市场",
                               [ItemDraft("其他", "x", 1, retired=True)])


# --- runs ------------------------------------------------------------------------------------


def test_achievement_rate_is_weighted_over_applicable_items():
    assert runs.achievement_rate([(PASS, 3), (FAIL, 2), (NOT_APPLICABLE, 5)]) == (3, 5, 0.6)
    assert runs.achievement_rate([(NOT_APPLICABLE, 1)]) == (0, 0, None)
    assert runs.achievement_rate([(PASS, 1), (PASS, 1)])[2] == 1


def test_a_run_creates_exactly_the_right_problems_with_links_and_deadlines(ledger):
    market = _market(ledger)
    tpl = _three_item_template(ledger)
    a, b, c = tpl.items
    saved = runs.save_run(ledger, RunDraft(market["id"], tpl.id, "2026-04-10", [
        ResultDraft(a.id, FAIL, note="东侧通道有散落菜叶"),
        ResultDraft(b.id, FAIL, make_problem=False),     # the user unticked it
        ResultDraft(c.id, NOT_APPLICABLE)], inspector="王芳"))
    assert saved.failed == 2 and len(saved.problem_ids) == 1
    assert saved.rate == 0  # 0 of 5 applicable weight passed
    problem = ledger.problems.get(saved.problem_ids[0])
    assert problem["checkpoint"] == "青松农贸市场" and problem["source"] == "自查"
    assert problem["category"] == "环境卫生"
    assert problem["deadline"] == "2026-04-13"  # 环境卫生: 3 days by default
    assert "地面干净" in problem["description"] and "东侧通道" in problem["description"]
    assert problem["responsible_unit"] == "区市场监管局" and problem["responsible_person"] == "周敏"
    assert problem["inspection_id"] == saved.inspection_id
    link = ledger.db.execute(
        "SELECT p.checkpoint_id, r.run_id, i.item_key FROM problems p "
        "JOIN run_results r ON r.problem_id = p.id JOIN checklist_items i ON i.id = r.item_id "
        "WHERE p.id = ?", [problem["id"]]).fetchone()
    assert link == (market["id"], saved.run_id, a.item_key)
    inspection = ledger.inspections.get(saved.inspection_id)
    assert inspection["source"] == "自查" and inspection["area"] == "青松农贸市场"


def test_an_unmarked_item_rejects_the_run_and_saves_nothing(ledger):
    market = _market(ledger)
    tpl = _three_item_template(ledger)
    with pytest.raises(ValidationError) as caught:
        runs.save_run(ledger, RunDraft(market["id"], tpl.id, "2026-04-10", [
            ResultDraft(tpl.items[0].id, FAIL), ResultDraft(tpl.items[1].id, None)]))
    assert "第2项" in caught.value.message
    assert ledger.db.execute("SELECT count(*) FROM inspection_runs").fetchone()[0] == 0
    assert ledger.problems.count() == 0 and ledger.inspections.count() == 0


def test_a_follow_up_run_shows_first_the_items_failed_last_time(ledger):
    market = _market(ledger)
    tpl = _three_item_template(ledger)
    a, b, c = tpl.items
    runs.save_run(ledger, RunDraft(market["id"], tpl.id, "2026-04-10", [
        ResultDraft(a.id, PASS), ResultDraft(b.id, PASS), ResultDraft(c.id, FAIL)]))
    follow = runs.new_draft(ledger, market["id"], tpl, kind=runs.FOLLOW_UP)
    assert [r.item_id for r in follow.results] == [c.id, a.id, b.id]
    routine = runs.new_draft(ledger, market["id"], tpl)
    assert [r.item_id for r in routine.results] == [a.id, b.id, c.id]


def test_a_route_saves_several_checkpoints_under_one_inspection(ledger):
    market = _market(ledger)
    alley = register.add_checkpoint(ledger, {"name": "青松巷", "type": "背街小巷"})
    m_tpl, a_tpl = _three_item_template(ledger), templates.current_template(ledger, "背街小巷")
    drafts = [runs.new_draft(ledger, market["id"], m_tpl), runs.new_draft(ledger, alley["id"], a_tpl)]
    for draft in drafts:
        for result in draft.results:
            result.outcome = PASS
        draft.route = "周一上午线"
    saved = runs.save_route(ledger, drafts)
    assert len({s.inspection_id for s in saved}) == 1 and all(s.rate == 1 for s in saved)
    assert ledger.inspections.get(saved[0].inspection_id)["area"] == "青松农贸市场、青松巷"


def test_checkpoint_detail_lists_runs_open_and_overdue_problems(ledger):
    market = _market(ledger)
    tpl = _three_item_template(ledger)
    for day, outcome in (("2026-03-01", PASS), ("2026-04-01", FAIL)):
        runs.save_run(ledger, RunDraft(market["id"], tpl.id, day, [
            ResultDraft(i.id, outcome) for i in tpl.items]))
    detail = checkpoint_detail(ledger.db, market["id"], date(2026, 4, 20))
    assert [r.date for r in detail.runs] == ["2026-04-01", "2026-03-01"]
    assert detail.rate_series == [("2026-03-01", 1.0), ("2026-04-01", 0.0)]
    assert len(detail.open_problems) == detail.open_count == 3 and detail.overdue == 3


# --- schedule --------------------------------------------------------------------------------


def test_due_list_on_the_boundary_day(ledger):
    market = _market(ledger)  # 农贸市场: weekly
    tpl = _three_item_template(ledger)
    runs.save_run(ledger, RunDraft(market["id"], tpl.id, "2026-03-01", [
        ResultDraft(i.id, PASS) for i in tpl.items]))
    assert due_checks(ledger.db, date(2026, 3, 7)) == []
    [due] = due_checks(ledger.db, date(2026, 3, 8))
    assert due.due_on == "2026-03-08" and due.days_overdue == 0 and due.status_text == "今天到期"
    [late] = due_checks(ledger.db, date(2026, 3, 9))
    assert late.overdue and late.status_text == "逾期1天"
    register.set_frequency(ledger, "农贸市场", 30)
    assert due_checks(ledger.db, date(2026, 3, 9)) == []
    register.update_checkpoint(ledger, market["id"], {"active": "停用"})
    assert schedule(ledger.db, date(2026, 6, 1)) == []


def test_a_checkpoint_never_checked_is_due(ledger):
    _market(ledger)
    [due] = due_checks(ledger.db, date.today())
    assert due.last_checked is None and due.status_text == "从未测评"


def test_checkpoint_changes_read_in_chinese_in_the_audit_log(ledger):
    from chuangcheng_desktop.core.figures.audit_view import AuditQuery, search_audit, table_label

    market = _market(ledger)
    register.update_checkpoint(ledger, market["id"], {"sponsor_unit": "街道城管科"})
    assert table_label("inspection_runs") == "实地测评"
    lines = search_audit(ledger.db, AuditQuery(table="checkpoints"))
    assert any("包保单位" in str(vars(line)) and "街道城管科" in str(vars(line)) for line in lines)


def test_purging_a_run_problem_and_its_inspection_keeps_the_run(ledger):
    from chuangcheng_desktop.core.safety.recycle import purge_recycle_bin

    market = _market(ledger)
    tpl = _three_item_template(ledger)
    saved = runs.save_run(ledger, RunDraft(market["id"], tpl.id, "2026-04-10", [
        ResultDraft(i.id, FAIL) for i in tpl.items]))
    for problem_id in saved.problem_ids:
        ledger.problems.soft_delete(problem_id)
    ledger.inspections.soft_delete(saved.inspection_id)
    result = purge_recycle_bin(ledger.db, days=0, now=datetime(2027, 1, 1))
    assert result.deleted.get("problems") == 3
    detail = run_detail(ledger.db, saved.run_id)
    assert [r.problem_id for r in detail.results] == [None, None, None]
    assert detail.summary.failed == 3
    assert ledger.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_note_too_long_names_its_item_and_saves_nothing(ledger):
    market = _market(ledger)
    v1 = _three_item_template(ledger)
    before = ledger.db.execute("SELECT count(*) FROM inspection_runs").fetchone()[0]
    with pytest.raises(ValidationError) as caught:
        runs.save_run(ledger, RunDraft(market["id"], v1.id, "2026-03-02", [
            ResultDraft(v1.items[0].id, PASS), ResultDraft(v1.items[1].id, FAIL, "脏" * 501),
            ResultDraft(v1.items[2].id, PASS)]))
    assert "第2项“不占道经营”的备注：" in caught.value.message
    assert ledger.db.execute("SELECT count(*) FROM inspection_runs").fetchone()[0] == before
