"""The 迎检 workbook read back with openpyxl: titles, headers, rows, print setup, safety."""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports import files
from chuangcheng_desktop.reports.files import OutputFileBusyError
from chuangcheng_desktop.reports.workbook.ledger_export import (
    ExportCancelled,
    export_problems,
    export_workbook,
)
from chuangcheng_desktop.reports.workbook.ledger_sheets import (
    ACTIVITY_COLUMNS,
    PROBLEM_COLUMNS,
    SHEET_NAMES,
    VOLUNTEER_COLUMNS,
)
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample

TODAY = date(2026, 6, 30)
YEAR = Period.year_of(2026)


@pytest.fixture
def filled(ledger):
    ledger.update_profile({"unit_name": "青松社区", "preparer": "陈建峰", "reviewer": "方颖"})
    team = ledger.teams.add(sample("teams"))
    li = ledger.volunteers.add(sample("volunteers", team_id=team["id"]))
    wang = ledger.volunteers.add(sample("volunteers", name="=HYPERLINK(\"x\")",
                                        id_number=ID_MALE_1990, phone=""))
    activity = ledger.activities.add(sample("activities", title="+86 文明交通劝导",
                                            content="-清理 @楼道"))
    ledger.activities.add(sample("activities", title="上一年的活动", date="2025-12-31"))
    for volunteer in (li, wang):
        ledger.service_records.add({"activity_id": activity["id"], "volunteer_id": volunteer["id"],
                                    "minutes": 150})
    ledger.problems.add(sample("problems"))  # deadline 2026-04-05: overdue on TODAY
    ledger.problems.add(sample("problems", checkpoint="小区东门", status="已完成",
                               measures="已清运", completed_on="2026-04-03"))
    return ledger


def _export(ledger, tmp_path, **kwargs):
    out = tmp_path / "迎检台账.xlsx"
    export_workbook(ledger, YEAR, out, today=TODAY, **kwargs)
    return load_workbook(out)


def _data(ws, columns):
    """Rows below the header up to the blank row before the signature line."""
    rows = []
    for row in ws.iter_rows(min_row=3, values_only=True):
        if all(v is None for v in row):
            break
        rows.append(row[:len(columns)])
    return rows


def test_every_sheet_has_title_header_print_setup_and_signature(filled, tmp_path):
    wb = _export(filled, tmp_path)
    assert wb.sheetnames == list(SHEET_NAMES.values())
    for ws in wb.worksheets:
        assert ws["A1"].value == f"青松社区{ws.title}（2026年度）"
        assert ws["A2"].value == "序号"
        assert ws.print_title_rows == "$2:$2"
        assert ws.freeze_panes == "A3"
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (1, None)  # 1 is the default openpyxl reads as None
        assert ws.page_setup.fitToHeight == 0
        assert ws.oddFooter.center.text == "第&P页 共&N页"
        assert ws["B3"].border.left.style == "thin"
        assert ws["B2"].alignment.wrap_text
        last = next(c.value for c in ws[ws.max_row] if c.value)
        assert last.startswith("制表人：陈建峰") and "审核人：方颖" in last
        assert "制表日期：2026-06-30" in last


def test_activity_rows_dates_and_neutralised_formulas(filled, tmp_path):
    ws = _export(filled, tmp_path)["活动台账"]
    assert [c.value for c in ws[2]] == [c.header for c in ACTIVITY_COLUMNS]
    rows = _data(ws, ACTIVITY_COLUMNS)
    assert len(rows) == 1  # the 2025 activity is outside the period
    serial, day, times, title, *_ = rows[0]
    assert serial == 1 and day == datetime(2026, 3, 5) and times == "08:30-11:30"
    assert ws["B3"].number_format == "yyyy-mm-dd"
    assert ws["D3"].data_type == "s" and title == "+86 文明交通劝导"
    assert ws["D3"].quotePrefix
    assert ws["J3"].value == "-清理 @楼道" and ws["J3"].data_type == "s"
    assert "李秀英" in rows[0][10] and rows[0][11] == 2.5


def test_roster_masks_ids_unless_full_id_and_full_id_is_audited(filled, tmp_path):
    ws = _export(filled, tmp_path)["志愿者花名册"]
    assert [c.value for c in ws[2]] == [c.header for c in VOLUNTEER_COLUMNS]
    rows = _data(ws, VOLUNTEER_COLUMNS)
    assert len(rows) == 2
    ids = {row[3] for row in rows}
    assert ids == {"330102********028X", "110101********8515"}
    names = {row[1] for row in rows}
    assert '=HYPERLINK("x")' in names
    assert all(cell.data_type == "s" for cell in ws["B"][2:4])
    assert list_audit(filled.db, table="volunteers", limit=50)[0]["action"] != "export"

    hours = _export(filled, tmp_path)["志愿服务时长统计"]
    assert all("*" in row[2] for row in _data(hours, range(8))[:-1])

    full = _export(filled, tmp_path, full_id=True)["志愿者花名册"]
    assert {row[3] for row in _data(full, VOLUNTEER_COLUMNS)} == {ID_FEMALE_1985, ID_MALE_1990}
    audit = list_audit(filled.db, table="volunteers", limit=5)[0]
    assert audit["action"] == "export" and audit["new"]["full_id"] is True
    assert audit["actor"] == "测试员"


