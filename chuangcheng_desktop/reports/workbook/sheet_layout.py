"""The printed page of a ledger, computed once for the workbook and the in-app print.

A4 landscape, 10-point 宋体 body. Column widths are Excel character units (what
``set_column`` takes); :func:`column_points` turns them into printed points the way Excel
and LibreOffice do (default font Calibri 11: 7 px per unit plus 5 px padding, 96 px per
inch). A sheet is readable when its columns fit the printable width at 100 %, so the
fit-to-width scale leaves the body at 10 pt (:func:`printed_font_size`).

Widths come from the content (:func:`fit_widths`): each column wants the width of its
longest sampled value within its bounds; when the sum is wider than the page, the text
columns give way towards their minimum. Free-text columns are then nudged (never widened
past their share) to a width at which the sampled texts wrap without a line starting
with a Chinese punctuation mark (:func:`avoid_bad_breaks`); nothing is inserted into
the text. Row heights come from the wrapped lines (:func:`line_count`), and
:func:`paginate` breaks rows into pages the way a printer fills them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

FONT_SIZE = 10.0
LINE_POINTS = 14.5      # one wrapped line of 10-point CJK text (Noto CJK: 1.448 em; 宋体 less)
ROW_PADDING = 4.0       # points above and below the text of a row
LIBREOFFICE_UNIT_POINTS = 5.58  # one stored width unit: Carlito 11's digit (Excel: 7 px = 5.25 pt)
WIDE_POINTS = FONT_SIZE          # a CJK character or full-width mark
NARROW_POINTS = FONT_SIZE * 0.55  # a Latin letter or digit (Noto CJK is proportional)
PAGE_WIDTH = 841.89     # A4 landscape, points
PAGE_HEIGHT = 595.28
MARGIN_SIDE = 0.3       # inches
MARGIN_TOP = 0.45
MARGIN_BOTTOM = 0.65
MARGIN_HEADER = 0.2
MARGIN_FOOTER = 0.3
PRINTABLE_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE * 72
PRINTABLE_HEIGHT = PAGE_HEIGHT - (MARGIN_TOP + MARGIN_BOTTOM) * 72
TITLE_HEIGHT = 30.0
UNIT_LINE_HEIGHT = 20.0
SIGNATURE_HEIGHT = 24.0
GAP_HEIGHT = 15.0        # the empty row above the signature line
WIDTH_SAFETY = 6.0      # points left free across the page (font metrics differ a little)
PAGE_SAFETY = 12.0       # points left free on each page (LibreOffice keeps room for the footer)
MAX_MANUAL_BREAKS = 1000  # Excel keeps at most 1026 manual page breaks per sheet
KEEP_LAST = 5            # rows the signature line keeps with it on the last page
HEADER_LINE_HEIGHT = 24.0
# Characters that must not begin a line (GB/T 15834 and the usual 避头 set).
NO_LINE_START = frozenset("、。，；：？！）》」』】〕〉”’…—·％%,.;:?!)]}")
SHORT_TEXT = 24         # up to this length a text's lines are counted by wrapping it
SAMPLE_TEXTS = 300       # rows whose texts tune a column's width
SPLIT_CANDIDATES = 4    # how many narrower widths a free-text column tries


@dataclass(frozen=True)
class Column:
    """A table column: its header, how its cells are shown, and its width bounds
    (Excel character units; a CJK character is about 2)."""

    header: str
    kind: str = "text"  # text | center | int | hours | date
    min_width: float = 6
    max_width: float = 30
    optional: str = ""  # the field whose emptiness over the period leaves the column out


def column_points(width: float) -> float:
    """Printed width in points of an Excel column ``width`` units wide.

    The file stores (7 px × width + 5 px) / 7 px; Excel prints 7 px per stored unit
    (Calibri 11's digit rounded to whole pixels), LibreOffice the digit's true width
    (Carlito 11: 5.58 pt). The wider of the two, so that a sheet fits in both."""
    return _stored(width) * LIBREOFFICE_UNIT_POINTS


def fit_scale(widths: Sequence[float]) -> float:
    """The scale fit-to-width prints at: whole percent, never above 100 %."""
    total = sum(column_points(w) for w in widths)
    return min(100, math.floor(100 * (PRINTABLE_WIDTH - WIDTH_SAFETY) / total)) / 100 if total else 1.0


def printed_font_size(widths: Sequence[float]) -> float:
    """The body font size as printed on A4 landscape at the fit-to-width scale."""
    return round(FONT_SIZE * fit_scale(widths), 2)


def text_points(text: str) -> float:
    """Printed width of one line of ``text`` at 10 pt."""
    wide = (len(text.encode("utf-8")) - len(text)) // 2  # 3-byte (CJK) characters
    return wide * WIDE_POINTS + (len(text) - wide) * NARROW_POINTS


def display_width(text: str) -> int:
    """Width in Excel character units of the longest line: CJK characters count as 2."""
    if "\n" in text:
        return max(display_width(line) for line in text.split("\n"))
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def usable_points(width: float) -> float:
    """The narrower line of the two programs (row heights are counted with it)."""
    return min(line_room(width, m) for m in METRICS)


def line_count(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` units wide (10 pt)."""
    if len(text) <= SHORT_TEXT:
        if len(text.encode("utf-8")) == 3 * len(text):  # CJK only: every character 10 pt
            per_line = max(int((line_room(width, EXCEL) + 0.01) // WIDE_POINTS), 1)
            return -(-len(text) // per_line)
        return len(wrap(text, width))
    room = usable_points(width)
    per_line = max(math.floor(room / WIDE_POINTS), 1) * WIDE_POINTS
    lines = 0
    for part in text.split("\n"):
        points = text_points(part)
        lines += 1 if points <= room else math.ceil(points / per_line - 0.05)
    return max(lines, 1)


# How wide a column's text line is, and how wide Latin glyphs are, in the two programs a
# binder is printed from: Excel/WPS (7 px per stored unit, 宋体: every ASCII character
# 0.5 em) and LibreOffice (Carlito's digit per unit, Noto CJK: proportional Latin, a space
# about 0.23 em). (points per stored unit, padding, Latin letter or digit, space.)
EXCEL = (5.25, 3.0, 5.0, 5.0)
LIBREOFFICE = (LIBREOFFICE_UNIT_POINTS, 2.0, 5.5, 2.3)
METRICS = (EXCEL, LIBREOFFICE)


def _stored(width: float) -> float:
    return (int(width * 7 + 0.5) + 5) / 7 if width >= 1 else width


def line_room(width: float, metrics: tuple[float, float, float, float] = EXCEL) -> float:
    """Points of text one line of a column ``width`` units wide holds."""
    unit, padding, _, _ = metrics
    return max(_stored(width) * unit - padding, WIDE_POINTS)


def _char_points(char: str, narrow: float = NARROW_POINTS, space: float = NARROW_POINTS) -> float:
    if ord(char) >= 0x2000:
        return WIDE_POINTS
    return space if char == " " else narrow


def wrap(text: str, width: float,
         metrics: tuple[float, float, float, float] = EXCEL) -> list[str]:
    """``text`` broken into lines the way a spreadsheet wraps it: CJK characters may
    break anywhere, a run of Latin letters and digits only at its ends."""
    _, _, narrow, space = metrics
    room = line_room(width, metrics)
    lines: list[str] = []
    for part in text.split("\n"):
        line, used = "", 0.0
        for token in _tokens(part):
            size = sum(_char_points(c, narrow, space) for c in token)
            if used + size > room + 0.01 and line:
                lines.append(line.rstrip(" "))
                line, used = token.lstrip(" "), size
            else:
                line += token
                used += size
        lines.append(line)
    return lines


def _tokens(text: str) -> list[str]:
    """Break units: a Latin word or number with its inner . : / - ("2026-04-06",
    "08:30") stays whole; every other character is a unit of its own."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if char.isascii() and (char.isalnum() or (word and char in ".:/-")):
            word += char
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(char)
    if word:
        tokens.append(word)
    return tokens


def bad_breaks(text: str, width: float) -> int:
    """Lines after the first that start with a punctuation mark, under each of the
    glyph metrics a reader's program may use."""
    return sum(1 for metrics in METRICS for line in wrap(text, width, metrics)[1:]
               if line[:1] in NO_LINE_START)


def fit_widths(columns: Sequence[Column], wanted: Sequence[float]) -> list[float]:
    """Widths within each column's bounds that fit the printable width at 100 % when
    the minimums allow: text columns give way in proportion to what they want above
    their minimum."""
    widths = [min(max(w, c.min_width), c.max_width) for c, w in zip(columns, wanted, strict=True)]
    room = PRINTABLE_WIDTH - WIDTH_SAFETY
    if sum(column_points(w) for w in widths) <= room:
        return widths
    for kinds in (("text",), ("text", "center", "int", "hours", "date")):
        flexible = [i for i, c in enumerate(columns) if c.kind in kinds and widths[i] > c.min_width]
        for _ in range(60):
            over = sum(column_points(w) for w in widths) - room
            if over <= 0 or not flexible:
                break
            spare = sum(widths[i] - columns[i].min_width for i in flexible)
            for i in flexible:
                share = (widths[i] - columns[i].min_width) / spare if spare else 0
                cut = over / LIBREOFFICE_UNIT_POINTS * share + 0.01
                widths[i] = max(columns[i].min_width, widths[i] - cut)
            flexible = [i for i in flexible if widths[i] > columns[i].min_width]
    return [math.floor(w * 4) / 4 for w in widths]


def avoid_bad_breaks(columns: Sequence[Column], widths: list[float],
                     samples: Sequence[Sequence[object]]) -> list[float]:
    """For each text column whose sampled values wrap, the width near the one given
    (up to two characters narrower, or wider while the page still has room) where the
    fewest lines start with a punctuation mark; the nearest among equals."""
    result = list(widths)
    step = WIDE_POINTS / LIBREOFFICE_UNIT_POINTS / 2  # half a CJK character
    for index, column in enumerate(columns):
        if column.kind != "text":
            continue
        texts = [row[index] for row in samples[:SAMPLE_TEXTS] if index < len(row)
                 and isinstance(row[index], str)
                 and text_points(row[index]) > usable_points(widths[index])]
        if not texts:
            continue
        spare = PRINTABLE_WIDTH - WIDTH_SAFETY - sum(column_points(w) for w in result)
        wider = min(int(spare / (step * LIBREOFFICE_UNIT_POINTS)), SPLIT_CANDIDATES)
        candidates = sorted((widths[index] + k * step for k in range(-SPLIT_CANDIDATES, wider + 1)
                             if column.min_width <= widths[index] + k * step <= column.max_width),
                            key=lambda w, base=widths[index]: abs(w - base))
        best, best_bad = widths[index], None
        for candidate in candidates:
            bad = sum(bad_breaks(t, candidate) for t in texts)
            if best_bad is None or bad < best_bad:
                best, best_bad = candidate, bad
            if bad == 0:
                break
        result[index] = math.floor(best * 4) / 4
    return result


def pixel_points(height: float) -> float:
    """``height`` rounded up to whole pixels (0.75 pt), as Excel stores row heights."""
    return math.ceil(height / 0.75 - 1e-9) * 0.75


def row_height(values: Sequence[object], widths: Sequence[float]) -> float:
    """Points a row needs to show every wrapped line of its text cells."""
    return RowMeasure(widths).height(values)


class RowMeasure:
    """Row heights for one table's column widths; a text seen before (a place, a name,
    an activity title repeated on its attendance rows) is not wrapped again."""

    CACHE_SIZE = 200_000

    def __init__(self, widths: Sequence[float]) -> None:
        self.widths = list(widths)
        self.rooms = [usable_points(w) - 0.01 for w in self.widths]
        self.cache: dict[tuple[int, str], int] = {}

    def height(self, values: Sequence[object]) -> float:
        lines, cache, rooms = 1, self.cache, self.rooms
        for index, value in enumerate(values):
            if value.__class__ is not str or not value:
                continue
            key = (index, value)
            count = cache.get(key)
            if count is None:
                if "\n" in value or text_points(value) > rooms[index]:
                    count = line_count(value, self.widths[index])
                else:
                    count = 1
                if len(cache) < self.CACHE_SIZE:
                    cache[key] = count
            if count > lines:
                lines = count
        return pixel_points(lines * LINE_POINTS + ROW_PADDING)


def header_height(columns: Sequence[Column], widths: Sequence[float]) -> float:
    lines = max(line_count(c.header, w) for c, w in zip(columns, widths, strict=False))
    return pixel_points(max(HEADER_LINE_HEIGHT, lines * LINE_POINTS + ROW_PADDING))


def paginate(heights: Sequence[float], *, header: float, first_extra: float,
             tail: float = 0.0, room: float = PRINTABLE_HEIGHT - PAGE_SAFETY,
             keep_last: int = KEEP_LAST) -> list[tuple[int, int]]:
    """(start, end) row ranges of each page: a page is filled until the next row does not
    fit under the repeated header; the first page also holds the title rows; ``tail``
    (the signature line) goes on the last page with at least ``keep_last`` rows."""
    pages: list[tuple[int, int]] = []
    start, used = 0, first_extra + header
    for index, height in enumerate(heights):
        if used + height > room and index > start:
            pages.append((start, index))
            start, used = index, header
        used += height
    if tail and used + tail > room and len(heights) > start:
        # The signature does not fit under the last rows: take some rows with it.
        moved = min(keep_last, len(heights) - start)
        pages.append((start, len(heights) - moved))
        start = len(heights) - moved
    elif tail and pages and len(heights) - start < keep_last:
        previous_start, previous_end = pages[-1]
        moved = min(keep_last - (len(heights) - start), previous_end - previous_start - keep_last)
        if moved > 0:
            pages[-1] = (previous_start, previous_end - moved)
            start = previous_end - moved
    pages.append((start, len(heights)))
    return [page for page in pages if page[1] > page[0]] or [(0, 0)]


@dataclass
class PagePlan:
    """Everything the printed page of one table needs: widths, heights, page ranges."""

    widths: list[float]
    header: float
    heights: list[float]
    pages: list[tuple[int, int]]
    manual: bool  # page breaks are set in the workbook (and the printed count is exact)


def plan_pages(columns: Sequence[Column], widths: list[float], heights: list[float]) -> PagePlan:
    head = header_height(columns, widths)
    pages = paginate(heights, header=head, first_extra=TITLE_HEIGHT + UNIT_LINE_HEIGHT,
                     tail=GAP_HEIGHT + SIGNATURE_HEIGHT)
    manual = fit_scale(widths) >= 1 and len(pages) <= MAX_MANUAL_BREAKS
    return PagePlan(widths, head, heights, pages, manual)
