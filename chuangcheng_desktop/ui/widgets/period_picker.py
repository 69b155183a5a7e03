"""Pick a period: 全部期间, the presets of ``periods.preset_periods`` or 自定义 from–to."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from chuangcheng_desktop.core.rules.periods import Period, PeriodError, preset_periods
from chuangcheng_desktop.core.storage import clock

TEXT = {
    "all": "全部期间",
    "custom": "自定义…",
    "to": "至",
    "tooltip": "{name}（{start} 至 {end}）",
}


class PeriodPicker(QWidget):
    """``period()`` is None for 全部期间; ``changed`` fires after every new choice."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, allow_all: bool = True,
                 today: date | None = None) -> None:
        super().__init__(parent)
        today = today or clock.today()
        self.combo = QComboBox(self)
        self.combo.setObjectName("periodCombo")
        self.start_edit = QDateEdit(self)
        self.end_edit = QDateEdit(self)
        self.to_label = QLabel(TEXT["to"], self)

        if allow_all:
            self.combo.addItem(TEXT["all"], None)
        for label, period in preset_periods(today):
            self.combo.addItem(label, period)
            self.combo.setItemData(self.combo.count() - 1, TEXT["tooltip"].format(
                name=period.name, start=period.start_iso, end=period.end_iso),
                role=3)  # Qt.ToolTipRole
        self.combo.addItem(TEXT["custom"], "custom")
        for edit, day in ((self.start_edit, date(today.year, 1, 1)), (self.end_edit, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(day.year, day.month, day.day))

        self.combo.currentIndexChanged.connect(self._on_choice)
        self.start_edit.dateChanged.connect(self._on_dates)
        self.end_edit.dateChanged.connect(self._on_dates)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.start_edit)
        layout.addWidget(self.to_label)
        layout.addWidget(self.end_edit)
        self._show_dates(False)

    def period(self) -> Period | None:
        data = self.combo.currentData()
        if data == "custom":
            start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
            try:
                return Period.between(start, end)
            except PeriodError:
                return Period.between(min(start, end), max(start, end))
        return data

    def select_label(self, label: str) -> None:
        index = self.combo.findText(label)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def _show_dates(self, visible: bool) -> None:
        for widget in (self.start_edit, self.to_label, self.end_edit):
            widget.setVisible(visible)

    def _on_choice(self) -> None:
        self._show_dates(self.combo.currentData() == "custom")
        self.changed.emit()

    def _on_dates(self) -> None:
        if self.combo.currentData() == "custom":
            self.changed.emit()
