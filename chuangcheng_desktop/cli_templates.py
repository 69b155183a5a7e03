"""``import-template``: the 下载导入模板 buttons (志愿者、活动、问题 ledgers and the 点位 page)."""

from __future__ import annotations

import argparse

from chuangcheng_desktop import paths

# what to type → the template's kind (reports/workbook/templates.py)
KINDS = {"志愿者": "volunteers", "活动": "activities", "问题": "problems", "点位": "checkpoints",
         "volunteers": "volunteers", "activities": "activities", "problems": "problems",
         "checkpoints": "checkpoints"}


def add_template_commands(commands, common: argparse.ArgumentParser) -> None:
    command = commands.add_parser(
        "import-template", parents=[common], help="下载导入模板（.xlsx）",
        description="保存一份空白的 Excel 导入模板：标准表头、一行示例、可选项的下拉列表。\n"
                    "填好后用 import-volunteers / import-activities / import-problems / "
                    "import-checkpoints 导入。点位模板的“点位类型”下拉列表取自本台账的点位类型。")
    command.add_argument("kind", choices=list(KINDS), metavar="台账",
                         help="志愿者、活动、问题 或 点位")
    command.add_argument("--out", required=True, metavar="文件", help="保存为，如 点位导入模板.xlsx")


def run_template(args: argparse.Namespace) -> int:
    from chuangcheng_desktop.core.storage.ledger import DATABASE_FILENAME, Ledger
    from chuangcheng_desktop.reports.workbook.templates import write_template

    kind = KINDS[args.kind]
    database = paths.data_dir() / DATABASE_FILENAME
    if database.exists():  # the ledger's own 点位类型; no ledger is created for a template
        with Ledger.open(database) as ledger:
            written = write_template(kind, args.out, db=ledger.db)
    else:
        written = write_template(kind, args.out)
    print(f"导入模板已保存：{written}")
    return 0
