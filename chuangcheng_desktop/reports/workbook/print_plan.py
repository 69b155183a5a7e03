"""A ledger laid out for the in-app print: the workbook's columns, widths, row heights
and page breaks (``sheet_layout``), with every cell as the text it prints. No Qt here;
``ui.ledger_print`` only paints a :class:`PrintTable`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from chuangcheng_desktop.reports.workbook import sheet_layout as layout
from chuangcheng_desktop.reports.workbook.sheet_layout import Column
from chuangcheng_desktop.reports.workbook.sheet_table import SheetTable
from chuangcheng_desktop.reports.workbook.xlsx_book import WIDTH_SAMPLE_ROWS, plan_widths


@dataclass
class PrintTable:
    """A ledger held in memory for printing: page ranges index ``rows``."""

    title: str
    unit_line: str
    headers: list[str]
    kinds: list[str]
    widths: list[float]          # points, as printed
    header_height: float         # points
    rows: list[tuple[list[str], bool]]
    heights: list[float]         # points
    pages: list[tuple[int, int]]
    signature: str
    font_size: float = layout.FONT_SIZE


def print_table(table: SheetTable, *, limit: int) -> PrintTable:
    """The first ``limit`` rows of ``table`` laid out exactly as the workbook prints them."""
    if table.blocks:
        return _blocks(table)
    raw: list[tuple[list[Any], bool]] = []
    for values, marked in table.rows:
        raw.append((list(values), marked))
        if len(raw) >= limit:
            break
    widths = plan_widths(table.columns, [values for values, _ in raw[:WIDTH_SAMPLE_ROWS]])
    measure = layout.RowMeasure(widths)
    heights = [min(measure.height(values), 409) for values, _ in raw]
    plan = layout.plan_pages(table.columns, widths, heights)
    return PrintTable(table.title, table.unit_line, [c.header for c in table.columns],
                      [c.kind for c in table.columns],
                      [layout.column_points(w) for w in widths], plan.header,
                      [([cell_text(v) for v in values], marked) for values, marked in raw],
                      heights, plan.pages, table.signature)


def _blocks(table: SheetTable) -> PrintTable:
    """A block sheet (统计) printed as one table: each block's title and header as rows."""
    count = max(len(b.columns) for b in table.blocks)
    columns = [Column("", "text", 4, 40)] * count
    rows: list[tuple[list[str], bool]] = []
    raw: list[list[Any]] = []
    for block in table.blocks:
        rows.append(([block.title] + [""] * (count - 1), False))
        rows.append(([c.header for c in block.columns] + [""] * (count - len(block.columns)), False))
        for values, marked in block.rows:
            padded = list(values) + [""] * (count - len(values))
            raw.append(padded)
            rows.append(([cell_text(v) for v in padded], marked))
    widths = plan_widths(columns, raw)
    heights = [layout.row_height(values, widths) for values, _ in rows]
    plan = layout.plan_pages(columns, widths, heights)
    return PrintTable(table.title, table.unit_line, [""] * count, ["text"] * count,
                      [layout.column_points(w) for w in widths], 0.0, rows, heights, plan.pages,
                      table.signature)


def cell_text(value: object) -> str:
    """A cell as printed: dates as 2026-03-05, hours with one decimal."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}" if value != int(value) or value < 1000 else f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
