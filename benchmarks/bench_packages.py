"""街道 consolidation budgets (issue 19): a 街道 with N communities of the community demo size.

    .venv/bin/python benchmarks/bench_packages.py [--units 20] [--keep DIR]

Builds N community demo ledgers, exports each one's 报送包 (timed), imports every package
into one 街道 ledger (timed; budget ≤ 5 s each), then times the side-by-side figures of
the year for all units (the 社区对比 view's work; budget ≤ 1 s) against its floor, the
same ``compute_statistics`` run N times on the communities' own ledgers, and the
consolidated workbook (budget ≤ 10 s). Also times a re-import of a newer package for a
unit that already has data (the monthly case), and (unless --no-window) the 报送汇总 page
opened and switched to another period until its tables are filled (offscreen Qt).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chuangcheng_desktop.core.demo.builder import generate_demo_data  # noqa: E402
from chuangcheng_desktop.core.figures.statistics import compute_statistics  # noqa: E402
from chuangcheng_desktop.core.packages.by_unit import unit_figures  # noqa: E402
from chuangcheng_desktop.core.packages.export import export_package  # noqa: E402
from chuangcheng_desktop.core.packages.merge import import_package  # noqa: E402
from chuangcheng_desktop.core.rules.periods import parse_period  # noqa: E402
from chuangcheng_desktop.core.storage.ledger import Ledger  # noqa: E402
from chuangcheng_desktop.reports.workbook.ledger_export import export_workbook  # noqa: E402
from chuangcheng_desktop.reports.workbook.street_book import export_street_workbook  # noqa: E402

TODAY = date(2026, 11, 30)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep it")
    parser.add_argument("--no-window", action="store_true",
                        help="skip timing the 报送汇总 page (Qt, offscreen)")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-packages-"))
    period = parse_period("2026")
    folders, packages, exports = [], [], []
    started = time.perf_counter()
    for index in range(args.units):
        folder = work / f"unit{index}"
        with Ledger.open_in(folder, actor="bench") as ledger:
            generate_demo_data(ledger, folder / "attachments", seed=index + 1, today=TODAY)
            ledger.update_profile({"unit_name": f"社区{index + 1:02d}"})
            t0 = time.perf_counter()
            packages.append(export_package(ledger, folder / "attachments",
                                           work / f"unit{index}.ccpkg").path)
            exports.append(time.perf_counter() - t0)
        folders.append(folder)
    print(f"built {args.units} community ledgers in {time.perf_counter() - started:.1f} s")
    size = statistics.mean(p.stat().st_size for p in packages) / 1024
    print(f"export-package: median {statistics.median(exports):.3f} s, max {max(exports):.3f} s, "
          f"package {size:.0f} KB")

    imports = []
    with Ledger.open_in(work / "street", actor="bench") as town:
        town.update_profile({"unit_name": "城东街道", "unit_level": "街道"})
        for package in packages:
            t0 = time.perf_counter()
            import_package(town, work / "street" / "attachments", package, add_unit=True)
            imports.append(time.perf_counter() - t0)
        print(f"import-package (first, into a 街道 holding 0..{args.units - 1} units): "
              f"median {statistics.median(imports):.3f} s, max {max(imports):.3f} s "
              f"(budget 5 s, max/budget {max(imports) / 5:.2f})")
        with Ledger.open_in(folders[0], actor="bench") as first:
            first.activities.add({"title": "新活动", "category": "志愿服务", "date": "2026-11-01"})
            newer = export_package(first, folders[0] / "attachments", work / "newer.ccpkg").path
        t0 = time.perf_counter()
        import_package(town, work / "street" / "attachments", newer)
        print(f"import-package (newer package replacing a unit's data): "
              f"{time.perf_counter() - t0:.3f} s")

        views = []
        for _ in range(5):
            t0 = time.perf_counter()
            figures = unit_figures(town, period, as_of=TODAY)
            views.append(time.perf_counter() - t0)
        assert len(figures) == args.units
        t0 = time.perf_counter()
        export_street_workbook(town, period, work / "汇总.xlsx", today=TODAY)
        book = time.perf_counter() - t0
        t0 = time.perf_counter()
        for index, folder in enumerate(folders):  # the peer: each community's own workbook
            with Ledger.open_in(folder, actor="bench") as own:
                export_workbook(own, period, work / f"own{index}.xlsx", today=TODAY)
        peer = time.perf_counter() - t0
        print(f"consolidated workbook, {args.units} units, 2026: {book:.2f} s "
              f"(budget 10 s, {book / 10:.2f}×budget); peer ({args.units} communities' own "
              f"workbooks) {peer:.2f} s, ratio {book / peer:.2f}")
    floors = []
    ledgers = [Ledger.open_in(folder, actor="bench") for folder in folders]
    for _ in range(5):
        t0 = time.perf_counter()
        for ledger in ledgers:
            compute_statistics(ledger.db, period, as_of=TODAY)
        floors.append(time.perf_counter() - t0)
    for ledger in ledgers:
        ledger.close()
    view, floor = statistics.median(views), statistics.median(floors)
    print(f"side-by-side figures, {args.units} units, 2026: median {view:.3f} s "
          f"(budget 1 s, {view:.2f}×budget); floor (own stats × {args.units}) {floor:.3f} s, "
          f"ratio {view / floor:.2f}")
    if not args.no_window:
        window_figures(work / "street")
    print(f"data in {work}" if args.keep else "")
    return 0


def window_figures(street: Path) -> None:
    """The 报送汇总 page as a user meets it: opened until its tables are filled, and a
    period switch until refilled (the event loop idles as a real one does)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from chuangcheng_desktop.ui.pages.street import StreetPage

    app = QApplication.instance() or QApplication([])

    def wait(page) -> None:
        while "正在计算" in page.missing_label.text():
            app.processEvents()
            time.sleep(0.005)
        app.processEvents()

    with Ledger.open_in(street, actor="bench") as town:
        opened, switched = [], []
        for label in ("全年", "上半年", "全年"):
            t0 = time.perf_counter()
            page = StreetPage(town)
            page.resize(1366, 900)
            page.show()
            wait(page)
            opened.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            page.period_picker.select_label(label)
            wait(page)
            switched.append(time.perf_counter() - t0)
            page.close()
            page.deleteLater()
            app.processEvents()
    print(f"报送汇总 page open until filled: median {statistics.median(opened):.3f} s; period "
          f"switch until refilled: median {statistics.median(switched):.3f} s (budget 1 s)")


if __name__ == "__main__":
    sys.exit(main())
