"""Form tables for the binder's printables, on the 公文 page of ``docx_layout``: label
cells in 黑体, value cells in 仿宋, 小四 (12 pt) so a form fits one A4 page, photos in
cells, and signature lines. Files are written to a free name (never over an earlier
file), through a temp file renamed into place."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell

from chuangcheng_desktop.reports.docx_layout import (
    FONT_BODY,
    FONT_HEADING_1,
    TEXT_WIDTH,
    GongwenDocument,
    set_run_font,
)
from chuangcheng_desktop.reports.files import next_free_path, write_atomically
from chuangcheng_desktop.reports.photos import prepare_photo

logger = logging.getLogger(__name__)

SIZE_FORM = Pt(12)  # 小四
FORM_LINE = Pt(18)
LABEL_WIDTH = Mm(28)
NO_PHOTO = "（无照片）"
SPACE_BEFORE_LINE = Pt(6)
MIN_ROW = Mm(8)
WRITE_ROW = Mm(14)  # a row left blank to be written in by hand


FORM_MARGIN_TOP, FORM_MARGIN_BOTTOM = Mm(25), Mm(22)


def form_document() -> GongwenDocument:
    """The 公文 page (fonts, side margins, page numbers) with the smaller top and bottom
    margins of a form, so that one problem's form and its photos fit one A4 page."""
    document = GongwenDocument()
    section = document.document.sections[0]
    section.top_margin, section.bottom_margin = FORM_MARGIN_TOP, FORM_MARGIN_BOTTOM
    section.footer_distance = Mm(12)
    return document


def form_title(document: GongwenDocument, text: str) -> None:
    """The 公文 title without the empty line ``docx_layout`` puts under it (a form needs
    the room)."""
    document.title(text)
    blank = document.document.paragraphs[-1]._p
    blank.getparent().remove(blank)


def form_table(document: GongwenDocument, rows: Sequence[tuple[str, str] | tuple[str, str, Length]],
               *, label_width: Length = LABEL_WIDTH) -> Table:
    """A two-column form: label | value, full text width, thin borders; a row may give
    its least height (room to write by hand)."""
    table = document.document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value, *height in rows:
        cells = table.add_row().cells
        write_cell(cells[0], label, bold=True, center=True)
        write_cell(cells[1], value, height=height[0] if height else MIN_ROW)
    set_widths(table, [label_width, Length(int(TEXT_WIDTH) - int(label_width))])
    return table


def set_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths (Word, WPS and LibreOffice all keep them)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def write_cell(cell: _Cell, text: str, *, bold: bool = False, center: bool = False,
               height: Length | None = None) -> None:
    """Text in a cell (lines kept as paragraphs), 4号, labels in 黑体."""
    lines = text.split("\n") if text else [""]
    paragraph = cell.paragraphs[0]
    for number, line in enumerate(lines):
        if number:
            paragraph = cell.add_paragraph()
        _form_lines(paragraph)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
        set_run_font(paragraph.add_run(line), FONT_HEADING_1 if bold else FONT_BODY, SIZE_FORM)
    cell.vertical_alignment = 1  # center
    if height is not None:
        row = cell._tc.getparent()
        tr_pr = row.get_or_add_trPr()
        tr_height = OxmlElement("w:trHeight")
        tr_height.set(qn("w:val"), str(Length(int(height)).twips))
        tr_height.set(qn("w:hRule"), "atLeast")
        tr_pr.append(tr_height)


def _form_lines(paragraph) -> None:
    """Exact lines of the form's size, not snapped to the 公文 page's 28.95-pt grid."""
    p_pr = paragraph._p.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p_pr.append(snap)
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = FORM_LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(0)


def photo_cell(cell: _Cell, path: Path | None, width: Length, height: Length,
               caption: str = "") -> bool:
    """A photo fitted into ``width`` × ``height`` (aspect kept), with a caption below;
    a missing or unreadable photo leaves a note. True when a photo was placed."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().append(snap)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # a picture line
    paragraph.paragraph_format.space_before = Pt(4)
    placed = False
    if path is not None and path.exists():
        try:
            photo = prepare_photo(path)
        except Exception:  # noqa: BLE001 - a photo Pillow cannot read is skipped, never a crash
            logger.info("photo %s could not be read", path)
        else:
            scale = min(int(width) / photo.width_px, int(height) / photo.height_px)
            run = paragraph.add_run()
            run.add_picture(BytesIO(photo.data), width=Length(int(photo.width_px * scale)),
                            height=Length(int(photo.height_px * scale)))
            placed = True
    if not placed:
        _form_lines(paragraph)
        set_run_font(paragraph.add_run(NO_PHOTO), FONT_BODY, SIZE_FORM)
    if caption:
        note = cell.add_paragraph()
        _form_lines(note)
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(note.add_run(caption), FONT_BODY, Pt(12))
    return placed


def line(document: GongwenDocument, text: str, *, align: str = "left",
         size: Length = SIZE_FORM, space_before: Length = SPACE_BEFORE_LINE) -> None:
    """A single line outside the tables (the signature lines, the cut line)."""
    paragraph = document.document.add_paragraph()
    _form_lines(paragraph)
    paragraph.paragraph_format.space_before = space_before
    paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                           "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    set_run_font(paragraph.add_run(text), FONT_BODY, size)


def save_new(document: GongwenDocument, out_path: Path | str) -> Path:
    """Save to ``out_path``, or beside it under a free name when that file exists."""
    target = next_free_path(Path(out_path))
    return write_atomically(target, document.save)
