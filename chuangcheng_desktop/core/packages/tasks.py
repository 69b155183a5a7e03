"""The 交办 loop: the 街道 sends problems down, the community sends their status back up.

1. On the 街道 ledger, :func:`send_tasks` writes a 交办包 for one unit: the chosen problems
   of the 街道's own inspections with their photos; each is remembered in ``assignments``.
2. On the community ledger, :func:`receive_tasks` adds them to its own 问题台账 with the
   same ids: source 上级巡查, the 街道's deadline and photos, recorded in
   ``assigned_problems`` (shown as 街道交办). The community rectifies them as usual.
3. Every later 报送包 of that community carries these problems whatever its period
   (see ``scope``), so the 街道's :func:`assignment_status` shows each one's status,
   completion date and 整改后 photos from the unit's latest data, without retyping.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chuangcheng_desktop.core.packages.export import (
    ExportResult,
    build_manifest,
    referenced_photos,
    write_package,
)
from chuangcheng_desktop.core.packages.manifest import KIND_TASKS
from chuangcheng_desktop.core.packages.reading import OpenedPackage, PackageError
from chuangcheng_desktop.core.packages.scope import Clause
from chuangcheng_desktop.core.packages.snapshot import close_copy, copy_rows, live_counts, open_copy
from chuangcheng_desktop.core.packages.units import list_units, open_store
from chuangcheng_desktop.core.rules import vocab
from chuangcheng_desktop.core.storage.attachments import store_file
from chuangcheng_desktop.core.storage.audit import write_audit
from chuangcheng_desktop.core.storage.clock import local_now_iso
from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery

logger = logging.getLogger(__name__)

ASSIGNED_SOURCE = "上级巡查"
ASSIGNED_LABEL = "街道交办"
_PROBLEM_FIELDS = ("source", "found_on", "checkpoint", "category", "description",
                   "responsible_unit", "responsible_person", "deadline")


def send_tasks(ledger: Ledger, attachments_dir: Path, unit_id: str, problem_ids: list[str],
               out: Path | str) -> ExportResult:
    """Write a 交办包 of the 街道's own problems for one unit, and remember the assignment."""
    unit = next((u for u in list_units(ledger) if u.id == unit_id), None)
    if unit is None:
        raise UserFacingError("所选单位不在本街道的社区名单中，请先导入它的报送包。")
    if unit.latest is None:
        raise UserFacingError(f"{unit.name}还没有报送过报送包，无法交办：交办包要按报送包中的单位编号"
                              "发给社区。请先导入它的报送包。")
    ids = list(dict.fromkeys(problem_ids))
    if not ids:
        raise UserFacingError("请至少选择一个要交办的问题。")
    for problem_id in ids:
        ledger.problems.get(problem_id)  # live and the 街道's own
    marks = ", ".join("?" for _ in ids)
    chosen = {
        "problems": Clause(f"id IN ({marks})", tuple(ids)),
        "attachments": Clause(f"owner_table = 'problems' AND owner_id IN ({marks})", tuple(ids)),
    }
    with tempfile.TemporaryDirectory(prefix="ccpkg-") as work:
        snapshot = Path(work) / "ledger.sqlite"
        target = open_copy(snapshot)
        try:
            with target.atomic():
                target.execute("DELETE FROM unit_profile")
                copy_rows(ledger.db.conn, target.conn, "unit_profile", Clause("1"))
                for table, clause in chosen.items():
                    copy_rows(ledger.db.conn, target.conn, table, clause)
                target.execute("UPDATE problems SET inspection_id = NULL")
                counts = live_counts(target.conn, list(chosen))
        finally:
            close_copy(target)
        photos, missing = referenced_photos(snapshot, Path(attachments_dir))
        manifest = build_manifest(ledger, snapshot, photos, counts, period=None,
                                  full_data=False, kind=KIND_TASKS, target=(unit.id, unit.name))
        manifest.period_name = "交办问题"
        path = write_package(out, manifest, snapshot, photos)
    now = local_now_iso()
    with ledger.db.atomic():
        for problem_id in ids:
            ledger.db.execute(
                "INSERT INTO assignments (problem_id, unit_id, sent_at, package_id) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(problem_id) DO UPDATE SET "
                "unit_id = excluded.unit_id, sent_at = excluded.sent_at, "
                "package_id = excluded.package_id", [problem_id, unit.id, now, manifest.package_id])
        write_audit(ledger.db, table="assignments", row_id=manifest.package_id, action="export",
                    actor=ledger.actor, new={"unit": unit.name, "problems": len(ids),
                                             "file": path.name})
    return ExportResult(path, manifest, len(photos), missing)


