"""A task's late ``finished`` never ends the task a handler started after it (fault 13)."""

from __future__ import annotations

import threading

from chuangcheng_desktop.ui.main_window import MainWindow


def test_a_late_finished_does_not_end_the_task_started_by_the_result_handler(qtbot, ledger,
                                                                              settings):
    window = MainWindow(ledger, settings=settings)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    tab = page.tab_pages["数据安全"]
    gate = threading.Event()
    results = []
    second_task = []

    def first(_progress, _cancelled):
        return 1

    def second(_progress, _cancelled):
        gate.wait(10)
        return 2

    def first_done(_result):  # e.g. the backup before a restore, then the restore itself
        tab._start(second, "第二步", results.append, results.append)
        second_task.append(tab.task)

    tab._start(first, "第一步", first_done, results.append)
    first_task = tab.task
    with qtbot.waitSignal(first_task.finished, timeout=10000):
        pass
    qtbot.waitUntil(lambda: bool(second_task))
    assert tab.task is second_task[0]  # still the current task
    assert not tab.restore_button.isEnabled() and not tab.backup_button.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: tab.task is None, timeout=10000)
    assert results == [2]
    assert tab.backup_button.isEnabled()
