"""Purging is proportional to what is purged, not to the size of the ledger (fault 15)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from chuangcheng_desktop.core.safety.recycle import purge_recycle_bin
from chuangcheng_desktop.core.storage.ledger import Ledger
from tests.conftest import sample

STEP = 100  # SQLite VM instructions between two calls of the progress handler
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _id_number(n: int) -> str:
    body = f"11010119900307{n:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def _purge_cost(tmp_path, name: str, other_activities: int) -> int:
    """SQLite VM instructions (in hundreds) to purge 10 deleted activities from a ledger
    that also holds ``other_activities`` live ones with 20 service records each."""
    with Ledger.open(tmp_path / name, actor="测试员") as ledger:
        volunteers = [v["id"] for v in ledger.volunteers.add_many(
            [sample("volunteers", id_number=_id_number(n), name=f"志愿者{n}") for n in range(20)])]
        activities = ledger.activities.add_many(
            [sample("activities", title=f"活动{n}") for n in range(other_activities + 10)],
            audit_each=False)
        ledger.service_records.add_many(
            [{"activity_id": a["id"], "volunteer_id": v, "minutes": 30}
             for a in activities for v in volunteers], audit_each=False)
        ledger.db.execute("UPDATE activities SET deleted_at = '2020-01-01T00:00:00' "
                          "WHERE title IN (" + ",".join(f"'活动{n}'" for n in range(10)) + ")")
        ledger.db.conn.commit()
        steps = [0]

        def count() -> int:
            steps[0] += 1
            return 0

        ledger.db.conn.set_progress_handler(count, STEP)
        result = purge_recycle_bin(ledger.db, days=30, now=datetime(2026, 11, 30))
        ledger.db.conn.set_progress_handler(None, STEP)
        assert result.deleted == {"activities": 10, "service_records": 200}
        return steps[0]


def test_purging_ten_activities_costs_the_same_in_a_ledger_four_times_as_big(tmp_path):
    small = _purge_cost(tmp_path, "small.db", 250)
    big = _purge_cost(tmp_path, "big.db", 1000)
    assert big < small * 1.3, (small, big)


def test_the_reference_columns_have_indexes(ledger):
    plan = " ".join(str(row) for row in ledger.db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM service_records WHERE activity_id = ?", ["x"]))
    assert "USING INDEX service_records_activity" in plan or "USING COVERING INDEX" in plan
    assert isinstance(ledger.db.conn, sqlite3.Connection)
