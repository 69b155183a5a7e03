"""Every date box has a calendar popup; “昨天”, “11月29日”, “29日” are accepted; a future
date on an activity or a found problem asks “日期在今天之后，确定吗？”."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from chuangcheng_desktop.ui.dialogs.records import DIALOGS, open_record_dialog
from chuangcheng_desktop.ui.widgets.date_popup import is_date_field
from tests.ui.conftest import type_into


def test_every_date_box_has_a_calendar(qtbot, ledger):
    found = 0
    for table in DIALOGS:
        dialog = open_record_dialog(ledger, table, None)
        qtbot.addWidget(dialog)
        for name, widget in dialog.inputs.items():
            if isinstance(widget, QLineEdit) and is_date_field(name):
                assert widget.property("hasCalendar"), (table, name)
                found += 1
    assert found >= 8  # activity, volunteer (3), inspection, problem (3), honour


def test_calendar_popup_writes_the_picked_day(qtbot, ledger):
    dialog = open_record_dialog(ledger, "activities", None)
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.inputs["date"]
    edit.setText("2026-03-05")
    popup = edit.date_field.open_calendar()
    assert popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2026, 3, 5)
    popup.calendar.setSelectedDate(QDate(2026, 3, 18))
    qtbot.keyClick(popup.calendar.focusWidget() or popup.calendar, Qt.Key.Key_Return)
    assert edit.text() == "2026-03-18" and not popup.isVisible()
    assert dialog.error_text("date") == ""
    dialog.done(0)

    problem = ledger.problems.add({"source": "自查", "found_on": "2026-04-02", "checkpoint": "市场",
                                   "category": "环境卫生", "description": "垃圾",
                                   "deadline": "2026-04-05"})
    form = open_record_dialog(ledger, "problems", problem["id"])
    qtbot.addWidget(form)
    completed = form.inputs["completed_on"]  # set by the workflow, not by hand
    assert completed.isReadOnly() and completed.date_field.open_calendar() is None


def test_yesterday_is_saved_and_a_future_day_asks(qtbot, ledger, monkeypatch):
    asked, answers = [], [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a, **k: asked.append(text) or answers.pop(0))
    dialog = open_record_dialog(ledger, "activities", None)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog, {"title": "楼道清理", "date": "昨天"})
    assert dialog.save_button.isEnabled(), dialog.summary_label.text()
    dialog.save()
    assert asked == []
    yesterday = date.today() - timedelta(days=1)
    assert dialog.saved_record["date"] == yesterday.isoformat()

    future = date.today() + timedelta(days=3)
    problem = open_record_dialog(ledger, "problems", None)
    qtbot.addWidget(problem)
    problem.show()
    type_into(qtbot, problem, {"checkpoint": "农贸市场", "description": "垃圾满溢",
                               "found_on": f"{future.month}月{future.day}日"
                               if future.year == date.today().year else future.isoformat()})
    problem.inputs["deadline"].setText((future + timedelta(days=3)).isoformat())
    assert problem.save_button.isEnabled(), problem.summary_label.text()
    problem.save()
    assert len(asked) == 1 and "在今天之后，确定吗" in asked[0]
    assert problem.saved_record is None  # 否: nothing saved, the form stays
    problem.save()
    assert problem.saved_record["found_on"] == future.isoformat()
