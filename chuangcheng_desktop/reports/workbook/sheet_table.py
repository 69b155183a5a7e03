"""One ledger ready to write or print (the shared form of the export and the print)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from chuangcheng_desktop.reports.workbook.sheet_layout import Column
from chuangcheng_desktop.reports.workbook.xlsx_book import Block

Row = tuple[list[Any], bool]


@dataclass
class SheetTable:
    """Title, columns, row count and a row stream; a block sheet (统计) has ``blocks``
    instead of rows."""

    key: str
    name: str
    title: str
    columns: tuple[Column, ...]
    count: int
    rows: Iterator[Row]
    signature: str
    unit_line: str = ""
    blocks: list[Block] = dataclasses.field(default_factory=list)
