"""The summary wizard's 内容 and 预览与导出 pages (see ``report_wizard``)."""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.summary.context import ReportContext, ReportSection
from chuangcheng_desktop.reports.summary.drafting import redraft_section, section_candidates
from chuangcheng_desktop.reports.summary.drafts import mark_exported
from chuangcheng_desktop.reports.summary.summary_docx import export_summary, preview_text
from chuangcheng_desktop.ui.forms import child, load_form
from chuangcheng_desktop.ui.missing_facts import MissingFactsBanner
from chuangcheng_desktop.ui.pages.settings_documents import DocumentFactsDialog
from chuangcheng_desktop.ui.tasks import Task, run_task
from chuangcheng_desktop.ui.widgets.export_done import open_path


class WizardState(Protocol):
    """What the pages use of the wizard that holds them (``report_wizard.ReportWizard``)."""

    ledger: Ledger
    context: ReportContext
    draft_id: str | None

    def schedule_save(self) -> None: ...

    def save_now(self) -> None: ...

    def run_drafting(self, work: Callable[[Ledger], Any], done: Callable[[Any], None]) -> Task: ...

logger = logging.getLogger(__name__)

PICKER_CHUNK = 200  # activities added to a picker per turn of the event loop

TEXT = {
    "content": "内容",
    "content_sub": "每一段都可以直接修改；勾选要引用的活动后点“重新生成”，勾选要放进附件的照片。",
    "no_sections": "没有勾选任何章节。请回到上一步勾选要写的章节。",
    "add_paragraph": "添加一段",
    "activity": "{date}　{title}（{people}人）",
    "photo": "{date}　{title}　照片{n}",
    "export": "预览与导出",
    "export_sub": "按阅读顺序预览全文；导出时不会覆盖已有文件。",
    "save_title": "保存工作总结",
    "save_filter": "Word 文档 (*.docx)",
    "working": "正在导出…",
    "saved": "已保存到：{path}（用时{seconds}秒）",
    "failed": "导出失败：{message}",
    "by_hand": "在这里写{label}（只用于这份总结；不写则不印）",
    "redraft_title": "重新生成",
    "redraft_all": "换成另一个期间或文稿类型会按新期间重新起草全部内容，您修改过的{count}节"
                   "（{headings}）会被替换。继续吗？",
    "redraft_edited": "“{heading}”的文字您修改过。重新生成会替换这些修改，继续吗？\n"
                      "（替换后可以点“撤销”恢复一次。）",
}


