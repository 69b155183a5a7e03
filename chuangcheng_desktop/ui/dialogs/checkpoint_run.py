"""实地测评 / 自查 of one 点位 or a route of several: mark each item from the keyboard.

Keys in the item table: 1 合格, 2 不合格, 3 不适用 (then the next row); Space ticks or unticks
"生成问题" on a 不合格 row; Enter writes a note; Ctrl+P adds photos to the row; Ctrl+Enter
saves. A 回头看 lists first the items that failed last time. Saving goes through
``core.checkpoints.runs.save_route`` (one transaction; the CLI and tests use the same path).

Opened with ``run_id`` the same dialog corrects a saved run (修改): everything saved is filled
in, saving goes through ``core.checkpoints.corrections.correct_run`` (also ``run-fix``).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.checkpoints import corrections, runs, templates
from chuangcheng_desktop.core.checkpoints.register import get_checkpoint
from chuangcheng_desktop.core.checkpoints.runs import FAIL, NOT_APPLICABLE, PASS, RunDraft
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.formatting import format_date_cn, format_percent
from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.ui.widgets.photo_strip import attachments_dir_of

logger = logging.getLogger(__name__)

TEXT = {
    "title": "实地测评 — {name}",
    "route_title": "实地测评 — 路线（{count}个点位）",
    "follow_up": "（回头看：上次不合格的项目排在前面）",
    "date": "测评日期",
    "inspector": "测评人",
    "source": "来源",
    "kind": "测评类型",
    "route": "路线名称",
    "headers": ["序号", "主题", "检查内容", "分值", "结果", "生成问题", "备注", "照片"],
    "help": "按 1 合格、2 不合格、3 不适用；空格 勾选/取消“生成问题”；回车 写备注；"
            "Ctrl+P 添加照片；Ctrl+回车 保存",
    "progress": "已判定 {done}/{total} 项，达标率 {rate}，不合格 {failed} 项（将生成问题 {raise_} 个）",
    "all_pass": "其余全部合格",
    "save": "保存测评（Ctrl+回车）",
    "cancel": "取消",
    "photos": "{count}张",
    "pick": "选择照片",
    "filter": "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp)",
    "failed": "测评没有保存",
    "saved": "测评已保存",
    "saved_text": "{lines}\n共生成整改问题 {count} 个，已列入问题整改台账。",
    "saved_line": "{name}：达标率 {rate}，不合格 {failed} 项",
    "discard": "放弃本次测评？已判定的结果不会保存。",
    "discard_title": "放弃测评",
    "version": "检查表第{version}版",
    "fix_title": "修改测评 — {name} {date}",
    "fix_save": "保存修改（Ctrl+回车）",
    "fix_help": "改正判定、备注、日期或测评人后保存；已保存的照片保留，Ctrl+P 可补充照片。"
                "按 1 合格、2 不合格、3 不适用；回车 写备注；Ctrl+回车 保存",
    "raised": "已生成",
    "fix_failed": "修改没有保存",
    "fixed": "测评已修改",
    "fixed_text": "{name}：达标率 {rate}，不合格 {failed} 项。",
    "unchanged": "没有改动，测评记录保持原样。",
    "fix_discard": "放弃修改？刚才的改动不会保存。",
    "fix_discard_title": "放弃修改",
}
OUTCOME_KEYS = {Qt.Key.Key_1: PASS, Qt.Key.Key_2: FAIL, Qt.Key.Key_3: NOT_APPLICABLE}
OUTCOME_COLOURS = {PASS: "#d5f5e3", FAIL: "#fadbd8", NOT_APPLICABLE: "#eaecee"}
COL_RESULT, COL_PROBLEM, COL_NOTE, COL_PHOTOS = 4, 5, 6, 7


class RunTable(QTableWidget):
    """The items of one 点位's run; holds its own ``RunDraft``."""

    def __init__(self, draft: RunDraft, template: templates.Template, name: str,
                 parent: QWidget | None = None, *,
                 saved: dict[str, corrections.SavedResult] | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.saved = saved or {}  # correcting: what each item already has
        self.name = name
        self.template = template
        self.items_by_id = {item.id: item for item in template.items}
        self.on_change = lambda: None
        self.on_save = lambda: None
        self.setColumnCount(len(TEXT["headers"]))
        self.setHorizontalHeaderLabels(TEXT["headers"])
        self.setRowCount(len(draft.results))
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(COL_NOTE, 200)
        for row, result in enumerate(draft.results):
            item = self.items_by_id[result.item_id]
            cells = [str(row + 1), item.theme, item.requirement, f"{item.weight:g}", "", "", "", ""]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if column == COL_NOTE:
                    flags |= Qt.ItemFlag.ItemIsEditable
                cell.setFlags(flags)
                self.setItem(row, column, cell)
        for row, result in enumerate(draft.results):
            if result.outcome or result.note:
                self.item(row, COL_NOTE).setText(result.note)
                self._show_row(row)
        self.itemChanged.connect(self._note_changed)
        if draft.results:
            self.setCurrentCell(0, COL_RESULT)

    # --- marking ---------------------------------------------------------------------------

    def has_problem(self, row: int) -> bool:
        saved = self.saved.get(self.draft.results[row].item_id)
        return saved is not None and saved.problem_id is not None

    def mark(self, row: int, outcome: str) -> None:
        result = self.draft.results[row]
        result.outcome = outcome
        result.make_problem = outcome == FAIL
        self._show_row(row)
        self.on_change()

    def toggle_problem(self, row: int) -> None:
        result = self.draft.results[row]
        if result.outcome == FAIL and not self.has_problem(row):
            result.make_problem = not result.make_problem
            self._show_row(row)
            self.on_change()

    def add_photos(self, row: int, files: list[str]) -> None:
        self.draft.results[row].photos.extend(Path(f) for f in files)
        self._show_row(row)

    def mark_rest(self, outcome: str = PASS) -> None:
        for row, result in enumerate(self.draft.results):
            if result.outcome is None:
                self.mark(row, outcome)

    def first_unmarked(self) -> int | None:
        return next((row for row, r in enumerate(self.draft.results) if r.outcome is None), None)

    def _show_row(self, row: int) -> None:
        result = self.draft.results[row]
        self.blockSignals(True)
        self.item(row, COL_RESULT).setText(result.outcome or "")
        problem = ("☑" if result.make_problem else "☐") if result.outcome == FAIL else ""
        self.item(row, COL_PROBLEM).setText(TEXT["raised"] if self.has_problem(row) else problem)
        saved = self.saved.get(result.item_id)
        photos = len(result.photos) + (saved.photos if saved else 0)
        self.item(row, COL_PHOTOS).setText(TEXT["photos"].format(count=photos) if photos else "")
        colour = OUTCOME_COLOURS.get(result.outcome or "")
        for column in range(self.columnCount()):
            self.item(row, column).setBackground(QBrush(QColor(colour)) if colour else QBrush())
        self.blockSignals(False)

    def _note_changed(self, cell: QTableWidgetItem) -> None:
        if cell.column() == COL_NOTE:
            self.draft.results[cell.row()].note = cell.text()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentRow()
        key = Qt.Key(event.key())
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                         | Qt.KeyboardModifier.AltModifier)
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.on_save()
            return
        if row >= 0 and plain and key in OUTCOME_KEYS:
            self.mark(row, OUTCOME_KEYS[key])
            if row + 1 < self.rowCount():
                self.setCurrentCell(row + 1, COL_RESULT)
            return
        if row >= 0 and plain and key == Qt.Key.Key_Space:
            self.toggle_problem(row)
            return
        if row >= 0 and plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.setCurrentCell(row, COL_NOTE)
            self.editItem(self.item(row, COL_NOTE))
            return
        super().keyPressEvent(event)


