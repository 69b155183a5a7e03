"""Backups with SQLite's online backup API, verified, rotated, and restorable on their own.

A backup folder holds ``chuangcheng-YYYYMMDD-HHMMSS.db`` files and an ``attachments/``
pool. Attachments are content-addressed and never change, so each backup copies only
the photos the pool lacks; any one backup file plus the pool restores the whole ledger.

Rotation keeps every backup from today, then (older ones, newest first) the newest of
each of the 7 most recent days, then of the 4 most recent ISO weeks before those, then of
the 12 most recent months before those.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from chuangcheng_desktop.core.storage.database import check_schema_version, describe_sqlite_error
from chuangcheng_desktop.core.storage.errors import DatabaseError, UserFacingError
from chuangcheng_desktop.core.storage.records import RECORD_KINDS

logger = logging.getLogger(__name__)

BACKUP_PREFIX = "chuangcheng-"
BACKUP_SUFFIX = ".db"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
PAGES_PER_STEP = 2048
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
UNIT_STORES = "units"  # core/packages/units.STORE_FOLDER (a 街道's per-unit store files)

Progress = Callable[[int, str], None]


@dataclass
class BackupInfo:
    path: Path
    taken_at: datetime
    counts: dict[str, int] = field(default_factory=dict)


def backup_database(
    database: Path, backups_dir: Path, *, attachments_dir: Path | None = None,
    now: datetime | None = None, progress: Progress | None = None,
) -> BackupInfo:
    """Take a verified backup of ``database`` into ``backups_dir`` and return it.

    The copy is written to a temporary name, checked with integrity_check, and only then
    renamed into place; on any failure (disk full, permission denied) nothing in the
    backup folder is replaced and the ledger itself is never written to.
    """
    now = now or datetime.now()
    target = _free_backup_name(backups_dir, now)
    temp = target.with_name(target.name + ".tmp")
    try:
        backups_dir.mkdir(parents=True, exist_ok=True)
        _copy_with_backup_api(database, temp, progress)
        verify_backup(temp)
        os.replace(temp, target)
        if attachments_dir is not None and attachments_dir.exists():
            copy_new_attachments(attachments_dir, backups_dir / "attachments")
        stores = database.parent / UNIT_STORES  # 街道 ledgers: one file per package, never edited
        if stores.is_dir():
            copy_new_attachments(stores, backups_dir / UNIT_STORES)
    except sqlite3.Error as exc:
        raise DatabaseError(f"备份没有成功：{describe_sqlite_error(exc)}") from exc
    except OSError as exc:
        raise UserFacingError(
            f"备份没有成功：无法写入备份文件夹“{backups_dir}”（{exc.strerror or exc}）。"
            "台账数据没有变化。请检查该文件夹（或U盘）是否有空间、是否可写。") from exc
    finally:
        with contextlib.suppress(OSError):  # also NotADirectoryError, PermissionError
            temp.unlink()
    if progress:
        progress(100, "备份完成")
    return BackupInfo(target, now, record_counts(target))


def list_backups(backups_dir: Path, *, counts: bool = True) -> list[BackupInfo]:
    """Backups in the folder, newest first, with their live record counts unless
    ``counts=False`` (counting a street-scale backup that is not in the disk cache takes
    about a second)."""
    return [BackupInfo(path, taken_at, record_counts(path) if counts else {})
            for path, taken_at in _backup_files(backups_dir)]


def backup_paths(backups_dir: Path) -> list[Path]:
    """Backup files in the folder, newest first (without opening them)."""
    return [path for path, _ in _backup_files(backups_dir)]


def rotate_backups(backups_dir: Path, *, now: datetime | None = None) -> list[Path]:
    """Delete the backups the rotation policy does not keep; return what was deleted."""
    files = _backup_files(backups_dir)
    keep = set(backups_to_keep([taken for _, taken in files], today=(now or datetime.now()).date()))
    deleted = []
    for path, taken_at in files:
        if taken_at not in keep:
            path.unlink()
            deleted.append(path)
    return deleted


def backups_to_keep(times: list[datetime], *, today: date) -> list[datetime]:
    """The rotation policy on backup times (pure, so it can be tested over years)."""
    ordered = sorted(times, reverse=True)
    kept = [t for t in ordered if t.date() >= today]
    older = [t for t in ordered if t.date() < today]
    for key, limit in (
        (lambda t: t.date(), KEEP_DAILY),
        (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
        (lambda t: (t.year, t.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        chosen: list[datetime] = []
        for moment in older:
            period = key(moment)
            if period in seen:
                continue
            if len(seen) == limit:
                break
            seen.append(period)
            chosen.append(moment)
        kept += chosen
        if chosen:
            oldest_kept_period = key(chosen[-1])
            older = [t for t in older if t < chosen[-1] and key(t) != oldest_kept_period]
    return kept


def restore_backup(backup: Path, database: Path, backups_dir: Path, *,
                   now: datetime | None = None) -> BackupInfo | None:
    """Replace ``database`` with ``backup`` atomically, after backing up the current state.

    Returns the backup of the state that was replaced (None when there was no database).
    The ledger must be closed by the caller first.
    """
    verify_backup(backup)
    check_schema_version(backup)
    safety = None
    if database.exists():
        _checkpoint(database)
        safety = backup_database(database, backups_dir, now=now)
    temp = database.with_name(database.name + ".restore")
    try:
        shutil.copyfile(backup, temp)
        verify_backup(temp)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                database.with_name(database.name + suffix).unlink()
        os.replace(temp, database)
        if (backup.parent / UNIT_STORES).is_dir():  # the units' stores the backup names
            copy_new_attachments(backup.parent / UNIT_STORES, database.parent / UNIT_STORES)
    except OSError as exc:
        raise UserFacingError(
            f"恢复没有成功：无法写入“{database}”（{exc.strerror or exc}）。当前数据没有变化。") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return safety


def record_counts(path: Path) -> dict[str, int]:
    """Live records per table in a database file, read-only."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return {table: conn.execute(
            f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
            for table in RECORD_KINDS}
    except sqlite3.Error:
        return {}
    finally:
        conn.close()


