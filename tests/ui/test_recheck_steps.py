"""Re-check without detours: the 整改后 photo is added in the 提交复查 dialog, the 复查人 is
remembered, and the 整改过程 timeline is in time order with a person on every entry."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from chuangcheng_desktop.core.demo.builder import png_bytes
from chuangcheng_desktop.core.rules import workflow
from chuangcheng_desktop.ui.dialogs.records import open_record_dialog
from tests.conftest import sample
from tests.ui.conftest import type_text


def test_photo_in_submit_dialog_reviewer_remembered_timeline_in_order(qtbot, ledger, tmp_path,
                                                                      no_warnings):
    today = date.today().isoformat()
    earlier = ledger.problems.add(sample("problems", checkpoint="公交站", found_on=today,
                                         deadline=today))
    workflow.start_rectification(ledger, earlier["id"])
    workflow.submit_for_recheck(ledger, earlier["id"], measures="已清理",
                                no_photo_reason="无")
    workflow.record_recheck(ledger, earlier["id"], day=today, reviewer="街道城管科",
                            passed=True)

    problem = ledger.problems.add(sample("problems", found_on=today, deadline=today))
    workflow.start_rectification(ledger, problem["id"])
    dialog = open_record_dialog(ledger, "problems", problem["id"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.step_buttons["submit"], Qt.MouseButton.LeftButton)
    submit = dialog.step_dialog
    assert "还没有整改后照片" in submit.photo_label.text()
    assert submit.inputs["no_photo_reason"].isVisibleTo(submit)
    photo = tmp_path / "after.png"
    photo.write_bytes(png_bytes(64, 48, [bytes([30, 160, 60]) * 64] * 48))
    submit.after_photos.add_files([str(photo)])  # what 添加照片 / dropping a file does
    assert "已上传整改后照片 1 张" in submit.photo_label.text()
    assert not submit.inputs["no_photo_reason"].isVisibleTo(submit)
    type_text(qtbot, submit.inputs["measures"], "已清运垃圾")
    with qtbot.waitSignal(submit.accepted):
        qtbot.mouseClick(submit.ok_button, Qt.MouseButton.LeftButton)
    assert ledger.problems.get(problem["id"])["status"] == "待复查"
    assert dialog.after_photos.list.count() == 1  # the form shows the photo added there

    qtbot.mouseClick(dialog.step_buttons["recheck"], Qt.MouseButton.LeftButton)
    recheck = dialog.step_dialog
    assert recheck.inputs["reviewer"].text() == "街道城管科"
    assert recheck.inputs["date"].property("hasCalendar")
    with qtbot.waitSignal(recheck.accepted):
        qtbot.mouseClick(recheck.ok_button, Qt.MouseButton.LeftButton)
    events = workflow.timeline(ledger, problem["id"])
    assert [e.kind for e in events] == ["found", "status", "photo", "status", "recheck",
                                        "status"]
    stamps = [e.at if len(e.at) > 10 else e.at + "T00:00:00" for e in events]
    assert stamps == sorted(stamps)
    for text in dialog.timeline.texts():
        assert any(f"{role}：" in text for role in ("记录人", "督查人", "操作人", "复查人",
                                                  "上传人")), text
        assert "未记录" not in text
