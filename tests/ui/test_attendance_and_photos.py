"""志愿者出勤 from an activity reaching the volunteer's own page; photos by button and drop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from chuangcheng_desktop.core.storage import queries
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.volunteers.hours import default_minutes
from chuangcheng_desktop.ui.dialogs.records import open_record_dialog
from chuangcheng_desktop.ui.models.attendance_table import COL_HOURS, COL_SIGN_IN, COL_SIGN_OUT
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample
from tests.ui.conftest import type_text


def _people(ledger):
    first = ledger.volunteers.add(sample("volunteers", name="李秀英", id_number=ID_FEMALE_1985))
    second = ledger.volunteers.add(sample("volunteers", name="王强", id_number=ID_MALE_1990))
    return first, second


def test_default_minutes_from_start_and_end():
    assert default_minutes({"start_time": "08:30", "end_time": "11:30"}) == 180
    assert default_minutes({"start_time": "", "end_time": ""}) == 120
    assert default_minutes({"start_time": "11:00", "end_time": "09:00"}) == 120


def _save(qtbot, dialog):
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_attendance_totals_reach_the_volunteers_page(qtbot, ledger, no_warnings, answer_yes):
    first, second = _people(ledger)
    activity = ledger.activities.add(sample("activities"))  # 8:30–11:30
    other = ledger.activities.add(sample("activities", title="垃圾分类宣传", date="2026-04-01",
                                         start_time="9:00", end_time="10:00"))

    dialog = open_record_dialog(ledger, "activities", activity["id"])
    qtbot.addWidget(dialog)
    attendance = dialog.open_attendance()
    assert attendance.model.rowCount() == 2
    assert attendance.hours_edit.text() == "3"  # the activity's own duration
    qtbot.mouseClick(attendance.all_button, Qt.MouseButton.LeftButton)
    assert answer_yes == ["把列表中的 2 名志愿者全部标记为到场吗？"]
    assert attendance.summary_label.text() == "已勾选 2 人，合计 6.0 小时"
    # the second volunteer left early: typed as hours
    row = attendance.row_of(second["id"])
    assert attendance.set_cell(row, COL_HOURS, "1.5小时")
    _save(qtbot, attendance)
    assert "出勤 2 人，合计 4.5小时（尚未保存" in dialog.attendance_label.text()
    assert queries.activity_attendance(ledger.db, activity["id"]) == []
    _save(qtbot, dialog)
    assert [r["minutes"] for r in queries.activity_attendance(ledger.db, activity["id"])] == [
        180, 90]

    # 补录 needs a reason before it can be saved
    late_activity = open_record_dialog(ledger, "activities", other["id"])
    qtbot.addWidget(late_activity)
    late = late_activity.open_attendance()
    type_text(qtbot, late.search_edit, "李")
    assert late.model.rowCount() == 1
    late.set_present(0, True)
    late.source_combo.setCurrentText("补录")
    assert not late.save_button.isEnabled()
    assert "补录原因" in late.reason_error.text()
    type_text(qtbot, late.reason_edit, "签到表遗失，据照片补录")
    assert late.save_button.isEnabled()
    _save(qtbot, late)
    _save(qtbot, late_activity)

    page = open_record_dialog(ledger, "volunteers", first["id"])
    qtbot.addWidget(page)
    panel = page.service_panel
    assert panel.summary_label.text().startswith("累计服务 4小时，参加活动 2 次，服务记录 2 条")
    assert panel.table.rowCount() == 2
    assert panel.table.item(1, 1).text() == "文明交通劝导"
    assert {panel.table.item(r, 3).text() for r in range(2)} == {"签到", "补录"}
    assert no_warnings == []

    # unticking removes the record (to the recycle bin) when the activity is saved
    again_activity = open_record_dialog(ledger, "activities", activity["id"])
    qtbot.addWidget(again_activity)
    again = again_activity.open_attendance()
    again.set_present(again.row_of(second["id"]), False)
    _save(qtbot, again)
    _save(qtbot, again_activity)
    assert [r["name"] for r in queries.activity_attendance(ledger.db, activity["id"])] == ["李秀英"]


def test_cancelling_the_activity_discards_its_attendance(qtbot, ledger, answer_yes):
    first, _second = _people(ledger)
    activity = ledger.activities.add(sample("activities"))
    dialog = open_record_dialog(ledger, "activities", activity["id"])
    qtbot.addWidget(dialog)
    attendance = dialog.open_attendance()
    attendance.set_present(attendance.row_of(first["id"]), True)
    _save(qtbot, attendance)
    assert dialog.is_dirty()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                         Qt.MouseButton.LeftButton)
    assert any("放弃" in text for text in answer_yes)  # it asked first
    assert queries.activity_attendance(ledger.db, activity["id"]) == []


def test_attendance_of_a_new_activity_is_saved_with_it(qtbot, ledger, no_warnings):
    from tests.ui.conftest import type_into
    from tests.ui.test_ledger_pages import NEW

    first, second = _people(ledger)
    dialog = open_record_dialog(ledger, "activities", None)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog, {**NEW["activities"], "start_time": "9:00", "end_time": "11:00"})
    attendance = dialog.open_attendance()
    assert attendance.hours_edit.text() == "2"
    attendance.set_present(attendance.row_of(second["id"]), True)
    attendance.set_present(attendance.row_of(first["id"]), True)
    # sign-in sheet times: 8:30–11:30 is longer than the activity, so 2 hours are kept
    row = attendance.row_of(first["id"])
    attendance.set_cell(row, COL_SIGN_IN, "8:30")
    attendance.set_cell(row, COL_SIGN_OUT, "11:30")
    assert attendance.model.data(attendance.model.index(row, COL_HOURS)) == "2"
    assert "其中 1 人超过活动时长" in attendance.summary_label.text()
    _save(qtbot, attendance)
    _save(qtbot, dialog)
    rows = queries.activity_attendance(ledger.db, dialog.saved_record["id"])
    # the order of the sign-in sheet: ticked second first
    assert [(r["name"], r["minutes"], r["sign_in"], r["sheet_row"]) for r in rows] == [
        ("王强", 120, "", 1), ("李秀英", 120, "08:30", 2)]


def test_the_picker_lists_every_volunteer_and_reads_hours(qtbot, ledger, answer_yes):
    from tests.core.volunteers.people import valid_id_numbers

    ledger.volunteers.add_many([sample("volunteers", name=f"志愿者{n:03d}", id_number=number)
                                for n, number in enumerate(valid_id_numbers(758))])
    activity = ledger.activities.add(sample("activities", start_time="", end_time=""))
    dialog = open_record_dialog(ledger, "activities", activity["id"])
    qtbot.addWidget(dialog)
    attendance = dialog.open_attendance()
    assert attendance.model.rowCount() == 758
    assert attendance.count_label.text() == "花名册共 758 人，列出 758 人"
    assert attendance.hours_edit.text() == "2"  # no times on the activity: 2 hours
    type_text(qtbot, attendance.search_edit, "志愿者75")
    assert attendance.model.rowCount() == 8
    answer_yes.clear()
    qtbot.mouseClick(attendance.all_button, Qt.MouseButton.LeftButton)
    assert answer_yes == ["把搜索“志愿者75”列出的 8 名志愿者全部标记为到场吗？"]
    for typed, hours in (("2", "2"), ("2.5", "2.5"), ("2小时", "2"), ("90分钟", "1.5")):
        assert attendance.set_cell(0, COL_HOURS, typed)
        assert attendance.model.data(attendance.model.index(0, COL_HOURS)) == hours
    assert not attendance.set_cell(0, COL_HOURS, "很久")
    assert "服务时长" in attendance.reason_error.text()


def test_all_present_does_nothing_when_the_question_is_declined(qtbot, ledger, monkeypatch):
    _people(ledger)
    activity = ledger.activities.add(sample("activities"))
    dialog = open_record_dialog(ledger, "activities", activity["id"])
    qtbot.addWidget(dialog)
    attendance = dialog.open_attendance()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(attendance.all_button, Qt.MouseButton.LeftButton)
    assert attendance.model.present == {}


def _photo(path: Path, colour: str) -> Path:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


def test_photos_by_button_and_drop_are_copied_into_the_data_folder(qtbot, ledger, tmp_path,
                                                                  monkeypatch, no_warnings):
    activity = ledger.activities.add(sample("activities"))
    dialog = open_record_dialog(ledger, "activities", activity["id"])
    qtbot.addWidget(dialog)
    strip = dialog.photos
    first = _photo(tmp_path / "现场1.png", "red")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(first)], ""))
    qtbot.mouseClick(strip.add_button, Qt.MouseButton.LeftButton)
    assert strip.list.count() == 1

    second = _photo(tmp_path / "现场2.png", "blue")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(second))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(strip.list.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(strip.list.viewport(), drop)
    assert strip.list.count() == 2
    rows = ledger.attachments.list(ListQuery(filters={"owner_id": activity["id"]}))
    assert {r["original_name"] for r in rows} == {"现场1.png", "现场2.png"}
    first.unlink()  # the original may go away: the copy stays
    stored = Path(strip.list.item(0).data(Qt.ItemDataRole.UserRole + 1))
    assert stored.exists() and stored.is_relative_to(ledger.path.parent)
    assert not strip.list.item(0).icon().isNull()

    opened = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", lambda url: opened.append(url))
    strip.open_item(strip.list.item(0))
    assert opened and opened[0].toLocalFile() == str(stored)


def test_problem_photos_picked_before_saving_are_stored_after(qtbot, ledger, tmp_path,
                                                             no_warnings):
    from tests.ui.conftest import type_into
    from tests.ui.test_ledger_pages import NEW

    dialog = open_record_dialog(ledger, "problems", None)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog, NEW["problems"])
    dialog.before_photos.add_files([str(_photo(tmp_path / "before.png", "green"))])
    assert dialog.before_photos.pending
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    rows = ledger.attachments.list(ListQuery(filters={"owner_table": "problems"}))
    assert [(r["role"], r["owner_id"]) for r in rows] == [("整改前", dialog.saved_record["id"])]


def test_not_a_photo_is_refused_with_a_message(qtbot, ledger, tmp_path, no_warnings):
    activity = ledger.activities.add(sample("activities"))
    dialog = open_record_dialog(ledger, "activities", activity["id"])
    qtbot.addWidget(dialog)
    fake = tmp_path / "假照片.jpg"
    fake.write_text("not an image")
    dialog.photos.add_files([str(fake)])
    assert dialog.photos.list.count() == 0
    assert no_warnings and "不是图片" in no_warnings[0]


def test_the_sign_in_sheet_prints_from_the_activity_dialog(qtbot, ledger, tmp_path, monkeypatch):
    from docx import Document
    from PySide6.QtWidgets import QInputDialog

    from chuangcheng_desktop.ui import volunteer_service

    team = ledger.teams.add(sample("teams"))
    ledger.volunteers.add(sample("volunteers", team_id=team["id"]))
    dialog = open_record_dialog(ledger, "activities", None)  # not saved yet: values as typed
    qtbot.addWidget(dialog)
    dialog.set_field("title", "重阳敬老")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (team["name"], True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "签到表.docx"), ""))
    monkeypatch.setattr(volunteer_service, "offer_to_open", lambda *a: None)
    qtbot.mouseClick(dialog.sheet_button, Qt.MouseButton.LeftButton)
    document = Document(str(tmp_path / "签到表.docx"))
    assert "活动名称：重阳敬老" in "\n".join(p.text for p in document.paragraphs)
    assert document.tables[0].rows[1].cells[1].text == "李秀英"


def test_the_picker_works_from_the_keyboard(qtbot, ledger):
    first, _second = _people(ledger)
    activity = ledger.activities.add(sample("activities"))
    dialog = open_record_dialog(ledger, "activities", activity["id"])
    qtbot.addWidget(dialog)
    attendance = dialog.open_attendance()
    type_text(qtbot, attendance.search_edit, "李")
    attendance.table.setFocus()
    attendance.table.setCurrentIndex(attendance.model.index(0, 0))
    qtbot.keyClick(attendance.table, Qt.Key.Key_Space)
    assert list(attendance.model.present) == [first["id"]]


def test_a_signed_sheet_is_typed_in_order_name_then_enter(qtbot, ledger):
    first, second = _people(ledger)
    activity = ledger.activities.add(sample("activities"))
    dialog = open_record_dialog(ledger, "activities", activity["id"])
    qtbot.addWidget(dialog)
    attendance = dialog.open_attendance()
    for name in ("王强", "李秀英"):
        type_text(qtbot, attendance.search_edit, name)
        qtbot.keyClick(attendance.search_edit, Qt.Key.Key_Return)
        assert attendance.search_edit.text() == ""
    assert attendance.result() == 0  # Enter did not accept the dialog
    assert list(attendance.model.present) == [second["id"], first["id"]]
    assert attendance.model.data(attendance.model.index(0, 1)) == "1"  # 序号 of 王强


def test_the_sign_in_sheet_photo_is_a_kind_of_its_own(qtbot, ledger, tmp_path, no_warnings):
    from tests.ui.conftest import type_into
    from tests.ui.test_ledger_pages import NEW

    dialog = open_record_dialog(ledger, "activities", None)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog, NEW["activities"])
    qtbot.mouseClick(dialog.sheet_photos_button, Qt.MouseButton.LeftButton)
    dialog.sheet_photos.add_files([str(_photo(tmp_path / "签到表.png", "white"))])
    assert dialog.sheet_count.text() == "签到表照片：1 张"
    dialog.sheet_dialog.close()
    _save(qtbot, dialog)
    rows = ledger.attachments.list(ListQuery(filters={"owner_id": dialog.saved_record["id"]}))
    assert [(r["role"], r["original_name"]) for r in rows] == [("签到表", "签到表.png")]
    assert no_warnings == []