class ContentPage(QWizardPage):
    def __init__(self, wizard: WizardState) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(TEXT["content"])
        self.setSubTitle(TEXT["content_sub"])
        self.ui = load_form("wizard_content.ui", self)
        self.section_combo = child(self.ui, QComboBox, "sectionCombo")
        self.redraft_button = child(self.ui, QPushButton, "redraftButton")
        self.undo_button = child(self.ui, QPushButton, "undoButton")
        self.heading_edit = child(self.ui, QLineEdit, "headingEdit")
        self.paragraphs_area = child(self.ui, QScrollArea, "paragraphsArea")
        self.activity_list = child(self.ui, QListWidget, "activityList")
        self.photo_list = child(self.ui, QListWidget, "photoList")
        # The paragraphs are what the user reads and edits: give them most of the width.
        splitter = child(self.ui, QSplitter, "splitter")
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        self.paragraph_edits: list[QPlainTextEdit] = []
        for picker in (self.activity_list, self.photo_list):
            picker.setUniformItemSizes(True)  # one line each: no layout pass per item (14x)
        self._candidates: dict[str, list[dict[str, Any]]] = {}
        self._filling = 0  # which fill of the pickers is current
        self._pending: Iterator[dict[str, Any]] = iter(())
        self._pending_ids: set[str] = set()  # listed activities and photos not shown yet
        self.facts_banner = MissingFactsBanner(self)  # "领导小组未填写：去设置填写 / 本次手写"
        self.ui.layout().insertWidget(1, self.facts_banner)
        # one level of 撤销 per section: the section as it was before its last 重新生成
        self._undo: dict[str, ReportSection] = {}
        self.section_combo.currentIndexChanged.connect(lambda _i: self.show_section())
        self.redraft_button.clicked.connect(self.redraft)
        self.undo_button.clicked.connect(self.undo_redraft)
        self.heading_edit.textEdited.connect(self._heading_edited)
        self.activity_list.itemChanged.connect(self._activity_changed)
        self.photo_list.itemChanged.connect(self._photo_changed)

    # --- filling --------------------------------------------------------------------------

    def initializePage(self) -> None:
        self._candidates.clear()
        self.section_combo.blockSignals(True)
        self.section_combo.clear()
        for section in self.owner.context.sections:
            if section.enabled:
                self.section_combo.addItem(section.heading, section.key)
        self.section_combo.blockSignals(False)
        self.show_section()

    def current_section(self) -> ReportSection | None:
        key = self.section_combo.currentData()
        return self.owner.context.section(key) if key else None

    def show_section(self) -> None:
        section = self.current_section()
        self._build_editors(section)
        self.heading_edit.setText(section.heading if section else "")
        self.heading_edit.setEnabled(section is not None)
        self.redraft_button.setEnabled(section is not None)
        self.undo_button.setEnabled(section is not None and section.key in self._undo)
        self._fill_pickers(section)
        if section is not None:
            self.facts_banner.show_for(self.owner.ledger, self.owner.context, (section.key,),
                                       fill=self._fill_facts, by_hand=self._write_by_hand)
        else:
            self.facts_banner.hide()

    def _fill_facts(self) -> None:
        if DocumentFactsDialog(self.owner.ledger, self).exec() == QDialog.DialogCode.Accepted:
            self.redraft()

    def _write_by_hand(self, label: str) -> None:
        self._add_paragraph()
        if self.paragraph_edits:
            self.paragraph_edits[-1].setPlaceholderText(TEXT["by_hand"].format(label=label))
            self.paragraph_edits[-1].setFocus()

    def _build_editors(self, section: ReportSection | None) -> None:
        container = QWidget()
        layout = QVBoxLayout(container)
        self.paragraph_edits = []
        if section is None:
            layout.addWidget(QLabel(TEXT["no_sections"]))
        else:
            for index, text in enumerate(section.paragraphs):
                layout.addWidget(self._editor(index, text))
            add = QPushButton(TEXT["add_paragraph"])
            add.clicked.connect(self._add_paragraph)
            layout.addWidget(add, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.paragraphs_area.setWidget(container)

    def _editor(self, index: int, text: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(text)
        edit.setObjectName(f"paragraphEdit{index}")
        edit.setMinimumHeight(110)
        edit.textChanged.connect(lambda i=index, e=edit: self._paragraph_edited(i, e))
        self.paragraph_edits.append(edit)
        return edit

    def _fill_pickers(self, section: ReportSection | None) -> None:
        """List the section's activities and photos, PICKER_CHUNK at a time from the event
        loop (a street-scale section has thousands: added at once they froze the window)."""
        self._filling += 1
        self._pending = iter(())
        self._pending_ids: set[str] = set()
        for widget in (self.activity_list, self.photo_list):
            widget.clear()
        if section is not None and section.key not in self._candidates:
            self._load_candidates(section.key)
        elif section is not None:
            candidates = self._candidates[section.key]
            self._pending = iter(candidates)
            self._pending_ids = {a["id"] for a in candidates}
            self._pending_ids |= {p["id"] for a in candidates for p in a["photos"]}
            self._fill_more(section, self._filling)

    def _fill_more(self, section: ReportSection, generation: int) -> None:
        if generation != self._filling:
            return  # another section is shown now
        for widget in (self.activity_list, self.photo_list):
            widget.blockSignals(True)
        for activity in islice(self._pending, PICKER_CHUNK):
            values = dict(date=format_date_cn(activity["date"]), title=activity["title"])
            item = _check_item(TEXT["activity"].format(
                people=activity.get("participant_count") or 0, **values),
                activity["id"], activity["id"] in section.cited_activity_ids)
            self.activity_list.addItem(item)
            self._pending_ids.discard(activity["id"])
            for n, photo in enumerate(activity["photos"], start=1):
                self.photo_list.addItem(_check_item(
                    TEXT["photo"].format(n=n, **values), photo["id"],
                    photo["id"] in section.photo_ids))
                self._pending_ids.discard(photo["id"])
        for widget in (self.activity_list, self.photo_list):
            widget.blockSignals(False)
        if self._pending_ids:
            QTimer.singleShot(0, lambda: self._fill_more(section, generation))

    def picker_filled(self) -> bool:
        return not self._pending_ids

    def _load_candidates(self, key: str) -> None:
        """Read a section's activities (thousands at street scale) on a worker thread."""
        context = ReportContext.from_dict(self.owner.context.to_dict())

        def done(candidates: list[dict[str, Any]]) -> None:
            self._candidates[key] = candidates
            if self.current_section() is not None and self.current_section().key == key:
                self._fill_pickers(self.current_section())

        self.owner.run_drafting(lambda ledger: section_candidates(ledger, context, key), done)

    # --- edits ----------------------------------------------------------------------------

    def _paragraph_edited(self, index: int, edit: QPlainTextEdit) -> None:
        section = self.current_section()
        if section is None:
            return
        while len(section.paragraphs) <= index:
            section.paragraphs.append("")
        section.paragraphs[index] = edit.toPlainText()
        section.edited = True
        self.owner.schedule_save()

    def _add_paragraph(self) -> None:
        section = self.current_section()
        if section is not None:
            section.paragraphs.append("")
            self._build_editors(section)
            self.paragraph_edits[-1].setFocus()

    def _heading_edited(self, text: str) -> None:
        section = self.current_section()
        if section is not None and text.strip():
            section.heading = text.strip()
            self.section_combo.setItemText(self.section_combo.currentIndex(), section.heading)
            self.owner.schedule_save()

    def _activity_changed(self, _item: QListWidgetItem) -> None:
        section = self.current_section()
        if section is not None:
            section.cited_activity_ids = _checked(self.activity_list) + [
                a for a in section.cited_activity_ids if a in self._pending_ids]
            self.owner.schedule_save()

    def _photo_changed(self, _item: QListWidgetItem) -> None:
        section = self.current_section()
        if section is not None:
            section.photo_ids = _checked(self.photo_list) + [
                p for p in section.photo_ids if p in self._pending_ids]
            self.owner.schedule_save()

    def redraft(self) -> None:
        """Draft the section again; text the user edited is replaced only when they agree,
        and the section before it is kept for one 撤销."""
        section = self.current_section()
        if section is None:
            return
        if section.edited:
            answer = QMessageBox.question(
                self, TEXT["redraft_title"], TEXT["redraft_edited"].format(heading=section.heading))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._undo[section.key] = copy.deepcopy(section)
        photos = list(section.photo_ids)
        chosen = set(_checked(self.photo_list)) | {p for p in photos if p in self._pending_ids}
        key = section.key
        context = ReportContext.from_dict(self.owner.context.to_dict())  # the worker's copy

        def done(fresh: ReportSection) -> None:
            sections = self.owner.context.sections
            sections[[s.key for s in sections].index(key)] = fresh
            fresh.photo_ids = [p for p in photos if p in chosen] or fresh.photo_ids
            self.show_section()
            self.owner.schedule_save()

        self.owner.run_drafting(lambda ledger: redraft_section(context, ledger, key), done)

    def undo_redraft(self) -> None:
        """Put the section back as it was before its last 重新生成."""
        section = self.current_section()
        if section is None or section.key not in self._undo:
            return
        before = self._undo.pop(section.key)
        sections = self.owner.context.sections
        sections[sections.index(section)] = before
        self.section_combo.setItemText(self.section_combo.currentIndex(), before.heading)
        self.show_section()
        self.owner.schedule_save()


def confirm_redraft_all(parent: QWidget, context: ReportContext) -> bool:
    """Before the whole summary is drafted again (another period or kind): ask when the
    user edited any section."""
    edited = [section.heading for section in context.sections if section.edited]
    if not edited:
        return True
    answer = QMessageBox.question(parent, TEXT["redraft_title"], TEXT["redraft_all"].format(
        count=len(edited), headings="、".join(edited[:3]) + ("等" if len(edited) > 3 else "")))
    return answer == QMessageBox.StandardButton.Yes


class ExportPage(QWizardPage):
    exported = Signal(Path)

    def __init__(self, wizard: WizardState) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(TEXT["export"])
        self.setSubTitle(TEXT["export_sub"])
        self.ui = load_form("wizard_export.ui", self)
        self.preview = child(self.ui, QPlainTextEdit, "previewText")
        self.path_edit = child(self.ui, QLineEdit, "pathEdit")
        self.browse_button = child(self.ui, QPushButton, "browseButton")
        self.export_button = child(self.ui, QPushButton, "exportButton")
        self.progress_bar = child(self.ui, QProgressBar, "progressBar")
        self.result_label = child(self.ui, QLabel, "resultLabel")
        self.open_file_button = child(self.ui, QPushButton, "openFileButton")
        self.open_folder_button = child(self.ui, QPushButton, "openFolderButton")
        self.task: Task | None = None
        self.last_export: Path | None = None
        self.browse_button.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.start_export)
        self.open_file_button.clicked.connect(lambda: self._open(self.last_export))
        self.open_folder_button.clicked.connect(lambda: self._open(self.last_export, folder=True))

    def initializePage(self) -> None:
        context = self.owner.context
        self.preview.setPlainText(preview_text(context))
        if not self.path_edit.text().strip():
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
            self.path_edit.setText(str(Path(folder) / f"{_safe_name(context.title)}.docx"))
        self._show_result(self.last_export)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, TEXT["save_title"], self.path_edit.text(),
                                                    TEXT["save_filter"])
        if path:
            self.path_edit.setText(path)

    def start_export(self) -> Task | None:
        """Write the .docx on a worker thread; the window stays responsive."""
        target = self.path_edit.text().strip()
        if not target or self.task is not None:
            return None
        self.owner.save_now()
        context = ReportContext.from_dict(self.owner.context.to_dict())  # the worker's own copy
        ledger_path = self.owner.ledger.path
        started = time.perf_counter()

        def work(progress, _is_cancelled) -> Path:
            with Ledger.open(ledger_path) as ledger:
                return export_summary(context, ledger, target, progress=progress)

        self.export_button.setEnabled(False)
        self.progress_bar.setValue(0)
        self.result_label.setText(TEXT["working"])
        self.task = run_task(work, self)
        self.task.progress.connect(lambda percent, _step: self.progress_bar.setValue(percent))
        self.task.succeeded.connect(lambda path: self._done(Path(path), time.perf_counter() - started))
        self.task.failed.connect(
            lambda message: self.result_label.setText(TEXT["failed"].format(message=message)))
        task = self.task
        self.task.finished.connect(lambda: self._finished(task))  # its own completion only
        return self.task

    def _done(self, path: Path, seconds: float) -> None:
        self.last_export = path
        mark_exported(self.owner.ledger, self.owner.draft_id, path)
        self.progress_bar.setValue(100)
        self._show_result(path, seconds)
        self.exported.emit(path)

    def _finished(self, task: Task) -> None:
        if task is not self.task:
            return
        self.task = None
        self.export_button.setEnabled(True)

    def _show_result(self, path: Path | None, seconds: float | None = None) -> None:
        if path is not None:
            self.result_label.setText(TEXT["saved"].format(path=path, seconds=f"{seconds or 0:.1f}"))
        self.open_file_button.setEnabled(path is not None)
        self.open_folder_button.setEnabled(path is not None)

    def _open(self, path: Path | None, *, folder: bool = False) -> None:
        if path is not None:  # says so when the system cannot open a .docx
            open_path(self, path, folder=folder)


def _check_item(text: str, key: str, checked: bool) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, key)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def _checked(widget: QListWidget) -> list[str]:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


def _safe_name(title: str) -> str:
    name = "".join("_" if c in '\\/:*?"<>|' else c for c in title).strip() or "工作总结"
    return name[:80]
