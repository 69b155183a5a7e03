"""The ledger pages' Excel buttons: 导出台账, 一键导出迎检台账, 打印, 导入, 下载导入模板.

Each function takes the parent widget and the window's :class:`Ledger`; long work runs
through ``ui.tasks.run_task`` with a cancellable progress dialog, on a worker thread that
opens its own ``Ledger`` (SQLite connections are per thread). No SQL here: everything goes
through ``reports``. ``sheet``/``kind`` is "activities" | "volunteers" | "service_hours" |
"problems".
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar, QWidget

from chuangcheng_desktop.core.figures.data_checks import DataIssue, find_data_issues
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.reports.files import OutputFileBusyError, next_free_path
from chuangcheng_desktop.reports.workbook.ledger_export import ExportCancelled, export_workbook
from chuangcheng_desktop.reports.workbook.ledger_sheets import (
    PERSONAL_SHEETS,
    SHEET_NAMES,
    period_name,
    sheet_table,
)
from chuangcheng_desktop.reports.workbook.templates import FILE_NAMES, write_template
from chuangcheng_desktop.ui import ledger_print
from chuangcheng_desktop.ui.import_dialog import start_import
from chuangcheng_desktop.ui.tasks import Task, TaskCancelled, run_with_progress
from chuangcheng_desktop.ui.widgets.export_done import offer_to_open

logger = logging.getLogger(__name__)

PRINT_LIMIT = 3000
CHECK_LINES = 8
TEXT = {
    "save_title": "导出台账",
    "filter": "Excel 工作簿 (*.xlsx)",
    "pdf_filter": "PDF 文件 (*.pdf)",
    "exporting": "正在导出台账…",
    "done_title": "导出完成",
    "done": "台账已保存到：\n{path}",
    "failed_title": "导出失败",
    "busy_title": "文件被占用",
    "retry": "重试",
    "save_as": "另存为…",
    "full_id_title": "身份证号和电话",
    "full_id": "是否导出完整身份证号和联系电话？\n选择“否”则导出打码号码（如 110101********1234、"
               "138****5678）。导出完整号码会记入操作日志，请妥善保管文件。",
    "check_title": "数据核对",
    "checking": "正在核对数据…",
    "check_ask": "发现{count}处需要核对，仍然导出？\n\n{lines}{more}\n\n可在首页“数据核对”中逐条打开修改。",
    "check_more": "\n……另有{count}处",
    "print_title": "打印预览 — {name}",
    "print_cut": "本台账共{count}行，打印预览只显示前{limit}行。请先用筛选缩小范围，"
                 "或导出 Excel 后打印。",
    "save_pdf": "保存为 PDF…",
    "pdf_done": "PDF 已保存到：\n{path}",
    "template_title": "下载导入模板",
    "template_done": "导入模板已保存到：\n{path}",
    "no_template": "这一台账没有导入模板（可导入：志愿者、活动、问题、点位）。",
    "all_name": "{unit}迎检台账（{period}）.xlsx",
}


def _default_path(name: str) -> str:
    return str(next_free_path(Path.home() / name))


def export_ledger(parent: QWidget, ledger: Ledger, sheet: str, query: ListQuery | None) -> Task | None:
    """导出台账: the ledger page's rows (with its current filter) as one sheet."""
    path, _ = QFileDialog.getSaveFileName(parent, TEXT["save_title"],
                                          _default_path(f"{SHEET_NAMES[sheet]}.xlsx"), TEXT["filter"])
    if not path:
        return None
    full_id = sheet in PERSONAL_SHEETS and _ask_full_id(parent)
    period = query.period if query is not None else None
    return _start_export(parent, ledger, Path(path), period=period, sheets=[sheet],
                         filters={sheet: query} if query is not None else None, full_id=full_id)