@dataclass
class ReceivedTasks:
    added: int
    already: int
    photos: int
    message: str


def receive_tasks(ledger: Ledger, attachments_dir: Path, package: OpenedPackage, *,
                  dry_run: bool = False) -> ReceivedTasks:
    """Add the problems of a 交办包 to this community's ledger (all in one transaction)."""
    manifest = package.manifest
    profile = ledger.profile()
    if manifest.kind != KIND_TASKS:
        raise PackageError(f"“{package.path.name}”不是交办包。")
    if manifest.target_unit_id != profile["id"]:
        raise PackageError(f"这个交办包是{manifest.unit_name}发给“{manifest.target_unit_name}”的，"
                           f"不是发给本单位（{profile['unit_name'] or '未命名'}）的，没有导入。")
    problems, attachments = _package_rows(package.snapshot)
    known = {row[0] for row in ledger.db.execute(
        f"SELECT id FROM problems WHERE id IN ({', '.join('?' for _ in problems)})",
        [p["id"] for p in problems])} if problems else set()
    fresh = [p for p in problems if p["id"] not in known]
    photos = [a for a in attachments if a["owner_id"] in {p["id"] for p in fresh}]
    if dry_run or not fresh:
        verb = "将接收" if dry_run else "已接收"
        return ReceivedTasks(len(fresh), len(known), len(photos),
                             f"{manifest.unit_name}交办问题{len(problems)}个：{verb}{len(fresh)}个，"
                             f"此前已接收{len(known)}个。" + ("（仅检查，未导入）" if dry_run else ""))
    files = {p.name.split(".")[0]: p for p in package.photo_files()}
    for row in photos:
        if row["sha256"] in files:
            store_file(attachments_dir, files[row["sha256"]])
    now = local_now_iso()
    with ledger.db.atomic():
        ledger.problems.add_many([{**{k: p[k] for k in _PROBLEM_FIELDS}, "id": p["id"],
                                   "source": ASSIGNED_SOURCE} for p in fresh])
        ledger.attachments.add_many([{k: a[k] for k in (
            "id", "sha256", "original_name", "size", "taken_on", "owner_table", "owner_id",
            "role")} for a in photos])
        ledger.db.conn.executemany(
            "INSERT INTO assigned_problems (problem_id, from_unit_id, from_unit_name, package_id, "
            "received_at) VALUES (?, ?, ?, ?, ?)",
            [(p["id"], manifest.unit_id, manifest.unit_name, manifest.package_id, now)
             for p in fresh])
    return ReceivedTasks(len(fresh), len(known), len(photos),
                         f"已接收{manifest.unit_name}交办问题{len(fresh)}个（照片{len(photos)}张），"
                         f"已记入问题台账，来源为{ASSIGNED_SOURCE}（{ASSIGNED_LABEL}）。"
                         + (f"另有{len(known)}个此前已接收。" if known else ""))


