"""Encryption at rest: setting, changing and removing the ledger password.

- The ledger (and every backup taken while it is encrypted) is an SQLCipher file under a
  random 256-bit data key (core/storage/cipher.py opens it).
- The data key is derived from the *recovery key* (160 random bits, shown once when the
  password is set), so the recovery key alone opens the ledger and its backups, even if
  the key file is lost. ``<ledger>.key`` (JSON, copied beside each backup) holds the data
  key wrapped under the password (data key XOR scrypt(password, salt)) and a check value
  (HMAC of the data key) that tells a wrong password from a right one without touching the
  ledger. Without the password or the recovery key, the data cannot be opened.
- Setting the password encrypts: the ledger is exported (``sqlcipher_export``) to an
  encrypted copy, the copy is verified (integrity, references, record counts) and only then
  renamed over the ledger: a crash at any point leaves the old file or the new one whole.
  Removing the password is the same step the other way. Changing it re-wraps the data key
  under the new password (an atomic rename of the key file); the recovery key keeps working
  and backups taken since keep opening with either.
- Each of the three leaves one audit row (``settings`` / ``ledger_password``: who, and
  set / changed / removed; never a password or key), written into the new file before it
  is renamed over the ledger (for a change: in the transaction that replaces the key
  file), so the ledger and its audit log change together or not at all.
- ``progress(percent, step)`` (optional) reports the steps of a long re-encryption; the
  window runs these functions on a worker thread (ui/pages/settings_safety.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chuangcheng_desktop.core.safety.backup import (
    Progress,
    record_counts,
    verify_backup,
    verify_references,
)
from chuangcheng_desktop.core.safety.in_use import ensure_not_in_use
from chuangcheng_desktop.core.safety.password import password_required, set_app_password
from chuangcheng_desktop.core.storage import cipher
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.database import LedgerDatabase
from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger, current_user, named_user

FORMAT = "chuangcheng-key-1"
MIN_LENGTH = 6
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed back
RECOVERY_LENGTH = 32  # 160 bits
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_CHECK = b"chuangcheng-data-key-check"
PASSWORD_ENV = "CHUANGCHENG_PASSWORD"

TEXT = {
    "wrong": "密码（或恢复密钥）不正确，台账没有打开，数据没有任何变化。请重新输入。",
    "not_encrypted": "台账没有设置密码（没有加密）。",
    "already": "台账已经设置了密码。要换密码请用“修改密码”。",
    "short": f"密码：至少{MIN_LENGTH}位",
    "no_key_file": ("找不到台账的密钥文件“{name}”。没有它，只有恢复密钥能打开台账："
                    "请在密码处输入恢复密钥。"),
    "verify": "加密（或解密）后的副本没有通过检查（{problem}），台账没有改动。",
    "no_module": "本程序缺少 SQLCipher 组件（sqlcipher3），无法加密台账。",
    "exporting": "正在写出新的台账副本…",
    "verifying": "正在检查新副本（完整性、引用、记录条数）…",
    "replacing": "正在替换台账文件…",
}
AUDIT_ROW = "ledger_password"  # the audit row's record: settings / ledger_password
AUDIT_VALUES = {  # old and new value shown in 操作记录; never the password or a key
    "set": ("（未设置）", "（已设置，台账已加密）"),
    "change": ("（已设置）", "（已修改）"),
    "remove": ("（已设置）", "（已取消，台账已解密）"),
}


@dataclass(frozen=True)
class KeyFile:
    check: str
    slots: dict[str, dict[str, str]]  # "password" -> {"salt", "wrapped"}

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "check": self.check, "slots": self.slots},
                          ensure_ascii=False, indent=1)

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(str(data["check"]), {k: dict(v) for k, v in data["slots"].items()})
        except FileNotFoundError as exc:
            raise UserFacingError(TEXT["no_key_file"].format(name=path.name)) from exc
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UserFacingError(f"密钥文件“{path.name}”已损坏，无法读取。"
                                  "请在密码处输入恢复密钥。") from exc


def new_recovery_key() -> str:
    """Random, printable, in groups of four: ``ABCD-EFGH-…`` (160 bits)."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, RECOVERY_LENGTH, 4))


