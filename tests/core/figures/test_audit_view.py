"""The audit viewer's queries: filters by table, action, date range and text; Chinese text."""

from __future__ import annotations

from datetime import date, timedelta

from chuangcheng_desktop.core.figures.audit_view import (
    AuditQuery,
    count_audit,
    describe_change,
    search_audit,
    table_choices,
)
from chuangcheng_desktop.core.rules.workflow import start_rectification
from chuangcheng_desktop.core.storage.settings import set_setting
from tests.conftest import ID_FEMALE_1985, sample


def _changes(ledger):
    volunteer = ledger.volunteers.add(sample("volunteers"))
    problem = ledger.problems.add(sample("problems"))
    ledger.problems.update(problem["id"], {"measures": "已清运垃圾"})
    ledger.volunteers.soft_delete(volunteer["id"])
    ledger.volunteers.restore(volunteer["id"])
    set_setting(ledger.db, "recycle_bin_days", 45, actor="王芳")
    return volunteer, problem


def test_lines_say_who_when_what_and_old_to_new(ledger):
    _changes(ledger)
    lines = search_audit(ledger.db, AuditQuery())
    # the problem's 点位 is new: created (and audited) just before the problem
    assert [line.action_label for line in lines] == ["修改", "恢复", "删除", "修改", "新增", "新增",
                                                     "新增"]
    assert (lines[5].table_label, lines[5].record) == ("点位", "农贸市场北门")
    setting = lines[0]
    assert setting.actor == "王芳" and setting.table_label == "设置"
    assert setting.change == "回收站保留天数：30 → 45"
    assert setting.record == "回收站保留天数"
    update = lines[3]
    assert update.table_label == "问题" and update.record == "农贸市场北门"
    assert update.change == "整改措施：（空） → 已清运垃圾"
    assert lines[2].change == "移到回收站" and lines[1].change == "从回收站恢复"
    inserted = lines[6]
    assert inserted.record == "李秀英" and "姓名：李秀英" in inserted.change
    assert ID_FEMALE_1985 not in inserted.change and "330102********028X" in inserted.change
    assert len(setting.at) == 19 and "T" not in setting.at


def test_filters(ledger):
    _changes(ledger)
    assert count_audit(ledger.db, AuditQuery(table="volunteers")) == 3
    assert count_audit(ledger.db, AuditQuery(action="insert")) == 3  # volunteer, 点位, problem
    assert count_audit(ledger.db, AuditQuery(table="volunteers", action="restore")) == 1
    assert count_audit(ledger.db, AuditQuery(text="已清运")) == 1
    assert count_audit(ledger.db, AuditQuery(text="王芳")) == 1
    assert count_audit(ledger.db, AuditQuery(text="王芳 不存在的词")) == 0
    today = date.today()
    assert count_audit(ledger.db, AuditQuery(date_from=today, date_to=today)) == 7
    assert count_audit(ledger.db, AuditQuery(date_to=today - timedelta(days=1))) == 0
    assert count_audit(ledger.db, AuditQuery(date_from=today + timedelta(days=1))) == 0
    assert len(search_audit(ledger.db, AuditQuery(limit=2))) == 2
    assert ("problems", "问题") in table_choices(ledger.db)


def test_workflow_and_purge_texts(ledger):
    problem = ledger.problems.add(sample("problems"))
    start_rectification(ledger, problem["id"])
    line = search_audit(ledger.db, AuditQuery(table="problems", action="update"))[0]
    assert line.change == "整改状态：待整改 → 整改中" or "→ 整改中" in line.change
    assert describe_change("problems", "delete", {"title": "x"},
                           {"purged": "2026-01-01T00:00:00", "note": "回收站保留30天已到期，彻底删除"}
                           ).startswith("彻底删除")
    assert describe_change("settings", "update", {"app_password_hash": "（未设置）"},
                           {"app_password_hash": "（已设置）"}) == "程序密码：（未设置） → （已设置）"


def test_checkpoint_rows_read_in_chinese():
    """点位 and 宣传阵地 rows are not record kinds of the core list; their fields still read
    as the register names them, and 在用/停用 as words."""
    from chuangcheng_desktop.core.figures.audit_view import describe_change

    assert describe_change("checkpoints", "insert", {}, {"name": "菜市场", "type": "农贸市场",
                                                         "active": 1}) == \
        "点位名称：菜市场；点位类型：农贸市场；状态：在用"
    assert describe_change("checkpoints", "update", {"active": 1}, {"active": 0}) == \
        "状态：在用 → 停用"
