"""What an import found, for people: the text report (CLI) and the error-list workbook."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from chuangcheng_desktop.core.rules.identity import mask_id_number
from chuangcheng_desktop.core.rules.validation import normalize_text
from chuangcheng_desktop.reports.files import next_free_path, write_atomically
from chuangcheng_desktop.reports.imports.import_columns import KIND_LABELS
from chuangcheng_desktop.reports.imports.outcomes import CellIssue, ImportPreview, ImportResult

ERROR_FILE = "{stem}_导入错误.xlsx"
ERROR_SHEET = "导入错误"
# the file's own columns (so the rows can be fixed and imported again), then these two
ROW_HEADER, REASON_HEADER = "原行号", "问题及处理办法"
TOTAL_ROW = re.compile(r"(合计|小计|总计|共计)[:：]?(\d+(\.\d+)?\D{0,3})?")
TEXT = {
    "head": "导入{label}：{name}（工作表“{sheet}”，表头在第{header}行）",
    "counts": "共{total}行：可导入{ok}行，有错误{bad}行，与花名册重复{dup}行。",
    "unknown": "以下列未识别，不会导入：{names}",
    "teams": "将新建服务队：{names}",
    "issues": "需要修改的行：",
    "totals": "第{rows}行是合计/小计行，不是记录，已跳过。",
    "row_to_fix": "第{row}行：{reasons}",
    "dups": "与花名册重复的行（默认跳过，选择“更新”则用文件中的内容覆盖原记录）：",
    "more": "……另有{count}条，完整列表见错误文件。",
    "done": "已导入{added}条{extra}。",
    "updated": "，更新{count}条",
    "skipped_dup": "，跳过重复{count}条",
    "skipped_bad": "，跳过错误行{count}行",
    "service": "，服务记录{count}条",
    "new_teams": "，新建服务队{count}支",
    "error_file": "错误行已保存到：{path}",
}
MAX_LISTED = 200


def preview_report(preview: ImportPreview, *, limit: int = MAX_LISTED,
                   full_id: bool = True) -> str:
    """The preview as Chinese text: counts, then every problem row (row, column, what to do).

    With ``full_id=False`` (the command line's default) a value that looks like an ID
    number is shown masked (110101********1234).
    """
    shown = str if full_id else _masked
    lines = [
        TEXT["head"].format(label=KIND_LABELS[preview.kind], name=preview.source.name,
                            sheet=preview.sheet, header=preview.header_row),
        TEXT["counts"].format(total=len(preview.rows), ok=len(preview.accepted),
                              bad=len(preview.rejected), dup=len(preview.duplicates)),
    ]
    if preview.unknown_headers:
        lines.append(TEXT["unknown"].format(names="、".join(preview.unknown_headers)))
    if preview.new_teams:
        lines.append(TEXT["teams"].format(names="、".join(preview.new_teams)))
    if preview.skipped_totals:
        lines.append(totals_note(preview))
    issues = [issue for row in preview.rejected for issue in row.issues]
    if issues:
        lines.append(TEXT["issues"])
        lines += [f"  {shown(issue)}" for issue in issues[:limit]]
        if len(issues) > limit:
            lines.append(TEXT["more"].format(count=len(issues) - limit))
    if preview.duplicates:
        lines.append(TEXT["dups"])
        lines += [f"  {shown(issue)}" for row in preview.duplicates[:limit]
                  for issue in row.issues]
    return "\n".join(lines)


def preview_summary(preview: ImportPreview) -> str:
    """The preview's head for the dialog: counts, columns not recognised, 合计 rows."""
    return preview_report(preview, limit=0).split("\n" + TEXT["issues"])[0].split(
        "\n" + TEXT["dups"])[0]


def totals_note(preview: ImportPreview) -> str:
    return TEXT["totals"].format(rows="、".join(str(r) for r in preview.skipped_totals))


def rows_to_fix(preview: ImportPreview) -> list[str]:
    """One line per rejected row: “第8行：身份证号：校验码不对…；联系电话：…”."""
    return [TEXT["row_to_fix"].format(row=outcome.row, reasons="；".join(
        issue.message for issue in outcome.issues)) for outcome in preview.rejected]


def is_total_row(values: list[Any]) -> bool:
    """A 合计/小计/总计 line (often at the bottom of a ledger), not a record."""
    texts = ["".join(str(v).split()) for v in values if v not in (None, "")]
    return bool(texts) and any(TOTAL_ROW.fullmatch(text) for text in texts[:2])


_ID_LIKE = re.compile(r"[0-9Xx \-]{14,24}")


def _masked(issue: CellIssue) -> str:
    """The issue as text with an ID-number-like value masked."""
    value = normalize_text(issue.value)  # full-width digits too
    compact = re.sub(r"[ \-]", "", value)
    if _ID_LIKE.fullmatch(value) and len(compact) >= 14 and compact[:14].isdigit():
        return str(replace(issue, value=mask_id_number(compact.upper())))
    return str(issue)


def result_report(result: ImportResult) -> str:
    extra = ""
    if result.updated:
        extra += TEXT["updated"].format(count=result.updated)
    if result.skipped_duplicates:
        extra += TEXT["skipped_dup"].format(count=result.skipped_duplicates)
    if result.skipped_invalid:
        extra += TEXT["skipped_bad"].format(count=result.skipped_invalid)
    if result.service_records:
        extra += TEXT["service"].format(count=result.service_records)
    if result.teams_created:
        extra += TEXT["new_teams"].format(count=result.teams_created)
    lines = [TEXT["done"].format(added=result.added, extra=extra)]
    if result.error_file:
        lines.append(TEXT["error_file"].format(path=result.error_file))
    return "\n".join(lines)


def write_error_file(preview: ImportPreview) -> Path:
    """Save every rejected row as an .xlsx beside the source — the row's own columns as
    read, then its row number and what to fix — so it can be corrected and imported
    again (the two extra columns are ignored on import); return its path."""
    target = next_free_path(preview.source.with_name(ERROR_FILE.format(stem=preview.source.stem)))

    def write(temp: Path) -> None:
        book = xlsxwriter.Workbook(str(temp), {"strings_to_formulas": False,
                                               "strings_to_numbers": False,
                                               "strings_to_urls": False})
        sheet = book.add_worksheet(ERROR_SHEET)
        head = book.add_format({"bold": True, "border": 1, "bg_color": "#D9E1F2",
                                "font_name": "宋体"})
        cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top",
                                "font_name": "宋体"})
        headers = [*preview.headers, ROW_HEADER, REASON_HEADER]
        for column, title in enumerate(headers):
            width = 70 if title == REASON_HEADER else max(8, min(2 * len(title) + 4, 24))
            sheet.set_column(column, column, width)
            sheet.write_string(0, column, title, head)
        for row, outcome in enumerate(preview.rejected, start=1):
            for column, header in enumerate(preview.headers):
                _write_cell(sheet, row, column, outcome.cells.get(header), cell)
            sheet.write_number(row, len(preview.headers), outcome.row, cell)
            sheet.write_string(row, len(preview.headers) + 1,
                               "；".join(issue.message for issue in outcome.issues), cell)
        sheet.freeze_panes(1, 0)
        book.close()

    return write_atomically(target, write)


def _write_cell(sheet: Any, row: int, column: int, value: Any, style: Any) -> None:
    """The value as it was read: numbers stay numbers, dates become 2026-01-10, text stays
    text (an 18-digit ID never turns into a rounded number)."""
    if value is None or value == "":
        sheet.write_blank(row, column, None, style)
    elif isinstance(value, bool):
        sheet.write_string(row, column, str(value), style)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, style)
    elif isinstance(value, datetime | date):
        shown = value.date() if isinstance(value, datetime) and not (
            value.hour or value.minute) else value
        sheet.write_string(row, column, shown.isoformat(), style)
    else:
        sheet.write_string(row, column, str(value), style)
