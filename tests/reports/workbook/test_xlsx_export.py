"""The 迎检 workbook read back with openpyxl: titles, headers, rows, print setup, safety."""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from chuangcheng_desktop.core.rules.identity import mask_phone
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.rules.workflow import (
    record_recheck,
    start_rectification,
    submit_for_recheck,
)
from chuangcheng_desktop.core.storage.audit import list_audit
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports import files
from chuangcheng_desktop.reports.files import OutputFileBusyError
from chuangcheng_desktop.reports.workbook import sheet_layout
from chuangcheng_desktop.reports.workbook.ledger_export import (
    ExportCancelled,
    export_problems,
    export_workbook,
)
from chuangcheng_desktop.reports.workbook.ledger_sheets import SHEET_NAMES
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample

TODAY = date(2026, 6, 30)
YEAR = Period.year_of(2026)
DATA_SHEETS = [name for key, name in SHEET_NAMES.items() if key != "statistics"]


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
    for volunteer, minutes in ((li, 150), (wang, 90)):
        ledger.service_records.add({"activity_id": activity["id"], "volunteer_id": volunteer["id"],
                                    "minutes": minutes})
    ledger.problems.add(sample("problems"))  # deadline 2026-04-05: overdue on TODAY
    ledger.problems.add(sample("problems", checkpoint="小区东门", status="已完成",
                               measures="已清运", completed_on="2026-04-03"))
    late = ledger.problems.add(sample("problems", checkpoint="青松路口", deadline="2026-04-04"))
    start_rectification(ledger, late["id"])
    submit_for_recheck(ledger, late["id"], measures="已清运", no_photo_reason="现场已清理")
    record_recheck(ledger, late["id"], day="2026-04-06", reviewer="王芳", passed=False,
                   reason="仍有散落垃圾")
    submit_for_recheck(ledger, late["id"])
    record_recheck(ledger, late["id"], day="2026-04-09", reviewer="王芳", passed=True)
    return ledger


def _export(ledger, tmp_path, **kwargs):
    out = tmp_path / "迎检台账.xlsx"
    export_workbook(ledger, YEAR, out, today=TODAY, **kwargs)
    return load_workbook(out)


def _header(ws):
    return [c.value for c in ws[3] if c.value is not None]


def _data(ws):
    """Rows below the header up to the blank row before the signature line, as dicts."""
    header = _header(ws)
    rows = []
    for row in ws.iter_rows(min_row=4, values_only=True):
        if all(v is None for v in row):
            break
        rows.append(dict(zip(header, row, strict=False)))
    return rows


def _widths(ws):
    """The user widths of the table's columns (openpyxl groups equal neighbours)."""
    count = len(_header(ws))
    stored = {}
    for dimension in ws.column_dimensions.values():
        for index in range(dimension.min, dimension.max + 1):
            stored[index] = dimension.width
    # openpyxl reads the stored width (user width + 5 px padding); back to the user width.
    return [(stored[i] * 7 - 5) / 7 for i in range(1, count + 1)]


def test_every_sheet_has_title_unit_line_header_print_setup_and_signature(filled, tmp_path):
    wb = _export(filled, tmp_path)
    assert wb.sheetnames == list(SHEET_NAMES.values())
    for ws in wb.worksheets:
        assert ws["A1"].value == f"青松社区{ws.title}（2026年度）"
        assert ws["A2"].value.startswith("填报单位（盖章）：青松社区")
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9
        # numbered from 1 on every sheet (firstPageNumber defaults to 1 when absent)
        assert ws.page_setup.useFirstPageNumber and ws.page_setup.firstPageNumber in (None, 1)
        footer = ws.oddFooter.center.text
        assert footer.startswith("第&P页 共") and footer.endswith("页")
        last = next(c.value for c in ws[ws.max_row] if c.value)
        assert last.startswith("制表人：陈建峰") and "审核人：方颖" in last
        assert "制表日期：2026年6月30日" in last
    for name in DATA_SHEETS:
        ws = wb[name]
        assert ws["A3"].value == "序号"
        assert ws.print_title_rows == "$3:$3"
        assert ws.freeze_panes == "A4"
        assert ws["B4"].border.left.style == "thin" and ws["B3"].alignment.wrap_text
    assert wb["统计"].print_title_rows is None


def test_every_data_sheet_prints_at_least_10_pt(filled, tmp_path):
    wb = _export(filled, tmp_path)
    for name in DATA_SHEETS:
        ws = wb[name]
        widths = _widths(ws)
        assert sheet_layout.printed_font_size(widths) >= 10, name
        assert sum(sheet_layout.column_points(w) for w in widths) <= sheet_layout.PRINTABLE_WIDTH
        # printed at 100 % with the page breaks set, or fitted to the page width
        fitted = ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.scale in (None, 100) or fitted
        for cell in ws[4]:
            if cell.font is not None and cell.value is not None:
                assert cell.font.sz == 10