def export_all(parent: QWidget, ledger: Ledger, period: Period, *,
               today: date | None = None) -> Task:
    """一键导出迎检台账: every sheet for ``period``, after 数据核对 in the background; when it
    finds something, “发现N处需要核对，仍然导出？”. The returned task is the check; the
    export's task appears as its ``export_task`` once the user has chosen the file."""
    database, actor, day = ledger.path, ledger.actor, today or date.today()

    def work(progress, is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            return find_data_issues(own.db, day)

    def checked(issues: list[DataIssue]) -> None:
        if issues and not confirm_data_checks(parent, issues):
            return
        check.export_task = _choose_and_export(parent, ledger, period)

    check = run_with_progress(parent, work, checked, TEXT["checking"], TEXT["failed_title"])
    check.export_task = None
    return check


def _choose_and_export(parent: QWidget, ledger: Ledger, period: Period) -> Task | None:
    unit = ledger.profile().get("unit_name") or ""
    name = TEXT["all_name"].format(unit=unit, period=period_name(period))
    path, _ = QFileDialog.getSaveFileName(parent, TEXT["save_title"], _default_path(name),
                                          TEXT["filter"])
    if not path:
        return None
    return _start_export(parent, ledger, Path(path), period=period, sheets=None, filters=None,
                         full_id=_ask_full_id(parent))


def confirm_data_checks(parent: QWidget, issues: list[DataIssue]) -> bool:
    """“发现N处需要核对，仍然导出？” with the first few; True to export anyway."""
    shown = issues[:CHECK_LINES]
    more = TEXT["check_more"].format(count=len(issues) - len(shown)) if len(issues) > len(shown) else ""
    answer = QMessageBox.question(
        parent, TEXT["check_title"],
        TEXT["check_ask"].format(count=len(issues), lines="\n".join(f"· {i.text}" for i in shown),
                                 more=more),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _ask_full_id(parent: QWidget) -> bool:
    answer = QMessageBox.question(parent, TEXT["full_id_title"], TEXT["full_id"],
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _start_export(parent: QWidget, ledger: Ledger, path: Path, *, period: Period | None,
                  sheets: list[str] | None, filters: dict[str, Any] | None, full_id: bool) -> Task:
    database, actor = ledger.path, ledger.actor

    def work(progress, is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            try:
                return export_workbook(own, period, path, full_id=full_id, sheets=sheets,
                                       query_filters=filters, progress=progress,
                                       is_cancelled=is_cancelled)
            except ExportCancelled as exc:
                raise TaskCancelled from exc
            except OutputFileBusyError as exc:
                return exc  # handled on the GUI thread: 重试 / 另存为

    def finished(result: object) -> None:
        if isinstance(result, OutputFileBusyError):
            _busy(parent, ledger, result, period=period, sheets=sheets, filters=filters,
                  full_id=full_id)
        else:
            offer_to_open(parent, TEXT["done_title"], TEXT["done"].format(path=result), result)

    return run_with_progress(parent, work, finished, TEXT["exporting"], TEXT["failed_title"])


def _busy(parent: QWidget, ledger: Ledger, error: OutputFileBusyError, **again: Any) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, TEXT["busy_title"], error.message,
                      QMessageBox.StandardButton.Cancel, parent)
    retry = box.addButton(TEXT["retry"], QMessageBox.ButtonRole.AcceptRole)
    save_as = box.addButton(TEXT["save_as"], QMessageBox.ButtonRole.ActionRole)
    box.exec()
    if box.clickedButton() is retry:
        _start_export(parent, ledger, error.path, **again)
    elif box.clickedButton() is save_as:
        path, _ = QFileDialog.getSaveFileName(parent, TEXT["save_title"],
                                              str(next_free_path(error.path)), TEXT["filter"])
        if path:
            _start_export(parent, ledger, Path(path), **again)


def print_ledger(parent: QWidget, ledger: Ledger, sheet: str, query: ListQuery | None,
                 *, exec_dialog: bool = True) -> QPrintPreviewDialog:
    """打印: a print preview of the ledger page with its current filter; can save a PDF."""
    period = query.period if query is not None else None
    table = sheet_table(ledger, sheet, period, query=query)
    if table.count > PRINT_LIMIT:
        QMessageBox.information(parent, SHEET_NAMES[sheet],
                                TEXT["print_cut"].format(count=table.count, limit=PRINT_LIMIT))
    printable = ledger_print.print_table(table, limit=PRINT_LIMIT)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    ledger_print.setup_printer(printer)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(TEXT["print_title"].format(name=table.title))
    dialog.paintRequested.connect(lambda target: ledger_print.render(printable, target))
    dialog.printable = printable  # for tests and for save_pdf
    toolbars = dialog.findChildren(QToolBar)
    if toolbars:
        action = toolbars[0].addAction(TEXT["save_pdf"])
        action.triggered.connect(lambda: _ask_pdf(dialog, printable, table.title))
    if exec_dialog:
        dialog.exec()
    return dialog


def _ask_pdf(parent: QWidget, printable: ledger_print.PrintTable, title: str) -> None:
    path, _ = QFileDialog.getSaveFileName(parent, TEXT["save_pdf"], _default_path(f"{title}.pdf"),
                                          TEXT["pdf_filter"])
    if path:
        save_pdf(printable, Path(path))
        offer_to_open(parent, TEXT["save_pdf"], TEXT["pdf_done"].format(path=path), path)


def save_pdf(printable: ledger_print.PrintTable, path: Path | str) -> int:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    ledger_print.setup_printer(printer)
    return ledger_print.render(printable, printer)


def import_records(parent: QWidget, ledger: Ledger, kind: str):
    """导入: choose an .xlsx, preview every row, confirm (see ``import_dialog``)."""
    return start_import(parent, ledger, kind)


def save_import_template(parent: QWidget, kind: str, *,
                         ledger: Ledger | None = None) -> Path | None:
    """下载导入模板 (with ``ledger``, the 点位类型 drop-down lists that ledger's types)."""
    if kind not in FILE_NAMES:
        QMessageBox.warning(parent, TEXT["template_title"], TEXT["no_template"])
        return None
    path, _ = QFileDialog.getSaveFileName(parent, TEXT["template_title"],
                                          _default_path(FILE_NAMES[kind]), TEXT["filter"])
    if not path:
        return None
    try:
        written = write_template(kind, path, db=ledger.db if ledger is not None else None)
    except UserFacingError as exc:
        QMessageBox.warning(parent, TEXT["template_title"], exc.message)
        return None
    offer_to_open(parent, TEXT["template_title"], TEXT["template_done"].format(path=written),
                  written)
    return written