def normalise_recovery_key(text: str) -> str:
    raw = "".join(c for c in text.upper() if c.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def recovery_data_key(recovery_key: str) -> bytes:
    """The data key a recovery key opens on its own, even without the key file: a recovery
    key has 160 random bits, so one hash is enough to derive a key from it."""
    raw = normalise_recovery_key(recovery_key).replace("-", "")
    return hashlib.sha256(b"chuangcheng-recovery:" + raw.encode("ascii")).digest()


def _stretch(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def _check_value(key: bytes) -> str:
    return hmac.new(key, _CHECK, hashlib.sha256).hexdigest()


def _slot(secret: str, key: bytes) -> dict[str, str]:
    salt = secrets.token_bytes(16)
    return {"salt": salt.hex(), "wrapped": _xor(key, _stretch(secret, salt)).hex()}


def _unwrap(key_file: KeyFile, secret: str) -> bytes | None:
    """The data key if ``secret`` is the password or the recovery key, else None."""
    candidates = []
    slot = key_file.slots.get("password")
    if slot:
        candidates.append(_xor(bytes.fromhex(slot["wrapped"]),
                               _stretch(secret, bytes.fromhex(slot["salt"]))))
    candidates.append(recovery_data_key(secret))
    for key in candidates:
        if hmac.compare_digest(_check_value(key), key_file.check):
            return key
    return None


def is_encrypted(database: Path) -> bool:
    return cipher.is_encrypted(database)


def unlock(database: Path, secret: str) -> bytes:
    """Check the password (or recovery key) against the ledger's key file and remember the
    data key for this process. Raises a Chinese UserFacingError when it is wrong."""
    key_path = cipher.key_file(database)
    if key_path.exists():
        key = _unwrap(KeyFile.read(key_path), secret)
    else:  # the key file is lost: only the recovery key can still open the ledger
        key = recovery_data_key(secret)
        try:
            cipher.connect(database, key=key).close()
        except cipher.Error:
            key = None
        else:  # a new key file (without a password slot): the file is known as ours again
            _write_key_file(key_path, KeyFile(_check_value(key), {}))
    if key is None:
        raise UserFacingError(TEXT["wrong"])
    cipher.add_key(key)
    return key


def set_password(database: Path, password: str, *, actor: str | None = None,
                 progress: Progress | None = None) -> str:
    """Encrypt a plain ledger (closed by the caller) under ``password``; return the new
    recovery key, to be shown to the user once. ``actor`` (default: the 当前使用人 named
    in the ledger, else the computer login) is named in the audit row."""
    check_new_password(password)
    if cipher.sqlcipher3 is None:
        raise UserFacingError(TEXT["no_module"])
    if cipher.is_encrypted(database):
        raise UserFacingError(TEXT["already"])
    ensure_not_in_use(database)
    recovery_key = new_recovery_key()
    key = recovery_data_key(recovery_key)
    key_file = KeyFile(_check_value(key), {"password": _slot(password, key)})
    cipher.add_key(key)  # the copy is verified through the same connections as the ledger
    _replace_with_copy(database, target_key=key, key_file=key_file,
                       audit=("set", actor), progress=progress)
    return recovery_key


def change_password(database: Path, current: str, new: str, *, actor: str | None = None) -> None:
    """Re-wrap the data key under ``new`` (``current``: the password or the recovery key)."""
    check_new_password(new)
    if not cipher.is_encrypted(database):
        raise UserFacingError(TEXT["not_encrypted"])
    key = unlock(database, current)
    key_file = KeyFile(_check_value(key), {"password": _slot(new, key)})
    conn = cipher.connect(database, key=key)
    try:
        with _immediate(conn):  # the audit row commits once the new key file is in place
            _audit(conn, "change", actor)
            _write_key_file(cipher.key_file(database), key_file)
    except cipher.Error as exc:
        raise UserFacingError(f"没有完成：{exc}。密码没有改动。") from exc
    finally:
        conn.close()


def remove_password(database: Path, current: str, *, actor: str | None = None,
                    progress: Progress | None = None) -> None:
    """Decrypt the ledger (closed by the caller) back to a plain SQLite file."""
    if not cipher.is_encrypted(database):
        raise UserFacingError(TEXT["not_encrypted"])
    unlock(database, current)
    ensure_not_in_use(database)
    _replace_with_copy(database, target_key=None, key_file=None, audit=("remove", actor),
                       progress=progress)


def check_new_password(password: str) -> None:
    """A Chinese ValidationError when ``password`` is too short for a new password."""
    if not password or len(password) < MIN_LENGTH:
        raise ValidationError.single("password", "密码", TEXT["short"])


def _write_key_file(path: Path, key_file: KeyFile) -> None:
    temp = path.with_name(path.name + ".tmp")
    with temp.open("w", encoding="utf-8") as handle:  # on disk before it replaces the old
        handle.write(key_file.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


@contextlib.contextmanager
def _immediate(conn: Any) -> Iterator[None]:
    """A write transaction that holds the write lock from its start (the audit chain reads
    the last row's hash before appending, so no other writer may append in between)."""
    conn.isolation_level = None
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _audit(conn: Any, event: str, actor: str | None) -> None:
    """The audit row of a password ``event`` (set / change / remove), through ``conn``."""
    db = LedgerDatabase(conn, execute_plugins=False)
    old, new = AUDIT_VALUES[event]
    write_audit(db, table="settings", row_id=AUDIT_ROW, action="update",
                actor=actor or named_user(db) or current_user(),
                old={AUDIT_ROW: old}, new={AUDIT_ROW: new})


def _replace_with_copy(database: Path, *, target_key: bytes | None, key_file: KeyFile | None,
                       audit: tuple[str, str | None], progress: Progress | None = None) -> None:
    """Export the ledger to an encrypted (or plain) copy, audit and verify it, rename it over."""
    report = progress or (lambda _percent, _step: None)
    temp = database.with_name(database.name + ".rekey")
    temp_key = cipher.key_file(temp)
    before = record_counts(database)
    for leftover in (temp, temp_key):
        leftover.unlink(missing_ok=True)
    try:
        report(5, TEXT["exporting"])
        # sqlcipher_export needs an SQLCipher connection, also to a plain ledger
        source = (cipher.connect(database) if cipher.is_encrypted(database)
                  else cipher.sqlcipher3.connect(str(database)))
        try:
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            key_sql = f"\"x'{target_key.hex()}'\"" if target_key else "''"
            source.execute(f"ATTACH DATABASE ? AS rekeyed KEY {key_sql}", [str(temp)])
            source.execute("SELECT sqlcipher_export('rekeyed')")
            version = source.execute("PRAGMA user_version").fetchone()[0]
            source.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
            source.execute("DETACH DATABASE rekeyed")
        finally:
            source.close()
        if key_file is not None:
            _write_key_file(temp_key, key_file)
        copy = cipher.connect(temp, key=target_key) if target_key else cipher.connect(temp)
        try:
            copy.execute("PRAGMA journal_mode = WAL")
            with _immediate(copy):
                _audit(copy, *audit)
        finally:
            copy.close()
        report(60, TEXT["verifying"])
        try:
            verify_backup(temp)
            verify_references(temp)
        except UserFacingError as exc:
            raise UserFacingError(TEXT["verify"].format(problem=exc.message)) from exc
        if record_counts(temp) != before:
            raise UserFacingError(TEXT["verify"].format(problem="记录条数不一致"))
        report(95, TEXT["replacing"])
        for suffix in ("-journal", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                database.with_name(database.name + suffix).unlink()
        if key_file is not None:  # the key file first: a plain file beside it is still plain
            os.replace(temp_key, cipher.key_file(database))
        os.replace(temp, database)
        if key_file is None:
            cipher.key_file(database).unlink(missing_ok=True)
    except OSError as exc:
        raise UserFacingError(f"没有完成：无法写入“{database.parent}”（{exc.strerror or exc}）。"
                              "台账没有改动。") from exc
    except cipher.Error as exc:
        raise UserFacingError(f"没有完成：{exc}。台账没有改动。") from exc
    finally:
        for leftover in (temp, temp_key, *(temp.with_name(temp.name + s)
                                            for s in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink()


def set_password_on(ledger: Ledger, password: str) -> str:
    """:func:`set_password` on an open ledger: closed, encrypted, reopened in place (also
    when it fails); the old unencrypted app-password gate is cleared. Returns the recovery key."""
    check_new_password(password)
    ledger.close()
    try:
        recovery_key = set_password(ledger.path, password, actor=ledger.actor)
    finally:
        ledger.reconnect()
    clear_old_gate(ledger)
    return recovery_key


def clear_old_gate(ledger: Ledger) -> None:
    """After encrypting: the old unencrypted app-password gate is replaced by the key."""
    if password_required(ledger.db):
        set_app_password(ledger.db, None, actor=ledger.actor)
