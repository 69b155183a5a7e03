"""点位 on paper: a blank checklist to take into the field, and the 测评记录 of a finished run.

Both are A4 .docx on the 公文 page (``GongwenDocument``: margins, fonts named on every run,
page numbers): a title, the 点位's particulars, then one table of the checklist grouped by
theme — 序号, 检查内容, 分值, 合格/不合格/不适用, 备注. The blank one leaves the marks empty
and ends with lines for 测评人 and the date; the 测评记录 ticks the marks, gives the 达标率
and the problems raised, then the run's photos with captions. Several 点位 (a route) make
one document, one 点位 per page. Files are written to a temp name and renamed.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.checkpoints.history import run_detail
from chuangcheng_desktop.core.checkpoints.register import get_checkpoint
from chuangcheng_desktop.core.checkpoints.templates import current_template
from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_percent
from chuangcheng_desktop.core.storage.attachments import attachment_file
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.docx_layout import (
    FONT_BODY,
    FONT_HEADING_1,
    TEXT_WIDTH,
    GongwenDocument,
    set_run_font,
)
from chuangcheng_desktop.reports.files import write_atomically
from chuangcheng_desktop.reports.photos import prepare_photo

TEXT = {
    "blank_title": "{name}实地测评检查表",
    "record_title": "{name}实地测评记录",
    "info": "点位类型：{type}　包保单位：{sponsor}　负责人：{person} {phone}",
    "address": "地址/范围：{address}　检查表：第{version}版（{count}项）",
    "when_blank": "测评日期：　　　年　　月　　日　　测评人：",
    "when_record": "测评日期：{date}　测评类型：{kind}　来源：{source}　测评人：{inspector}",
    "headers": ("序号", "检查内容", "分值", "合格", "不合格", "不适用", "备注"),
    "mark": "✓",
    "rate": "达标率：{rate}（合格项分值{passed}÷适用项分值{applicable}，不适用项不计）",
    "failed": "不合格{failed}项，生成整改问题{problems}个。",
    "photos": "现场照片",
    "photo_caption": "{caption}（{date}）",
    "sign": "测评人（签字）：　　　　　　　陪同人（签字）：",
    "tally": "合格＿＿项　不合格＿＿项　不适用＿＿项　达标率＿＿＿＿",
    "retired": "（已停用）",
}
TABLE_SIZE = Pt(12)          # 小四
TABLE_LINE = Pt(18)
COLUMN_WIDTHS = (Mm(13), Mm(60), Mm(13), Mm(13), Mm(17), Mm(17), Mm(23))  # 156 mm; 12 pt headers on one line


def export_blank_checklists(ledger: Ledger, checkpoint_ids: Sequence[str], out_path: Path | str) -> Path:
    """One blank checklist per 点位 (a route: one per page) into ``out_path``."""
    doc = GongwenDocument()
    for number, checkpoint_id in enumerate(checkpoint_ids):
        checkpoint = get_checkpoint(ledger, checkpoint_id)
        template = current_template(ledger, checkpoint["type"])
        doc.title(TEXT["blank_title"].format(name=checkpoint["name"]), page_break=number > 0)
        _particulars(doc, checkpoint, template.version, len(template.active_items))
        _line(doc, TEXT["when_blank"])
        rows = [(item.theme, item.requirement, item.weight, "", "") for item in template.active_items]
        _checklist_table(doc, rows)
        _line(doc, TEXT["tally"])
        _line(doc, TEXT["sign"])
    return write_atomically(out_path, doc.save)


def export_run_record(ledger: Ledger, run_id: str, out_path: Path | str) -> Path:
    """The 测评记录 of one run: results as marked, 达标率, problems raised, photos."""
    detail = run_detail(ledger.db, run_id)
    s, checkpoint = detail.summary, detail.checkpoint
    doc = GongwenDocument()
    doc.title(TEXT["record_title"].format(name=checkpoint["name"]))
    _particulars(doc, checkpoint, s.template_version, len(detail.results))
    _line(doc, TEXT["when_record"].format(date=format_date_cn(s.date), kind=s.kind,
                                          source=s.source, inspector=s.inspector or "—"))
    _checklist_table(doc, [
        (r.theme, r.requirement + (TEXT["retired"] if r.retired else ""), r.weight, r.outcome,
         r.note) for r in detail.results])
    passed = sum(r.weight for r in detail.results if r.outcome == "合格")
    applicable = sum(r.weight for r in detail.results if r.outcome != "不适用")
    _line(doc, TEXT["rate"].format(rate=format_percent(s.rate), passed=f"{passed:g}",
                                   applicable=f"{applicable:g}"))
    _line(doc, TEXT["failed"].format(failed=s.failed,
                                     problems=sum(1 for r in detail.results if r.problem_id)))
    _line(doc, TEXT["sign"])
    folder = paths.attachments_dir(ledger.path.parent)
    photos = [(attachment_file(folder, p), p) for p in detail.photos]
    photos = [(path, p) for path, p in photos if path.exists()]
    if photos:
        doc.label(TEXT["photos"], font=FONT_HEADING_1, page_break=True)
        for path, photo in photos:
            prepared = prepare_photo(path)
            doc.picture(BytesIO(prepared.data), *prepared.size_in(TEXT_WIDTH))
            doc.caption(TEXT["photo_caption"].format(caption=photo["caption"] or photo["original_name"],
                                                     date=format_date_cn(photo["taken_on"])))
    return write_atomically(out_path, doc.save)


def _particulars(doc: GongwenDocument, checkpoint: dict, version: int, count: int) -> None:
    _line(doc, TEXT["info"].format(type=checkpoint["type"], sponsor=checkpoint["sponsor_unit"] or "—",
                                   person=checkpoint["contact_person"] or "—",
                                   phone=checkpoint["contact_phone"]))
    _line(doc, TEXT["address"].format(address=checkpoint["address"] or "—", version=version,
                                      count=count))


def _line(doc: GongwenDocument, text: str) -> None:
    paragraph = doc.document.add_paragraph()
    _compact(paragraph, space_before=4)
    set_run_font(paragraph.add_run(text), FONT_BODY, TABLE_SIZE)


def _compact(paragraph, *, space_before: float = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = TABLE_LINE
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(0)
    snap = OxmlElement("w:snapToGrid")  # off the 22-line page grid, or each line takes 28.95 pt
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().append(snap)


def _checklist_table(doc: GongwenDocument,
                     rows: list[tuple[str, str, float, str, str]]) -> None:
    """``rows``: (theme, requirement, weight, outcome or "", note); a theme row before each group."""
    headers = TEXT["headers"]
    themes = list(dict.fromkeys(theme for theme, *_ in rows))
    table = doc.document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, text, bold=True, centre=True)
    number = 0
    for theme in themes:
        theme_row = table.add_row()
        merged = theme_row.cells[0].merge(theme_row.cells[-1])
        _cell_text(merged, theme, bold=True)
        for row_theme, requirement, weight, outcome, note in rows:
            if row_theme != theme:
                continue
            number += 1
            cells = table.add_row().cells
            marks = [TEXT["mark"] if outcome == mark else "" for mark in ("合格", "不合格", "不适用")]
            for column, text in enumerate([str(number), requirement, f"{weight:g}", *marks, note]):
                _cell_text(cells[column], text, centre=column != 1 and column != 6)
    for row in table.rows:  # a row never breaks across two pages
        flag = OxmlElement("w:cantSplit")
        flag.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(flag)
    table.autofit = False
    for column, width in zip(table.columns, COLUMN_WIDTHS, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, COLUMN_WIDTHS, strict=False):
            cell.width = width


def _cell_text(cell, text: str, *, bold: bool = False, centre: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    _compact(paragraph)
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run(text), FONT_BODY, TABLE_SIZE, bold=bold)


def _repeat_header(row) -> None:
    """The header row repeats on every printed page."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)
