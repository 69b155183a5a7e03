"""Paint a ledger onto printer pages exactly as the workbook prints: the same columns,
widths, 10-point body, row heights and page breaks (``reports.workbook.print_plan``),
the header repeated on every page, the 填报单位 line under the title, the signature line
on the last page and "第N页 共M页" at the foot. Used by the print preview and save-as-PDF.
Qt's line breaking keeps punctuation off the start of a line and names whole."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from chuangcheng_desktop.reports.workbook import sheet_layout as layout
from chuangcheng_desktop.reports.workbook.print_plan import PrintTable, print_table

__all__ = ["PrintTable", "print_table", "render", "setup_printer"]

PAGE_TEXT = "第{page}页 共{pages}页"
MARK_COLOR = QColor("#FFC7CE")
HEADER_COLOR = QColor("#D9E1F2")
PADDING = 2.0  # points
INCH_MM = 25.4
ALIGN = {"text": Qt.AlignmentFlag.AlignLeft}


def setup_printer(printer: QPrinter) -> None:
    """A4 landscape with the workbook's margins."""
    margins = QMarginsF(layout.MARGIN_SIDE * INCH_MM, layout.MARGIN_TOP * INCH_MM,
                        layout.MARGIN_SIDE * INCH_MM, layout.MARGIN_BOTTOM * INCH_MM)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Landscape, margins,
                                      QPageLayout.Unit.Millimeter))


def render(table: PrintTable, printer: QPrinter) -> int:
    """Paint every page; return the page count."""
    painter = QPainter(printer)
    try:
        scale = printer.resolution() / 72.0  # device pixels per point
        page = printer.pageLayout().paintRectPixels(printer.resolution())
        body = QFont("Noto Serif CJK SC")
        body.setFamilies(["宋体", "SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC"])
        body.setPointSizeF(table.font_size)
        title_font = QFont(body)
        title_font.setPointSizeF(16)
        title_font.setBold(True)
        widths = [w * scale for w in table.widths]
        left = max((page.width() - sum(widths)) / 2, 0)
        total = len(table.pages)
        for number, (start, end) in enumerate(table.pages, start=1):
            if number > 1:
                printer.newPage()
            y = 0.0
            if number == 1:
                painter.setFont(title_font)
                painter.drawText(QRectF(0, 0, page.width(), layout.TITLE_HEIGHT * scale),
                                 Qt.AlignmentFlag.AlignCenter, table.title)
                y = layout.TITLE_HEIGHT * scale
                painter.setFont(body)
                painter.drawText(QRectF(left, y, page.width(), layout.UNIT_LINE_HEIGHT * scale),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 table.unit_line)
                y += layout.UNIT_LINE_HEIGHT * scale
            painter.setFont(body)
            if table.header_height:
                y = _draw_row(painter, table.headers, ["center"] * len(widths), widths, left, y,
                              table.header_height * scale, HEADER_COLOR, True, scale)
            for index in range(start, end):
                values, marked = table.rows[index]
                y = _draw_row(painter, values, table.kinds, widths, left, y,
                              table.heights[index] * scale, MARK_COLOR if marked else None,
                              marked, scale)
            if number == total:
                y += layout.GAP_HEIGHT * scale
                painter.drawText(QRectF(left, y, page.width(), layout.SIGNATURE_HEIGHT * scale),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 table.signature)
            foot = layout.MARGIN_BOTTOM * 72 * scale / 2
            painter.drawText(QRectF(0, page.height() + foot * 0.2, page.width(), foot),
                             Qt.AlignmentFlag.AlignCenter,
                             PAGE_TEXT.format(page=number, pages=total))
        return total
    finally:
        painter.end()


def _draw_row(painter: QPainter, values: list[str], kinds: list[str], widths: list[float],
              x: float, y: float, height: float, fill: QColor | None, bold: bool,
              scale: float) -> float:
    font = painter.font()
    font.setBold(bold)
    painter.setFont(font)
    pad = PADDING * scale
    for value, kind, width in zip(values, kinds, widths, strict=False):
        cell = QRectF(x, y, width, height)
        if fill is not None:
            painter.fillRect(cell, fill)
        painter.drawRect(cell)
        align = ALIGN.get(kind, Qt.AlignmentFlag.AlignHCenter) | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(cell.adjusted(pad, pad, -pad, -pad),
                         int(Qt.TextFlag.TextWordWrap | align), value)
        x += width
    font.setBold(False)
    painter.setFont(font)
    return y + height
