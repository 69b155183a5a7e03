"""整改通知书 (.docx): one notice per responsible unit, in the GB/T 9704 layout of the summary.

Each notice: title; its number (青松社区创城整改〔2026〕3号) centred; the unit addressed;
an opening; 一、存在的问题 with one （一） per problem (place, category, description, when
and by whom it was found, deadline) and its 整改前 photos; 二、整改要求 as numbered points;
特此通知; contact; the issuing unit and date (2026年6月30日). A batch of problems of several
units gives several notices in one file, each on a new page. Numbers come from
``core.notices`` and are recorded in the same transaction that saves the file, which is
never written over an earlier one (``next_free_path``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Mm
from docx.text.paragraph import Paragraph

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.notices import NoticeDraft, plan_notices, record_notices
from chuangcheng_desktop.core.storage.attachments import attachment_file
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports.docx_layout import (
    FONT_BODY,
    SIZE_BODY,
    GongwenDocument,
    chinese_number,
    set_run_font,
)
from chuangcheng_desktop.reports.files import next_free_path, write_atomically
from chuangcheng_desktop.reports.photos import prepare_photo

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
PHOTO_WIDTH = Mm(120)
PHOTO_HEIGHT = Mm(70)

TEXT = {
    "title": "创城问题整改通知书",
    "to": "{unit}：",
    "to_unknown": "有关责任单位：",
    "opening": "在{sources}中，发现你单位负责的点位存在以下问题。根据创建文明城市工作要求，"
               "现将有关情况通知如下，请认真组织整改，并按期报送整改情况。",
    "source": "{date}的{source}",
    "problems": "存在的问题",
    "requirements": "整改要求",
    "problem_heading": "（{n}）{checkpoint}",
    "problem_text": "问题类别：{category}。问题描述：{description}",
    "problem_found": "发现时间：{date}（{source}）。责任人：{person}。",
    "problem_found_no_person": "发现时间：{date}（{source}）。",
    "problem_deadline": "整改期限：请于{date}前整改到位。",
    "caption": "图{n}　整改前　{checkpoint}",
    "closing": "特此通知。",
    "contact": "联系人：{person}　联系电话：{phone}",
    "contact_person": "联系人：{person}",
    "contact_phone": "联系电话：{phone}",
    "no_unit": "创城工作领导小组办公室",
    "file_one": "整改通知书（{number}）.docx",
    "file_many": "整改通知书（{first}等{count}份）.docx",
    "step_text": "正在排版通知书",
    "step_photos": "正在处理照片（{done}/{total}）",
    "step_save": "正在保存文件",
}
REQUIREMENTS = (
    "请于整改期限前完成整改，并将整改措施和整改后照片报送{issuer}，由其组织复查。",
    "确有困难不能按期完成的，请在期限届满前书面说明原因和计划完成时间。",
    "逾期未整改或整改不到位的，将按照创城考核细则加倍扣分，并予以通报。",
)


@dataclass
class NoticeProblem:
    checkpoint: str
    category: str
    description: str
    found_on: str
    source: str
    deadline: str
    responsible_person: str = ""
    photos: list[Path] = field(default_factory=list)


@dataclass
class NoticeContent:
    number: str
    recipient: str
    problems: list[NoticeProblem]
    requirements: list[str]
    issuer: str
    issued_on: date
    contact_person: str = ""
    contact_phone: str = ""


@dataclass
class NoticeResult:
    path: Path
    numbers: list[str]


def default_file_name(numbers: list[str]) -> str:
    if len(numbers) == 1:
        return TEXT["file_one"].format(number=numbers[0])
    return TEXT["file_many"].format(first=numbers[0], count=len(numbers))


def notice_contents(ledger: Ledger, plans: list[tuple[NoticeDraft, list[dict]]], *,
                    issued_on: date, requirements: list[str] | None = None
                    ) -> list[NoticeContent]:
    """What each planned notice says, read from the ledger (photos that exist only)."""
    profile = ledger.profile()
    issuer = (profile.get("unit_name") or "").strip() or TEXT["no_unit"]
    points = requirements or [text.format(issuer=issuer) for text in REQUIREMENTS]
    store = paths.attachments_dir(Path(ledger.path).parent)
    contents = []
    for draft, rows in plans:
        problems = []
        for row in rows:
            photos = [attachment_file(store, photo) for photo in ledger.attachments.list(ListQuery(
                filters={"owner_table": "problems", "owner_id": row["id"], "role": "整改前"},
                limit=None))]
            problems.append(NoticeProblem(
                row["checkpoint"], row["category"], row["description"], row["found_on"],
                row["source"], row["deadline"], row.get("responsible_person") or "",
                [path for path in photos if path.exists()]))
        contents.append(NoticeContent(
            draft.number, draft.responsible_unit, problems, list(points), issuer, issued_on,
            profile.get("preparer") or "", profile.get("contact_phone") or ""))
    return contents


def build_notice_document(notices: list[NoticeContent], *,
                          progress: Progress | None = None) -> GongwenDocument:
    report = progress or (lambda percent, step: None)
    doc = GongwenDocument()
    properties = doc.document.core_properties
    properties.title = TEXT["title"]
    properties.author = notices[0].issuer if notices else ""
    total_photos = sum(len(p.photos) for n in notices for p in n.problems) or 1
    done = 0
    for index, notice in enumerate(notices):
        doc.title(TEXT["title"], page_break=index > 0)
        number = doc.document.paragraphs[-1]  # the blank line under the title holds the number
        _centre(number, notice.number)
        doc.blank()
        doc.label(TEXT["to"].format(unit=notice.recipient) if notice.recipient
                  else TEXT["to_unknown"], font="仿宋_GB2312")
        doc.body(TEXT["opening"].format(sources=_sources(notice.problems)))
        doc.heading(1, f"一、{TEXT['problems']}")
        figure = 0
        for n, problem in enumerate(notice.problems, start=1):
            doc.heading(2, TEXT["problem_heading"].format(n=chinese_number(n),
                                                          checkpoint=problem.checkpoint))
            doc.body(TEXT["problem_text"].format(
                category=problem.category, description=_sentence(problem.description)))
            key = "problem_found" if problem.responsible_person else "problem_found_no_person"
            doc.body(TEXT[key].format(date=format_date_cn(problem.found_on),
                                      source=problem.source, person=problem.responsible_person))
            doc.body(TEXT["problem_deadline"].format(date=format_date_cn(problem.deadline)),
                     bold_lead=False)
            for path in problem.photos:
                done += 1
                report(5 + int(85 * done / total_photos),
                       TEXT["step_photos"].format(done=done, total=total_photos))
                if _picture(doc, path):
                    figure += 1
                    doc.caption(TEXT["caption"].format(n=figure, checkpoint=problem.checkpoint))
        doc.heading(1, f"二、{TEXT['requirements']}")
        for n, point in enumerate(notice.requirements, start=1):
            doc.body(f"{n}.{point}", bold_lead=False)
        doc.body(TEXT["closing"])
        contact = _contact(notice)
        if contact:
            doc.body(contact)
        doc.signature(notice.issuer, format_date_cn(notice.issued_on))
    return doc


def write_notices(ledger: Ledger, problem_ids: list[str], out_path: Path | str, *,
                  issued_on: date | None = None, requirements: list[str] | None = None,
                  progress: Progress | None = None) -> NoticeResult:
    """Number, write and record the notices for ``problem_ids``. ``out_path`` is a .docx
    file name (a free name beside it is used when taken) or a folder (the default name)."""
    report = progress or (lambda percent, step: None)
    issued_on = issued_on or date.today()
    plans = plan_notices(ledger, problem_ids, year=issued_on.year)
    numbers = [draft.number for draft, _rows in plans]
    out_path = Path(out_path)
    if out_path.is_dir() or not out_path.suffix:
        out_path = out_path / default_file_name(numbers)
    elif out_path.suffix.lower() != ".docx":
        out_path = out_path.with_name(out_path.name + ".docx")
    report(2, TEXT["step_text"])
    contents = notice_contents(ledger, plans, issued_on=issued_on, requirements=requirements)
    document = build_notice_document(contents, progress=report)
    report(95, TEXT["step_save"])
    target = next_free_path(out_path)
    written = record_notices(ledger, [draft for draft, _rows in plans], issued_on=issued_on,
                             save=lambda: write_atomically(target, document.save))
    report(100, "")
    return NoticeResult(written, numbers)


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


def _sources(problems: list[NoticeProblem]) -> str:
    seen = dict.fromkeys(TEXT["source"].format(date=format_date_cn(p.found_on), source=p.source)
                         for p in problems)
    return "、".join(seen)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？", ".")) else text + "。"


def _contact(notice: NoticeContent) -> str:
    if notice.contact_person and notice.contact_phone:
        return TEXT["contact"].format(person=notice.contact_person, phone=notice.contact_phone)
    if notice.contact_person:
        return TEXT["contact_person"].format(person=notice.contact_person)
    if notice.contact_phone:
        return TEXT["contact_phone"].format(phone=notice.contact_phone)
    return ""
