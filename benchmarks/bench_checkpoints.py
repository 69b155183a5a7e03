"""点位 budgets: a 100-item run saved ≤ 100 ms; the 点位 page for a 点位 with 200 runs opens
≤ 200 ms at street scale; and what the 点位 figures add to the year's statistics.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_checkpoints.py --data-dir DIR

DIR holds a street-scale demo ledger (``demo-data --scale street``); it is copied to a temp
folder first, so DIR is not changed. Peers measured in the same run: saving the same
number of problems straight through the problems repository (what a run adds on top is
the run, its results and the links), and the first page of the problem ledger.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench_core import timed  # the same median-of-runs timer as the core benchmark

from chuangcheng_desktop.core.checkpoints import register, runs, templates
from chuangcheng_desktop.core.checkpoints.figures import checkpoint_figures
from chuangcheng_desktop.core.checkpoints.history import checkpoint_detail, register_overview
from chuangcheng_desktop.core.checkpoints.templates import ItemDraft
from chuangcheng_desktop.core.figures.statistics import compute_statistics
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger
from chuangcheng_desktop.core.storage.repository import ListQuery

TODAY = date(2026, 12, 31)
THEMES = ("环境卫生", "公共秩序", "公益广告与宣传", "设施维护", "文明行为", "志愿服务")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-checkpoints-"))
    shutil.copy2(args.data_dir / DATABASE_FILENAME, folder / DATABASE_FILENAME)
    with Ledger.open_in(folder, actor="基准") as ledger:
        db = ledger.db
        print(f"点位 {db.execute('SELECT count(*) FROM checkpoints').fetchone()[0]}, "
              f"runs {db.execute('SELECT count(*) FROM inspection_runs').fetchone()[0]}, "
              f"results {db.execute('SELECT count(*) FROM run_results').fetchone()[0]}, "
              f"problems {db.execute('SELECT count(*) FROM problems').fetchone()[0]}")
        register.set_frequency(ledger, "基准点位", 7)
        template = templates.save_version(ledger, "基准点位", [
            ItemDraft(THEMES[n % len(THEMES)], f"第{n + 1}项检查内容：设施完好、环境整洁", 1 + n % 3)
            for n in range(100)])
        target = register.add_checkpoint(ledger, {"name": "基准测评点位", "type": "基准点位",
                                                  "sponsor_unit": "基准单位"})

        def save(failures: int, day: date) -> runs.SavedRun:
            draft = runs.new_draft(ledger, target["id"], template, run_date=day)
            for n, result in enumerate(draft.results):
                result.outcome = runs.FAIL if n < failures else runs.PASS
            return runs.save_run(ledger, draft)

        days = iter(TODAY - timedelta(days=n) for n in range(400))
        for failures in (0, 10, 100):
            ms, saved = timed(lambda f=failures: save(f, next(days)))
            peer_ms, _ = timed(lambda f=failures: ledger.problems.add_many([{
                "source": "自查", "found_on": "2026-06-01", "checkpoint": "基准测评点位",
                "category": "环境卫生", "description": f"基准问题{n}", "deadline": "2026-06-04"}
                for n in range(f)]) if f else None)
            print(f"save a 100-item run with {failures:3d} 不合格 → {len(saved.problem_ids):3d} "
                  f"problems: {ms:6.1f} ms (budget 100 ms; peer: the same problems alone "
                  f"{peer_ms:5.1f} ms)")
        while db.execute("SELECT count(*) FROM inspection_runs WHERE checkpoint_id = ?",
                         [target["id"]]).fetchone()[0] < 200:
            save(3, next(days))

        figures_ms, _ = timed(lambda: checkpoint_figures(db, "2026-01-01", "2026-12-31"))
        stats_ms, _ = timed(lambda: compute_statistics(db, Period.year_of(2026), as_of=TODAY), 3)
        print(f"点位 figures of the year: {figures_ms:.1f} ms; peer: all the statistics of the year "
              f"(点位 figures included) {stats_ms:.1f} ms, share {figures_ms / stats_ms:.0%}")
        overview_ms, rows = timed(lambda: register_overview(db, TODAY))
        detail_ms, detail = timed(lambda: checkpoint_detail(db, target["id"], TODAY))
        peer_ms, _ = timed(lambda: ledger.problems.list(ListQuery(limit=200)))
        print(f"register overview ({len(rows)} 点位): {overview_ms:.1f} ms; "
              f"点位 detail ({len(detail.runs)} runs, {len(detail.open_problems)} open problems): "
              f"{detail_ms:.1f} ms; peer: problem ledger first page {peer_ms:.1f} ms")

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from chuangcheng_desktop.ui.pages.checkpoints import CheckpointsPage

        app = QApplication.instance() or QApplication([])

        def open_page() -> None:
            page = CheckpointsPage(ledger, today=TODAY)
            page.select(target["id"])
            page.show()
            app.processEvents()
            page.close()
            page.deleteLater()

        def open_problem_page() -> None:
            from chuangcheng_desktop.ui.pages import ledger_specs
            from chuangcheng_desktop.ui.pages.ledger_page import LedgerPage

            page = LedgerPage(ledger, ledger_specs.PROBLEMS)
            page.show()
            app.processEvents()
            page.close()
            page.deleteLater()

        page_ms, _ = timed(open_page, repeat=5)
        problems_ms, _ = timed(open_problem_page, repeat=5)
        page = CheckpointsPage(ledger, today=TODAY)
        select_ms, _ = timed(lambda: (page.select(target["id"]), app.processEvents()))
        print(f"点位 page open + select the 点位 with 200 runs: {page_ms:.1f} ms (budget 200 ms); "
              f"selecting it on an open page: {select_ms:.1f} ms; peer: the 问题整改台账 page opens "
              f"in {problems_ms:.1f} ms (ratio {page_ms / max(problems_ms, 0.01):.2f})")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
