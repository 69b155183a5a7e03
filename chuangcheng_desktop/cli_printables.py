"""``printable`` (问题交办单, 复查销号单, 照片台账) and ``check-data`` (数据核对) subcommands,
on the same code paths as the window's buttons and 首页's 数据核对 panel."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

PRINTABLES = {"handover": "问题交办单", "closing": "复查销号单", "photos": "照片台账"}


def add_printable_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    printable = commands.add_parser(
        "printable", parents=[common], help="生成迎检用的单据：问题交办单、复查销号单、照片台账",
        description="handover：问题交办单（含回执）；closing：复查销号单（整改前后照片、签字栏）；"
                    "photos：某一期间的活动照片台账（每页4张，注明日期、活动、地点）。\n"
                    "已有同名文件时另存为“文件名(2).docx”，不会覆盖。")
    printable.add_argument("kind", choices=list(PRINTABLES), help="单据种类")
    printable.add_argument("--problem", metavar="问题ID", help="handover / closing：问题的 ID")
    printable.add_argument("--period", metavar="期间", help="photos：期间，如 2026 或 2026Q3")
    printable.add_argument("--out", required=True, metavar="文件", help="保存为，如 交办单.docx")
    commands.add_parser(
        "check-data", parents=[common], help="数据核对：列出迎检前需要核对的记录",
        description="列出志愿者注册前参加服务、服务时长超过活动时长、活动日期在今天之后、"
                    "问题完成日期早于发现日期的记录。有需要核对的记录时退出码为 1。")


def run_printable(args: argparse.Namespace, open_ledger: Callable[[], Any]) -> int:
    from chuangcheng_desktop.core.rules.periods import parse_period
    from chuangcheng_desktop.core.storage.errors import UserFacingError
    from chuangcheng_desktop.reports.printables.photo_ledger import write_photo_ledger
    from chuangcheng_desktop.reports.printables.problem_forms import write_closing, write_handover

    with open_ledger() as ledger:
        if args.kind == "photos":
            if not args.period:
                raise UserFacingError("照片台账需要 --period，如 --period 2026。")
            written = write_photo_ledger(ledger, parse_period(args.period), args.out)
        else:
            if not args.problem:
                raise UserFacingError(f"{PRINTABLES[args.kind]}需要 --problem 问题ID。")
            writer = write_handover if args.kind == "handover" else write_closing
            written = writer(ledger, args.problem, args.out)
    print(f"{PRINTABLES[args.kind]}已保存：{written}")
    return 0


def run_check_data(args: argparse.Namespace, open_ledger: Callable[[], Any]) -> int:
    from chuangcheng_desktop.core.figures.data_checks import find_data_issues

    with open_ledger() as ledger:
        issues = find_data_issues(ledger.db, date.today())
    if not issues:
        print("数据核对：没有发现需要核对的记录。")
        return 0
    print(f"数据核对：发现{len(issues)}处需要核对")
    for issue in issues:
        print(f"  【{issue.label}】{issue.text}")
    return 1
