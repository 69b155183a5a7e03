"""The printed-ledger look of one worksheet, written with XlsxWriter in streaming mode.

Every ledger sheet looks the same: a title row (unit + ledger + period) merged over the
table, one header row that is frozen and repeated on every printed page, thin borders,
wrapped text, column widths that fit Chinese (a CJK character counts as 2), A4 landscape
fitted to the page width, footer "第&P页 共&N页", and a 制表人/审核人/制表日期 line under
the table. Marked rows (overdue problems) get a red fill.

Text is always written with ``write_string``, so "=SUM(A1)" or "+86…" stays text; text
that starts with = + - @ also gets Excel's quote prefix, so editing the cell in Excel/WPS
keeps it text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter

FONT = "宋体"
FORMULA_STARTS = ("=", "+", "-", "@")
MARK_FILL = "#FFC7CE"
MARK_FONT = "#9C0006"
WIDTH_SAMPLE_ROWS = 1000
FOOTER = "&C第&P页 共&N页"
DATE_FORMAT = "yyyy-mm-dd"
LINE_HEIGHT = 12.75  # points per wrapped line of 10-point 宋体


@dataclass(frozen=True)
class Column:
    """A table column: its header, how its cells are shown, and its width bounds."""

    header: str
    kind: str = "text"  # text | center | int | hours | date
    min_width: int = 6
    max_width: int = 30


def display_width(text: str) -> int:
    """Width in Excel character units of the longest line: CJK characters count as 2.

    Computed from the UTF-8 length (CJK and full-width characters take 3 bytes, ASCII 1),
    which is exact for Chinese text and fast enough for 100,000-row ledgers.
    """
    if "\n" in text:
        return max(display_width(line) for line in text.split("\n"))
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def line_count(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide."""
    usable = max((width - 1) * 1.1, 2)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))


_EXCEL_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()


def _excel_serial(day: date) -> int:
    """The Excel 1900-system serial of ``day`` (shown through the date number format)."""
    return day.toordinal() - _EXCEL_EPOCH_ORDINAL


def needs_quote(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


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
        base = {"font_name": FONT, "font_size": 10, "border": 1, "text_wrap": True,
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
                        spec.update(bg_color=MARK_FILL, font_color=MARK_FONT)
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
        self.signature_format = self.workbook.add_format(
            {"font_name": FONT, "font_size": 11, "align": "left", "valign": "vcenter"})

    def sheet(self, name: str, title: str, columns: Sequence[Column]) -> SheetWriter:
        return SheetWriter(self, self.workbook.add_worksheet(name), title, columns)

    def close(self) -> None:
        self.workbook.close()


class SheetWriter:
    """Writes one ledger table; rows stream through :meth:`write_row`.

    The first rows are held back until the column widths are known (from them), so that
    every row can be given a height that shows all of its wrapped text; Excel and WPS do
    not grow rows by themselves when a file is opened.
    """

    def __init__(self, book: LedgerBook, worksheet: Any, title: str,
                 columns: Sequence[Column]) -> None:
        self.book = book
        self.ws = worksheet
        self.columns = list(columns)
        self.widths: list[float] = [max(c.min_width, display_width(c.header) + 2)
                                    for c in self.columns]
        self.row = 0
        self._pending: list[tuple[Sequence[Any], bool, Sequence[Column]]] = []
        self._widths_fixed = False
        self._setup_page()
        self.ws.set_row(0, 32)
        self._merged(title, self.book.title_format)
        self.write_header(self.columns)
        self.ws.freeze_panes(2, 0)
        self.ws.repeat_rows(1)

    def _setup_page(self) -> None:
        ws = self.ws
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.7)
        ws.center_horizontally()
        ws.set_footer(FOOTER)

    def _merged(self, text: str, cell_format: Any) -> None:
        last = len(self.columns) - 1
        if last > 0:
            self.ws.merge_range(self.row, 0, self.row, last, text, cell_format)
        else:
            self.ws.write_string(self.row, 0, text, cell_format)
        self.row += 1

    def write_header(self, columns: Sequence[Column]) -> None:
        self.ws.set_row(self.row, 24)
        for index, column in enumerate(columns):
            self.ws.write_string(self.row, index, column.header, self.book.header_format)
        self.row += 1

    def write_subtitle(self, text: str, columns: Sequence[Column]) -> None:
        """A second table further down the sheet (the by-month table of 统计)."""
        self._fix_widths()
        self.row += 1
        self.ws.set_row(self.row, 24)
        self.ws.write_string(self.row, 0, text, self.book.subtitle_format)
        self.row += 1
        self.write_header(columns)

    def write_row(self, values: Sequence[Any], *, marked: bool = False,
                  columns: Sequence[Column] | None = None) -> None:
        columns = columns or self.columns
        if self._widths_fixed:
            self._emit(values, marked, columns)
            return
        self._pending.append((values, marked, columns))
        for index, value in enumerate(values):
            if isinstance(value, str) and value and index < len(self.widths):
                width = display_width(value) + 2
                if width > self.widths[index]:
                    self.widths[index] = width
        if len(self._pending) >= WIDTH_SAMPLE_ROWS:
            self._fix_widths()

    def write_rows(self, rows: Iterable[tuple[Sequence[Any], bool]]) -> int:
        count = 0
        for values, marked in rows:
            self.write_row(values, marked=marked)
            count += 1
        return count

    def _fix_widths(self) -> None:
        if self._widths_fixed:
            return
        self._widths_fixed = True
        for index, column in enumerate(self.columns):
            self.widths[index] = min(max(self.widths[index], column.min_width), column.max_width)
            self.ws.set_column(index, index, self.widths[index])
        pending, self._pending = self._pending, []
        for values, marked, columns in pending:
            self._emit(values, marked, columns)

    def _emit(self, values: Sequence[Any], marked: bool, columns: Sequence[Column]) -> None:
        ws, formats, row, widths = self.ws, self.book._formats, self.row, self.widths
        lines = 1
        for index, value in enumerate(values):
            if (value.__class__ is str and len(value) * 2 + 2 > widths[index]
                    and columns[index].kind != "date"):
                lines = max(lines, line_count(value, widths[index]))
        if lines > 1:
            ws.set_row(row, min(LINE_HEIGHT * lines + 4, 409))
        for index, (column, value) in enumerate(zip(columns, values, strict=True)):
            kind = column.kind
            if value is None or value == "":
                ws.write_blank(row, index, None, formats[(kind, marked, False)])
            elif value.__class__ is str:
                if kind == "date" and len(value) == 10:
                    ws.write_number(row, index, _excel_serial(date.fromisoformat(value)),
                                    formats[(kind, marked, False)])
                else:
                    ws.write_string(row, index, value,
                                    formats[(kind, marked, value.startswith(FORMULA_STARTS))])
            elif isinstance(value, date):
                ws.write_number(row, index, _excel_serial(value), formats[(kind, marked, False)])
            else:
                ws.write_number(row, index, value, formats[(kind, marked, False)])
        self.row += 1

    def finish(self, signature: str) -> None:
        """Flush the held-back rows and write the signature line under the table."""
        self._fix_widths()
        self.row += 1
        self.ws.set_row(self.row, 24)
        self._merged(signature, self.book.signature_format)
