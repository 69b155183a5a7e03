"""The printed-ledger look of one worksheet, written with XlsxWriter in streaming mode.

Every ledger sheet looks the same: a title row (unit + ledger + period) merged over the
table, a 「填报单位（盖章）：」 line, one header row that is frozen and repeated on every
printed page, thin borders, wrapped text, A4 landscape fitted to the page width, footer
"第&P页 共&N页" numbered from 1 on each sheet, and a 制表人/审核人/制表日期 line under the
table. Column widths, row heights and the page are computed in ``sheet_layout`` (the
in-app print uses the same); the widths fit the page at 100 %, so the body prints at
10 pt. Marked rows (overdue problems) get a pale fill *and* bold text, so the mark
survives a black-and-white printer.

A block sheet (统计) holds several small tables, each with its own title and header, no
print-title row, and a page break before a block that would not fit on the page.

Text is always written with ``write_string``, so "=SUM(A1)" or "+86…" stays text; text
that starts with = + - @ also gets Excel's quote prefix, so editing the cell in Excel/WPS
keeps it text.

XlsxWriter is kept as the writer (issue 14): the compiled ``rustpy-xlsxwriter`` writes a
sheet from a list of records and has no manual page breaks, no cells below the table
(the signature line) and no per-cell formats, so it cannot keep the binder's print
settings; with row preparation read by key ranges the street export is within budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

from chuangcheng_desktop.reports.workbook import sheet_layout as layout
from chuangcheng_desktop.reports.workbook.sheet_layout import Column, display_width

__all__ = ["Block", "Column", "LedgerBook", "SheetWriter", "display_width", "plan_widths"]

FONT = "宋体"
FORMULA_STARTS = ("=", "+", "-", "@")
MARK_FILL = "#FFC7CE"
WIDTH_SAMPLE_ROWS = 1000
FOOTER = "&C第&P页 共&N页"
FOOTER_COUNTED = "&C第&P页 共{pages}页"
DATE_FORMAT = "yyyy-mm-dd"
MAX_ROW_HEIGHT = 409


def plan_widths(columns: Sequence[Column], samples: Sequence[Sequence[Any]]) -> list[float]:
    """Column widths from the header and the sampled rows, fitted to the page."""
    wanted = [float(display_width(c.header) // 2 + 2) for c in columns]
    for values in samples:
        for index, value in enumerate(values[:len(columns)]):
            if value.__class__ is str and value:
                width = display_width(value) + 1.5
                if width > wanted[index]:
                    wanted[index] = width
            elif columns[index].kind == "date" and value:
                wanted[index] = max(wanted[index], 10.5)
    widths = layout.fit_widths(columns, wanted)
    return layout.avoid_bad_breaks(columns, widths, samples)


_EXCEL_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()


def _excel_serial(day: date) -> int:
    """The Excel 1900-system serial of ``day`` (shown through the date number format)."""
    return day.toordinal() - _EXCEL_EPOCH_ORDINAL


_NEEDS_EXCEL_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_")


def _xml_text(text: str) -> str:
    """Cell text as XlsxWriter writes it: control characters as _xHHHH_, then & < >."""
    if _NEEDS_EXCEL_ESCAPE.search(text):
        text = XMLwriter._escape_control_characters(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def needs_quote(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


@dataclass
class Block:
    """One small table of a block sheet (统计): its title, columns and rows."""

    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[list[Any], bool]]


class LedgerBook:
    """One .xlsx being written; call :meth:`sheet` per ledger, then :meth:`close`."""

    def __init__(self, path: Path) -> None:
        self.workbook = xlsxwriter.Workbook(str(path), {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "tmpdir": str(path.parent),
        })
        self.workbook.set_properties({"title": "创城台账", "author": "创城台账"})
        base = {"font_name": FONT, "font_size": layout.FONT_SIZE, "border": 1, "text_wrap": True,
                "valign": "vcenter"}
        self._formats: dict[tuple[str, bool, bool], Any] = {}
        for kind, extra in {
            "text": {"align": "left"},
            "center": {"align": "center"},
            "int": {"align": "center", "num_format": "0"},
            "hours": {"align": "center", "num_format": "0.0"},
            "date": {"align": "center", "num_format": DATE_FORMAT},
        }.items():
            for marked in (False, True):
                for quoted in (False, True):
                    spec = {**base, **extra}
                    if marked:
                        spec.update(bg_color=MARK_FILL, bold=True)
                    if quoted:
                        spec["quote_prefix"] = True
                    self._formats[(kind, marked, quoted)] = self.workbook.add_format(spec)
        self.title_format = self.workbook.add_format(
            {"font_name": FONT, "font_size": 16, "bold": True, "align": "center",
             "valign": "vcenter"})
        self.subtitle_format = self.workbook.add_format(
            {"font_name": FONT, "font_size": 12, "bold": True, "align": "left",
             "valign": "vcenter"})
        self.header_format = self.workbook.add_format(
            {**base, "bold": True, "align": "center", "bg_color": "#D9E1F2"})
        self.line_format = self.workbook.add_format(
            {"font_name": FONT, "font_size": 11, "align": "left", "valign": "vcenter"})

    def sheet(self, name: str, title: str, columns: Sequence[Column],
              unit_line: str = "") -> SheetWriter:
        return SheetWriter(self, self.workbook.add_worksheet(name), title, columns, unit_line)

    def block_sheet(self, name: str, title: str, unit_line: str, blocks: Sequence[Block],
                    signature: str) -> None:
        write_blocks(self, self.workbook.add_worksheet(name), title, unit_line, blocks, signature)

    def close(self) -> None:
        self.workbook.close()


def setup_page(ws: Any) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=layout.MARGIN_SIDE, right=layout.MARGIN_SIDE, top=layout.MARGIN_TOP,
                   bottom=layout.MARGIN_BOTTOM)
    ws.center_horizontally()
    ws.set_start_page(1)  # 第1页 on every sheet, even when the whole workbook is printed


def set_pages(ws: Any, first_rows: Sequence[int], *, manual: bool) -> None:
    """Page breaks before ``first_rows`` (each page's first sheet row) at 100 %, with the
    page count written out so that "共N页" counts this sheet's pages alone; a sheet with
    more pages than Excel keeps manual breaks is fitted to the page width instead."""
    if manual:
        ws.set_print_scale(100)
        if len(first_rows) > 1:
            ws.set_h_pagebreaks(list(first_rows[1:]))
        ws.set_footer(FOOTER_COUNTED.format(pages=len(first_rows)), {"margin": layout.MARGIN_FOOTER})
    else:
        ws.fit_to_pages(1, 0)
        ws.set_footer(FOOTER, {"margin": layout.MARGIN_FOOTER})


class SheetWriter:
    """Writes one ledger table; rows stream through :meth:`write_row`.

    The first rows are held back until the column widths are known (from them), so that
    every row can be given the height of its wrapped text; Excel and WPS do not grow
    rows by themselves when a file is opened.
    """

    def __init__(self, book: LedgerBook, worksheet: Any, title: str,
                 columns: Sequence[Column], unit_line: str) -> None:
        self.book = book
        self.ws = worksheet
        self.columns = list(columns)
        self.widths: list[float] = []
        self.heights: list[float] = []
        self.plan: layout.PagePlan | None = None
        self.row = 0
        self._pending: list[tuple[Sequence[Any], bool]] = []
        self._title, self._unit_line = title, unit_line
        self.header_row = 2 if unit_line else 1  # title, 填报单位 line (if any), header
        setup_page(self.ws)
        self.ws.freeze_panes(self.header_row + 1, 0)
        self.ws.repeat_rows(self.header_row)

    def write_row(self, values: Sequence[Any], *, marked: bool = False) -> None:
        if self.widths:
            self._emit(values, marked)
            return
        self._pending.append((values, marked))
        if len(self._pending) >= WIDTH_SAMPLE_ROWS:
            self._fix_widths()

    def write_rows(self, rows: Iterable[tuple[Sequence[Any], bool]]) -> int:
        count = 0
        for values, marked in rows:
            self.write_row(values, marked=marked)
            count += 1
        return count

    def _fix_widths(self) -> None:
        if self.widths:
            return
        self.widths = plan_widths(self.columns, [values for values, _ in self._pending])
        self._measure = layout.RowMeasure(self.widths)
        self._letters = [xl_col_to_name(i) for i in range(len(self.columns))]
        self._styles = {key: cell_format._get_xf_index()
                        for key, cell_format in self.book._formats.items()}
        for index, width in enumerate(self.widths):
            self.ws.set_column(index, index, width)
        ws, last = self.ws, len(self.columns) - 1
        ws.set_row(0, layout.TITLE_HEIGHT)
        _merged(ws, 0, last, self._title, self.book.title_format)
        if self._unit_line:
            ws.set_row(1, layout.UNIT_LINE_HEIGHT)
            _merged(ws, 1, last, self._unit_line, self.book.line_format)
        head = self.header_row
        ws.set_row(head, layout.header_height(self.columns, self.widths))
        for index, column in enumerate(self.columns):
            ws.write_string(head, index, column.header, self.book.header_format)
        self.row = head + 1
        self._first_data_row = self.row
        pending, self._pending = self._pending, []
        for values, marked in pending:
            self._emit(values, marked)

    def _emit(self, values: Sequence[Any], marked: bool) -> None:
        """One data row as sheet XML, straight into XlsxWriter's constant-memory row
        stream: the cells XlsxWriter writes (inline strings, numbers, styled blanks), at a
        fraction of its per-cell cost (3.9 million cells at street scale)."""
        row, columns, styles = self.row, self.columns, self._styles
        height = self._measure.height(values)
        if height > MAX_ROW_HEIGHT:
            height = MAX_ROW_HEIGHT
        self.heights.append(height)
        if row == self._first_data_row:
            self.ws._write_single_row(row)  # flush the header row XlsxWriter still holds
        number = row + 1
        parts = [f'<row r="{number}" ht="{height}" customHeight="1">']
        for index, value in enumerate(values):
            ref = f"{self._letters[index]}{number}"
            kind = columns[index].kind
            if value is None or value == "":
                parts.append(f'<c r="{ref}" s="{styles[(kind, marked, False)]}"/>')
            elif value.__class__ is str:
                if kind == "date" and len(value) == 10:
                    serial = _excel_serial(date.fromisoformat(value))
                    parts.append(f'<c r="{ref}" s="{styles[(kind, marked, False)]}"><v>{serial}</v></c>')
                else:
                    style = styles[(kind, marked, value.startswith(FORMULA_STARTS))]
                    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
                    parts.append(f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>'
                                 f'{_xml_text(value)}</t></is></c>')
            elif isinstance(value, date):
                parts.append(f'<c r="{ref}" s="{styles[(kind, marked, False)]}">'
                             f'<v>{_excel_serial(value)}</v></c>')
            else:
                parts.append(f'<c r="{ref}" s="{styles[(kind, marked, False)]}"><v>{value:.16G}</v></c>')
        parts.append("</row>")
        self.ws.fh.write("".join(parts))
        self.ws.dim_rowmax = row
        self.row += 1

    def finish(self, signature: str) -> None:
        """Flush the held-back rows and write the signature line under the table."""
        self._fix_widths()
        self.row += 1
        self.ws.set_row(self.row, layout.SIGNATURE_HEIGHT)
        _merged(self.ws, self.row, len(self.columns) - 1, signature, self.book.line_format)
        self.row += 1
        self.plan = layout.plan_pages(self.columns, self.widths, self.heights)
        first_rows = [self.header_row + 1 + start for start, _ in self.plan.pages]
        first_rows[0] = 0
        set_pages(self.ws, first_rows, manual=self.plan.manual)


def _merged(ws: Any, row: int, last: int, text: str, cell_format: Any) -> None:
    if last > 0:
        ws.merge_range(row, 0, row, last, text, cell_format)
    else:
        ws.write_string(row, 0, text, cell_format)


def block_widths(blocks: Sequence[Block]) -> list[float]:
    """One width per sheet column: the widest any block needs there, fitted to the page."""
    count = max(len(b.columns) for b in blocks)
    widths = [0.0] * count
    for block in blocks:
        planned = plan_widths(block.columns, [values for values, _ in block.rows])
        for index, width in enumerate(planned):
            widths[index] = max(widths[index], width)
    return widths


def write_blocks(book: LedgerBook, ws: Any, title: str, unit_line: str, blocks: Sequence[Block],
                 signature: str) -> None:
    """The 统计 sheet: each block with its own title and header, none split over two
    pages when it fits on one, no header row repeated over unrelated tables."""
    setup_page(ws)
    blocks = [b for b in blocks if b.rows]
    widths = block_widths(blocks) if blocks else [10.0, 20.0, 30.0]
    last = len(widths) - 1
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    ws.set_row(0, layout.TITLE_HEIGHT)
    _merged(ws, 0, last, title, book.title_format)
    ws.set_row(1, layout.UNIT_LINE_HEIGHT)
    _merged(ws, 1, last, unit_line, book.line_format)
    room = layout.PRINTABLE_HEIGHT - layout.PAGE_SAFETY
    row, used, breaks = 2, layout.TITLE_HEIGHT + layout.UNIT_LINE_HEIGHT, [0]
    for block in blocks:
        head = layout.header_height(block.columns, widths)
        heights = [layout.row_height(values, widths) for values, _ in block.rows]
        need = 12 + 24 + head + sum(heights)
        if used + need > room and need <= room:
            breaks.append(row)
            used = 0.0
        ws.set_row(row, 12)
        ws.set_row(row + 1, 24)
        ws.write_string(row + 1, 0, block.title, book.subtitle_format)
        ws.set_row(row + 2, head)
        for index, column in enumerate(block.columns):
            ws.write_string(row + 2, index, column.header, book.header_format)
        row += 3
        used += 12 + 24 + head
        for (values, marked), height in zip(block.rows, heights, strict=True):
            if used + height > room:
                breaks.append(row)
                used = 0.0
            ws.set_row(row, height)
            for index, (column, value) in enumerate(zip(block.columns, values, strict=True)):
                cell = book._formats[(column.kind, marked, False)]
                if isinstance(value, str):
                    ws.write_string(row, index, value, cell)
                else:
                    ws.write_number(row, index, value, cell)
            used += height
            row += 1
    if used + layout.GAP_HEIGHT + layout.SIGNATURE_HEIGHT > room:
        breaks.append(row + 1)
    row += 1
    ws.set_row(row, layout.SIGNATURE_HEIGHT)
    _merged(ws, row, last, signature, book.line_format)
    set_pages(ws, breaks, manual=True)
