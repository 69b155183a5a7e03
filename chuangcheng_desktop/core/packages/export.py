"""Write a 报送包: the unit's rows (all, or those a period touches) and their photos.

The package is assembled in a temporary folder and written to its target through a
temporary name and a rename (``reports/files.write_atomically``), so a failure never
leaves a half package. Every export is recorded in the audit log; choosing full data
(ID numbers and phones unmasked) is recorded there too.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from chuangcheng_desktop import __version__
from chuangcheng_desktop.core.packages.manifest import (
    ATTACHMENT_FOLDER,
    KIND_REPORT,
    MANIFEST_NAME,
    SNAPSHOT_NAME,
    Manifest,
    period_label,
)
from chuangcheng_desktop.core.packages.scope import scope_clauses
from chuangcheng_desktop.core.packages.snapshot import Progress, close_copy, open_copy, write_rows
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.attachments import attachment_file, file_sha256
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso, new_id
from chuangcheng_desktop.core.storage.database import applied_migration_names
from chuangcheng_desktop.core.storage.errors import UserFacingError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.files import write_atomically
from chuangcheng_desktop.reports.photos import prepare_photo

logger = logging.getLogger(__name__)

AUDIT_TABLE = "packages"


@dataclass
class ExportResult:
    path: Path
    manifest: Manifest
    photos: int = 0
    missing_photos: list[str] = field(default_factory=list)


def default_package_name(unit_name: str, period: Period | None, kind: str = KIND_REPORT) -> str:
    when = period.code if period is not None else "全部"
    return f"{unit_name or '本单位'}{kind}_{when}_{local_now_iso()[:10]}.ccpkg"


def export_package(ledger: Ledger, attachments_dir: Path, out: Path | str, *,
                   period: Period | None = None, full_data: bool = False,
                   reduced_photos: bool = False, progress: Progress | None = None) -> ExportResult:
    """Write this unit's 报送包 to ``out``; return where, with its manifest.

    ``reduced_photos``: carry shrunk JPEG copies (the summary's photo size) instead of the
    originals, for a package that must fit a mail attachment; the rows then name the copies.
    """
    if not (ledger.profile().get("unit_name") or "").strip():
        raise UserFacingError("请先在“设置 → 单位信息”中填写单位名称（命令行：profile --set "
                              "unit_name=…），街道靠它认出报送单位。")
    with tempfile.TemporaryDirectory(prefix="ccpkg-") as work:
        snapshot = Path(work) / SNAPSHOT_NAME
        target = open_copy(snapshot)
        try:
            with target.atomic():
                counts = write_rows(ledger.db, target, scope_clauses(period), mask=not full_data,
                                    progress=progress)
        finally:
            close_copy(target)
        photos, missing = referenced_photos(snapshot, Path(attachments_dir))
        if reduced_photos:
            photos = reduce_photos(snapshot, photos, Path(work))
        manifest = build_manifest(ledger, snapshot, photos, counts, period=period,
                                  full_data=full_data, kind=KIND_REPORT)
        manifest.extra["photos"] = "reduced" if reduced_photos else "original"
        path = write_package(out, manifest, snapshot, photos)
    _audit_export(ledger, manifest, path)
    return ExportResult(path, manifest, len(photos), missing)


def build_manifest(ledger: Ledger, snapshot: Path, photos: dict[str, Path],
                   counts: dict[str, int], *, period: Period | None, full_data: bool,
                   kind: str, target: tuple[str, str] = ("", "")) -> Manifest:
    profile = ledger.profile()
    members = {SNAPSHOT_NAME: file_sha256(snapshot)}
    members.update({name: file_sha256(path) for name, path in photos.items()})
    return Manifest(
        package_id=new_id(), kind=kind, unit_id=profile["id"],
        unit_name=profile["unit_name"], unit_level=profile.get("unit_level") or "社区",
        parent_unit=profile["parent_unit"], app_version=__version__,
        migrations=applied_migration_names(snapshot),
        period_start=period.start_iso if period else None,
        period_end=period.end_iso if period else None, period_name=period_label(period),
        counts=counts, members=members, full_data=full_data,
        # to the microsecond: two packages exported in one second still have an order
        created_at=datetime.now().isoformat(timespec="microseconds"),
        target_unit_id=target[0], target_unit_name=target[1])


def write_package(out: Path | str, manifest: Manifest, snapshot: Path,
                  photos: dict[str, Path]) -> Path:
    """Zip the members under a temporary name beside ``out`` and rename it into place."""
    def write(temp: Path) -> None:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST_NAME, manifest.to_json())
            archive.write(snapshot, SNAPSHOT_NAME)
            for name, path in photos.items():
                archive.write(path, name, compress_type=zipfile.ZIP_STORED)  # already compressed

    return write_atomically(out, write)


def referenced_photos(snapshot: Path, attachments_dir: Path) -> tuple[dict[str, Path], list[str]]:
    """The stored files the snapshot's attachment rows reference (member name → file),
    and the names of those that are missing or damaged in the data folder."""
    conn = sqlite3.connect(snapshot)
    try:
        rows = conn.execute("SELECT DISTINCT sha256, original_name FROM attachments").fetchall()
    finally:
        conn.close()
    photos: dict[str, Path] = {}
    missing = []
    for sha, original in rows:
        stored = attachment_file(attachments_dir, {"sha256": sha, "original_name": original})
        if not stored.is_file() or file_sha256(stored) != sha:
            missing.append(original or sha)
            continue
        photos[f"{ATTACHMENT_FOLDER}{sha}{stored.suffix.lower()}"] = stored
    return photos, missing


def reduce_photos(snapshot: Path, photos: dict[str, Path], work: Path) -> dict[str, Path]:
    """Shrunk copies of the photos (``reports.photos.prepare_photo``); the snapshot's
    attachment rows are pointed at the copies (their SHA-256, size and .jpg name)."""
    reduced: dict[str, Path] = {}
    conn = sqlite3.connect(snapshot)
    try:
        with conn:
            for name, path in photos.items():
                try:
                    data = prepare_photo(path).data
                except (OSError, ValueError):  # not readable by Pillow: keep the original
                    reduced[name] = path
                    continue
                if data == path.read_bytes():
                    reduced[name] = path
                    continue
                sha = hashlib.sha256(data).hexdigest()
                copy = work / f"{sha}.jpg"
                copy.write_bytes(data)
                reduced[f"{ATTACHMENT_FOLDER}{sha}.jpg"] = copy
                old = Path(name).stem
                conn.execute(
                    "UPDATE attachments SET sha256 = ?, size = ?, "
                    "original_name = CASE WHEN original_name = '' THEN '' ELSE "
                    "rtrim(original_name, replace(original_name, '.', '')) || 'jpg' END "
                    "WHERE sha256 = ?", [sha, len(data), old])
    finally:
        conn.close()
    return reduced


def _audit_export(ledger: Ledger, manifest: Manifest, path: Path) -> None:
    with ledger.db.atomic():
        write_audit(ledger.db, table=AUDIT_TABLE, row_id=manifest.package_id, action="export",
                    actor=ledger.actor, new={
                        "kind": manifest.kind, "file": path.name, "period": manifest.period_name,
                        "full_data": manifest.full_data,
                        "note": "完整数据（身份证号、电话未打码）" if manifest.full_data
                        else "身份证号、电话已打码"})
