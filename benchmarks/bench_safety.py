"""Street-scale data-safety benchmark: backup time and the start-up check.

    .venv/bin/python benchmarks/bench_safety.py [--data-dir DIR] [--reuse]

Builds the street-scale demo ledger (≈100,000 activities) in DIR (a temporary folder by
default; with --reuse an existing ledger there is used, e.g. one made by
``python -m chuangcheng_desktop demo-data --scale street --data-dir DIR``) and prints:
- backup: SQLite online backup + integrity_check of the copy + rotation (budget ≤ 10 s);
- start-up check: quick_check + foreign_key_check, as at every start (budget ≤ 1 s);
- full integrity_check (the 检查数据库 button) and restore, for reference.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.core.safety.integrity import check_database
from chuangcheng_desktop.core.safety.recovery import startup_check
from chuangcheng_desktop.core.safety.recycle import purge_recycle_bin
from chuangcheng_desktop.core.safety.safety import backup_needed, take_backup
from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger

BACKUP_BUDGET_S = 10.0
STARTUP_BUDGET_S = 1.0


def _verdict(seconds: float, budget: float) -> str:
    return "within budget" if seconds <= budget else "OVER BUDGET"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--reuse", action="store_true", help="reuse an existing street database")
    args = parser.parse_args()
    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-safety-"))
    database = folder / DATABASE_FILENAME
    if not (args.reuse and database.exists()):
        start = time.perf_counter()
        with Ledger.open_in(folder) as ledger:
            generate_demo_data(ledger, folder / "attachments", scale="street", seed=1,
                               today=date(2026, 12, 31))
        print(f"build (street scale): {time.perf_counter() - start:.1f} s")
    print(f"database size: {database.stat().st_size / 1024 / 1024:.0f} MB")

    backups = Path(tempfile.mkdtemp(prefix="bench-safety-backups-"))
    try:
        with Ledger.open_in(folder) as ledger:  # the window holds the ledger open meanwhile
            steps = []
            start = time.perf_counter()
            result = take_backup(database, backups, attachments_dir=folder / "attachments",
                                 progress=lambda percent, step: steps.append(percent))
            backup_s = time.perf_counter() - start
            print(f"backup (online API + integrity_check + rotation): {backup_s:.2f} s "
                  f"[{_verdict(backup_s, BACKUP_BUDGET_S)} ≤ {BACKUP_BUDGET_S:.0f} s], "
                  f"{len(steps)} progress reports, "
                  f"{result.info.path.stat().st_size / 1024 / 1024:.0f} MB, "
                  f"{result.info.counts.get('activities', 0)} activities")
            start = time.perf_counter()
            take_backup(database, backups, attachments_dir=folder / "attachments")
            print(f"second backup (photos already in the pool): {time.perf_counter() - start:.2f} s")
            ledger.activities.count()

        times = []
        for _ in range(3):
            start = time.perf_counter()
            check = startup_check(database, backups)
            times.append(time.perf_counter() - start)
            assert check.ok, check.message
        startup_s = min(times)
        print(f"start-up check (quick_check + foreign_key_check): {startup_s:.2f} s "
              f"(first run {times[0]:.2f} s) [{_verdict(startup_s, STARTUP_BUDGET_S)} "
              f"≤ {STARTUP_BUDGET_S:.0f} s]")

        with Ledger.open_in(folder) as ledger:
            start = time.perf_counter()
            purged = purge_recycle_bin(ledger.db)
            purge_s = time.perf_counter() - start
            start = time.perf_counter()
            needed = backup_needed(ledger.db, backups)
            needed_s = time.perf_counter() - start
        print(f"recycle-bin purge at start: {purge_s:.2f} s ({purged.total} purged); "
              f"'changed since the last backup?': {needed_s * 1000:.1f} ms ({needed})")

        start = time.perf_counter()
        report = check_database(database)
        print(f"full integrity_check (检查数据库): {time.perf_counter() - start:.2f} s, "
              f"ok={report.ok}")
    finally:
        shutil.rmtree(backups, ignore_errors=True)


if __name__ == "__main__":
    main()
