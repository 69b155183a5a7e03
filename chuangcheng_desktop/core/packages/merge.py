"""Import a 报送包 into a 街道 ledger: preview what changes for the unit, then merge.

The merge never edits a unit's current store in place. It copies the store, applies the
package to the copy in one transaction (the rows the package's period covers are
replaced by the package's rows; the roster and other whole tables by the package's),
and then one transaction of the 街道 ledger records the package and names the new copy
as the unit's store: that commit is the moment the import happens. Before it, a failure
leaves the 街道's data exactly as it was; a preview (dry run) is the same work without
the commit. A package not newer than the unit's newest one changes nothing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from chuangcheng_desktop.core.packages.manifest import KIND_REPORT, Manifest
from chuangcheng_desktop.core.packages.reading import OpenedPackage, PackageError, open_package
from chuangcheng_desktop.core.packages.scope import (
    clause_for,
    is_record_table,
    scope_clauses,
    table_columns,
    table_label,
    travelling_tables,
)
from chuangcheng_desktop.core.packages.snapshot import close_copy, open_copy
from chuangcheng_desktop.core.packages.tasks import apply_returned_status
from chuangcheng_desktop.core.packages.units import (
    STREET_LEVELS,
    UnitInfo,
    adopt_planned_unit,
    planned_unit_named,
    stores_dir,
    unit_by_id,
)
from chuangcheng_desktop.core.rules.formatting import format_date_cn
from chuangcheng_desktop.core.storage.attachments import store_file
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso
from chuangcheng_desktop.core.storage.ledger import Ledger

logger = logging.getLogger(__name__)

NEW, IDENTICAL, OLDER = "new", "identical", "older"


class UnknownUnitError(PackageError):
    """The sending unit is not on the 街道's list (the window asks to add it)."""


@dataclass
class KindChange:
    table: str
    label: str
    new: int = 0
    changed: int = 0
    removed: int = 0


@dataclass
class ImportOutcome:
    """What an import did (or, for a dry run, would do)."""

    manifest: Manifest
    status: str
    message: str
    unit_added: bool = False
    changes: list[KindChange] = field(default_factory=list)
    photos: int = 0
    committed: bool = False
    tasks_updated: int = 0  # 交办 problems whose status came back with this package


def import_package(ledger: Ledger, attachments_dir: Path, path: Path | str, *,
                   add_unit: bool = False, dry_run: bool = False) -> ImportOutcome:
    """Check, preview and (unless ``dry_run``) merge the 报送包 at ``path``."""
    with open_package(path) as package:
        return merge_package(ledger, attachments_dir, package, add_unit=add_unit,
                             dry_run=dry_run)


def merge_package(ledger: Ledger, attachments_dir: Path, package: OpenedPackage, *,
                  add_unit: bool = False, dry_run: bool = False) -> ImportOutcome:
    manifest = package.manifest
    unit = _check_acceptable(ledger, package, add_unit=add_unit)
    status, message = _freshness(ledger, manifest, unit)
    if status != NEW:
        return ImportOutcome(manifest, status, message)
    folder = stores_dir(ledger)
    folder.mkdir(parents=True, exist_ok=True)
    new_store = folder / f"{manifest.unit_id}.{manifest.package_id[:8]}.db"
    old_store = folder / unit.store_file if unit and unit.store_file else None
    try:
        changes = _build_store(old_store, new_store, package)
        added = unit is None and planned_unit_named(ledger, manifest.unit_name) is None
        outcome = ImportOutcome(manifest, NEW, "", unit_added=added, changes=changes,
                                photos=len(package.photo_files()))
        if dry_run:
            outcome.message = "（仅检查，未导入）"
            return outcome
        for photo in package.photo_files():
            store_file(attachments_dir, photo)
        outcome.tasks_updated = _record(ledger, package, unit, new_store, changes)
    except BaseException:
        with contextlib.suppress(OSError):
            new_store.unlink(missing_ok=True)
        raise
    finally:
        if dry_run:
            with contextlib.suppress(OSError):
                new_store.unlink(missing_ok=True)
    if old_store is not None:
        with contextlib.suppress(OSError):
            old_store.unlink(missing_ok=True)
    outcome.committed = True
    outcome.message = (f"已导入{manifest.unit_name}的报送包（{manifest.period_name}，"
                       f"{format_date_cn(manifest.created_at[:10])}导出）。")
    if outcome.tasks_updated:
        outcome.message += f"其中{outcome.tasks_updated}个交办问题的整改情况已更新到本街道的问题台账。"
    return outcome


