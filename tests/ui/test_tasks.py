"""Background tasks report progress, results, Chinese failures and cancellation."""

from __future__ import annotations

import threading

from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.ui.tasks import UNEXPECTED_ERROR, TaskCancelled, run_task


def test_progress_and_result_arrive(qtbot):
    steps = []

    def work(progress, is_cancelled):
        progress(50, "一半")
        return threading.current_thread() is not threading.main_thread()

    task = run_task(work)
    task.progress.connect(lambda percent, step: steps.append((percent, step)))
    with qtbot.waitSignal(task.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args == [True]
    qtbot.waitUntil(lambda: steps == [(50, "一半")], timeout=2000)


def test_user_facing_error_and_unexpected_error(qtbot):
    def refused(progress, is_cancelled):
        raise UserFacingError("文件正被占用")

    task = run_task(refused)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert blocker.args == ["文件正被占用"]

    def broken(progress, is_cancelled):
        raise KeyError("x")

    task = run_task(broken)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert blocker.args == [UNEXPECTED_ERROR]


def test_cancel(qtbot):
    started = threading.Event()

    def slow(progress, is_cancelled):
        started.set()
        while not is_cancelled():
            threading.Event().wait(0.01)
        raise TaskCancelled

    task = run_task(slow)
    assert started.wait(5)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.cancel()


def test_latest_only_drops_results_of_older_requests(qtbot):
    from PySide6.QtCore import QObject

    from chuangcheng_desktop.ui.tasks import LatestOnly

    owner = QObject()
    latest = LatestOnly(owner)
    release = threading.Event()
    seen = []
    older = latest.start(lambda: release.wait(5) and "旧", seen.append, seen.append)
    newer = latest.start(lambda: "新", seen.append, seen.append)
    with qtbot.waitSignal(newer.finished, timeout=5000):
        pass
    with qtbot.waitSignal(older.finished, timeout=5000):
        release.set()
    assert seen == ["新"]


def test_a_worker_that_keeps_taking_the_lock_back_never_stalls_the_window(qtbot):
    """A loop of short lock releases (one random id per record, as an import does) used to
    starve the GUI thread; a task that reports now and then is paced (the 10 ms timer
    never waits > 100 ms)."""
    import os
    import time

    from PySide6.QtCore import QTimer

    gaps, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    def work(progress, is_cancelled):
        until = time.perf_counter() + 1.5
        while time.perf_counter() < until:
            for _ in range(200):
                os.urandom(16)  # releases and retakes the interpreter lock
            if is_cancelled():
                raise TaskCancelled
        return True

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    task = run_task(work)
    with qtbot.waitSignal(task.succeeded, timeout=10000):
        pass
    timer.stop()
    assert len(gaps) > 50 and max(gaps) < 0.1


def _full_collections_while(build) -> int:
    """How many full (generation 2) garbage collections ran while ``build()`` ran."""
    import gc

    seen = []

    def note(phase, info):
        if phase == "start" and info["generation"] == 2:
            seen.append(info)

    gc.collect()
    gc.callbacks.append(note)
    try:
        build()
    finally:
        gc.callbacks.remove(note)
    return len(seen)


def _many_live_containers():
    return [[n] for n in range(300_000)]  # the checked rows of a big import, say


def test_full_collections_wait_while_a_task_runs(qtbot):
    """A full collection walks every live object holding the interpreter lock (41–76 ms in
    a 50,000-row import); inside a task none runs, and the thresholds come back after the
    last of two overlapping tasks."""
    import gc

    normal = gc.get_threshold()
    assert _full_collections_while(_many_live_containers) > 0  # what a task would suffer

    release = threading.Event()
    seen: dict[str, object] = {}

    def first(progress, is_cancelled):
        seen["full"] = _full_collections_while(_many_live_containers)
        seen["threshold"] = gc.get_threshold()
        release.wait(5)
        return True

    def second(progress, is_cancelled):
        return gc.get_threshold()

    task_one = run_task(first)
    task_two = run_task(second)
    with qtbot.waitSignal(task_two.succeeded, timeout=10000) as during:
        pass
    assert during.args[0] != normal  # still deferred: the first task runs on
    release.set()
    with qtbot.waitSignal(task_one.finished, timeout=10000):
        pass
    assert seen["full"] == 0 and seen["threshold"] != normal
    assert gc.get_threshold() == normal
