"""Offscreen screenshots of every page and dialog on a community demo database, on the
small screens the window must fit: 1366×697 (a 1366×768 screen less the taskbar) and
1280×720.

    .venv/bin/python scripts/screenshots.py OUT_DIR [--data-dir DIR] [--size 1366x697]

Writes PNG files into OUT_DIR/1366x697/ and OUT_DIR/1280x720/ (not committed) so a person
can look at the window: clipped Chinese, buttons off-screen, empty grey areas, badly sized
columns. Each size runs in its own process on an offscreen screen of exactly that size
(the main window maximised on it, as on first start); ``--size`` runs one size only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chuangcheng_desktop import paths  # noqa: E402
from chuangcheng_desktop.core.demo.builder import generate_demo_data  # noqa: E402
from chuangcheng_desktop.core.storage.ledger import Ledger  # noqa: E402
from chuangcheng_desktop.reports.imports.importer import preview_import  # noqa: E402
from chuangcheng_desktop.ui.dialogs.records import open_record_dialog  # noqa: E402
from chuangcheng_desktop.ui.import_dialog import ImportDialog  # noqa: E402
from chuangcheng_desktop.ui.main_window import PAGES, MainWindow  # noqa: E402
from chuangcheng_desktop.ui.report_wizard import ReportWizard  # noqa: E402
from chuangcheng_desktop.ui.widgets.current_user import CurrentUserDialog  # noqa: E402

SIZES = ("1366x697", "1280x720")


def _save(app: QApplication, widget: QWidget, path: Path) -> None:
    for _ in range(3):
        app.processEvents()
    widget.grab().save(str(path))
    print(f"{path}  {widget.width()}×{widget.height()}")


def _open_ledger(data_dir: Path | None) -> Ledger:
    if data_dir is not None and (data_dir / "chuangcheng.db").exists():
        paths.init(data_dir)
        return Ledger.open_in(data_dir)
    folder = data_dir or Path(tempfile.mkdtemp(prefix="chuangcheng-shots-"))
    paths.init(folder)
    ledger = Ledger.open_in(folder)
    generate_demo_data(ledger, paths.attachments_dir(folder), scale="community", seed=1)
    return ledger


def _problem_steps(app: QApplication, ledger: Ledger, window: QWidget, out_dir: Path) -> None:
    """An open problem's form, and the 提交复查 / 复查 dialogs (nothing is saved)."""
    def first(status: str) -> str | None:
        row = ledger.db.execute(
            "SELECT id FROM problems WHERE deleted_at IS NULL AND status = ? "
            "ORDER BY deadline LIMIT 1", [status]).fetchone()
        return row[0] if row else None

    doing, checking = first("整改中"), first("待复查")
    if doing:
        dialog = open_record_dialog(ledger, "problems", doing, window)
        dialog.show()
        _save(app, dialog, out_dir / "dialog_problems_doing.png")
        step = dialog.submit_for_recheck()
        _save(app, step, out_dir / "dialog_problem_submit.png")
        step.done(0)
        dialog.done(0)
    if checking:
        dialog = open_record_dialog(ledger, "problems", checking, window)
        dialog.show()
        step = dialog.recheck()
        step.set_passed(False)
        step.confirm()  # 不通过 without a reason: shows core's message, saves nothing
        _save(app, step, out_dir / "dialog_problem_recheck.png")
        step.done(0)
        dialog.done(0)


