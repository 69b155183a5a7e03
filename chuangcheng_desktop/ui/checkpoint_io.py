"""点位 files from the page: import the register, save blank checklists and 测评记录 (.docx).

Reading, checking and writing run on worker threads (``ui.tasks``) with their own Ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.checkpoints.import_checkpoints import (
    checkpoint_preview_report,
    commit_checkpoints,
    preview_checkpoints,
)
from chuangcheng_desktop.reports.imports.import_errors import result_report
from chuangcheng_desktop.reports.imports.outcomes import ImportPreview
from chuangcheng_desktop.ui.import_dialog import ImportDialog
from chuangcheng_desktop.ui.tasks import Task, run_with_progress

TEXT = {
    "open": "选择点位登记簿 Excel 文件",
    "filter": "Excel 工作簿 (*.xlsx);;所有文件 (*)",
    "reading": "正在读取并检查…",
    "saving": "正在导入…",
    "failed": "导入失败",
    "done": "导入完成",
    "dup_skip": "重名的点位：跳过（保留登记簿中的原记录）",
    "dup_update": "重名的点位：用文件中的内容更新原记录",
    "save_blank": "保存空白检查表",
    "save_record": "保存测评记录",
    "docx": "Word 文档 (*.docx)",
    "written": "已保存：{path}",
    "write_failed": "没有保存",
    "blank_name": "空白检查表_{name}.docx",
    "record_name": "测评记录_{name}_{date}.docx",
}


def import_checkpoints(parent: QWidget, ledger: Ledger, *, path: str | None = None,
                       on_done: Callable[[], None] | None = None) -> Task | None:
    if path is None:
        path, _ = QFileDialog.getOpenFileName(parent, TEXT["open"], str(Path.home()), TEXT["filter"])
        if not path:
            return None
    database, actor = ledger.path, ledger.actor

    def read(progress, is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            return preview_checkpoints(own, path, progress=progress)

    return run_with_progress(parent, read,
                             lambda preview: show_checkpoint_preview(parent, ledger, preview, on_done),
                             TEXT["reading"], TEXT["failed"])


def show_checkpoint_preview(parent: QWidget, ledger: Ledger, preview: ImportPreview,
                            on_done: Callable[[], None] | None = None) -> Task | None:
    dialog = ImportDialog(preview, parent)
    dialog.summary.setText(checkpoint_preview_report(preview))
    dialog.duplicates.setItemText(0, TEXT["dup_skip"])
    dialog.duplicates.setItemText(1, TEXT["dup_update"])
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    skip, update = dialog.skip_invalid.isChecked(), dialog.update_duplicates
    database, actor = ledger.path, ledger.actor

    def save(progress, is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            return commit_checkpoints(own, preview, skip_invalid=skip, update_duplicates=update)

    def finished(result) -> None:
        if on_done is not None:
            on_done()
        QMessageBox.information(parent, TEXT["done"], result_report(result))

    return run_with_progress(parent, save, finished, TEXT["saving"], TEXT["failed"])


def _ask_path(parent: QWidget, title: str, name: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name), TEXT["docx"])
    return Path(path) if path else None


def save_blank_checklists(parent: QWidget, ledger: Ledger, checkpoint_ids: list[str], *,
                          path: Path | None = None) -> Task | None:
    """A blank checklist per 点位 (one document for a route) to take into the field."""
    from chuangcheng_desktop.core.checkpoints.register import get_checkpoint
    from chuangcheng_desktop.reports.checkpoints.checklist_docx import export_blank_checklists

    if not checkpoint_ids:
        return None
    first = get_checkpoint(ledger, checkpoint_ids[0])["name"]
    name = first if len(checkpoint_ids) == 1 else f"{first}等{len(checkpoint_ids)}个点位"
    path = path or _ask_path(parent, TEXT["save_blank"], TEXT["blank_name"].format(name=name))
    return _write(parent, ledger, path, TEXT["save_blank"],
                  lambda own: export_blank_checklists(own, checkpoint_ids, path))


def save_run_record(parent: QWidget, ledger: Ledger, run_id: str, *,
                    path: Path | None = None) -> Task | None:
    """The 测评记录 of a finished run, with its results and photos, for the binder."""
    from chuangcheng_desktop.core.checkpoints.history import run_detail
    from chuangcheng_desktop.reports.checkpoints.checklist_docx import export_run_record

    detail = run_detail(ledger.db, run_id)
    path = path or _ask_path(parent, TEXT["save_record"], TEXT["record_name"].format(
        name=detail.checkpoint["name"], date=detail.summary.date))
    return _write(parent, ledger, path, TEXT["save_record"],
                  lambda own: export_run_record(own, run_id, path))


def _write(parent: QWidget, ledger: Ledger, path: Path | None, title: str,
           export: Callable[[Ledger], Path]) -> Task | None:
    """Write a document on a worker thread with its own Ledger; say where it went."""
    if path is None:
        return None
    database, actor = ledger.path, ledger.actor

    def work(progress, is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            return export(own)

    return run_with_progress(
        parent, work, lambda written: QMessageBox.information(
            parent, title, TEXT["written"].format(path=written)),
        title, TEXT["write_failed"])
