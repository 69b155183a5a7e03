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
