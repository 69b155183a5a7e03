"""The audit log (操作记录) as an Excel workbook, in the ledgers' printed look."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from chuangcheng_desktop.core.figures.audit_view import AuditLine
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.reports.files import write_atomically
from chuangcheng_desktop.reports.workbook.xlsx_book import Column, LedgerBook

SHEET_NAME = "操作记录"
TITLE = "{unit}操作记录"
FILTER_LINE = "筛选条件：{filters}"
SIGNATURE = "导出人：{actor}　　　导出日期：{day}　　　共{count}条"
COLUMNS = (
    Column("序号", "center", min_width=6, max_width=8),
    Column("时间", "center", min_width=20, max_width=20),
    Column("操作人", "center", min_width=8, max_width=16),
    Column("台账", "center", min_width=8, max_width=12),
    Column("操作", "center", min_width=6, max_width=8),
    Column("记录", "text", min_width=12, max_width=30),
    Column("内容（原值 → 新值）", "text", min_width=30, max_width=80),
)


def write_audit_workbook(lines: Sequence[AuditLine], out_path: Path | str, *, unit: str = "",
                         filters: str = "", actor: str = "", today: date | None = None) -> Path:
    """Write ``lines`` to ``out_path`` (atomically: a half file never appears)."""
    today = today or date.today()

    def write(temp: Path) -> None:
        book = LedgerBook(temp)
        try:
            sheet = book.sheet(SHEET_NAME, TITLE.format(unit=unit), COLUMNS)
            for number, line in enumerate(lines, start=1):
                sheet.write_row([number, line.at, line.actor, line.table_label, line.action_label,
                                 line.record, line.change])
            sheet.finish(SIGNATURE.format(actor=actor, day=format_date_cn(today),
                                          count=len(lines))
                         + (f"　　　{FILTER_LINE.format(filters=filters)}" if filters else ""))
        finally:
            book.close()

    return write_atomically(out_path, write)
