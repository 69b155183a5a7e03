"""A 街道 ledger's communities: the ``units`` list, packages received, and unit stores.

Each unit's records live in a store file of its own, ``<data folder>/units/<name>.db``,
in this app's schema: the rows of every package from that unit, merged. So a unit's
figures come from the very code that computes the community's own (its ``stats``), its
records are tagged with their source unit by the file they are in, and the 街道's own
tables never mix with them. The newest ``unit_packages`` row of a unit names its store.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from chuangcheng_desktop.core.storage.ledger import Ledger

STORE_FOLDER = "units"
STREET_LEVELS = ("街道", "镇")


@dataclass
class UnitInfo:
    """A unit on the 街道's list, with its latest package (None before the first)."""

    id: str
    name: str
    level: str
    parent: str
    latest: dict[str, Any] | None = None
    packages: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def store_file(self) -> str | None:
        return self.latest["store_file"] if self.latest else None


def is_street_ledger(ledger: Ledger) -> bool:
    return ledger.profile().get("unit_level") in STREET_LEVELS


def stores_dir(ledger: Ledger) -> Path:
    return ledger.path.parent / STORE_FOLDER


def list_units(ledger: Ledger) -> list[UnitInfo]:
    """Every unit on the list, in list order, each with its newest package."""
    units = {row[0]: UnitInfo(*row) for row in ledger.db.execute(
        "SELECT id, name, level, parent FROM units ORDER BY sort_order, added_at, name")}
    cursor = ledger.db.execute(
        "SELECT * FROM unit_packages ORDER BY rowid")
    columns = [c[0] for c in cursor.description]
    for values in cursor.fetchall():
        row = dict(zip(columns, values, strict=True))
        row["counts"] = json.loads(row["counts"])
        row["changes"] = json.loads(row["changes"])
        unit = units.get(row["unit_id"])
        if unit is not None:
            unit.latest = row
            unit.packages += 1
    return list(units.values())


def unit_by_id(ledger: Ledger, unit_id: str) -> UnitInfo | None:
    return next((unit for unit in list_units(ledger) if unit.id == unit_id), None)


def open_store(ledger: Ledger, unit: UnitInfo) -> Database | None:
    """The unit's store, read-only (None before its first package)."""
    if unit.store_file is None:
        return None
    path = stores_dir(ledger) / unit.store_file
    if not path.is_file():
        return None
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True,
                           check_same_thread=False)
    return Database(conn, execute_plugins=False)


def add_planned_unit(ledger: Ledger, name: str, *, level: str = "社区") -> UnitInfo:
    """Put a community on the list before its first package (so that it shows as not
    reported). Its first package is matched by name and takes over the entry."""
    from chuangcheng_desktop.core.rules.validation import InvalidValue, parse_required_text
    from chuangcheng_desktop.core.storage.audit import write_audit
    from chuangcheng_desktop.core.storage.clock import local_now_iso, new_id
    from chuangcheng_desktop.core.storage.errors import UserFacingError, ValidationError

    try:
        name = parse_required_text(name, max_length=60)
    except InvalidValue as exc:
        raise ValidationError.single("name", "社区名称", f"社区名称：{exc.reason}") from exc
    if any(unit.name == name for unit in list_units(ledger)):
        raise UserFacingError(f"“{name}”已经在社区名单中。")
    now = local_now_iso()
    unit_id = new_id()
    with ledger.db.atomic():
        order = ledger.db.execute("SELECT coalesce(max(sort_order), 0) + 1 FROM units").fetchone()[0]
        ledger.db.execute(
            "INSERT INTO units (id, name, level, parent, added_at, updated_at, sort_order) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [unit_id, name, level, ledger.profile()["unit_name"], now, now, order])
        write_audit(ledger.db, table="units", row_id=unit_id, action="insert",
                    actor=ledger.actor, new={"name": name, "note": "预先加入名单"})
    return UnitInfo(unit_id, name, level, ledger.profile()["unit_name"])


def planned_unit_named(ledger: Ledger, name: str) -> UnitInfo | None:
    """A unit on the list by this name that has not sent a package yet."""
    return next((unit for unit in list_units(ledger)
                 if unit.name == name and unit.latest is None), None)


def adopt_planned_unit(ledger: Ledger, planned: UnitInfo, unit_id: str) -> None:
    """Give a planned entry the real unit id of its first package (inside that import's
    transaction): a new row, the 交办 problems moved over, the placeholder removed."""
    ledger.db.execute(
        "INSERT INTO units (id, name, level, parent, added_at, updated_at, sort_order) "
        "SELECT ?, name, level, parent, added_at, updated_at, sort_order FROM units WHERE id = ?",
        [unit_id, planned.id])
    ledger.db.execute("UPDATE assignments SET unit_id = ? WHERE unit_id = ?", [unit_id, planned.id])
    ledger.db.execute("DELETE FROM units WHERE id = ?", [planned.id])
