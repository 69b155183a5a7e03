"""活动签到表 (.docx): an A4 sheet printed before an activity and signed on the day.

Title, the activity's date, time, place and organiser, then a table 序号 / 姓名 / 联系电话 /
签到时间 / 签退时间 / 服务时长 / 签名 — blank rows, or a chosen team's members (name order,
phone masked) followed by a few blank rows for walk-ins. The header row repeats on every
page. After the activity the filled sheet is typed into the attendance dialog in the same
order (its 序号 is the dialog's), and its photo or scan is attached as 签到表.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.identity import mask_phone
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports.docx_layout import (
    FONT_BODY,
    FONT_TITLE,
    GongwenDocument,
    set_run_font,
)
from chuangcheng_desktop.reports.files import next_free_path, write_atomically
from chuangcheng_desktop.reports.proofs.tables import add_table, off_grid

TEXT = {
    "title": "志愿服务活动签到表",
    "activity": "活动名称：{title}",
    "when": "活动日期：{date}　　活动时间：{time}",
    "where": "活动地点：{place}　　组织单位：{organiser}",
    "team": "服务队：{team}",
    "headers": ["序号", "姓名", "联系电话", "签到时间", "签退时间", "服务时长", "签名"],
    "footer": "负责人（签字）：＿＿＿＿＿＿　记录人（签字）：＿＿＿＿＿＿",
    "note": "注：请本人签名；服务时长按签到、签退时间计。签到表拍照或扫描后作为“签到表”附在活动记录中。",
    "blank": "＿＿＿＿＿＿",
    "file": "活动签到表（{date} {title}）.docx",
}
MARGIN = Mm(18)
WIDTHS = (14, 26, 32, 22, 22, 22, 36)  # 174 mm = A4 less 18 mm margins
BLANK_ROWS = 20  # one page of blank rows
EXTRA_ROWS = 5  # blank rows after a team's members, for walk-ins
ROW_HEIGHT_MM = 8.5


@dataclass(frozen=True)
class SheetPerson:
    name: str
    phone: str


def team_members(ledger: Ledger, team_id: str) -> list[SheetPerson]:
    """Live members of a team on the roll, in name order (the attendance dialog's order)."""
    rows = ledger.volunteers.list(ListQuery(filters={"team_id": team_id, "status": "在册"},
                                            order_by="name", limit=None))
    return [SheetPerson(row["name"], mask_phone(row.get("phone") or "")) for row in rows]


def build_signin_sheet(activity: dict[str, Any], people: list[SheetPerson], *,
                       team_name: str = "", blank_rows: int | None = None) -> GongwenDocument:
    doc = GongwenDocument()
    section = doc.document.sections[0]
    section.top_margin = section.bottom_margin = MARGIN
    section.left_margin = section.right_margin = MARGIN
    section.footer_distance = Mm(10)
    doc.document.core_properties.title = TEXT["title"]
    title = doc.document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)
    off_grid(title)
    set_run_font(title.add_run(TEXT["title"]), FONT_TITLE, Pt(18))
    start, end = activity.get("start_time") or "", activity.get("end_time") or ""
    lines = [TEXT["activity"].format(title=activity.get("title") or TEXT["blank"]),
             TEXT["when"].format(date=format_date_cn(activity.get("date")) or TEXT["blank"],
                                 time=f"{start}—{end}" if start and end else start or TEXT["blank"]),
             TEXT["where"].format(place=activity.get("place") or TEXT["blank"],
                                  organiser=activity.get("organiser") or TEXT["blank"])]
    if team_name:
        lines.append(TEXT["team"].format(team=team_name))
    for line in lines:
        _line(doc, line, Pt(12))
    if blank_rows is None:
        blank_rows = EXTRA_ROWS if people else BLANK_ROWS
    rows = [(str(n), person.name, person.phone, "", "", "", "")
            for n, person in enumerate(people, start=1)]
    rows += [(str(n), "", "", "", "", "", "")
             for n in range(len(people) + 1, len(people) + blank_rows + 1)]
    add_table(doc, TEXT["headers"], rows, widths_mm=WIDTHS, size=Pt(12),
              row_height_mm=ROW_HEIGHT_MM)
    _line(doc, TEXT["footer"], Pt(12), space_before=Pt(10))
    _line(doc, TEXT["note"], Pt(10.5))
    return doc


def _line(doc: GongwenDocument, text: str, size: Pt, space_before: Pt | None = None) -> None:
    paragraph = doc.document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = space_before or Pt(0)
    fmt.space_after = Pt(4)
    off_grid(paragraph)
    set_run_font(paragraph.add_run(text), FONT_BODY, size)


def write_signin_sheet(ledger: Ledger, activity_id: str, out_path: Path | str, *,
                       team_id: str | None = None, blank_rows: int | None = None) -> Path:
    """The sheet of a saved activity, blank or pre-filled with a team; returns the file
    written (a free name beside ``out_path`` when it is taken; a folder gets the default
    name)."""
    return write_sheet_for(ledger, ledger.activities.get(activity_id), out_path,
                           team_id=team_id, blank_rows=blank_rows)


def write_sheet_for(ledger: Ledger, activity: dict[str, Any], out_path: Path | str, *,
                    team_id: str | None = None, blank_rows: int | None = None) -> Path:
    """The same for an activity's values as typed (it may not be saved yet)."""
    people, team_name = [], ""
    if team_id:
        people = team_members(ledger, team_id)
        team_name = ledger.teams.get(team_id)["name"]
    document = build_signin_sheet(activity, people, team_name=team_name, blank_rows=blank_rows)
    out_path = Path(out_path)
    if out_path.is_dir() or not out_path.suffix:
        out_path = out_path / default_file_name(activity)
    return write_atomically(next_free_path(out_path), document.save)


def default_file_name(activity: dict[str, Any]) -> str:
    return TEXT["file"].format(date=activity.get("date") or "", title=activity.get("title") or "")
