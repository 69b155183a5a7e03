"""``chuangcheng --smoke``: a quick end-to-end check of an installed (or frozen) app.

In a new temporary folder (or the empty ``--data-dir`` given): builds a community demo
ledger, opens the main window on it, renders every navigation page (and every tab of the
tabbed pages) once, loads every Designer form, writes the 工作总结 (the code path of the
``report`` subcommand) and the 迎检 workbook, checks both files, prints timings and exits
0. Any failure prints a Chinese message (and the details) and exits 1.

It never touches the user's data folder or Qt settings: the ledger, logs and QSettings all
live in the smoke folder, which is deleted afterwards unless it was given with --data-dir.

"first paint" is measured from the start of the process (the executable's launch, so a
frozen bundle's unpacking and interpreter start count), minus the time spent generating
the demo ledger, which a real start does not do. ``CHUANGCHENG_LAUNCH_TIME`` (seconds
since the epoch, set by a launcher just before starting the process) overrides the
process start time read from the operating system.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from datetime import date, timedelta
from pathlib import Path

LAUNCH_TIME_ENV = "CHUANGCHENG_LAUNCH_TIME"
TEXT = {
    "start": "冒烟测试：{folder}",
    "ok": "冒烟测试通过，用时 {seconds:.1f} 秒。",
    "failed": "冒烟测试失败：{step}。{reason}",
    "not_empty": "“{folder}”不是空文件夹；冒烟测试只在空文件夹或新建的临时文件夹里进行，"
                 "不会动您的台账数据。",
    "empty_file": "文件“{path}”没有生成或是空的",
    "bad_file": "文件“{path}”不是有效的 Office 文件",
    "no_forms": "程序里找不到界面文件（forms/*.ui）",
    "blank_page": "页面“{page}”没有画出来",
    "no_paint": "主窗口 10 秒内没有显示出来",
    "no_image_format": "不能读取 {formats} 图片（缺少 Qt 图片插件）",
    "no_icon": "找不到程序图标 resources/icons/app.png",
    "not_first": "不能锁定冒烟测试的数据文件夹（单实例检查失败）",
}


def process_start_time() -> float | None:
    """When this process started (seconds since the epoch), or None when unknown."""
    launched = os.environ.get(LAUNCH_TIME_ENV)
    if launched:
        try:
            return float(launched)
        except ValueError:
            pass
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/self/stat", encoding="ascii") as handle:
                fields = handle.read().rpartition(")")[2].split()
            started_ticks = int(fields[19])  # field 22 "starttime", in clock ticks since boot
            with open("/proc/uptime", encoding="ascii") as handle:
                uptime = float(handle.read().split()[0])
            return time.time() - uptime + started_ticks / os.sysconf("SC_CLK_TCK")
        if sys.platform == "win32":
            return _windows_process_start()
    except (OSError, ValueError, IndexError):
        return None
    return None


def _windows_process_start() -> float | None:
    import ctypes
    from ctypes import wintypes

    creation, exited, kernel, user = (wintypes.FILETIME() for _ in range(4))
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    if not kernel32.GetProcessTimes(kernel32.GetCurrentProcess(), ctypes.byref(creation),
                                    ctypes.byref(exited), ctypes.byref(kernel), ctypes.byref(user)):
        return None
    ticks = (creation.dwHighDateTime << 32) | creation.dwLowDateTime  # 100 ns since 1601
    return ticks / 10_000_000 - 11_644_473_600


class SmokeFailure(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def run_smoke(data_dir: str | None = None) -> int:
    """Run the smoke check; 0 when everything worked, 1 otherwise (Chinese message)."""
    process_start = process_start_time()
    started = time.perf_counter()
    keep = data_dir is not None
    folder = Path(data_dir).expanduser().resolve() if keep else Path(
        tempfile.mkdtemp(prefix="chuangcheng-smoke-"))
    if keep and folder.exists() and any(folder.iterdir()):
        print(TEXT["failed"].format(step="准备", reason=TEXT["not_empty"].format(folder=folder)),
              file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    print(TEXT["start"].format(folder=folder), flush=True)
    run = _SmokeRun(folder, process_start)
    try:
        run.all_steps()
    except Exception as exc:  # noqa: BLE001 - every failure becomes a Chinese message + exit 1
        reason = exc.reason if isinstance(exc, SmokeFailure) else f"{type(exc).__name__}: {exc}"
        print(TEXT["failed"].format(step=run.step, reason=reason), file=sys.stderr)
        if not isinstance(exc, SmokeFailure):
            print("详情：\n" + traceback.format_exc(), file=sys.stderr)
        return 1
    finally:
        run.close()
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(TEXT["ok"].format(seconds=time.perf_counter() - started), flush=True)
    return 0


class _SmokeRun:
    def __init__(self, folder: Path, process_start: float | None) -> None:
        self.folder = folder
        self.process_start = process_start
        self.step = "启动"
        self.app = None
        self.window = None
        self.ledger = None
        self.instance = None

    def timed(self, label: str, started: float) -> float:
        seconds = time.perf_counter() - started
        print(f"  {label}: {seconds:.2f} s", flush=True)
        return seconds

    def all_steps(self) -> None:
        started = time.perf_counter()
        self.step = "导入程序模块"
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from chuangcheng_desktop import APP_NAME_CN, paths
        from chuangcheng_desktop.ui import app as app_module  # everything a real start imports
        from chuangcheng_desktop.ui.main_window import MainWindow
        self.timed("import Qt and the window modules", started)

        self.step = "创建 QApplication"
        started = time.perf_counter()
        # Qt settings of the smoke run stay in its folder, never the user's.
        app_module.keep_settings_in(self.folder)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.SystemScope,
                          str(self.folder / "settings"))
        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.app.setApplicationName(APP_NAME_CN)
        self.app.setOrganizationName("chuangcheng-desktop")
        self.timed("QApplication", started)

        self.step = "生成演示数据"
        started = time.perf_counter()
        data = self.folder / "data"
        paths.init(data)
        demo_seconds = self._build_demo(data)
        self.timed("demo ledger (community scale)", started)

        self.step = "打开主窗口"
        started = time.perf_counter()
        from chuangcheng_desktop.core.storage.ledger import Ledger
        from chuangcheng_desktop.ui.single_instance import Claim, SingleInstance

        self.instance = SingleInstance(data)  # the lock file and local socket of a real start
        if self.instance.claim() is not Claim.FIRST:
            raise SmokeFailure(TEXT["not_first"])

        self.ledger = Ledger.open_in(data)
        settings = QSettings(str(self.folder / "window.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(self.ledger, settings=settings)
        self.window.resize(1280, 800)
        painted_at = self._show_and_wait_for_paint()
        self.timed("open ledger, build window, first paint", started)
        if self.process_start is not None:
            first_paint = time.time() - (time.perf_counter() - painted_at) - self.process_start
            print(f"first paint after {first_paint - demo_seconds:.2f} s from process start "
                  f"(demo data generation of {demo_seconds:.2f} s not counted)", flush=True)

        self._render_pages()
        self._check_image_formats()
        self._load_forms()
        self._write_files()

    def _build_demo(self, data: Path) -> float:
        from chuangcheng_desktop import paths
        from chuangcheng_desktop.core.demo.builder import generate_demo_data
        from chuangcheng_desktop.core.storage.ledger import Ledger

        started = time.perf_counter()
        with Ledger.open_in(data) as ledger:
            generate_demo_data(ledger, paths.attachments_dir(data), scale="community")
        return time.perf_counter() - started

    def _show_and_wait_for_paint(self) -> float:
        from PySide6.QtCore import QEvent, QObject

        painted: list[float] = []

        class PaintWatch(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint and not painted:
                    painted.append(time.perf_counter())
                return False

        watch = PaintWatch()
        self.window.installEventFilter(watch)
        self.window.show()
        deadline = time.perf_counter() + 10
        while not painted and time.perf_counter() < deadline:
            self.app.processEvents()
        self.window.removeEventFilter(watch)
        if not painted:
            raise SmokeFailure(TEXT["no_paint"])
        return painted[0]

    def _render_pages(self) -> None:
        from PySide6.QtWidgets import QTabWidget

        from chuangcheng_desktop.ui.main_window import PAGE_LABELS, PAGES

        for key in PAGES:
            self.step = f"显示页面“{PAGE_LABELS[key]}”"
            started = time.perf_counter()
            page = self.window.show_page(key)
            self.app.processEvents()
            tabs = getattr(page, "tabs", None)
            if isinstance(tabs, QTabWidget):
                for index in range(tabs.count()):
                    tabs.setCurrentIndex(index)
                    self.app.processEvents()
                    self._grab(f"{PAGE_LABELS[key]}/{tabs.tabText(index)}")
            self._grab(PAGE_LABELS[key])
            self.timed(f"page {PAGE_LABELS[key]}", started)
        self.step = "等待首页统计"
        home = self.window.page("home")
        self._wait_for(lambda: getattr(home, "statistics", None) is not None, seconds=10)

    def _grab(self, name: str) -> None:
        pixmap = self.window.grab()
        if pixmap.isNull() or pixmap.width() < 100 or pixmap.height() < 100:
            raise SmokeFailure(TEXT["blank_page"].format(page=name))

    def _wait_for(self, condition, *, seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while not condition() and time.perf_counter() < deadline:
            self.app.processEvents()
            time.sleep(0.005)

    def _check_image_formats(self) -> None:
        """Photos from phones are JPEG (Qt's plugin) and PNG (built in); the window icon too."""
        from PySide6.QtGui import QIcon, QImageReader

        from chuangcheng_desktop.paths import resource_path

        self.step = "检查图片格式"
        formats = {bytes(name).decode() for name in QImageReader.supportedImageFormats()}
        missing = {"jpeg", "png"} - formats
        if missing:
            raise SmokeFailure(TEXT["no_image_format"].format(formats="、".join(sorted(missing))))
        if QIcon(str(resource_path("icons", "app.png"))).isNull():
            raise SmokeFailure(TEXT["no_icon"])

    def _load_forms(self) -> None:
        from PySide6.QtWidgets import QWidget

        from chuangcheng_desktop.paths import form_path
        from chuangcheng_desktop.ui.forms import load_form

        started = time.perf_counter()
        names = sorted(path.name for path in form_path("").glob("*.ui"))
        if not names:
            raise SmokeFailure(TEXT["no_forms"])
        for name in names:
            self.step = f"加载界面文件 {name}"
            holder = QWidget()
            load_form(name, holder)
            holder.deleteLater()
        self.timed(f"load {len(names)} Designer forms", started)

    def _write_files(self) -> None:
        from chuangcheng_desktop.core.rules.periods import parse_period
        from chuangcheng_desktop.reports.summary.drafting import build_default_context
        from chuangcheng_desktop.reports.summary.summary_docx import export_summary
        from chuangcheng_desktop.reports.workbook.ledger_export import export_workbook

        out = self.folder / "output"
        out.mkdir()
        today = date.today()
        period = parse_period(f"{today - timedelta(days=364)}..{today}")

        self.step = "生成工作总结"
        started = time.perf_counter()
        context = build_default_context(self.ledger, period)
        report = export_summary(context, self.ledger, out / "工作总结.docx")
        self._check_office_file(report, "word/document.xml")
        self.timed(f"工作总结 {report.name} ({report.stat().st_size // 1024} KB)", started)

        self.step = "导出迎检台账"
        started = time.perf_counter()
        workbook = export_workbook(self.ledger, period, out / "迎检台账.xlsx")
        self._check_office_file(workbook, "xl/workbook.xml")
        self.timed(f"迎检台账 {workbook.name} ({workbook.stat().st_size // 1024} KB)", started)
        print(f"written: {report}", flush=True)
        print(f"written: {workbook}", flush=True)

    @staticmethod
    def _check_office_file(path: Path, member: str) -> None:
        if not path.is_file() or path.stat().st_size == 0:
            raise SmokeFailure(TEXT["empty_file"].format(path=path))
        try:
            with zipfile.ZipFile(path) as archive:
                archive.getinfo(member)
        except (zipfile.BadZipFile, KeyError) as exc:
            raise SmokeFailure(TEXT["bad_file"].format(path=path)) from exc

    def close(self) -> None:
        self.step = "关闭"
        if self.window is not None:
            from PySide6.QtCore import QThreadPool

            self.window.close()
            QThreadPool.globalInstance().waitForDone(10_000)
            self.app.processEvents()
            self.window.deleteLater()
            self.app.processEvents()
        if self.ledger is not None:
            self.ledger.close()
        if self.instance is not None:
            self.instance.release()
