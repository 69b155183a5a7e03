"""志愿服务时长统计 export, the 优秀志愿者 shortlist → 荣誉, and the 公示 list."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from docx import Document

from chuangcheng_desktop.core.rules.periods import parse_period
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.volunteers.service_hours import (
    make_honours,
    shortlist,
    volunteer_hours,
)
from chuangcheng_desktop.reports.proofs.proof_docx import issue_proofs
from chuangcheng_desktop.reports.proofs.publicity import write_publicity
from chuangcheng_desktop.reports.proofs.service_hours_xlsx import export_service_hours
from tests.conftest import sample
from tests.core.volunteers.people import valid_id_numbers

PERIOD = parse_period("2026")


@pytest.fixture
def roster(ledger):
    ledger.update_profile({"unit_name": "青松社区", "contact_phone": "010-12345678"})
    names = ("甲", "乙", "丙", "丁")
    people = [ledger.volunteers.add(sample("volunteers", name=name, id_number=number))
              for name, number in zip(names, valid_id_numbers(4), strict=True)]
    for person, hours in zip(people, (30, 25, 25, 10), strict=True):
        for _ in range(hours // 5):
            activity = ledger.activities.add(sample("activities", date="2026-05-01",
                                                    start_time="", end_time=""))
            ledger.service_records.add({"activity_id": activity["id"],
                                        "volunteer_id": person["id"], "minutes": 300})
    return people


def test_hours_per_volunteer_and_the_shortlist(ledger, roster):
    rows = volunteer_hours(ledger.db, PERIOD)
    assert [(r.name, r.hours, r.records, r.star) for r in rows] == [
        ("甲", 30.0, 6, "未达星级"), ("丙", 25.0, 5, "未达星级"), ("乙", 25.0, 5, "未达星级"),
        ("丁", 10.0, 2, "未达星级")]
    assert volunteer_hours(ledger.db, parse_period("2025")) == []
    # top 2 with at least 20 h: 乙 and 丙 tie for second, both kept; 丁 is below the minimum
    assert [r.name for r in shortlist(ledger.db, PERIOD, size=2, minimum_hours=20)] == [
        "甲", "丙", "乙"]
    assert [r.name for r in shortlist(ledger.db, PERIOD, size=10, minimum_hours=26)] == ["甲"]
    chosen = shortlist(ledger.db, PERIOD, size=1)
    made = make_honours(ledger, chosen, PERIOD, on=date(2026, 12, 20))
    honours = ledger.honours.list(ListQuery())
    assert [(h["title"], h["recipient"], h["volunteer_id"], h["level"]) for h in honours] == [
        ("2026年度优秀志愿者", "甲", roster[0]["id"], "街道")]
    assert made[0]["note"] == "2026年度志愿服务30.0小时（6次），按服务时长评选"


def test_the_statistics_export_reads_back(ledger, roster, tmp_path):
    issue_proofs(ledger, ["甲"], tmp_path / "p.docx", issued_on=date(2026, 6, 30))
    path = export_service_hours(ledger, PERIOD, tmp_path, today=date(2026, 7, 1))
    assert path.name == "志愿服务时长统计（2026年度）.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["志愿服务时长统计"]
    assert sheet["A1"].value == "青松社区志愿服务时长统计（2026年度）"
    assert [c.value for c in sheet[2]] == ["序号", "姓名", "身份证号", "志愿者编号", "服务队",
                                          "服务次数", "本期时长(小时)", "累计时长(小时)", "星级"]
    assert [c.value for c in sheet[3]][:3] == [1, "甲", "110101********0010"]
    assert [c.value for c in sheet[3]][5:] == [6, 30, 30, "未达星级"]
    register = book["证明登记"]
    assert [c.value for c in register[3]][:2] == ["〔2026〕第001号", "甲"]
    assert sheet.page_setup.paperSize == 9


def test_the_publicity_list_prints_from_the_register(ledger, roster, tmp_path):
    with pytest.raises(UserFacingError, match="还没有出具过"):
        write_publicity(ledger, PERIOD, tmp_path)
    issue_proofs(ledger, ["甲", "乙"], tmp_path / "证明", issued_on=date(2026, 6, 30))
    path = write_publicity(ledger, PERIOD, tmp_path / "公示.docx", start=date(2026, 7, 1))
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "公示期为2026年7月1日至2026年7月7日，共7天" in text
    assert "2名志愿者" in text and "010-12345678" in text
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["序号", "姓名", "身份证号", "时长（小时）", "星级", "证明编号"]
    assert rows[1] == ["1", "甲", "110101********0010", "30", "未达星级", "〔2026〕第001号"]
    assert len(rows) == 3


def test_the_roster_sheet_of_the_workbook_carries_hours_and_star_level(ledger, roster, tmp_path):
    from chuangcheng_desktop.core.volunteers.stars import set_thresholds
    from chuangcheng_desktop.reports.workbook.ledger_export import export_workbook

    set_thresholds(ledger.db, "25/300/600/1000/1500", actor="测试员")
    out = tmp_path / "迎检台账.xlsx"
    export_workbook(ledger, PERIOD, out, today=date(2026, 12, 31))
    sheet = openpyxl.load_workbook(out)["志愿者花名册"]
    # row 3 is the header (issue 16: a 填报单位 line under the title); columns empty for
    # the whole roster (志愿者编号, 服务类别 here) are left out
    headers = [c.value for c in sheet[3] if c.value]
    assert headers[-2:] == ["累计时长(小时)", "星级"]
    rows = {row[1]: row[len(headers) - 2:len(headers)]
            for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]}
    assert rows["甲"] == (30, "一星级") and rows["丁"] == (10, "未达星级")
