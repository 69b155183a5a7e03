"""Excel ledger timings: community export, street export vs naive openpyxl, 5,000-row import.

    .venv/bin/python benchmarks/bench_xlsx.py [--street-dir DIR] [--skip-street]

Budgets: community full year, all sheets ≤ 1.5 s (issue 16); street scale ≥ 5× faster than
cell-by-cell styled openpyxl writing the same rows in the same run (issue 14); row
preparation alone (every sheet's rows read by key ranges, nothing written) is printed
beside them; 5,000-row roster import ≤ 3 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from chuangcheng_desktop.core.demo.builder import generate_demo_data
from chuangcheng_desktop.core.rules.identity import id_check_char
from chuangcheng_desktop.core.rules.periods import Period
from chuangcheng_desktop.core.storage.ledger import Ledger
from chuangcheng_desktop.reports.imports.importer import commit_import, preview_import
from chuangcheng_desktop.reports.workbook.ledger_export import export_workbook
from chuangcheng_desktop.reports.workbook.ledger_sheets import SHEETS, sheet_table


def naive_export(ledger: Ledger, period: Period, out: Path) -> None:
    """The same rows, written the obvious way: openpyxl, one styled cell at a time."""
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    font = Font(name="宋体", size=10)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for key in SHEETS:
        table = sheet_table(ledger, key, period)
        ws = workbook.create_sheet(table.name)
        ws.cell(row=1, column=1, value=table.title)
        for column, spec in enumerate(table.columns, start=1):
            ws.cell(row=2, column=column, value=spec.header).border = border
        rows = table.rows if not table.blocks else (r for b in table.blocks for r in b.rows)
        for number, (values, _marked) in enumerate(rows, start=3):
            for column, value in enumerate(values, start=1):
                cell = ws.cell(row=number, column=column, value=value)
                cell.border, cell.alignment, cell.font = border, wrap, font
        ws.print_title_rows = "2:2"
        ws.page_setup.orientation = "landscape"
    workbook.save(out)


def prepare_rows(ledger: Ledger, period: Period) -> int:
    """Every sheet's rows, read and formatted as the export reads them, nothing written."""
    count = 0
    for key in SHEETS:
        table = sheet_table(ledger, key, period)
        count += sum(1 for _ in table.rows) + sum(len(b.rows) for b in table.blocks)
    return count


def timed(label: str, function) -> float:
    start = time.perf_counter()
    function()
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s")
    return seconds


def roster_file(path: Path, rows: int) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.append(["青松社区志愿者花名册"])
    ws.append(["序号", "姓名", "性别", "身份证号码", "手机号", "政治面貌", "所属队伍", "注册日期"])
    birth = date(1960, 1, 1)
    for number in range(1, rows + 1):
        day = birth + timedelta(days=number * 3)
        first17 = f"330102{day:%Y%m%d}{number % 1000:03d}"
        ident = first17 + id_check_char(first17)
        gender = "男" if int(first17[16]) % 2 else "女"
        ws.append([number, f"志愿者{number}", gender, ident, f"138 {number:04d} {number % 10000:04d}",
                   "群众", "青松环保志愿服务队", "2026-01-10"])
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--street-dir", help="an existing street-scale data folder")
    parser.add_argument("--skip-street", action="store_true")
    args = parser.parse_args()
    period = Period.year_of(date.today().year)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with Ledger.open_in(work / "community", actor="bench") as ledger:
            generate_demo_data(ledger, work / "community" / "attachments", scale="community")
            timed("community full year, all sheets (budget 1.5 s)",
                  lambda: export_workbook(ledger, period, work / "community.xlsx"))
        if not args.skip_street:
            street = Path(args.street_dir) if args.street_dir else work / "street"
            with Ledger.open_in(street, actor="bench") as ledger:
                if not args.street_dir:
                    timed("street demo data (setup)", lambda: generate_demo_data(
                        ledger, street / "attachments", scale="street"))
                timed("street row preparation alone (key ranges, all sheets)",
                      lambda: prepare_rows(ledger, period))
                ours = timed("street full year, all sheets, XlsxWriter streaming",
                             lambda: export_workbook(ledger, period, work / "street.xlsx"))
                naive = timed("street full year, same rows, naive styled openpyxl",
                              lambda: naive_export(ledger, period, work / "naive.xlsx"))
                print(f"speed-up: {naive / ours:.1f}x (budget ≥ 5x)")
        roster = work / "roster.xlsx"
        roster_file(roster, 5000)
        with Ledger.open_in(work / "import", actor="bench") as ledger:
            def run_import() -> None:
                preview = preview_import(ledger, "volunteers", roster)
                assert not preview.rejected, preview.rejected[0].issues
                commit_import(ledger, preview)
            timed("import 5,000-row roster with validation (budget 3 s)", run_import)


if __name__ == "__main__":
    main()
