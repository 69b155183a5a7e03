"""Blank checklist and 测评记录 .docx, read back with python-docx."""

from __future__ import annotations

from docx import Document
from PIL import Image

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.checkpoints import register, runs, templates
from chuangcheng_desktop.reports.checkpoints.checklist_docx import (
    export_blank_checklists,
    export_run_record,
)


def _texts(path):
    document = Document(str(path))
    return document, [p.text for p in document.paragraphs]


def test_blank_checklists_for_a_route_one_per_page(ledger, tmp_path):
    market = register.add_checkpoint(ledger, {"name": "青松农贸市场", "type": "农贸市场",
                                              "sponsor_unit": "区市场监管局"})
    alley = register.add_checkpoint(ledger, {"name": "青松巷", "type": "背街小巷"})
    out = export_blank_checklists(ledger, [market["id"], alley["id"]], tmp_path / "空白.docx")
    document, texts = _texts(out)
    assert "青松农贸市场实地测评检查表" in texts and "青松巷实地测评检查表" in texts
    assert len(document.tables) == 2
    items = templates.current_template(ledger, "农贸市场").active_items
    table = document.tables[0]
    body = [row for row in table.rows if row.cells[0].text.isdigit()]
    assert len(body) == len(items)
    assert body[0].cells[1].text == items[0].requirement and body[0].cells[3].text == ""
    assert table.rows[0].cells[3].text == "合格"
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader") and body[0]._tr.trPr.xpath("./w:cantSplit")
    assert next(p for p in document.paragraphs if p.text == "青松巷实地测评检查表") \
        .paragraph_format.page_break_before
    assert not list(tmp_path.glob(".*tmp"))


def test_run_record_has_marks_rate_and_photos(ledger, data_dir, tmp_path):
    market = register.add_checkpoint(ledger, {"name": "青松农贸市场", "type": "农贸市场"})
    tpl = templates.current_template(ledger, "农贸市场")
    photo = tmp_path / "现场.jpg"
    Image.new("RGB", (640, 480), "red").save(photo)
    draft = runs.new_draft(ledger, market["id"], tpl)
    for result in draft.results:
        result.outcome = runs.PASS
    draft.results[0].outcome, draft.results[0].note = runs.FAIL, "散落垃圾"
    draft.results[0].photos = [photo]
    draft.results[1].outcome = runs.NOT_APPLICABLE
    saved = runs.save_run(ledger, draft, paths.attachments_dir(data_dir))
    out = export_run_record(ledger, saved.run_id, tmp_path / "记录.docx")
    document, texts = _texts(out)
    assert any(t.startswith("达标率：") and "不适用项不计" in t for t in texts)
    assert any("生成整改问题1个" in t for t in texts)
    first = next(row for row in document.tables[0].rows if row.cells[0].text == "1")
    assert first.cells[4].text == "✓" and first.cells[6].text == "散落垃圾"
    assert len(document.inline_shapes) == 1
    assert ledger.attachments.count() == 1  # the photo is the problem's 整改前 photo too


def test_register_sheet_lists_every_checkpoint_with_last_check_and_problems(ledger, tmp_path):
    from datetime import date

    from openpyxl import load_workbook

    from chuangcheng_desktop.core.rules.periods import parse_period
    from chuangcheng_desktop.reports.workbook.ledger_export import export_workbook

    period = parse_period("2026Q2")
    export_workbook(ledger, period, tmp_path / "无点位.xlsx", today=date(2026, 6, 30))
    assert "点位台账" not in load_workbook(tmp_path / "无点位.xlsx").sheetnames  # no register kept

    market = register.add_checkpoint(ledger, {"name": "青松农贸市场", "type": "农贸市场",
                                              "sponsor_unit": "区市场监管局",
                                              "contact_phone": "13812345678"})
    register.add_checkpoint(ledger, {"name": "青松巷", "type": "背街小巷"})
    tpl = templates.current_template(ledger, "农贸市场")
    draft = runs.new_draft(ledger, market["id"], tpl)
    draft.date = "2026-05-06"
    for result in draft.results:
        result.outcome = runs.PASS
    draft.results[0].outcome = runs.FAIL
    runs.save_run(ledger, draft)
    export_workbook(ledger, period, tmp_path / "台账.xlsx", today=date(2026, 6, 30))
    sheet = load_workbook(tmp_path / "台账.xlsx")["点位台账"]
    assert sheet["A1"].value.endswith("点位台账（2026年第二季度）")
    header = [c.value for c in sheet[3]]
    rows = [dict(zip(header, (c.value for c in row), strict=True))
            for row in sheet.iter_rows(min_row=4, max_row=5)]
    assert rows[0]["点位名称"] == "青松农贸市场" and rows[0]["包保单位"] == "区市场监管局"
    assert rows[0]["联系电话"] == "138****5678"  # masked unless full data is asked for
    assert rows[0]["最近测评"].date() == date(2026, 5, 6)
    assert rows[0]["本期测评"] == 1 and rows[0]["未改问题"] == 1
    assert rows[1]["点位名称"] == "青松巷" and rows[1]["最近测评"] == "从未测评"


def test_cli_checklist_and_run_record(ledger, data_dir, tmp_path, capsys):
    from chuangcheng_desktop.cli import main

    market = register.add_checkpoint(ledger, {"name": "青松农贸市场", "type": "农贸市场"})
    tpl = templates.current_template(ledger, "农贸市场")
    draft = runs.new_draft(ledger, market["id"], tpl)
    for result in draft.results:
        result.outcome = runs.PASS
    runs.save_run(ledger, draft)
    args = ["--data-dir", str(data_dir)]
    assert main(["checklist", "青松农贸市场", "--out", str(tmp_path / "a.docx"), *args]) == 0
    assert main(["run-record", "青松农贸市场", "--out", str(tmp_path / "b.docx"), *args]) == 0
    assert (tmp_path / "a.docx").exists() and (tmp_path / "b.docx").exists()
    assert main(["checklist", "没有的点位", "--out", str(tmp_path / "c.docx"), *args]) == 1
    assert "没有“没有的点位”" in capsys.readouterr().err
