"""How long the window freezes while the real buttons' work runs, on a street-scale ledger.

    .venv/bin/python benchmarks/bench_stall.py DATA_DIR [--roster ROSTER.xlsx] [--jobs …]

A 10 ms QTimer ticks on the GUI thread while each job runs exactly as its button runs it
(the same functions, tasks and dialogs; only the modal questions and file choosers are
answered automatically). The longest gap between two ticks is how long the window could
not repaint or react: budget ≤ 100 ms (issue 14). Printed beside the idle gap measured
in the same run. DATA_DIR must hold a street-scale ledger (``demo-data --scale street``);
it is copied first, so the import does not change it. ``--roster`` is a 50,000-row
roster (``bench_import.py --keep DIR`` writes one). Jobs: idle, wizard (新建总结, 全年,
内容, 重新生成), import, export (迎检台账), backup (立即备份), restore (恢复 that backup),
package (导出报送包), sort (活动名称). ``--jobs password`` (not in the default
list; it encrypts the copy, so it runs last) sets the ledger password through 设置 → 数据安全
and prints, as peers measured in the same run, the time to copy the file and the time the
core ``set_password`` takes on its own (what the window froze for before issue 14).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not os.environ.get("PYTHONPATH"):  # PYTHONPATH=… measures another checkout
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TICK_MS = 10
BUDGET_MS = 100


class StallMeter:
    """A 10 ms timer on the GUI thread; records the gaps between its ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self.last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self.last) * 1000)
        self.last = now

    def run(self, app, start, done, timeout: float = 300.0) -> tuple[float, int, float]:
        """Start the job on the GUI thread (its own stall counts too), spin the event loop
        until ``done()``; return (max gap ms, gaps over budget, wall seconds)."""
        self.gaps = []
        self.timer.start()
        self.last = time.perf_counter()
        started = time.perf_counter()
        app.processEvents()
        start()
        deadline = started + timeout
        while not done() and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)
        wall = time.perf_counter() - started
        self.gaps.append((time.perf_counter() - self.last) * 1000)  # a job that ends blocked
        self.timer.stop()
        gaps = self.gaps or [0.0]
        return max(gaps), sum(1 for g in gaps if g > BUDGET_MS), wall


