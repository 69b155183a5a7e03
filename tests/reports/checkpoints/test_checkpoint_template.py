"""The 点位 import template: written by the app, filled in, imported back by the real importer."""

from __future__ import annotations

from openpyxl import load_workbook

from chuangcheng_desktop.cli import main
from chuangcheng_desktop.core.checkpoints import register
from chuangcheng_desktop.reports.checkpoints.import_checkpoints import (
    commit_checkpoints,
    preview_checkpoints,
)
from chuangcheng_desktop.reports.imports.import_columns import HEADERS, match_headers
from chuangcheng_desktop.reports.workbook.templates import template_headers, write_template


def test_headers_are_the_ones_the_importer_recognises():
    headers = template_headers("checkpoints")
    assert headers == [names[0] for _, names in HEADERS["checkpoints"]]  # every field, none made up
    assert sorted(match_headers("checkpoints", headers).values()) == sorted(
        field for field, _ in HEADERS["checkpoints"])


def test_the_written_template_with_a_filled_row_imports_back(ledger, tmp_path):
    register.set_frequency(ledger, "城中村", 14)  # a type of this ledger only
    path = write_template("checkpoints", tmp_path / "点位导入模板.xlsx", db=ledger.db)
    book = load_workbook(path)
    sheet = book.active
    assert [c.value for c in sheet[2]] == template_headers("checkpoints")
    assert sheet.freeze_panes == "A3" and sheet.column_dimensions["A"].width >= 10
    lists = {str(dv.sqref).split(":")[0]: dv.formula1
             for dv in sheet.data_validations.dataValidation}
    assert set(lists) == {"B3", "G3"}  # 点位类型 and 状态, from the first data row down
    assert "农贸市场" in lists["B3"] and "城中村" in lists["B3"]
    assert lists["G3"] == '"在用,停用"'
    sheet.append(["幸福里城中村", "城中村", "幸福路以北", "街道城管科", "陈立", "0591-87654321",
                  "停用", "拆迁中"])
    book.save(path)

    preview = preview_checkpoints(ledger, path)
    assert len(preview.rows) == 2 and len(preview.accepted) == 2, [r.issues for r in preview.rows]
    assert not preview.unknown_headers
    result = commit_checkpoints(ledger, preview)
    assert result.added == 2  # the example row and the filled one
    example = register.checkpoint_by_name(ledger.db, "青松农贸市场")
    filled = register.checkpoint_by_name(ledger.db, "幸福里城中村")
    assert example is not None and example["type"] == "农贸市场"
    assert filled is not None and filled["type"] == "城中村"
    stored = register.get_checkpoint(ledger, filled["id"])
    assert (stored["address"], stored["contact_phone"], stored["active"], stored["note"]) == (
        "幸福路以北", "0591-87654321", 0, "拆迁中")


def test_without_a_ledger_the_default_types_are_listed(tmp_path):
    path = write_template("checkpoints", tmp_path / "t.xlsx")
    lists = [dv.formula1 for dv in load_workbook(path).active.data_validations.dataValidation]
    assert any("新时代文明实践站" in f for f in lists)


def test_cli_writes_the_same_template(data_dir, ledger, tmp_path, capsys):
    register.set_frequency(ledger, "城中村", 14)
    out = tmp_path / "模板.xlsx"
    assert main(["import-template", "点位", "--out", str(out), "--data-dir", str(data_dir)]) == 0
    assert "导入模板已保存" in capsys.readouterr().out
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[2]] == template_headers("checkpoints")
    assert any("城中村" in dv.formula1 for dv in sheet.data_validations.dataValidation)
    for kind in ("志愿者", "activities"):
        assert main(["import-template", kind, "--out", str(tmp_path / f"{kind}.xlsx"),
                     "--data-dir", str(data_dir)]) == 0
    assert load_workbook(tmp_path / "志愿者.xlsx").active["A2"].value == "姓名"
