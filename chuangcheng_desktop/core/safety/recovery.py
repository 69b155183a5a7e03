"""The start-up check: is the ledger file healthy, and if not, what can the user do?

``startup_check`` runs quick_check and foreign_key_check read-only. A damaged file is
never repaired in place: :func:`set_aside` renames it (and its -wal/-shm) to a clear name
such as ``chuangcheng.损坏-20261123-081500.db`` so nothing is lost, and the newest backup
that passes integrity_check is offered for restore.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from chuangcheng_desktop.core.safety.backup import (
    BackupInfo,
    broken_references,
    list_backups,
    verify_backup,
    verify_references,
)
from chuangcheng_desktop.core.safety.leftovers import (
    BACKUP_LEFTOVERS,
    DATA_LEFTOVERS,
    remove_leftovers,
)
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.audit_chain import verify_chain
from chuangcheng_desktop.core.storage.database import (
    check_is_sqlite,
    check_schema_version,
    describe_sqlite_error,
    read_only_uri,
    roll_back_hot_journal,
)
from chuangcheng_desktop.core.storage.errors import DatabaseError, SchemaTooNewError

TEXT = {
    "empty": "台账数据库文件是空的（0 字节），里面的记录已经丢失（可能是写入时断电或程序被强行结束）。",
}


@dataclass
class StartupCheck:
    ok: bool
    message: str = ""
    newer_schema: bool = False
    newest_good_backup: BackupInfo | None = None


def startup_check(database: Path, backups_dir: Path) -> StartupCheck:
    """Check the ledger file before opening it for writing (fast: quick_check), after
    removing what killed backups and restores left behind.

    Raises :class:`DatabaseError` when another program holds the file locked: that is not
    damage, and the file must not be set aside for it.
    """
    remove_leftovers(database.parent, DATA_LEFTOVERS)  # of backups and restores killed before
    remove_leftovers(backups_dir, BACKUP_LEFTOVERS)
    if not database.exists():
        return StartupCheck(ok=True)
    roll_back_hot_journal(database)  # an interrupted first creation or restore is not damage
    if _is_empty(database):
        # SQLite would silently start a new ledger in a 0-byte file; where backups exist
        # the ledger was lost (a kill while it was being created or replaced): recover.
        backup = newest_good_backup(backups_dir)
        if backup is None:
            return StartupCheck(ok=True)
        return StartupCheck(ok=False, message=TEXT["empty"], newest_good_backup=backup)
    try:
        check_is_sqlite(database)
        check_schema_version(database)
        problem = _quick_check(database)
    except SchemaTooNewError as exc:
        return StartupCheck(ok=False, message=exc.message, newer_schema=True)
    except DatabaseError as exc:
        if _in_use(exc.__cause__) or isinstance(exc, cipher.PasswordRequiredError):
            raise  # locked by another program, or encrypted and not unlocked: not damage
        problem = exc.message
    if problem is None:  # healthy (the audit chain is verified after: audit_chain_warning)
        return StartupCheck(ok=True)
    return StartupCheck(ok=False, message=problem,
                        newest_good_backup=newest_good_backup(backups_dir))


def newest_good_backup(backups_dir: Path) -> BackupInfo | None:
    for info in list_backups(backups_dir):
        try:
            verify_backup(info.path)
            verify_references(info.path)
        except DatabaseError:
            continue
        return info
    return None


JOURNAL_SUFFIXES = ("-journal", "-wal", "-shm", cipher.KEY_SUFFIX)


def set_aside(database: Path, *, now: datetime | None = None) -> Path:
    """Rename a damaged ledger file and its journal files out of the way; return the name.

    The journal files go with it under the matching name (SQLite needs them to read the
    kept copy), and a name already used (two set-asides in one second) is never reused.
    """
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    stem = f"{database.stem}.损坏-{stamp}"
    target = database.with_name(f"{stem}{database.suffix}")
    number = 2
    while any(target.with_name(target.name + s).exists() for s in ("", *JOURNAL_SUFFIXES)):
        target = database.with_name(f"{stem}-{number}{database.suffix}")
        number += 1
    os.replace(database, target)
    for suffix in JOURNAL_SUFFIXES:
        journal = database.with_name(database.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            os.replace(journal, target.with_name(target.name + suffix))
    return target


def audit_chain_warning(database: Path) -> str:
    """The audit chain's message when it is broken (read-only); "" when intact or not yet
    chained (a ledger from before migration 0008 is chained when it is opened).

    Not part of :func:`startup_check`: a tampered log is reported, never "repaired", so
    the window verifies it in the background once editing is enabled (0.63 s per
    100,000 audit rows, which no longer delays the start)."""
    try:
        conn = cipher.connect(database, uri=read_only_uri(database))
    except cipher.Error:
        return ""
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(audit_log)")}
        if "hash" not in columns:
            return ""
        report = verify_chain(conn)
        return "" if report.ok else report.message
    except (*cipher.Error, UnicodeDecodeError):
        return ""
    finally:
        conn.close()


def _is_empty(database: Path) -> bool:
    try:
        return database.stat().st_size == 0
    except OSError:
        return False


def _quick_check(database: Path) -> str | None:
    try:
        conn = cipher.connect(database, uri=read_only_uri(database))
    except cipher.Error as exc:
        return f"无法读取台账数据库（{exc}）。"
    try:
        result = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if result != ["ok"]:
            return f"台账数据库已损坏（{result[0]}）。"
        broken = broken_references(conn)
        if broken:
            return broken
    except cipher.OperationalError as exc:
        if _in_use(exc):
            raise DatabaseError(describe_sqlite_error(exc, database)) from exc
        return f"台账数据库已损坏（{exc}）。"
    except (*cipher.DatabaseError, UnicodeDecodeError) as exc:
        return f"台账数据库已损坏（{exc}）。"
    finally:
        conn.close()
    return None


def _in_use(exc: BaseException | None) -> bool:
    """A lock held by another program (busy/locked), which says nothing about damage."""
    text = str(exc).lower()
    return isinstance(exc, cipher.OperationalError) and ("locked" in text or "busy" in text)
