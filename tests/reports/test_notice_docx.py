"""整改通知书 / 督办通知 / 问题交办单 read back with python-docx: which problems get which
document, deadlines never in the past, the sender's voice and role, 回执 and 抄送, a section
per notice, archive reprints, numbers recorded only with the file, and the ``notice``
command on the same code path."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.demo.builder import png_bytes
from chuangcheng_desktop.core.rules.notices import next_serial, notices_for_problem
from chuangcheng_desktop.core.rules.workflow import (
    record_recheck,
    start_rectification,
    submit_for_recheck,
    timeline,
)
from chuangcheng_desktop.core.storage.attachments import attach_file
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.settings import set_setting
from chuangcheng_desktop.reports import notice_docx
from chuangcheng_desktop.reports.notice_docx import reprint_notice, write_notices
from chuangcheng_desktop.reports.notice_text import sightings_text
from tests.conftest import sample

ISSUED = date(2026, 4, 3)  # before the deadlines of 4月5日 and 4月12日


@pytest.fixture
def problems(ledger, data_dir, tmp_path):
    ledger.update_profile({"unit_name": "青松社区", "parent_unit": "城东街道", "preparer": "陈建峰",
                           "contact_phone": "0571-83522457"})
    first = ledger.problems.add(sample("problems"))
    second = ledger.problems.add(sample("problems", checkpoint="小区东门", category="设施维护",
                                        source="自查", found_on="2026-04-01",
                                        description="健身器材损坏", deadline="2026-04-12"))
    other = ledger.problems.add(sample("problems", checkpoint="青松路口", source="暗访",
                                       responsible_unit="城管中队", responsible_person="",
                                       category="其他", description="占道经营"))
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
    for expected in ("（一）小区东门", "（二）农贸市场北门",  # sightings in date order
                     "在2026年4月1日的自查和4月2日的上级巡查中，发现你单位负责的点位存在以下问题",
                     "垃圾桶满溢，周边有散落垃圾（环境卫生类问题，2026年4月2日上级巡查发现）。责任人：赵强。",
                     "整改期限：2026年4月5日前。", "整改期限：2026年4月12日前。",
                     "二、整改要求", "报我社区复查", "特此通知。",
                     "联系人：陈建峰　联系电话：0571-83522457",
                     "图1　整改前　小区东门", "图2　整改前　农贸市场北门",
                     # one problem: said in one paragraph, no category 其他
                     "在2026年4月2日的暗访中，发现你单位负责的点位存在问题。青松路口：占道经营。"
                     "请于2026年4月5日前整改到位，具体要求如下：",
                     "回　执（青松社区创城整改〔2026〕1号）", "签收单位：城管中队", "整改承诺："):
        assert expected in body, expected
    assert "其他" not in body and "由其组织复查" not in body and "的自查、" not in body
    assert "加倍扣分" not in body  # a 社区 asks its 街道 to 督办 instead
    assert "逾期未整改的，我社区将报请城东街道创城办督办。" in body
    assert texts.count("青松社区") == 2 and texts.count("2026年4月3日") == 2
    # three 整改前 photos embedded (the 整改后 one is not), none taller than 70 mm
    shapes = document.inline_shapes
    assert len(shapes) == 3
    assert all(shape.height <= Mm(70) + 1 and shape.width <= Mm(120) + 1 for shape in shapes)
    assert notices_for_problem(ledger.db, first["id"])[0].number == result.numbers[0]
    assert notices_for_problem(ledger.db, other["id"])[0].file_name == result.path.name
    events = [e.text for e in timeline(ledger, first["id"])]
    assert "发出整改通知书（青松社区创城整改〔2026〕1号）（发出人：测试员）" in events


def test_each_notice_is_a_section_with_its_own_page_numbers(ledger, problems, tmp_path):
    result = write_notices(ledger, [p["id"] for p in problems], tmp_path, issued_on=ISSUED)
    document = Document(result.path)
    assert len(document.sections) == 2
    second = document.sections[1]._sectPr
    assert second.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert second.find(qn("w:docGrid")).get(qn("w:type")) == "linesAndChars"
    texts = _texts(document)
    date_index = texts.index("2026年4月3日")
    # the last point, 特此通知, contact, blank and issuer keep with the date
    for paragraph in document.paragraphs[date_index - 5:date_index]:
        assert paragraph.paragraph_format.keep_with_next, paragraph.text


def test_a_deadline_already_past_gets_a_督办通知(ledger, problems, tmp_path):
    first, second, _other = problems
    issued = date(2026, 4, 8)  # first is 3 days late, second is not due yet
    result = write_notices(ledger, [first["id"], second["id"]], tmp_path, issued_on=issued,
                           new_deadline=date(2026, 4, 15))
    assert result.numbers == ["青松社区创城整改〔2026〕1号", "青松社区创城督办〔2026〕2号"]
    body = "\n".join(_texts(Document(result.path)))
    assert "创城问题督办通知" in body
    assert "原定整改期限为2026年4月5日，已逾期3天，请于2026年4月15日前整改到位" in body
    assert "2026年4月5日前整改到位" not in body and "整改期限：2026年4月5日前" not in body
    # the default new deadline: the issue day plus the default period (环境卫生 3 days)
    again = write_notices(ledger, [first["id"]], tmp_path, issued_on=issued)
    assert "请于2026年4月11日前整改到位" in "\n".join(_texts(Document(again.path)))
    with pytest.raises(UserFacingError, match="不能早于发文日期"):
        write_notices(ledger, [first["id"]], tmp_path, issued_on=issued,
                      new_deadline=date(2026, 4, 1))


def test_only_problems_that_need_one_and_archive_reprints(ledger, problems, tmp_path):
    first, second, other = problems
    issued = write_notices(ledger, [first["id"]], tmp_path / "a.docx", issued_on=ISSUED)
    for problem in (first, second):
        start_rectification(ledger, problem["id"])
        submit_for_recheck(ledger, problem["id"], measures="已整改", no_photo_reason="现场已复原")
    record_recheck(ledger, first["id"], day="2026-04-04", reviewer="王", passed=True)
    result = write_notices(ledger, [first["id"], second["id"], other["id"]], tmp_path / "b.docx",
                           issued_on=ISSUED)
    assert result.numbers == ["青松社区创城整改〔2026〕2号"]
    body = "\n".join(_texts(Document(result.path)))
    assert "青松路口" in body and "小区东门" not in body and "农贸市场北门" not in body
    with pytest.raises(UserFacingError):
        write_notices(ledger, [first["id"], second["id"]], tmp_path, issued_on=ISSUED)
    # the notice of a problem now 已完成 is reprinted as it was issued, under its number
    copy = reprint_notice(ledger, issued.numbers[0], tmp_path, today=date(2026, 5, 6))
    texts = _texts(Document(copy))
    assert "青松社区创城整改〔2026〕1号" in texts
    assert "（存档副本，2026年5月6日重印）" in texts
    assert "2026年4月3日" in texts and "农贸市场北门" in "\n".join(texts)
    assert next_serial(ledger.db, 2026) == 3  # a reprint takes no number
    with pytest.raises(UserFacingError):
        reprint_notice(ledger, "青松社区创城整改〔2026〕9号", tmp_path)


def test_the_sender_follows_the_settings(ledger, problems, tmp_path):
    first, _second, _other = problems
    set_setting(ledger.db, "notice_issuer", "城东街道创城办", actor="测试员")
    set_setting(ledger.db, "notice_issuer_role", "街道（乡镇）创城办", actor="测试员")
    set_setting(ledger.db, "notice_cc", "城东街道城管科", actor="测试员")
    result = write_notices(ledger, [first["id"]], tmp_path, issued_on=ISSUED)
    body = "\n".join(_texts(Document(result.path)))
    assert "报我办复查" in body and "加倍扣分，并予以通报" in body
    assert "抄送：城东街道城管科。" in body
    assert _texts(Document(result.path)).count("城东街道创城办") == 1  # the signature
    # edited requirements from the dialog replace the defaults
    edited = write_notices(ledger, [first["id"]], tmp_path, issued_on=ISSUED, cc="",
                           requirements={"整改通知书": ["请于三日内完成。"]})
    body = "\n".join(_texts(Document(edited.path)))
    assert "1.请于三日内完成。" in body and "2." not in body and "抄送" not in body


def test_the_issuers_own_office_gets_a_问题交办单(ledger, problems, tmp_path):
    mine = ledger.problems.add(sample("problems", responsible_unit="青松社区居委会",
                                      responsible_person="李娜", checkpoint="社区宣传栏",
                                      category="宣传氛围", description="宣传栏内容过期"))
    result = write_notices(ledger, [mine["id"]], tmp_path, issued_on=ISSUED)
    assert result.numbers == ["青松社区创城交办〔2026〕1号"]
    texts = _texts(Document(result.path))
    body = "\n".join(texts)
    assert texts[0] == "创城问题交办单" and "交办对象：李娜" in texts
    assert "青松社区居委会：" not in texts and "特此通知" not in body and "扣分" not in body
    assert "承办人签收" in body


def test_sightings_name_each_source_once_in_date_order():
    from chuangcheng_desktop.reports.notice_text import NoticeProblem

    def seen(day, source):
        return NoticeProblem("点位", "环境卫生", "问题", day, source, "2026-06-01")

    text = sightings_text([seen("2026-05-03", "上级巡查"), seen("2026-04-20", "自查"),
                           seen("2026-04-06", "自查")], 2026)
    assert text == "在2026年4月6日、4月20日的自查和5月3日的上级巡查中"


def test_notice_layout_follows_gbt_9704(ledger, problems, tmp_path):
    result = write_notices(ledger, [problems[0]["id"], problems[1]["id"]],
                           tmp_path / "通知.docx", issued_on=ISSUED)
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
    body = next(p for p in document.paragraphs if p.text.startswith("在2026年4月1日"))
    assert body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.line_spacing == Pt(28.95)
    footer = section.footer.paragraphs[0]
    assert "PAGE" in footer._p.xml and footer.runs[0].font.name == "宋体"
    assert document.core_properties.title == "创城问题整改通知书"
    assert document.core_properties.author == "青松社区"


def test_never_overwrites_and_numbers_continue(ledger, problems, tmp_path):
    first = write_notices(ledger, [problems[0]["id"]], tmp_path / "通知.docx", issued_on=ISSUED)
    again = write_notices(ledger, [problems[0]["id"]], tmp_path / "通知.docx", issued_on=ISSUED)
    assert first.path.name == "通知.docx" and again.path.name == "通知(2).docx"
    assert again.numbers == ["青松社区创城整改〔2026〕2号"]
    next_year = write_notices(ledger, [problems[2]["id"]], tmp_path, issued_on=date(2027, 1, 4),
                              new_deadline=date(2027, 1, 10))
    assert next_year.numbers == ["青松社区创城督办〔2027〕1号"]


def test_a_failed_write_keeps_no_number(ledger, problems, tmp_path, monkeypatch):
    def broken(target, write):
        raise UserFacingError("磁盘已满")

    monkeypatch.setattr(notice_docx, "write_atomically", broken)
    with pytest.raises(UserFacingError):
        write_notices(ledger, [problems[0]["id"]], tmp_path, issued_on=ISSUED)
    assert next_serial(ledger.db, 2026) == 1
    assert notices_for_problem(ledger.db, problems[0]["id"]) == []
    assert list(tmp_path.glob("*.docx")) == []


def test_the_notice_command_uses_the_same_code_path(ledger, problems, data_dir, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start_rectification(ledger, problems[1]["id"])
    submit_for_recheck(ledger, problems[1]["id"], measures="已修复", no_photo_reason="现场已复原")
    base = [sys.executable, "-m", "chuangcheng_desktop", "notice", "--data-dir", str(data_dir)]
    done = subprocess.run([*base, "--all-open", "--out", str(tmp_path / "全部.docx"),
                           "--issued-on", "2026-04-08", "--new-deadline", "2026-04-20",
                           "--cc", "城东街道创城办"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert "青松社区创城督办〔2026〕1号、青松社区创城督办〔2026〕2号" in done.stdout
    assert "未写入：待复查的问题1个" in done.stdout
    body = "\n".join(_texts(Document(tmp_path / "全部.docx")))
    assert "请于2026年4月20日前整改到位" in body and "抄送：城东街道创城办。" in body
    one = subprocess.run([*base, "--open-of", "城管中队", "--out", str(tmp_path),
                          "--issued-on", "2026-04-03"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert one.returncode == 0 and "整改〔2026〕3号" in one.stdout
    reprint = subprocess.run([*base, "--reprint", "青松社区创城督办〔2026〕1号", "--out",
                              str(tmp_path)], capture_output=True, text=True, timeout=120, env=env)
    assert reprint.returncode == 0 and "存档副本" in reprint.stdout
    bad = subprocess.run([*base, "--problems", "nope", "--out", str(tmp_path / "x.docx")],
                         capture_output=True, text=True, timeout=120, env=env)
    assert bad.returncode == 1 and "错误：" in bad.stderr


def letterhead_file(folder):
    from docx import Document as NewDocument
    from docx.shared import RGBColor

    letterhead = NewDocument()
    red = letterhead.add_paragraph().add_run("青松社区居民委员会文件")
    red.font.color.rgb = RGBColor(0xCC, 0, 0)
    logo = folder / "logo.png"
    logo.write_bytes(png_bytes(40, 40, [bytes([200, 0, 0]) * 40] * 40))
    letterhead.add_paragraph().add_run().add_picture(str(logo), width=Mm(15))
    path = folder / "版头.docx"
    letterhead.save(path)
    return path


def test_the_units_letterhead_heads_each_notice(ledger, problems, tmp_path):
    set_setting(ledger.db, "letterhead_docx", str(letterhead_file(tmp_path)), actor="测试员")
    result = write_notices(ledger, [p["id"] for p in problems], tmp_path, issued_on=ISSUED)
    document = Document(result.path)
    texts = _texts(document)
    assert texts[0] == "青松社区居民委员会文件" and texts[2] == "创城问题整改通知书"
    assert texts.count("青松社区居民委员会文件") == 2  # each notice starts with it
    assert len(document.inline_shapes) == 3 + 2  # the 整改前 photos and the logo twice
    set_setting(ledger.db, "letterhead_docx", str(tmp_path / "没有这个文件.docx"), actor="测试员")
    plain = write_notices(ledger, [problems[0]["id"]], tmp_path, issued_on=ISSUED)
    assert _texts(Document(plain.path))[0] == "创城问题整改通知书"  # the built-in layout
