"""问题交办单 (one problem, to its responsible person, with a 回执 to cut off and return)
and 复查销号单 (the re-check rounds and the closing, with 整改前/整改后 photos side by side
and signature lines), one problem per A4 page, in the 公文 page of ``docx_layout``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from docx.shared import Length, Mm

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.storage.attachments import attachment_file
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports.docx_layout import TEXT_WIDTH
from chuangcheng_desktop.reports.printables.forms import (
    WRITE_ROW,
    form_document,
    form_table,
    form_title,
    line,
    photo_cell,
    save_new,
    set_widths,
)

TEXT = {
    "handover_title": "创城问题交办单",
    "receipt_title": "问题交办单回执",
    "closing_title": "创城问题复查销号单",
    "unit_line": "交办单位：{unit}",
    "cut": "- - - - - - - - - - - - 沿此线剪下，整改完成后交回 - - - - - - - - - - - -",
    "handover_sign": "交办人：　　　　　　　　　　交办日期：{day}",
    "closing_sign": "责任人签字：　　　　　复查人签字：　　　　　审核人签字：",
    "closing_date": "日期：{day}",
    "requirement": "请于{deadline}前整改到位，并将整改情况和整改后照片报送{unit}。",
    "round": "第{n}次　{day}　{reviewer}　{result}{reason}",
    "no_rounds": "尚未复查",
    "closed": "复查通过，同意销号（销号日期：{day}）",
    "open": "尚未销号（当前状态：{status}）",
    "before": "整改前",
    "after": "整改后",
}
PHOTO_WIDTH, PHOTO_HEIGHT = Mm(72), Mm(54)
HANDOVER_PHOTO_HEIGHT = Mm(40)  # the 回执 shares the page


def _problem(ledger: Ledger, problem_id: str) -> dict[str, Any]:
    return ledger.problems.get(problem_id)


def _photo(ledger: Ledger, problem_id: str, role: str) -> Path | None:
    rows = ledger.attachments.list(ListQuery(filters={
        "owner_table": "problems", "owner_id": problem_id, "role": role}, limit=1))
    if not rows:
        return None
    return attachment_file(paths.attachments_dir(Path(ledger.path).parent), rows[0])


def _facts(problem: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("点位", problem["checkpoint"] or "（未填写）"),
        ("问题类别", problem["category"]),
        ("问题描述", problem["description"]),
        ("发现", f"{format_date_cn(problem['found_on'])}（{problem['source']}）"),
        ("责任单位", problem["responsible_unit"] or "（未填写）"),
        ("责任人", problem["responsible_person"] or "（未填写）"),
        ("整改期限", format_date_cn(problem["deadline"])),
    ]


def write_handover(ledger: Ledger, problem_id: str, out_path: Path | str, *,
                   today: date | None = None) -> Path:
    """问题交办单 with its 回执, for the responsible person; never over an existing file."""
    today = today or date.today()
    problem = _problem(ledger, problem_id)
    unit = ledger.profile().get("unit_name") or ""
    document = form_document()
    form_title(document, TEXT["handover_title"])
    line(document, TEXT["unit_line"].format(unit=unit), space_before=Length(0))
    rows = [*_facts(problem),
            ("整改要求", TEXT["requirement"].format(deadline=format_date_cn(problem["deadline"]),
                                                 unit=unit or "交办单位"))]
    form_table(document, rows)
    table = document.document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    photo_cell(table.rows[0].cells[0], _photo(ledger, problem_id, "整改前"), PHOTO_WIDTH,
               HANDOVER_PHOTO_HEIGHT, TEXT["before"])
    set_widths(table, [TEXT_WIDTH])
    line(document, TEXT["handover_sign"].format(day=format_date_cn(today)))
    line(document, TEXT["cut"], align="center")
    line(document, TEXT["receipt_title"], align="center", space_before=Length(0))
    form_table(document, [
        ("问题", f"{problem['checkpoint']}：{problem['description']}"),
        ("整改措施", "", WRITE_ROW * 2),
        ("完成日期", "　　　　年　　月　　日"),
        ("单位盖章", "", WRITE_ROW),
        ("责任人签字", "", WRITE_ROW),
    ])
    return save_new(document, out_path)


def write_closing(ledger: Ledger, problem_id: str, out_path: Path | str, *,
                  today: date | None = None) -> Path:
    """复查销号单: the problem, its measures, every re-check round, the closing, the
    整改前/整改后 photos side by side and the signature lines."""
    today = today or date.today()
    problem = _problem(ledger, problem_id)
    rounds = ledger.rechecks.list(ListQuery(filters={"problem_id": problem_id}, limit=None,
                                            order_by="date"))
    lines = [TEXT["round"].format(n=n, day=format_date_cn(r["date"]), reviewer=r["reviewer"],
                                  result="通过" if r["passed"] else "不通过",
                                  reason=f"（{r['reason']}）" if r["reason"] else "")
             for n, r in enumerate(rounds, start=1)]
    passed = [r for r in rounds if r["passed"]]
    conclusion = (TEXT["closed"].format(day=format_date_cn(passed[-1]["date"]))
                  if problem["status"] == "已完成" and passed
                  else TEXT["open"].format(status=problem["status"]))
    document = form_document()
    form_title(document, TEXT["closing_title"])
    line(document, TEXT["unit_line"].format(unit=ledger.profile().get("unit_name") or ""),
         space_before=Length(0))
    form_table(document, [
        *_facts(problem),
        ("整改措施", problem["measures"] or "（未填写）"),
        ("完成日期", format_date_cn(problem["completed_on"]) or "（未完成）"),
        ("复查情况", "\n".join(lines) or TEXT["no_rounds"]),
        ("复查结论", conclusion),
    ])
    photos = document.document.add_table(rows=1, cols=2)
    photos.style = "Table Grid"
    for cell, role in zip(photos.rows[0].cells, ("整改前", "整改后"), strict=True):
        photo_cell(cell, _photo(ledger, problem_id, role), PHOTO_WIDTH, PHOTO_HEIGHT,
                   TEXT["before"] if role == "整改前" else TEXT["after"])
    half = Length(int(TEXT_WIDTH) // 2)
    set_widths(photos, [half, half])
    line(document, TEXT["closing_sign"])
    line(document, TEXT["closing_date"].format(day=format_date_cn(today)), align="right")
    return save_new(document, out_path)