def _package_rows(snapshot: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    conn = sqlite3.connect(snapshot)
    conn.row_factory = sqlite3.Row
    try:
        problems = [dict(r) for r in conn.execute(
            "SELECT * FROM problems WHERE deleted_at IS NULL")]
        attachments = [dict(r) for r in conn.execute(
            "SELECT * FROM attachments WHERE deleted_at IS NULL AND owner_table = 'problems'")]
    finally:
        conn.close()
    return problems, attachments


def assigned_problem_ids(ledger: Ledger) -> set[str]:
    """On a community ledger: the problems that came down as 街道交办."""
    return {row[0] for row in ledger.db.execute("SELECT problem_id FROM assigned_problems")}


@dataclass
class AssignmentStatus:
    problem: dict[str, Any]  # the 街道's own record
    unit_name: str
    sent_at: str
    status: str  # as the unit's latest package says; "未回传" before it does
    completed_on: str | None
    after_photos: int


def assignment_status(ledger: Ledger) -> list[AssignmentStatus]:
    """On a 街道 ledger: every problem sent down, with its state from the unit's data."""
    units = {unit.id: unit for unit in list_units(ledger)}
    result = []
    rows = ledger.db.execute(
        "SELECT problem_id, unit_id, sent_at FROM assignments ORDER BY sent_at, problem_id").fetchall()
    by_unit: dict[str, list[tuple[str, str]]] = {}
    for problem_id, unit_id, sent_at in rows:
        by_unit.setdefault(unit_id, []).append((problem_id, sent_at))
    for unit_id, items in by_unit.items():
        unit = units[unit_id]
        store = open_store(ledger, unit)
        try:
            for problem_id, sent_at in items:
                state, completed, after = "未回传", None, 0
                if store is not None:
                    found = store.execute(
                        "SELECT status, completed_on FROM problems WHERE id = ? "
                        "AND deleted_at IS NULL", [problem_id]).fetchone()
                    if found:
                        state, completed = found
                        after = store.execute(
                            "SELECT count(*) FROM attachments WHERE owner_table = 'problems' "
                            "AND owner_id = ? AND role = '整改后' AND deleted_at IS NULL",
                            [problem_id]).fetchone()[0]
                with contextlib.suppress(UserFacingError):
                    result.append(AssignmentStatus(
                        ledger.problems.get(problem_id, include_deleted=True), unit.name,
                        sent_at, state, completed, after))
        finally:
            if store is not None:
                store.close()
    return result


def done(status: AssignmentStatus) -> bool:
    return status.status == vocab.PROBLEM_DONE


def apply_returned_status(ledger: Ledger, unit_id: str, store: Path) -> int:
    """Bring the unit's rectification of its 交办 problems into the 街道's own records:
    status, measures, completion date and 整改后 photos, as the unit's latest data says.
    Called inside the import's transaction; each change is audited. Returns how many
    problems changed."""
    assigned = [row[0] for row in ledger.db.execute(
        "SELECT problem_id FROM assignments WHERE unit_id = ?", [unit_id])]
    if not assigned:
        return 0
    conn = sqlite3.connect(store.resolve().as_uri() + "?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    changed = 0
    try:
        for problem_id in assigned:
            theirs = conn.execute("SELECT status, measures, completed_on FROM problems "
                                  "WHERE id = ? AND deleted_at IS NULL", [problem_id]).fetchone()
            if theirs is None:
                continue
            try:
                mine = ledger.problems.get(problem_id)
            except UserFacingError:  # deleted at the 街道 meanwhile
                continue
            photos = [dict(r) for r in conn.execute(
                "SELECT sha256, original_name, size, taken_on FROM attachments "
                "WHERE owner_table = 'problems' AND owner_id = ? AND role = '整改后' "
                "AND deleted_at IS NULL", [problem_id])]
            have = {row["sha256"] for row in ledger.attachments.list(ListQuery(
                filters={"owner_table": "problems", "owner_id": problem_id}, limit=None))}
            new_photos = [p for p in photos if p["sha256"] not in have]
            if new_photos:
                ledger.attachments.add_many([{**p, "owner_table": "problems",
                                              "owner_id": problem_id, "role": "整改后"}
                                             for p in new_photos])
            update = {"status": theirs["status"], "measures": theirs["measures"],
                      "completed_on": theirs["completed_on"]}
            if any(mine.get(k) != v for k, v in update.items()) or new_photos:
                try:
                    ledger.problems.update(problem_id, update, workflow=True)
                except ValidationError:  # e.g. edited at the 街道 meanwhile: keep ours
                    logger.warning("交办 problem %s: returned status not applied", problem_id)
                    continue
                changed += 1
    finally:
        conn.close()
    return changed
