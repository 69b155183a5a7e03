"""The 迎检 workbook: 活动台账, 志愿服务记录, 志愿者花名册, 志愿服务时长统计, 督查问题整改台账, 统计.

``export_workbook`` writes the chosen sheets to a temp file beside ``out_path`` and
renames it (``reports.files.write_atomically``): a file open in WPS/Excel raises
:class:`OutputFileBusyError` and the old file stays intact. Exporting full ID numbers
and phone numbers (``full_id``) is written to the audit log in the same transaction as the
export.

XlsxWriter (streaming, ``constant_memory``) is used rather than openpyxl: on the street-scale
ledger it writes the styled workbook several times faster than cell-by-cell styled openpyxl
(``benchmarks/bench_xlsx.py``) with flat memory, and its explicit ``write_string`` keeps
text like "=1+1" from ever becoming a formula.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path

from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports.checkpoints import register_sheet
from chuangcheng_desktop.reports.files import write_atomically
from chuangcheng_desktop.reports.workbook.ledger_sheets import (
    PERSONAL_SHEETS,
    SHEET_NAMES,
    SHEETS,
    sheet_table,
)
from chuangcheng_desktop.reports.workbook.xlsx_book import LedgerBook

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
STEP_TEXT = "正在导出{name}…"
DONE_TEXT = "导出完成"
UNKNOWN_SHEET = "没有名为“{key}”的台账。"
NO_SHEETS = "请至少选择一张台账。"
PROGRESS_EVERY = 500


class ExportCancelled(Exception):
    """The user cancelled; nothing was written under the target name."""


def export_workbook(
    ledger: Ledger, period: Period | None, out_path: Path | str, *, full_id: bool = False,
    sheets: Sequence[str] | None = None, query_filters: Mapping[str, ListQuery] | None = None,
    progress: Progress | None = None, is_cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
) -> Path:
    """Write the 迎检 workbook (or the ``sheets`` chosen) for ``period`` to ``out_path``.

    ``query_filters`` maps a sheet key to the ledger page's current :class:`ListQuery`
    (its filters, search text and period); otherwise every live row of ``period``.
    """
    # the 点位台账 only for a unit that keeps a 点位 register
    keys = list(sheets) if sheets else [key for key in SHEETS if key != "checkpoints"
                                        or register_sheet.has_checkpoints(ledger)]
    for key in keys:
        if key not in SHEETS:
            raise UserFacingError(UNKNOWN_SHEET.format(key=key))
    if not keys:
        raise UserFacingError(NO_SHEETS)
    out_path = Path(out_path)
    today = today or date.today()
    filters = dict(query_filters or {})
    report = progress or (lambda percent, step: None)
    cancelled = is_cancelled or (lambda: False)

    def write(temp: Path) -> None:
        book = LedgerBook(temp)
        try:
            for number, key in enumerate(keys):
                if cancelled():
                    raise ExportCancelled
                base, share = 100 * number // len(keys), 100 // len(keys)
                report(base, STEP_TEXT.format(name=SHEET_NAMES[key]))
                _write_sheet(book, ledger, key, period, filters.get(key), full_id, today,
                             lambda done, total, b=base, s=share, k=key: report(
                                 b + s * done // max(total, 1),
                                 STEP_TEXT.format(name=SHEET_NAMES[k])),
                             cancelled)
        finally:
            book.close()

    if full_id and any(key in PERSONAL_SHEETS for key in keys):
        with ledger.db.atomic():
            write_audit(ledger.db, table="volunteers", row_id="*", action="export",
                        actor=ledger.actor,
                        new={"file": str(out_path), "full_id": True, "full_phone": True,
                             "period": period.code if period else "",
                             "sheets": [SHEET_NAMES[k] for k in keys]})
            write_atomically(out_path, write)
    else:
        write_atomically(out_path, write)
    report(100, DONE_TEXT)
    return out_path


def _write_sheet(book: LedgerBook, ledger: Ledger, key: str, period: Period | None,
                 query: ListQuery | None, full_id: bool, today: date,
                 progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> None:
    table = sheet_table(ledger, key, period, query=query, full_id=full_id, today=today)
    if table.blocks or key == "statistics":
        book.block_sheet(table.name, table.title, table.unit_line, table.blocks, table.signature)
        return
    sheet = book.sheet(table.name, table.title, table.columns, table.unit_line)
    for done, (values, marked) in enumerate(table.rows, start=1):
        sheet.write_row(values, marked=marked)
        if done % PROGRESS_EVERY == 0:
            if cancelled():
                raise ExportCancelled
            progress(done, table.count)
    sheet.finish(table.signature)


def _one(key: str):
    def export(ledger: Ledger, period: Period | None, out_path: Path | str, *,
               query: ListQuery | None = None, full_id: bool = False,
               progress: Progress | None = None, is_cancelled: Callable[[], bool] | None = None,
               today: date | None = None) -> Path:
        return export_workbook(ledger, period, out_path, full_id=full_id, sheets=[key],
                               query_filters={key: query} if query is not None else None,
                               progress=progress, is_cancelled=is_cancelled, today=today)

    export.__name__ = f"export_{key}"
    export.__doc__ = f"Export the {SHEET_NAMES[key]} sheet alone (with the page's query)."
    return export


export_activities = _one("activities")
export_service_records = _one("service_records")
export_volunteers = _one("volunteers")
export_service_hours = _one("service_hours")
export_problems = _one("problems")
export_statistics = _one("statistics")
