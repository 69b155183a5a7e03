"""A bordered table inside a GB/T 9704 document (proof service lists, sign-in sheets, 公示):
仿宋 on every run, centred header in 黑体, fixed column widths and an exact row height."""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table

from chuangcheng_desktop.reports.docx_layout import (
    FONT_BODY,
    FONT_HEADING_1,
    GongwenDocument,
    set_run_font,
)

TABLE_FONT_SIZE = Pt(10.5)  # 五号


def add_table(doc: GongwenDocument, headers: Sequence[str], rows: Sequence[Sequence[str]], *,
              widths_mm: Sequence[float], size: Length = TABLE_FONT_SIZE, row_height_mm: float = 8,
              left_columns: Sequence[int] = ()) -> Table:
    """A table with a repeated header row; cells centred except ``left_columns``."""
    table = doc.document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = doc.document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    for number, row in enumerate([list(headers), *[list(r) for r in rows]]):
        table_row = table.rows[number]
        table_row.height = Mm(row_height_mm)
        table_row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        if number == 0:
            _repeat_header(table_row)
        for column, text in enumerate(row):
            cell = table_row.cells[column]
            cell.width = Mm(widths_mm[column])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.first_line_indent = Pt(0)
            off_grid(paragraph)
            paragraph.alignment = (WD_ALIGN_PARAGRAPH.LEFT if column in left_columns and number
                                   else WD_ALIGN_PARAGRAPH.CENTER)
            set_run_font(paragraph.add_run(str(text)), FONT_HEADING_1 if number == 0 else FONT_BODY,
                         size)
    for column, width in enumerate(widths_mm):
        table.columns[column].width = Mm(width)
    return table


def off_grid(paragraph) -> None:
    """Single spacing inside cells: the page's 22-line grid would make every line 28.95 pt."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().insert_element_before(
        snap, "w:spacing", "w:ind", "w:jc", "w:textAlignment", "w:rPr")


def _fixed_layout(table: Table) -> None:
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
