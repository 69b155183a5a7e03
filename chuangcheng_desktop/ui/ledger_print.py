"""Paint a ledger table onto printer pages: the same title, columns, rows and signature
line as the exported sheet (``reports.ledger_sheets``), the header repeated on every page
and "第N页 共M页" at the foot. Used by the print preview and by save-as-PDF."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from chuangcheng_desktop.reports.workbook.ledger_sheets import SheetTable

PAGE_TEXT = "第{page}页 共{pages}页"
MARK_COLOR = QColor("#FFC7CE")
HEADER_COLOR = QColor("#D9E1F2")
PADDING = 3.0


@dataclass
class PrintTable:
    """A ledger held in memory for printing (rows already formatted as text)."""

    title: str
    headers: list[str]
    widths: list[float]
    rows: list[tuple[list[str], bool]]
    signature: str


def print_table(table: SheetTable, *, limit: int) -> PrintTable:
    rows: list[tuple[list[str], bool]] = []
    for values, marked in table.rows:
        rows.append(([_text(v) for v in values], marked))
        if len(rows) >= limit:
            break
    for extra in table.extras:
        if extra.rows:
            rows.append(([extra.title] + [""] * (len(table.columns) - 1), False))
            rows.append(([column.header for column in extra.columns], False))
        for values, marked in extra.rows:
            rows.append(([_text(v) for v in values], marked))
    widths = [float(max(c.min_width, min(c.max_width, len(c.header) * 2 + 2)))
              for c in table.columns]
    return PrintTable(table.title, [c.header for c in table.columns], widths, rows,
                      table.signature)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def setup_printer(printer: QPrinter) -> None:
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Landscape,
                                      QMarginsF(10, 10, 10, 12), QPageLayout.Unit.Millimeter))


def render(table: PrintTable, printer: QPrinter) -> int:
    """Paint every page; return the page count."""
    painter = QPainter(printer)
    try:
        page = printer.pageLayout().paintRectPixels(printer.resolution())
        area = QRectF(0, 0, page.width(), page.height())
        body = QFont("Noto Sans CJK SC")
        body.setPointSizeF(8)
        title_font = QFont(body)
        title_font.setPointSizeF(14)
        title_font.setBold(True)
        painter.setFont(body)
        metrics = QFontMetricsF(body, printer)
        scale = area.width() / sum(table.widths)
        widths = [w * scale for w in table.widths]
        header_height = _row_height(painter, table.headers, widths, metrics)
        footer_height = metrics.height() * 2
        heights = [_row_height(painter, values, widths, metrics) for values, _ in table.rows]
        pages = _paginate(heights, area.height() - footer_height - header_height,
                          first_extra=metrics.height() * 4)
        total = len(pages)
        for number, (start, end) in enumerate(pages, start=1):
            if number > 1:
                printer.newPage()
            y = 0.0
            if number == 1:
                painter.setFont(title_font)
                box = QRectF(0, 0, area.width(), metrics.height() * 3)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, table.title)
                painter.setFont(body)
                y = box.height()
            y = _draw_row(painter, table.headers, widths, y, header_height, HEADER_COLOR, True)
            for index in range(start, end):
                values, marked = table.rows[index]
                y = _draw_row(painter, values, widths, y, heights[index],
                              MARK_COLOR if marked else None, False)
            if number == total:
                painter.drawText(QRectF(0, y + metrics.height() * 0.5, area.width(),
                                        metrics.height() * 1.5),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 table.signature)
            painter.drawText(QRectF(0, area.height() - footer_height, area.width(), footer_height),
                             Qt.AlignmentFlag.AlignCenter,
                             PAGE_TEXT.format(page=number, pages=total))
        return total
    finally:
        painter.end()


def _row_height(painter: QPainter, values: list[str], widths: list[float],
                metrics: QFontMetricsF) -> float:
    tallest = metrics.height()
    for value, width in zip(values, widths, strict=False):
        if value:
            box = metrics.boundingRect(QRectF(0, 0, width - 2 * PADDING, 10_000),
                                       int(Qt.TextFlag.TextWordWrap), value)
            tallest = max(tallest, box.height())
    return tallest + 2 * PADDING


def _paginate(heights: list[float], room: float, *, first_extra: float) -> list[tuple[int, int]]:
    pages, start, used = [], 0, first_extra
    for index, height in enumerate(heights):
        if used + height > room and index > start:
            pages.append((start, index))
            start, used = index, 0.0
        used += min(height, room)
    pages.append((start, len(heights)))
    return pages


def _draw_row(painter: QPainter, values: list[str], widths: list[float], y: float, height: float,
              fill: QColor | None, bold: bool) -> float:
    x = 0.0
    font = painter.font()
    font.setBold(bold)
    painter.setFont(font)
    for value, width in zip(values, widths, strict=False):
        cell = QRectF(x, y, width, height)
        if fill is not None:
            painter.fillRect(cell, fill)
        painter.drawRect(cell)
        painter.drawText(cell.adjusted(PADDING, PADDING, -PADDING, -PADDING),
                         int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignVCenter), value)
        x += width
    font.setBold(False)
    painter.setFont(font)
    return y + height
