"""Is the ledger open in another process? Asked before a restore replaces the file.

A restore that replaced the file under a window still holding it would let that window
keep writing into the old, unlinked file: those records would vanish without an error.

Two signs, both read without changing anything:
- the window's lock file ``chuangcheng.lock`` in the data folder (QLockFile's format:
  process id, application name, host name), whose owner is still running;
- an open SQLite connection: in WAL mode every open connection holds a shared lock on the
  database file, so an exclusive lock cannot be taken while anyone has it open.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.errors import UserFacingError

WINDOW_LOCK_NAME = "chuangcheng.lock"  # ui/single_instance.py's LOCK_NAME

TEXT = {
    "window": "一个创城台账窗口（进程号 {pid}{host}）",
    "host": "，电脑 {host}",
    "other": "另一个程序（可能是另一个创城台账窗口或正在运行的命令行操作）",
    "refused": ("台账正被{who}使用。为保护数据，现在不能恢复：恢复会替换台账文件，"
                "对方随后保存的记录会丢失。请先关闭它（或等命令行操作结束）后再恢复。"),
}


def ensure_not_in_use(database: Path) -> None:
    """Raise a Chinese :class:`UserFacingError` naming who holds ``database``, if anyone."""
    who = ledger_holder(database)
    if who:
        raise UserFacingError(TEXT["refused"].format(who=who))


def ledger_holder(database: Path) -> str | None:
    """Who else has the ledger open, in words; None when nobody does."""
    window = _window_owner(database.parent / WINDOW_LOCK_NAME)
    if window:
        return window
    if database.exists() and _has_other_connections(database):
        return TEXT["other"]
    return None


def _window_owner(lock: Path) -> str | None:
    try:
        fields = lock.read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(fields[0])
    except (OSError, ValueError, IndexError):
        return None
    host = fields[2] if len(fields) > 2 else ""
    if pid == os.getpid() and host in ("", socket.gethostname()):
        return None  # this process's own window
    if host in ("", socket.gethostname()) and not _running(pid):
        return None  # left by a window that crashed
    shown_host = TEXT["host"].format(host=host) if host and host != socket.gethostname() else ""
    return TEXT["window"].format(pid=pid, host=shown_host)


def _running(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFO
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _has_other_connections(database: Path) -> bool:
    try:
        conn = cipher.connect(database, uri=database.resolve().as_uri() + "?mode=rw", timeout=0.5)
    except (UserFacingError, *cipher.Error):
        return False
    try:
        conn.isolation_level = None
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
        return False
    except cipher.OperationalError as exc:
        text = str(exc).lower()
        return "locked" in text or "busy" in text
    except cipher.Error:
        return False
    finally:
        conn.close()
