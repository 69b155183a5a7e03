"""Long work off the GUI thread: the one way to run an export, import, report or backup.

``run_task(fn, ...)`` runs ``fn(progress, is_cancelled)`` in Qt's thread pool and returns a
:class:`Task` whose signals arrive on the GUI thread:
``progress(int percent, str step)``, ``succeeded(object result)``, ``failed(str message)``,
``cancelled()``, and ``finished()`` after any of the three. ``fn`` must not touch widgets and
must open its own ``Ledger`` (SQLite connections are not shared across threads); it calls
``progress(percent, "中文步骤")`` now and then and returns early (raising
:class:`TaskCancelled`) when ``is_cancelled()`` is true. A :class:`UserFacingError` becomes
``failed(message)``; any other exception is logged and reported with a generic Chinese message.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from chuangcheng_desktop.core.storage.errors import UserFacingError

logger = logging.getLogger(__name__)

Progress = Callable[[int, str], None]
TaskFunction = Callable[[Progress, Callable[[], bool]], Any]

CANCEL = "取消"
UNEXPECTED_ERROR = "操作没有完成：程序遇到意外错误（详情已写入日志）。已保存的数据没有变化。"


class TaskCancelled(Exception):
    """Raised by a task function that noticed ``is_cancelled()``."""


class Task(QObject):
    progress = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()
    # The worker reports through this queued signal; the public signals are emitted on the
    # GUI thread by _deliver, so a caller that connects right after run_task() returns
    # never misses a result that was ready before it connected.
    _report = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self.done = threading.Event()
        self._report.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, kind: str, value: object) -> None:
        if kind == "progress":
            self.progress.emit(*value)
        elif kind == "succeeded":
            self.succeeded.emit(value)
        elif kind == "failed":
            self.failed.emit(value)
        elif kind == "cancelled":
            self.cancelled.emit()
        else:
            self.finished.emit()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()


PACE_EVERY_S = 0.02
PACE_PAUSE_S = 0.001


class _Pacer:
    """Hands the interpreter lock to the GUI thread now and then.

    A worker that releases the lock for many short moments (a SQLite step per row, a
    random id per record) takes it straight back each time, and the GUI thread waiting
    for it can starve for hundreds of milliseconds (measured: 332–749 ms while an import
    checked 50,000 rows). Sleeping 1 ms at most every 20 ms, whenever the task reports
    progress or asks whether it was cancelled, lets the window in; it costs the task ~5%.
    """

    def __init__(self) -> None:
        self.due = time.perf_counter() + PACE_EVERY_S

    def __call__(self) -> None:
        if time.perf_counter() >= self.due:
            time.sleep(PACE_PAUSE_S)
            self.due = time.perf_counter() + PACE_EVERY_S


class _FullCollectionsWait:
    """Full garbage collections wait while any background task runs.

    A full (oldest-generation) collection walks every live container in the process while
    holding the interpreter lock, in whichever thread happens to trigger it. While an import
    holds 50,000 checked rows, each one took 41–76 ms in the worker, and the window could not
    paint meanwhile (measured with ``gc.callbacks``). Young generations are still collected;
    the thresholds come back when the last task ends, so the next full collection runs
    when the big task data is already gone.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._saved: tuple[int, int, int] = gc.get_threshold()

    def __enter__(self) -> None:
        with self._lock:
            if self._running == 0:
                self._saved = gc.get_threshold()
                young, middle, _ = self._saved
                gc.set_threshold(young, middle, FULL_COLLECTION_DEFERRED)
            self._running += 1

    def __exit__(self, *exc_info: object) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0:
                gc.set_threshold(*self._saved)


FULL_COLLECTION_DEFERRED = 1 << 30
full_collections_wait = _FullCollectionsWait()


class _Runner(QRunnable):
    def __init__(self, task: Task, function: TaskFunction) -> None:
        super().__init__()
        self.task = task
        self.function = function

    def run(self) -> None:
        task = self.task

        def report(kind: str, value: object) -> None:
            try:
                task._report.emit(kind, value)
            except RuntimeError:  # the Task was deleted (window closed): nobody is listening
                logger.debug("task result dropped: %s", kind)

        pace = _Pacer()

        def progress(percent: int, step: str) -> None:
            pace()
            report("progress", (percent, step))

        def is_cancelled() -> bool:
            pace()
            return task.is_cancelled()

        try:
            with full_collections_wait:
                result = self.function(progress, is_cancelled)
        except TaskCancelled:
            report("cancelled", None)
        except UserFacingError as exc:
            report("failed", exc.message)
        except Exception:
            logger.exception("background task failed")
            report("failed", UNEXPECTED_ERROR)
        else:
            if task.is_cancelled():
                report("cancelled", None)
            else:
                report("succeeded", result)
        finally:
            task.done.set()
            report("finished", None)


def run_task(function: TaskFunction, parent: QObject | None = None) -> Task:
    """Start ``function`` on a worker thread; connect to the returned task's signals."""
    task = Task(parent)
    QThreadPool.globalInstance().start(_Runner(task, function))
    return task


_LATEST_RUNNING: set[Task] = set()  # keeps tasks alive while their owner may be gone


class LatestOnly:
    """Background work where only the newest request counts.

    A page that recomputes when its period changes calls :meth:`start` each time; a result
    that arrives after a newer request, or after the page was destroyed, is dropped.
    """

    def __init__(self, owner: QObject) -> None:
        self.owner = owner
        self.generation = 0

    def start(self, function: Callable[[], Any], on_success: Callable[[Any], None],
              on_failure: Callable[[str], None]) -> Task:
        self.generation += 1
        generation = self.generation
        task = run_task(lambda _progress, _cancelled: function())
        _LATEST_RUNNING.add(task)
        task.succeeded.connect(lambda result: self._deliver(generation, on_success, result))
        task.failed.connect(lambda message: self._deliver(generation, on_failure, message))
        task.finished.connect(lambda: _LATEST_RUNNING.discard(task))
        return task

    def _deliver(self, generation: int, handler: Callable[[Any], None], value: Any) -> None:
        if shiboken6.isValid(self.owner) and generation == self.generation:
            handler(value)


def run_with_progress(parent: QWidget, work: TaskFunction, on_success: Callable[[Any], None],
                      label: str, fail_title: str, *, cancellable: bool = True) -> Task:
    """Run ``work`` as a task behind a window-modal progress dialog with 取消.

    The dialog appears after 300 ms, follows the task's progress, cancels it, and closes when
    the task ends; a failure is shown in a warning titled ``fail_title``. A task that cannot
    stop safely midway (``cancellable=False``) gets no 取消 and is never cancelled; its
    ``label`` should say so.
    """
    dialog = QProgressDialog(label, CANCEL, 0, 100, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    task = run_task(work, parent)
    task.progress.connect(lambda percent, step: (dialog.setValue(percent), dialog.setLabelText(step)))
    if cancellable:
        dialog.canceled.connect(task.cancel)
    else:
        dialog.setCancelButton(None)
    task.succeeded.connect(on_success)
    task.failed.connect(lambda message: QMessageBox.warning(parent, fail_title, message))
    task.finished.connect(dialog.close)
    task.progress_dialog = dialog  # for tests and callers
    return task
