"""The rectification workflow clicked through the problem form: steps, refusals, timeline,
the default deadline of a new problem, and overdue rows in the problems table."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from chuangcheng_desktop.core.demo.builder import png_bytes
from chuangcheng_desktop.core.rules.workflow import start_rectification
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.core.storage.settings import set_setting
from chuangcheng_desktop.ui.dialogs.records import open_record_dialog
from chuangcheng_desktop.ui.models.record_table import TONES
from chuangcheng_desktop.ui.pages import ledger_specs
from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage
from tests.conftest import sample
from tests.ui.conftest import type_into, type_text

TODAY = date(2026, 4, 10)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def _open(qtbot, ledger, row_id=None):
    dialog = open_record_dialog(ledger, "problems", row_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _enabled(dialog):
    return {name for name, button in dialog.step_buttons.items() if button.isEnabled()}


def _click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_whole_workflow_with_a_rejected_round(qtbot, ledger, tmp_path, no_warnings):
    problem = ledger.problems.add(sample("problems"))  # found 2026-04-02, deadline 04-05
    dialog = _open(qtbot, ledger, problem["id"])
    # status and completion date are displays, not inputs
    assert not dialog.inputs["status"].isEnabled()
    assert dialog.inputs["completed_on"].isReadOnly()
    assert _enabled(dialog) == {"start"}
    assert dialog.workflow_status.text() == "当前状态：待整改，逾期5天"
    assert dialog.timeline.texts() == ["发现问题（上级巡查）：垃圾桶满溢，周边有散落垃圾（记录人：测试员）"]

    with qtbot.waitSignal(dialog.record_changed):
        _click(qtbot, dialog.step_buttons["start"])
    assert ledger.problems.get(problem["id"])["status"] == "整改中"
    assert dialog.inputs["status"].currentData() == "整改中"
    assert _enabled(dialog) == {"submit"}

    # 提交复查 without measures and without an 整改后 photo: both fields named, nothing saved
    _click(qtbot, dialog.step_buttons["submit"])
    submit = dialog.step_dialog
    assert submit.isVisible()
    qtbot.mouseClick(submit.ok_button, Qt.MouseButton.LeftButton)
    assert submit.isVisible()
    assert submit.error_text("measures").startswith("整改措施：")
    assert submit.error_text("no_photo_reason").startswith("整改后照片：")
    assert ledger.problems.get(problem["id"])["status"] == "整改中"
    type_text(qtbot, submit.inputs["measures"], "已清运垃圾，增设垃圾桶2个")
    type_text(qtbot, submit.inputs["no_photo_reason"], "相机故障")
    with qtbot.waitSignal(submit.accepted):
        qtbot.mouseClick(submit.ok_button, Qt.MouseButton.LeftButton)
    saved = ledger.problems.get(problem["id"])
    assert saved["status"] == "待复查" and saved["measures"] == "已清运垃圾，增设垃圾桶2个"
    assert dialog.inputs["measures"].toPlainText() == saved["measures"]
    assert _enabled(dialog) == {"recheck"}

    # 复查 不通过: a reason is required, and a date before the finding is refused
    _click(qtbot, dialog.step_buttons["recheck"])
    recheck = dialog.step_dialog
    type_text(qtbot, recheck.inputs["reviewer"], "区创城办")
    recheck.set_passed(False)
    qtbot.mouseClick(recheck.ok_button, Qt.MouseButton.LeftButton)
    assert recheck.error_text("reason").startswith("说明：")
    recheck.inputs["date"].setText("2026-03-01")
    type_text(qtbot, recheck.inputs["reason"], "周边仍有垃圾")
    qtbot.mouseClick(recheck.ok_button, Qt.MouseButton.LeftButton)
    assert "早于问题的发现日期" in recheck.error_text("date")
    assert recheck.error_text("reason") == ""
    recheck.inputs["date"].setText("2026-04-06")
    with qtbot.waitSignal(recheck.accepted):
        qtbot.mouseClick(recheck.ok_button, Qt.MouseButton.LeftButton)
    assert ledger.problems.get(problem["id"])["status"] == "整改中"
    assert "复查不通过：周边仍有垃圾（复查人：区创城办）" in dialog.timeline.texts()

    # second round: an 整改后 photo this time, then 复查 通过
    photo = tmp_path / "after.png"
    photo.write_bytes(png_bytes(64, 48, [bytes([30, 160, 60]) * 64] * 48))
    dialog.after_photos.add_files([str(photo)])
    _click(qtbot, dialog.step_buttons["submit"])
    submit = dialog.step_dialog
    assert submit.inputs["measures"].toPlainText() == "已清运垃圾，增设垃圾桶2个"
    assert not submit.inputs["no_photo_reason"].isVisible()
    with qtbot.waitSignal(submit.accepted):
        qtbot.mouseClick(submit.ok_button, Qt.MouseButton.LeftButton)
    _click(qtbot, dialog.step_buttons["recheck"])
    recheck = dialog.step_dialog
    assert recheck.inputs["reviewer"].text() == "区创城办"  # remembered from the last round
    recheck.inputs["date"].setText("2026-04-08")
    with qtbot.waitSignal(recheck.accepted):
        qtbot.mouseClick(recheck.ok_button, Qt.MouseButton.LeftButton)
    done = ledger.problems.get(problem["id"])
    assert (done["status"], done["completed_on"]) == ("已完成", "2026-04-08")
    assert dialog.inputs["completed_on"].text() == "2026-04-08"
    assert _enabled(dialog) == set()
    assert dialog.workflow_status.text() == "当前状态：已完成（2026年4月8日完成）"
    texts = dialog.timeline.texts()
    assert texts[0].startswith("发现问题") and "复查通过（复查人：区创城办）" in texts
    assert [t for t in texts if "→" in t] == [
        "待整改 → 整改中（操作人：测试员）", "整改中 → 待复查（操作人：测试员）",
        "待复查 → 整改中（操作人：测试员）", "整改中 → 待复查（操作人：测试员）",
        "待复查 → 已完成（操作人：测试员）"]
    assert "上传整改后照片（上传人：测试员）（1张照片）" in texts
    assert all("：" in t and t.rstrip("）").count("（") >= 1 for t in texts)

    # the form still saves an ordinary edit after the steps
    type_into(qtbot, dialog, {"responsible_person": "钱多多"})
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ledger.problems.get(problem["id"])["responsible_person"] == "钱多多"
    steps = [row for row in list_audit(ledger.db, table="problems", row_id=problem["id"])
             if row["action"] == "update" and "status" in (row["new"] or {})]
    assert len(steps) == 5 and {row["actor"] for row in steps} == {"测试员"}
    assert no_warnings == []


def test_a_step_the_state_no_longer_allows_is_refused_with_a_message(qtbot, ledger, no_warnings):
    problem = ledger.problems.add(sample("problems"))
    dialog = _open(qtbot, ledger, problem["id"])
    assert _enabled(dialog) == {"start"}
    start_rectification(ledger, problem["id"])  # e.g. from another window meanwhile
    _click(qtbot, dialog.step_buttons["start"])
    assert no_warnings == ["该问题当前为“整改中”，不能“开始整改”。现在可以进行的操作：提交复查。"]
    assert _enabled(dialog) == {"submit"}  # the form shows the state as it is now
    assert dialog.inputs["status"].currentData() == "整改中"


def test_finished_problem_offers_no_step_and_status_cannot_be_typed(qtbot, ledger, answer_yes):
    problem = ledger.problems.add(sample("problems", status="已完成", measures="已清运",
                                         completed_on="2026-04-03"))
    dialog = _open(qtbot, ledger, problem["id"])
    assert _enabled(dialog) == set()
    assert dialog.workflow_hint.text() == "整改已完成，流程结束。"
    # even if the combo were changed, core refuses and names the field
    dialog.inputs["status"].setCurrentIndex(dialog.inputs["status"].findData("整改中"))
    dialog.save()
    assert "整改状态" in dialog.error_text("status")
    assert ledger.problems.get(problem["id"])["status"] == "已完成"


def test_new_problem_deadline_follows_the_settings_until_typed(qtbot, ledger):
    set_setting(ledger.db, "deadline_days", {
        "环境卫生": 3, "宣传氛围": 7, "公共秩序": 3, "设施维护": 7, "志愿服务": 7, "其他": 7,
        "媒体曝光/环境卫生": 1}, actor="测试员")
    dialog = _open(qtbot, ledger)
    assert dialog.inputs["deadline"].text() == "2026-04-13"  # today + 3 (环境卫生)
    assert _enabled(dialog) == set()
    type_into(qtbot, dialog, {"found_on": "2026-04-02", "source": "上级巡查",
                              "category": "环境卫生"})
    assert dialog.inputs["deadline"].text() == "2026-04-05"
    type_into(qtbot, dialog, {"source": "媒体曝光"})
    assert dialog.inputs["deadline"].text() == "2026-04-03"
    type_into(qtbot, dialog, {"category": "宣传氛围"})
    assert dialog.inputs["deadline"].text() == "2026-04-09"
    type_into(qtbot, dialog, {"deadline": "2026-04-20"})
    type_into(qtbot, dialog, {"category": "环境卫生", "found_on": "2026-04-03"})
    assert dialog.inputs["deadline"].text() == "2026-04-20"  # typed by hand: kept
    type_into(qtbot, dialog, {"checkpoint": "农贸市场北门", "description": "垃圾桶满溢"})
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved_record["deadline"] == "2026-04-20"


def test_overdue_and_due_soon_rows_are_coloured_with_days(qtbot, ledger):
    ledger.problems.add(sample("problems", checkpoint="逾期点", deadline="2026-04-05"))
    ledger.problems.add(sample("problems", checkpoint="将到期", deadline="2026-04-12"))
    ledger.problems.add(sample("problems", checkpoint="不急", deadline="2026-04-30"))
    ledger.problems.add(sample("problems", checkpoint="已改", deadline="2026-04-05",
                               status="已完成", measures="已清运", completed_on="2026-04-06"))
    page = LedgerPage(ledger, ledger_specs.PROBLEMS)
    qtbot.addWidget(page)
    model = page.model
    status_column = [c.header for c in model.columns].index("整改状态")
    rows = {model.row(r)["checkpoint"]: r for r in range(model.rowCount())}

    def shown(name, role=Qt.ItemDataRole.DisplayRole):
        return model.data(model.index(rows[name], status_column), role)

    assert shown("逾期点") == "待整改（逾期5天）"
    assert shown("将到期") == "待整改（2天后到期）"
    assert shown("不急") == "待整改" and shown("已改") == "已完成"
    assert shown("逾期点", Qt.ItemDataRole.BackgroundRole) == QColor(TONES["overdue"][0])
    assert shown("逾期点", Qt.ItemDataRole.ForegroundRole) == QColor(TONES["overdue"][1])
    assert shown("将到期", Qt.ItemDataRole.BackgroundRole) == QColor(TONES["due_soon"][0])
    assert shown("不急", Qt.ItemDataRole.BackgroundRole) is None
    assert shown("已改", Qt.ItemDataRole.BackgroundRole) is None


def test_problems_page_has_notice_button_for_the_selection(qtbot, ledger):
    ledger.problems.add(sample("problems"))
    page = LedgerPage(ledger, ledger_specs.PROBLEMS)
    qtbot.addWidget(page)
    button = page.action_buttons["noticeButton"]
    assert button.text() == "生成整改通知书…" and not button.isEnabled()
    page.table.selectRow(0)
    assert button.isEnabled()


def test_honours_tab_adds_an_honour_through_its_form(qtbot, ledger, no_warnings):
    from chuangcheng_desktop.ui.pages.ledgers import VolunteersPage

    page = VolunteersPage(ledger)
    qtbot.addWidget(page)
    honours = page.show_table("honours")
    dialog = honours.new_record()
    type_into(qtbot, dialog, {"title": "中国好人", "level": "国家", "outcome": "提名",
                              "recipient": "李秀英", "date": "2026-05-20"})
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    row = ledger.honours.list()[0]
    assert (row["title"], row["level"], row["outcome"]) == ("中国好人", "国家", "提名")
    assert honours.model.data(honours.model.index(0, 2)) == "国家级"
    assert no_warnings == []
