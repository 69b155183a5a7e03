"""The optional app password: stored only as a salted scrypt hash in the ledger settings."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlite_utils import Database

from chuangcheng_desktop.core.storage.errors import ValidationError
from chuangcheng_desktop.core.storage.settings import PASSWORD_KEY, get_setting, set_setting

_N, _R, _P = 2**14, 8, 1
MIN_LENGTH = 6


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encoded_salt = base64.b64encode(salt).decode()
    encoded_digest = base64.b64encode(digest).decode()
    return f"scrypt${_N}${_R}${_P}${encoded_salt}${encoded_digest}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def password_required(db: Database) -> bool:
    return bool(get_setting(db, PASSWORD_KEY))


def verify_app_password(db: Database, password: str) -> bool:
    stored = get_setting(db, PASSWORD_KEY)
    return not stored or check_password(password, stored)


def set_app_password(db: Database, password: str | None, *, actor: str) -> None:
    """Set (or with None / "" remove) the password asked at start."""
    if password and len(password) < MIN_LENGTH:
        raise ValidationError.single("password", "密码", f"密码：至少{MIN_LENGTH}位")
    set_setting(db, PASSWORD_KEY, hash_password(password) if password else "", actor=actor)
