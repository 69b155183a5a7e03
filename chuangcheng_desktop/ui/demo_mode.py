"""``--demo``: a window on demo data that says so, and leaves nothing behind.

- Without ``--data-dir``: the demo is built in a new temporary folder, which is removed when
  the window closes.
- With ``--data-dir D``: the demo is built in D and kept there (the user chose the folder),
  but only when D holds no ledger yet: demo records are never mixed into real ones.
The title and the status bar say 演示数据 either way.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QLabel, QMainWindow

from chuangcheng_desktop import APP_NAME_CN, paths
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger

logger = logging.getLogger(__name__)

TEXT = {
    "title": "{app} — 演示数据",
    "status_temporary": "演示数据：关闭窗口后自动删除，不会写入您的台账",
    "status_kept": "演示数据：保存在 {folder}",
    "has_ledger": "--demo：数据文件夹“{folder}”里已经有台账。演示数据只写入空文件夹，"
                  "不会和真实台账混在一起。\n请换一个空文件夹，或去掉 --data-dir（演示数据放在临时文件夹，"
                  "关闭后删除）。",
}


class DemoSession:
    """One ``--demo`` run: where its data lives and whether to remove it afterwards."""

    def __init__(self, data_dir: str | Path | None = None) -> None:
        self.kept = data_dir is not None
        self.folder = Path(data_dir) if data_dir is not None else Path(
            tempfile.mkdtemp(prefix="chuangcheng-demo-"))
        self.ledger: Ledger | None = None

    def open(self) -> Ledger:
        """Build the community demo in the folder and open it."""
        from chuangcheng_desktop.core.demo.builder import generate_demo_data

        if self.kept and (self.folder / DATABASE_FILENAME).exists():
            raise UserFacingError(TEXT["has_ledger"].format(folder=self.folder))
        paths.init(self.folder)
        self.ledger = Ledger.open_in(self.folder, actor="演示用户")
        generate_demo_data(self.ledger, paths.attachments_dir(self.folder), scale="community")
        return self.ledger

    def mark(self, window: QMainWindow) -> QLabel:
        """演示数据 in the title and, in red, in the status bar."""
        window.setWindowTitle(TEXT["title"].format(app=APP_NAME_CN))
        text = (TEXT["status_kept"].format(folder=self.folder) if self.kept
                else TEXT["status_temporary"])
        label = QLabel(text, window)
        label.setObjectName("demoLabel")
        label.setStyleSheet("color: #c0392b; font-weight: bold;")
        window.statusBar().insertPermanentWidget(0, label)
        return label

    def close(self) -> None:
        """Close the ledger; remove the temporary folder (never a folder the user chose)."""
        if self.ledger is not None:
            self.ledger.close()
            self.ledger = None
        if not self.kept:
            # figures still being computed on worker threads read the folder: let them end
            QThreadPool.globalInstance().waitForDone(10_000)
            shutil.rmtree(self.folder, ignore_errors=True)
            if self.folder.exists():
                logger.warning("could not remove the demo folder %s", self.folder)
