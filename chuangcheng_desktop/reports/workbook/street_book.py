"""The consolidated 迎检 workbook of a 街道/镇 (``export-ledgers --by-unit``).

First sheet 各社区统计: every unit's figures for the period side by side with its rank
(core/packages/by_unit, the same figures as ``stats --by-unit``). Then one sheet per
ledger — 活动台账, 志愿者花名册, 志愿服务时长统计, 督查问题整改台账 — holding every unit's
rows with a 单位 column first, read from each unit's store by the same ``sheet_table``
the community's own workbook uses. ID numbers stay masked unless ``full_id`` (and then
only the units that sent full data have them). Written to a temporary file and renamed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from chuangcheng_desktop.core.packages.by_unit import COLUMNS, unit_figures
from chuangcheng_desktop.core.packages.units import open_store, stores_dir
from chuangcheng_desktop.core.rules.formatting import format_number, format_percent
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.files import write_atomically
from chuangcheng_desktop.reports.workbook.ledger_sheets import (
    NO_UNIT,
    SHEET_NAMES,
    period_name,
    sheet_table,
    signature_line,
)
from chuangcheng_desktop.reports.workbook.xlsx_book import Column, LedgerBook

Progress = Callable[[int, str], None]
LEDGER_SHEETS = ("activities", "volunteers", "service_hours", "problems")
SUMMARY_SHEET = "各社区统计"
UNIT_COLUMN = Column("单位", "center", 8, 14)
RANK_COLUMN = Column("名次", "center", 5, 6)
NO_UNITS = "本街道还没有社区报送数据，请先导入各社区的报送包。"


def export_street_workbook(ledger: Ledger, period: Period, out_path: Path | str, *,
                           full_id: bool = False, today: date | None = None,
                           progress: Progress | None = None) -> Path:
    today = today or date.today()
    report = progress or (lambda percent, step: None)
    figures = unit_figures(ledger, period, as_of=today)
    with_data = [f for f in figures if f.statistics is not None]
    if not with_data:
        raise UserFacingError(NO_UNITS)
    street = ledger.profile().get("unit_name") or NO_UNIT
    signature = signature_line(ledger, today)

    def write(temp: Path) -> None:
        book = LedgerBook(temp)
        try:
            report(0, f"正在导出{SUMMARY_SHEET}…")
            _summary_sheet(book, figures, f"{street}{SUMMARY_SHEET}（{period_name(period)}）",
                           signature)
            for number, key in enumerate(LEDGER_SHEETS, start=1):
                report(100 * number // (len(LEDGER_SHEETS) + 1), f"正在导出{SHEET_NAMES[key]}…")
                _ledger_sheet(book, ledger, with_data, key, period, full_id, today,
                              f"{street}各社区{SHEET_NAMES[key]}（{period_name(period)}）",
                              signature)
        finally:
            book.close()

    out_path = Path(out_path)
    with ledger.db.atomic():
        write_audit(ledger.db, table="units", row_id="*", action="export", actor=ledger.actor,
                    new={"file": str(out_path), "period": period.code, "full_id": full_id,
                         "units": len(with_data)})
        write_atomically(out_path, write)
    report(100, "导出完成")
    return out_path


def _summary_sheet(book: LedgerBook, figures, title: str, signature: str) -> None:
    columns = (RANK_COLUMN, UNIT_COLUMN, *(Column(c.label, "center", 8, 14) for c in COLUMNS),
               Column("最新报送包", "center", 12, 20))
    sheet = book.sheet(SUMMARY_SHEET, title, columns)
    for item in sorted(figures, key=lambda f: (f.rank is None, f.rank or 0, f.unit.name)):
        cells = [item.rank if item.rank else "—", item.unit.name]
        for column in COLUMNS:
            value = item.value(column.key)
            cells.append("—" if value is None else
                         format_percent(value) if column.percent else format_number(value))
        latest = item.unit.latest
        cells.append(latest["period_name"] if latest else "未报送")
        sheet.write_row(cells, marked=not item.reported)
    sheet.finish(signature)


def _ledger_sheet(book: LedgerBook, ledger: Ledger, figures, key: str, period: Period,
                  full_id: bool, today: date, title: str, signature: str) -> None:
    sheet = None
    for item in figures:
        store = open_store(ledger, item.unit)
        if store is None:
            continue
        unit_ledger = Ledger(store, stores_dir(ledger) / item.unit.store_file, ledger.actor)
        try:
            table = sheet_table(unit_ledger, key, period, full_id=full_id, today=today)
            if sheet is None:
                sheet = book.sheet(SHEET_NAMES[key], title, (UNIT_COLUMN, *table.columns))
            for values, marked in table.rows:
                sheet.write_row([item.unit.name, *values], marked=marked)
        finally:
            unit_ledger.close()
    if sheet is not None:
        sheet.finish(signature)
