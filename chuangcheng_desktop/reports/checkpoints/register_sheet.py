"""The 点位台账 sheet of the 迎检 workbook: every 点位 with its type, 包保单位, last check up
to the period's end, that check's 达标率, runs in the period and open problems.

The rows only; the sheet is written and printed like every other ledger
(``workbook.ledger_sheets.sheet_table``, key ``checkpoints``). A 点位 whose latest 达标率 is below
80 %, or that has overdue problems, is marked; phones are masked unless full data is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from chuangcheng_desktop.core.checkpoints.history import register_overview
from chuangcheng_desktop.core.rules.formatting import format_percent
from chuangcheng_desktop.core.rules.identity import mask_phone
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.workbook.sheet_layout import Column

LOW_RATE = 0.8
COLUMNS = (
    Column("序号", "center", 4.5, 6),
    Column("点位名称", "text", 10, 16),
    Column("类型", "center", 8, 10),
    Column("地址/范围", "text", 10, 16, optional="address"),
    Column("包保单位", "text", 10, 16),
    Column("负责人", "center", 6, 8),
    Column("联系电话", "center", 10, 12),
    Column("最近测评", "date", 10.5, 10.5),
    Column("达标率", "center", 6, 7),
    Column("本期测评", "int", 8.5, 8.5),
    Column("未改问题", "int", 8.5, 8.5),
    Column("其中逾期", "int", 8.5, 8.5),
    Column("状态", "center", 4.5, 5),
)


def has_checkpoints(ledger: Ledger) -> bool:
    """Whether the unit keeps a 点位 register (the workbook leaves the sheet out otherwise)."""
    return ledger.db.execute(
        "SELECT 1 FROM checkpoints WHERE deleted_at IS NULL LIMIT 1").fetchone() is not None


def checkpoint_rows(ledger: Ledger, period: Period | None, today: date, *,
                    full_id: bool = False) -> Iterator[tuple[list[Any], bool]]:
    """(cells, marked) per 点位, in register order."""
    start, end = (period.start_iso, period.end_iso) if period else ("0000-01-01", "9999-12-31")
    in_period = dict(ledger.db.execute(
        "SELECT checkpoint_id, count(*) FROM inspection_runs WHERE deleted_at IS NULL "
        "AND date BETWEEN ? AND ? GROUP BY checkpoint_id", [start, end]))
    last_day = min(today, period.end) if period else today
    for number, r in enumerate(register_overview(ledger.db, today, end=last_day), start=1):
        marked = (r.last_rate is not None and r.last_rate < LOW_RATE) or r.overdue_problems > 0
        phone = r.contact_phone if full_id else mask_phone(r.contact_phone)
        yield ([number, r.name, r.type, r.address, r.sponsor_unit, r.contact_person, phone,
                date.fromisoformat(r.last_checked) if r.last_checked else "从未测评",
                format_percent(r.last_rate), in_period.get(r.id, 0), r.open_problems,
                r.overdue_problems, "在用" if r.active else "停用"], marked)


def filled_columns(ledger: Ledger) -> set[str]:
    """The optional columns some live 点位 fills (an empty column is left out)."""
    row = ledger.db.execute("SELECT 1 FROM checkpoints WHERE deleted_at IS NULL "
                            "AND trim(address) != '' LIMIT 1").fetchone()
    return {"address"} if row else set()


def checkpoint_count(ledger: Ledger) -> int:
    return ledger.db.execute("SELECT count(*) FROM checkpoints WHERE deleted_at IS NULL").fetchone()[0]
