"""整改通知书 / 督办通知 / 问题交办单 (.docx), in the GB/T 9704 layout of the summary.

Each notice: title; its number centred; the addressee; an opening naming the sightings in
date order; for several problems 一、存在的问题 with one （一） per problem (description,
category unless 其他, when and how it was found, deadline — for a 督办通知 the original one
and the new one) and its 整改前 photos, for one problem the same in two paragraphs;
整改要求 as numbered points (editable; the penalty follows the issuer's role); 特此通知;
contact; the issuer and date, kept on the page of the closing lines; an optional 抄送
line; a 回执 (签收人、签收日期、整改承诺). Several notices in one file are one section each
with page numbers restarting at 1. Numbers come from ``core.rules.notices`` and are
recorded, with what each notice said, in the same transaction that saves the file, which
is never written over an earlier one (``next_free_path``). :func:`reprint_notice` writes an
archive copy of an issued notice from what was recorded, under its own number.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Mm
from docx.text.paragraph import Paragraph

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.notices import (
    KIND_ASSIGN,
    KIND_URGE,
    NoticeDraft,
    notice_details,
    plan_notices,
    record_notices,
)
from chuangcheng_desktop.core.storage.attachments import attachment_file
from chuangcheng_desktop.core.storage.errors import RecordNotFoundError, UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.core.storage.settings import default_deadline, get_setting
from chuangcheng_desktop.reports.docx_layout import (
    FONT_BODY,
    FONT_HEADING_1,
    SIZE_BODY,
    GongwenDocument,
    chinese_number,
    set_document_properties,
    set_run_font,
)
from chuangcheng_desktop.reports.files import next_free_path, write_atomically
from chuangcheng_desktop.reports.notice_text import (
    TEXT,
    NoticeContent,
    NoticeProblem,
    addressee,
    contact_line,
    deadline_sentence,
    default_requirements,
    opening,
    problem_sentence,
    single_paragraph,
)
from chuangcheng_desktop.reports.photos import prepare_photo

logger = logging.getLogger(__name__)

__all__ = ["NoticeContent", "NoticeOptions", "NoticeProblem", "NoticeResult", "build_notice_document",
           "default_file_name", "notice_contents", "reprint_notice", "write_notices"]

Progress = Callable[[int, str], None]
PHOTO_WIDTH = Mm(120)
PHOTO_HEIGHT = Mm(70)

FILE_TEXT = {
    "file_one": "{kind}（{number}）.docx",
    "file_many": "整改通知书（{first}等{count}份）.docx",
    "file_archive": "{kind}（{number}）存档副本.docx",
    "step_text": "正在排版通知书",
    "step_photos": "正在处理照片（{done}/{total}）",
    "step_save": "正在保存文件",
    "not_issued": "没有找到编号为“{number}”的通知书。",
    "past_deadline": "新的整改期限（{date}）不能早于发文日期（{issued}）。",
}


@dataclass
class NoticeOptions:
    """What the dialog (or the ``notice`` command) chose."""

    issued_on: date
    new_deadline: date | None = None  # for 督办通知; default: issued_on + the default period
    requirements: dict[str, list[str]] | None = None  # by kind, as edited in the dialog
    cc: str | None = None  # None: the setting


@dataclass
class NoticeResult:
    path: Path
    numbers: list[str]


def default_file_name(numbers: list[str], kind: str = "整改通知书") -> str:
    if len(numbers) == 1:
        return FILE_TEXT["file_one"].format(kind=kind, number=numbers[0])
    return FILE_TEXT["file_many"].format(first=numbers[0], count=len(numbers))


def issuer_of(ledger: Ledger) -> tuple[str, str]:
    """(the issuing body's name, its role) from 设置 → 文书资料."""
    name = (get_setting(ledger.db, "notice_issuer") or "").strip()
    name = name or (ledger.profile().get("unit_name") or "").strip() or TEXT["no_unit"]
    return name, get_setting(ledger.db, "notice_issuer_role")


def requirements_for(ledger: Ledger, kind: str) -> list[str]:
    """The default requirement points of a notice of ``kind`` (the dialog shows them)."""
    issuer, role = issuer_of(ledger)
    parent = (ledger.profile().get("parent_unit") or "").strip()
    return default_requirements(kind, issuer=issuer, role=role, parent=parent)


def default_new_deadline(ledger: Ledger, problems: list[dict], issued_on: date) -> date:
    """A 督办通知's deadline: the issue day plus the longest default period among them."""
    return max((default_deadline(ledger.db, issued_on, p["category"], p["source"])
                for p in problems), default=issued_on + timedelta(days=7))


def notice_contents(ledger: Ledger, plans: list[tuple[NoticeDraft, list[dict]]],
                    options: NoticeOptions) -> list[NoticeContent]:
    """What each planned notice says, read from the ledger (photos that exist only)."""
    profile = ledger.profile()
    issuer, _role = issuer_of(ledger)
    cc = options.cc if options.cc is not None else get_setting(ledger.db, "notice_cc")
    contents = []
    for draft, rows in plans:
        points = (options.requirements or {}).get(draft.kind) or requirements_for(ledger, draft.kind)
        new_deadline = None
        if draft.kind == KIND_URGE:
            new_deadline = options.new_deadline or default_new_deadline(ledger, rows,
                                                                        options.issued_on)
            if new_deadline < options.issued_on:
                raise UserFacingError(FILE_TEXT["past_deadline"].format(
                    date=format_date_cn(new_deadline), issued=format_date_cn(options.issued_on)))
        contents.append(NoticeContent(
            draft.number, draft.responsible_unit, [_problem(ledger, row) for row in rows],
            list(points), issuer, options.issued_on, profile.get("preparer") or "",
            profile.get("contact_phone") or "", draft.kind, new_deadline,
            "" if draft.kind == KIND_ASSIGN else (cc or "")))
    return contents


def _problem(ledger: Ledger, row: dict) -> NoticeProblem:
    store = paths.attachments_dir(Path(ledger.path).parent)
    photos = [attachment_file(store, photo) for photo in ledger.attachments.list(ListQuery(
        filters={"owner_table": "problems", "owner_id": row["id"], "role": "整改前"}, limit=None))]
    return NoticeProblem(row["checkpoint"], row["category"], row["description"], row["found_on"],
                         row["source"], row["deadline"], row.get("responsible_person") or "",
                         [path for path in photos if path.exists()], row["id"])


def build_notice_document(notices: list[NoticeContent], *, progress: Progress | None = None,
                          letterhead: str | Path | None = None) -> GongwenDocument:
    report = progress or (lambda percent, step: None)
    doc = GongwenDocument()
    first = notices[0] if notices else None
    set_document_properties(doc.document, title=first.title if first else "",
                            author=first.issuer if first else "")
    total_photos = sum(len(p.photos) for n in notices for p in n.problems) or 1
    done = [0]

    def photo_done() -> None:
        done[0] += 1
        report(5 + int(85 * done[0] / total_photos),
               FILE_TEXT["step_photos"].format(done=done[0], total=total_photos))

    for index, notice in enumerate(notices):
        if index:
            doc.new_section()  # a new page, page numbers from 1
        if notice.kind != KIND_ASSIGN:  # an internal 交办单 goes without the 版头
            doc.letterhead(letterhead)
        _one_notice(doc, notice, photo_done)
    return doc


def _one_notice(doc: GongwenDocument, notice: NoticeContent, photo_done: Callable[[], None]) -> None:
    doc.title(notice.title)
    _centre(doc.document.paragraphs[-1], notice.number)  # the line under the title
    if notice.archive_copy:
        _centre(doc.blank(), notice.archive_copy)
    doc.label(addressee(notice), font=FONT_BODY)
    if len(notice.problems) == 1:
        doc.body(single_paragraph(notice))
        _photos(doc, notice.problems[0], 0, photo_done)
    else:
        doc.body(opening(notice))
        doc.heading(1, f"一、{TEXT['problems']}")
        figure = 0
        for n, problem in enumerate(notice.problems, start=1):
            doc.heading(2, TEXT["problem_heading"].format(n=chinese_number(n),
                                                          checkpoint=problem.checkpoint))
            doc.body(problem_sentence(problem), bold_lead=False)
            doc.body(deadline_sentence(notice, problem), bold_lead=False)
            figure = _photos(doc, problem, figure, photo_done)
        doc.heading(1, f"二、{TEXT['requirements']}")
    closing = [doc.body(f"{n}.{point}", bold_lead=False)
               for n, point in enumerate(notice.requirements, start=1)][-1:]
    if notice.kind != KIND_ASSIGN:
        closing.append(doc.body(TEXT["closing"]))
    contact = contact_line(notice)
    if contact:
        closing.append(doc.body(contact))
    for paragraph in closing:  # the last point, 特此通知 and contact stay with the signature
        paragraph.paragraph_format.keep_with_next = True
    doc.signature(notice.issuer, format_date_cn(notice.issued_on))
    if notice.cc:
        doc.label(TEXT["cc"].format(cc=notice.cc.rstrip("。")), font=FONT_BODY)
    _receipt(doc, notice)


def _photos(doc: GongwenDocument, problem: NoticeProblem, figure: int,
            photo_done: Callable[[], None]) -> int:
    for path in problem.photos:
        photo_done()
        if _picture(doc, path):
            figure += 1
            doc.caption(TEXT["caption"].format(n=figure, checkpoint=problem.checkpoint))
    return figure


def _receipt(doc: GongwenDocument, notice: NoticeContent) -> None:
    """The 回执 the recipient signs and sends back (a 交办单 gets a signing line only)."""
    if notice.kind == KIND_ASSIGN:
        doc.label(TEXT["assign_receipt"], font=FONT_BODY)
        return
    cut = doc.label(TEXT["receipt_cut"], font=FONT_BODY)
    cut.paragraph_format.keep_with_next = True
    title = doc.label(TEXT["receipt_title"].format(number=notice.number), font=FONT_HEADING_1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.keep_with_next = True
    lines = TEXT["receipt_lines"]
    for n, line in enumerate(lines):
        paragraph = doc.label(line.format(number=notice.number,
                                          recipient=notice.recipient or ""), font=FONT_BODY)
        paragraph.paragraph_format.keep_with_next = n < len(lines) - 1


def write_notices(ledger: Ledger, problem_ids: list[str], out_path: Path | str, *,
                  issued_on: date | None = None, requirements: dict[str, list[str]] | None = None,
                  new_deadline: date | None = None, cc: str | None = None,
                  progress: Progress | None = None) -> NoticeResult:
    """Number, write and record the notices for the open problems among ``problem_ids``
    (已完成 and 待复查 ones are skipped). ``out_path`` is a .docx file name (a free name
    beside it is used when taken) or a folder (the default name)."""
    report = progress or (lambda percent, step: None)
    options = NoticeOptions(issued_on or date.today(), new_deadline, requirements, cc)
    issuer, _role = issuer_of(ledger)
    plans = plan_notices(ledger, problem_ids, year=options.issued_on.year,
                         issued_on=options.issued_on, issuer=issuer)
    numbers = [draft.number for draft, _rows in plans]
    out_path = _target(out_path, default_file_name(numbers, plans[0][0].kind))
    report(2, FILE_TEXT["step_text"])
    contents = notice_contents(ledger, plans, options)
    document = build_notice_document(contents, progress=report,
                                     letterhead=get_setting(ledger.db, "letterhead_docx"))
    report(95, FILE_TEXT["step_save"])
    target = next_free_path(out_path)
    written = record_notices(ledger, [draft for draft, _rows in plans],
                             issued_on=options.issued_on,
                             save=lambda: write_atomically(target, document.save),
                             details={c.number: c.to_dict() for c in contents})
    report(100, "")
    return NoticeResult(written, numbers)


def reprint_notice(ledger: Ledger, number: str, out_path: Path | str, *,
                   today: date | None = None) -> Path:
    """An archive copy of an issued notice (also of one whose problems are 已完成), from
    what was recorded when it was issued; no new number is taken."""
    found = notice_details(ledger.db, number)
    if found is None:
        raise UserFacingError(FILE_TEXT["not_issued"].format(number=number))
    kind, issued, details = found
    if details.get("problems"):
        content = NoticeContent.from_dict(details)
        for problem in content.problems:
            try:
                problem.photos = _problem(ledger, ledger.problems.get(problem.problem_id)).photos
            except RecordNotFoundError:  # deleted since: printed without photos
                problem.photos = []
    else:  # issued before notices kept their text: rebuilt from the problems as they are now
        row = ledger.db.execute("SELECT responsible_unit, problem_ids FROM notices "
                                "WHERE number = ?", [number]).fetchone()
        problems = [_problem(ledger, ledger.problems.get(pid)) for pid in json.loads(row[1])]
        issuer, _role = issuer_of(ledger)
        content = NoticeContent(number, row[0], problems, requirements_for(ledger, kind), issuer,
                                date.fromisoformat(issued), kind=kind)
    content.archive_copy = TEXT["archive"].format(today=format_date_cn(today or date.today()))
    document = build_notice_document([content],
                                     letterhead=get_setting(ledger.db, "letterhead_docx"))
    target = next_free_path(_target(out_path, FILE_TEXT["file_archive"].format(
        kind=content.kind, number=number)))
    return write_atomically(target, document.save)


def _target(out_path: Path | str, default_name: str) -> Path:
    out_path = Path(out_path)
    if out_path.is_dir() or not out_path.suffix:
        return out_path / default_name
    if out_path.suffix.lower() != ".docx":
        return out_path.with_name(out_path.name + ".docx")
    return out_path


def _centre(paragraph: Paragraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.text = ""
    set_run_font(paragraph.add_run(text), FONT_BODY, SIZE_BODY)


def _picture(doc: GongwenDocument, path: Path) -> bool:
    try:
        photo = prepare_photo(path)
    except (OSError, ValueError) as exc:
        logger.warning("photo %s skipped: %s", path, exc)
        return False
    width, height = int(PHOTO_WIDTH), int(PHOTO_WIDTH * photo.height_px / photo.width_px)
    if height > PHOTO_HEIGHT:
        height = int(PHOTO_HEIGHT)
        width = int(height * photo.width_px / photo.height_px)
    doc.picture(BytesIO(photo.data), Length(width), Length(height))
    return True