def _copy_with_backup_api(source: Path, target: Path, progress: Progress | None) -> None:
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        def step(status: int, remaining: int, total: int) -> None:
            if progress and total:
                progress(int(90 * (total - remaining) / total), "正在备份数据库")

        src.backup(dst, pages=PAGES_PER_STEP, progress=step)
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
        src.close()


def verify_backup(path: Path) -> None:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise DatabaseError(f"备份文件“{path.name}”已损坏，不能使用（{exc}）。") from exc
    finally:
        conn.close()
    if result != ["ok"]:
        raise DatabaseError(f"备份文件“{path.name}”没有通过完整性检查，不能使用。")


def _checkpoint(database: Path) -> None:
    conn = sqlite3.connect(database)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def copy_new_attachments(source: Path, pool: Path) -> int:
    """Copy the content-addressed files ``pool`` lacks (never overwriting); return how many."""
    copied = 0
    for file in source.rglob("*"):
        if not file.is_file() or file.name.endswith(".tmp"):
            continue
        target = pool / file.relative_to(source)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(target.name + ".tmp")
        shutil.copyfile(file, temp)
        os.replace(temp, target)
        copied += 1
    return copied


def _free_backup_name(folder: Path, moment: datetime) -> Path:
    """A name no existing backup has: two backups in one second never overwrite each other."""
    stem = f"{BACKUP_PREFIX}{moment.strftime(STAMP_FORMAT)}"
    target = folder / f"{stem}{BACKUP_SUFFIX}"
    number = 2
    while target.exists():
        target = folder / f"{stem}-{number}{BACKUP_SUFFIX}"
        number += 1
    return target


def _backup_files(folder: Path) -> list[tuple[Path, datetime]]:
    found = []
    if not folder.exists():
        return found
    for path in folder.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}"):
        stamp = path.name[len(BACKUP_PREFIX):-len(BACKUP_SUFFIX)][:15]  # YYYYMMDD-HHMMSS
        try:
            found.append((path, datetime.strptime(stamp, STAMP_FORMAT)))
        except ValueError:
            continue
    return sorted(found, key=lambda item: (item[1], item[0].name), reverse=True)
