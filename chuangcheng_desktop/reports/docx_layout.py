"""GB/T 9704-2012 page layout for .docx documents (summaries, 整改通知书 …).

A :class:`GongwenDocument` wraps a python-docx ``Document`` set up as a 公文: A4, margins
37/35/28/26 mm, 22 lines of 28 characters per page (exact 28.95 pt line spacing and
``w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-1024"``: a 15.75 pt
character pitch, 28 × 15.75 pt ≤ 156 mm < 29 ×), page numbers "— 1 —" in 宋体 14 pt, odd
pages right and even pages left, one character in. Its methods add the title, body
paragraphs, headings of the three levels, the signature block (kept on the page of the
closing lines), pictures, page breaks and sections whose page numbers restart. Every run
gets its font on ``w:ascii``, ``w:hAnsi`` and ``w:eastAsia`` so Word and WPS show the
公文 fonts (they are named, never embedded). The file's core properties are set (title,
author, created now, zh-CN) and python-docx's template leftovers (2013 dates, "Microsoft
Macintosh Word", ja-JP theme language, thumbnail) are replaced or dropped.

The grid is declared (Word's and WPS's 页面设置 show 28 字 × 22 行) and the text keeps to
it by its own metrics: exact 28.95 pt lines and characters condensed by 0.3 pt (15.7 pt
each), with paragraphs not snapped into grid cells, so Word, WPS and LibreOffice all set
28 characters a line and keep numbers whole (LibreOffice's cell snapping does neither).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from chuangcheng_desktop.reports.letterhead import copy_body

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING_1 = "黑体"
FONT_HEADING_2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"

SIZE_TITLE = Pt(22)  # 2号
SIZE_BODY = Pt(16)  # 3号
SIZE_PAGE_NUMBER = Pt(14)  # 4号
SIZE_CAPTION = Pt(14)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH = Length(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)  # 156 mm
LINE_PITCH_TWIPS = 579  # 225 mm ÷ 22 lines ≈ 28.95 pt
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
# Character pitch in whole twips that fits 28 characters in the text width, as the grid's
# w:charSpace (1/4096 pt added to the 16 pt body size): 8844 twips ÷ 28 → 315 twips = 15.75 pt.
CHAR_PITCH_TWIPS = int(TEXT_WIDTH.twips // CHARS_PER_LINE)
CHAR_SPACE = round((CHAR_PITCH_TWIPS / 20 - 16) * 4096)
# 3号 condensed by 0.3 pt: 15.7 pt a character; 28 of them take 439.6 pt of the 442.2 pt
# line (room for the renderers' rounding), 29 would take 455.3 pt.
CHAR_CONDENSE_TWIPS = -6
LINE_SPACING = Pt(28.95)
FOOTER_DISTANCE = Mm(24)  # puts "— 1 —" about 7 mm below the text block
CHAR = SIZE_BODY  # one character of body text

_NUMBERED_POINT = re.compile(r"^(\d+[.．]|（\d+）)")


def set_run_font(run: Run, font: str, size: Length, *, bold: bool = False) -> Run:
    """Name ``font`` for Latin and East Asian text alike, with its size and weight."""
    run.font.name = font
    run.font.size = size
    run.font.bold = bold
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)
    return run


def _exact_lines(paragraph: Paragraph, spacing: Length = LINE_SPACING) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = spacing
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


_AUTO_SPACE_SUCCESSORS = (
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)


def _no_auto_space(p_pr: Any) -> None:  # p_pr: a CT_PPr
    """No extra gap between Chinese and digits ("6次", not "6 次"), as 公文 templates set.
    Inserted in schema order (Word rejects out-of-order pPr children)."""
    for name, successors in (("w:autoSpaceDE", ("w:autoSpaceDN", *_AUTO_SPACE_SUCCESSORS)),
                             ("w:autoSpaceDN", _AUTO_SPACE_SUCCESSORS)):
        if p_pr.find(qn(name)) is None:
            element = OxmlElement(name)
            element.set(qn("w:val"), "0")
            p_pr.insert_element_before(element, *successors)


def _indent_chars(paragraph: Paragraph, chars: int) -> None:
    """First-line indent in characters (Word's 首行缩进 N 字符), with a point fallback."""
    paragraph.paragraph_format.first_line_indent = Length(CHAR * chars)
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def set_grid(sect_pr: Any) -> None:
    """The 28 × 22 document grid on a section (a CT_SectPr)."""
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


def _off_char_grid(paragraph: Paragraph) -> None:
    _off_char_grid_p_pr(paragraph._p.get_or_add_pPr())


def _off_char_grid_p_pr(p_pr: Any) -> None:
    """Text is set at its own pitch (不对齐网格) rather than snapped into the grid's cells:
    LibreOffice gives a 3号 character wider than a cell two cells, and breaks numbers
    between digits; the 0.3 pt condensed pitch makes the same 28 characters a line."""
    if p_pr.find(qn("w:snapToGrid")) is None:
        element = OxmlElement("w:snapToGrid")
        element.set(qn("w:val"), "0")
        p_pr.insert_element_before(element, *_AUTO_SPACE_SUCCESSORS[3:])


def _chinese_language(document: Any) -> None:
    """zh-CN as the East Asian language of the text and of the theme fonts (the template
    says en-US and ja-JP); digits and Latin text stay en-US, or LibreOffice's Chinese line
    breaking splits a number such as 9737 over two lines."""
    styles = document.styles.element
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "en-US")  # digits and Latin text: never broken inside a number
    lang.set(qn("w:eastAsia"), "zh-CN")
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "en-US")
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


