"""Ledger pages driven through the real widgets: create, edit, delete, restore, filter, search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.ui.pages import ledger_specs
from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage
from chuangcheng_desktop.ui.pages.recycle_bin import RecycleBinPage
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample
from tests.ui.conftest import type_into, type_text

# What a user types for a new record, and one field changed when editing it.
NEW = {
    "activities": {"title": "文明交通劝导", "category": "志愿服务", "date": "2026-03-05",
                   "start_time": "8:30", "end_time": "11:30", "place": "青松路口",
                   "participant_count": "20", "measures": "发放宣传资料 200份"},
    "volunteers": {"name": "李秀英", "id_number": ID_FEMALE_1985, "phone": "13812345678",
                   "political_status": "中共党员", "registered_on": "2026年1月10日"},
    "teams": {"name": "青松环保志愿服务队", "category": "环境保护", "leader": "王建国"},
    "inspections": {"date": "2026-04-02", "source": "上级巡查", "inspector": "区创城办",
                    "area": "辖区主次干道"},
    "problems": {"source": "暗访", "found_on": "2026-04-02", "checkpoint": "农贸市场北门",
                 "category": "环境卫生", "description": "垃圾桶满溢",
                 "deadline": "2026-04-05"},
}
EDIT = {
    "activities": ("place", "青松广场"),
    "volunteers": ("phone", "13900001111"),
    "teams": ("leader", "张强"),
    "inspections": ("area", "农贸市场"),
    "problems": ("responsible_person", "赵强"),
}
SPECS = {spec.table: spec for spec in (ledger_specs.ACTIVITIES, ledger_specs.VOLUNTEERS,
                                       ledger_specs.TEAMS, ledger_specs.INSPECTIONS,
                                       ledger_specs.PROBLEMS)}


def make_page(qtbot, ledger, table):
    page = LedgerPage(ledger, SPECS[table])
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


@pytest.mark.parametrize("table", list(NEW))
def test_create_edit_delete_restore_through_widgets(qtbot, ledger, table, answer_yes,
                                                    no_warnings, informed):
    page = make_page(qtbot, ledger, table)
    assert page.model.total == 0

    # create: 新增 button, type, Enter saves
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QDialog)
    assert dialog is not None and dialog.isVisible()
    type_into(qtbot, dialog, NEW[table])
    assert dialog.save_button.isEnabled(), dialog.summary_label.text()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert page.model.total == 1
    assert page.count_label.text() == "共 1 条"
    row_id = page.model.row(0)["id"]

    # edit: select the row, Enter opens the form, change one field, save
    assert page.select_id(row_id)
    page.table.setFocus()
    dialog = page.edit_selected()
    field, value = EDIT[table]
    type_into(qtbot, dialog, {field: value})
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ledger.repository(table).get(row_id)[field] == value

    # delete (confirmed) moves to the recycle bin
    page.select_id(row_id)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert answer_yes and "回收站" in answer_yes[-1]
    assert page.model.total == 0
    assert ledger.repository(table).count(ListQuery(in_recycle_bin=True)) == 1

    # restore from 回收站
    bin_page = RecycleBinPage(ledger)
    qtbot.addWidget(bin_page)
    bin_page.select_kind(table)
    assert bin_page.model.total == 1
    bin_page.table.selectRow(0)
    qtbot.mouseClick(bin_page.restore_button, Qt.MouseButton.LeftButton)
    assert bin_page.model.total == 0
    page.refresh()
    assert page.model.total == 1
    assert no_warnings == []


def test_delete_key_asks_and_can_be_declined(qtbot, ledger, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    ledger.teams.add(sample("teams"))
    page = make_page(qtbot, ledger, "teams")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.total == 1


def test_invalid_input_blocks_save_and_shows_core_message(qtbot, ledger):
    page = make_page(qtbot, ledger, "volunteers")
    dialog = page.new_record()
    type_into(qtbot, dialog, {**NEW["volunteers"], "id_number": ID_FEMALE_1985[:-1] + "1"})
    assert not dialog.save_button.isEnabled()
    message = dialog.error_text("id_number")
    assert message.startswith("身份证号：") and "校验码" in message
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and ledger.volunteers.count() == 0
    # the gender contradicting the ID number is a core cross-field rule
    type_into(qtbot, dialog, {"id_number": ID_FEMALE_1985, "gender": "男"})
    assert "性别" in dialog.error_text("gender")
    assert not dialog.save_button.isEnabled()
    type_into(qtbot, dialog, {"gender": "女"})
    assert dialog.save_button.isEnabled()
    assert dialog.error_text("id_number") == ""


def test_problem_deadline_before_found_date_is_refused(qtbot, ledger):
    page = make_page(qtbot, ledger, "problems")
    dialog = page.new_record()
    type_into(qtbot, dialog, {**NEW["problems"], "deadline": "2026-03-01"})
    assert "整改期限" in dialog.error_text("deadline")
    assert not dialog.save_button.isEnabled()


def test_duplicate_id_number_message_from_repository(qtbot, ledger, no_warnings):
    ledger.volunteers.add(sample("volunteers"))
    page = make_page(qtbot, ledger, "volunteers")
    dialog = page.new_record()
    type_into(qtbot, dialog, {**NEW["volunteers"], "name": "另一人"})
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "已有此身份证号" in dialog.error_text("id_number")
    assert ledger.volunteers.count() == 1


def test_escape_asks_before_discarding_typing(qtbot, ledger, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    page = make_page(qtbot, ledger, "teams")
    dialog = page.new_record()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(1) or QMessageBox.StandardButton.No)
    type_text(qtbot, dialog.inputs["name"], "新队伍")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert ledger.teams.count() == 0
    # an untouched form closes without a question
    dialog = page.new_record()
    asked.clear()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not asked


def test_filter_and_search_narrow_the_table(qtbot, ledger):
    ledger.activities.add(sample("activities"))
    ledger.activities.add(sample("activities", title="中秋诗会", category="我们的节日",
                                 festival="中秋", date="2026-09-25", place="社区广场"))
    ledger.activities.add(sample("activities", title="清理小广告", category="环境整治",
                                 date="2026-10-08", place="青松苑"))
    page = make_page(qtbot, ledger, "activities")
    assert page.model.total == 3

    combo = page.filter_combos["category"]
    combo.setCurrentIndex(combo.findData("我们的节日"))
    assert page.model.total == 1 and page.model.row(0)["title"] == "中秋诗会"
    combo.setCurrentIndex(0)
    assert page.model.total == 3

    type_text(qtbot, page.search_edit, "广")  # 社区广场, 小广告
    qtbot.waitUntil(lambda: page.model.total == 2, timeout=2000)
    assert page.count_label.text() == "共 2 条"
    type_text(qtbot, page.search_edit, " 清理")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=2000)
    assert page.model.row(0)["title"] == "清理小广告"

    page.search_edit.clear()
    page.apply_filters()
    page.period_picker.combo.setCurrentIndex(page.period_picker.combo.findText("自定义…"))
    page.period_picker.start_edit.setDate(page.period_picker.start_edit.date().fromString(
        "2026-09-01", "yyyy-MM-dd"))
    page.period_picker.end_edit.setDate(page.period_picker.end_edit.date().fromString(
        "2026-09-30", "yyyy-MM-dd"))
    assert page.model.total == 1


def test_sorting_is_a_new_core_query(qtbot, ledger):
    for title, day in (("乙", "2026-03-01"), ("甲", "2026-05-01"), ("丙", "2026-04-01")):
        ledger.activities.add(sample("activities", title=title, date=day))
    page = make_page(qtbot, ledger, "activities")
    assert [page.model.row(r)["date"] for r in range(3)] == [
        "2026-05-01", "2026-04-01", "2026-03-01"]
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert page.model.query.order_by == "date"
    assert [page.model.row(r)["date"] for r in range(3)] == [
        "2026-03-01", "2026-04-01", "2026-05-01"]


def test_lazy_paging_fetches_more_on_demand(qtbot, ledger):
    ledger.teams.add_many([sample("teams", name=f"队伍{n:04d}") for n in range(450)])
    page = make_page(qtbot, ledger, "teams")
    # a full first page: the count arrives from a worker thread
    qtbot.waitUntil(lambda: page.model.total == 450, timeout=5000)
    assert page.count_label.text() == "共 450 条"
    assert page.model.rowCount() == 200
    assert page.model.canFetchMore()
    page.model.fetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == 450 and not page.model.canFetchMore()
    # scrolling before the count is known still fetches, and the end fixes the total
    type_text(qtbot, page.search_edit, "队伍")
    page.apply_filters()
    while page.model.canFetchMore():
        page.model.fetchMore()
    assert page.model.rowCount() == 450 and page.model.total == 450


def test_id_numbers_masked_in_table_but_full_in_own_form(qtbot, ledger):
    ledger.volunteers.add(sample("volunteers", id_number=ID_MALE_1990, name="王强"))
    page = make_page(qtbot, ledger, "volunteers")
    column = [c.header for c in page.model.columns].index("身份证号")
    shown = page.model.index(0, column).data()
    assert shown == "110101********8515"
    page.table.selectRow(0)
    dialog = page.edit_selected()
    assert dialog.inputs["id_number"].text() == ID_MALE_1990


def test_excel_buttons_call_the_io_functions_lazily(qtbot, ledger, monkeypatch):
    import types

    from chuangcheng_desktop.ui.pages import ledger_page

    calls = []
    fake = types.ModuleType("fake_io")
    fake.export_ledger = lambda parent, led, sheet, query: calls.append(("export", sheet, query))
    fake.import_records = lambda parent, led, kind: calls.append(("import", kind))
    monkeypatch.setitem(__import__("sys").modules, "fake_io", fake)
    monkeypatch.setattr(ledger_page, "IO_MODULES", ("fake_io",))
    monkeypatch.setattr(ledger_page.find_io_function, "__defaults__", (("fake_io",),))
    page = make_page(qtbot, ledger, "problems")
    assert set(page.io_buttons) == {"export", "import"}  # print / template missing: hidden
    page.overdue_check.setChecked(True)
    qtbot.mouseClick(page.io_buttons["export"], Qt.MouseButton.LeftButton)
    assert calls[0][:2] == ("export", "problems") and calls[0][2].overdue_on is not None
    qtbot.mouseClick(page.io_buttons["import"], Qt.MouseButton.LeftButton)
    assert calls[1] == ("import", "problems")
    # teams and inspections have no Excel sheet of their own
    assert make_page(qtbot, ledger, "teams").io_buttons == {}


def test_recycle_bin_view_is_read_only(qtbot, ledger):
    activity = ledger.activities.add(sample("activities"))
    ledger.activities.soft_delete(activity["id"])
    bin_page = RecycleBinPage(ledger)
    qtbot.addWidget(bin_page)
    bin_page.table.selectRow(0)
    qtbot.mouseClick(bin_page.view_button, Qt.MouseButton.LeftButton)
    dialog = bin_page.findChild(QDialog)
    assert dialog.read_only and not dialog.save_button.isVisible()
    assert dialog.inputs["title"].isReadOnly()
    assert dialog.inputs["title"].text() == "文明交通劝导"


def test_new_team_name_reaches_volunteer_filter_and_column(qtbot, ledger, no_warnings):
    from chuangcheng_desktop.ui.pages.ledgers import VolunteersPage

    volunteer = ledger.volunteers.add(sample("volunteers"))
    page = VolunteersPage(ledger)
    qtbot.addWidget(page)
    teams = page.show_table("teams")
    dialog = teams.new_record()
    type_into(qtbot, dialog, NEW["teams"])
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    roll = page.pages["volunteers"]
    combo = roll.filter_combos["team_id"]
    assert combo.findText("青松环保志愿服务队") > 0
    ledger.volunteers.update(volunteer["id"], {"team_id": dialog.saved_record["id"]})
    roll.refresh()
    column = [c.header for c in roll.model.columns].index("所属服务队")
    assert roll.model.index(0, column).data() == "青松环保志愿服务队"
