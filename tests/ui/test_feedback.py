"""Feedback where it was missing: the saved row selected with the keyboard on the table,
a Delete question that names the record, 回收站 全部 (attendance records included) saying
what was restored, exports that offer 打开文件/打开文件夹 and say when the system cannot
open the file, and the 首页 overdue list saying when it is capped."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from chuangcheng_desktop.core.storage.repository import ListQuery
from chuangcheng_desktop.ui import ledger_io
from chuangcheng_desktop.ui.pages import ledger_specs
from chuangcheng_desktop.ui.pages.home import HomePage
from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage
from chuangcheng_desktop.ui.pages.recycle_bin import RecycleBinPage
from chuangcheng_desktop.ui.widgets import export_done
from tests.conftest import sample
from tests.ui.conftest import type_into


def _page(qtbot, ledger, spec):
    page = LedgerPage(ledger, spec)
    qtbot.addWidget(page)
    page.resize(1000, 400)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=3000)
    return page


def test_saved_row_is_selected_and_the_table_has_the_keyboard(qtbot, ledger, no_warnings):
    for day in range(1, 41):
        ledger.activities.add(sample("activities", title=f"活动{day}",
                                     date=(date(2026, 1, 1) + timedelta(days=day)).isoformat()))
    page = _page(qtbot, ledger, ledger_specs.ACTIVITIES)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(QDialog)
    type_into(qtbot, dialog, {"title": "新加的活动", "date": "2026-01-20"})
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    [selected] = page.selected_ids()
    assert ledger.activities.get(selected)["title"] == "新加的活动"
    row = page.model.row_of(selected)
    assert row > 10  # in the middle of the list, scrolled into view
    qtbot.waitUntil(lambda: page.table.hasFocus(), timeout=3000)
    rect = page.table.visualRect(page.model.index(row, 0))
    assert page.table.viewport().rect().intersects(rect)
    # ↓ moves in the table, it does not switch pages
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.table.currentIndex().row() == row + 1


def test_delete_question_names_the_record(qtbot, ledger, answer_yes):
    ledger.activities.add(sample("activities", title="重阳敬老活动", date="2026-10-18"))
    page = _page(qtbot, ledger, ledger_specs.ACTIVITIES)
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert "重阳敬老活动" in answer_yes[-1] and "2026年10月18日" in answer_yes[-1]


def test_recycle_bin_all_view_lists_attendance_and_says_what_was_restored(
        qtbot, ledger, informed):
    volunteer = ledger.volunteers.add(sample("volunteers"))
    activity = ledger.activities.add(sample("activities", title="文明交通劝导"))
    record = ledger.service_records.add({"activity_id": activity["id"],
                                         "volunteer_id": volunteer["id"], "minutes": 120})
    ledger.service_records.soft_delete(record["id"])
    team = ledger.teams.add(sample("teams"))
    ledger.teams.soft_delete(team["id"])
    page = RecycleBinPage(ledger)
    qtbot.addWidget(page)
    page.show()
    assert page.kind_combo.currentData() is None  # 全部 first
    texts = [page.table.model().index(r, 3).data() for r in range(page.table.model().rowCount())]
    assert page.count_label.text() == "共 2 条"
    assert any("李秀英" in t and "文明交通劝导" in t for t in texts)
    row = next(r for r, t in enumerate(texts) if "李秀英" in t)
    page.table.selectRow(row)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert ledger.service_records.count(ListQuery()) == 1
    assert "已恢复 1 条" in informed[-1] and "服务记录" in informed[-1]
    assert "李秀英" in informed[-1]
    assert page.count_label.text() == "共 1 条"


def test_export_offers_to_open_and_says_when_the_system_cannot(qtbot, ledger, tmp_path,
                                                               monkeypatch):
    ledger.problems.add(sample("problems"))
    out = tmp_path / "整改台账.xlsx"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    asked, warned, opened = [], [], []
    monkeypatch.setattr(export_done, "choose",
                        lambda parent, title, text: asked.append(text) or "file")
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text, *a, **k: warned.append(text))
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or False)
    task = ledger_io.export_ledger(None, ledger, "problems", None)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: bool(warned), timeout=5000)
    assert str(out) in asked[0]
    assert opened == [str(out)]
    assert ".xlsx" in warned[0] and "没有打开" in warned[0] and str(out) in warned[0]

    # the folder, opened by the system
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    assert export_done.open_path(None, out, folder=True) is True
    assert opened[-1] == str(tmp_path) and len(warned) == 1


def test_home_says_when_the_overdue_list_is_capped(qtbot, ledger):
    today = date(2026, 6, 30)
    for number in range(55):
        ledger.problems.add(sample("problems", checkpoint=f"点位{number}",
                                   found_on="2026-04-01", deadline="2026-04-05"))
    home = HomePage(ledger, today=today)
    qtbot.addWidget(home)
    qtbot.waitUntil(lambda: home.statistics is not None, timeout=10000)
    assert home.due_table.rowCount() == 50
    assert "逾期 55 个" in home.due_box.title()
    assert "共55个，显示前50个" in home.due_box.title()


def test_in_the_window_focus_returns_to_the_table_not_the_menu(qtbot, ledger, settings,
                                                               no_warnings):
    from chuangcheng_desktop.ui.main_window import MainWindow

    ledger.activities.add(sample("activities", title="旧活动", date="2026-01-05"))
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    page = window.show_page("activities")
    window.nav.setFocus()  # the user came here through the menu
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.findChild(QDialog)
    type_into(qtbot, dialog, {"title": "新活动", "date": "2026-02-05"})
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.hasFocus(), timeout=3000)
    assert ledger.activities.get(page.selected_ids()[0])["title"] == "新活动"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert window.current_key() == "activities"  # ↓ moved in the table, not the menu
