"""Writing output files safely: temp name in the target folder, then an atomic rename.

- :func:`write_atomically` never leaves a half-written file under the target name; if the
  target is open in WPS/Excel/Word (PermissionError on Windows) it raises
  :class:`OutputFileBusyError` and the old file is untouched.
- :func:`next_free_path` gives "总结.docx", then "总结(2).docx", "总结(3).docx" … so an
  export never overwrites an earlier document.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from chuangcheng_desktop.core.storage.errors import UserFacingError


class OutputFileBusyError(UserFacingError):
    """The target file is open in another program (or otherwise locked)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"文件“{path.name}”正被其他程序（如 WPS、Excel 或 Word）打开，无法覆盖。"
            "请关闭该文件后重试，或换一个文件名保存。原文件没有改动。")
        self.path = path


def write_atomically(target: Path | str, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` and move the finished file onto ``target``."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserFacingError(
            f"无法创建文件夹“{target.parent}”：{exc.strerror or exc}。请换一个保存位置。") from exc
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix + ".tmp",
                                         dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        try:
            os.replace(temp, target)
        except PermissionError as exc:
            raise OutputFileBusyError(target) from exc
    except OSError as exc:
        raise UserFacingError(
            f"无法写入“{target}”：{exc.strerror or exc}。请检查磁盘空间和写入权限，"
            "或换一个保存位置。") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return target


def next_free_path(path: Path | str) -> Path:
    """``path`` if no file is there, else the first free "name(N).ext" beside it."""
    path = Path(path)
    if not path.exists():
        return path
    number = 2
    while True:
        candidate = path.with_name(f"{path.stem}({number}){path.suffix}")
        if not candidate.exists():
            return candidate
        number += 1
