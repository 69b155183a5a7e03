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

from chuangcheng_desktop.core.safety.in_use import ensure_not_in_use
from chuangcheng_desktop.core.safety.leftovers import (
    BACKUP_LEFTOVERS,
    DATA_LEFTOVERS,
    remove_leftovers,
)
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.attachments import inside_store
from chuangcheng_desktop.core.storage.database import (
    applied_migration_names,
    check_schema_version,
    describe_sqlite_error,
    read_only_uri,
)
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
        remove_leftovers(backups_dir, BACKUP_LEFTOVERS)  # of backups killed before
        encrypted = _copy_key_file(database, temp)  # an encrypted backup keeps its key file
        _copy_with_backup_api(database, temp, progress)
        verify_backup(temp)
        if encrypted:
            os.replace(cipher.key_file(temp), cipher.key_file(target))
        os.replace(temp, target)
        if attachments_dir is not None and attachments_dir.exists():
            copy_new_attachments(attachments_dir, backups_dir / "attachments")
        stores = database.parent / UNIT_STORES  # 街道 ledgers: one file per package, never edited
        if stores.is_dir():
            copy_new_attachments(stores, backups_dir / UNIT_STORES)
    except cipher.Error as exc:
        raise DatabaseError(f"备份没有成功：{describe_sqlite_error(exc)}") from exc
    except OSError as exc:
        raise UserFacingError(
            f"备份没有成功：无法写入备份文件夹“{backups_dir}”（{exc.strerror or exc}）。"
            "台账数据没有变化。请检查该文件夹（或U盘）是否有空间、是否可写。") from exc
    finally:
        for leftover in (temp, cipher.key_file(temp)):
            with contextlib.suppress(OSError):  # also NotADirectoryError, PermissionError
                leftover.unlink()
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
            cipher.key_file(path).unlink(missing_ok=True)
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
    The ledger must be closed by the caller first; while another process holds it (a
    window, a command) the restore is refused with a message saying who.
    """
    verify_backup(backup)
    check_schema_version(backup)
    verify_references(backup)  # the start-up check refuses broken references: refuse them now
    ensure_not_in_use(database)
    remove_leftovers(database.parent, DATA_LEFTOVERS)  # of restores killed before
    safety = None
    if database.exists():
        _checkpoint(database)
        safety = backup_database(database, backups_dir, now=now)
    temp = database.with_name(database.name + ".restore")
    try:
        shutil.copyfile(backup, temp)
        encrypted = _copy_key_file(backup, temp)
        verify_backup(temp)
        for suffix in ("-journal", "-wal", "-shm"):  # the old file's: they would damage the new
            with contextlib.suppress(FileNotFoundError):
                database.with_name(database.name + suffix).unlink()
        if encrypted:  # the key file first: a plain file beside a key file is still plain
            os.replace(cipher.key_file(temp), cipher.key_file(database))
        os.replace(temp, database)
        if (backup.parent / UNIT_STORES).is_dir():  # the units' stores the backup names
            copy_new_attachments(backup.parent / UNIT_STORES, database.parent / UNIT_STORES)
        if not encrypted:
            cipher.key_file(database).unlink(missing_ok=True)
    except OSError as exc:
        raise UserFacingError(
            f"恢复没有成功：无法写入“{database}”（{exc.strerror or exc}）。当前数据没有变化。") from exc
    finally:
        for leftover in (temp, cipher.key_file(temp)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return safety


def record_counts(path: Path) -> dict[str, int]:
    """Live records per table in a database file, read-only ({} when it cannot be read,
    e.g. an encrypted backup whose password has not been given)."""
    try:
        conn = cipher.connect(path, uri=read_only_uri(path))
    except (UserFacingError, *cipher.Error):
        return {}
    try:
        return {table: conn.execute(
            f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
            for table in RECORD_KINDS}
    except cipher.Error:
        return {}
    finally:
        conn.close()


def _copy_key_file(database: Path, copy: Path) -> bool:
    """Put the key file of an encrypted ``database`` beside ``copy``; False when plain."""
    if not cipher.is_encrypted(database):
        return False
    shutil.copyfile(cipher.key_file(database), cipher.key_file(copy))
    return True


def _copy_with_backup_api(source: Path, target: Path, progress: Progress | None) -> None:
    # created here first, so that a folder that cannot be written gives an OSError about
    # the folder, not SQLite's "unable to open database file" (which reads as the ledger's)
    target.write_bytes(b"")
    src = cipher.connect(source, uri=read_only_uri(source))
    key = cipher.file_key(source)  # an encrypted ledger gives an encrypted backup
    dst = cipher.connect(target, key=key) if key else sqlite3.connect(target)
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
    """Refuse a file that is not a whole, healthy ledger: empty, damaged, or not ours."""
    try:
        empty = path.stat().st_size == 0
    except OSError as exc:
        raise DatabaseError(f"无法读取备份文件“{path.name}”（{exc.strerror or exc}）。") from exc
    if empty:  # SQLite would take a 0-byte file for an empty database
        raise DatabaseError(f"备份文件“{path.name}”是空文件（0 字节），不能使用。")
    conn = cipher.connect(path, uri=read_only_uri(path))
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except (*cipher.DatabaseError, UnicodeDecodeError) as exc:
        raise DatabaseError(f"备份文件“{path.name}”已损坏，不能使用（{exc}）。") from exc
    finally:
        conn.close()
    if result != ["ok"]:
        raise DatabaseError(f"备份文件“{path.name}”没有通过完整性检查，不能使用。")
    if not applied_migration_names(path):
        raise DatabaseError(f"文件“{path.name}”不是创城台账的备份（里面没有台账数据），不能使用。")


BROKEN_REFERENCES = "台账数据库中有记录引用了不存在的记录，数据可能已损坏。"


def broken_references(conn: sqlite3.Connection) -> str | None:
    """The start-up check's foreign-key test: a sentence when references are broken."""
    return BROKEN_REFERENCES if conn.execute("PRAGMA foreign_key_check").fetchone() else None


def verify_references(path: Path) -> None:
    """Refuse a backup that the start-up check would refuse for broken references."""
    conn = cipher.connect(path, uri=read_only_uri(path))
    try:
        problem = broken_references(conn)
    except cipher.Error as exc:
        raise DatabaseError(f"备份文件“{path.name}”已损坏，不能使用（{exc}）。") from exc
    finally:
        conn.close()
    if problem:
        raise DatabaseError(f"备份文件“{path.name}”不能使用：{problem}请换一份备份。")


def _checkpoint(database: Path) -> None:
    conn = cipher.connect(database)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def copy_new_attachments(source: Path, pool: Path) -> int:
    """Copy the content-addressed files ``pool`` lacks (never overwriting); return how many."""
    copied = 0
    for file in source.rglob("*"):
        if file.name.endswith(".tmp") or not inside_store(source, file):
            continue  # never follow a symlink out of the attachments folder
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
