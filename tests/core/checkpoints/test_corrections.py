"""Correcting a saved 实地测评 run, voiding it and restoring it (core/checkpoints/corrections.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chuangcheng_desktop.cli import main
from chuangcheng_desktop.core.checkpoints import register, runs, templates
from chuangcheng_desktop.core.checkpoints.corrections import (
    RunCorrection,
    correct_run,
    restore_run,
    void_run,
)
from chuangcheng_desktop.core.checkpoints.figures import checkpoint_figures
from chuangcheng_desktop.core.checkpoints.history import run_detail
from chuangcheng_desktop.core.checkpoints.runs import FAIL, NOT_APPLICABLE, PASS, ResultDraft, RunDraft
from chuangcheng_desktop.core.checkpoints.templates import ItemDraft
from chuangcheng_desktop.core.safety.recycle_view import deleted_items, restore_items
from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger

PERIOD = ("2026-04-01", "2026-06-30")


@pytest.fixture
def market_run(ledger):
    """市场 (weights 3, 2, 1): one run on 2026-04-10 — 合格, 不合格 (problem), 不适用 → 3/5."""
    market = register.add_checkpoint(ledger, {"name": "青松农贸市场", "type": "农贸市场",
                                              "sponsor_unit": "区市场监管局"})
    tpl = templates.save_version(ledger, "农贸市场", [
        ItemDraft("环境卫生", "地面干净", 3), ItemDraft("公共秩序", "不占道经营", 2),
        ItemDraft("公益广告与宣传", "公益广告完好", 1)])
    a, b, c = tpl.items
    saved = runs.save_run(ledger, RunDraft(market["id"], tpl.id, "2026-04-10", [
        ResultDraft(a.id, PASS), ResultDraft(b.id, FAIL, note="占道"),
        ResultDraft(c.id, NOT_APPLICABLE)], inspector="王芳"))
    assert saved.rate == 0.6 and len(saved.problem_ids) == 1
    return saved, tpl


def _snapshot(ledger):
    """Everything a failed correction must leave as it was."""
    db = ledger.db
    return [db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
            for t in ("inspection_runs", "run_results", "problems", "checkpoint_photos", "audit_log")]


def _stats_json(data_dir, capsys):
    assert main(["stats", "--period", "2026Q2", "--json", "--data-dir", str(data_dir)]) == 0
    return json.loads(capsys.readouterr().out)["checkpoints"]


def test_correcting_an_item_changes_the_rate_and_the_figures_exactly(ledger, market_run, data_dir,
                                                                     capsys):
    saved, tpl = market_run
    _a, b, c = tpl.items
    before = checkpoint_figures(ledger.db, *PERIOD)
    assert (before.average_rate, before.failed_items, before.problems_raised) == (0.6, 1, 1)
    fixed = correct_run(ledger, saved.run_id, RunCorrection(
        results=[ResultDraft(b.id, PASS, note="已核实未占道"), ResultDraft(c.id, FAIL)]))
    # applicable 3 + 2 + 1 = 6, passed 3 + 2 = 5
    assert fixed.changed and fixed.rate == pytest.approx(5 / 6, abs=1e-6) and fixed.failed == 1
    detail = run_detail(ledger.db, saved.run_id)
    assert detail.summary.rate == pytest.approx(5 / 6, abs=1e-6) and detail.summary.failed == 1
    assert [(r.outcome, r.note) for r in detail.results] == [
        (PASS, ""), (PASS, "已核实未占道"), (FAIL, "")]
    after = checkpoint_figures(ledger.db, *PERIOD)
    assert after.average_rate == pytest.approx(0.8333, abs=1e-4)
    assert after.failed_items == 1
    assert [(i.requirement, i.failures) for i in after.most_failed] == [("公益广告完好", 1)]
    assert after.by_checkpoint[0].average_rate == pytest.approx(0.8333, abs=1e-4)
    ledger.close()
    data = _stats_json(data_dir, capsys)
    assert data["average_rate"] == pytest.approx(0.8333, abs=1e-4) and data["failed_items"] == 1


def test_an_untouched_problem_goes_to_the_recycle_bin_a_new_failure_raises_one(ledger, market_run):
    saved, tpl = market_run
    _a, b, c = tpl.items
    fixed = correct_run(ledger, saved.run_id, RunCorrection(
        results=[ResultDraft(b.id, PASS), ResultDraft(c.id, FAIL, note="广告破损")]))
    old_problem = saved.problem_ids[0]
    assert fixed.recycled_ids == [old_problem] and len(fixed.raised_ids) == 1
    assert ledger.db.execute("SELECT deleted_at IS NOT NULL FROM problems WHERE id = ?",
                             [old_problem]).fetchone()[0] == 1
    new = ledger.problems.get(fixed.raised_ids[0])
    assert "公益广告完好" in new["description"] and "广告破损" in new["description"]
    assert new["found_on"] == "2026-04-10"
    assert any("回收站" in m for m in fixed.messages) and any("已生成" in m for m in fixed.messages)
    assert ledger.db.execute("SELECT raised FROM inspection_runs WHERE id = ?",
                             [saved.run_id]).fetchone()[0] == 1


def test_a_problem_already_worked_on_is_kept_and_the_user_told(ledger, market_run):
    saved, tpl = market_run
    problem_id = saved.problem_ids[0]
    ledger.db.execute("UPDATE problems SET status = '整改中' WHERE id = ?", [problem_id])
    fixed = correct_run(ledger, saved.run_id, RunCorrection(
        results=[ResultDraft(tpl.items[1].id, PASS)]))
    assert fixed.kept_ids == [problem_id] and fixed.recycled_ids == []
    assert ledger.problems.get(problem_id)["status"] == "整改中"
    assert "整改中" in fixed.messages[0] and "问题整改台账" in fixed.messages[0]


def test_corrections_are_audited_with_actor_old_and_new_and_the_chain_holds(ledger, market_run,
                                                                            data_dir, capsys):
    saved, tpl = market_run
    correct_run(ledger, saved.run_id, RunCorrection(
        date="2026-04-11", inspector="李强", results=[ResultDraft(tpl.items[1].id, PASS)]))
    row = list_audit(ledger.db, table="inspection_runs", row_id=saved.run_id)[0]
    assert row["action"] == "update" and row["actor"] == "测试员"
    assert row["old"]["date"] == "2026-04-10" and row["new"]["date"] == "2026-04-11"
    assert row["old"]["inspector"] == "王芳" and row["new"]["inspector"] == "李强"
    assert row["old"]["第2项 不占道经营 结果"] == FAIL and row["new"]["第2项 不占道经营 结果"] == PASS
    assert row["old"]["rate"] == 0.6 and row["new"]["rate"] == 1
    assert row["old"]["raised"] == 1 and row["new"]["raised"] == 0
    ledger.close()
    assert main(["check", "--data-dir", str(data_dir)]) == 0
    assert "检查结果：正常" in capsys.readouterr().out


@pytest.mark.parametrize(("changes", "field", "words"), [
    (RunCorrection(date="2026-13-40"), "date", "测评日期"),
    (RunCorrection(source="路人"), "source", "来源"),
    (RunCorrection(inspector="长" * 51), "inspector", "测评人"),
    (RunCorrection(results=[ResultDraft("no-such-item", PASS)]), "results", "检查项"),
])
def test_bad_input_names_the_field_and_writes_nothing(ledger, market_run, changes, field, words):
    saved, _tpl = market_run
    before = _snapshot(ledger)
    with pytest.raises(ValidationError) as caught:
        correct_run(ledger, saved.run_id, changes)
    assert caught.value.for_field(field) and words in caught.value.message
    assert _snapshot(ledger) == before


def test_an_unmarked_item_and_a_long_note_are_named_by_number(ledger, market_run):
    saved, tpl = market_run
    before = _snapshot(ledger)
    with pytest.raises(ValidationError) as caught:
        correct_run(ledger, saved.run_id, RunCorrection(
            date="2026-04-12", results=[ResultDraft(tpl.items[0].id, None),
                                        ResultDraft(tpl.items[2].id, PASS, note="字" * 501)]))
    assert "第1项" in caught.value.message and "第3项" in caught.value.message
    assert _snapshot(ledger) == before


def test_a_failure_inside_the_transaction_leaves_nothing_half_written(ledger, market_run):
    saved, tpl = market_run
    before = _snapshot(ledger)
    ledger.db.execute("CREATE TRIGGER boom BEFORE UPDATE OF rate ON inspection_runs "
                      "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(Exception, match="disk full"):
        correct_run(ledger, saved.run_id, RunCorrection(
            inspector="李强", results=[ResultDraft(tpl.items[1].id, PASS)]))
    ledger.db.execute("DROP TRIGGER boom")
    assert _snapshot(ledger) == before


def test_nothing_changed_writes_nothing(ledger, market_run):
    saved, tpl = market_run
    before = _snapshot(ledger)
    fixed = correct_run(ledger, saved.run_id, RunCorrection(
        inspector="王芳", results=[ResultDraft(tpl.items[1].id, FAIL, note="占道")]))
    assert not fixed.changed and _snapshot(ledger) == before


def test_a_photo_added_by_a_correction_is_stored_and_linked(ledger, market_run, tmp_path):
    saved, tpl = market_run
    photo = tmp_path / "补拍.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"x" * 100)
    correct_run(ledger, saved.run_id, RunCorrection(
        results=[ResultDraft(tpl.items[1].id, FAIL, note="占道", photos=[photo])]),
        tmp_path / "attachments")
    rows = ledger.db.execute("SELECT original_name FROM checkpoint_photos WHERE run_id = ?",
                             [saved.run_id]).fetchall()
    assert rows == [("补拍.jpg",)]
    owner = ledger.db.execute("SELECT count(*) FROM attachments WHERE owner_id = ?",
                              [saved.problem_ids[0]]).fetchone()[0]
    assert owner == 1  # the failed item's problem gets it as a 整改前 photo
    assert any(Path(tmp_path / "attachments").rglob("*"))


def test_voiding_drops_the_run_from_figures_and_restoring_brings_it_back(ledger, market_run):
    saved, _tpl = market_run
    assert checkpoint_figures(ledger.db, *PERIOD).runs == 1
    with pytest.raises(ValidationError) as caught:
        void_run(ledger, saved.run_id, "  ")
    assert "作废原因" in caught.value.message
    voided = void_run(ledger, saved.run_id, "点位选错了")
    assert voided.open_problems == 1 and "1 个未完成" in voided.messages[0]
    gone = checkpoint_figures(ledger.db, *PERIOD)
    assert (gone.runs, gone.failed_items, gone.average_rate) == (0, 0, None)
    assert gone.never_checked == ["青松农贸市场"]
    row = list_audit(ledger.db, table="inspection_runs", row_id=saved.run_id)[0]
    assert row["action"] == "delete" and row["new"]["note"] == "点位选错了"
    assert row["actor"] == "测试员"
    items = [i for i in deleted_items(ledger) if i.table == "inspection_runs"]
    assert [i.description for i in items] == ["实地测评 2026年4月10日 青松农贸市场"]
    restored, problems = restore_items(ledger, [("inspection_runs", saved.run_id)])
    assert problems == [] and len(restored) == 1
    back = checkpoint_figures(ledger.db, *PERIOD)
    assert (back.runs, back.failed_items, back.average_rate) == (1, 1, 0.6)
    assert list_audit(ledger.db, table="inspection_runs", row_id=saved.run_id)[0]["action"] == "restore"


def test_a_voided_run_cannot_be_corrected_or_voided_again(ledger, market_run):
    saved, _tpl = market_run
    void_run(ledger, saved.run_id, "重复录入")
    with pytest.raises(Exception, match="作废"):
        correct_run(ledger, saved.run_id, RunCorrection(inspector="李强"))
    with pytest.raises(Exception, match="作废"):
        void_run(ledger, saved.run_id, "再次")
    restore_run(ledger, saved.run_id)
    with pytest.raises(Exception, match="作废"):
        restore_run(ledger, saved.run_id)


def test_the_command_line_corrects_voids_and_restores_on_the_same_path(ledger, market_run,
                                                                       data_dir, capsys):
    saved, _tpl = market_run
    ledger.close()
    base = ["run-fix", "青松农贸市场", "--data-dir", str(data_dir)]
    assert main([*base, "--date", "2026-04-10", "--inspector", "李强",
                 "--item", "2=合格", "--item", "3=不合格：广告破损"]) == 0
    out = capsys.readouterr().out
    assert "达标率 83.3%" in out and "回收站" in out and "已生成" in out
    assert main([*base, "--item", "9=合格"]) == 1
    assert "序号为 1 到 3" in capsys.readouterr().err
    assert main([*base, "--void"]) == 1
    assert "作废原因" in capsys.readouterr().err
    assert main([*base, "--void", "--reason", "点位选错了"]) == 0
    assert "已作废" in capsys.readouterr().out
    assert _stats_json(data_dir, capsys)["runs"] == 0
    assert main([*base, "--restore"]) == 0
    capsys.readouterr()
    data = _stats_json(data_dir, capsys)
    assert data["runs"] == 1 and data["average_rate"] == pytest.approx(0.8333, abs=1e-4)
    with Ledger.open_in(data_dir, actor="x") as reopened:
        actions = [r["action"] for r in list_audit(reopened.db, table="inspection_runs",
                                                   row_id=saved.run_id)]
    assert actions[:3] == ["restore", "delete", "update"]


def test_the_audit_viewer_tells_a_correction_and_a_void_in_chinese(ledger, market_run):
    from chuangcheng_desktop.core.figures.audit_view import AuditQuery, search_audit

    saved, tpl = market_run
    correct_run(ledger, saved.run_id, RunCorrection(
        inspector="李强", results=[ResultDraft(tpl.items[1].id, PASS)]))
    void_run(ledger, saved.run_id, "点位选错了")
    voided, fixed = search_audit(ledger.db, AuditQuery(table="inspection_runs"))[:2]
    assert voided.change == "移到回收站（点位选错了）"
    assert "测评人：王芳 → 李强" in fixed.change
    assert "第2项 不占道经营 结果：不合格 → 合格" in fixed.change and "达标率：0.6 → 1" in fixed.change
    assert "点位" not in fixed.change  # named for context in old and new alike, not a change


def test_a_new_date_leaves_the_raised_problems_dates_and_says_so(ledger, market_run):
    saved, _tpl = market_run
    fixed = correct_run(ledger, saved.run_id, RunCorrection(date="2026年4月12日"))
    assert ledger.problems.get(saved.problem_ids[0])["found_on"] == "2026-04-10"
    assert run_detail(ledger.db, saved.run_id).summary.date == "2026-04-12"
    assert fixed.messages == [
        "测评日期已改，但已生成的 1 个整改问题的发现日期和整改期限没有改动；如需改正，请到问题整改台账修改。"]


def test_a_voided_run_is_purged_with_the_recycle_bin_and_its_problem_stays(ledger, market_run):
    """The 回收站 says records go after N days: a voided run too, with its results and
    photos; the problem it raised is a record of its own and stays (its link cleared)."""
    from datetime import datetime, timedelta

    from chuangcheng_desktop.core.safety.integrity import check_database
    from chuangcheng_desktop.core.safety.recycle import purge_recycle_bin

    saved, _tpl = market_run
    ledger.db.execute(
        "INSERT INTO checkpoint_photos (id, created_at, updated_at, checkpoint_id, run_id, "
        "sha256) SELECT 'photo-1', created_at, created_at, checkpoint_id, id, ? "
        "FROM inspection_runs WHERE id = ?", ["b" * 64, saved.run_id])
    ledger.db.conn.commit()
    void_run(ledger, saved.run_id, "点位选错了")
    assert purge_recycle_bin(ledger.db).total == 0  # not yet: kept the setting's 30 days
    result = purge_recycle_bin(ledger.db, now=datetime.now() + timedelta(days=31))
    assert result.deleted == {"checkpoint_photos": 1, "run_results": 3, "inspection_runs": 1}
    db = ledger.db
    assert db.execute("SELECT count(*) FROM inspection_runs").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM run_results").fetchone()[0] == 0
    assert ledger.problems.get(saved.problem_ids[0])["status"] == "待整改"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    purged = list_audit(db, table="inspection_runs", row_id=saved.run_id)[0]
    assert purged["action"] == "delete" and "回收站保留30天" in purged["new"]["note"]
    assert purged["old"]["inspector"] == "王芳"
    assert [i for i in deleted_items(ledger) if i.table == "inspection_runs"] == []
    assert check_database(ledger.path).ok
