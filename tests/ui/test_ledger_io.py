"""The ledger pages' Excel/print functions, with blocking dialogs patched."""

from __future__ import annotations

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
    task = ledger_io.export_all(parent, ledger, Period.year_of(2026))
    steps = []
    task.progress.connect(lambda p, s: steps.append(p))
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: bool(shown))
    assert str(out) in shown[0]
    assert load_workbook(out).sheetnames[0] == "活动台账"


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
