"""活动签到表: its columns, page setup, blank or team rows, read back with python-docx."""

from __future__ import annotations

from docx import Document
from docx.shared import Mm

from chuangcheng_desktop.reports.proofs.signin_sheet import write_signin_sheet
from tests.conftest import ID_FEMALE_1985, ID_MALE_1990, sample

HEADERS = ["序号", "姓名", "联系电话", "签到时间", "签退时间", "服务时长", "签名"]


def test_a_blank_sheet_has_the_columns_and_a4_setup(ledger, tmp_path):
    activity = ledger.activities.add(sample("activities"))
    path = write_signin_sheet(ledger, activity["id"], tmp_path)
    assert path.name == "活动签到表（2026-03-05 文明交通劝导）.docx"
    document = Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.orientation == 0  # portrait
    assert round(section.left_margin.mm) == 18 and round(section.top_margin.mm) == 18
    text = "\n".join(p.text for p in document.paragraphs)
    assert "志愿服务活动签到表" in text
    assert "活动名称：文明交通劝导" in text
    assert "活动日期：2026年3月5日　　活动时间：08:30—11:30" in text
    assert "活动地点：青松路口　　组织单位：青松社区" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == HEADERS
    assert len(table.rows) == 21  # header + 20 blank rows
    assert [c.text for c in table.rows[20].cells] == ["20", "", "", "", "", "", ""]
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # repeated on every page
    assert round(sum(c.width for c in table.columns) / Mm(1)) == 174


def test_a_team_sheet_lists_its_members_in_name_order(ledger, tmp_path):
    team = ledger.teams.add(sample("teams"))
    for name, number, phone in (("王强", ID_MALE_1990, "13900001111"),
                                ("李秀英", ID_FEMALE_1985, "13812345678")):
        ledger.volunteers.add(sample("volunteers", name=name, id_number=number, phone=phone,
                                     team_id=team["id"]))
    activity = ledger.activities.add(sample("activities"))
    path = write_signin_sheet(ledger, activity["id"], tmp_path / "签到表.docx",
                              team_id=team["id"])
    table = Document(str(path)).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[1][:3] == ["1", "李秀英", "138****5678"]
    assert rows[2][:3] == ["2", "王强", "139****1111"]
    assert len(rows) == 1 + 2 + 5  # members, then five blank rows
