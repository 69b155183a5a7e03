"""The ledger pages' Excel/print functions, with blocking dialogs patched."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.reports import files
from chuangcheng_desktop.reports.imports.importer import preview_import
from chuangcheng_desktop.ui import ledger_io
from chuangcheng_desktop.ui.import_dialog import REJECTED_COLOR, ImportDialog
from chuangcheng_desktop.ui.widgets import export_done
from tests.conftest import ID_MALE_1990, sample


def _patch_dialogs(monkeypatch, path, shown):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(export_done, "choose", lambda parent, title, text: shown.append(text) or "")


def test_export_all_runs_in_the_background_with_progress(qtbot, ledger, tmp_path, monkeypatch):
    ledger.activities.add(sample("activities"))
    parent = QWidget()
    qtbot.addWidget(parent)
    shown, out = [], tmp_path / "迎检台账.xlsx"
    _patch_dialogs(monkeypatch, out, shown)
    check = ledger_io.export_all(parent, ledger, Period.year_of(2026))
    qtbot.waitUntil(lambda: check.export_task is not None, timeout=20_000)
    task = check.export_task
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: bool(shown))
    assert str(out) in shown[0]
    assert load_workbook(out).sheetnames[0] == "活动台账"


def test_export_all_asks_when_data_needs_checking(qtbot, ledger, tmp_path, monkeypatch):
    ledger.activities.add(sample("activities", title="明年的活动", date="2027-01-05"))
    parent = QWidget()
    qtbot.addWidget(parent)
    asked, out = [], tmp_path / "迎检台账.xlsx"
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    check = ledger_io.export_all(parent, ledger, Period.year_of(2026), today=date(2026, 11, 30))
    with qtbot.waitSignal(check.finished, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: bool(asked))
    assert asked[0].startswith("发现1处需要核对，仍然导出？")
    assert "明年的活动" in asked[0]
    assert check.export_task is None and not out.exists()  # 否: nothing exported


def test_busy_file_offers_retry_or_save_as(qtbot, ledger, tmp_path, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    shown, out = [], tmp_path / "台账.xlsx"
    out.write_bytes(b"old")
    _patch_dialogs(monkeypatch, out, shown)
    monkeypatch.setattr(files.os, "replace",
                        lambda *a: (_ for _ in ()).throw(PermissionError(13, "busy")))
    asked = []

    def fake_exec(box):
        asked.append([b.text() for b in box.buttons()])
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    task = ledger_io.export_ledger(parent, ledger, "problems", None)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: bool(asked))
    assert "重试" in asked[0] and "另存为…" in asked[0]
    assert out.read_bytes() == b"old"


def test_print_preview_and_pdf(qtbot, ledger, tmp_path):
    ledger.update_profile({"unit_name": "青松社区", "preparer": "陈建峰"})
    for number in range(60):
        ledger.problems.add(sample("problems", checkpoint=f"点位{number}"))
    dialog = ledger_io.print_ledger(None, ledger, "problems", None, exec_dialog=False)
    qtbot.addWidget(dialog)
    assert dialog.printable.title == "青松社区督查问题整改台账（全部期间）"
    pdf = tmp_path / "a.pdf"
    pages = ledger_io.save_pdf(dialog.printable, pdf)
    assert pages >= 2 and pdf.read_bytes().startswith(b"%PDF")


def test_import_dialog_highlights_rejected_rows_and_needs_skip(qtbot, ledger, tmp_path):
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "注册日期"])
    wb.active.append(["王建国", ID_MALE_1990, "2026-01-10"])
    wb.active.append(["错号", "110101199003078514", "2026-01-10"])
    wb.save(tmp_path / "a.xlsx")
    preview = preview_import(ledger, "volunteers", tmp_path / "a.xlsx")
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 2
    assert model.data(model.index(1, 1)) == "有错误"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) == REJECTED_COLOR
    assert "校验码" in model.data(model.index(1, 2))  # the reason, next to the outcome
    assert not dialog.confirm.isEnabled()
    dialog.skip_invalid.setChecked(True)
    assert dialog.confirm.isEnabled()


def test_save_import_template(qtbot, tmp_path, monkeypatch):
    shown = []
    _patch_dialogs(monkeypatch, tmp_path / "模板.xlsx", shown)
    written = ledger_io.save_import_template(None, "volunteers")
    assert written.exists() and shown


def test_checkpoints_page_offers_its_import_template(qtbot, ledger, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from chuangcheng_desktop.core.checkpoints import register
    from chuangcheng_desktop.ui.pages.checkpoints import CheckpointsPage

    register.set_frequency(ledger, "城中村", 14)
    shown = []
    _patch_dialogs(monkeypatch, tmp_path / "点位模板.xlsx", shown)
    page = CheckpointsPage(ledger)
    qtbot.addWidget(page)
    assert page.buttons["template"].text() == "下载导入模板"
    page.buttons["template"].click()
    sheet = load_workbook(tmp_path / "点位模板.xlsx").active
    assert sheet["A2"].value == "点位名称" and shown
    assert any("城中村" in dv.formula1 for dv in sheet.data_validations.dataValidation)


def test_print_uses_the_workbooks_columns_widths_and_page_breaks(qtbot, ledger, tmp_path):
    from chuangcheng_desktop.reports.workbook import sheet_layout
    from chuangcheng_desktop.reports.workbook.ledger_export import export_problems

    ledger.update_profile({"unit_name": "青松社区"})
    for number in range(70):
        ledger.problems.add(sample("problems", checkpoint=f"点位{number}",
                                   description="垃圾桶满溢，周边有散落垃圾。" * (1 + number % 3)))
    dialog = ledger_io.print_ledger(None, ledger, "problems", None, exec_dialog=False)
    qtbot.addWidget(dialog)
    printable = dialog.printable
    out = export_problems(ledger, None, tmp_path / "问题.xlsx")
    ws = load_workbook(out).active
    assert printable.headers == [c.value for c in ws[3] if c.value]
    stored = {}
    for dimension in ws.column_dimensions.values():
        for index in range(dimension.min, dimension.max + 1):
            stored[index] = dimension.width
    widths = [sheet_layout.column_points((stored[i] * 7 - 5) / 7)
              for i in range(1, len(printable.headers) + 1)]
    assert printable.widths == pytest.approx(widths)
    assert printable.font_size == 10
    breaks = [b.id for b in ws.row_breaks.brk]  # last sheet row of each page
    assert [end for _, end in printable.pages[:-1]] == [b - 3 for b in breaks]
    assert printable.heights == [ws.row_dimensions[r].height for r in range(4, 74)]
    pages = ledger_io.save_pdf(printable, tmp_path / "a.pdf")
    assert pages == len(breaks) + 1 == len(printable.pages)
