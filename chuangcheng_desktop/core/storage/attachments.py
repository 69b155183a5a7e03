"""Photos kept beside the ledger, stored by content (SHA-256).

A photo is copied into the data folder as ``attachments/<sha[:2]>/<sha><ext>``. The
name is the file's fingerprint, so the same photo added twice is stored once, and a
stored file never changes (it is never overwritten or edited in place). The copy is
written to a temporary name in the target folder and renamed, so a crash never leaves
a half photo under a real name. The ``attachments`` table links a stored file to an
activity (现场照片) or a problem (整改前/整改后).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chuangcheng_desktop.core.rules.validation import is_sha256
from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError

if TYPE_CHECKING:
    from chuangcheng_desktop.core.storage.ledger import Ledger

logger = logging.getLogger(__name__)

MAX_SIZE = 30 * 1024 * 1024
CHUNK_SIZE = 1024 * 1024
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")
OWNER_TABLES = ("activities", "problems")
_TEMP_PREFIX = ".incoming-"
_HEADER_SIZE = 16


@dataclass(frozen=True)
class StoredFile:
    """A file in the attachment store. ``relative_path`` is relative to the store
    folder, with forward slashes (``ab/ab12…ef.jpg``)."""

    sha256: str
    size: int
    relative_path: str


def image_kind(header: bytes) -> str | None:
    """"jpeg", "png", "bmp", "gif" or "webp" from a file's first bytes, else None."""
    if header.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if header.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if header.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if header.startswith(b"RIFF") and header[8:12] == b"WEBP":
        return "webp"
    if header.startswith(b"BM") and len(header) >= 14:
        return "bmp"
    return None


def check_image(source: Path) -> int:
    """Refuse anything that is not a photo we can keep; return the file's size in bytes."""
    name = source.name
    if source.suffix.lower() not in IMAGE_EXTENSIONS:
        raise UserFacingError(
            f"“{name}”不是支持的照片格式。只能添加 JPG、PNG、BMP、GIF、WEBP 格式的图片。")
    try:
        if not source.is_file():
            raise UserFacingError(f"找不到照片“{source}”，请确认文件仍在原来的位置。")
        size = source.stat().st_size
        with source.open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except PermissionError as exc:
        raise UserFacingError(f"没有权限读取照片“{source}”，请检查文件权限。") from exc
    except OSError as exc:
        raise UserFacingError(f"无法读取照片“{source}”：{exc.strerror or exc}。") from exc
    if size > MAX_SIZE:
        raise UserFacingError(
            f"照片“{name}”有 {size / 1024 / 1024:.1f} MB，超过了 30 MB 的上限。"
            "请先缩小或压缩照片后再添加。")
    if image_kind(header) is None:
        raise UserFacingError(
            f"“{name}”的内容不是图片（文件可能已损坏，或只是改了扩展名），"
            "请选择真正的照片文件。")
    return size


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def store_file(attachments_dir: Path, source: Path) -> StoredFile:
    """Copy a photo into the store (once per content) and return where it is."""
    source = Path(source)
    attachments_dir = Path(attachments_dir)
    size = check_image(source)
    try:
        sha = file_sha256(source)
    except OSError as exc:
        raise UserFacingError(f"无法读取照片“{source}”：{exc.strerror or exc}。") from exc
    folder = attachments_dir / sha[:2]
    existing = _find_stored(folder, sha)
    if existing is None:
        target = folder / f"{sha}{source.suffix.lower()}"
        _copy_in(source, target, sha)
        existing = target
    return StoredFile(sha, size, existing.relative_to(attachments_dir).as_posix())


def attach_file(
    ledger: Ledger, attachments_dir: Path, source: Path, *, owner_table: str, owner_id: str,
    role: str, taken_on: date | None = None,
) -> dict[str, Any]:
    """Store a photo and link it to an activity or a problem; return the attachment row."""
    if owner_table not in OWNER_TABLES:
        raise ValidationError.single(
            "owner_table", "所属台账", "所属台账：照片只能添加到活动或问题记录")
    ledger.repository(owner_table).get(owner_id)  # the owner must exist and be live
    stored = store_file(attachments_dir, source)
    return ledger.attachments.add({
        "sha256": stored.sha256,
        "original_name": Path(source).name,
        "size": stored.size,
        "taken_on": taken_on,
        "owner_table": owner_table,
        "owner_id": owner_id,
        "role": role,
    })


def attachment_file(attachments_dir: Path, row: dict[str, Any]) -> Path:
    """The stored file of an attachment row (it may be missing if the folder was
    tampered with; callers check ``exists()`` before showing it).

    The fingerprint is checked (64 hex digits) and a symlink out of the store is never
    followed: a crafted row or link gives a path that does not exist, never a file from
    elsewhere on the computer.
    """
    store = Path(attachments_dir)
    sha = row.get("sha256")
    if not is_sha256(sha):
        logger.warning("attachment %s has an invalid fingerprint", row.get("id"))
        return store / MISSING
    folder = store / sha[:2]
    suffix = Path(row.get("original_name") or "").suffix.lower()
    expected = folder / f"{sha}{suffix}"
    if suffix in IMAGE_EXTENSIONS and inside_store(store, expected):
        return expected
    found = _find_stored(folder, sha)
    if found is not None:
        return found
    return store / MISSING if expected.is_symlink() else expected


MISSING = "missing"  # a name never used in the store (files are <sha[:2]>/<sha><ext>)


def inside_store(store: Path, path: Path) -> bool:
    """True for a regular file that is really inside ``store`` (no symlink leads out)."""
    try:
        return (not path.is_symlink() and path.is_file()
                and path.resolve().is_relative_to(Path(store).resolve()))
    except OSError:
        return False


def _find_stored(folder: Path, sha: str) -> Path | None:
    """The stored file with this fingerprint, whatever its extension."""
    if not folder.is_dir():
        return None
    for extension in IMAGE_EXTENSIONS:
        candidate = folder / f"{sha}{extension}"
        if inside_store(folder.parent, candidate):
            return candidate
    return None


def _copy_in(source: Path, target: Path, sha: str) -> None:
    """Copy ``source`` to ``target`` through a temporary file in the same folder,
    checking on the way that the content is still the one that was fingerprinted."""
    temp = target.with_name(f"{_TEMP_PREFIX}{secrets.token_hex(6)}{target.suffix}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with source.open("rb") as reader, temp.open("xb") as writer:
            while chunk := reader.read(CHUNK_SIZE):
                digest.update(chunk)
                writer.write(chunk)
            writer.flush()
            os.fsync(writer.fileno())
        if digest.hexdigest() != sha:
            raise UserFacingError(
                f"照片“{source.name}”在复制过程中被修改了，请稍后重新添加。")
        os.replace(temp, target)
    except OSError as exc:
        raise UserFacingError(
            f"无法把照片保存到“{target.parent}”：{exc.strerror or exc}。"
            "请检查数据文件夹的写入权限和磁盘空间。") from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
