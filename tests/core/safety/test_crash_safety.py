"""Fault injection: a writer killed with SIGKILL at random points never leaves a broken
ledger or a half transaction.

A writer subprocess adds groups (an activity and its service records, one transaction
each) through the repositories; the test kills it at random moments, several times, and
after every kill reopens the ledger and proves: integrity_check is ok, foreign keys hold,
every group is complete or absent, every group the writer reported committed is there,
and each present group has exactly its audit rows.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chuangcheng_desktop.core.rules.identity import id_check_char
from chuangcheng_desktop.core.safety.recovery import startup_check
from chuangcheng_desktop.core.storage.ledger import Ledger

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

VOLUNTEERS = 4
MIN_TRANSACTIONS = 200
MIN_KILLS = 12
TIME_LIMIT = 120.0  # ~5 s on an idle 2-core machine; generous for a loaded one
ROOT = Path(__file__).resolve().parents[3]


def _id_number(n: int) -> str:
    first17 = f"110101199{n % 10}0101{n:03d}"
    return first17 + id_check_char(first17)


def _start_writer(path: Path, first: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.core.safety.crash_writer", str(path), str(first), "100000"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    assert process.stdout.readline().strip() == "ready"
    return process


def _check(path: Path) -> set[int]:
    """Reopen like the app does and return the complete groups; fail on anything partial."""
    assert startup_check(path, path.parent / "backups").ok
    with Ledger.open(path) as ledger:  # replays the WAL, as the app would at start
        conn = ledger.db.conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        groups = conn.execute(
            "SELECT a.title, a.id, (SELECT count(*) FROM service_records s "
            "WHERE s.activity_id = a.id) FROM activities a").fetchall()
        present = set()
        for title, activity_id, records in groups:
            assert records == VOLUNTEERS, f"{title}: {records} of {VOLUNTEERS} service records"
            audited = conn.execute("SELECT count(*) FROM audit_log WHERE row_id = ?",
                                   [activity_id]).fetchone()[0]
            assert audited == 1, f"{title}: {audited} audit rows"
            present.add(int(title.removeprefix("崩溃测试")))
        orphans = conn.execute("SELECT count(*) FROM service_records WHERE activity_id NOT IN "
                               "(SELECT id FROM activities)").fetchone()[0]
        assert orphans == 0
        assert conn.execute("SELECT count(*) FROM audit_log WHERE table_name = 'service_records'"
                            ).fetchone()[0] == VOLUNTEERS * len(present)
    return present


def test_sigkill_at_random_points_keeps_every_transaction_whole(tmp_path):
    rng = random.Random(os.environ.get("CRASH_SEED", "chuangcheng"))
    path = tmp_path / "data" / "chuangcheng.db"
    with Ledger.open(path) as ledger:
        ledger.volunteers.add_many([
            {"name": f"志愿者{n}", "id_number": _id_number(n), "registered_on": "2026-01-01"}
            for n in range(VOLUNTEERS)])
    reported: set[int] = set()
    present: set[int] = set()
    kills = 0
    started = time.monotonic()
    while len(present) < MIN_TRANSACTIONS or kills < MIN_KILLS:
        assert time.monotonic() - started < TIME_LIMIT, (kills, len(present))
        first = max(present, default=-1) + 1
        process = _start_writer(path, first)
        time.sleep(rng.uniform(0.005, 0.25))  # a random point in the writer's work
        process.send_signal(signal.SIGKILL)
        output, _ = process.communicate()
        assert process.returncode == -signal.SIGKILL
        kills += 1
        reported |= {int(line) for line in output.split()}
        present = _check(path)
        assert reported <= present, f"committed groups lost: {sorted(reported - present)[:5]}"
        assert present == set(range(len(present))), "a gap: a middle group vanished"
    assert kills >= MIN_KILLS and len(present) >= MIN_TRANSACTIONS
    # and the ledger still takes writes after all of that
    with Ledger.open(path) as ledger:
        ledger.activities.add({"title": "之后", "category": "志愿服务", "date": "2026-05-02"})
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
