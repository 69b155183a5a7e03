"""Opening the ledger database: checks, pragmas, migrations and the newer-schema guard.

Opening order matters for safety:
1. a file that exists is first inspected read-only: it must be an SQLite file, and
   its applied migrations must all be known to this app (otherwise it was written
   by a newer version and is refused *untouched*);
2. only then is it opened for writing, WAL + synchronous=FULL + foreign keys on,
   and pending migrations applied, each in its own transaction.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.errors import DatabaseError, SchemaTooNewError, UserFacingError
from chuangcheng_desktop.core.storage.schema import MIGRATION_SET, known_migration_names, migrations

logger = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class LedgerDatabase(Database):
    """A sqlite-utils Database whose write transactions begin with ``BEGIN IMMEDIATE``.

    A plain (deferred) ``BEGIN`` that reads before it writes takes the write lock only at
    its first write; if another process wrote in between, SQLite answers "busy" at once
    instead of waiting for the busy timeout. Taking the lock at the start lets the
    timeout work for every write (every ``db.atomic()`` in the app goes through here).
    """

    read_only = False  # True when opened in read-only mode (see _open_read_only)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:  # nested: a savepoint, as sqlite-utils does
            with super().atomic():
                yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except cipher.Error as exc:  # busy after the timeout, read-only file …
            raise DatabaseError(describe_sqlite_error(exc)) from exc
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except cipher.Error as exc:  # the disk filled up while the change was written
            self.rollback()
            raise DatabaseError(describe_sqlite_error(exc)) from exc
        except BaseException:
            self.rollback()
            raise


def open_database(path: Path | str) -> Database:
    """Open (creating if needed) the ledger database at ``path``, migrated to this version.

    Raises :class:`DatabaseError` (or :class:`SchemaTooNewError`) with a Chinese message
    when the file cannot be used; in that case the file is left exactly as it was.
    """
    path = Path(path)
    if path.exists():
        check_is_sqlite(path)
        roll_back_hot_journal(path)
        check_schema_version(path)
        if not is_writable(path):
            return _open_read_only(path)
    else:
        _check_folder_writable(path.parent)
    try:
        conn = cipher.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    except cipher.Error as exc:
        raise DatabaseError(describe_sqlite_error(exc, path)) from exc
    try:
        conn.isolation_level = "IMMEDIATE"  # implicit transactions (sqlite-utils inserts) too
        db = LedgerDatabase(conn, execute_plugins=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            logger.warning("journal_mode is %s, not WAL, for %s", mode, path)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrations.apply(db)
    except cipher.Error as exc:
        conn.close()
        raise DatabaseError(describe_sqlite_error(exc, path)) from exc
    except Exception:
        conn.close()
        raise
    return db


def is_writable(path: Path) -> bool:
    """Whether the ledger file and its folder (for -wal/-shm/-journal) can be written."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def read_only_uri(path: Path) -> str:
    """The URI to read ``path`` without writing anything.

    In a folder that cannot be written, SQLite cannot create the -shm file a WAL reader
    needs, so the file is opened ``immutable`` (nobody can change it there) -- unless a
    -wal file holds changes not yet in the file, which only a normal reader sees.
    """
    path = Path(path)
    uri = path.resolve().as_uri() + "?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
        uri += "&immutable=1"
    return uri


def _open_read_only(path: Path) -> Database:
    """Read-only mode: a ledger in a folder (or a file) that cannot be written is still
    opened for reading -- check, statistics, exports, the window -- and every write is
    refused by SQLite with the "只读" message. ``db.read_only`` tells the window."""
    pending = [name for name in known_migration_names() if name not in applied_migration_names(path)]
    if pending:
        raise DatabaseError(
            f"数据库“{path}”需要升级到本版本的数据结构，但它所在的文件夹是只读的，无法升级。"
            "请把数据文件夹复制到有写入权限的位置后再打开，或请管理员开放写入权限。")
    try:
        conn = cipher.connect(path, uri=read_only_uri(path), timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except cipher.Error as exc:
        raise DatabaseError(describe_sqlite_error(exc, path)) from exc
    db = LedgerDatabase(conn, execute_plugins=False)
    db.read_only = True
    logger.info("opened %s read-only", path)
    return db


def roll_back_hot_journal(path: Path) -> None:
    """Let SQLite roll back a transaction interrupted in rollback-journal mode.

    A kill while the ledger is first created, or right after a restore (a backup file is in
    rollback mode until it is opened), leaves a hot ``-journal`` beside the file. Read-only
    connections cannot roll it back and fail with "readonly"; one read-write open restores
    the file from the journal (and removes it). Does nothing without a journal, for a file
    that is not SQLite, or when the folder cannot be written (the checks then report it).
    """
    journal = path.with_name(path.name + "-journal")
    if not journal.exists():
        return
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) not in (SQLITE_HEADER, b"") \
                    and not cipher.is_encrypted(path):
                return
        conn = cipher.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except (OSError, UserFacingError, *cipher.Error):
        return
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        logger.warning("rolled back an interrupted transaction in %s", path)
    except cipher.Error as exc:
        logger.warning("could not roll back the journal of %s: %s", path, exc)
    finally:
        conn.close()


