"""The 报送 buttons: 导出报送包, 导入报送包/交办包 (with a preview), 交办问题.

Each runs on a worker thread that opens its own :class:`Ledger` (``ui.tasks``); the work
is the same core code as ``export-package`` / ``import-package`` / ``send-tasks``. An import
is previewed first (a dry run: what changes for the unit), then confirmed and committed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from chuangcheng_desktop.core.packages.export import default_package_name, export_package
from chuangcheng_desktop.core.packages.manifest import KIND_TASKS
from chuangcheng_desktop.core.packages.merge import ImportOutcome, UnknownUnitError, merge_package
from chuangcheng_desktop.core.packages.reading import open_package
from chuangcheng_desktop.core.packages.tasks import ReceivedTasks, receive_tasks, send_tasks
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.files import next_free_path
from chuangcheng_desktop.ui.tasks import Task, run_with_progress
from chuangcheng_desktop.ui.widgets.period_picker import PeriodPicker
from chuangcheng_desktop.ui.widgets.photo_strip import attachments_dir_of

TEXT = {
    "export_title": "导出报送包",
    "period": "报送期间",
    "full": "完整数据（身份证号、电话不打码；会记入操作日志）",
    "reduced": "照片压缩后放入（报送包更小，适合邮件或政务网传送）",
    "full_hint": "默认身份证号、电话打码（如 110101********1234、138****5678），街道统计不受影响。",
    "filter": "创城台账报送包 (*.ccpkg)",
    "exporting": "正在导出报送包…",
    "exported": "报送包已保存到：\n{path}\n\n期间：{period}；照片{photos}张。请用U盘或政务网报送街道。",
    "missing_photos": "\n注意：{count}张照片在数据文件夹中找不到或已损坏，未放入报送包。",
    "import_title": "导入报送包",
    "checking": "正在检查报送包…",
    "importing": "正在导入…",
    "failed": "导入失败",
    "export_failed": "导出失败",
    "preview": "报送单位：{unit}\n期间：{period}\n导出时间：{created}\n\n{changes}\n\n确定导入吗？",
    "no_change": "与上次报送相比没有记录变化。",
    "change": "{label}：新增{new}条，修改{changed}条，删除{removed}条",
    "new_unit": "（新加入名单的单位）",
    "add_unit": "加入名单并导入",
    "tasks_preview": "{message}\n\n确定接收吗？",
    "book_title": "导出各社区汇总台账",
    "book_filter": "Excel 工作簿 (*.xlsx)",
    "book_name": "{unit}各社区汇总台账（{period}）.xlsx",
    "book_busy": "正在导出汇总台账…",
    "book_done": "汇总台账已保存到：\n{path}",
    "send_title": "交办问题",
    "sending": "正在导出交办包…",
    "sent": "交办包已保存到：\n{path}\n\n请交给{unit}，社区导入后问题记入其问题台账。",
}


def export_dialog(parent: QWidget, ledger: Ledger) -> Task | None:
    """导出报送包: choose the period and masking, then where to save."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(TEXT["export_title"])
    picker = PeriodPicker(dialog)
    full = QCheckBox(TEXT["full"], dialog)
    reduced = QCheckBox(TEXT["reduced"], dialog)
    hint = QLabel(TEXT["full_hint"], dialog)
    hint.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form = QFormLayout(dialog)
    form.addRow(TEXT["period"], picker)
    form.addRow(full)
    form.addRow(reduced)
    form.addRow(hint)
    form.addRow(buttons)
    dialog.picker, dialog.full, dialog.reduced = picker, full, reduced  # for tests
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    period, full_data, small = picker.period(), full.isChecked(), reduced.isChecked()
    name = default_package_name(ledger.profile()["unit_name"], period)

    def job(own: Ledger, photos: Path, path: Path, progress):
        return export_package(own, photos, path, period=period, full_data=full_data,
                              reduced_photos=small, progress=progress)

    def done(result) -> None:
        text = TEXT["exported"].format(path=result.path, period=result.manifest.period_name,
                                       photos=result.photos)
        if result.missing_photos:
            text += TEXT["missing_photos"].format(count=len(result.missing_photos))
        QMessageBox.information(parent, TEXT["export_title"], text)

    return _save_and_run(parent, ledger, TEXT["export_title"], name, TEXT["filter"], job, done,
                         TEXT["exporting"], TEXT["export_failed"])


