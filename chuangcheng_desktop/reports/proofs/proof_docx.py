"""志愿服务记录证明 (.docx), one per volunteer, in the GB/T 9704 layout (reports/docx_layout).

Each proof has the four parts 民发〔2015〕149号 asks for: 一、志愿者信息 (name, gender, ID
type and number — masked unless full IDs were asked for — and 志愿者编号); 二、志愿服务情况
(period, total hours, star level, and the activities with date and hours as a table);
三、出具单位 (unit, 负责人, 经办人, contact phone from the 单位信息); and the proof's own number
(〔2026〕第012号) under the title, the date, a seal space and the 志愿者 signature line.
Proofs are numbered, registered and audited by ``core.volunteers.proofs`` in the same
transaction that writes the files; a file is never written over an earlier one.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_hours, format_number
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.volunteers.proofs import (
    ProofContent,
    find_volunteers,
    plan_proofs,
    record_proofs,
)
from chuangcheng_desktop.core.volunteers.stars import star_name
from chuangcheng_desktop.reports.docx_layout import FONT_BODY, SIZE_BODY, GongwenDocument, set_run_font
from chuangcheng_desktop.reports.files import next_free_path, write_atomically
from chuangcheng_desktop.reports.proofs.tables import add_table

logger = logging.getLogger(__name__)

TEXT = {
    "title": "志愿服务记录证明",
    "identity": "一、志愿者信息",
    "identity_line": "姓名：{name}　性别：{gender}",
    "id_line": "证件类型：{kind}　证件号码：{number}",
    "number_line": "志愿者编号：{number}",
    "no_number": "（未在全国志愿服务信息系统注册）",
    "service": "二、志愿服务情况",
    "service_text": "兹证明，{name}同志于{period}参加{issuer}组织的志愿服务活动{count}次，"
                    "经记录的志愿服务时长共计{hours}。截至{today}，其累计志愿服务时长{total}，"
                    "星级为{star}。服务明细如下：",
    "headers": ["序号", "日期", "志愿服务活动", "地点", "小时"],
    "issuer": "三、出具单位",
    "issuer_line": "出具单位：{issuer}",
    "people_line": "负责人：{responsible}　经办人：{handler}",
    "phone_line": "联系电话：{phone}",
    "basis": "本证明依据志愿服务记录出具，仅证明上述志愿服务记录属实。",
    "earlier": "此前已出具的证明：{numbers}。",
    "earlier_one": "{number}（{date}）",
    "closing": "特此证明。",
    "signature": "志愿者签名：＿＿＿＿＿＿＿＿",
    "seal": "（盖章）",
    "blank": "＿＿＿＿＿＿",
    "file": "志愿服务记录证明（{number} {name}）.docx",
    "file_folder": "志愿服务记录证明",
}
TABLE_WIDTHS = (12, 36, 60, 33, 15)


@dataclass
class ProofResult:
    paths: list[Path]
    proofs: list[ProofContent]


def build_proof_document(proof: ProofContent) -> GongwenDocument:
    doc = GongwenDocument()
    properties = doc.document.core_properties
    properties.title = f"{TEXT['title']} {proof.number}"
    properties.author = proof.issuer
    doc.title(TEXT["title"])
    _centre(doc.document.paragraphs[-1], proof.number)  # the blank line under the title
    doc.heading(1, TEXT["identity"])
    doc.body(TEXT["identity_line"].format(name=proof.name, gender=proof.gender or TEXT["blank"]))
    doc.body(TEXT["id_line"].format(kind=proof.id_kind, number=proof.id_number))
    doc.body(TEXT["number_line"].format(number=proof.volunteer_number or TEXT["no_number"]))
    doc.heading(1, TEXT["service"])
    doc.body(TEXT["service_text"].format(
        name=proof.name, period=proof.period_name, issuer=proof.issuer or "本单位",
        count=len(proof.lines), hours=format_hours(proof.minutes / 60),
        today=format_date_cn(proof.issued_on), total=format_hours(proof.total_minutes / 60),
        star=star_name(proof.star_level)))
    rows = [(str(n), format_date_cn(line.date), line.title, line.place,
             format_number(round(line.minutes / 60, 2)))
            for n, line in enumerate(proof.lines, start=1)]
    rows.append(("", "", "合计", "", format_number(round(proof.minutes / 60, 2))))
    add_table(doc, TEXT["headers"], rows, widths_mm=TABLE_WIDTHS, left_columns=(2, 3))
    doc.heading(1, TEXT["issuer"])
    doc.body(TEXT["issuer_line"].format(issuer=proof.issuer or TEXT["blank"]))
    doc.body(TEXT["people_line"].format(responsible=proof.responsible or TEXT["blank"],
                                        handler=proof.handler or TEXT["blank"]))
    doc.body(TEXT["phone_line"].format(phone=proof.phone or TEXT["blank"]))
    doc.body(TEXT["basis"])
    if proof.earlier:
        doc.body(TEXT["earlier"].format(numbers="、".join(
            TEXT["earlier_one"].format(number=p.number, date=format_date_cn(p.issued_on))
            for p in proof.earlier)))
    doc.body(TEXT["closing"])
    doc.blank()
    doc.body(TEXT["signature"])
    doc.signature(proof.issuer or TEXT["seal"], format_date_cn(proof.issued_on))
    if proof.issuer:
        seal = doc.document.add_paragraph()
        seal.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        seal.paragraph_format.right_indent = SIZE_BODY * 6
        set_run_font(seal.add_run(TEXT["seal"]), FONT_BODY, SIZE_BODY)
    return doc


def proof_file_name(proof: ProofContent) -> str:
    return TEXT["file"].format(number=proof.number, name=proof.name)


def issue_proofs(ledger: Ledger, wanted: list[str], out_path: Path | str, *,
                 period: Period | None = None, issued_on: date | None = None,
                 full_id: bool = False, responsible: str | None = None,
                 handler: str | None = None) -> ProofResult:
    """Number, write, register and audit a proof per volunteer (names, ID numbers, 志愿者编号
    or ids in ``wanted``). One volunteer and ``out_path`` a .docx name: that file (a free
    name beside it when taken); otherwise ``out_path`` is a folder (created) with one file
    per volunteer. Everything is written and registered, or nothing."""
    issued_on = issued_on or date.today()
    volunteers = find_volunteers(ledger, wanted)
    proofs = plan_proofs(ledger, volunteers, period=period, issued_on=issued_on,
                         full_id=full_id, responsible=responsible, handler=handler)
    out_path = Path(out_path)
    if len(proofs) == 1 and out_path.suffix.lower() == ".docx":
        targets = [out_path]
    else:
        folder = out_path.with_suffix("") if out_path.suffix.lower() == ".docx" else out_path
        targets = [folder / proof_file_name(proof) for proof in proofs]
    documents = [build_proof_document(proof) for proof in proofs]

    def save() -> list[Path]:
        written: list[Path] = []
        try:
            for target, document in zip(targets, documents, strict=True):
                written.append(write_atomically(next_free_path(target), document.save))
        except BaseException:
            for path in written:  # nothing left behind after a failure
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        return written

    paths = record_proofs(ledger, proofs, save)
    return ProofResult(paths, proofs)


def _centre(paragraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        run.text = ""
    set_run_font(paragraph.add_run(text), FONT_BODY, SIZE_BODY)
