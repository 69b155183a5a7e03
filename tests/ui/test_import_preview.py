"""Import preview a person can act on: the rows to fix above the table with their reasons
(not doubled), a 合计 row skipped with a note, an error file that carries the row's own
data and can be fixed and imported again, and the ledger list refreshed after import."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from chuangcheng_desktop.reports.imports.importer import commit_import, preview_import
from chuangcheng_desktop.ui import import_dialog
from chuangcheng_desktop.ui.import_dialog import ImportDialog
from chuangcheng_desktop.ui.pages import ledger_specs
from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990


def _roster(path):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "身份证号", "联系电话", "注册日期"])
    sheet.append(["王建国", "男", ID_MALE_1990, "13800001111", "2026-01-10"])
    sheet.append(["错号", "男", "110101199003078514", "13800002222", "2026-01-11"])
    sheet.append(["李秀英", "男", ID_FEMALE_1985, "13800003333", "2026-01-12"])
    sheet.append(["合计", None, None, None, "3人"])
    book.save(path)
    return path


def test_preview_lists_rows_to_fix_and_skips_the_total_row(qtbot, ledger, tmp_path):
    preview = preview_import(ledger, "volunteers", _roster(tmp_path / "花名册.xlsx"))
    assert preview.skipped_totals == [5]
    assert [r.row for r in preview.rows] == [2, 3, 4]
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "第5行是合计/小计行" in dialog.summary.text()
    assert "完整列表见错误文件" not in dialog.summary.text()
    fixes = [dialog.fix_list.item(i).text() for i in range(dialog.fix_list.count())]
    assert len(fixes) == 2 and fixes[0].startswith("第3行：身份证号：")
    assert fixes[1].startswith("第4行：性别：") and "性别：性别" not in fixes[1]
    layout = dialog.layout()
    assert layout.indexOf(dialog.fix_list) < layout.indexOf(dialog.table)  # above the table
    reason = dialog.model.data(dialog.model.index(2, 2))
    assert reason.startswith("性别：") and "性别：性别" not in reason
    assert dialog.model.headerData(2, Qt.Orientation.Horizontal) == "原因及处理办法"
    # the reason column is on screen without scrolling right
    assert dialog.table.columnViewportPosition(2) < dialog.table.viewport().width()


def test_error_file_carries_the_rows_and_imports_again_once_fixed(ledger, tmp_path):
    preview = preview_import(ledger, "volunteers", _roster(tmp_path / "花名册.xlsx"))
    result = commit_import(ledger, preview, skip_invalid=True)
    assert result.added == 1
    book = load_workbook(result.error_file)
    sheet = book.active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header == ["姓名", "性别", "身份证号", "联系电话", "注册日期", "原行号", "问题及处理办法"]
    assert rows[0][:5] == ["错号", "男", "110101199003078514", "13800002222", "2026-01-11"]
    assert rows[1][5] == 4 and rows[1][6].startswith("性别：")
    sheet["C2"] = "110101198512310015"  # the person fixes the two rows in the error file
    sheet["B3"] = "女"
    book.save(result.error_file)
    again = preview_import(ledger, "volunteers", result.error_file)
    assert "原行号" in again.unknown_headers and "问题及处理办法" in again.unknown_headers
    assert not again.rejected
    assert sorted(r.record["name"] for r in again.accepted) == ["李秀英", "错号"]
    assert commit_import(ledger, again).added == 2


def test_ledger_list_refreshes_after_import(qtbot, ledger, tmp_path, monkeypatch, informed):
    path = _roster(tmp_path / "花名册.xlsx")
    page = LedgerPage(ledger, ledger_specs.VOLUNTEERS)
    qtbot.addWidget(page)
    page.show()
    assert page.model.total == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    def accept(dialog):
        dialog.skip_invalid.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(import_dialog.ImportDialog, "exec", accept)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    qtbot.mouseClick(page.io_buttons["import"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(informed), timeout=20000)
    assert "已导入1条" in informed[-1]
    assert page.model.total == 1 and page.count_label.text() == "共 1 条"
