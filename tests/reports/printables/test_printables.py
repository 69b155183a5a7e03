"""问题交办单, 复查销号单 and 照片台账 read back with python-docx: content, photos, one form
per page, and never written over an earlier file."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from PIL import Image

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.rules.workflow import (
    record_recheck,
    start_rectification,
    submit_for_recheck,
)
from chuangcheng_desktop.core.storage.attachments import attach_file
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.reports.printables.photo_ledger import PER_PAGE, write_photo_ledger
from chuangcheng_desktop.reports.printables.problem_forms import write_closing, write_handover
from tests.conftest import sample

TODAY = date(2026, 11, 30)


def _photo(tmp_path, name, color):
    path = tmp_path / name
    Image.new("RGB", (64, 48), color).save(path)
    return path


def _text(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pictures(document):
    return len(document.inline_shapes)


@pytest.fixture
def closed_problem(ledger, tmp_path):
    ledger.update_profile({"unit_name": "青松社区"})
    problem = ledger.problems.add(sample("problems"))
    store = paths.attachments_dir()
    attach_file(ledger, store, _photo(tmp_path, "before.png", "red"), owner_table="problems",
                owner_id=problem["id"], role="整改前")
    start_rectification(ledger, problem["id"])
    attach_file(ledger, store, _photo(tmp_path, "after.png", "green"), owner_table="problems",
                owner_id=problem["id"], role="整改后")
    submit_for_recheck(ledger, problem["id"], measures="已清运并增设垃圾桶")
    record_recheck(ledger, problem["id"], day="2026-04-04", reviewer="王芳", passed=False,
                   reason="仍有散落垃圾")
    submit_for_recheck(ledger, problem["id"])
    record_recheck(ledger, problem["id"], day="2026-04-05", reviewer="王芳", passed=True)
    return problem


def test_handover_has_the_problem_the_requirement_the_photo_and_a_receipt(ledger, closed_problem,
                                                                          tmp_path):
    out = write_handover(ledger, closed_problem["id"], tmp_path / "交办单.docx", today=TODAY)
    document = Document(str(out))
    text = _text(document)
    assert "创城问题交办单" in text and "交办单位：青松社区" in text
    for expected in ("农贸市场北门", "垃圾桶满溢，周边有散落垃圾", "物业公司", "赵强",
                     "请于2026年4月5日前整改到位", "交办日期：2026年11月30日", "问题交办单回执",
                     "沿此线剪下", "单位盖章", "责任人签字"):
        assert expected in text, expected
    assert _pictures(document) == 1
    again = write_handover(ledger, closed_problem["id"], tmp_path / "交办单.docx", today=TODAY)
    assert again.name == "交办单(2).docx" and out.exists()


def test_closing_lists_every_round_and_both_photos_with_signatures(ledger, closed_problem, tmp_path):
    out = write_closing(ledger, closed_problem["id"], tmp_path / "销号单.docx", today=TODAY)
    document = Document(str(out))
    text = _text(document)
    assert "第1次　2026年4月4日　王芳　不通过（仍有散落垃圾）" in text
    assert "第2次　2026年4月5日　王芳　通过" in text
    assert "复查通过，同意销号（销号日期：2026年4月5日）" in text
    assert "整改前" in text and "整改后" in text and "已清运并增设垃圾桶" in text
    assert "责任人签字" in text and "复查人签字" in text and "审核人签字" in text
    assert _pictures(document) == 2


def test_photo_ledger_puts_four_photos_on_a_page_with_captions(ledger, tmp_path):
    ledger.update_profile({"unit_name": "青松社区"})
    store = paths.attachments_dir()
    for day in range(1, 7):
        activity = ledger.activities.add(sample("activities", date=f"2026-03-{day:02d}",
                                                title=f"文明劝导{day}"))
        attach_file(ledger, store, _photo(tmp_path, f"{day}.png", (day * 30, 90, 90)),
                    owner_table="activities", owner_id=activity["id"], role="现场照片")
    ledger.activities.add(sample("activities", date="2025-12-01", title="去年的活动"))
    out = write_photo_ledger(ledger, Period.year_of(2026), tmp_path / "照片台账.docx", today=TODAY)
    document = Document(str(out))
    assert document.paragraphs[0].text == "青松社区活动照片台账（2026年度）"
    assert _pictures(document) == 6
    assert [len(t.rows) * len(t.columns) for t in document.tables] == [PER_PAGE, PER_PAGE]
    first = document.tables[0].rows[0].cells[0].text
    assert "2026年3月1日" in first and "文明劝导1" in first and "青松路口" in first
    assert "去年的活动" not in _text(document)
    breaks = document.element.body.xml.count('w:type="page"')
    assert breaks == 1  # two pages of four


def test_photo_ledger_without_photos_says_so(ledger, tmp_path):
    ledger.activities.add(sample("activities"))
    with pytest.raises(UserFacingError, match="还没有照片"):
        write_photo_ledger(ledger, Period.year_of(2026), tmp_path / "照片台账.docx")
    assert not (tmp_path / "照片台账.docx").exists()