def _check_acceptable(ledger: Ledger, package: OpenedPackage, *, add_unit: bool) -> UnitInfo | None:
    manifest = package.manifest
    profile = ledger.profile()
    if manifest.kind != KIND_REPORT:
        raise PackageError(f"“{package.path.name}”是{manifest.kind}，不是报送包。"
                           "交办包应在社区的台账中导入。")
    if profile.get("unit_level") not in STREET_LEVELS:
        raise PackageError(
            "本台账是社区（村、单位）台账，只有街道（镇）台账能导入报送包。如果这是街道的台账，"
            "请在“设置 → 单位信息”中把单位层级设为街道（或 profile --set unit_level=街道）。")
    if manifest.unit_id == profile["id"]:
        raise PackageError("这是本单位自己导出的报送包，不能导入自己的台账。")
    unit = unit_by_id(ledger, manifest.unit_id)
    if unit is None and planned_unit_named(ledger, manifest.unit_name) is not None:
        return None  # on the list by name, waiting for its first package: known
    if unit is None and not add_unit:
        raise UnknownUnitError(
            f"报送单位“{manifest.unit_name or '未命名单位'}”（所属：{manifest.parent_unit or '未填写'}）"
            "还不在本街道的社区名单中。确认是本街道的社区后，选择“加入名单并导入”"
            "（命令行加 --add-unit）。")
    return unit


def _freshness(ledger: Ledger, manifest: Manifest, unit: UnitInfo | None) -> tuple[str, str]:
    if ledger.db.execute("SELECT 1 FROM unit_packages WHERE id = ?",
                         [manifest.package_id]).fetchone():
        return IDENTICAL, (f"这个报送包（{manifest.unit_name}，{manifest.period_name}）已经导入过，"
                           "没有任何变化。")
    newest = ledger.db.execute(
        "SELECT max(created_at) FROM unit_packages WHERE unit_id = ?", [manifest.unit_id]
    ).fetchone()[0]
    if unit is not None and newest and manifest.created_at <= newest:
        return OLDER, (f"这个报送包（{format_date_cn(manifest.created_at[:10])}导出）"
                       f"不比已导入的{manifest.unit_name}报送包（{format_date_cn(newest[:10])}导出）新，"
                       "没有导入，台账没有任何变化。如需更新，请让社区重新导出。")
    return NEW, ""


def _build_store(old_store: Path | None, new_store: Path,
                 package: OpenedPackage) -> list[KindChange]:
    """Copy the unit's store (or start an empty one) and merge the package into it."""
    if old_store is not None and old_store.is_file():
        source = sqlite3.connect(old_store)
        target = sqlite3.connect(new_store)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    db = open_copy(new_store)
    try:
        # The snapshot holds tables only (reading.py refuses views), and nothing here writes to
        # it, so its triggers never run; the store's own triggers (ours) must run.
        db.execute("ATTACH DATABASE ? AS pkg", [str(package.snapshot)])
        with db.atomic():
            changes = _merge(db.conn, package.manifest)
        db.execute("DETACH DATABASE pkg")
    except sqlite3.Error as exc:
        raise PackageError(
            f"报送包“{package.path.name}”中的数据无法合并（{exc}），本街道的数据没有变化。"
            "请让报送单位用最新版本重新导出后再导入。") from exc
    finally:
        close_copy(db)
    return changes


