"""The 点位台账 sheet of the 迎检 workbook: every 点位 with its type, 包保单位, last check up
to the period's end, that check's 达标率, runs in the period and open problems.

Self-contained so the workbook export calls it with one line after its own sheets::

    write_checkpoint_sheet(book, ledger, period, today)

It writes through the workbook's ``LedgerBook`` (same title row, header, borders, print
setup and signature line as the other ledgers); a 点位 whose latest 达标率 is below 80 %, or
that has overdue problems, is marked.
"""

from __future__ import annotations

from datetime import date

from chuangcheng_desktop.core.checkpoints.history import register_overview
from chuangcheng_desktop.core.rules.formatting import format_percent
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.workbook.ledger_sheets import signature_line
from chuangcheng_desktop.reports.workbook.xlsx_book import Column, LedgerBook

SHEET_NAME = "点位台账"
TITLE = "{unit}点位台账（{period}）"
NO_UNIT = "（未填写单位名称）"
LOW_RATE = 0.8
COLUMNS = (
    Column("序号", "int", 5, 6),
    Column("点位名称", "text", 12, 30),
    Column("类型", "center", 8, 14),
    Column("地址/范围", "text", 10, 30),
    Column("包保单位", "text", 10, 24),
    Column("负责人", "center", 6, 10),
    Column("联系电话", "center", 10, 16),
    Column("最近测评", "date", 11, 12),
    Column("达标率", "center", 7, 8),
    Column("本期测评次数", "int", 6, 8),
    Column("未完成问题", "int", 6, 8),
    Column("其中逾期", "int", 6, 8),
    Column("状态", "center", 5, 6),
)


def checkpoint_rows(ledger: Ledger, period: Period, today: date) -> list[tuple[list, bool]]:
    """(cells, marked) per 点位, in register order."""
    in_period = dict(ledger.db.execute(
        "SELECT checkpoint_id, count(*) FROM inspection_runs WHERE deleted_at IS NULL "
        "AND date BETWEEN ? AND ? GROUP BY checkpoint_id", [period.start_iso, period.end_iso]))
    rows = []
    for number, r in enumerate(register_overview(ledger.db, today, end=min(today, period.end)),
                               start=1):
        marked = (r.last_rate is not None and r.last_rate < LOW_RATE) or r.overdue_problems > 0
        rows.append(([number, r.name, r.type, r.address, r.sponsor_unit, r.contact_person,
                      r.contact_phone,
                      date.fromisoformat(r.last_checked) if r.last_checked else "从未测评",
                      format_percent(r.last_rate), in_period.get(r.id, 0), r.open_problems,
                      r.overdue_problems, "在用" if r.active else "停用"], marked))
    return rows


def write_checkpoint_sheet(book: LedgerBook, ledger: Ledger, period: Period, today: date,
                           signature: str = "") -> int:
    """Add the 点位台账 sheet to ``book``; returns the number of 点位 written."""
    unit = ledger.profile().get("unit_name") or NO_UNIT
    sheet = book.sheet(SHEET_NAME, TITLE.format(unit=unit, period=period.name), COLUMNS)
    rows = checkpoint_rows(ledger, period, today)
    for values, marked in rows:
        sheet.write_row(values, marked=marked)
    sheet.finish(signature or signature_line(ledger, today))
    return len(rows)

