"""The summary's words and figures, drafted from a hand-built ledger whose figures are known."""

from __future__ import annotations

import json
import re

import docx
import pytest

from chuangcheng_desktop.reports.summary.context import ReportContext
from chuangcheng_desktop.reports.summary.drafting import build_default_context, redraft_section
from chuangcheng_desktop.reports.summary.drafts import list_drafts, load_draft, mark_exported, save_draft
from chuangcheng_desktop.reports.summary.summary_docx import export_summary, preview_text
from tests.reports.summary.summary_data import AS_OF, EXPECTED_FIGURES, build_known

SEAMS = re.compile(r"\{\w*\}|None|nan|null|(?<![\d.])0(次|人次|人|名|个|小时|份|项|支|%)")


@pytest.fixture
def known(ledger, tmp_path):
    build_known(ledger, tmp_path)
    return ledger


@pytest.fixture
def context(known):
    return build_default_context(known, "2026H1", today=AS_OF)


def document_text(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_every_figure_is_in_the_document(known, context, tmp_path):
    path = export_summary(context, known, tmp_path / "out" / "总结.docx")
    text = document_text(path)
    for figure in EXPECTED_FIGURES:
        assert figure in text, figure
    assert "青松社区2026年上半年创建文明城市工作总结" in text.replace("\n", "")
    assert "2026年7月1日" in text  # the signature date
    assert not SEAMS.search(text), SEAMS.search(text)


def test_sections_without_data_are_off_and_never_printed(known, tmp_path):
    known.update_profile({"unit_name": "青松社区"})
    context = build_default_context(known, "2026Q3", today=AS_OF)  # only 暑期托管 on 7月1日
    off = {s.key: s.reason for s in context.sections if not s.enabled}
    assert set(off) >= {"publicity", "festival", "environment", "inspection"}
    assert all(off.values())
    path = export_summary(context, known, tmp_path / "q3.docx")
    text = document_text(path)
    for section in context.sections:
        if not section.enabled:
            assert section.heading not in text
    assert "暑期托管" in text and "99人次" in text
    assert not SEAMS.search(text)


def test_an_empty_period_prints_no_empty_heading(known, tmp_path):
    context = build_default_context(known, "2024", today=AS_OF)
    assert not any(s.enabled for s in context.sections)
    text = document_text(export_summary(context, known, tmp_path / "2024.docx"))
    assert "主要工作及成效" not in text
    assert not SEAMS.search(text)


def test_two_sections_never_read_the_same(context):
    ids = [pid for s in context.sections for pid in s.phrase_ids]
    shared = [pid for pid in ids if pid.startswith(("category_count#", "highlight_lead#", "materials#"))]
    assert len(shared) == len(set(shared))
    leads = [s.paragraphs[-1][:5] for s in context.sections if len(s.paragraphs) > 1]
    assert len(leads) == len(set(leads))


def test_drafting_is_deterministic_and_the_seed_changes_the_wording(known, context):
    again = build_default_context(known, "2026H1", today=AS_OF)
    assert again.to_dict() == context.to_dict()
    other = build_default_context(known, "2026H1", today=AS_OF, seed=7)
    assert preview_text(other) != preview_text(context)


def test_highlights_cite_activities_by_date_place_and_content(context):
    section = context.section("environment")
    assert len(section.cited_activity_ids) == 1
    assert "5月20日" in section.paragraphs[-1]
    assert "松林路" in section.paragraphs[-1]
    assert "背街小巷环境大扫除" in section.paragraphs[-1]
    assert len(context.section("publicity").photo_ids) == 1


def test_redraft_rewords_one_section_and_keeps_the_figures(known, context):
    before = list(context.section("publicity").paragraphs)
    others = {s.key: list(s.paragraphs) for s in context.sections if s.key != "publicity"}
    section = redraft_section(context, known, "publicity")
    assert section.paragraphs != before
    assert "发放宣传资料500份" in section.paragraphs[0]
    assert {s.key: s.paragraphs for s in context.sections if s.key != "publicity"} == others
    used = [pid for s in context.sections for pid in s.phrase_ids if pid.startswith("category_count#")]
    assert len(used) == len(set(used))


def test_problems_and_next_steps_come_from_the_data(context):
    problems = "\n".join(context.problems)
    assert problems.startswith("个别问题整改超期") or "个别问题已超过整改期限" in problems  # 2 overdue
    assert "0.2%" in problems
    # management signals stay on the 首页: no empty month, no 补录 share
    assert "6月" not in problems and "补录" not in problems
    assert len(context.next_steps) >= len(context.problems)


def test_context_round_trips_through_json(context):
    data = json.loads(json.dumps(context.to_dict(), ensure_ascii=False))
    assert ReportContext.from_dict(data) == context
    assert ReportContext.from_dict({**data, "future_key": 1}) == context


def test_drafts_save_load_list_and_remember_the_export(known, context, tmp_path):
    draft_id = save_draft(known, context)
    context.section("publicity").paragraphs[0] = "我们自己写的一段。"
    save_draft(known, context, draft_id)
    assert load_draft(known, draft_id).section("publicity").paragraphs[0] == "我们自己写的一段。"
    [info] = list_drafts(known)
    assert (info.kind, info.period, info.title) == ("半年总结", "2026H1", context.title)
    assert list_drafts(known, exported_only=True) == []
    path = export_summary(context, known, tmp_path / "总结.docx")
    mark_exported(known, draft_id, path)
    [exported] = list_drafts(known, exported_only=True)
    assert exported.exported_file_exists and exported.exported_path == str(path)


def test_export_never_overwrites(known, context, tmp_path):
    first = export_summary(context, known, tmp_path / "总结.docx")
    second = export_summary(context, known, tmp_path / "总结.docx")
    assert (first.name, second.name) == ("总结.docx", "总结(2).docx")


def test_the_report_command_writes_the_wizard_defaults(known, data_dir, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    args = [sys.executable, "-m", "chuangcheng_desktop", "report", "--data-dir", str(data_dir),
            "--period", "2026H1", "--out", str(tmp_path / "总结.docx")]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert "工作总结已保存" in result.stdout
    text = document_text(tmp_path / "总结.docx")
    for figure in ("发放宣传资料500份", "清理面积1200平方米", "8小时", "40%"):
        assert figure in text
    again = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
    assert "总结(2).docx" in again.stdout
    dated = subprocess.run([*args[:-1], str(tmp_path / "落款.docx"), "--date", "2026-07-03"],
                           capture_output=True, text=True, timeout=120, env=env)
    assert dated.returncode == 0, dated.stderr
    assert "2026年7月3日" in document_text(tmp_path / "落款.docx").splitlines()
    bad = subprocess.run([*args[:7], "2026Q5", "--out", str(tmp_path / "x.docx")],
                         capture_output=True, text=True, timeout=120, env=env)
    assert bad.returncode == 1 and "错误：" in bad.stderr


def test_the_inspection_section_states_the_self_inspection_runs(known):
    """实地测评 figures in the 督查整改 section: 点位 checked, runs (回头看 among them), the
    mean 达标率, failed items and the problems they raised, and the 点位 below the mean."""
    from chuangcheng_desktop.core.checkpoints import register, runs, templates
    from chuangcheng_desktop.core.checkpoints.runs import FAIL, NOT_APPLICABLE, PASS, ResultDraft, RunDraft
    from chuangcheng_desktop.core.checkpoints.templates import ItemDraft

    ids = {name: register.add_checkpoint(known, {"name": name, "type": kind})["id"]
           for name, kind in (("菜市场", "农贸市场"), ("幸福巷", "背街小巷"))}
    market = templates.save_version(known, "农贸市场", [
        ItemDraft("环境卫生", "地面干净", 1), ItemDraft("公共秩序", "不占道", 1)])
    alley = templates.save_version(known, "背街小巷", [
        ItemDraft("环境卫生", "无小广告", 2), ItemDraft("设施维护", "路灯亮", 1)])
    for name, template, day, outcomes, kind in (
            ("菜市场", market, "2026-04-03", (PASS, FAIL), runs.ROUTINE),        # 1/2
            ("菜市场", market, "2026-05-03", (PASS, PASS), runs.FOLLOW_UP),      # 1
            ("幸福巷", alley, "2026-03-31", (FAIL, FAIL), runs.ROUTINE),         # 0
            ("幸福巷", alley, "2026-06-30", (FAIL, NOT_APPLICABLE), runs.ROUTINE)):  # 0
        runs.save_run(known, RunDraft(ids[name], template.id, day, [
            ResultDraft(item.id, outcome) for item, outcome in zip(template.items, outcomes,
                                                                    strict=True)], kind=kind))
    context = build_default_context(known, "2026H1", today=AS_OF)
    text = "".join(next(s for s in context.sections if s.key == "inspection").paragraphs)
    assert "2个点位" in text and "4次（其中回头看1次）" in text
    assert "37.5%" in text  # (0.5 + 1 + 0 + 0) / 4
    assert "不达标项4项" in text and "整改问题4个" in text
    assert "幸福巷" in text and "菜市场" not in text  # its latest 达标率 (100%) is above the mean
    assert not SEAMS.search(text), SEAMS.search(text)
    quarter = build_default_context(known, "2026Q3", today=AS_OF)  # no runs: not a word
    assert not any("点位" in p for s in quarter.sections for p in s.paragraphs)
