"""修改 / 作废 a saved 测评 from the run record (opened from the 点位 page's run history)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from chuangcheng_desktop.core.checkpoints import register, runs, templates
from chuangcheng_desktop.core.checkpoints.figures import checkpoint_figures
from chuangcheng_desktop.core.checkpoints.history import list_runs, run_detail
from chuangcheng_desktop.core.checkpoints.runs import FAIL, NOT_APPLICABLE, PASS, ResultDraft, RunDraft
from chuangcheng_desktop.core.checkpoints.templates import ItemDraft
from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.ui.dialogs.checkpoint_record import RunRecordDialog
from chuangcheng_desktop.ui.dialogs.checkpoint_run import COL_NOTE, COL_PHOTOS, COL_PROBLEM, RunDialog
from chuangcheng_desktop.ui.widgets.photo_strip import attachments_dir_of


@pytest.fixture
def saved_run(ledger, tmp_path):
    market = register.add_checkpoint(ledger, {"name": "青松农贸市场", "type": "农贸市场"})
    tpl = templates.save_version(ledger, "农贸市场", [
        ItemDraft("环境卫生", "地面干净", 3), ItemDraft("公共秩序", "不占道经营", 2),
        ItemDraft("公益广告与宣传", "公益广告完好", 1)])
    photo = tmp_path / "占道.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"p" * 64)
    a, b, c = tpl.items
    saved = runs.save_run(ledger, RunDraft(market["id"], tpl.id, "2026-04-10", [
        ResultDraft(a.id, PASS), ResultDraft(b.id, FAIL, note="占道", photos=[photo]),
        ResultDraft(c.id, NOT_APPLICABLE, note="无广告位")], inspector="王芳", source="自查"),
        attachments_dir_of(ledger))
    return saved


def test_the_dialog_opens_prefilled_and_saves_a_correction(qtbot, ledger, saved_run, infos,
                                                           no_warnings):
    dialog = RunDialog(ledger, [], run_id=saved_run.run_id)
    qtbot.addWidget(dialog)
    table = dialog.current_table()
    assert "修改测评" in dialog.windowTitle() and "2026年4月10日" in dialog.windowTitle()
    assert dialog.date_edit.date() == QDate(2026, 4, 10)
    assert dialog.inspector_edit.text() == "王芳" and dialog.source_combo.currentText() == "自查"
    assert [r.outcome for r in table.draft.results] == [PASS, FAIL, NOT_APPLICABLE]
    assert table.item(1, COL_NOTE).text() == "占道" and table.item(2, COL_NOTE).text() == "无广告位"
    assert table.item(1, COL_PHOTOS).text() == "1张" and table.item(1, COL_PROBLEM).text() == "已生成"
    assert "修改" in dialog.save_button.text()
    assert "将生成问题 0 个" in dialog.progress_label.text()  # item 2's problem already exists
    table.setCurrentCell(1, 0)
    qtbot.keyClick(table, Qt.Key.Key_1)                    # item 2: 不合格 → 合格
    table.item(1, COL_NOTE).setText("核实后未占道")
    dialog.inspector_edit.setText("李强")
    qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted and not no_warnings
    assert "达标率 100%" in infos[0] and "回收站" in infos[0]
    detail = run_detail(ledger.db, saved_run.run_id)
    assert detail.summary.rate == 1 and detail.summary.inspector == "李强"
    assert [(r.outcome, r.note) for r in detail.results][1] == (PASS, "核实后未占道")
    assert len(detail.photos) == 1  # the saved photo stays
    audit = list_audit(ledger.db, table="inspection_runs", row_id=saved_run.run_id)[0]
    assert audit["new"]["inspector"] == "李强" and audit["old"]["inspector"] == "王芳"


def test_bad_input_is_named_and_the_marks_stay(qtbot, ledger, saved_run, no_warnings):
    dialog = RunDialog(ledger, [], run_id=saved_run.run_id)
    qtbot.addWidget(dialog)
    table = dialog.current_table()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_2)
    dialog.inspector_edit.setText("长" * 51)
    dialog.save()
    assert no_warnings and no_warnings[0].startswith("测评人：")
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert table.draft.results[0].outcome == FAIL  # what the user did is kept
    assert run_detail(ledger.db, saved_run.run_id).results[0].outcome == PASS  # nothing written
    assert run_detail(ledger.db, saved_run.run_id).summary.inspector == "王芳"


def test_cancelling_an_edited_correction_asks_first(qtbot, ledger, saved_run, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2])
                        or QMessageBox.StandardButton.No)
    dialog = RunDialog(ledger, [], run_id=saved_run.run_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()                       # nothing changed: closes without asking
    assert asked == [] and not dialog.isVisible()
    dialog = RunDialog(ledger, [], run_id=saved_run.run_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.inspector_edit.setText("李强")
    dialog.reject()                       # answered 否: the dialog stays open with the edit
    assert asked and "放弃修改" in asked[0] and dialog.isVisible()
    assert dialog.inspector_edit.text() == "李强"
    # answered 是: the edit is dropped and the dialog closes (left open, the teardown's
    # close would ask an unanswered question and spoil the next test's dialogs)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.reject()
    assert not dialog.isVisible()


def test_the_run_record_opens_the_correction_and_voids_with_a_reason(qtbot, ledger, saved_run,
                                                                      infos, no_warnings,
                                                                      monkeypatch):
    def drive(dialog):
        dialog.current_table().mark(1, PASS)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(RunDialog, "exec", drive)
    record = RunRecordDialog(ledger, saved_run.run_id)
    qtbot.addWidget(record)
    record.fix_button.click()
    assert record.changed and run_detail(ledger.db, saved_run.run_id).summary.rate == 1

    answers = iter([("  ", True), ("点位选错了", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    record = RunRecordDialog(ledger, saved_run.run_id)
    qtbot.addWidget(record)
    record.void_button.click()
    assert no_warnings and "作废原因" in no_warnings[0] and not record.changed
    assert len(list_runs(ledger.db, record.checkpoint_id)) == 1
    record.void_button.click()
    assert record.changed and list_runs(ledger.db, record.checkpoint_id) == []
    assert checkpoint_figures(ledger.db, "2026-04-01", "2026-06-30").runs == 0
    assert "已作废" in infos[-1]


def test_a_voided_run_is_restored_from_the_recycle_bin_page(qtbot, ledger, saved_run, infos,
                                                            no_warnings):
    from chuangcheng_desktop.core.checkpoints.corrections import void_run
    from chuangcheng_desktop.ui.pages.recycle_bin import RecycleBinPage

    void_run(ledger, saved_run.run_id, "重复录入")
    page = RecycleBinPage(ledger)
    qtbot.addWidget(page)
    model = page.table.model()
    rows = [r for r in range(model.rowCount()) if model.index(r, 1).data() == "实地测评"]
    assert len(rows) == 1 and model.index(rows[0], 3).data() == "青松农贸市场"
    page.table.selectRow(rows[0])
    assert page.restore_selected() == 1 and not no_warnings
    assert "实地测评 2026年4月10日 青松农贸市场" in infos[0]
    assert checkpoint_figures(ledger.db, "2026-04-01", "2026-06-30").runs == 1