def answer_dialogs() -> None:
    """The modal questions the jobs ask get their usual answer, without a person."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from chuangcheng_desktop.ui import import_dialog
    from chuangcheng_desktop.ui.widgets import export_done

    QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    QMessageBox.warning = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    import_dialog.ImportDialog.exec = lambda self: QDialog.DialogCode.Accepted
    export_done.choose = lambda *a, **k: ""  # “已导出” → 关闭 (it waited for a click)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--roster", type=Path)
    parser.add_argument("--jobs", default="idle,wizard,import,export,backup,restore,package,sort")
    args = parser.parse_args()
    jobs = args.jobs.split(",")

    from PySide6.QtWidgets import QApplication

    from chuangcheng_desktop.core.rules.periods import Period
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger

    app = QApplication.instance() or QApplication([])
    answer_dialogs()
    work = Path(tempfile.mkdtemp(prefix="bench-stall-"))
    shutil.copy2(args.data_dir / DATABASE_FILENAME, work / DATABASE_FILENAME)
    ledger = Ledger.open_in(work)
    meter = StallMeter()
    results: dict[str, tuple[float, int, float]] = {}

    def report(name: str, figures: tuple[float, int, float]) -> None:
        results[name] = figures
        worst, over, wall = figures
        idle = results.get("idle", (float("nan"),))[0]
        print(f"{name}: max GUI gap {worst:.0f} ms ({over} gaps > {BUDGET_MS} ms) over "
              f"{wall:.1f} s; idle gap {idle:.0f} ms; ratio to budget {worst / BUDGET_MS:.1f}×",
              flush=True)

    if "idle" in jobs:
        report("idle", meter.run(app, lambda: None, lambda: False, timeout=2.0))

    if "wizard" in jobs:
        from chuangcheng_desktop.ui.report_page import ReportPage

        page = ReportPage(ledger)
        page.show()
        app.processEvents()
        new_draft = getattr(page, "new_draft", None)  # before issue 14 the wizard drafted inline
        start = new_draft if new_draft else (lambda: page.open_wizard(None))
        report("report wizard: 新建总结 (drafts 本半年)",
               meter.run(app, start, lambda: page.wizard is not None and page.new_button.isEnabled()))
        wizard = page.wizard

        def idle_wizard() -> bool:
            return getattr(wizard, "drafting", None) is None

        def change_period() -> None:
            basic = wizard.basic_page
            basic.period_combo.setCurrentIndex(basic.period_combo.findData(f"{Period.year_of(2026).code}"))
            basic.kind_combo.setCurrentText("年度总结")
            wizard.next()

        report("report wizard: 全年 (next after changing the period)",
               meter.run(app, change_period,
                         lambda: idle_wizard() and wizard.currentPage() is wizard.sections_page))
        content = wizard.content_page

        def picker_done() -> bool:  # before issue 14 the picker was filled at once
            return getattr(content, "picker_filled", lambda: True)()

        report("report wizard: 内容 page (section text + activity picker)",
               meter.run(app, wizard.next, lambda: idle_wizard()
                         and wizard.currentPage() is content
                         and content.activity_list.count() > 0 and picker_done()))
        report("report wizard: 重新生成 one section",
               meter.run(app, content.redraft, lambda: idle_wizard() and picker_done()))
        wizard.reject()
        page.close()

    if "import" in jobs and args.roster:
        from PySide6.QtWidgets import QWidget

        from chuangcheng_desktop.ui.import_dialog import start_import

        parent = QWidget()
        parent.show()
        before = ledger.volunteers.count()
        holder: dict[str, object] = {}

        def start() -> None:
            holder["task"] = start_import(parent, ledger, "volunteers", str(args.roster))

        def imported(every: float = 0.25):  # a count on the GUI thread now and then, not per spin
            seen = {"at": 0.0, "done": False}

            def check() -> bool:
                now = time.perf_counter()
                if not seen["done"] and now - seen["at"] >= every:
                    seen["at"], seen["done"] = now, ledger.volunteers.count() > before
                return seen["done"]
            return check

        report(f"import {args.roster.name} (read + check + preview + save)",
               meter.run(app, start, imported(), timeout=600))
        print(f"  imported {ledger.volunteers.count() - before} volunteers", flush=True)

    if "export" in jobs:
        from PySide6.QtWidgets import QWidget

        from chuangcheng_desktop.ui import ledger_io

        parent = QWidget()
        parent.show()
        target = work / "迎检台账.xlsx"
        box: dict[str, object] = {}

        def start() -> None:
            box["task"] = ledger_io._start_export(parent, ledger, target, period=Period.year_of(2026),
                                                  sheets=None, filters=None, full_id=False)

        report("迎检 export 2026 (every sheet)",
               meter.run(app, start, lambda: box.get("task") is not None
                         and box["task"].done.is_set() and target.exists(), timeout=600))

    if "backup" in jobs or "restore" in jobs:
        from chuangcheng_desktop import paths
        from chuangcheng_desktop.ui.pages.settings_safety import SafetyTab

        paths.init(work)
        tab = SafetyTab(ledger)
        tab.show()
        app.processEvents()
        finished: list[bool] = []
        tab.backup_finished.connect(finished.append)
        report("立即备份 (backup of the street ledger)",
               meter.run(app, tab.backup_now, lambda: bool(finished), timeout=600))
        if "restore" in jobs:
            from PySide6.QtWidgets import QMessageBox

            tab.load_backups()
            app.processEvents()
            tab.backup_table.selectRow(0)
            restored: list[bool] = []
            tab.restored.connect(lambda: restored.append(True))
            asked = QMessageBox.question
            QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
            try:
                report("恢复 (restore that backup: preview, safety backup, file swap)",
                       meter.run(app, tab.restore_selected, lambda: bool(restored), timeout=600))
            finally:
                QMessageBox.question = asked
        tab.close()

    if "package" in jobs:
        from PySide6.QtWidgets import QFileDialog, QWidget

        from chuangcheng_desktop.ui import packages_io

        parent = QWidget()
        parent.show()
        package = work / "报送包.ccpkg"
        QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(package), ""))
        holder = {}

        def start_package() -> None:
            holder["task"] = packages_io._save_and_run(
                parent, ledger, "导出报送包", package.name, "", lambda own, photos, path, progress:
                packages_io.export_package(own, photos, path, period=Period.year_of(2026),
                                           full_data=False, reduced_photos=False,
                                           progress=progress),
                lambda result: None, "正在导出…", "导出失败")

        report("导出报送包 2026 (package of the street ledger)",
               meter.run(app, start_package, lambda: holder.get("task") is not None
                         and holder["task"].done.is_set(), timeout=600))

    if "sort" in jobs:
        from PySide6.QtCore import Qt

        from chuangcheng_desktop.ui.main_window import MainWindow

        window = MainWindow(ledger)
        window.show()
        page = window.show_page("activities")
        app.processEvents()
        column = next(c for c in range(page.model.columnCount())
                      if page.model.headerData(c, Qt.Orientation.Horizontal) == "活动名称")
        def settled(seconds: float = 0.3):
            until = time.perf_counter() + seconds
            return lambda: time.perf_counter() > until

        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            # what a click on the header does (QHeaderView → sortByColumn → model.sort)
            report(f"sort the activity table by 活动名称 ({order.name})",
                   meter.run(app, lambda o=order: page.table.sortByColumn(column, o), settled()))
        window.close()

    if "password" in jobs:
        password_job(app, meter, ledger, work, report)

    ledger.close()
    shutil.rmtree(work, ignore_errors=True)


def password_job(app, meter: StallMeter, ledger, work: Path, report) -> None:
    """设置 → 数据安全 → 设置密码… on the copied ledger, then the peers."""
    from chuangcheng_desktop.core.safety import encryption
    from chuangcheng_desktop.core.storage import cipher
    from chuangcheng_desktop.ui.dialogs.password import RecoveryKeyDialog, SetPasswordDialog
    from chuangcheng_desktop.ui.main_window import MainWindow

    def fill(dialog) -> int:
        for edit in (dialog.new_edit, dialog.again_edit):
            edit.setText("bench-password")
        dialog.save()
        return dialog.result()

    SetPasswordDialog.exec = fill
    RecoveryKeyDialog.exec = lambda self: 1
    size_mb = ledger.path.stat().st_size / 1e6
    window = MainWindow(ledger)
    window.show()
    page = window.show_page("settings")
    tab = page.tab_pages["数据安全"]
    page.tabs.setCurrentWidget(tab)
    app.processEvents()
    box = tab.password_box
    ended: list[bool] = []
    box.finished.connect(ended.append)
    report(f"设置密码 (encrypt a {size_mb:.0f} MB ledger through the tab)",
           meter.run(app, box.set_password, lambda: bool(ended), timeout=900))
    print(f"  ended {'well' if ended == [True] else ended}; encrypted: "
          f"{cipher.is_encrypted(ledger.path)}; window's ledger reads "
          f"{ledger.activities.count()} activities", flush=True)
    window.close()

    plain = work / "peer" / ledger.path.name
    plain.parent.mkdir()
    ledger.close()
    encryption.remove_password(ledger.path, "bench-password")  # back to a plain file
    started = time.perf_counter()
    shutil.copyfile(ledger.path, plain)
    copy_s = time.perf_counter() - started
    started = time.perf_counter()
    encryption.set_password(plain, "bench-password")  # as the window did it before, inline
    core_s = time.perf_counter() - started
    ledger.reconnect()
    print(f"  peers: copying the file {copy_s:.1f} s; core set_password alone {core_s:.1f} s "
          f"(= the freeze before issue 14)", flush=True)


if __name__ == "__main__":
    main()
