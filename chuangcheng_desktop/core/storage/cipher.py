"""Connections to ledger files, plain or encrypted (SQLCipher through ``sqlcipher3``).

A ledger with a password is an SQLCipher file encrypted with a random 256-bit *data key*;
beside it, ``<file>.key`` holds that key wrapped under the password and under the recovery
key (core/safety/encryption.py). A file is taken as encrypted when it does not start with
SQLite's header and has such a key file. Unlocking puts the data key in this process's
key ring; :func:`connect` then opens an encrypted file with the key that fits it, and a
plain file exactly as before, with the standard ``sqlite3`` module.

``Error``, ``OperationalError`` and ``DatabaseError`` are tuples of both modules' classes,
for ``except`` clauses that must catch an error from either kind of connection.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from chuangcheng_desktop.core.storage.errors import DatabaseError as UserDatabaseError

try:
    import sqlcipher3
except ImportError:  # pragma: no cover - a dependency; plain ledgers still work without it
    sqlcipher3 = None

SQLITE_HEADER = b"SQLite format 3\x00"
KEY_SUFFIX = ".key"
_MODULES = (sqlite3,) if sqlcipher3 is None else (sqlite3, sqlcipher3)
Error = tuple(m.Error for m in _MODULES)
OperationalError = tuple(m.OperationalError for m in _MODULES)
DatabaseError = tuple(m.DatabaseError for m in _MODULES)
IntegrityError = tuple(m.IntegrityError for m in _MODULES)

_KEYS: list[bytes] = []  # the data keys unlocked in this process, newest first

TEXT = {
    "locked": ("台账“{path}”已加密，需要输入密码（或恢复密钥）才能打开。"
               "命令行可设置环境变量 CHUANGCHENG_PASSWORD。"),
    "no_module": "台账“{path}”已加密，但本程序缺少 SQLCipher 组件（sqlcipher3），无法打开。",
}


class PasswordRequiredError(UserDatabaseError):
    """The file is encrypted and none of the unlocked keys opens it."""

    def __init__(self, path: Path) -> None:
        super().__init__(TEXT["locked"].format(path=path))
        self.path = Path(path)


def key_file(path: Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + KEY_SUFFIX)


def is_encrypted(path: Path) -> bool:
    """True for a non-empty file without SQLite's header that has a key file beside it."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return bool(header) and header != SQLITE_HEADER and key_file(path).exists()


def add_key(key: bytes) -> None:
    """Remember an unlocked data key for this process."""
    if key in _KEYS:
        _KEYS.remove(key)
    _KEYS.insert(0, key)


def forget_keys() -> None:
    _KEYS.clear()


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(path: Path | str, *, uri: str | None = None, key: bytes | None = None,
            **options: Any) -> Any:
    """A connection to the ledger file ``path`` (``uri`` to open it by URI instead).

    ``key``: open (or create) the file encrypted with this data key. Without it, an
    encrypted file is opened with the unlocked key that fits (PasswordRequiredError when
    none does) and any other file with the standard sqlite3 module.
    """
    return _open(Path(path), uri, key, options)[0]


def file_key(path: Path) -> bytes | None:
    """The unlocked data key that opens ``path``; None for a plain file."""
    if not is_encrypted(path):
        return None
    conn, key = _open(Path(path), None, None, {})
    conn.close()
    return key


def _open(path: Path, uri: str | None, key: bytes | None,
          options: dict[str, Any]) -> tuple[Any, bytes | None]:
    target = uri if uri is not None else str(path)
    if uri is not None:
        options = {**options, "uri": True}
    if key is None and not is_encrypted(path):
        return sqlite3.connect(target, **options), None
    if sqlcipher3 is None:
        raise UserDatabaseError(TEXT["no_module"].format(path=path))
    for candidate in [key] if key is not None else list(_KEYS):
        conn = sqlcipher3.connect(target, **options)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is no error to print
            conn.execute(key_pragma(candidate))
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn, candidate
        except sqlcipher3.DatabaseError:
            conn.close()
            if key is not None:
                raise
    raise PasswordRequiredError(path)


def is_ledger_connection(conn: Any) -> bool:
    return isinstance(conn, tuple(m.Connection for m in _MODULES))