def _merge(conn: sqlite3.Connection, manifest: Manifest) -> list[KindChange]:
    clauses = scope_clauses(manifest.period, assigned=False)
    tables = [t for t in travelling_tables(conn, "pkg") if t in set(travelling_tables(conn))]
    doomed: dict[str, list[str] | None] = {}  # None: the whole table goes
    changes = []
    for table in tables:  # decide everything before deleting (child clauses read parents)
        clause = clause_for(table, clauses)
        record = is_record_table(conn, table) and is_record_table(conn, table, "pkg")
        doomed[table] = [row[0] for row in conn.execute(
            f"SELECT id FROM main.{table} WHERE ({clause.sql})", clause.params)] if record else None
        if record and table != "unit_profile":
            changes.append(_diff(conn, table, clause))
    for table in tables:
        if doomed[table] is None:
            conn.execute(f"DELETE FROM main.{table}")
        else:
            _delete_ids(conn, table, doomed[table])
            conn.execute(f"DELETE FROM main.{table} WHERE id IN (SELECT id FROM pkg.{table})")
        target = set(table_columns(conn, table))
        columns = [c for c in table_columns(conn, table, "pkg") if c in target]
        conn.execute(f"INSERT INTO main.{table} ({', '.join(columns)}) "
                     f"SELECT {', '.join(columns)} FROM pkg.{table}")
    return [change for change in changes if change.new or change.changed or change.removed]


def _diff(conn: sqlite3.Connection, table: str, clause) -> KindChange:
    live = "deleted_at IS NULL"
    before = dict(conn.execute(
        f"SELECT id, updated_at FROM main.{table} WHERE ({clause.sql}) AND {live}", clause.params))
    after = dict(conn.execute(f"SELECT id, updated_at FROM pkg.{table} WHERE {live}"))
    return KindChange(
        table, table_label(table), new=len(after.keys() - before.keys()),
        changed=sum(1 for key in after.keys() & before.keys() if after[key] != before[key]),
        removed=len(before.keys() - after.keys()))


def _delete_ids(conn: sqlite3.Connection, table: str, ids: list[str]) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        conn.execute(f"DELETE FROM main.{table} WHERE id IN ({', '.join('?' for _ in chunk)})",
                     chunk)


def _record(ledger: Ledger, package: OpenedPackage, unit: UnitInfo | None, store: Path,
            changes: list[KindChange]) -> int:
    """The commit point: the unit (added or renamed), the package with an audit row, and
    the status of the 交办 problems it brings back. Returns how many of those changed."""
    store_name = store.name
    manifest = package.manifest
    now = local_now_iso()
    with ledger.db.atomic():
        planned = planned_unit_named(ledger, manifest.unit_name) if unit is None else None
        if planned is not None:
            adopt_planned_unit(ledger, planned, manifest.unit_id)
            unit = unit_by_id(ledger, manifest.unit_id)
        if unit is None:
            order = ledger.db.execute("SELECT coalesce(max(sort_order), 0) + 1 FROM units").fetchone()[0]
            ledger.db.execute(
                "INSERT INTO units (id, name, level, parent, added_at, updated_at, sort_order) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [manifest.unit_id, manifest.unit_name, manifest.unit_level, manifest.parent_unit,
                 now, now, order])
            write_audit(ledger.db, table="units", row_id=manifest.unit_id, action="insert",
                        actor=ledger.actor, new={"name": manifest.unit_name})
        else:
            ledger.db.execute("UPDATE units SET name = ?, level = ?, parent = ?, updated_at = ? "
                              "WHERE id = ?", [manifest.unit_name, manifest.unit_level,
                                               manifest.parent_unit, now, manifest.unit_id])
        ledger.db.execute(
            "INSERT INTO unit_packages (id, unit_id, period_start, period_end, period_name, "
            "created_at, imported_at, file_sha256, file_name, app_version, full_data, counts, "
            "changes, store_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [manifest.package_id, manifest.unit_id, manifest.period_start, manifest.period_end,
             manifest.period_name, manifest.created_at, now, package.file_sha256,
             package.path.name, manifest.app_version, int(bool(manifest.full_data)),
             json.dumps(manifest.counts, ensure_ascii=False),
             json.dumps([asdict(c) for c in changes], ensure_ascii=False), store_name])
        write_audit(ledger.db, table="unit_packages", row_id=manifest.package_id,
                    action="insert", actor=ledger.actor,
                    new={"unit": manifest.unit_name, "period": manifest.period_name,
                         "file": package.path.name, "created_at": manifest.created_at})
        return apply_returned_status(ledger, manifest.unit_id, store)
