"""import-checkpoints: preview, row report, all-or-nothing, --skip-invalid, duplicates."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from chuangcheng_desktop.cli import main
from chuangcheng_desktop.core.checkpoints import register
from chuangcheng_desktop.reports.checkpoints.import_checkpoints import (
    commit_checkpoints,
    preview_checkpoints,
)
from chuangcheng_desktop.reports.imports.importer import ImportRejectedError

HEADER = ["序号", "点位名称", "点位类型", "地址", "包保单位", "负责人", "电话"]
GOOD = [
    [1, "青松农贸市场", "农贸市场", "青松路18号", "区市场监管局", "周敏", "13912345678"],
    [2, "青松巷", "背街小巷", "青松路至柏树街", "街道城管科", "陈立", "0591-87654321"],
]
BAD_TYPE = [3, "幸福里菜场", "菜场", "幸福路", "", "", ""]


def _write(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["青松社区创城点位登记簿"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_bad_row_rejects_the_whole_file_by_default(ledger, tmp_path):
    source = _write(tmp_path / "点位.xlsx", [*GOOD, BAD_TYPE])
    preview = preview_checkpoints(ledger, source)
    assert len(preview.accepted) == 2 and len(preview.rejected) == 1
    [issue] = preview.rejected[0].issues
    assert issue.row == 5 and issue.column == "C" and issue.value == "菜场"
    assert "点位类型" in issue.message and "农贸市场" in issue.message
    with pytest.raises(ImportRejectedError):
        commit_checkpoints(ledger, preview)
    assert register.list_checkpoints(ledger) == []


def test_skip_invalid_imports_the_good_rows_and_writes_the_error_list(ledger, tmp_path):
    source = _write(tmp_path / "点位.xlsx", [*GOOD, BAD_TYPE, [4, "青松巷", "背街小巷"]])
    preview = preview_checkpoints(ledger, source)
    assert "与第4行重复" in preview.rejected[1].issues[0].message
    result = commit_checkpoints(ledger, preview, skip_invalid=True)
    assert result.added == 2 and result.skipped_invalid == 2
    names = {c["name"]: c for c in register.list_checkpoints(ledger)}
    assert names["青松巷"]["contact_phone"] == "0591-87654321"
    assert names["青松农贸市场"]["sponsor_unit"] == "区市场监管局" and names["青松巷"]["active"] == 1
    errors = load_workbook(result.error_file).active
    assert any("菜场" in str(cell.value) for row in errors.iter_rows() for cell in row)


def test_names_already_registered_are_duplicates_skipped_or_updated(ledger, tmp_path):
    register.add_checkpoint(ledger, {"name": "青松巷", "type": "其他"})
    preview = preview_checkpoints(ledger, _write(tmp_path / "a.xlsx", GOOD))
    assert len(preview.duplicates) == 1
    assert commit_checkpoints(ledger, preview).skipped_duplicates == 1
    preview = preview_checkpoints(ledger, _write(tmp_path / "b.xlsx", GOOD))
    result = commit_checkpoints(ledger, preview, update_duplicates=True)
    assert result.updated == 2 and result.added == 0  # the market came in with the first file
    assert register.checkpoint_by_name(ledger.db, "青松巷")["type"] == "背街小巷"


def test_cli_dry_run_and_skip_invalid(data_dir, tmp_path, capsys):
    source = _write(tmp_path / "点位.xlsx", [*GOOD, BAD_TYPE])
    assert main(["import-checkpoints", str(source), "--data-dir", str(data_dir)]) == 1
    out = capsys.readouterr()
    assert "第5行 C列「点位类型」" in out.out and "未导入任何记录" in out.err
    assert main(["import-checkpoints", str(source), "--dry-run", "--data-dir", str(data_dir)]) == 1
    assert main(["import-checkpoints", str(source), "--skip-invalid",
                 "--data-dir", str(data_dir)]) == 1
    assert "已导入2条" in capsys.readouterr().out