def import_dialog(parent: QWidget, ledger: Ledger, on_done: Callable[[], None]) -> Task | None:
    """导入: choose a .ccpkg; preview; confirm; merge (报送包) or receive (交办包)."""
    path, _ = QFileDialog.getOpenFileName(parent, TEXT["import_title"], str(Path.home()),
                                          TEXT["filter"])
    if not path:
        return None
    return start_import(parent, ledger, Path(path), on_done)


def start_import(parent: QWidget, ledger: Ledger, path: Path, on_done: Callable[[], None], *,
                 add_unit: bool = False, commit: bool = False) -> Task:
    database, actor, photos = ledger.path, ledger.actor, attachments_dir_of(ledger)

    def work(progress, is_cancelled) -> Any:
        with open_package(path) as package, Ledger.open(database, actor=actor) as own:
            if package.manifest.kind == KIND_TASKS:
                return receive_tasks(own, photos, package, dry_run=not commit)
            try:
                return merge_package(own, photos, package, add_unit=add_unit,
                                     dry_run=not commit)
            except UnknownUnitError as exc:
                return exc

    def done(result) -> None:
        if isinstance(result, UnknownUnitError):
            if _ask(parent, result.message, TEXT["add_unit"]):
                start_import(parent, ledger, path, on_done, add_unit=True)
            return
        if commit:
            QMessageBox.information(parent, TEXT["import_title"], result.message)
            on_done()
            return
        question = preview_text(result)
        if question is None:
            QMessageBox.information(parent, TEXT["import_title"], result.message)
        elif _ask(parent, question, TEXT["import_title"]):
            start_import(parent, ledger, path, on_done, add_unit=add_unit, commit=True)

    return run_with_progress(parent, work, done,
                             TEXT["importing"] if commit else TEXT["checking"], TEXT["failed"])


def preview_text(result: ImportOutcome | ReceivedTasks) -> str | None:
    """The confirmation question of a dry run, or None when there is nothing to import."""
    if isinstance(result, ReceivedTasks):
        return TEXT["tasks_preview"].format(message=result.message) if result.added else None
    if result.status != "new":
        return None
    manifest = result.manifest
    changes = "\n".join(TEXT["change"].format(**vars(c)) for c in result.changes)
    unit = manifest.unit_name + (TEXT["new_unit"] if result.unit_added else "")
    return TEXT["preview"].format(unit=unit, period=manifest.period_name,
                                  created=manifest.created_at[:16].replace("T", " "),
                                  changes=changes or TEXT["no_change"])


def street_book_dialog(parent: QWidget, ledger: Ledger, period) -> Task | None:
    """导出汇总台账: the consolidated workbook of the units for ``period``."""
    from chuangcheng_desktop.reports.workbook.street_book import export_street_workbook

    name = TEXT["book_name"].format(unit=ledger.profile()["unit_name"], period=period.name)

    def job(own: Ledger, photos: Path, path: Path, progress):
        return export_street_workbook(own, period, path, progress=progress)

    def done(result) -> None:
        QMessageBox.information(parent, TEXT["book_title"], TEXT["book_done"].format(path=result))

    return _save_and_run(parent, ledger, TEXT["book_title"], name, TEXT["book_filter"], job, done,
                         TEXT["book_busy"], TEXT["book_title"])


def send_dialog(parent: QWidget, ledger: Ledger, unit_id: str, unit_name: str,
                problem_ids: list[str]) -> Task | None:
    """交办问题: the chosen problems of the 街道's own ledger to one unit, as a 交办包."""
    def job(own: Ledger, photos: Path, path: Path, progress):
        return send_tasks(own, photos, unit_id, problem_ids, path)

    def done(result) -> None:
        QMessageBox.information(parent, TEXT["send_title"],
                                TEXT["sent"].format(path=result.path, unit=unit_name))

    return _save_and_run(parent, ledger, TEXT["send_title"], f"交办包_{unit_name}.ccpkg",
                         TEXT["filter"], job, done, TEXT["sending"], TEXT["send_title"])


def _save_and_run(parent: QWidget, ledger: Ledger, title: str, name: str, file_filter: str,
                  job: Callable[..., Any], done: Callable[[Any], None], busy: str,
                  failed: str) -> Task | None:
    """Ask where to save (a free name in the home folder proposed), then run
    ``job(own_ledger, photos_dir, path, progress)`` on a worker with its own ledger."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(next_free_path(Path.home() / name)),
                                          file_filter)
    if not path:
        return None
    database, actor, photos = ledger.path, ledger.actor, attachments_dir_of(ledger)

    def work(progress, is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            return job(own, photos, Path(path), progress)

    return run_with_progress(parent, work, done, busy, failed)


def _ask(parent: QWidget, text: str, title: str) -> bool:
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