def check_schema_version(path: Path) -> None:
    """Refuse a database written by a newer app version, without writing to it."""
    unknown = sorted(set(applied_migration_names(path)) - set(known_migration_names()))
    if unknown:
        raise SchemaTooNewError(
            f"数据库文件“{path}”由更新版本的创城台账创建（含本版本不认识的数据结构："
            f"{'、'.join(unknown)}）。为保护数据，本程序不会读写它。请安装最新版本后再打开。"
        )


def applied_migration_names(path: Path) -> list[str]:
    """Names of the migrations recorded in the database file, read without writing."""
    uri = read_only_uri(path)
    try:
        conn = cipher.connect(path, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000)
    except cipher.Error as exc:
        raise DatabaseError(describe_sqlite_error(exc, path)) from exc
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if "_sqlite_migrations" not in tables:
            if tables:
                raise DatabaseError(
                    f"文件“{path}”是一个 SQLite 数据库，但不是创城台账的数据库。"
                    "请选择创城台账的数据文件夹，或换一个空文件夹。"
                )
            return []
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            [MIGRATION_SET],
        ).fetchall()
        return [row[0] for row in rows]
    except cipher.Error as exc:
        raise DatabaseError(describe_sqlite_error(exc, path)) from exc
    except UnicodeDecodeError as exc:  # garbled schema text: the file is damaged
        raise DatabaseError(f"数据库“{path}”已损坏，无法读取。本程序没有修改它，请从备份恢复。") from exc
    finally:
        conn.close()


def check_is_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise DatabaseError(
            f"没有权限读取数据库文件“{path}”。请检查文件权限，或以有权限的账户运行本程序。"
        ) from exc
    except OSError as exc:
        raise DatabaseError(f"无法读取数据库文件“{path}”：{exc.strerror or exc}。") from exc
    if header and header != SQLITE_HEADER and not cipher.is_encrypted(path):
        raise DatabaseError(
            f"文件“{path}”不是创城台账的数据库（文件内容无法识别），可能已损坏或被其他文件替换。"
            "本程序没有修改它。请从备份恢复，或换一个数据文件夹。"
        )


def _check_folder_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            f"无法创建数据文件夹“{folder}”：{exc.strerror or exc}。请换一个有写入权限的文件夹。"
        ) from exc
    probe = folder / ".chuangcheng-write-test"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise DatabaseError(
            f"数据文件夹“{folder}”是只读的，无法保存台账。请换一个有写入权限的文件夹"
            "（例如“文档”下的文件夹），或请管理员开放写入权限。"
        ) from exc


def describe_sqlite_error(exc: Exception, path: Path | None = None) -> str:
    """A Chinese sentence for an SQLite failure: what happened and what to do."""
    text = str(exc).lower()
    where = f"数据库“{path}”" if path else "台账数据库"
    if "locked" in text or "busy" in text:
        return (f"{where}正被另一个程序占用（可能另开了一个创城台账窗口），操作没有完成。"
                "请关闭其他窗口后重试。")
    if "readonly" in text or "read-only" in text:
        return f"{where}是只读的，无法保存。请检查文件和文件夹的写入权限。"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{where}已损坏，无法读取。本程序没有修改它，请从备份恢复。"
    if "unable to open" in text or "cannot open" in text:
        return f"无法打开{where}。请检查文件夹是否存在以及是否有读写权限。"
    if "disk" in text and "full" in text:
        return f"磁盘空间已满，无法写入{where}，已保存的数据没有变化。请清理磁盘后重试。"
    return f"{where}操作没有成功（{exc}），已保存的数据没有变化。"
