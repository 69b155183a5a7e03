"""The consolidated 街道 workbook: per-unit 统计 with ranking, ledgers with a 单位 column."""

from __future__ import annotations

import openpyxl

from chuangcheng_desktop.cli import main
from tests.core.packages.helpers import community


def test_street_workbook_has_the_units_side_by_side_and_their_rows(tmp_path, capsys):
    street = str(tmp_path / "street")
    main(["profile", "--data-dir", street, "--set", "unit_name=城关街道", "--set", "unit_level=街道"])
    for name in ("青松社区", "红星社区"):
        community(tmp_path / name, name).close()
        main(["export-package", "--data-dir", str(tmp_path / name), "--out", str(tmp_path / name)])
        main(["import-package", "--data-dir", street, "--add-unit", str(tmp_path / f"{name}.ccpkg")])
    out = tmp_path / "汇总.xlsx"
    assert main(["export-ledgers", "--data-dir", street, "--period", "2026", "--by-unit",
                 "--out", str(out)]) == 0
    assert "各社区汇总台账已保存" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["各社区统计", "活动台账", "志愿者花名册", "志愿服务时长统计",
                               "督查问题整改台账"]
    summary = book["各社区统计"]
    assert summary["A1"].value == "城关街道各社区统计（2026年度）"
    assert [summary.cell(2, c).value for c in (1, 2, 3)] == ["名次", "单位", "活动（次）"]
    assert {summary.cell(3, 2).value, summary.cell(4, 2).value} == {"青松社区", "红星社区"}
    assert summary.cell(3, 1).value == 1
    activities = book["活动台账"]
    assert activities.cell(2, 1).value == "单位"
    units = [activities.cell(r, 1).value for r in range(3, activities.max_row + 1)]
    assert units.count("青松社区") == 2 and units.count("红星社区") == 2
    volunteers = book["志愿者花名册"]
    ids = [volunteers.cell(r, 5).value for r in range(3, 7)]
    assert all("********" in value for value in ids)
