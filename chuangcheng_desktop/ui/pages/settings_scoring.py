"""设置 → 考核规则: the 创城 scoring rules and the default rectification deadlines.

Scoring rules are versioned by their 生效日期 (``core.scoring.save_rule_set``): saving
stores a new version and every period is scored by the rules in force at its end, so
saving never edits history. The default deadlines are the ``deadline_days`` setting
(``core.settings``), days per category and, where a source needs its own, per source.
``changed`` fires after either is saved (首页 shows the new score).
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.rules.scoring import (
    RuleSet,
    SourceRule,
    rule_set_for,
    rule_set_versions,
    save_rule_set,
    tiered_example,
)
from chuangcheng_desktop.core.storage import clock
from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.settings import get_setting, set_setting
from chuangcheng_desktop.ui.dialogs.records import HONOUR_LEVEL_LABELS

logger = logging.getLogger(__name__)

TEXT = {
    "rules_box": "考核扣分规则",
    "name": "规则名称",
    "effective": "生效日期",
    "effective_hint": "统计某一期间的得分时，用该期间最后一天正在执行的规则",
    "points": "每发现一个问题扣分",
    "late": "未按期整改，扣分乘以",
    "repeat": "同一点位同类问题重复出现，扣分乘以",
    "bonus_box": "加分（荣誉，在“志愿者 → 荣誉”中登记）",
    "outcomes": ("获评", "提名"),
    "points_suffix": " 分",
    "times_suffix": " 倍",
    "save": "保存为新版本",
    "example": "载入“按来源分级”示例",
    "revert": "还原",
    "current": "当前执行：{name}（自{date}起）",
    "versions": "已保存的版本：{versions}",
    "no_versions": "还没有保存过规则，正在使用默认规则（每个问题扣0.1分，自查不扣分，逾期加倍）。",
    "replace_title": "替换规则版本",
    "replace": "{date}生效的规则已有一个版本，要用现在的内容替换它吗？\n"
               "（替换后，以该日期起算的各期间得分按新内容重新计算。）",
    "saved": "已保存：{name}，自{date}起执行。首页的考核得分已按新规则重新计算。",
    "example_loaded": "已载入示例，检查后点“保存为新版本”才会生效。",
    "failed": "没有保存",
    "deadline_box": "默认整改期限（天）",
    "deadline_hint": "新登记问题时，整改期限按“发现日期 + 天数”自动填写（可在问题表单中修改）。"
                     "来源一栏填“同默认”表示按该类别的默认天数。",
    "category": "问题类别",
    "default_days": "默认",
    "same": "同默认",
    "save_deadlines": "保存整改期限",
    "deadlines_saved": "默认整改期限已保存。",
}


def _double(low: float, high: float, step: float, suffix: str, parent: QWidget) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(low, high)
    box.setDecimals(2)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setMinimumWidth(box.fontMetrics().horizontalAdvance("10.00 倍") + 40)
    return box


class ScoringTab(QWidget):
    changed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger

        # create
        content = QWidget(self)
        self.rules_box = QGroupBox(TEXT["rules_box"], content)
        self.name_edit = QLineEdit(self.rules_box)
        self.effective_edit = QDateEdit(self.rules_box)
        self.source_spins = {source: _double(0, 10, 0.05, TEXT["points_suffix"], self.rules_box)
                             for source in vocab.INSPECTION_SOURCES}
        self._default_points = RuleSet().points_for("")  # for sources outside the list
        self.late_spin = _double(1, 10, 0.5, TEXT["times_suffix"], self.rules_box)
        self.repeat_spin = _double(1, 10, 0.5, TEXT["times_suffix"], self.rules_box)
        self.bonus_box = QGroupBox(TEXT["bonus_box"], content)
        self.bonus_spins = {(level, outcome): _double(0, 20, 0.5, TEXT["points_suffix"],
                                                      self.bonus_box)
                            for level in vocab.HONOUR_LEVELS for outcome in TEXT["outcomes"]}
        self.current_label = QLabel(content)
        self.versions_label = QLabel(content)
        self.status_label = QLabel(content)
        self.save_button = QPushButton(TEXT["save"], content)
        self.example_button = QPushButton(TEXT["example"], content)
        self.revert_button = QPushButton(TEXT["revert"], content)
        self.deadline_box = QGroupBox(TEXT["deadline_box"], content)
        self.deadline_spins: dict[str, QSpinBox] = {}
        self.deadline_status = QLabel(self.deadline_box)
        self.save_deadlines_button = QPushButton(TEXT["save_deadlines"], self.deadline_box)
        scroll = QScrollArea(self)

        # configure
        self.save_button.setObjectName("saveRulesButton")
        self.example_button.setObjectName("exampleButton")
        self.save_deadlines_button.setObjectName("saveDeadlinesButton")
        self.effective_edit.setCalendarPopup(True)
        self.effective_edit.setDisplayFormat("yyyy-MM-dd")
        self.effective_edit.setToolTip(TEXT["effective_hint"])
        for label in (self.current_label, self.versions_label, self.status_label,
                      self.deadline_status):
            label.setWordWrap(True)
        self.current_label.setStyleSheet("font-weight: bold;")
        self.versions_label.setStyleSheet("color: #7f8c8d;")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        # connect
        self.save_button.clicked.connect(self.save_rules)
        self.example_button.clicked.connect(self.load_example)
        self.revert_button.clicked.connect(self.load)
        self.save_deadlines_button.clicked.connect(self.save_deadlines)

        # assemble
        rules_form = QFormLayout(self.rules_box)
        rules_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        rules_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.name_edit.setMinimumWidth(self.name_edit.fontMetrics().horizontalAdvance("中") * 16)
        rules_form.addRow(TEXT["name"], self.name_edit)
        rules_form.addRow(TEXT["effective"], self.effective_edit)
        points = QGridLayout()
        for index, (source, spin) in enumerate(self.source_spins.items()):
            points.addWidget(QLabel(source, self.rules_box),
                             index // 2, (index % 2) * 2, Qt.AlignmentFlag.AlignRight)
            points.addWidget(spin, index // 2, (index % 2) * 2 + 1)
        rules_form.addRow(TEXT["points"], points)
        rules_form.addRow(TEXT["late"], self.late_spin)
        rules_form.addRow(TEXT["repeat"], self.repeat_spin)
        bonus = QGridLayout(self.bonus_box)
        for column, outcome in enumerate(TEXT["outcomes"], start=1):
            bonus.addWidget(QLabel(outcome, self.bonus_box), 0, column, Qt.AlignmentFlag.AlignCenter)
        for row, level in enumerate(vocab.HONOUR_LEVELS, start=1):
            bonus.addWidget(QLabel(HONOUR_LEVEL_LABELS[level], self.bonus_box), row, 0,
                            Qt.AlignmentFlag.AlignRight)
            for column, outcome in enumerate(TEXT["outcomes"], start=1):
                bonus.addWidget(self.bonus_spins[(level, outcome)], row, column)
        bonus.setColumnStretch(3, 1)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.example_button, self.revert_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self._build_deadlines()
        layout = QVBoxLayout(content)
        for widget in (self.current_label, self.rules_box, self.bonus_box):
            widget.setMaximumWidth(760)
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addWidget(self.versions_label)
        self.deadline_box.setMaximumWidth(960)
        layout.addWidget(self.deadline_box)
        layout.addStretch(1)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.load()

    def _build_deadlines(self) -> None:
        grid = QGridLayout()
        columns = ("", *vocab.INSPECTION_SOURCES)
        grid.addWidget(QLabel(TEXT["category"], self.deadline_box), 0, 0)
        for column, source in enumerate(columns, start=1):
            grid.addWidget(QLabel(source or TEXT["default_days"], self.deadline_box), 0, column,
                           Qt.AlignmentFlag.AlignCenter)
        for row, category in enumerate(vocab.PROBLEM_CATEGORIES, start=1):
            grid.addWidget(QLabel(category, self.deadline_box), row, 0)
            for column, source in enumerate(columns, start=1):
                spin = QSpinBox(self.deadline_box)
                spin.setRange(1 if not source else 0, 365)
                if source:
                    spin.setSpecialValueText(TEXT["same"])
                self.deadline_spins[f"{source}/{category}" if source else category] = spin
                grid.addWidget(spin, row, column)
        hint = QLabel(TEXT["deadline_hint"], self.deadline_box)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #7f8c8d;")
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_deadlines_button)
        save_row.addWidget(self.deadline_status, 1)
        layout = QVBoxLayout(self.deadline_box)
        layout.addWidget(hint)
        layout.addLayout(grid)
        layout.addLayout(save_row)

    # --- scoring rules -----------------------------------------------------------------------

    def load(self) -> None:
        """Show the rules in force today and the saved versions."""
        today = clock.today()
        rules = rule_set_for(self.ledger.db, today)
        self.show_rules(rules, effective=today)
        self.current_label.setText(TEXT["current"].format(
            name=rules.name, date=format_date_cn(rules.effective_from)))
        versions = rule_set_versions(self.ledger.db)
        self.versions_label.setText(TEXT["versions"].format(versions="；".join(
            f"{format_date_cn(day)}起 {name}" for day, name in versions))
            if versions else TEXT["no_versions"])
        self.status_label.clear()
        self.load_deadlines()

    def show_rules(self, rules: RuleSet, *, effective: date) -> None:
        self.name_edit.setText(rules.name)
        self._default_points = rules.points_for("")
        self.effective_edit.setDate(QDate(effective.year, effective.month, effective.day))
        for source, spin in self.source_spins.items():
            spin.setValue(rules.points_for(source))
        self.late_spin.setValue(rules.late_multiplier)
        self.repeat_spin.setValue(rules.repeat_multiplier)
        for (level, outcome), spin in self.bonus_spins.items():
            spin.setValue(rules.bonus.get(level, {}).get(outcome, 0.0))

    def rules(self) -> RuleSet:
        """The rule set the form holds."""
        sources = [SourceRule("", self._default_points)] + [
            SourceRule(source, round(spin.value(), 4))
            for source, spin in self.source_spins.items()]
        bonus = {level: {outcome: round(self.bonus_spins[(level, outcome)].value(), 4)
                         for outcome in TEXT["outcomes"]} for level in vocab.HONOUR_LEVELS}
        return RuleSet(name=self.name_edit.text().strip() or RuleSet().name,
                       effective_from=self.effective_edit.date().toPython().isoformat(),
                       sources=sources, late_multiplier=round(self.late_spin.value(), 4),
                       repeat_multiplier=round(self.repeat_spin.value(), 4), bonus=bonus)

    def load_example(self) -> None:
        """The 按来源分级 example (city 0.3 / district 0.2 / own 0.1), not yet saved."""
        example = tiered_example()
        example.late_multiplier = self.late_spin.value()
        example.repeat_multiplier = self.repeat_spin.value()
        example.bonus = self.rules().bonus
        self.show_rules(example, effective=self.effective_edit.date().toPython())
        self.status_label.setText(TEXT["example_loaded"])

    def save_rules(self) -> bool:
        rules = self.rules()
        if any(day == rules.effective_from for day, _ in rule_set_versions(self.ledger.db)):
            answer = QMessageBox.question(self, TEXT["replace_title"], TEXT["replace"].format(
                date=format_date_cn(rules.effective_from)))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            save_rule_set(self.ledger.db, rules, actor=self.ledger.actor)
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return False
        self.load()
        self.show_rules(rules, effective=date.fromisoformat(rules.effective_from))
        self.status_label.setText(TEXT["saved"].format(
            name=rules.name, date=format_date_cn(rules.effective_from)))
        self.changed.emit()
        return True

    # --- default deadlines -------------------------------------------------------------------

    def load_deadlines(self) -> None:
        days = get_setting(self.ledger.db, "deadline_days")
        for key, spin in self.deadline_spins.items():
            spin.setValue(days.get(key, 0 if "/" in key else 7))
        self.deadline_status.clear()

    def deadlines(self) -> dict[str, int]:
        return {key: spin.value() for key, spin in self.deadline_spins.items()
                if spin.value() > 0}

    def save_deadlines(self) -> bool:
        try:
            set_setting(self.ledger.db, "deadline_days", self.deadlines(), actor=self.ledger.actor)
        except ValidationError as exc:
            self.deadline_status.setText(exc.message)
            self.deadline_status.setStyleSheet("color: #c0392b;")
            return False
        except UserFacingError as exc:
            QMessageBox.warning(self, TEXT["failed"], exc.message)
            return False
        self.load_deadlines()
        self.deadline_status.setStyleSheet("color: #27ae60;")
        self.deadline_status.setText(TEXT["deadlines_saved"])
        self.changed.emit()
        return True
