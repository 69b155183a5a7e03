"""The main jobs at street scale, each beside its floor or peer measured in the same run.

    .venv/bin/python benchmarks/bench_speed.py DATA_DIR [--jobs report,stats,search,sort,export]

DATA_DIR holds a street-scale ledger (``demo-data --scale street``); only the export's
audit row is added to it (outputs go to a temporary folder). Prints, with ratios:

- ``report --period 2026`` (draft + write the .docx) beside writing the .docx alone;
  the community-scale year too when ``--community DIR`` is given. Budget ≤ 1.0 s (≤ 0.3 s);
- ``stats --period 2026`` beside counting the same service-record index entries. ≤ 150 ms;
- search, first page and count, for rare and common words of 1–6 characters. ≤ 10 ms for
  rare words of 1–4 characters; common words no slower than the plain scan's first page;
- the activity table's first page sorted by 活动名称 (the query the sort runs). ≤ 100 ms;
- ``export-ledgers --period 2026`` (the 迎检 workbook), for the record.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not os.environ.get("PYTHONPATH"):  # PYTHONPATH=… measures another checkout
    sys.path.insert(0, str(ROOT))

TODAY = date(2026, 12, 31)
WORDS = [("青", "common"), ("鑫", "none"), ("社区", "common"), ("中秋", "rare"), ("鑫淼", "none"),
         ("敬老院", "rare"), ("志愿服务", "common"), ("鑫淼森林", "none"),
         ("文明交通劝导", "common"), ("不存在的词语", "none")]


def timed(function, repeat: int = 5) -> tuple[float, object]:
    """Median wall time in ms over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--community", type=Path, help="a community-scale ledger folder")
    parser.add_argument("--jobs", default="report,stats,search,sort,export")
    args = parser.parse_args()
    jobs = args.jobs.split(",")

    from chuangcheng_desktop.core.figures.statistics import compute_statistics
    from chuangcheng_desktop.core.rules.periods import Period
    from chuangcheng_desktop.core.storage.ledger import Ledger
    from chuangcheng_desktop.core.storage.repository import ListQuery
    from chuangcheng_desktop.reports.summary.drafting import build_default_context
    from chuangcheng_desktop.reports.summary.summary_docx import export_summary

    out = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    year = Period.year_of(2026)
    with Ledger.open_in(args.data_dir) as ledger:
        if "report" in jobs:
            for label, folder in (("street", args.data_dir), ("community", args.community)):
                if folder is None:
                    continue
                with Ledger.open_in(folder) as each:
                    draft_ms, context = timed(
                        lambda e=each: build_default_context(e, year, today=TODAY), repeat=3)
                    write_ms, _ = timed(lambda e=each, c=context, n=label: export_summary(
                        c, e, out / f"{n}.docx"), repeat=3)
                total = draft_ms + write_ms
                print(f"report --period 2026 ({label}): {total:.0f} ms (drafting {draft_ms:.0f} "
                      f"+ writing {write_ms:.0f}); floor: writing the .docx {write_ms:.0f} ms; "
                      f"ratio {total / write_ms:.1f}×", flush=True)

        if "stats" in jobs:
            stats_ms, stats = timed(lambda: compute_statistics(ledger.db, year, as_of=TODAY),
                                    repeat=5)
            floor_ms, _ = timed(lambda: ledger.db.execute(
                "SELECT count(*) FROM service_records INDEXED BY service_records_volunteer_figures "
                "WHERE deleted_at IS NULL AND activity_date BETWEEN ? AND ?",
                [year.start_iso, year.end_iso]).fetchone(), repeat=5)
            print(f"stats --period 2026: {stats_ms:.0f} ms ({stats.service.records} service "
                  f"records); floor: counting the same index entries {floor_ms:.0f} ms; "
                  f"ratio {stats_ms / floor_ms:.1f}×", flush=True)

        if "search" in jobs:
            scan_ms, _ = timed(lambda: ledger.activities.list(ListQuery(limit=200)))
            print(f"search floor: the first page with no search {scan_ms:.1f} ms", flush=True)
            for word, kind in WORDS:
                query = ListQuery(text=word, limit=200)
                page_ms, rows = timed(lambda q=query: ledger.activities.list(q))
                count_ms, count = timed(lambda q=query: ledger.activities.count(q))
                print(f"search “{word}” ({len(word)} chars, {kind}): first page {page_ms:.1f} ms "
                      f"({len(rows)} rows), count {count_ms:.1f} ms ({count})", flush=True)

        if "sort" in jobs:
            for descending in (False, True):
                sort_ms, _ = timed(lambda d=descending: ledger.activities.list(
                    ListQuery(order_by="title", descending=d, limit=200)))
                print(f"sort by 活动名称 ({'descending' if descending else 'ascending'}), first "
                      f"page: {sort_ms:.1f} ms (budget ≤ 100 ms; page with no sort "
                      f"{timed(lambda: ledger.activities.list(ListQuery(limit=200)))[0]:.1f} ms)",
                      flush=True)

    if "export" in jobs:
        from chuangcheng_desktop.reports.workbook.ledger_export import export_workbook

        with Ledger.open_in(args.data_dir) as ledger:
            started = time.perf_counter()
            export_workbook(ledger, year, out / "迎检.xlsx")
            print(f"export-ledgers --period 2026: {time.perf_counter() - started:.1f} s",
                  flush=True)


if __name__ == "__main__":
    main()
