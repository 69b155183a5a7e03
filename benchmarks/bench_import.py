"""Import of a 50,000-row volunteer roster, step by step, beside its floors.

    .venv/bin/python benchmarks/bench_import.py [--rows 50000] [--keep DIR]

Writes a roster like the import template's (title row, header, 50,000 volunteers with
valid ID numbers, a team column) and prints, in one run:

- reading the sheet with openpyxl alone (read-only, values only) and with python-calamine
  alone: the floor of the reading step;
- ``preview_import`` (read + check every row once) and ``commit_import`` (save), and
  the whole ``import-volunteers`` job;
- ratios of each step to its floor. Budget (issue 14): the whole job ≤ 6 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if not os.environ.get("PYTHONPATH"):  # PYTHONPATH=… measures another checkout
    sys.path.insert(0, str(ROOT))

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
HEADER = ["序号", "姓名", "性别", "身份证号", "联系电话", "政治面貌", "所属服务队", "注册日期", "备注"]


def id_number(n: int) -> str:
    body = f"3301{n // 1000 % 100:02d}{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W, strict=True)) % 11]


def write_roster(path: Path, rows: int) -> Path:
    from xlsxwriter import Workbook

    book = Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("花名册")
    sheet.write_row(0, 0, ["青松街道志愿者花名册"])
    sheet.write_row(1, 0, HEADER)
    seen = set()
    n = written = 0
    while written < rows:
        number = id_number(n)
        n += 1
        if number in seen:
            continue
        seen.add(number)
        written += 1
        gender = "男" if int(number[16]) % 2 else "女"
        sheet.write_row(written + 1, 0, [written, f"志愿者{written}", gender, number,
                                         f"138{written:08d}", "群众", f"第{written % 40 + 1}服务队",
                                         f"2025-{1 + written % 12:02d}-{1 + written % 28:02d}", ""])
    book.close()
    return path


def timed(label: str, function):
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s", flush=True)
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="folder for the roster and the ledger")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    roster = folder / "花名册.xlsx"
    if not roster.exists():
        write_roster(roster, args.rows)
    print(f"roster: {args.rows} rows, {roster.stat().st_size / 2**20:.1f} MB")

    from openpyxl import load_workbook

    def openpyxl_read():
        book = load_workbook(roster, read_only=True, data_only=True)
        rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
        return rows

    def calamine_read():
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(roster))
        rows = sum(1 for _ in book.get_sheet_by_name(book.sheet_names[0]).iter_rows())
        book.close()
        return rows

    openpyxl_s, _ = timed("floor: openpyxl read-only read alone", openpyxl_read)
    calamine_s, _ = timed("floor: python-calamine read alone", calamine_read)

    from chuangcheng_desktop.core.storage.ledger import Ledger
    from chuangcheng_desktop.reports.imports.import_reader import read_table
    from chuangcheng_desktop.reports.imports.importer import commit_import, preview_import

    data = Path(tempfile.mkdtemp(prefix="ledger-", dir=folder))
    with Ledger.open_in(data) as ledger:
        read_s, _ = timed("app: read_table (guards + read + merged cells)",
                          lambda: read_table(roster, "volunteers"))
        preview_s, preview = timed("app: preview_import (read + check every row)",
                                   lambda: preview_import(ledger, "volunteers", roster))
        commit_s, result = timed("app: commit_import (save)",
                                 lambda: commit_import(ledger, preview))
        audit_rows = ledger.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    total = preview_s + commit_s
    print(f"import-volunteers {args.rows} rows: {total:.2f} s (budget ≤ 6 s); added "
          f"{result.added}, audit rows {audit_rows}")
    print(f"ratios: read_table / calamine alone {read_s / calamine_s:.1f}×, "
          f"openpyxl alone / calamine alone {openpyxl_s / calamine_s:.1f}×, "
          f"whole job / openpyxl read alone {total / openpyxl_s:.1f}×")


if __name__ == "__main__":
    main()
