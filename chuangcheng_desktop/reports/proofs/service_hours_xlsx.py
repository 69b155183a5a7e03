"""志愿服务时长统计 (.xlsx) in the printed-ledger look (reports/workbook/xlsx_book.py), and the
证明登记 (register of proofs issued) as a second sheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.volunteers.proofs import proof_register
from chuangcheng_desktop.core.volunteers.service_hours import volunteer_hours
from chuangcheng_desktop.core.volunteers.stars import star_name, thresholds, thresholds_text
from chuangcheng_desktop.reports.files import next_free_path, write_atomically
from chuangcheng_desktop.reports.workbook.xlsx_book import Column, LedgerBook

TEXT = {
    "hours_sheet": "志愿服务时长统计",
    "hours_title": "{unit}志愿服务时长统计（{period}）",
    "register_sheet": "证明登记",
    "register_title": "{unit}志愿服务记录证明登记",
    "signature": "制表人：{preparer}　　审核人：{reviewer}　　制表日期：{today}　　{stars}",
    "file": "志愿服务时长统计（{period}）.xlsx",
}
HOURS_COLUMNS = (
    Column("序号", "int", 5, 6), Column("姓名", "center", 8, 12),
    Column("身份证号", "center", 20, 22), Column("志愿者编号", "center", 10, 20),
    Column("服务队", "text", 10, 24), Column("服务次数", "int", 8, 10),
    Column("本期时长(小时)", "hours", 10, 14), Column("累计时长(小时)", "hours", 10, 14),
    Column("星级", "center", 8, 10),
)
REGISTER_COLUMNS = (
    Column("证明编号", "center", 14, 18), Column("姓名", "center", 8, 12),
    Column("身份证号", "center", 20, 22), Column("证明期间", "text", 12, 30),
    Column("服务时长(小时)", "hours", 10, 14), Column("星级", "center", 8, 10),
    Column("出具日期", "date", 11, 12), Column("出具单位", "text", 12, 30),
    Column("经办人", "center", 8, 12),
)


def export_service_hours(ledger: Ledger, period: Period, out_path: Path | str, *,
                         include_idle: bool = False, today: date | None = None) -> Path:
    """Write the statistics (and the 证明登记) for ``period``; returns the file written."""
    today = today or date.today()
    profile = ledger.profile()
    unit = profile.get("unit_name") or ""
    rows = volunteer_hours(ledger.db, period, include_idle=include_idle)
    register = proof_register(ledger.db)
    out_path = Path(out_path)
    if out_path.is_dir() or not out_path.suffix:
        out_path = out_path / TEXT["file"].format(period=period.name)
    signature = TEXT["signature"].format(
        preparer=profile.get("preparer") or "", reviewer=profile.get("reviewer") or "",
        today=format_date_cn(today), stars=thresholds_text(thresholds(ledger.db)))

    def write(path: Path) -> None:
        book = LedgerBook(path)
        sheet = book.sheet(TEXT["hours_sheet"],
                           TEXT["hours_title"].format(unit=unit, period=period.name),
                           HOURS_COLUMNS)
        for number, row in enumerate(rows, start=1):
            sheet.write_row([number, row.name, row.masked_id_number, row.volunteer_number,
                             row.team, row.records, row.hours, row.total_hours, row.star])
        sheet.finish(signature)
        sheet = book.sheet(TEXT["register_sheet"], TEXT["register_title"].format(unit=unit),
                           REGISTER_COLUMNS)
        for entry in register:
            sheet.write_row([entry.number, entry.name, entry.masked_id_number,
                             entry.period_name, entry.hours, star_name(entry.star_level),
                             entry.issued_on, entry.issuer, entry.handler])
        sheet.finish(signature)
        book.close()

    return write_atomically(next_free_path(out_path), write)