def test_row_heights_follow_the_wrapped_text(filled, tmp_path):
    long_text = "组织志愿者清理楼道堆积物，张贴文明标语，入户宣传垃圾分类知识。" * 4
    filled.activities.add(sample("activities", content=long_text, date="2026-03-06"))
    ws = _export(filled, tmp_path)["活动台账"]
    widths = _widths(ws)
    content = _header(ws).index("活动内容")
    for row in range(4, 6):
        height = ws.row_dimensions[row].height
        assert height is not None
        text = ws.cell(row, content + 1).value
        lines = sheet_layout.line_count(text, widths[content])
        assert height >= lines * sheet_layout.LINE_POINTS
    assert ws.row_dimensions[5].height > 3 * sheet_layout.LINE_POINTS


def test_activity_rows_count_volunteers_and_hours_and_neutralise_formulas(filled, tmp_path):
    ws = _export(filled, tmp_path)["活动台账"]
    header = _header(ws)
    assert "参与志愿者" not in header
    assert "参与志愿者人数" in header and "服务总时长(小时)" in header
    assert "节日" not in header  # empty for the whole period
    rows = _data(ws)
    assert len(rows) == 1  # the 2025 activity is outside the period
    row = rows[0]
    assert row["序号"] == 1 and row["活动日期"] == datetime(2026, 3, 5)
    assert row["活动时间"] == "08:30–11:30"
    assert row["活动名称"] == "+86 文明交通劝导"
    assert row["参与志愿者人数"] == 2 and row["服务总时长(小时)"] == 4.0
    assert ws["B4"].number_format == "yyyy-mm-dd"
    title = ws.cell(4, header.index("活动名称") + 1)
    assert title.data_type == "s" and title.quotePrefix
    assert row["活动内容"] == "-清理 @楼道"


def test_service_record_sheet_has_one_row_per_volunteer_per_activity(filled, tmp_path):
    ws = _export(filled, tmp_path)["志愿服务记录"]
    assert _header(ws) == ["序号", "日期", "活动", "姓名", "服务时长(小时)", "签到方式"]
    rows = _data(ws)
    assert [(r["活动"], r["姓名"], r["服务时长(小时)"], r["签到方式"]) for r in rows] == [
        ("+86 文明交通劝导", "李秀英", 2.5, "签到"),
        ("+86 文明交通劝导", '=HYPERLINK("x")', 1.5, "签到")]
    assert rows[0]["日期"] == datetime(2026, 3, 5)


def test_roster_masks_ids_and_phones_unless_full_data_and_full_data_is_audited(filled, tmp_path):
    ws = _export(filled, tmp_path)["志愿者花名册"]
    rows = _data(ws)
    assert len(rows) == 2
    assert {row["身份证号"] for row in rows} == {"330102********028X", "110101********8515"}
    assert {row["联系电话"] for row in rows} == {"138****5678", None}
    assert '=HYPERLINK("x")' in {row["姓名"] for row in rows}
    assert list_audit(filled.db, table="volunteers", limit=50)[0]["action"] != "export"

    hours = _export(filled, tmp_path)["志愿服务时长统计"]
    assert all("*" in row["身份证号"] for row in _data(hours)[:-1])

    full = _data(_export(filled, tmp_path, full_id=True)["志愿者花名册"])
    assert {row["身份证号"] for row in full} == {ID_FEMALE_1985, ID_MALE_1990}
    assert "13812345678" in {row["联系电话"] for row in full}
    audit = list_audit(filled.db, table="volunteers", limit=5)[0]
    assert audit["action"] == "export" and audit["new"]["full_id"] is True
    assert audit["new"]["full_phone"] is True and audit["actor"] == "测试员"


def test_mask_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("057188881234") == "057*****1234"
    assert mask_phone("") == "" and mask_phone("12345") == "*****"


def test_problems_show_rechecks_closing_and_overdue_marks(filled, tmp_path):
    ws = _export(filled, tmp_path)["督查问题整改台账"]
    header = _header(ws)
    for name in ("复查次数", "最后复查", "销号日期", "逾期情况"):
        assert name in header
    rows = {row["点位"]: (index, row) for index, row in enumerate(_data(ws), start=4)}
    index, overdue = rows["农贸市场北门"]
    assert overdue["逾期情况"] == "▲逾期未改（86天）"
    cell = ws.cell(index, 2)
    assert cell.fill.fgColor.rgb.endswith("FFC7CE") and cell.font.b  # bold prints in black and white
    index, late = rows["青松路口"]
    assert late["复查次数"] == 2 and late["最后复查"] == "2026-04-09\n王芳 通过"
    assert late["销号日期"] == datetime(2026, 4, 9) and late["整改状态"] == "已完成"
    assert late["逾期情况"] == "逾期完成（5天）"
    assert not ws.cell(index, 2).font.b
    index, done = rows["小区东门"]
    assert done["逾期情况"] is None and done["销号日期"] is None and done["复查次数"] is None
    assert ws.cell(index, 2).fill.fgColor.rgb in (None, "00000000")
    assert "注：标▲并加粗的行为逾期未改的问题" in ws["A2"].value