APP_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>chuangcheng-desktop</Application><DocSecurity>0</DocSecurity>"
    "<LinksUpToDate>false</LinksUpToDate></Properties>")
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


def set_document_properties(document: Any, *, title: str, author: str,
                            now: datetime | None = None) -> None:
    """Title, author (the unit), created/modified now, zh-CN; no template leftovers."""
    now = (now or datetime.now()).replace(microsecond=0)
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.created = properties.modified = now
    properties.language = "zh-CN"
    properties.comments = ""
    properties.revision = 1
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == _THUMBNAIL:
            package.rels.pop(rel.rId)
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = APP_PROPERTIES.encode()


class GongwenDocument:
    def __init__(self) -> None:
        self.document = Document()
        self._setup_styles()
        self._setup_section()
        self._setup_page_numbers()

    # --- setup ------------------------------------------------------------------------------

    def _setup_styles(self) -> None:
        normal = self.document.styles["Normal"]
        normal.font.name = FONT_BODY
        normal.font.size = SIZE_BODY
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT_BODY)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_SPACING
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.widow_control = False  # 22 lines on every full page (孤行控制 off, as 公文 templates)
        _no_auto_space(normal.element.get_or_add_pPr())
        _off_char_grid_p_pr(normal.element.get_or_add_pPr())
        r_pr = normal.element.get_or_add_rPr()
        if r_pr.find(qn("w:spacing")) is None:
            condensed = OxmlElement("w:spacing")
            condensed.set(qn("w:val"), str(CHAR_CONDENSE_TWIPS))
            r_pr.insert_element_before(condensed, "w:w", "w:kern", "w:position", "w:sz",
                                       "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                                       "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                                       "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
                                       "w:oMath")
        _chinese_language(self.document)

    def _setup_section(self) -> None:
        section = self.document.sections[0]
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.header_distance = Mm(15)
        section.footer_distance = FOOTER_DISTANCE
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        set_grid(sect_pr)

    def _setup_page_numbers(self) -> None:
        self.document.settings.odd_and_even_pages_header_footer = True
        section = self.document.sections[0]
        odd = section.footer.paragraphs[0]
        even = section.even_page_footer.paragraphs[0]
        for paragraph, alignment in ((odd, WD_ALIGN_PARAGRAPH.RIGHT),
                                     (even, WD_ALIGN_PARAGRAPH.LEFT)):
            paragraph.alignment = alignment
            _off_char_grid(paragraph)
            fmt = paragraph.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = SIZE_PAGE_NUMBER
            else:
                fmt.left_indent = SIZE_PAGE_NUMBER
            self._page_number_runs(paragraph)

    def _page_number_runs(self, paragraph: Paragraph) -> None:
        def run(text: str = "") -> Run:
            return set_run_font(paragraph.add_run(text), FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)

        run("— ")
        for kind in ("begin", None, "separate", "1", "end"):
            r = run()
            if kind is None:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = " PAGE "
                r._r.append(instr)
            elif kind == "1":
                r.text = "1"
            else:
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
                r._r.append(field)
        run(" —")

    # --- content ----------------------------------------------------------------------------

    def title(self, text: str, *, break_before: str = "", page_break: bool = False) -> Paragraph:
        """The title: 方正小标宋简体 2号, centred; followed by one empty line. A title too long
        for one line is broken before ``break_before`` (e.g. before "创建文明城市")
        rather than leaving one or two characters alone on the second line."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.page_break_before = page_break
        paragraph.paragraph_format.keep_with_next = True
        _exact_lines(paragraph)  # two body lines of the grid, no extra gap
        _off_char_grid(paragraph)
        for number, line in enumerate(title_lines(text, break_before)):
            run = paragraph.add_run()
            if number:
                run.add_break()
            run.add_text(line)
            set_run_font(run, FONT_TITLE, SIZE_TITLE)
        self.blank()
        return paragraph

    def blank(self) -> Paragraph:
        paragraph = self.document.add_paragraph()
        _exact_lines(paragraph)
        set_run_font(paragraph.add_run(""), FONT_BODY, SIZE_BODY)
        return paragraph

    def body(self, text: str, *, bold_lead: bool | None = None) -> Paragraph:
        """A body paragraph, 仿宋_GB2312 3号, two characters indented, justified. A paragraph
        that starts with "1." has its first sentence in bold (the third heading level)."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _exact_lines(paragraph)
        _indent_chars(paragraph, 2)
        if bold_lead is None:
            bold_lead = bool(re.match(r"^\d+[.．]", text))
        lead, rest = split_lead(text) if bold_lead else ("", text)
        if lead:
            set_run_font(paragraph.add_run(lead), FONT_BODY, SIZE_BODY, bold=True)
        if rest or not lead:
            set_run_font(paragraph.add_run(rest), FONT_BODY, SIZE_BODY)
        return paragraph

    def heading(self, level: int, text: str) -> Paragraph:
        """一、 (黑体) for level 1, （一） (楷体_GB2312) for level 2, 1. (仿宋 bold) for level 3;
        ``text`` includes its number."""
        font, bold = {1: (FONT_HEADING_1, False), 2: (FONT_HEADING_2, False),
                      3: (FONT_BODY, True)}[level]
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _exact_lines(paragraph)
        _indent_chars(paragraph, 2)
        paragraph.paragraph_format.keep_with_next = True
        set_run_font(paragraph.add_run(text), font, SIZE_BODY, bold=bold)
        return paragraph

    def label(self, text: str, *, font: str = FONT_HEADING_1, page_break: bool = False) -> Paragraph:
        """A line flush left without indent, e.g. "附件" at the top of an appendix page."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.page_break_before = page_break
        _exact_lines(paragraph)
        set_run_font(paragraph.add_run(text), font, SIZE_BODY)
        return paragraph

    def signature(self, unit: str, date_text: str) -> None:
        """Unit name above the date, the longer line about four characters in from the right
        and the shorter one centred on it (成文日期右空四字)."""
        closing = self.document.paragraphs[-1] if self.document.paragraphs else None
        if closing is not None:
            closing.paragraph_format.keep_with_next = True
        self.blank().paragraph_format.keep_with_next = True
        widths = {text: text_width(text) for text in (unit, date_text) if text}
        longest = max(widths.values(), default=0)
        for number, (text, width) in enumerate(widths.items(), start=1):
            paragraph = self.document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _exact_lines(paragraph)
            paragraph.paragraph_format.keep_with_next = number < len(widths)
            paragraph.paragraph_format.right_indent = Length(int(CHAR * (4 + (longest - width) / 2)))
            set_run_font(paragraph.add_run(text), FONT_BODY, SIZE_BODY)

    def picture(self, image: IO[bytes] | str | Path, width: Length, height: Length) -> Paragraph:
        """A centred picture in its own paragraph (single spacing, so it is not clipped)."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.space_before = Pt(6)
        fmt.space_after = Pt(0)
        fmt.keep_with_next = True
        run = set_run_font(paragraph.add_run(), FONT_BODY, SIZE_BODY)
        run.add_picture(image, width=width, height=height)
        return paragraph

    def caption(self, text: str) -> Paragraph:
        """A centred caption (4号) under a picture; its lines ("\n") break only where the
        caller put them, never inside a name."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _exact_lines(paragraph)
        _off_char_grid(paragraph)
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.paragraph_format.keep_together = True
        for number, line in enumerate(text.split("\n")):
            run = paragraph.add_run()
            if number:
                run.add_break()
            run.add_text(line)
            set_run_font(run, FONT_BODY, SIZE_CAPTION)
        return paragraph

    def page_break(self) -> None:
        paragraph = self.document.add_paragraph()
        _exact_lines(paragraph)
        run = set_run_font(paragraph.add_run(), FONT_BODY, SIZE_BODY)
        run.add_break(WD_BREAK.PAGE)

    def letterhead(self, path: Path | str | None) -> bool:
        """Put the content of the user's 文书版头 .docx (red 版头, 发文字号 line, logo …) here;
        False (and the built-in plain layout) when there is none or it cannot be read."""
        if not path:
            return False
        return copy_body(Path(path), self.document)

    def new_section(self) -> None:
        """Start a new page whose page numbers restart at 1 (one notice of several)."""
        section = self.document.add_section(WD_SECTION_START.NEW_PAGE)
        sect_pr = section._sectPr
        number_type = sect_pr.find(qn("w:pgNumType"))
        if number_type is None:
            number_type = OxmlElement("w:pgNumType")
            sect_pr.insert_element_before(number_type, "w:cols", "w:formProt", "w:vAlign",
                                          "w:noEndnote", "w:titlePg", "w:textDirection",
                                          "w:bidi", "w:rtlGutter", "w:docGrid",
                                          "w:printerSettings", "w:sectPrChange")
        number_type.set(qn("w:start"), "1")

    def save(self, path: Path | str) -> None:
        self.document.save(str(path))


TITLE_CHARS_PER_LINE = 18  # 156 mm holds 20 characters of 22 pt; keep a margin for digits
CAPTION_CHARS_PER_LINE = 30  # 156 mm holds 32 characters of 14 pt


def caption_lines(parts: list[str]) -> str:
    """Join caption parts with "　" on one line ("（…）" joins without a space), or break
    between parts (never inside one) when the whole is too long for a line."""
    lines: list[str] = []
    for part in (p for p in parts if p):
        glue = "" if part.startswith("（") else "　"
        if lines and text_width(lines[-1] + glue + part) <= CAPTION_CHARS_PER_LINE:
            lines[-1] += glue + part
        else:
            lines.append(part)
    return "\n".join(lines)


def title_lines(text: str, break_before: str = "") -> list[str]:
    text = text.strip()
    if text_width(text) <= TITLE_CHARS_PER_LINE or not break_before:
        return [text]
    index = text.find(break_before)
    if index <= 0:
        return [text]
    first, second = text[:index], text[index:]
    if max(text_width(first), text_width(second)) > TITLE_CHARS_PER_LINE:
        return [text]
    return [first, second]


def split_lead(text: str) -> tuple[str, str]:
    """("1.整改时效有待提高。", "本期…") — the numbered lead sentence and the rest."""
    for stop in ("。", "：", "；"):
        index = text.find(stop)
        if 0 < index < len(text) - 1 and index < 40:
            return text[: index + 1], text[index + 1 :]
    return text, ""


def text_width(text: str) -> float:
    """Width in body characters: full-width characters count 1, ASCII ones ½."""
    return sum(0.5 if ord(char) < 0x2E80 else 1 for char in text)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (for 一、 and （一） numbering)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def strip_number(text: str) -> str:
    """Drop a number the user typed at the start ("1.", "（2）", "三、")."""
    return re.sub(r"^\s*(\d+[.．、]|（[\d一二三四五六七八九十]+）|[一二三四五六七八九十]+、)\s*", "",
                  text).strip()


def is_numbered(text: str) -> bool:
    return bool(_NUMBERED_POINT.match(text))
