"""A calendar popup for every date typed in a line edit. The text box stays (people type
“昨天”, “11月29日”, “29日” and core's ``parse_date`` reads them); a small calendar button
inside the box opens a month view, and the day picked is written into the box."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QFrame, QLineEdit, QVBoxLayout, QWidget

from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_date

TEXT = {"open": "选择日期（也可以直接输入：今天、昨天、11月29日、29日）"}
DATE_FIELDS = ("date", "deadline")


def is_date_field(name: str) -> bool:
    """Record fields holding a date: date, deadline, found_on, registered_on, birth_date …"""
    return name in DATE_FIELDS or name.endswith(("_on", "_date"))


def _calendar_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#2c3e50"))
    painter.drawRect(QRect(1, 2, 13, 12))
    painter.fillRect(QRect(2, 3, 12, 3), QColor("#c0392b"))
    for x in (4, 7, 10):
        for y in (8, 11):
            painter.fillRect(QRect(x, y, 2, 2), QColor("#2c3e50"))
    painter.end()
    return QIcon(pixmap)


class CalendarPopup(QFrame):
    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)

    def _picked(self, day: QDate) -> None:
        self.picked.emit(day)
        self.close()


class DateField:
    """The calendar button of one date line edit."""

    def __init__(self, edit: QLineEdit) -> None:
        self.edit = edit
        self.popup: CalendarPopup | None = None
        self.action = QAction(_calendar_icon(), TEXT["open"], edit)
        self.action.setObjectName("calendarAction")
        self.action.triggered.connect(self.open_calendar)
        edit.addAction(self.action, QLineEdit.ActionPosition.TrailingPosition)
        edit.setToolTip(TEXT["open"])

    def current(self) -> dt.date:
        try:
            return parse_date(self.edit.text())
        except InvalidValue:
            return dt.date.today()

    def open_calendar(self) -> CalendarPopup | None:
        if self.edit.isReadOnly() or not self.edit.isEnabled():  # e.g. 完成日期 set by 复查
            return None
        self.popup = CalendarPopup(self.edit)
        day = self.current()
        self.popup.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.popup.picked.connect(self.pick)
        below = self.edit.mapToGlobal(QPoint(0, self.edit.height()))
        self.popup.move(below)
        self.popup.show()
        self.popup.calendar.setFocus()
        return self.popup

    def pick(self, day: QDate) -> None:
        """Write the picked day as if typed (the form validates it like any typing)."""
        self.edit.setText(day.toString("yyyy-MM-dd"))
        self.edit.setFocus()


def attach_calendar(edit: QLineEdit) -> DateField:
    field = DateField(edit)
    edit.setProperty("hasCalendar", True)
    edit.date_field = field  # kept alive with the edit
    return field
