"""Window budgets on a street-scale ledger: first paint, search keystroke, scrolling, memory.

    .venv/bin/python benchmarks/bench_window.py [DATA_DIR] [--page home|activities|…]

DATA_DIR is reused when it already holds a ledger, otherwise a street-scale demo ledger
(≈ 100,000 activities) is built there first (default: a new temporary folder). Prints
figures; asserts nothing. Budgets (issue 3): first paint ≤ 1.0 s, search ≤ 50 ms,
memory ≤ 250 MB after opening every page.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEARCHES = ("文明", "社区", "志愿服务 广场", "中秋", "劝导", "青", "不存在的词")


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def settle(app, page) -> None:
    """Let background counts finish (or wait ≤ 2 s)."""
    deadline = time.perf_counter() + 2
    while page.model.total is None and time.perf_counter() < deadline:
        app.processEvents()


def build(data_dir: Path) -> None:
    from chuangcheng_desktop import paths
    from chuangcheng_desktop.core.demo.builder import generate_demo_data
    from chuangcheng_desktop.core.storage.ledger import Ledger

    started = time.perf_counter()
    with Ledger.open_in(data_dir) as ledger:
        counts = generate_demo_data(ledger, paths.attachments_dir(data_dir), scale="street")
    print(f"built street-scale demo ledger in {time.perf_counter() - started:.1f} s: {counts}")


def child(data_dir: Path, first_page: str) -> None:
    """One cold window launch (run in a fresh process so imports count)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QSettings
    from PySide6.QtWidgets import QApplication

    from chuangcheng_desktop.core.storage.ledger import Ledger
    from chuangcheng_desktop.ui.main_window import PAGES, MainWindow

    app = QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/page", first_page)
    painted: list[float] = []

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    ledger = Ledger.open_in(data_dir)
    window = MainWindow(ledger, settings=settings)
    watch = PaintWatch()
    window.installEventFilter(watch)
    window.resize(1366, 768)
    window.show()
    while not painted:
        app.processEvents()
    print(f"first paint ({first_page}): {painted[0] - STARTED:.3f} s after process start "
          f"(imports + open ledger + window)")

    page = window.show_page("activities")
    app.processEvents()
    timings: dict[str, list[float]] = {}
    for text in SEARCHES:
        runs = []
        for _ in range(3):
            page.search_edit.blockSignals(True)
            page.search_edit.setText("")
            page.search_edit.blockSignals(False)
            page.apply_filters()
            settle(app, page)  # the user pauses: earlier counts have finished
            page.search_edit.blockSignals(True)
            page.search_edit.setText(text)
            page.search_edit.blockSignals(False)
            started = time.perf_counter()
            page.apply_filters()  # the core query + count + model reset
            app.processEvents()  # the view repaints
            runs.append((time.perf_counter() - started) * 1000)
        timings[text] = runs
        shown = page.model.total if page.model.total is not None else "≥200 (counting)"
        print(f"search “{text}” → {shown} rows: median {statistics.median(runs):.1f} ms")
    every = [t for runs in timings.values() for t in runs]
    print(f"search keystroke → table updated: median {statistics.median(every):.1f} ms, "
          f"worst {max(every):.1f} ms (plus the {150} ms typing debounce)")

    page.search_edit.setText("")
    page.apply_filters()
    runs = []
    for _ in range(10):
        started = time.perf_counter()
        page.model.fetchMore()
        app.processEvents()
        runs.append((time.perf_counter() - started) * 1000)
    print(f"scroll: fetch 200 more rows: median {statistics.median(runs):.1f} ms, "
          f"worst {max(runs):.1f} ms (rows loaded {page.model.rowCount()})")
    started = time.perf_counter()
    page.table.sortByColumn(1, page.table.horizontalHeader().sortIndicatorOrder())
    app.processEvents()
    print(f"sort by 活动名称: {(time.perf_counter() - started) * 1000:.1f} ms")

    page_times = {}
    for key in PAGES:
        started = time.perf_counter()
        window.show_page(key)
        app.processEvents()
        page_times[key] = (time.perf_counter() - started) * 1000
    print("open each page (first time): " + ", ".join(
        f"{key} {ms:.0f} ms" for key, ms in page_times.items()))
    home = window.page("home")
    done: list[float] = []
    home.refreshed.connect(lambda: done.append(time.perf_counter()))
    started = time.perf_counter()
    home.refresh()
    while not done:
        app.processEvents()
    print(f"首页 figures (statistics of {home.period_picker.period().name}, worker thread): "
          f"{(done[0] - started) * 1000:.0f} ms")
    print(f"memory after opening every page: {rss_mb():.0f} MB RSS")
    window.close()
    ledger.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path)
    parser.add_argument("--page", action="append",
                        help="first page shown at launch (repeatable; default home and activities)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.data_dir, args.page[0])
        return 0
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="chuangcheng-bench-"))
    if not (data_dir / "chuangcheng.db").exists():
        build(data_dir)
    for first_page in args.page or ["home", "activities"]:
        subprocess.run([sys.executable, __file__, str(data_dir), "--page", first_page, "--child"],
                       check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