def _import_preview(app: QApplication, ledger: Ledger, window: QWidget, out_dir: Path) -> None:
    """The import preview of a messy roster: rows to fix, a 合计 row (nothing is saved)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "身份证号", "联系电话", "注册日期"])
    sheet.append(["王建国", "男", "110101199003078515", "13800001111", "2026-01-10"])
    sheet.append(["错号", "男", "110101199003078514", "13800002222", "2026-01-11"])
    sheet.append(["李秀英", "男", "33010219850612028X", "138000033", "2026-01-12"])
    sheet.append(["合计", None, None, None, "3人"])
    path = out_dir / "roster-sample.xlsx"
    book.save(path)
    dialog = ImportDialog(preview_import(ledger, "volunteers", path), window)
    dialog.show()
    _save(app, dialog, out_dir / "dialog_import_preview.png")
    dialog.done(0)


def _run_correction(app: QApplication, ledger: Ledger, window: QWidget, out_dir: Path) -> None:
    """A saved 测评 (the one with most failed items): its record, and 修改 prefilled (not saved)."""
    from chuangcheng_desktop.ui.dialogs.checkpoint_record import RunRecordDialog
    from chuangcheng_desktop.ui.dialogs.checkpoint_run import RunDialog
    from chuangcheng_desktop.ui.window_fit import fit_inside

    row = ledger.db.execute("SELECT id FROM inspection_runs WHERE deleted_at IS NULL "
                            "ORDER BY failed DESC, date DESC LIMIT 1").fetchone()
    if row is None:
        return
    for dialog, name in ((RunRecordDialog(ledger, row[0], window), "dialog_run_record"),
                         (RunDialog(ledger, [], run_id=row[0], parent=window), "dialog_run_correct")):
        dialog.show()
        fit_inside(dialog)  # what the app's ScreenFit does when a dialog is shown
        _save(app, dialog, out_dir / f"{name}.png")
        dialog.done(0)


def _each_size(args: argparse.Namespace) -> int:
    """One process per screen size: the offscreen screen is fixed when Qt starts."""
    if args.data_dir is None:  # build the demo once, shared by both sizes
        args.data_dir = Path(tempfile.mkdtemp(prefix="chuangcheng-shots-"))
    for size in SIZES:
        command = [sys.executable, __file__, str(args.out_dir), "--size", size,
                   "--data-dir", str(args.data_dir)]
        result = subprocess.run(command, check=False)
        if result.returncode:
            return result.returncode
    return 0


def _offscreen_screen(out_dir: Path, size: str) -> None:
    width, height = (int(part) for part in size.split("x"))
    config = out_dir / f"screen-{size}.json"
    config.write_text(json.dumps({"screens": [{
        "name": size, "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Screenshots of every page (offscreen).")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--size", choices=SIZES, default=None)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    if args.size is None:
        return _each_size(args)
    _offscreen_screen(args.out_dir, args.size)
    args.out_dir = args.out_dir / args.size
    args.out_dir.mkdir(parents=True, exist_ok=True)

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(args.out_dir / "screenshots.ini"), QSettings.Format.IniFormat)
    settings.clear()
    ledger = _open_ledger(args.data_dir)
    window = MainWindow(ledger, settings=settings)
    window.show_fitted()
    for number, key in enumerate(PAGES, start=1):
        page = window.show_page(key)
        if key == "home":  # its figures are computed on a worker thread
            deadline = time.monotonic() + 30
            while page.statistics is None and time.monotonic() < deadline:
                app.processEvents()
        _save(app, window, args.out_dir / f"{number:02d}_{key}.png")
    volunteers = window.page("volunteers")
    window.show_page("volunteers")
    volunteers.show_table("teams")
    _save(app, window, args.out_dir / "03b_teams.png")
    volunteers.show_table("honours")
    _save(app, window, args.out_dir / "03c_honours.png")
    inspections = window.page("inspections")
    window.show_page("inspections")
    inspections.show_table("inspections")
    _save(app, window, args.out_dir / "04b_inspections.png")
    review = inspections.show_review()
    deadline = time.monotonic() + 30
    while review.statistics is None and time.monotonic() < deadline:
        app.processEvents()
    _save(app, window, args.out_dir / "04c_review.png")
    inspections.tabs.setCurrentWidget(inspections.checkpoints)
    _save(app, window, args.out_dir / "04d_checkpoints.png")
    settings_page = window.show_page("settings")
    for label, tab in settings_page.tab_pages.items():
        settings_page.tabs.setCurrentWidget(tab)
        _save(app, window, args.out_dir / f"07_settings_{label}.png")

    busiest = ledger.db.execute(
        "SELECT activity_id FROM service_records WHERE deleted_at IS NULL "
        "GROUP BY activity_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    photo_activity = ledger.db.execute(
        "SELECT owner_id FROM attachments WHERE owner_table = 'activities' LIMIT 1").fetchone()
    photo_problem = ledger.db.execute(
        "SELECT a.owner_id FROM attachments a JOIN rechecks r ON r.problem_id = a.owner_id "
        "WHERE a.owner_table = 'problems' GROUP BY a.owner_id "
        "ORDER BY count(DISTINCT r.id) DESC, count(DISTINCT a.id) DESC LIMIT 1").fetchone()
    active_volunteer = ledger.db.execute(
        "SELECT volunteer_id FROM service_records GROUP BY volunteer_id "
        "ORDER BY count(*) DESC LIMIT 1").fetchone()
    samples = {
        "activities": (photo_activity or busiest or [None])[0],
        "volunteers": (active_volunteer or [None])[0],
        "teams": ledger.teams.list()[0]["id"] if ledger.teams.count() else None,
        "inspections": ledger.inspections.list()[0]["id"] if ledger.inspections.count() else None,
        "problems": (photo_problem or [None])[0],
    }
    for table, row_id in samples.items():
        dialog = open_record_dialog(ledger, table, row_id, window)
        dialog.show()
        _save(app, dialog, args.out_dir / f"dialog_{table}.png")
        dialog.done(0)
        new = open_record_dialog(ledger, table, None, window)
        new.show()
        first = next(iter(new.inputs))
        new.touched.add(first)
        new.validate()
        _save(app, new, args.out_dir / f"dialog_{table}_new.png")
        new.done(0)
    _problem_steps(app, ledger, window, args.out_dir)
    if busiest:
        activity_dialog = open_record_dialog(ledger, "activities", busiest[0], window)
        attendance = activity_dialog.open_attendance()
        attendance.show()
        _save(app, attendance, args.out_dir / "dialog_attendance.png")
        attendance.done(0)
        activity_dialog.done(0)
    _import_preview(app, ledger, window, args.out_dir)
    _run_correction(app, ledger, window, args.out_dir)
    user = CurrentUserDialog(ledger, window)
    user.show()
    _save(app, user, args.out_dir / "dialog_current_user.png")
    user.done(0)
    wizard = ReportWizard(ledger, parent=window)
    wizard.show()
    for number in range(1, len(wizard.pageIds()) + 1):
        _save(app, wizard, args.out_dir / f"wizard_{number}.png")
        wizard.next()
    wizard.done(0)
    window.close()
    ledger.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
