"""Data safety around an open ledger: when to back up, where to, and restore in place.

- Every change writes an audit row, so ``max(rowid)`` of ``audit_log`` (the *change
  marker*) tells whether anything changed: a backup is needed when the ledger's marker
  differs from the marker inside the newest backup.
- The backup folder is the ``backup_dir`` setting, or ``backups`` in the data folder.
- :func:`restore_ledger` closes an open :class:`Ledger`, restores a backup atomically
  (after backing up the current state) and reopens the same object on the restored file.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from chuangcheng_desktop.core.safety.backup import (
    BackupInfo,
    Progress,
    backup_database,
    backup_paths,
    copy_new_attachments,
    record_counts,
    restore_backup,
    rotate_backups,
)
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.database import read_only_uri
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.records import RECORD_KINDS
from chuangcheng_desktop.core.storage.settings import get_setting

logger = logging.getLogger(__name__)

DEFAULT_BACKUPS_FOLDER = "backups"


@dataclass
class BackupResult:
    info: BackupInfo
    rotated: list[Path]


@dataclass(frozen=True)
class CountChange:
    table: str
    label: str
    now: int
    after: int


def change_marker(db: Database) -> int:
    """The id of the newest audit row: it changes whenever anything in the ledger changes."""
    return db.execute("SELECT coalesce(max(rowid), 0) FROM audit_log").fetchone()[0]


def file_change_marker(path: Path) -> int | None:
    """The change marker stored in a database file (read-only); None when unreadable."""
    try:
        conn = cipher.connect(path, uri=read_only_uri(path))
    except cipher.Error:
        return None
    try:
        return conn.execute("SELECT coalesce(max(rowid), 0) FROM audit_log").fetchone()[0]
    except cipher.Error:
        return None
    finally:
        conn.close()


def backup_needed(db: Database, backups_dir: Path) -> bool:
    """True when the ledger changed since the newest backup in ``backups_dir`` (or none)."""
    found = backup_paths(backups_dir)
    if not found:
        return change_marker(db) > 0
    return file_change_marker(found[0]) != change_marker(db)


def default_backups_dir(data_dir: Path) -> Path:
    return data_dir / DEFAULT_BACKUPS_FOLDER


def backups_dir_for(db: Database, data_dir: Path) -> Path:
    """The backup folder chosen in 设置 (``backup_dir``), else ``<data dir>/backups``."""
    chosen = (get_setting(db, "backup_dir") or "").strip()
    return Path(chosen).expanduser() if chosen else default_backups_dir(data_dir)


def configured_backups_dir(database: Path, data_dir: Path) -> Path:
    """The backup folder read from a database file without opening it for writing.

    Used before the ledger is opened (start-up check) and by the command line; when the
    file cannot be read (damaged), the default folder is returned.
    """
    try:
        conn = cipher.connect(database, uri=read_only_uri(database))
    except cipher.Error:
        return default_backups_dir(data_dir)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'backup_dir'").fetchone()
        chosen = (json.loads(row[0]) or "").strip() if row else ""
    except (*cipher.Error, ValueError, UnicodeDecodeError, AttributeError):
        chosen = ""
    finally:
        conn.close()
    return Path(chosen).expanduser() if chosen else default_backups_dir(data_dir)


def take_backup(database: Path, backups_dir: Path, *, attachments_dir: Path | None = None,
                progress: Progress | None = None) -> BackupResult:
    """A verified backup and then rotation (the automatic backup and 立即备份 both use this).

    Safe to call from a worker thread: it opens its own read-only connection.
    """
    info = backup_database(database, backups_dir, attachments_dir=attachments_dir,
                           progress=progress)
    rotated = rotate_backups(backups_dir)
    if rotated:
        logger.info("rotation removed %d old backups", len(rotated))
    return BackupResult(info, rotated)


def counts_text(counts: dict[str, int]) -> str:
    """"志愿者800条，活动150条…" for the record kinds that have records; "（空）" if none."""
    shown = [f"{RECORD_KINDS[t].label}{n}条" for t, n in counts.items() if n and t in RECORD_KINDS]
    return "，".join(shown) or "（空）"


def count_changes(current: dict[str, int], backup: dict[str, int]) -> list[CountChange]:
    """Per record kind: how many live records there are now and after restoring."""
    return [CountChange(table, kind.label, current.get(table, 0), backup.get(table, 0))
            for table, kind in RECORD_KINDS.items()]


def restore_preview(database: Path, backup: Path) -> list[CountChange]:
    """Live records per kind now and after restoring ``backup`` over the ledger file
    ``database`` (both read-only; safe off the GUI thread)."""
    return count_changes(record_counts(database), record_counts(backup))


def restore_ledger(ledger: Ledger, backup: Path, backups_dir: Path, *,
                   attachments_dir: Path | None = None) -> BackupInfo | None:
    """Close ``ledger``, restore ``backup`` over its file, and reopen ``ledger`` in place.

    If the restore fails the original file is unchanged and the ledger is reopened on it
    before the error is raised. Returns the backup of the replaced state.
    """
    ledger.close()
    try:
        return restore_files(ledger.path, backup, backups_dir, attachments_dir=attachments_dir)
    finally:
        ledger.reconnect()


def restore_files(database: Path, backup: Path, backups_dir: Path, *,
                  attachments_dir: Path | None = None) -> BackupInfo | None:
    """Restore ``backup`` over the (closed) ledger file ``database``, then copy back the
    photos the data folder lacks from the backup's attachment pool, so that a backup
    folder alone restores everything. Safe to run off the GUI thread."""
    safety = restore_backup(backup, database, backups_dir)
    pool = backup.parent / "attachments"
    if attachments_dir is not None and pool.is_dir():
        try:
            copy_new_attachments(pool, attachments_dir)
        except OSError as exc:
            raise UserFacingError(
                f"台账已恢复，但部分照片没有复制回数据文件夹（{exc.strerror or exc}）。"
                f"照片仍保存在“{pool}”中。") from exc
    return safety
