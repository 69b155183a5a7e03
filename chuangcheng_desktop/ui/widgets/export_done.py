"""The end of every export: where the file is, with 打开文件 / 打开文件夹; and a message
when the system cannot open it (no program for .docx/.xlsx installed, a folder that is
gone) instead of nothing happening."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

logger = logging.getLogger(__name__)

TEXT = {
    "open_file": "打开文件",
    "open_folder": "打开文件夹",
    "close": "关闭",
    "cannot_title": "无法打开",
    "cannot_file": "系统没有打开这个文件（这台电脑可能没有能打开{suffix}文件的软件，"
                   "如 WPS 或 Microsoft Office）。\n文件已经保存在：\n{path}",
    "cannot_folder": "系统没有打开这个文件夹。\n文件保存在：\n{path}",
}


def open_path(parent: QWidget | None, path: Path, *, folder: bool = False) -> bool:
    """Open ``path`` (or its folder) with the system; say so when that fails."""
    target = path.parent if folder else path
    opened = target.exists() and QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
    if not opened:
        logger.info("the system did not open %s", target)
        message = (TEXT["cannot_folder"].format(path=path) if folder else
                   TEXT["cannot_file"].format(suffix=f" {path.suffix} " if path.suffix else "",
                                              path=path))
        QMessageBox.warning(parent, TEXT["cannot_title"], message)
    return bool(opened)


def choose(parent: QWidget | None, title: str, message: str) -> str:
    """Ask: "file", "folder" or "" (关闭)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, message,
                      QMessageBox.StandardButton.NoButton, parent)
    open_file = box.addButton(TEXT["open_file"], QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton(TEXT["open_folder"], QMessageBox.ButtonRole.ActionRole)
    box.addButton(TEXT["close"], QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_file)
    box.exec()
    clicked = box.clickedButton()
    return "file" if clicked is open_file else ("folder" if clicked is open_folder else "")


def offer_to_open(parent: QWidget | None, title: str, message: str, path: Path | str) -> str:
    """Show that ``path`` was saved, and open it or its folder when asked."""
    path = Path(path)
    choice = choose(parent, title, message)
    if choice:
        open_path(parent, path, folder=choice == "folder")
    return choice
