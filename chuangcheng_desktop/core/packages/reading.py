"""Open a .ccpkg and check everything before anything is merged.

In order: a real zip within size limits (the Excel import's hostile-file guards, called
with this file's wording), a manifest of this format, exactly the members it lists and
safe member names, every SHA-256 matching while the members are extracted into a
temporary folder, an SQLite snapshot, and a schema no newer than this app's. Each
refusal is a :class:`PackageError` saying what to do; nothing has been changed.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from chuangcheng_desktop.core.packages.manifest import (
    ATTACHMENT_FOLDER,
    MANIFEST_NAME,
    SNAPSHOT_NAME,
    Manifest,
)
from chuangcheng_desktop.core.storage.attachments import IMAGE_EXTENSIONS, file_sha256
from chuangcheng_desktop.core.storage.database import applied_migration_names, check_is_sqlite
from chuangcheng_desktop.core.storage.errors import DatabaseError, UserFacingError
from chuangcheng_desktop.core.storage.schema import known_migration_names
from chuangcheng_desktop.reports.imports.import_safety import check_zip_sizes, read_zip_directory

MAX_PACKAGE_BYTES = 2 * 1024**3
MAX_PACKAGE_UNCOMPRESSED = 4 * 1024**3
MAX_MEMBER_UNCOMPRESSED = 1024**3
MAX_MANIFEST_BYTES = 4 * 1024**2
_CHUNK = 1024 * 1024
_AGAIN = "请让报送单位重新导出一份报送包，再用U盘或政务网重新传送后导入。"

MESSAGES = {
    "missing": "找不到文件“{name}”，请重新选择。",
    "unreadable": "无法读取文件“{name}”：{reason}。请确认文件没有被其他程序占用后重试。",
    "empty": "文件“{name}”是空的（0字节），可能没有传送完整。" + _AGAIN,
    "too_big": "文件“{name}”太大（{size}MB，上限{limit}MB），不像是创城台账的报送包。"
               "请让报送单位导出时选择一个较短的期间。",
    "not_zip": "文件“{name}”不是创城台账的报送包（.ccpkg）。请选择从创城台账“导出报送包”得到的文件。",
    "damaged": "文件“{name}”已损坏或不完整（{reason}），可能在传送中被截断。" + _AGAIN,
    "bomb": "文件“{name}”解压后的内容异常巨大（{size}MB），可能已损坏或是恶意文件，已拒绝读取。" + _AGAIN,
    "foreign": "文件“{name}”是一个压缩包，但不是创城台账的报送包（缺少清单 manifest.json）。"
               "请选择从创城台账“导出报送包”得到的 .ccpkg 文件。",
    "bad_manifest": "报送包“{name}”的清单无法识别（{reason}），可能已被改动或损坏。" + _AGAIN,
    "members": "报送包“{name}”的内容与清单不符（{reason}），可能已被改动。" + _AGAIN,
    "checksum": "报送包“{name}”中的“{member}”校验值不符，内容在导出后被改动或传送时损坏。" + _AGAIN,
    "not_sqlite": "报送包“{name}”中的台账数据无法读取（{reason}）。" + _AGAIN,
    "newer": "报送包“{name}”由更新版本的创城台账导出（含本版本不认识的数据结构：{names}）。"
             "请先把本机的创城台账升级到最新版本，再导入这个报送包。",
}


class PackageError(UserFacingError):
    """The package cannot be imported; nothing was changed."""


def _refuse(key: str, path: Path, **values: object) -> PackageError:
    return PackageError(MESSAGES[key].format(name=path.name, **values))


@dataclass
class OpenedPackage:
    """A checked package, its members extracted into ``folder`` (removed by close())."""

    path: Path
    manifest: Manifest
    folder: Path
    file_sha256: str

    @property
    def snapshot(self) -> Path:
        return self.folder / SNAPSHOT_NAME

    def photo_files(self) -> list[Path]:
        return [self.folder / name for name in self.manifest.members
                if name.startswith(ATTACHMENT_FOLDER)]

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> OpenedPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_package(path: Path | str) -> OpenedPackage:
    """Check the package at ``path`` and extract it; raise :class:`PackageError` if unusable."""
    path = Path(path)
    members = read_zip_directory(path, _refuse, max_bytes=MAX_PACKAGE_BYTES)
    check_zip_sizes(path, members, _refuse, max_total=MAX_PACKAGE_UNCOMPRESSED,
                    max_member=MAX_MEMBER_UNCOMPRESSED)
    names = [info.filename for info in members]
    if MANIFEST_NAME not in names:
        raise _refuse("foreign", path)
    folder = Path(tempfile.mkdtemp(prefix="ccpkg-in-"))
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = _read_manifest(path, archive)
            _check_members(path, names, manifest)
            for name, expected in manifest.members.items():
                _extract(path, archive, name, expected, folder / name)
        file_sha = file_sha256(path)
        _check_schema(path, folder / SNAPSHOT_NAME)
    except zipfile.BadZipFile as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise _refuse("damaged", path, reason=str(exc) or "zip") from exc
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return OpenedPackage(path, manifest, folder, file_sha)


def _read_manifest(path: Path, archive: zipfile.ZipFile) -> Manifest:
    info = archive.getinfo(MANIFEST_NAME)
    if info.file_size > MAX_MANIFEST_BYTES:
        raise _refuse("bad_manifest", path, reason="清单过大")
    try:
        return Manifest.from_json(archive.read(MANIFEST_NAME))
    except zipfile.BadZipFile:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise _refuse("bad_manifest", path, reason=type(exc).__name__) from exc


def _check_members(path: Path, names: list[str], manifest: Manifest) -> None:
    listed = set(manifest.members)
    present = [name for name in names if name != MANIFEST_NAME]
    if len(present) != len(set(present)):
        raise _refuse("members", path, reason="有重复的文件")
    if set(present) != listed:
        extra = sorted(set(present) - listed)
        lacking = sorted(listed - set(present))
        reason = f"多出 {'、'.join(extra[:3])}" if extra else f"缺少 {'、'.join(lacking[:3])}"
        raise _refuse("members", path, reason=reason)
    if SNAPSHOT_NAME not in listed:
        raise _refuse("members", path, reason=f"缺少 {SNAPSHOT_NAME}")
    for name in listed:
        if name == SNAPSHOT_NAME:
            continue
        pure = PurePosixPath(name)
        if (not name.startswith(ATTACHMENT_FOLDER) or len(pure.parts) != 2 or "\\" in name
                or pure.suffix.lower() not in IMAGE_EXTENSIONS):
            raise _refuse("members", path, reason=f"不认识的文件 {name}")
        if not isinstance(manifest.members[name], str) or len(manifest.members[name]) != 64:
            raise _refuse("members", path, reason=f"{name} 没有校验值")


def _extract(path: Path, archive: zipfile.ZipFile, name: str, expected: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with archive.open(name) as reader, target.open("xb") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
    if digest.hexdigest() != expected:
        raise _refuse("checksum", path, member=name)


def _check_schema(path: Path, snapshot: Path) -> None:
    try:
        check_is_sqlite(snapshot)
        applied = applied_migration_names(snapshot)
    except DatabaseError as exc:
        raise _refuse("not_sqlite", path, reason="不是创城台账的数据") from exc
    if not applied:
        raise _refuse("not_sqlite", path, reason="数据为空")
    if _has_views(snapshot):  # the merge reads the snapshot's tables; a view could run anything
        raise _refuse("not_sqlite", path, reason="含有本程序不会写入的视图")
    unknown = sorted(set(applied) - set(known_migration_names()))
    if unknown:
        raise _refuse("newer", path, names="、".join(unknown))


def _has_views(snapshot: Path) -> bool:
    conn = sqlite3.connect(snapshot.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'view'").fetchone()[0] > 0
    except sqlite3.Error:
        return True
    finally:
        conn.close()
