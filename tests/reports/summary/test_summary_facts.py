"""Facts recorded once in 设置 → 文书资料 drafted into the summary (基本情况, 领导小组, 方案制度,
经费, 主送, 先进典型 by name); a fact not recorded leaves no empty or placeholder sentence
and is listed for the wizard's prompt."""

from __future__ import annotations

import re

import docx
import pytest

from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.settings import get_setting, set_setting
from chuangcheng_desktop.reports.summary.drafting import build_default_context, missing_facts_of
from chuangcheng_desktop.reports.summary.summary_docx import export_summary
from tests.reports.summary.summary_data import AS_OF, build_known

PLACEHOLDERS = ("未填写", "××", "XX", "某某", "（）", "待补充", "None", "0万元", "0元")


@pytest.fixture
def known(ledger, tmp_path):
    build_known(ledger, tmp_path)
    return ledger


def record_facts(ledger):
    facts = {
        "households": "3200", "area_km2": "1.2", "jurisdiction_units": "46",
        "leading_group": "组长 王建国 社区党委书记\n副组长 李娜 社区居委会主任\n成员 张伟\n成员 王芳",
        "plans_issued": "2026-02-10 青松社区创建文明城市工作实施方案\n"
                        "2026-03-01 《青松社区创城督查工作制度》\n2027-01-05 明年的方案",
        "funding": "2026-03-01 8000 公益广告制作\n2026-05-20 4,000元 环境整治\n2025-12-01 999 去年",
    }
    for key, value in facts.items():
        set_setting(ledger.db, key, value, actor="测试员")


def test_recorded_facts_are_drafted(known):
    record_facts(known)
    context = build_default_context(known, "2026H1", today=AS_OF, kind="工作情况汇报")
    intro = context.intro[0]
    assert re.match(r"青松社区辖区面积(约)?1.2平方公里，(现)?有居民3200户，?、?常住人口1000人，"
                    r"(辖区|驻区)单位46家。", intro), intro
    organisation = "".join(context.section("organisation").paragraphs)
    for expected in ("社区党委书记王建国任组长", "社区居委会主任李娜任副组长", "2名",
                     "2月10日起", "《青松社区创建文明城市工作实施方案》、《青松社区创城督查工作制度》",
                     "1.2万元", "公益广告制作、环境整治"):
        assert expected in organisation, expected
    assert "明年的方案" not in organisation and "999" not in organisation
    assert context.recipient == "城东街道创城办"
    assert missing_facts_of(known, context) == []


def test_the_report_names_its_recipient(known, tmp_path):
    context = build_default_context(known, "2026H1", today=AS_OF, kind="工作情况汇报")
    path = export_summary(context, known, tmp_path / "汇报.docx")
    texts = [p.text for p in docx.Document(str(path)).paragraphs if p.text]
    assert texts[1] == "城东街道创城办："  # 主送, under the title
    set_setting(known.db, "report_recipient", "城东街道创建文明城市工作领导小组办公室", actor="测试员")
    context = build_default_context(known, "2026H1", today=AS_OF, kind="工作情况汇报")
    assert context.recipient == "城东街道创建文明城市工作领导小组办公室"
    assert build_default_context(known, "2026H1", today=AS_OF).recipient == ""  # a 工作总结 has none


def test_missing_facts_leave_no_placeholder_and_are_listed(known):
    context = build_default_context(known, "2026H1", today=AS_OF, kind="工作情况汇报")
    text = "\n".join([*context.intro, *(p for s in context.sections for p in s.paragraphs)])
    for word in PLACEHOLDERS:
        assert word not in text, word
    assert "领导小组" not in text and "经费" not in text and "辖区面积" not in text
    missing = {m.key: m.section for m in missing_facts_of(known, context)}
    assert missing == {"households": "intro", "leading_group": "organisation",
                       "plans_issued": "organisation", "funding": "organisation"}
    known.update_profile({"parent_unit": ""})
    assert "report_recipient" in {m.key for m in missing_facts_of(known, context)}


def test_typed_facts_are_checked_line_by_line(known):
    with pytest.raises(ValidationError, match="第2行"):
        set_setting(known.db, "leading_group", "组长 王建国\n队长 李娜", actor="测试员")
    with pytest.raises(ValidationError, match="不是日期"):
        set_setting(known.db, "plans_issued", "二月 实施方案", actor="测试员")
    with pytest.raises(ValidationError, match="金额"):
        set_setting(known.db, "funding", "2026-03-01 很多 广告", actor="测试员")
    assert get_setting(known.db, "leading_group") == []


def test_publicity_sites_are_summed_in_the_publicity_section(known):
    for day, measures in (("2026-03-05", {"张贴标语": 12, "更新宣传栏": 2, "设置公益广告": 6}),
                          ("2026-04-09", {"更新宣传栏": 1, "LED屏播放": 30, "张贴标语": 8})):
        known.activities.add({"title": "宣传阵地更新", "category": "宣传教育", "date": day,
                              "participant_count": 5, "measures": measures})
    context = build_default_context(known, "2026H1", today=AS_OF)
    text = "".join(context.section("publicity").paragraphs)
    for expected in ("张贴标语20条", "更新宣传栏3次", "设置公益广告6处", "LED屏播放30条",
                     "“宣传阵地更新”2次"):
        assert expected in text, expected


def test_a_report_to_the_parent_unit_starts_with_the_letterhead(known, tmp_path):
    from tests.reports.test_notice_docx import letterhead_file

    set_setting(known.db, "letterhead_docx", str(letterhead_file(tmp_path)), actor="测试员")
    report = build_default_context(known, "2026H1", today=AS_OF, kind="工作情况汇报")
    texts = [p.text for p in docx.Document(str(export_summary(report, known, tmp_path / "汇报.docx")))
             .paragraphs if p.text]
    assert texts[:3] == ["青松社区居民委员会文件", "青松社区2026年上半年\n创建文明城市工作情况汇报",
                         "城东街道创城办："]
    summary = build_default_context(known, "2026H1", today=AS_OF)  # a 工作总结: no 版头
    texts = [p.text for p in docx.Document(str(export_summary(summary, known, tmp_path / "总结.docx")))
             .paragraphs if p.text]
    assert texts[0].startswith("青松社区2026年上半年")
