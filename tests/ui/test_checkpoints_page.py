"""点位 page, run dialog (keyboard), checklist editor, 宣传阵地 dialog and the 首页 panel."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from chuangcheng_desktop.core.checkpoints import publicity, register, runs, templates
from chuangcheng_desktop.core.checkpoints.history import list_runs
from chuangcheng_desktop.ui.dialogs.checklist_editor import COL_RETIRED, ChecklistEditorDialog
from chuangcheng_desktop.ui.dialogs.checkpoint_edit import CheckpointDialog
from chuangcheng_desktop.ui.dialogs.checkpoint_record import RunRecordDialog
from chuangcheng_desktop.ui.dialogs.checkpoint_run import COL_NOTE, RunDialog
from chuangcheng_desktop.ui.pages.checkpoints import CheckpointsPage
from chuangcheng_desktop.ui.widgets.checkpoint_panel import CheckpointPanel

TODAY = date(2026, 5, 20)


@pytest.fixture
def market(ledger):
    return register.add_checkpoint(ledger, {"name": "青松农贸市场", "type": "农贸市场",
                                            "sponsor_unit": "区市场监管局"})


def test_run_dialog_is_driven_from_the_keyboard(qtbot, ledger, market, infos, no_warnings):
    dialog = RunDialog(ledger, [market["id"]], today=TODAY)
    qtbot.addWidget(dialog)
    table = dialog.current_table()
    total = table.rowCount()
    qtbot.keyClick(table, Qt.Key.Key_2)          # row 1 不合格
    qtbot.keyClick(table, Qt.Key.Key_3)          # row 2 不适用
    qtbot.keyClick(table, Qt.Key.Key_2)          # row 3 不合格 …
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Space)      # … but no problem for it
    assert table.currentRow() == 2 and not table.draft.results[2].make_problem
    table.setCurrentCell(0, COL_NOTE)
    table.item(0, COL_NOTE).setText("东侧通道有散落菜叶")
    dialog.all_pass_button.click()
    assert f"已判定 {total}/{total} 项" in dialog.progress_label.text()
    qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted and not no_warnings
    [saved] = dialog.saved
    assert len(saved.problem_ids) == 1 and "生成整改问题 1 个" in infos[0]
    problem = ledger.problems.get(saved.problem_ids[0])
    assert "东侧通道有散落菜叶" in problem["description"] and problem["found_on"] == "2026-05-20"


def test_run_dialog_refuses_unmarked_items_and_keeps_the_marks(qtbot, ledger, market, no_warnings):
    dialog = RunDialog(ledger, [market["id"]], today=TODAY)
    qtbot.addWidget(dialog)
    table = dialog.current_table()
    qtbot.keyClick(table, Qt.Key.Key_1)
    dialog.save()
    assert no_warnings and "还没有判定" in no_warnings[0]
    assert table.currentRow() == 1 and table.draft.results[0].outcome == runs.PASS
    assert list_runs(ledger.db, market["id"]) == []


def test_page_lists_register_and_shows_a_checkpoint_in_full(qtbot, ledger, market):
    tpl = templates.current_template(ledger, "农贸市场")
    for day, outcome in (("2026-04-01", runs.PASS), ("2026-05-01", runs.FAIL)):
        draft = runs.new_draft(ledger, market["id"], tpl, run_date=date.fromisoformat(day))
        for result in draft.results:
            result.outcome = outcome
        runs.save_run(ledger, draft)
    page = CheckpointsPage(ledger, today=TODAY)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 1 and page.table.item(0, 5).text() == "0%"
    page.select(market["id"])
    detail = page.detail
    assert detail.runs_table.rowCount() == 2
    assert detail.problems_table.rowCount() == len(tpl.active_items)
    assert len(detail.chart.points) == 2
    page.search_edit.setText("没有这个点位")
    assert page.table.rowCount() == 0


def test_checkpoint_dialog_shows_the_error_beside_the_field(qtbot, ledger, market):
    dialog = CheckpointDialog(ledger)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("青松农贸市场")
    dialog.edits["contact_phone"].setText("123")
    dialog.save()
    assert dialog.saved is None and not dialog.errors["contact_phone"].isHidden()
    dialog.edits["contact_phone"].setText("13912345678")
    dialog.save()
    assert "已有" in dialog.errors["name"].text()
    dialog.edits["name"].setText("幸福里菜场")
    dialog.save()
    assert dialog.saved["name"] == "幸福里菜场" and dialog.edits["name"].text() == "幸福里菜场"


def test_checklist_editor_retires_an_item_into_a_new_version(qtbot, ledger, infos):
    dialog = ChecklistEditorDialog(ledger, "公共厕所")
    qtbot.addWidget(dialog)
    first = dialog.template
    dialog.table.item(0, COL_RETIRED).setCheckState(Qt.CheckState.Checked)
    dialog.frequency_spin.setValue(3)
    assert dialog.save()
    current = templates.current_template(ledger, "公共厕所")
    assert current.version == first.version + 1 and current.items[0].retired
    assert {t.name: t.frequency_days for t in register.checkpoint_types(ledger.db)}["公共厕所"] == 3


def test_run_record_dialog_shows_the_version_used(qtbot, ledger, market):
    tpl = templates.current_template(ledger, "农贸市场")
    draft = runs.new_draft(ledger, market["id"], tpl, run_date=TODAY)
    for result in draft.results:
        result.outcome = runs.PASS
    saved = runs.save_run(ledger, draft)
    templates.retire_item(ledger, "农贸市场", tpl.items[0].item_key)
    dialog = RunRecordDialog(ledger, saved.run_id)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == len(tpl.items) and "100%" in dialog.head.text()


def test_home_panel_lists_due_lowest_and_stale_boards(qtbot, ledger, market):
    publicity.add_site(ledger, {"checkpoint_id": market["id"], "kind": "宣传栏",
                                "placed_on": "2026-01-02", "description": "东门"})
    panel = CheckpointPanel(ledger, today=TODAY)
    qtbot.addWidget(panel)
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert panel.due_label.text() == "该测评的点位：1个"
    assert any("青松农贸市场" in t and "从未测评" in t for t in texts)
    assert any("本季度未更新的宣传栏：1块" in t for t in texts)
    with qtbot.waitSignal(panel.open_checkpoint) as opened:
        panel.list.itemDoubleClicked.emit(panel.list.item(0))
    assert opened.args == [market["id"]]


def test_problem_dialog_suggests_registered_checkpoints(qtbot, ledger, market):
    from chuangcheng_desktop.ui.dialogs.problem import ProblemDialog
    from chuangcheng_desktop.ui.forms import child

    dialog = ProblemDialog(ledger)
    qtbot.addWidget(dialog)
    completer = child(dialog.ui, QLineEdit, "checkpoint").completer()
    completer.setCompletionPrefix("农贸")
    assert completer.currentCompletion() == "青松农贸市场"


def test_review_page_ranks_checkpoints_by_achievement_rate(qtbot, ledger, market):
    from chuangcheng_desktop.ui.pages.review import ReviewPage

    tpl = templates.current_template(ledger, "农贸市场")
    draft = runs.new_draft(ledger, market["id"], tpl, run_date=TODAY)
    for result in draft.results:
        result.outcome = runs.FAIL
    runs.save_run(ledger, draft)
    page = ReviewPage(ledger, today=TODAY)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.checkpoint_ranking.table.rowCount() == 1)
    table = page.checkpoint_ranking.table
    assert table.item(0, 1).text() == "青松农贸市场" and table.item(0, 4).text() == "0%"


def test_import_from_the_page_previews_then_saves(qtbot, ledger, tmp_path, monkeypatch, infos):
    from openpyxl import Workbook

    from chuangcheng_desktop.ui import checkpoint_io
    from chuangcheng_desktop.ui.import_dialog import ImportDialog

    book = Workbook()
    book.active.append(["点位名称", "点位类型", "包保单位"])
    book.active.append(["青松巷", "背街小巷", "街道城管科"])
    book.save(tmp_path / "点位.xlsx")
    shown = []

    def accept(dialog):
        shown.append(dialog.summary.text())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", accept)
    page = CheckpointsPage(ledger, today=TODAY)
    qtbot.addWidget(page)
    checkpoint_io.import_checkpoints(page, ledger, path=str(tmp_path / "点位.xlsx"),
                                     on_done=page.refresh)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10000)
    assert "点位登记簿" in shown[0] and page.table.item(0, 2).text() == "街道城管科"


def test_photos_added_to_a_checkpoint_show_on_its_page(qtbot, ledger, data_dir, market, tmp_path,
                                                       no_warnings):
    from PIL import Image

    from chuangcheng_desktop.core.checkpoints.photos import remove_checkpoint_photo

    photo = tmp_path / "东门.jpg"
    Image.new("RGB", (320, 240), "green").save(photo)
    page = CheckpointsPage(ledger, today=TODAY)
    qtbot.addWidget(page)
    page.select(market["id"])
    page.detail.add_photos([str(photo), str(tmp_path / "不存在.jpg")])
    assert page.detail.photos_list.count() == 1 and len(no_warnings) == 1
    assert "照片（1张）" in page.detail.photos_box.title()
    remove_checkpoint_photo(ledger, page.detail.detail.photos[0]["id"])
    page.select(market["id"])
    assert page.detail.photos_list.count() == 0


def test_page_saves_blank_checklists_and_run_records(qtbot, ledger, market, tmp_path, infos):
    from chuangcheng_desktop.ui import checkpoint_io

    tpl = templates.current_template(ledger, "农贸市场")
    draft = runs.new_draft(ledger, market["id"], tpl, run_date=TODAY)
    for result in draft.results:
        result.outcome = runs.PASS
    saved = runs.save_run(ledger, draft)
    page = CheckpointsPage(ledger, today=TODAY)
    qtbot.addWidget(page)
    checkpoint_io.save_blank_checklists(page, ledger, [market["id"]], path=tmp_path / "a.docx")
    checkpoint_io.save_run_record(page, ledger, saved.run_id, path=tmp_path / "b.docx")
    qtbot.waitUntil(lambda: len(infos) == 2, timeout=15000)
    assert (tmp_path / "a.docx").exists() and (tmp_path / "b.docx").exists()


def test_a_checkpoint_on_home_opens_on_the_checkpoint_page(qtbot, ledger, market, settings):
    from chuangcheng_desktop.ui.main_window import MainWindow

    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    home = window.show_page("home")
    home.checkpoint_panel.open_checkpoint.emit(market["id"])
    inspections = window.pages["inspections"]
    assert window.current_key() == "inspections"
    assert inspections.tabs.currentWidget() is inspections.checkpoints
    assert inspections.checkpoints.selected_ids() == [market["id"]]
