"""The window opens on a ledger and closes."""

from __future__ import annotations

from chuangcheng_desktop.ui.main_window import MainWindow


def test_window_opens_shows_unit_and_database_and_closes(qtbot, ledger):
    ledger.update_profile({"unit_name": "青松社区"})
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "创城台账"
    assert "青松社区" in window.unit_label.text()
    assert str(ledger.path) in window.database_label.text()
    assert window.close()
