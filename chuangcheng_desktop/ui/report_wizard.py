"""The summary wizard (总结向导): five pages that collect answers into one ReportContext.

Pages only read and write ``wizard.context``; all drafting is in ``reports``. Every change
is saved to the draft (``report_drafts``) shortly after it is made, and on every page
change and on closing, so closing and reopening the draft resumes where the user was.
Page layouts are the ``forms/wizard_*.ui`` files loaded through ``ui.forms.load_form``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
    QWizard,
    QWizardPage,
)

from chuangcheng_desktop.core.rules.periods import PeriodError, current_period, parse_period, preset_periods
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.summary.context import REPORT_KINDS, ReportContext
from chuangcheng_desktop.reports.summary.drafting import (
    build_default_context,
    propose_title,
    redraft_intro,
    redraft_problems,
)
from chuangcheng_desktop.reports.summary.drafts import load_draft, save_draft
from chuangcheng_desktop.ui.forms import child, load_form
from chuangcheng_desktop.ui.missing_facts import MissingFactsBanner
from chuangcheng_desktop.ui.pages.settings_documents import DocumentFactsDialog
from chuangcheng_desktop.ui.report_wizard_pages import (
    ContentPage,
    ExportPage,
    confirm_redraft_all,
)
from chuangcheng_desktop.ui.tasks import Task, run_with_progress

logger = logging.getLogger(__name__)

SAVE_DELAY_MS = 600
TEXT = {
    "window": "总结向导",
    "basic": "基本信息",
    "basic_sub": "选择文稿类型和总结期间，核对单位名称、标题和落款日期。",
    "sections": "章节",
    "sections_sub": "按本期数据建议的章节。",
    "points": "存在问题与下一步打算",
    "points_sub": "根据逾期问题、注册率、活动空档和多发问题类别起草，可自由修改和补充。",
    "period_hint": "可选常用期间，也可直接输入，如 2026H1、2026年第三季度、2026-03-01..2026-05-31",
    "no_data": "{heading}　（无数据：{reason}）",
    "next": "下一步 >", "back": "< 上一步", "finish": "完成", "cancel": "关闭",
    "save_failed": "草稿没有保存：{message}",
    "redraft_points": "按数据重新生成会替换当前的“存在问题”和“下一步打算”（包括您自己写的条目），继续吗？",
    "drafting": "正在按台账数据起草…",
}


def draft_new_in_background(parent: QWidget, ledger: Ledger, on_saved: Callable[[str], None],
                            *, today: date | None = None) -> Task:
    """Draft a new summary of the current half-year on a worker thread and save it as a
    draft; ``on_saved(draft_id)`` runs on the GUI thread (the wizard then opens it)."""
    today = today or date.today()
    path = ledger.path

    def work(_progress, _is_cancelled) -> str:
        with Ledger.open(path) as own:
            context = build_default_context(own, current_period("half", today), today=today)
            return save_draft(own, context)

    return run_with_progress(parent, work, on_saved, TEXT["drafting"], TEXT["window"])


class ReportWizard(QWizard):
    """``ReportWizard(ledger, draft_id)`` opens a saved draft (the 总结报告 page drafts a new
    one first with :func:`draft_new_in_background`); ``ReportWizard(ledger)`` drafts a new
    one on the spot (small ledgers and tests). Drafting again (another period, 重新生成)
    runs on a worker thread through :meth:`run_drafting`."""

    saved = Signal(str)  # draft id

    def __init__(self, ledger: Ledger, draft_id: str | None = None, parent: QWidget | None = None,
                 *, today: date | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.today = today or date.today()
        self.drafting: Task | None = None
        if draft_id is None:
            context = build_default_context(ledger, current_period("half", self.today),
                                            today=self.today)
            draft_id = save_draft(ledger, context)
        self.draft_id = draft_id
        self.context: ReportContext = load_draft(ledger, draft_id)

        self.setWindowTitle(TEXT["window"])
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(980, 700)
        for button, text in ((QWizard.WizardButton.NextButton, "next"),
                             (QWizard.WizardButton.BackButton, "back"),
                             (QWizard.WizardButton.FinishButton, "finish"),
                             (QWizard.WizardButton.CancelButton, "cancel")):
            self.setButtonText(button, TEXT[text])
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)

        self.basic_page = BasicPage(self)
        self.sections_page = SectionsPage(self)
        self.content_page = ContentPage(self)
        self.points_page = PointsPage(self)
        self.export_page = ExportPage(self)
        for page in (self.basic_page, self.sections_page, self.content_page, self.points_page,
                     self.export_page):
            self.addPage(page)
        self.currentIdChanged.connect(lambda _id: self.save_now())
        self.finished.connect(lambda _result: self.save_now())

    def schedule_save(self) -> None:
        self._save_timer.start()

    def save_now(self) -> None:
        self._save_timer.stop()
        try:
            save_draft(self.ledger, self.context, self.draft_id)
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["window"], TEXT["save_failed"].format(message=exc.message))
            return
        self.saved.emit(self.draft_id)

    def run_drafting(self, work: Callable[[Ledger], Any], done: Callable[[Any], None]) -> Task:
        """Run ``work(ledger)`` (drafting) on a worker thread with its own connection, behind
        a window-modal progress dialog, so the window never freezes and nothing is edited
        meanwhile; ``done(result)`` runs on the GUI thread. One drafting at a time."""
        path = self.ledger.path

        def task(_progress, _is_cancelled) -> Any:
            with Ledger.open(path) as ledger:
                return work(ledger)

        self.drafting = run_with_progress(self, task, done, TEXT["drafting"], TEXT["window"])
        self.drafting.finished.connect(lambda own=self.drafting: self._drafting_finished(own))
        return self.drafting

    def _drafting_finished(self, task: Task) -> None:
        if self.drafting is task:
            self.drafting = None

    def redraft_all(self, period_code: str, kind: str,
                    then: Callable[[], None] | None = None) -> Task:
        """Start the content again for another period or kind (unit, title and date kept
        unless the title was the proposed one), drafted on a worker thread; ``then()``
        runs once the new draft is in place."""
        old = self.context
        today = self.today

        def work(ledger: Ledger) -> ReportContext:
            return build_default_context(ledger, period_code, today=today, kind=kind,
                                         seed=old.seed)

        def done(fresh: ReportContext) -> None:
            fresh.unit_name = old.unit_name
            fresh.signature_date = old.signature_date
            proposed = propose_title(old.unit_name, parse_period(old.period_code), old.kind)
            fresh.title = (propose_title(old.unit_name, parse_period(period_code), kind)
                           if old.title == proposed else old.title)
            self.context = fresh
            self.save_now()
            if then is not None:
                then()

        return self.run_drafting(work, done)


class BasicPage(QWizardPage):
    def __init__(self, wizard: ReportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(TEXT["basic"])
        self.setSubTitle(TEXT["basic_sub"])
        self.ui = load_form("wizard_basic.ui", self)
        self.kind_combo = child(self.ui, QComboBox, "kindCombo")
        self.period_combo = child(self.ui, QComboBox, "periodCombo")
        self.period_hint = child(self.ui, QLabel, "periodHint")
        self.unit_edit = child(self.ui, QLineEdit, "unitEdit")
        self.title_edit = child(self.ui, QLineEdit, "titleEdit")
        self.date_edit = child(self.ui, QDateEdit, "dateEdit")
        self.kind_combo.addItems(REPORT_KINDS)
        for label, period in preset_periods(wizard.today):
            self.period_combo.addItem(f"{period.name}（{label}）", period.code)
        self.period_hint.setText(TEXT["period_hint"])
        self.unit_edit.textEdited.connect(self._unit_edited)
        self.title_edit.textEdited.connect(self._title_edited)
        self.date_edit.dateChanged.connect(self._date_changed)
        self.facts_banner = MissingFactsBanner(self)  # 常住人口、户数、主送 not recorded
        self.ui.layout().addWidget(self.facts_banner)

    def initializePage(self) -> None:
        c = self.owner.context
        self.kind_combo.setCurrentText(c.kind)
        index = self.period_combo.findData(c.period_code)
        if index >= 0:
            self.period_combo.setCurrentIndex(index)
        else:
            self.period_combo.setEditText(c.period_name)
        self.unit_edit.setText(c.unit_name)
        self.title_edit.setText(c.title)
        day = date.fromisoformat(c.signature_date)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.facts_banner.show_for(self.owner.ledger, c, ("intro",), fill=self._fill_facts,
                                   by_hand=None)

    def _fill_facts(self) -> None:
        if DocumentFactsDialog(self.owner.ledger, self).exec() != QDialog.DialogCode.Accepted:
            return
        copy = ReportContext.from_dict(self.owner.context.to_dict())  # the worker's copy

        def done(fresh: ReportContext) -> None:
            self.owner.context.intro, self.owner.context.recipient = fresh.intro, fresh.recipient
            self.owner.schedule_save()
            self.initializePage()

        self.owner.run_drafting(lambda ledger: redraft_intro(copy, ledger), done)

    def selected_period_code(self) -> str:
        text = self.period_combo.currentText().strip()
        index = self.period_combo.findText(text)
        if index >= 0 and self.period_combo.itemData(index):
            return self.period_combo.itemData(index)
        return parse_period(text.split("（")[0]).code

    def validatePage(self) -> bool:
        try:
            code = self.selected_period_code()
        except PeriodError as exc:
            self.period_hint.setText(exc.message)
            self.period_hint.setStyleSheet("color: #b00020;")
            return False
        self.period_hint.setStyleSheet("color: #666;")
        self.period_hint.setText(TEXT["period_hint"])
        kind = self.kind_combo.currentText()
        c = self.owner.context
        if code != c.period_code or kind != c.kind:
            if not confirm_redraft_all(self, c):  # edited sections are not lost unasked
                return False
            # Drafted on a worker thread; the wizard moves on once the new draft is in.
            if self.owner.drafting is None:
                self.owner.redraft_all(code, kind, then=self.owner.next)
            return False
        return True

    def _unit_edited(self, text: str) -> None:
        c = self.owner.context
        period = parse_period(c.period_code)
        if c.title == propose_title(c.unit_name, period, c.kind):
            c.title = propose_title(text.strip(), period, c.kind)
            self.title_edit.setText(c.title)
        c.unit_name = text.strip()
        self.owner.schedule_save()

    def _title_edited(self, text: str) -> None:
        self.owner.context.title = text.strip()
        self.owner.schedule_save()

    def _date_changed(self, value: QDate) -> None:
        self.owner.context.signature_date = date(value.year(), value.month(), value.day()).isoformat()
        self.owner.schedule_save()


class SectionsPage(QWizardPage):
    def __init__(self, wizard: ReportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(TEXT["sections"])
        self.setSubTitle(TEXT["sections_sub"])
        self.ui = load_form("wizard_sections.ui", self)
        self.section_list = child(self.ui, QListWidget, "sectionList")
        self.up_button = child(self.ui, QPushButton, "upButton")
        self.down_button = child(self.ui, QPushButton, "downButton")
        self.section_list.itemChanged.connect(self._item_changed)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(+1))

    def initializePage(self) -> None:
        self.refresh()

    def refresh(self, current_key: str | None = None) -> None:
        self.section_list.blockSignals(True)
        self.section_list.clear()
        for section in self.owner.context.sections:
            text = section.heading if not section.reason else TEXT["no_data"].format(
                heading=section.heading, reason=section.reason)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if section.enabled else Qt.CheckState.Unchecked)
            if section.reason:
                item.setToolTip(section.reason)
            self.section_list.addItem(item)
            if section.key == current_key:
                self.section_list.setCurrentItem(item)
        self.section_list.blockSignals(False)

    def move(self, step: int) -> None:
        item = self.section_list.currentItem()
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        self.owner.context.move_section(key, step)
        self.refresh(current_key=key)
        self.owner.schedule_save()

    def _item_changed(self, item: QListWidgetItem) -> None:
        section = self.owner.context.section(item.data(Qt.ItemDataRole.UserRole))
        section.enabled = item.checkState() == Qt.CheckState.Checked
        self.owner.schedule_save()


class PointsPage(QWizardPage):
    def __init__(self, wizard: ReportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(TEXT["points"])
        self.setSubTitle(TEXT["points_sub"])
        self.ui = load_form("wizard_points.ui", self)
        self.problems_edit = child(self.ui, QPlainTextEdit, "problemsEdit")
        self.next_steps_edit = child(self.ui, QPlainTextEdit, "nextStepsEdit")
        self.redraft_button = child(self.ui, QPushButton, "redraftButton")
        self.problems_edit.textChanged.connect(self._changed)
        self.next_steps_edit.textChanged.connect(self._changed)
        self.redraft_button.clicked.connect(self._redraft)

    def initializePage(self) -> None:
        c = self.owner.context
        for edit, points in ((self.problems_edit, c.problems), (self.next_steps_edit, c.next_steps)):
            edit.blockSignals(True)
            edit.setPlainText("\n".join(points))
            edit.blockSignals(False)

    def _changed(self) -> None:
        c = self.owner.context
        c.problems = _lines(self.problems_edit.toPlainText())
        c.next_steps = _lines(self.next_steps_edit.toPlainText())
        self.owner.schedule_save()

    def _redraft(self) -> None:
        answer = QMessageBox.question(self, TEXT["points"], TEXT["redraft_points"])
        if answer != QMessageBox.StandardButton.Yes:
            return
        context = ReportContext.from_dict(self.owner.context.to_dict())  # the worker's copy

        def done(fresh: ReportContext) -> None:
            self.owner.context.problems = fresh.problems
            self.owner.context.next_steps = fresh.next_steps
            self.initializePage()
            self.owner.schedule_save()

        self.owner.run_drafting(lambda ledger: redraft_problems(context, ledger), done)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
