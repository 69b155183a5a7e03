"""整改通知书 read back with python-docx: numbers, fields, photos, GB/T 9704 layout, never
overwriting, and numbers recorded only with the file."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.demo.builder import png_bytes
from chuangcheng_desktop.core.rules.notices import next_serial, notices_for_problem
from chuangcheng_desktop.core.rules.workflow import timeline
from chuangcheng_desktop.core.storage.attachments import attach_file
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.reports import notice_docx
from chuangcheng_desktop.reports.notice_docx import write_notices
from tests.conftest import sample

ISSUED = date(2026, 6, 30)


@pytest.fixture
def problems(ledger, data_dir, tmp_path):
    ledger.update_profile({"unit_name": "青松社区", "preparer": "陈建峰",
                           "contact_phone": "0571-83522457"})
    first = ledger.problems.add(sample("problems"))
    second = ledger.problems.add(sample("problems", checkpoint="小区东门", category="设施维护",
                                        description="健身器材损坏", deadline="2026-04-12"))
    other = ledger.problems.add(sample("problems", checkpoint="青松路口", source="暗访",
                                       responsible_unit="城管中队", responsible_person="",
                                       description="占道经营"))
    store = paths.attachments_dir(data_dir)
    for number, (problem, role) in enumerate(
            [(first, "整改前"), (first, "整改前"), (second, "整改前"), (first, "整改后")]):
        photo = tmp_path / f"photo{number}.png"
        photo.write_bytes(png_bytes(80, 60, [bytes([40 * number, 120, 90]) * 80] * 60))
        attach_file(ledger, store, photo, owner_table="problems", owner_id=problem["id"],
                    role=role)
    return first, second, other


def _texts(document):
    return [p.text for p in document.paragraphs]


def test_notice_fields_photos_and_numbers(ledger, problems, tmp_path):
    first, second, other = problems
    result = write_notices(ledger, [first["id"], second["id"], other["id"]], tmp_path,
                           issued_on=ISSUED)
    assert result.numbers == ["青松社区创城整改〔2026〕1号", "青松社区创城整改〔2026〕2号"]
    assert result.path.name == "整改通知书（青松社区创城整改〔2026〕1号等2份）.docx"
    document = Document(result.path)
    texts = _texts(document)
    assert texts.count("创城问题整改通知书") == 2
    assert texts[1] == "青松社区创城整改〔2026〕1号"
    assert "物业公司：" in texts and "城管中队：" in texts
    body = "\n".join(texts)
    for expected in ("（一）农贸市场北门", "（二）小区东门",
                     "问题类别：环境卫生。问题描述：垃圾桶满溢，周边有散落垃圾。",
                     "发现时间：2026年4月2日（上级巡查）。责任人：赵强。",
                     "整改期限：请于2026年4月5日前整改到位。",
                     "整改期限：请于2026年4月12日前整改到位。",
                     "发现时间：2026年4月2日（暗访）。",
                     "二、整改要求", "特此通知。", "联系人：陈建峰　联系电话：0571-83522457",
                     "图1　整改前　农贸市场北门", "图3　整改前　小区东门"):
        assert expected in body, expected
    assert texts.count("青松社区") == 2 and texts.count("2026年6月30日") == 2
    # the second notice starts on a new page
    second_title = [p for p in document.paragraphs if p.text == "创城问题整改通知书"][1]
    assert second_title.paragraph_format.page_break_before
    # three 整改前 photos embedded (the 整改后 one is not), none taller than 70 mm
    shapes = document.inline_shapes
    assert len(shapes) == 3
    assert all(shape.height <= Mm(70) + 1 and shape.width <= Mm(120) + 1 for shape in shapes)
    assert notices_for_problem(ledger.db, first["id"])[0].number == result.numbers[0]
    assert notices_for_problem(ledger.db, other["id"])[0].file_name == result.path.name
    events = [e.text for e in timeline(ledger, first["id"])]
    assert "发出整改通知书（青松社区创城整改〔2026〕1号）（发出人：测试员）" in events


def test_notice_layout_follows_gbt_9704(ledger, problems, tmp_path):
    result = write_notices(ledger, [problems[0]["id"]], tmp_path / "通知.docx", issued_on=ISSUED)
    document = Document(result.path)
    section = document.sections[0]
    for value, mm in ((section.page_width, 210), (section.page_height, 297),
                      (section.top_margin, 37), (section.bottom_margin, 35),
                      (section.left_margin, 28), (section.right_margin, 26)):
        assert abs(value.mm - mm) < 0.1  # stored in twips
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"
    title = document.paragraphs[0]
    assert title.runs[0].font.size == Pt(22)
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            fonts = run._r.rPr.rFonts
            assert fonts.get(qn("w:eastAsia")) == run.font.name, paragraph.text
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text}
    assert fonts == {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"}
    heading = next(p for p in document.paragraphs if p.text == "一、存在的问题")
    assert heading.runs[0].font.name == "黑体"
    body = next(p for p in document.paragraphs if p.text.startswith("在2026年4月2日"))
    assert body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.line_spacing == Pt(28.95)
    footer = section.footer.paragraphs[0]
    assert "PAGE" in footer._p.xml and footer.runs[0].font.name == "宋体"


def test_never_overwrites_and_numbers_continue(ledger, problems, tmp_path):
    first = write_notices(ledger, [problems[0]["id"]], tmp_path / "通知.docx", issued_on=ISSUED)
    again = write_notices(ledger, [problems[0]["id"]], tmp_path / "通知.docx", issued_on=ISSUED)
    assert first.path.name == "通知.docx" and again.path.name == "通知(2).docx"
    assert again.numbers == ["青松社区创城整改〔2026〕2号"]
    next_year = write_notices(ledger, [problems[2]["id"]], tmp_path, issued_on=date(2027, 1, 4))
    assert next_year.numbers == ["青松社区创城整改〔2027〕1号"]


def test_a_failed_write_keeps_no_number(ledger, problems, tmp_path, monkeypatch):
    def broken(target, write):
        raise UserFacingError("磁盘已满")

    monkeypatch.setattr(notice_docx, "write_atomically", broken)
    with pytest.raises(UserFacingError):
        write_notices(ledger, [problems[0]["id"]], tmp_path, issued_on=ISSUED)
    assert next_serial(ledger.db, 2026) == 1
    assert notices_for_problem(ledger.db, problems[0]["id"]) == []
    assert list(tmp_path.glob("*.docx")) == []
