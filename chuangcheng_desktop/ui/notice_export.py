"""生成整改通知书: the problems ledger page's button for the selected problems.

已完成 and 待复查 problems are left out (the dialog says how many and why). The dialog
shows what will be written — 整改通知书, 督办通知 for problems past their deadline (with
the new deadline, default today + the default period), 问题交办单 for the issuer's own
office — and lets the user change the issue date, the requirement points and the 抄送
line. The notices are written by ``reports.notice_docx.write_notices`` (the ``notice``
command's code path) on a worker thread (``ui.tasks.run_task``) that opens its own
``Ledger``; when the file is saved the user may open it or its folder.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.rules.notices import KIND_URGE, plan_notices, select_problems
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.settings import get_setting
from chuangcheng_desktop.reports.files import next_free_path
from chuangcheng_desktop.reports.notice_docx import (
    NoticeResult,
    default_file_name,
    default_new_deadline,
    issuer_of,
    reprint_notice,
    requirements_for,
    write_notices,
)
from chuangcheng_desktop.ui.tasks import Task, run_task
from chuangcheng_desktop.ui.widgets import export_done

logger = logging.getLogger(__name__)

TEXT = {
    "title": "生成整改通知书",
    "none": "请先在表格中选择要发通知的问题（可按住 Ctrl 或 Shift 多选）。",
    "all_done": "所选问题都已整改完成，不需要再发整改通知书。",
    "all_waiting": "所选问题都已提交复查（待复查），不需要再发整改通知书；请在“复查”中处理。",
    "nothing": "所选问题都已整改完成或等待复查，不需要再发整改通知书。",
    "plan": "将按责任单位生成 {count} 份文书：{kinds}。发文单位：{issuer}。",
    "kind_count": "{kind}{n}份",
    "left_out": "不写入：{parts}。",
    "left_done": "已完成的 {n} 个问题",
    "left_waiting": "已提交复查（待复查）的 {n} 个问题",
    "issued_on": "发文日期",
    "new_deadline": "督办的新整改期限",
    "new_deadline_help": "已超过整改期限的问题发督办通知，引用原定期限，给出新的期限。",
    "requirements": "{kind}的整改要求（一行一条）",
    "cc": "抄送（可空）",
    "bad_deadline": "新的整改期限不能早于发文日期。",
    "filter": "Word 文档 (*.docx)",
    "writing": "正在生成整改通知书…",
    "cancel": "取消",
    "failed": "通知书没有生成",
    "done": "已生成 {count} 份文书（{numbers}），保存在：\n{path}",
    "open_file": "打开文件",
    "open_folder": "打开所在文件夹",
    "close": "关闭",
    "reprint": "重印通知书（存档副本）",
    "reprint_pick": "这个问题发过多份文书，重印哪一份？",
    "reprinted": "已重印存档副本，保存在：\n{path}",
}


class NoticeDialog(QDialog):
    """Shows the plan and collects the issue date, new deadline, requirements and 抄送."""

    def __init__(self, ledger: Ledger, problem_ids: list[str], left_out: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.problem_ids = problem_ids
        self.setWindowTitle(TEXT["title"])
        today = clock.today()
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.issued_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.issued_edit.setCalendarPopup(True)
        self.issued_edit.setDisplayFormat("yyyy年M月d日")
        self.deadline_edit = QDateEdit(self)
        self.deadline_edit.setCalendarPopup(True)
        self.deadline_edit.setDisplayFormat("yyyy年M月d日")
        self.cc_edit = QLineEdit(get_setting(ledger.db, "notice_cc") or "", self)
        self.requirement_edits: dict[str, QPlainTextEdit] = {}
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b03a2e")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)

        self.plans = plan_notices(ledger, problem_ids, year=today.year, issued_on=today,
                                  issuer=issuer_of(ledger)[0])
        kinds: dict[str, int] = {}
        for draft, _rows in self.plans:
            kinds[draft.kind] = kinds.get(draft.kind, 0) + 1
        self.summary.setText(TEXT["plan"].format(
            count=len(self.plans), issuer=issuer_of(ledger)[0],
            kinds="、".join(TEXT["kind_count"].format(kind=k, n=n) for k, n in kinds.items()))
            + (f"\n{left_out}" if left_out else ""))
        form = QFormLayout()
        form.addRow(TEXT["issued_on"], self.issued_edit)
        urged = [row for draft, rows in self.plans if draft.kind == KIND_URGE for row in rows]
        self.urges = bool(urged)
        if urged:
            due = default_new_deadline(ledger, urged, today)
            self.deadline_edit.setDate(QDate(due.year, due.month, due.day))
            self.deadline_edit.setToolTip(TEXT["new_deadline_help"])
            form.addRow(TEXT["new_deadline"], self.deadline_edit)
        else:
            self.deadline_edit.hide()
        for kind in kinds:
            edit = QPlainTextEdit("\n".join(requirements_for(ledger, kind)), self)
            edit.setMinimumHeight(90)
            self.requirement_edits[kind] = edit
            form.addRow(TEXT["requirements"].format(kind=kind), edit)
        form.addRow(TEXT["cc"], self.cc_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(620, 0)

    def options(self) -> dict[str, Any]:
        """Keyword arguments for ``write_notices``."""
        issued = self.issued_edit.date().toPython()
        deadline = self.deadline_edit.date().toPython() if self.urges else None
        requirements = {kind: [line.strip() for line in edit.toPlainText().splitlines()
                               if line.strip()]
                        for kind, edit in self.requirement_edits.items()}
        return {"issued_on": issued, "new_deadline": deadline,
                "requirements": {k: v for k, v in requirements.items() if v},
                "cc": self.cc_edit.text().strip()}

    def accept(self) -> None:
        chosen = self.options()
        if chosen["new_deadline"] and chosen["new_deadline"] < chosen["issued_on"]:
            self.error.setText(TEXT["bad_deadline"])
            return
        super().accept()


def generate_notices(page: Any) -> Task | None:
    """For the rows selected on ``page`` (a LedgerPage of problems)."""
    parent: QWidget = page
    ledger: Ledger = page.ledger
    ids = page.selected_ids()
    if not ids:
        QMessageBox.information(parent, TEXT["title"], TEXT["none"])
        return None
    selection = select_problems(ledger, ids)
    if not selection.open:
        key = ("all_done" if not selection.waiting_recheck else
               "all_waiting" if not selection.done else "nothing")
        QMessageBox.information(parent, TEXT["title"], TEXT[key])
        return None
    parts = []
    if selection.done:
        parts.append(TEXT["left_done"].format(n=len(selection.done)))
    if selection.waiting_recheck:
        parts.append(TEXT["left_waiting"].format(n=len(selection.waiting_recheck)))
    left_out = TEXT["left_out"].format(parts="；".join(parts)) if parts else ""
    open_ids = [row["id"] for row in selection.open]
    dialog = NoticeDialog(ledger, open_ids, left_out, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    options = dialog.options()
    numbers = [draft.number for draft, _rows in dialog.plans]
    suggested = next_free_path(Path.home() / default_file_name(numbers, dialog.plans[0][0].kind))
    path, _ = QFileDialog.getSaveFileName(parent, TEXT["title"], str(suggested), TEXT["filter"])
    if not path:
        return None
    return start_notices(parent, ledger, open_ids, Path(path), **options)


def start_notices(parent: QWidget, ledger: Ledger, problem_ids: list[str], path: Path, *,
                  issued_on: date | None = None, new_deadline: date | None = None,
                  requirements: dict[str, list[str]] | None = None, cc: str | None = None
                  ) -> Task:
    database, actor = ledger.path, ledger.actor
    issued_on = issued_on or clock.today()

    def work(progress, _is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            return write_notices(own, problem_ids, path, issued_on=issued_on,
                                 new_deadline=new_deadline, requirements=requirements, cc=cc,
                                 progress=progress)

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


def reprint_from_timeline(parent: QWidget, ledger: Ledger, numbers: list[str]) -> Path | None:
    """An archive copy of one of the notices a problem got (chosen when several)."""
    if not numbers:
        return None
    number = numbers[-1]
    if len(numbers) > 1:
        number, ok = QInputDialog.getItem(parent, TEXT["reprint"], TEXT["reprint_pick"], numbers,
                                          len(numbers) - 1, False)
        if not ok:
            return None
    suggested = next_free_path(Path.home() / f"{number}存档副本.docx")
    path, _ = QFileDialog.getSaveFileName(parent, TEXT["reprint"], str(suggested), TEXT["filter"])
    if not path:
        return None
    try:
        written = reprint_notice(ledger, number, Path(path), today=clock.today())
    except UserFacingError as exc:
        QMessageBox.warning(parent, TEXT["failed"], exc.message)
        return None
    export_done.offer_to_open(parent, TEXT["reprint"], TEXT["reprinted"].format(path=written),
                              written)
    return written
