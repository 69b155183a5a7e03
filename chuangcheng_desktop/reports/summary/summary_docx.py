"""The summary (.docx) from a :class:`ReportContext`: ``write_summary_docx``.

Reading order: title; opening paragraph; 一、主要工作及成效 with one （一） per printed
section; 二、存在的问题 and 三、下一步工作打算 as numbered points whose lead sentence is
bold; "附件：活动照片" when photos were chosen; the signature (unit, date); then the photo
appendix on a new page. Sections switched off or left empty are never printed, nor is
an empty heading.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from docx.shared import Length, Mm

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.storage.attachments import attachment_file
from chuangcheng_desktop.core.storage.errors import RecordNotFoundError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.settings import get_setting
from chuangcheng_desktop.reports.docx_layout import (
    FONT_BODY,
    TEXT_WIDTH,
    GongwenDocument,
    caption_lines,
    chinese_number,
    set_document_properties,
    strip_number,
)
from chuangcheng_desktop.reports.files import next_free_path, write_atomically
from chuangcheng_desktop.reports.photos import prepare_photo
from chuangcheng_desktop.reports.summary.context import ReportContext

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
TITLE_BREAK = "创建文明城市"  # a long title is broken before these words

TEXT = {
    "work": "主要工作及成效",
    "work_report": "工作开展情况",
    "problems": "存在的问题",
    "next_steps": "下一步工作打算",
    "appendix_note": "附件：活动照片",
    "appendix_label": "附件",
    "appendix_title": "活动照片",
    "step_text": "正在排版正文",
    "step_photos": "正在处理照片（{done}/{total}）",
    "step_save": "正在保存文件",
}


@dataclass
class PhotoItem:
    path: Path
    caption: str
    day: str = ""  # ISO date of the activity, for the appendix's date order


def write_summary_docx(context: ReportContext, ledger: Ledger, out_path: Path | str, *,
                       progress: Progress | None = None) -> Path:
    """Write the summary to ``out_path`` (atomically) and return the path written.

    The caller chooses a free name (``reports.files.next_free_path``); this function
    replaces nothing half-way: the file appears complete or not at all.
    """
    report = progress or (lambda percent, step: None)
    photos = _photo_items(context, ledger)
    report(5, TEXT["step_text"])
    letterhead = get_setting(ledger.db, "letterhead_docx") if context.recipient else None
    document = build_summary_document(context, photos, progress=report, letterhead=letterhead)
    report(95, TEXT["step_save"])
    written = write_atomically(out_path, document.save)
    report(100, "")
    return written


def export_summary(context: ReportContext, ledger: Ledger, out_path: Path | str, *,
                   progress: Progress | None = None) -> Path:
    """Write the summary beside ``out_path`` without overwriting: "总结.docx", else
    "总结(2).docx" …; returns where it was saved."""
    out_path = Path(out_path)
    if out_path.suffix.lower() != ".docx":
        out_path = out_path.with_name(out_path.name + ".docx")
    return write_summary_docx(context, ledger, next_free_path(out_path), progress=progress)


def outline(context: ReportContext, *, with_photos: bool) -> list[tuple[str, str]]:
    """The document in reading order as (style, text) pairs: "title", "body", "h1", "h2",
    "point" (numbered, bold lead), "note", "unit", "date". The .docx writer and the
    wizard's preview both walk this list, so the preview shows what will be printed."""
    items: list[tuple[str, str]] = [("title", context.title.strip())]
    if context.recipient.strip():
        items.append(("to", f"{context.recipient.strip()}："))
    items += [("body", paragraph) for paragraph in _texts(context.intro)]
    parts: list[tuple[str, list[tuple[str, str]]]] = []
    sections = context.printable_sections()
    if sections:
        work: list[tuple[str, str]] = []
        for index, section in enumerate(sections, start=1):
            heading = strip_number(section.heading)
            if heading:
                work.append(("h2", f"（{chinese_number(index)}）{heading}"))
            work += [("body", paragraph) for paragraph in _texts(section.paragraphs)]
        parts.append((TEXT["work_report"] if context.kind == "工作情况汇报" else TEXT["work"], work))
    for key in ("problems", "next_steps"):
        points = [p for p in (strip_number(t) for t in _texts(getattr(context, key))) if p]
        if points:
            parts.append((TEXT[key], [("point", f"{n}.{p}") for n, p in enumerate(points, 1)]))
    for index, (title, part) in enumerate(parts, start=1):
        items.append(("h1", f"{chinese_number(index)}、{title}"))
        items += part
    if with_photos:
        items.append(("note", TEXT["appendix_note"]))
    items.append(("unit", context.unit_name.strip()))
    items.append(("date", format_date_cn(context.signature_date)))
    return items


