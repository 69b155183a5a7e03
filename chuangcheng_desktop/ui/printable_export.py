"""The ledger pages' printable buttons: 问题交办单 and 复查销号单 for the selected problem,
照片台账 for the period shown on the activities page. Each asks where to save (a free
name is used when the file exists), writes on a worker thread that opens its own
``Ledger`` (``reports.printables``), and says where the file went."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.files import next_free_path
from chuangcheng_desktop.reports.printables.photo_ledger import write_photo_ledger
from chuangcheng_desktop.reports.printables.problem_forms import write_closing, write_handover
from chuangcheng_desktop.ui.tasks import Task, run_with_progress

TEXT = {
    "handover": "打印交办单…",
    "closing": "复查销号单…",
    "photos": "照片台账…",
    "handover_name": "问题交办单（{checkpoint}）.docx",
    "closing_name": "复查销号单（{checkpoint}）.docx",
    "photos_name": "{unit}活动照片台账（{period}）.docx",
    "pick_one": "请先在表格中选择一个问题。",
    "filter": "Word 文档 (*.docx)",
    "writing": "正在生成…",
    "failed": "没有生成",
    "done": "已保存到：\n{path}",
}


def _save_path(parent: QWidget, title: str, name: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(next_free_path(Path.home() / name)),
                                          TEXT["filter"])
    return Path(path) if path else None


def _write(parent: QWidget, ledger: Ledger, title: str,
           writer: Callable[[Ledger, Path], Path], out: Path) -> Task:
    database, actor = ledger.path, ledger.actor

    def work(progress, is_cancelled):
        with Ledger.open(database, actor=actor) as own:
            return writer(own, out)

    return run_with_progress(
        parent, work, lambda written: QMessageBox.information(
            parent, title, TEXT["done"].format(path=written)),
        TEXT["writing"], title + TEXT["failed"])


def _problem_form(page: Any, kind: str) -> Task | None:
    ids = page.selected_ids()
    title = TEXT[kind].rstrip("…")
    if len(ids) != 1:
        QMessageBox.information(page, title, TEXT["pick_one"])
        return None
    problem = page.ledger.problems.get(ids[0])
    out = _save_path(page, title, TEXT[f"{kind}_name"].format(checkpoint=problem["checkpoint"]))
    if out is None:
        return None
    writer = write_handover if kind == "handover" else write_closing
    today = clock.today()
    return _write(page, page.ledger, title,
                  lambda own, path: writer(own, ids[0], path, today=today), out)


def print_handover(page: Any) -> Task | None:
    """问题交办单 (with 回执) of the selected problem."""
    return _problem_form(page, "handover")


def print_closing(page: Any) -> Task | None:
    """复查销号单 of the selected problem."""
    return _problem_form(page, "closing")


def print_photo_ledger(page: Any, *, today: date | None = None) -> Task | None:
    """照片台账 of the period shown on the activities page (this year when 全部)."""
    picker = getattr(page, "period_picker", None)
    period = picker.period() if picker is not None else None
    today = today or clock.today()
    period = period or Period.year_of(today.year)
    title = TEXT["photos"].rstrip("…")
    unit = page.ledger.profile().get("unit_name") or ""
    out = _save_path(page, title, TEXT["photos_name"].format(unit=unit, period=period.name))
    if out is None:
        return None
    return _write(page, page.ledger, title,
                  lambda own, path: write_photo_ledger(own, period, path, today=today), out)
