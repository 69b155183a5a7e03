"""GB/T 9704 layout of the summary, read back from the .docx with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.storage.attachments import attach_file
from chuangcheng_desktop.reports.docx_layout import TEXT_WIDTH
from chuangcheng_desktop.reports.photos import MAX_HEIGHT
from chuangcheng_desktop.reports.summary.drafting import build_default_context
from chuangcheng_desktop.reports.summary.summary_docx import export_summary
from tests.reports.summary.summary_data import AS_OF, build_known, photo


@pytest.fixture
def document(ledger, tmp_path):
    build_known(ledger, tmp_path)
    context = build_default_context(ledger, "2026H1", today=AS_OF)
    return docx.Document(str(export_summary(context, ledger, tmp_path / "总结.docx")))


def fonts(run) -> dict[str, str]:
    r_fonts = run._r.rPr.rFonts
    return {name: r_fonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia")}


def paragraph_starting(document, prefix: str):
    return next(p for p in document.paragraphs if p.text.startswith(prefix))


def test_page_size_margins_and_grid(document):
    [section] = document.sections
    for value, mm in ((section.page_width, 210), (section.page_height, 297),
                      (section.top_margin, 37), (section.bottom_margin, 35),
                      (section.left_margin, 28), (section.right_margin, 26)):
        assert value.mm == pytest.approx(mm, abs=0.05)  # stored in twips
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"  # lines and characters, 22 × 28
    assert grid.get(qn("w:linePitch")) == "579"
    pitch = (16 + int(grid.get(qn("w:charSpace"))) / 4096) * 20  # twips
    width = Length(section.page_width - section.left_margin - section.right_margin)
    assert int(width.twips // pitch) == 28
    normal = document.styles["Normal"].element
    condensed = int(normal.rPr.find(qn("w:spacing")).get(qn("w:val")))  # twentieths of a pt
    assert 28 * (320 + condensed) <= width.twips < 29 * (320 + condensed)
    assert normal.pPr.find(qn("w:widowControl")).get(qn("w:val")) in ("0", "false")


def test_core_properties_have_no_template_leftovers(document):
    properties = document.core_properties
    assert properties.title == "青松社区2026年上半年创建文明城市工作总结"
    assert properties.author == "青松社区"
    assert properties.language == "zh-CN"
    assert properties.created.year >= 2026 and properties.modified == properties.created
    assert "python-docx" not in (properties.comments or "")
    blobs = {str(part.partname): part.blob for part in document.part.package.iter_parts()}
    assert "Macintosh" not in blobs["/docProps/app.xml"].decode()
    assert not any(name.startswith("/docProps/thumbnail") for name in blobs)
    assert b"ja-JP" not in blobs["/word/settings.xml"]
    assert b'w:eastAsia="zh-CN"' in blobs["/word/styles.xml"]


def test_every_run_names_its_east_asian_font(document):
    runs = [run for p in document.paragraphs for run in p.runs]
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer):
            runs += [run for p in footer.paragraphs for run in p.runs]
    assert len(runs) > 50
    for run in runs:
        names = fonts(run)
        assert names["eastAsia"], run.text
        assert names["ascii"] == names["hAnsi"] == names["eastAsia"], run.text


def test_title_body_and_headings(document):
    title = document.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {fonts(r)["eastAsia"] for r in title.runs} == {"方正小标宋简体"}
    assert {r.font.size for r in title.runs} == {Pt(22)}

    body = paragraph_starting(document, "青松社区常住人口1000人。2026年上半年，青松社区")
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing == Pt(28.95)
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body._p.pPr.ind.get(qn("w:firstLineChars")) == "200"
    assert {fonts(r)["eastAsia"] for r in body.runs} == {"仿宋_GB2312"}
    assert {r.font.size for r in body.runs} == {Pt(16)}

    level1 = paragraph_starting(document, "一、")
    assert level1.text == "一、主要工作及成效"
    assert fonts(level1.runs[0])["eastAsia"] == "黑体"
    level2 = paragraph_starting(document, "（一）")
    assert fonts(level2.runs[0])["eastAsia"] == "楷体_GB2312"
    point = paragraph_starting(document, "1.")
    assert point.runs[0].bold and fonts(point.runs[0])["eastAsia"] == "仿宋_GB2312"
    assert point.runs[0].text.endswith("。") and not point.runs[1].bold


def test_page_numbers_odd_right_even_left(document):
    [section] = document.sections
    assert document.settings.odd_and_even_pages_header_footer
    for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        [paragraph] = footer.paragraphs
        assert paragraph.alignment == alignment
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        xml = paragraph._p.xml
        assert " PAGE " in xml and 'w:fldCharType="begin"' in xml
        assert {fonts(r)["eastAsia"] for r in paragraph.runs} == {"宋体"}
        assert {r.font.size for r in paragraph.runs} == {Pt(14)}


def test_signature_and_photo_appendix(document):
    texts = [p.text for p in document.paragraphs]
    date_index = texts.index("2026年7月1日")
    assert texts[date_index - 1] == "青松社区"
    date = document.paragraphs[date_index]
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # the closing line, the blank and the unit name keep with the date: never a page of
    # signature alone
    for paragraph in document.paragraphs[date_index - 3:date_index]:
        assert paragraph.paragraph_format.keep_with_next, paragraph.text
    assert date.paragraph_format.right_indent >= Pt(16 * 4)
    assert "附件：活动照片" in texts[:date_index]
    appendix = document.paragraphs[texts.index("附件")]
    assert appendix.paragraph_format.page_break_before
    captions = [t for t in texts if t.startswith("图")]
    assert captions == ["图1　2026年2月10日　文明新风进万家（文化广场）",
                        "图2　2026年5月20日　背街小巷环境大扫除（松林路）"]
    shapes = document.inline_shapes
    assert len(shapes) == 2
    for shape in shapes:
        assert shape.width <= TEXT_WIDTH and shape.height <= MAX_HEIGHT
    images = [part for part in document.part.package.parts if part.partname.startswith("/word/media/")]
    assert all(len(part.blob) < 200_000 for part in images)  # 1600×1200 photos recompressed


def test_photo_appendix_two_a_page_in_date_order(ledger, tmp_path):
    build_known(ledger, tmp_path)
    store = paths.attachments_dir(Path(ledger.path).parent)
    extra = {}
    for title, day in (("夏季防溺水安全宣传进社区和暑期托管班开班仪式", "2026-06-28"),
                       ("元旦游园", "2026-01-02")):
        activity = ledger.activities.add({"title": title, "category": "宣传教育", "date": day,
                                          "place": "青松社区新时代文明实践站多功能活动室",
                                          "participant_count": 20})
        extra[day] = attach_file(ledger, store, photo(tmp_path, f"{day}.jpg", (90, 90, 200)),
                                 owner_table="activities", owner_id=activity["id"],
                                 role="现场照片")["id"]
    context = build_default_context(ledger, "2026H1", today=AS_OF)
    section = context.section("publicity")
    section.photo_ids = [extra["2026-06-28"], *section.photo_ids, extra["2026-01-02"]]
    document = docx.Document(str(export_summary(context, ledger, tmp_path / "照片.docx")))
    captions = [p for p in document.paragraphs if p.text.startswith("图")]
    days = [p.text.split("　")[1].split("\n")[0] for p in captions]
    assert days == ["2026年1月2日", "2026年2月10日", "2026年5月20日", "2026年6月28日"]
    long = captions[-1]
    # too long for one line: broken between date, name and place, never inside one
    assert long.text == ("图4　2026年6月28日\n夏季防溺水安全宣传进社区和暑期托管班开班仪式\n"
                         "（青松社区新时代文明实践站多功能活动室）")
    assert all(caption.paragraph_format.keep_together for caption in captions)
    body = document.element.body
    breaks = [p for p in document.paragraphs if 'w:br w:type="page"' in p._p.xml]
    assert len(breaks) == 1  # after the second photo
    order = list(body.iterchildren())
    assert order.index(captions[1]._p) < order.index(breaks[0]._p) < order.index(captions[2]._p)
    assert all(shape.height <= Mm(78) for shape in document.inline_shapes)
