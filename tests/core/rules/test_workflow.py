"""The rectification workflow: every legal and illegal step, evidence rules, timeline."""

from __future__ import annotations

import pytest

from chuangcheng_desktop.core.demo.builder import png_bytes
from chuangcheng_desktop.core.rules.workflow import (
    WorkflowError,
    allowed_steps,
    record_recheck,
    start_rectification,
    submit_for_recheck,
    timeline,
)
from chuangcheng_desktop.core.storage.attachments import attach_file
from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.core.storage.errors import ValidationError
from tests.conftest import sample


@pytest.fixture
def problem(ledger):
    return ledger.problems.add(sample("problems"))


def _after_photo(ledger, tmp_path, problem_id):
    photo = tmp_path / "after.png"
    photo.write_bytes(png_bytes(64, 48, [bytes([30, 160, 60]) * 64] * 48))
    attach_file(ledger, tmp_path / "attachments", photo, owner_table="problems",
                owner_id=problem_id, role="整改后")


def test_the_whole_way_with_a_rejected_round(ledger, problem, tmp_path):
    pid = problem["id"]
    assert allowed_steps(problem) == ["start"]
    assert start_rectification(ledger, pid)["status"] == "整改中"
    _after_photo(ledger, tmp_path, pid)
    assert submit_for_recheck(ledger, pid, measures="清运垃圾")["status"] == "待复查"
    rejected = record_recheck(ledger, pid, day="2026-04-04", reviewer="区创城办",
                              passed=False, reason="仍有散落垃圾")
    assert rejected["status"] == "整改中"
    submit_for_recheck(ledger, pid)
    done = record_recheck(ledger, pid, day="2026年4月5日", reviewer="区创城办", passed=True)
    assert (done["status"], done["completed_on"]) == ("已完成", "2026-04-05")
    assert allowed_steps(done) == []
    rounds = ledger.rechecks.list()
    assert sorted((r["date"], r["passed"]) for r in rounds) == [("2026-04-04", 0), ("2026-04-05", 1)]
    statuses = [(r["old"]["status"], r["new"]["status"])
                for r in reversed(list_audit(ledger.db, table="problems", row_id=pid))
                if r["action"] == "update" and "status" in (r["new"] or {})]
    assert statuses == [("待整改", "整改中"), ("整改中", "待复查"), ("待复查", "整改中"),
                        ("整改中", "待复查"), ("待复查", "已完成")]
    events = timeline(ledger, pid)
    assert events[0].kind == "found"
    assert any("复查不通过：仍有散落垃圾" in e.text for e in events)
    assert any(e.kind == "photo" and e.photos for e in events)


@pytest.mark.parametrize("steps_before, step", [
    ([], "submit"), ([], "pass"), ([], "reject"),
    (["start"], "start"), (["start"], "pass"),
    (["start", "submit"], "start"), (["start", "submit"], "submit"),
    (["start", "submit", "pass"], "start"), (["start", "submit", "pass"], "submit"),
    (["start", "submit", "pass"], "pass"),
])
def test_illegal_steps_are_refused_with_a_message(ledger, problem, tmp_path, steps_before, step):
    pid = problem["id"]
    run = {
        "start": lambda: start_rectification(ledger, pid),
        "submit": lambda: submit_for_recheck(ledger, pid, measures="清运", no_photo_reason="夜间整改"),
        "pass": lambda: record_recheck(ledger, pid, day="2026-04-04", reviewer="甲", passed=True),
        "reject": lambda: record_recheck(ledger, pid, day="2026-04-04", reviewer="甲",
                                         passed=False, reason="未改"),
    }
    for earlier in steps_before:
        run[earlier]()
    before = ledger.problems.get(pid)
    with pytest.raises(WorkflowError, match="该问题当前为"):
        run[step]()
    assert ledger.problems.get(pid) == before


def test_submit_needs_measures_and_an_after_photo_or_a_reason(ledger, problem):
    pid = problem["id"]
    start_rectification(ledger, pid)
    with pytest.raises(ValidationError) as raised:
        submit_for_recheck(ledger, pid)
    assert raised.value.for_field("measures").startswith("整改措施：")
    assert "整改后照片" in raised.value.for_field("no_photo_reason")
    assert ledger.problems.get(pid)["status"] == "整改中"
    ok = submit_for_recheck(ledger, pid, measures="清运垃圾", no_photo_reason="相机故障，已由复查人现场确认")
    assert ok["status"] == "待复查"


def test_recheck_before_the_finding_date_or_rejected_without_reason(ledger, problem):
    pid = problem["id"]
    start_rectification(ledger, pid)
    submit_for_recheck(ledger, pid, measures="清运", no_photo_reason="无")
    with pytest.raises(ValidationError, match="复查日期：早于问题的发现日期"):
        record_recheck(ledger, pid, day="2026-03-01", reviewer="甲", passed=True)
    with pytest.raises(ValidationError, match="说明：复查不通过时请写明原因"):
        record_recheck(ledger, pid, day="2026-04-04", reviewer="甲", passed=False)
    assert ledger.rechecks.count() == 0
    assert ledger.problems.get(pid)["status"] == "待复查"