def _blocks(ws):
    """{block title: [(项目/first text cell, value), …]} of the 统计 sheet."""
    blocks, current = {}, None
    for row in ws.iter_rows(min_row=3, values_only=True):
        if row[0] and isinstance(row[0], str) and row[1] is None and not row[0].startswith("制表人"):
            current = blocks.setdefault(row[0], [])
        elif current is not None and row[0] not in (None, "序号", "名次") and row[1] is not None:
            current.append(row[1:])
    return blocks


def test_statistics_sheet_is_blocks_with_their_own_headers(filled, tmp_path):
    ws = _export(filled, tmp_path)["统计"]
    blocks = _blocks(ws)
    assert list(blocks)[:4] == ["一、活动", "二、志愿者", "三、志愿服务", "四、督查整改"]
    assert "按月统计" in blocks
    values = {label: value for label, value, *_ in blocks["一、活动"] + blocks["四、督查整改"]}
    assert values["活动总数"] == "1次"
    assert values["发现问题"] == "3个" and values["逾期未改"] == "1个"
    # problems registered without an inspection: 督查次数 says what it means
    assert values["督查次数"] == "未单独登记督查（3个问题为直接登记或导入）"
    assert ("2026年3月", 1, 20) in blocks["按月统计"]
    headers = [row[:3] for row in ws.iter_rows(values_only=True) if row[0] in ("序号", "名次")]
    assert len(headers) == len(blocks)  # each block has its own header row
    assert ws.print_title_rows is None


def test_statistics_sheet_has_rankings_and_score(filled, tmp_path):
    for checkpoint, unit in (("小区东门", "城管中队"), ("小区东门", "城管中队"),
                             ("青松路口", "城管中队")):
        filled.problems.add(sample("problems", checkpoint=checkpoint, responsible_unit=unit,
                                   deadline="2026-07-10"))
    ws = _export(filled, tmp_path)["统计"]
    blocks = _blocks(ws)
    checkpoints = blocks["回头看：问题较多的点位"]
    assert [row[0] for row in checkpoints[:3]] == ["小区东门", "青松路口", "农贸市场北门"]
    assert checkpoints[0][1:3] == ("3个", "已整改1个，逾期0个")
    assert [title for title in blocks if "、" in title][-2:] == ["五、荣誉", "六、考核得分"]
    score = {label: value for label, value, *_ in blocks["六、考核得分"]}
    assert score["适用规则"] == "默认规则"
    assert score["上级巡查发现问题，每个扣0.1分"] == "6个，扣0.6分"


def test_one_sheet_with_the_page_query(filled, tmp_path):
    out = tmp_path / "问题.xlsx"
    export_problems(filled, None, out, query=ListQuery(filters={"status": "待整改"}), today=TODAY)
    wb = load_workbook(out)
    assert wb.sheetnames == ["督查问题整改台账"]
    assert [row["点位"] for row in _data(wb.active)] == ["农贸市场北门"]
    assert wb.active["A1"].value == "青松社区督查问题整改台账（全部期间）"


def test_page_breaks_fill_pages_and_count_per_sheet(ledger, tmp_path):
    ledger.update_profile({"unit_name": "青松社区"})
    for day in range(1, 29):
        for number in range(3):
            ledger.activities.add(sample("activities", title=f"活动{day}-{number}",
                                         date=f"2026-02-{day:02d}",
                                         content="组织志愿者清理楼道堆积物，张贴文明标语。" * 3))
    ws = _export(ledger, tmp_path)["活动台账"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks, "a long ledger gets page breaks"
    pages = len(breaks) + 1
    assert ws.oddFooter.center.text == f"第&P页 共{pages}页"
    bounds = [3, *breaks]  # a break's id is the last sheet row (1-based) of its page
    height = {row: ws.row_dimensions[row].height for row in range(1, ws.max_row + 1)}
    room = sheet_layout.PRINTABLE_HEIGHT - sheet_layout.PAGE_SAFETY
    for page in range(len(breaks)):
        first, last = bounds[page] + 1, bounds[page + 1]
        used = height[3] + sum(height[r] for r in range(first, last + 1))
        if page == 0:
            used += height[1] + height[2]
        assert used <= room + 0.01
        if page < len(breaks) - 1:
            assert used + height[last + 1] > room  # the page is full


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


def test_cell_text_survives_xml_escaping(ledger, tmp_path):
    odd = ["<b>&amp;</b>", "_x0041_ 不是转义", "第一行\n第二行", "制表\t符"]
    stored = [ledger.activities.add(sample("activities", title=f"活动{number}", content=text,
                                           date=f"2026-03-{number:02d}"))["content"]
              for number, text in enumerate(odd, start=1)]
    assert stored[0] == "<b>&amp;</b>" and stored[1] == "_x0041_ 不是转义"
    ws = _export(ledger, tmp_path)["活动台账"]
    # Excel's own escape of a literal "_xHHHH_" (Excel shows it unescaped; openpyxl does not)
    stored[1] = "_x005F_x0041_ 不是转义"
    assert [row["活动内容"] for row in _data(ws)] == stored
