"""生成整改通知书: the problems ledger page's button for the selected problems.

Problems already 已完成 are left out (with a word to the user). The notices are written by
``reports.notice_docx.write_notices`` on a worker thread (``ui.tasks.run_task``) that opens
its own ``Ledger``; when the file is saved the user may open it or its folder.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.notices import plan_notices
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.files import next_free_path
from chuangcheng_desktop.reports.notice_docx import NoticeResult, default_file_name, write_notices
from chuangcheng_desktop.ui.tasks import Task, run_task
from chuangcheng_desktop.ui.widgets import export_done

logger = logging.getLogger(__name__)

TEXT = {
    "title": "生成整改通知书",
    "none": "请先在表格中选择要发通知的问题（可按住 Ctrl 或 Shift 多选）。",
    "all_done": "所选问题都已整改完成，不需要再发整改通知书。",
    "some_done": "所选的 {total} 个问题中有 {done} 个已完成，将不写入通知书。\n"
                 "其余 {open} 个问题将按责任单位生成 {count} 份通知书，继续吗？",
    "filter": "Word 文档 (*.docx)",
    "writing": "正在生成整改通知书…",
    "cancel": "取消",
    "failed": "通知书没有生成",
    "done": "已生成 {count} 份整改通知书（{numbers}），保存在：\n{path}",
    "open_file": "打开文件",
    "open_folder": "打开所在文件夹",
    "close": "关闭",
}


def generate_notices(page: Any) -> Task | None:
    """For the rows selected on ``page`` (a LedgerPage of problems)."""
    parent: QWidget = page
    ledger: Ledger = page.ledger
    ids = page.selected_ids()
    if not ids:
        QMessageBox.information(parent, TEXT["title"], TEXT["none"])
        return None
    problems = [ledger.problems.get(row_id) for row_id in ids]
    open_ids = [p["id"] for p in problems if p["status"] != vocab.PROBLEM_DONE]
    if not open_ids:
        QMessageBox.information(parent, TEXT["title"], TEXT["all_done"])
        return None
    issued_on = clock.today()
    plans = plan_notices(ledger, open_ids, year=issued_on.year)
    if len(open_ids) < len(ids):
        question = TEXT["some_done"].format(total=len(ids), done=len(ids) - len(open_ids),
                                            open=len(open_ids), count=len(plans))
        if QMessageBox.question(parent, TEXT["title"], question) != QMessageBox.StandardButton.Yes:
            return None
    suggested = next_free_path(Path.home() / default_file_name([d.number for d, _ in plans]))
    path, _ = QFileDialog.getSaveFileName(parent, TEXT["title"], str(suggested), TEXT["filter"])
    if not path:
        return None
    return start_notices(parent, ledger, open_ids, Path(path))


def start_notices(parent: QWidget, ledger: Ledger, problem_ids: list[str], path: Path) -> Task:
    database, actor, issued_on = ledger.path, ledger.actor, clock.today()

    def work(progress, _is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            return write_notices(own, problem_ids, path, issued_on=issued_on, progress=progress)

    dialog = QProgressDialog(TEXT["writing"], TEXT["cancel"], 0, 100, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setCancelButton(None)  # numbers are recorded with the file: no half-way stop
    task = run_task(work, parent)
    task.progress.connect(lambda percent, step: (dialog.setValue(percent),
                                                 dialog.setLabelText(step or TEXT["writing"])))
    task.succeeded.connect(lambda result: offer_to_open(parent, result))
    task.failed.connect(lambda message: QMessageBox.warning(parent, TEXT["failed"], message))
    task.finished.connect(dialog.close)
    task.progress_dialog = dialog
    return task


def offer_to_open(parent: QWidget, result: NoticeResult) -> None:
    export_done.offer_to_open(parent, TEXT["title"], TEXT["done"].format(
        count=len(result.numbers), numbers="、".join(result.numbers), path=result.path),
        result.path)