class RunDialog(QDialog):
    def __init__(self, ledger: Ledger, checkpoint_ids: list[str], *, kind: str = runs.ROUTINE,
                 today: date | None = None, parent: QWidget | None = None,
                 run_id: str | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.saved: list[runs.SavedRun] = []
        self.run_id = run_id  # correcting this saved run (修改), else a new run
        self.corrected: corrections.CorrectedRun | None = None
        today = today or date.today()
        # create
        self.tabs = QTabWidget(self)
        self.tables: list[RunTable] = []
        if run_id is not None:
            draft, saved = corrections.draft_of_run(ledger, run_id)
            checkpoint_ids, kind = [], draft.kind
            today = date.fromisoformat(draft.date)
            name = get_checkpoint(ledger, draft.checkpoint_id)["name"]
            template = templates.load_template(ledger.db, draft.template_id)
            table = RunTable(draft, template, name, self.tabs, saved=saved)
            self.tables.append(table)
            self.tabs.addTab(table, f"{name}（{TEXT['version'].format(version=template.version)}）")
        for checkpoint_id in checkpoint_ids:
            checkpoint = get_checkpoint(ledger, checkpoint_id)
            template = templates.current_template(ledger, checkpoint["type"])
            draft = runs.new_draft(ledger, checkpoint_id, template, kind=kind, run_date=today)
            table = RunTable(draft, template, checkpoint["name"], self.tabs)
            self.tables.append(table)
            version = TEXT["version"].format(version=template.version)
            self.tabs.addTab(table, f"{checkpoint['name']}（{version}）")
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.inspector_edit = QLineEdit(self)
        self.source_combo = QComboBox(self)
        self.kind_combo = QComboBox(self)
        self.route_edit = QLineEdit(self)
        self.help_label = QLabel(TEXT["help"], self)
        self.progress_label = QLabel(self)
        self.all_pass_button = QPushButton(TEXT["all_pass"], self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(TEXT["save"], QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(TEXT["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        self.photo_shortcut = QShortcut(QKeySequence("Ctrl+P"), self)
        self.save_shortcuts = [QShortcut(QKeySequence(seq), self)
                               for seq in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S")]
        # configure
        first_name = self.tables[0].name if self.tables else ""
        self.setWindowTitle(TEXT["route_title"].format(count=len(self.tables))
                            if len(self.tables) > 1 else TEXT["title"].format(name=first_name))
        self.resize(1100, 700)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy年M月d日")
        self.source_combo.addItems(vocab.INSPECTION_SOURCES)
        self.source_combo.setCurrentText(runs.DEFAULT_SOURCE)
        self.kind_combo.addItems(runs.RUN_KINDS)
        self.kind_combo.setCurrentText(kind)
        self.kind_combo.setEnabled(False)  # chosen before opening: it decides the item order
        self.route_edit.setVisible(len(self.tables) > 1)
        if run_id is not None:
            first = self.tables[0].draft
            self.setWindowTitle(TEXT["fix_title"].format(name=first_name,
                                                             date=format_date_cn(first.date)))
            self.inspector_edit.setText(first.inspector)
            self.source_combo.setCurrentText(first.source)
            self.save_button.setText(TEXT["fix_save"])
            self.help_label.setText(TEXT["fix_help"])
            self.original = self._state()
        self.help_label.setStyleSheet("color: #7f8c8d;")
        self.help_label.setWordWrap(True)
        self.progress_label.setObjectName("progressLabel")
        # connect
        for table in self.tables:
            table.on_change = self._update_progress
            table.on_save = self.save
        self.tabs.currentChanged.connect(self._update_progress)
        self.all_pass_button.clicked.connect(lambda: self.current_table().mark_rest(PASS))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.photo_shortcut.activated.connect(self.pick_photos)
        for shortcut in self.save_shortcuts:
            shortcut.activated.connect(self.save)
        # assemble
        form = QFormLayout()
        form.addRow(TEXT["date"], self.date_edit)
        form.addRow(TEXT["inspector"], self.inspector_edit)
        form.addRow(TEXT["source"], self.source_combo)
        form.addRow(TEXT["kind"], self.kind_combo)
        if len(self.tables) > 1:
            form.addRow(TEXT["route"], self.route_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if kind == runs.FOLLOW_UP:
            layout.addWidget(QLabel(TEXT["follow_up"], self))
        layout.addWidget(self.help_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.progress_label)
        bottom = QVBoxLayout()
        bottom.addWidget(self.all_pass_button, 0, Qt.AlignmentFlag.AlignLeft)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self._update_progress()
        if self.tables:
            self.tables[0].setFocus()

    def current_table(self) -> RunTable:
        return self.tables[max(self.tabs.currentIndex(), 0)]

    def _update_progress(self, *_args: object) -> None:
        if not self.tables:
            return
        table = self.current_table()
        results = table.draft.results
        _p, _a, rate = runs.achievement_rate(
            (r.outcome, table.items_by_id[r.item_id].weight) for r in results if r.outcome)
        self.progress_label.setText(TEXT["progress"].format(
            done=sum(1 for r in results if r.outcome), total=len(results),
            rate=format_percent(rate), failed=sum(1 for r in results if r.outcome == FAIL),
            raise_=sum(1 for row, r in enumerate(results)
                       if r.outcome == FAIL and r.make_problem and not table.has_problem(row))))

    def pick_photos(self) -> None:
        table = self.current_table()
        row = table.currentRow()
        if row < 0:
            return
        files, _ = QFileDialog.getOpenFileNames(self, TEXT["pick"], str(Path.home()), TEXT["filter"])
        if files:
            table.add_photos(row, files)

    def drafts(self) -> list[RunDraft]:
        qdate = self.date_edit.date()
        for table in self.tables:
            draft = table.draft
            draft.date = date(qdate.year(), qdate.month(), qdate.day())
            draft.inspector = self.inspector_edit.text()
            draft.source = self.source_combo.currentText()
            draft.route = self.route_edit.text() if len(self.tables) > 1 else ""
        return [table.draft for table in self.tables]

    def _state(self) -> tuple:
        """What the user can change (to tell whether a correction was edited)."""
        draft = self.tables[0].draft
        return (self.date_edit.date(), self.inspector_edit.text(), self.source_combo.currentText(),
                [(r.outcome, r.note, len(r.photos), r.make_problem) for r in draft.results])

    def save_correction(self) -> None:
        table = self.tables[0]
        qdate = self.date_edit.date()
        changes = corrections.RunCorrection(
            date=date(qdate.year(), qdate.month(), qdate.day()), inspector=self.inspector_edit.text(),
            source=self.source_combo.currentText(), results=table.draft.results)
        try:
            self.corrected = corrections.correct_run(self.ledger, self.run_id or "", changes,
                                                     attachments_dir_of(self.ledger))
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["fix_failed"], exc.message)
            return
        fixed = self.corrected
        if not fixed.changed:
            QMessageBox.information(self, TEXT["fixed"], TEXT["unchanged"])
        else:
            QMessageBox.information(self, TEXT["fixed"], "\n".join([TEXT["fixed_text"].format(
                name=table.name, rate=format_percent(fixed.rate), failed=fixed.failed),
                *fixed.messages]))
        super().accept()

    def save(self) -> None:
        if self.run_id is not None:
            self.save_correction()
            return
        for index, table in enumerate(self.tables):
            row = table.first_unmarked()
            if row is not None:
                self.tabs.setCurrentIndex(index)
                table.setCurrentCell(row, COL_RESULT)
                table.setFocus()
                break
        try:
            self.saved = runs.save_route(self.ledger, self.drafts(), attachments_dir_of(self.ledger))
        except ValidationError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return
        lines = "\n".join(TEXT["saved_line"].format(name=t.name, rate=format_percent(s.rate),
                                                    failed=s.failed)
                          for t, s in zip(self.tables, self.saved, strict=True))
        QMessageBox.information(self, TEXT["saved"], TEXT["saved_text"].format(
            lines=lines, count=sum(len(s.problem_ids) for s in self.saved)))
        super().accept()

    def has_marks(self) -> bool:
        return any(r.outcome for t in self.tables for r in t.draft.results)

    def reject(self) -> None:
        if self.run_id is not None:
            if self.corrected is None and self._state() != self.original:
                answer = QMessageBox.question(self, TEXT["fix_discard_title"], TEXT["fix_discard"])
                if answer != QMessageBox.StandardButton.Yes:
                    return
            super().reject()
            return
        if not self.saved and self.has_marks():
            answer = QMessageBox.question(self, TEXT["discard_title"], TEXT["discard"])
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