def preview_text(context: ReportContext) -> str:
    """The whole text in reading order, as the wizard's last page shows it."""
    lines = []
    for style, text in outline(context, with_photos=bool(context.photo_ids())):
        if not text:
            continue
        indent = "" if style in ("title", "unit", "date", "to") else "　　"
        lines.append(f"{indent}{text}")
        if style == "title":
            lines.append("")
    return "\n".join(lines)


def build_summary_document(context: ReportContext, photos: list[PhotoItem], *,
                           progress: Progress | None = None,
                           letterhead: str | Path | None = None) -> GongwenDocument:
    """The .docx of ``context``; a 工作情况汇报 to a 主送 unit starts with the unit's
    版头 when one is set (``letterhead``)."""
    report = progress or (lambda percent, step: None)
    doc = GongwenDocument()
    doc.letterhead(letterhead)
    set_document_properties(doc.document, title=context.title, author=context.unit_name)
    signature: dict[str, str] = {}
    for style, text in outline(context, with_photos=bool(photos)):
        if style == "title":
            doc.title(text, break_before=TITLE_BREAK)
        elif style == "h1":
            doc.heading(1, text)
        elif style == "h2":
            doc.heading(2, text)
        elif style == "point":
            doc.body(text, bold_lead=True)
        elif style == "note":
            doc.blank()
            doc.body(text, bold_lead=False)
        elif style == "to":
            doc.label(text, font=FONT_BODY)
        elif style in ("unit", "date"):
            signature[style] = text
        else:
            doc.body(text)
    doc.signature(signature.get("unit", ""), signature.get("date", ""))
    if photos:
        _appendix(doc, photos, report)
    return doc


PHOTO_MAX_HEIGHT = Mm(78)  # two photos with captions under the appendix heading per page
PHOTOS_PER_PAGE = 2


def _appendix(doc: GongwenDocument, photos: list[PhotoItem], report: Progress) -> None:
    """The photos in date order, two to a page, each with its caption under it."""
    doc.label(TEXT["appendix_label"], page_break=True)
    doc.title(TEXT["appendix_title"])
    total = len(photos)
    placed = 0
    for done, item in enumerate(sorted(photos, key=lambda p: p.day), start=1):
        report(10 + int(80 * done / total), TEXT["step_photos"].format(done=done, total=total))
        try:
            photo = prepare_photo(item.path)
        except (OSError, ValueError) as exc:
            logger.warning("photo %s skipped: %s", item.path, exc)
            continue
        width, height = photo.size_in(TEXT_WIDTH)
        if height > PHOTO_MAX_HEIGHT:
            width, height = Length(int(width * PHOTO_MAX_HEIGHT / height)), PHOTO_MAX_HEIGHT
        if placed and placed % PHOTOS_PER_PAGE == 0:
            doc.page_break()
        doc.picture(BytesIO(photo.data), width, height)
        doc.caption(item.caption)
        placed += 1


def _photo_items(context: ReportContext, ledger: Ledger) -> list[PhotoItem]:
    """The chosen photos that still exist, with captions "图1　2026年5月6日　活动名称（地点）"."""
    store = paths.attachments_dir(Path(ledger.path).parent)
    found: list[tuple[str, Path, dict[str, Any]]] = []
    for photo_id in context.photo_ids():
        try:
            row = ledger.attachments.get(photo_id)
        except RecordNotFoundError:
            continue
        path = attachment_file(store, row)
        if not path.exists():
            logger.warning("photo file missing: %s", path)
            continue
        found.append((_photo_day(ledger, row), path, row))
    found.sort(key=lambda entry: entry[0])  # date order (stable: reading order within a day)
    return [PhotoItem(path, _caption(ledger, row, number), day)
            for number, (day, path, row) in enumerate(found, start=1)]


def _owner(ledger: Ledger, row: dict[str, Any]) -> dict[str, Any]:
    try:
        return ledger.repository(row["owner_table"]).get(row["owner_id"])
    except (RecordNotFoundError, KeyError):
        return {}


def _photo_day(ledger: Ledger, row: dict[str, Any]) -> str:
    owner = _owner(ledger, row)
    return str(owner.get("date") or owner.get("found_on") or row.get("taken_on") or "")


def _caption(ledger: Ledger, row: dict[str, Any], number: int) -> str:
    """"图1　2026年5月6日　活动名称（地点）", broken between its parts when too long."""
    owner = _owner(ledger, row)
    title = owner.get("title") or owner.get("checkpoint") or row.get("original_name") or ""
    day = format_date_cn(owner.get("date") or owner.get("found_on") or row.get("taken_on"))
    place = owner.get("place") or ""
    return caption_lines([f"图{number}", day, title, f"（{place}）" if place else ""])


def _texts(paragraphs: list[str]) -> list[str]:
    """Non-empty paragraphs; a text box holding several lines gives several paragraphs."""
    out = []
    for paragraph in paragraphs:
        out.extend(line.strip() for line in str(paragraph).splitlines() if line.strip())
    return out
