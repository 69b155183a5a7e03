"""Street-scale core benchmark: build time, database size, Chinese search, statistics.

    .venv/bin/python benchmarks/bench_core.py [--data-dir DIR] [--reuse]

Builds the street-scale demo ledger (≈100,000 activities, 20,000 volunteers, 10,000
problems) in DIR (a temporary folder by default) and prints timings. Budgets from the
foundation issue: search ≤ 50 ms, statistics of a full year ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.core.figures.statistics import compute_statistics
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery

SEARCHES = ["社区", "垃圾分类", "广场", "敬老", "文明交通劝导", "不存在的词语"]


def timed(function, repeat: int = 5) -> tuple[float, object]:
    """Median wall time in ms over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--reuse", action="store_true", help="reuse an existing street database")
    args = parser.parse_args()
    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-street-"))
    today = date(2026, 12, 31)
    database = folder / DATABASE_FILENAME
    if not (args.reuse and database.exists()):
        start = time.perf_counter()
        with Ledger.open_in(folder) as ledger:
            counts = generate_demo_data(ledger, folder / "attachments", scale="street", seed=1,
                                        today=today)
        print(f"build (street scale): {time.perf_counter() - start:.1f} s  {counts}")
    print(f"database size: {database.stat().st_size / 1024 / 1024:.0f} MB")

    with Ledger.open_in(folder) as ledger:
        print(f"activities: {ledger.activities.count()}")
        for text in SEARCHES:
            query = ListQuery(text=text, limit=200)
            page_ms, rows = timed(lambda q=query: ledger.activities.list(q))
            count_ms, count = timed(lambda q=query: ledger.activities.count(q))
            print(f"search “{text}”: first page {page_ms:.1f} ms ({len(rows)} rows), "
                  f"count {count_ms:.1f} ms ({count} matches)")
        year = Period.year_of(2026)
        stats_ms, stats = timed(lambda: compute_statistics(ledger.db, year, as_of=today), repeat=3)
        print(f"statistics {year.name}: {stats_ms:.0f} ms "
              f"({stats.activities.total} activities, {stats.service.records} service records)")
        half_ms, _ = timed(lambda: compute_statistics(ledger.db, Period.half(2026, 1), as_of=today),
                           repeat=3)
        print(f"statistics 2026年上半年: {half_ms:.0f} ms")


if __name__ == "__main__":
    main()
