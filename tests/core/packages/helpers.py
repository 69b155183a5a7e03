"""Small community ledgers for the package tests: a few records of every kind, a photo."""

from __future__ import annotations

from pathlib import Path

from chuangcheng_desktop import paths
from chuangcheng_desktop.core.demo.builder import png_bytes
from chuangcheng_desktop.core.storage.attachments import attach_file
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import ID_MALE_1990, sample


def photo(folder: Path, name: str, shade: int = 90) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(png_bytes(4, 3, [bytes([shade, 120, 30]) * 4] * 3))
    return path


def community(folder: Path, name: str = "青松社区", *, shade: int = 90) -> Ledger:
    """A community ledger in ``folder`` with records in Q1 and Q3 2026 and one photo."""
    ledger = Ledger.open_in(folder, actor="社区")
    ledger.update_profile({"unit_name": name, "parent_unit": "城关街道",
                           "resident_population": 5000, "contact_phone": "0571-88886666"})
    volunteer = ledger.volunteers.add(sample("volunteers"))
    ledger.volunteers.add(sample("volunteers", name="张伟", id_number=ID_MALE_1990,
                                 phone="13900001111"))
    for day in ("2026-02-10", "2026-08-15"):
        activity = ledger.activities.add(sample("activities", date=day, title=f"活动{day}"))
        ledger.service_records.add({"activity_id": activity["id"],
                                    "volunteer_id": volunteer["id"], "minutes": 120})
    inspection = ledger.inspections.add(sample("inspections", date="2026-08-02"))
    problem = ledger.problems.add(sample("problems", found_on="2026-08-02", deadline="2026-08-05",
                                         inspection_id=inspection["id"]))
    ledger.problems.add(sample("problems", found_on="2026-02-02", deadline="2026-02-05",
                               description="宣传栏破损"))
    attach_file(ledger, paths.attachments_dir(folder), photo(folder.parent / "in", f"{name}.png",
                                                              shade),
                owner_table="problems", owner_id=problem["id"], role="整改前")
    ledger.honours.add(sample("honours", date="2026-08-20"))
    return ledger


def street(folder: Path, name: str = "城关街道") -> Ledger:
    ledger = Ledger.open_in(folder, actor="街道")
    ledger.update_profile({"unit_name": name, "unit_level": "街道"})
    return ledger


def rows(db, table: str, columns: str = "*") -> list[tuple]:
    return sorted(tuple(row) for row in db.execute(f"SELECT {columns} FROM {table}"))
