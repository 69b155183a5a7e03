"""Writing output files safely: temp name in the target folder, then an atomic rename.

- :func:`write_atomically` never leaves a half-written file under the target name; if the
  target is open in WPS/Excel/Word (PermissionError on Windows) it raises
  :class:`OutputFileBusyError` and the old file is untouched.
- :func:`next_free_path` gives "总结.docx", then "总结(2).docx", "总结(3).docx" … so an
  export never overwrites an earlier document.
"""

from __future__ import annotations

import errno
import gc
import logging
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from chuangcheng_desktop.core.storage.errors import UserFacingError

logger = logging.getLogger(__name__)


class OutputFileBusyError(UserFacingError):
    """The target file is open in another program (or otherwise locked)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"文件“{path.name}”正被其他程序（如 WPS、Excel 或 Word）打开，无法覆盖。"
            "请关闭该文件后重试，或换一个文件名保存。原文件没有改动。")
        self.path = path


def write_atomically(target: Path | str, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` and move the finished file onto ``target``.

    The temp file lives in a private folder inside the target folder, so whatever the
    writer puts beside it (XlsxWriter's temp files) goes too when the write fails. A
    failure that comes from the file system (read-only folder, full disk), also when a
    library wraps it in its own exception, becomes a message that names the cause.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserFacingError(
            f"无法创建文件夹“{target.parent}”：{exc.strerror or exc}。请换一个保存位置。") from exc
    workdir: Path | None = None
    try:
        workdir = Path(tempfile.mkdtemp(prefix=f".{target.stem}.", suffix=".tmp",
                                        dir=target.parent))
        temp = workdir / f"{target.stem}{target.suffix}"
        write(temp)
        try:
            os.replace(temp, target)
        except PermissionError as exc:
            raise OutputFileBusyError(target) from exc
    except OutputFileBusyError:
        raise
    except Exception as exc:
        cause = os_error_in(exc)
        if cause is None:
            raise
        _release_quietly(exc)
        raise UserFacingError(describe_write_error(cause, target)) from exc
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    return target


def os_error_in(exc: BaseException) -> OSError | None:
    """The OSError behind ``exc``: itself, or one a library wrapped (XlsxWriter's
    FileCreateError keeps it in ``args``, others chain it)."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError):
            return current
        pending += [a for a in current.args if isinstance(a, BaseException)]
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]
    return None


def describe_write_error(exc: OSError, target: Path) -> str:
    """A Chinese sentence for a failed write of ``target``: the real cause and what to do."""
    if exc.errno == errno.ENOSPC:
        return (f"磁盘空间已满，无法写入“{target.name}”（保存到“{target.parent}”）。"
                "没有留下不完整的文件。请清理磁盘或换一个保存位置后重试。")
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return (f"文件夹“{target.parent}”是只读的或没有写入权限，无法保存“{target.name}”。"
                "请换一个保存位置（例如“文档”或桌面）。")
    return (f"无法写入“{target}”：{exc.strerror or exc}。请检查磁盘空间和写入权限，"
            "或换一个保存位置。")


def _release_quietly(exc: BaseException) -> None:
    """Let go of what the failed writer left open (a ZipFile whose buffered data cannot be
    flushed to a full disk) now, logging instead of printing "Exception ignored" at exit."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: logger.info(
        "while closing a failed output file: %s", unraisable.exc_value)
    try:
        seen: set[int] = set()
        pending: list[BaseException] = [exc]
        while pending:
            current = pending.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            traceback.clear_frames(current.__traceback__)
            pending += [a for a in current.args if isinstance(a, BaseException)]
            pending += [e for e in (current.__cause__, current.__context__) if e is not None]
        gc.collect()
    finally:
        sys.unraisablehook = previous


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
