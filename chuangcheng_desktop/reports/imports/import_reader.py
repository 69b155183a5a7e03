"""Read the table out of a user's .xlsx: find the sheet and header row, fill merged cells.

Real ledgers have a title row or two above the header, merged cells (a date merged down
over the activities of that day), blank rows and a signature line under the table.
:func:`read_table` returns the header row's column mapping and every data row with its
Excel row number. openpyxl runs in read-only mode; reading stops at
``MAX_DATA_ROWS`` with a clear message.
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from chuangcheng_desktop.reports.imports import import_safety
from chuangcheng_desktop.reports.imports.import_columns import KIND_LABELS, REQUIRED_COLUMNS, match_headers
from chuangcheng_desktop.reports.imports.import_safety import (
    MESSAGES,
    ImportFileError,
    check_workbook_file,
    merged_ranges,
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
        workbook = load_workbook(path, read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on malformed files
        logger.info("cannot open %s: %r", path, exc)
        raise ImportFileError(DAMAGED.format(name=path.name, reason=type(exc).__name__)) from exc
    try:
        return _read(workbook, path, kind)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        logger.info("cannot read %s: %r", path, exc)
        raise ImportFileError(DAMAGED.format(name=path.name, reason=type(exc).__name__)) from exc
    finally:
        workbook.close()


def _read(workbook: Any, path: Path, kind: str) -> SheetTable:
    best: tuple[int, Any, int, list[Any]] | None = None
    for ws in workbook.worksheets[:MAX_SHEETS]:
        for number, cells in enumerate(ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True),
                                       start=1):
            score = len(match_headers(kind, list(cells)))
            if score >= 2 and (best is None or score > best[0]):
                best = (score, ws, number, list(cells))
    if best is None:
        raise ImportFileError(NO_HEADER.format(name=path.name, label=KIND_LABELS[kind],
                                               example=EXAMPLE_HEADERS[kind], rows=HEADER_SCAN_ROWS))
    _, ws, header_row, header_cells = best
    columns = match_headers(kind, header_cells)
    missing = [name for name in REQUIRED_COLUMNS[kind] if name not in columns.values()]
    if missing:
        from chuangcheng_desktop.reports.imports.import_columns import standard_header

        raise ImportFileError(MISSING_COLUMNS.format(
            name=path.name, missing="、".join(standard_header(kind, m) for m in missing),
            found="、".join(str(header_cells[i]) for i in sorted(columns)) or "无"))
    table = SheetTable(
        sheet=ws.title, header_row=header_row, columns=columns,
        headers={i: str(header_cells[i]).strip() for i in columns},
        unknown=[str(c).strip() for i, c in enumerate(header_cells)
                 if c not in (None, "") and i not in columns],
    )
    width = max(columns) + 1
    limit = import_safety.MAX_DATA_ROWS
    for number, cells in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True),
                                   start=header_row + 1):
        values = list(cells[:width]) + [None] * (width - len(cells[:width]))
        if _is_blank(values):
            continue
        if len(table.rows) >= limit:
            raise ImportFileError(MESSAGES["too_many_rows"].format(sheet=ws.title, limit=limit))
        table.rows.append((number, values))
    _fill_merged(workbook, ws, table)
    table.rows = [(n, v) for n, v in table.rows if not _is_footer(v, columns)]
    return table


def _is_blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _is_footer(values: list[Any], columns: dict[int, str]) -> bool:
    """The signature line (制表人：… 审核人：…) under the table."""
    texts = [str(v).strip() for v in values if v not in (None, "")]
    return bool(texts) and texts[0].startswith(FOOTER_STARTS) and len(set(texts)) == 1


def _fill_merged(workbook: Any, ws: Any, table: SheetTable) -> None:
    """Give every cell of a merged range in the data the value of its top-left cell."""
    try:
        xml = workbook._archive.read(ws._worksheet_path)
    except (AttributeError, KeyError):
        return
    # Only ranges merged down over data rows (a date shared by several activities).
    ranges = [r for r in merged_ranges(xml) if r[1] > table.header_row and r[3] > r[1]]
    if not ranges:
        return
    by_number = {number: values for number, values in table.rows}
    for min_col, min_row, max_col, max_row in ranges:
        source = by_number.get(min_row)
        if source is None or min_col - 1 >= len(source):
            continue
        value = source[min_col - 1]
        for row in range(min_row, max_row + 1):
            target = by_number.get(row)
            if target is None:
                continue
            for col in range(min_col - 1, min(max_col, len(target))):
                if target[col] in (None, ""):
                    target[col] = value
