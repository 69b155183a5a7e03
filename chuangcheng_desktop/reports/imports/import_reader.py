"""Read the table out of a user's .xlsx: find the sheet and header row, fill merged cells.

Real ledgers have a title row or two above the header, merged cells (a date merged down
over the activities of that day), blank rows and a signature line under the table.
:func:`read_table` returns the header row's column mapping and every data row with its
Excel row number. The workbook is read with calamine (``python-calamine``, compiled: a
50,000-row roster in about a tenth of openpyxl's time) after ``import_safety`` has
checked the file, including how many value cells its sheets hold, so that a crafted
sheet is refused before it is loaded; reading stops at ``MAX_DATA_ROWS`` with a clear
message. Merged ranges are filled in one sweep per column over the rows actually read,
so their cost is bounded by the data, not by the ranges' declared size.
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook

from chuangcheng_desktop.reports.imports import import_safety
from chuangcheng_desktop.reports.imports.import_columns import KIND_LABELS, REQUIRED_COLUMNS, match_headers
from chuangcheng_desktop.reports.imports.import_safety import (
    MESSAGES,
    ImportFileError,
    check_workbook_file,
)

logger = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 20
MAX_SHEETS = 30
FOOTER_STARTS = ("制表人", "审核人", "制表日期", "填表人", "负责人签字")
NO_HEADER = ("在文件“{name}”中没有找到{label}的表头行。请确认表头（如 {example}）在前{rows}行内，"
             "或使用“下载导入模板”中的格式。")
MISSING_COLUMNS = "文件“{name}”的表头缺少必需的列：{missing}。请补上这些列后再导入（识别到的列：{found}）。"
DAMAGED = "文件“{name}”无法读取：{reason}。请用 WPS/Excel 打开并另存为 .xlsx 后再导入。"
EXAMPLE_HEADERS = {"volunteers": "姓名、身份证号", "activities": "活动日期、活动名称",
                   "problems": "发现日期、问题描述", "checkpoints": "点位名称、点位类型"}


@dataclass
class SheetTable:
    """The data of one sheet: header mapping, and rows as (excel_row, cells)."""

    sheet: str
    header_row: int
    columns: dict[int, str]          # 0-based column index → field
    headers: dict[int, str]          # 0-based column index → header text as written
    unknown: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)

    def column_letter(self, index: int) -> str:
        return get_column_letter(index + 1)


def read_table(path: Path | str, kind: str) -> SheetTable:
    """The table of ``kind`` in the workbook at ``path`` (raises ImportFileError)."""
    path = Path(path)
    check_workbook_file(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own errors on malformed files
        logger.info("cannot open %s: %r", path, exc)
        raise ImportFileError(DAMAGED.format(name=path.name, reason=type(exc).__name__)) from exc
    try:
        return _read(workbook, path, kind)
    except ImportFileError:
        raise
    except (CalamineError, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        logger.info("cannot read %s: %r", path, exc)
        raise ImportFileError(DAMAGED.format(name=path.name, reason=type(exc).__name__)) from exc
    finally:
        workbook.close()


def _read(workbook: CalamineWorkbook, path: Path, kind: str) -> SheetTable:
    best: tuple[int, Any, int, list[Any]] | None = None
    for name in workbook.sheet_names[:MAX_SHEETS]:
        sheet = workbook.get_sheet_by_name(name)
        for number, cells in _rows(sheet, last=HEADER_SCAN_ROWS):
            score = len(match_headers(kind, cells))
            if score >= 2 and (best is None or score > best[0]):
                best = (score, sheet, number, cells)
    if best is None:
        raise ImportFileError(NO_HEADER.format(name=path.name, label=KIND_LABELS[kind],
                                               example=EXAMPLE_HEADERS[kind], rows=HEADER_SCAN_ROWS))
    _, sheet, header_row, header_cells = best
    columns = match_headers(kind, header_cells)
    missing = [name for name in REQUIRED_COLUMNS[kind] if name not in columns.values()]
    if missing:
        from chuangcheng_desktop.reports.imports.import_columns import standard_header

        raise ImportFileError(MISSING_COLUMNS.format(
            name=path.name, missing="、".join(standard_header(kind, m) for m in missing),
            found="、".join(str(header_cells[i]) for i in sorted(columns)) or "无"))
    table = SheetTable(
        sheet=sheet.name, header_row=header_row, columns=columns,
        headers={i: str(header_cells[i]).strip() for i in columns},
        unknown=[str(c).strip() for i, c in enumerate(header_cells)
                 if c not in (None, "") and i not in columns],
    )
    width = max(columns) + 1
    limit = import_safety.MAX_DATA_ROWS
    for number, cells in _rows(sheet, first=header_row + 1):
        values = cells[:width] + [None] * (width - len(cells[:width]))
        if _is_blank(values):
            continue
        if len(table.rows) >= limit:
            raise ImportFileError(MESSAGES["too_many_rows"].format(sheet=sheet.name, limit=limit))
        table.rows.append((number, values))
    _fill_merged(_merged_ranges(sheet), table)
    table.rows = [(n, v) for n, v in table.rows if not _is_footer(v, columns)]
    return table


def _rows(sheet: Any, *, first: int = 1, last: int | None = None):
    """(Excel row number, cells) of the sheet from row ``first`` to ``last``; cells start at
    column A, an empty cell is None, and a whole number is an int (as typed)."""
    start_row, start_col = sheet.start or (0, 0)
    pad = [None] * start_col
    for index, cells in enumerate(sheet.iter_rows()):
        number = start_row + index + 1
        if last is not None and number > last:
            return
        if number >= first:
            yield number, pad + [c if type(c) is str and c else _value(c) for c in cells]


def _value(cell: Any) -> Any:
    if cell == "":
        return None
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2**53:
        return int(cell)
    if isinstance(cell, date) and not isinstance(cell, datetime):
        return datetime.combine(cell, time())
    return cell


def _merged_ranges(sheet: Any) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row), 1-based, of the sheet's merged ranges."""
    return [(c1 + 1, r1 + 1, c2 + 1, r2 + 1)
            for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]


