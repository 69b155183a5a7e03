"""照片台账: the photos of the period's activities, four to an A4 page (2 × 2), each with
its caption (date, activity, place), in date order; the title on the first page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from docx.shared import Mm

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.attachments import attachment_file
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports.docx_layout import TEXT_WIDTH, GongwenDocument
from chuangcheng_desktop.reports.printables.forms import line, photo_cell, save_new, set_widths

TITLE = "{unit}活动照片台账（{period}）"
CAPTION = "{day}　{title}\n{place}"
NO_PHOTOS = "{period}的活动还没有照片，无法生成照片台账。"
PER_PAGE = 4
PHOTO_WIDTH, PHOTO_HEIGHT = Mm(74), Mm(82)

Progress = Callable[[int, str], None]


def activity_photos(ledger: Ledger, period: Period) -> list[tuple[dict, dict]]:
    """(activity, attachment) pairs of the period's live activities, by date."""
    pairs = []
    for activity in ledger.activities.list(ListQuery(period=period, limit=None, order_by="date")):
        for photo in ledger.attachments.list(ListQuery(filters={
                "owner_table": "activities", "owner_id": activity["id"]}, limit=None,
                order_by="created_at")):
            pairs.append((activity, photo))
    return pairs


def write_photo_ledger(ledger: Ledger, period: Period, out_path: Path | str, *,
                       today: date | None = None) -> Path:
    """The 照片台账 of ``period``; never over an existing file."""
    pairs = activity_photos(ledger, period)
    if not pairs:
        raise UserFacingError(NO_PHOTOS.format(period=period.name))
    store = paths.attachments_dir(Path(ledger.path).parent)
    document = GongwenDocument()
    unit = ledger.profile().get("unit_name") or ""
    document.title(TITLE.format(unit=unit, period=period.name))
    for start in range(0, len(pairs), PER_PAGE):
        if start:
            document.page_break()
        page = pairs[start:start + PER_PAGE]
        table = document.document.add_table(rows=2, cols=2)
        table.style = "Table Grid"
        cells = [cell for row in table.rows for cell in row.cells]
        for cell, (activity, photo) in zip(cells, page, strict=False):
            caption = CAPTION.format(day=format_date_cn(activity["date"]), title=activity["title"],
                                     place=activity["place"] or "")
            photo_cell(cell, attachment_file(store, photo), PHOTO_WIDTH, PHOTO_HEIGHT,
                       caption.strip())
        half = type(TEXT_WIDTH)(int(TEXT_WIDTH) // 2)
        set_widths(table, [half, half])
    line(document, f"制表日期：{format_date_cn(today or date.today())}", align="right")
    return save_new(document, out_path)