def test_overdue_problems_are_marked(filled, tmp_path):
    ws = _export(filled, tmp_path)["督查问题整改台账"]
    assert [c.value for c in ws[2]] == [c.header for c in PROBLEM_COLUMNS]
    rows = _data(ws, PROBLEM_COLUMNS)
    by_place = {row[3]: (index, row) for index, row in enumerate(rows, start=3)}
    index, overdue = by_place["农贸市场北门"]
    assert overdue[-1] == "逾期86天"
    assert ws.cell(index, 2).fill.fgColor.rgb.endswith("FFC7CE")
    index, done = by_place["小区东门"]
    assert done[-1] is None and done[9] == "已完成"
    assert ws.cell(index, 2).fill.fgColor.rgb in (None, "00000000")


def test_statistics_sheet_uses_core_figures_and_month_table(filled, tmp_path):
    ws = _export(filled, tmp_path)["统计"]
    values = {row[2]: row[3] for row in ws.iter_rows(min_row=3, values_only=True) if row[2]}
    assert values["活动总数"] == "1次"
    assert values["发现问题"] == "2个"
    assert values["逾期未改"] == "1个"
    texts = [row[0] for row in ws.iter_rows(values_only=True)]
    assert "按月统计" in texts
    months = [row for row in ws.iter_rows(values_only=True) if row[1] == "2026年3月"]
    assert months[0][2:] == (1, 20)


def test_statistics_sheet_has_rankings_and_score(filled, tmp_path):
    for checkpoint, unit in (("小区东门", "城管中队"), ("小区东门", "城管中队"),
                             ("青松路口", "城管中队")):
        filled.problems.add(sample("problems", checkpoint=checkpoint, responsible_unit=unit,
                                   deadline="2026-07-10"))
    ws = _export(filled, tmp_path)["统计"]
    rows = [row for row in ws.iter_rows(values_only=True)]
    titles = [row[0] for row in rows]
    start = titles.index("回头看：问题较多的点位")
    assert rows[start + 1][:4] == ("名次", "点位", "问题数", "整改情况")
    checkpoints = [row[1] for row in rows[start + 2:start + 5]]
    assert checkpoints == ["小区东门", "农贸市场北门", "青松路口"]  # most problems, then overdue
    assert rows[start + 2][2:4] == ("3个", "已整改1个，逾期0个")
    assert rows[start + 3][2:4] == ("1个", "已整改0个，逾期1个")
    start = titles.index("回头看：问题较多的责任单位")
    assert [row[1] for row in rows[start + 2:start + 4]] == ["城管中队", "物业公司"]
    overdue_row = start + 3 + 1  # 1-based row of 物业公司 (it has the overdue problem)
    assert ws.cell(overdue_row, 2).fill.fgColor.rgb.endswith("FFC7CE")
    values = {row[2]: row[3] for row in rows if row[1] == "考核得分"}
    assert values["适用规则"] == "默认规则"
    assert values["上级巡查发现问题，每个扣0.1分"] == "5个，扣0.5分"
    assert values["未按期整改，扣分×2"] == "1个，扣0.1分"
    assert values["扣分合计"] == "0.6分" and values["加分合计"] == "0分"
    assert values["考核得分（加分−扣分）"] == "-0.6分"


def test_one_sheet_with_the_page_query(filled, tmp_path):
    out = tmp_path / "问题.xlsx"
    export_problems(filled, None, out, query=ListQuery(filters={"status": "已完成"}), today=TODAY)
    wb = load_workbook(out)
    assert wb.sheetnames == ["督查问题整改台账"]
    rows = _data(wb.active, PROBLEM_COLUMNS)
    assert [row[3] for row in rows] == ["小区东门"]
    assert wb.active["A1"].value == "青松社区督查问题整改台账（全部期间）"


def test_busy_output_file_keeps_the_old_file(filled, tmp_path, monkeypatch):
    out = tmp_path / "迎检台账.xlsx"
    out.write_bytes(b"old workbook")

    def busy(source, target):
        raise PermissionError(13, "in use")

    monkeypatch.setattr(files.os, "replace", busy)
    with pytest.raises(OutputFileBusyError):
        export_workbook(filled, YEAR, out, today=TODAY)
    assert out.read_bytes() == b"old workbook"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["迎检台账.xlsx"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_is_refused_cleanly(filled, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(files.UserFacingError):
            export_workbook(filled, YEAR, folder / "a.xlsx", today=TODAY)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_cancel_leaves_no_file(filled, tmp_path):
    out = tmp_path / "迎检台账.xlsx"
    with pytest.raises(ExportCancelled):
        export_workbook(filled, YEAR, out, is_cancelled=lambda: True)
    assert list(tmp_path.glob("*.xlsx*")) == []
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())


def test_progress_reaches_100(filled, tmp_path):
    seen = []
    export_workbook(filled, YEAR, tmp_path / "a.xlsx", progress=lambda p, s: seen.append((p, s)))
    assert seen[0][0] == 0 and seen[-1][0] == 100
    assert all(0 <= p <= 100 for p, _ in seen)