def _is_blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _is_footer(values: list[Any], columns: dict[int, str]) -> bool:
    """The signature line (制表人：… 审核人：…) under the table."""
    texts = [str(v).strip() for v in values if v not in (None, "")]
    return bool(texts) and texts[0].startswith(FOOTER_STARTS) and len(set(texts)) == 1


def _fill_merged(ranges: list[tuple[int, int, int, int]], table: SheetTable) -> None:
    """Give every empty cell of a merged range in the data the value of its top-left cell.

    Only ranges merged down over data rows count (a date shared by several activities).
    Each range is cut to the table's columns, then every column is swept once over the
    rows read, so the work is (distinct ranges + rows) × columns whatever the ranges
    claim: 20,000 copies of E2:E1048576 in a 3 KB file cost nothing.
    """
    if not table.rows:
        return
    width = len(table.rows[0][1])
    by_number = {number: values for number, values in table.rows}
    numbers = sorted(by_number)
    wanted = {r for r in ranges if r[1] > table.header_row and r[3] > r[1] and r[0] <= width}
    by_column: dict[int, list[tuple[int, int, Any]]] = {}
    for min_col, min_row, max_col, max_row in sorted(wanted, key=lambda r: (r[1], r[0])):
        source = by_number.get(min_row)
        if source is None or source[min_col - 1] in (None, ""):
            continue
        for col in range(min_col - 1, min(max_col, width)):
            by_column.setdefault(col, []).append((min_row, max_row, source[min_col - 1]))
    for col, spans in by_column.items():
        # Spans come in row order; a row takes the value of the latest span started at or
        # above it, while that span reaches it.
        reach, value, position = 0, None, 0
        for number in numbers:
            while position < len(spans) and spans[position][0] <= number:
                _start, reach, value = spans[position]
                position += 1
            if number <= reach and by_number[number][col] in (None, ""):
                by_number[number][col] = value
