"""The 公文 grid as printed: a summary and a batch of notices rendered to PDF by LibreOffice
(with scripts/render/fonts.conf) hold 28 characters on every full body line and 22 lines on
every full page, and no page carries only the signature block."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.reports.docx_layout import CHARS_PER_LINE, LINES_PER_PAGE
from chuangcheng_desktop.reports.notice_docx import write_notices
from chuangcheng_desktop.reports.summary.drafting import build_default_context
from chuangcheng_desktop.reports.summary.summary_docx import build_summary_document
from tests.reports.render.rendering import full_lines, need_renderer, pdf_pages, text_lines, to_pdf

TODAY = date(2026, 7, 10)
HEADING_STARTS = ("（", "一、", "二、", "三、", "四、", "五、")


@pytest.fixture
def demo(ledger, data_dir):
    need_renderer()
    generate_demo_data(ledger, paths.attachments_dir(data_dir), seed=1, today=TODAY)
    return ledger


def no_split_numbers(pages):
    lines = [line.text for page in pages for line in text_lines(page)]
    for line, following in itertools.pairwise(lines):
        assert not (re.search(r"\d$", line) and re.match(r"\d", following)), (line, following)


def check_grid(pages, body_pages):
    no_split_numbers(pages)
    lines = full_lines(pages[:body_pages])
    assert len(lines) >= 3, [line.text for page in pages for line in page]
    assert {len(text) for text in lines} == {CHARS_PER_LINE}, [
        text for text in lines if len(text) != CHARS_PER_LINE]
    counts = [len(text_lines(page)) for page in pages[:body_pages]]
    assert max(counts) == LINES_PER_PAGE, counts
    for number in range(1, body_pages - 1):  # full pages: all but the first and last
        following = text_lines(pages[number + 1])[0].text
        # a heading kept with its first line may leave the line before it empty
        assert counts[number] == LINES_PER_PAGE or following.startswith(HEADING_STARTS), (
            number + 1, counts)


def test_summary_prints_28_characters_22_lines(demo, tmp_path):
    context = build_default_context(demo, "2026H1", today=TODAY)
    for section in context.sections:
        section.photo_ids = []  # the text pages only
    path = tmp_path / "总结.docx"
    build_summary_document(context, []).save(path)
    pages = pdf_pages(to_pdf(path, tmp_path))
    assert len(pages) >= 3
    check_grid(pages, len(pages))
    last = text_lines(pages[-1])
    signature = {context.unit_name, format_date_cn(context.signature_date)}
    assert [line.text for line in last[-2:]] == [context.unit_name,
                                                 format_date_cn(context.signature_date)]
    assert any(line.text not in signature for line in last), "the signature stands alone"


def test_notices_print_28_characters_and_keep_the_signature(demo, tmp_path):
    open_ids = [row[0] for row in demo.db.execute(
        "SELECT id FROM problems WHERE deleted_at IS NULL AND status != '已完成' "
        "ORDER BY responsible_unit, found_on").fetchall()]
    result = write_notices(demo, open_ids, tmp_path / "通知书.docx", issued_on=TODAY)
    pages = pdf_pages(to_pdf(result.path, tmp_path))
    assert {len(text) for text in full_lines(pages)} == {CHARS_PER_LINE}
    no_split_numbers(pages)
    starts = [n for n, page in enumerate(pages) if text_lines(page)[0].text.startswith("创城问题")]
    assert len(starts) == len(result.numbers)
    for n in starts:  # page numbers restart with each notice
        assert [line.text for line in pages[n] if line.page_number] == ["—1—"]
    issued = format_date_cn(TODAY)
    for n, page in enumerate(pages):
        lines = [line.text for line in text_lines(page)]
        assert len(lines) <= LINES_PER_PAGE, (n + 1, lines)
        if issued in lines:  # the signature page also carries the closing lines
            before = lines[:lines.index(issued) - 1]
            assert any(not text.startswith("联系") for text in before), lines
    ends = [*starts[1:], len(pages)]
    single = [(begin, end) for begin, end in zip(starts, ends, strict=True)
              if "一、存在的问题" not in [line.text for p in pages[begin:end] for line in p]]
    assert single, "the demo has one-problem notices"
    for begin, end in single:  # a one-problem notice and its 回执 on one page
        assert end - begin == 1, begin + 1
