"""首页 数据核对 panel: lists the issues off the GUI thread; a click opens the record."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from chuangcheng_desktop.ui.widgets.data_checks_panel import DataChecksPanel
from tests.conftest import sample


def test_panel_lists_issues_and_a_click_opens_the_record(qtbot, ledger):
    future = ledger.activities.add(sample("activities", title="元旦联欢", date="2027-01-01"))
    panel = DataChecksPanel(ledger, date(2026, 11, 30))
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.checked, timeout=20_000) as blocker:
        panel.refresh()
    assert blocker.args == [1]
    assert panel.isVisible() and panel.title().startswith("数据核对：发现1处需要核对")
    item = panel.list.item(0)
    assert "元旦联欢" in item.text() and item.text().startswith("【活动日期在今天之后】")
    with qtbot.waitSignal(panel.open_record) as opened:
        panel.list.itemClicked.emit(item)
    assert opened.args == ["activities", future["id"]]
    assert item.data(Qt.ItemDataRole.UserRole) == ("activities", future["id"])


def test_panel_hides_when_nothing_to_check(qtbot, ledger):
    panel = DataChecksPanel(ledger, date(2026, 11, 30))
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.checked, timeout=20_000):
        panel.refresh()
    assert not panel.isVisible()


def test_a_click_in_the_window_opens_the_records_form(qtbot, ledger):
    from PySide6.QtWidgets import QDialog, QLineEdit

    from chuangcheng_desktop.ui.main_window import MainWindow

    ledger.activities.add(sample("activities", title="元旦联欢", date="2099-01-01"))
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.show()
    panel = window.pages["home"].data_checks
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=20_000)
    panel.list.itemClicked.emit(panel.list.item(0))
    assert window.current_key() == "activities"
    dialogs = [d for d in window.findChildren(QDialog) if d.isVisible()]
    texts = [edit.text() for d in dialogs for edit in d.findChildren(QLineEdit)]
    assert "元旦联欢" in texts  # the activity's own form, open to fix the date
