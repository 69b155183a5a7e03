"""志愿服务记录证明公示 (.docx): the 7-day publicity list the rules ask for, printed from the
证明登记 — name, masked ID number, hours, star level and proof number of each proof issued
in a period — with the publicity dates, where to object, the unit and the date."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_number
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.volunteers.proofs import proof_register
from chuangcheng_desktop.core.volunteers.stars import star_name
from chuangcheng_desktop.reports.docx_layout import GongwenDocument
from chuangcheng_desktop.reports.files import next_free_path, write_atomically
from chuangcheng_desktop.reports.proofs.tables import add_table

TEXT = {
    "title": "志愿服务记录证明公示",
    "opening": "根据志愿服务记录与证明出具的有关规定，现将{unit}{period}出具志愿服务记录证明的"
               "{count}名志愿者情况予以公示（见下表）。公示期为{start}至{end}，共7天。",
    "objection": "公示期间，如对公示内容有异议，请向{unit}反映。联系电话：{phone}。",
    "headers": ["序号", "姓名", "身份证号", "时长（小时）", "星级", "证明编号"],
    "empty": "{period}还没有出具过志愿服务记录证明，无需公示。",
    "unit": "本单位",
    "file": "志愿服务记录证明公示（{period}）.docx",
}
WIDTHS = (12, 20, 40, 28, 20, 36)
PUBLICITY_DAYS = 7


def write_publicity(ledger: Ledger, period: Period, out_path: Path | str, *,
                    start: date | None = None) -> Path:
    """The 公示 of the proofs issued in ``period``, publicised from ``start`` (today)."""
    rows = proof_register(ledger.db, period)
    if not rows:
        raise UserFacingError(TEXT["empty"].format(period=period.name))
    start = start or date.today()
    profile = ledger.profile()
    unit = profile.get("unit_name") or TEXT["unit"]
    doc = GongwenDocument()
    doc.document.core_properties.title = TEXT["title"]
    doc.title(TEXT["title"])
    doc.body(TEXT["opening"].format(
        unit=unit, period=period.name, count=len({r.masked_id_number + r.name for r in rows}),
        start=format_date_cn(start),
        end=format_date_cn(start + timedelta(days=PUBLICITY_DAYS - 1))))
    add_table(doc, TEXT["headers"], [
        (str(n), r.name, r.masked_id_number, format_number(r.hours), star_name(r.star_level),
         r.number) for n, r in enumerate(rows, start=1)], widths_mm=WIDTHS)
    doc.blank()
    doc.body(TEXT["objection"].format(unit=unit, phone=profile.get("contact_phone") or "＿＿＿＿"))
    doc.signature(unit, format_date_cn(start))
    out_path = Path(out_path)
    if out_path.is_dir() or not out_path.suffix:
        out_path = out_path / TEXT["file"].format(period=period.name)
    return write_atomically(next_free_path(out_path), doc.save)
